"""Which bundle version each line PC holds (``regional-server devices``).

Each heartbeat carries the version of the bundle in force on its PC (m016;
``heartbeats.devices`` reads it with the rest of the PC's newest heartbeat). A PC that holds a
version newer than any the server has published talks to a server restored from an older
backup: the listing marks it, and the next publication takes a version past it
(``bundles.next_version``), once its heartbeat has come in.
"""

from __future__ import annotations

from dataclasses import dataclass

from regional_server import bundles
from regional_server.database import Connection


@dataclass(frozen=True)
class Holders:
    newest: int | None  # the newest version the server published (None: none yet)

    def ahead(self, held: int | None) -> bool:
        """Whether a PC holding version ``held`` holds one the server never published."""
        return held is not None and (self.newest is None or held > self.newest)


def read(conn: Connection) -> Holders:
    return Holders(bundles.newest_version(conn))
