"""Which bundle version each line PC holds (``regional-server devices``).

Each heartbeat carries the version of the bundle in force on its PC (m016). A PC that holds a
version newer than any the server has published talks to a server restored from an older
backup: the listing marks it, and the next publication takes a version past it
(``bundles.next_version``), once its heartbeat has come in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regional_server import bundles
from regional_server.database import Connection


@dataclass(frozen=True)
class Holders:
    newest: int | None  # the newest version the server published (None: none yet)
    held: dict[tuple[str, str], int | None]  # (plant, device): what its last heartbeat said

    def annotate(self, listed: list[dict[str, Any]]) -> int:
        """Add ``bundle_version`` and ``bundle_ahead`` to each device listed; the number of
        devices holding a version the server never published (ahead of it)."""
        ahead = 0
        for device in listed:
            version = self.held.get((device["plant"], device["device"]))
            device["bundle_version"] = version
            device["bundle_ahead"] = version is not None and (
                self.newest is None or version > self.newest
            )
            ahead += device["bundle_ahead"]
        return ahead


def read(conn: Connection) -> Holders:
    rows = conn.execute("SELECT plant, device, bundle_version FROM device_heartbeats").fetchall()
    return Holders(
        bundles.newest_version(conn),
        {(plant, device): None if v is None else int(v) for plant, device, v in rows},
    )
