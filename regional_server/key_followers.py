"""Which line PCs follow the region's current bundle-signing key (``regional-server devices``).

Each heartbeat carries the short fingerprint of the key its PC pinned (m016;
``heartbeats.devices`` reads it with the rest of the PC's newest heartbeat). After a planned
rotation every PC moves to the new key at its next sync; after ``signing-key rotate
--compromised`` each one waits for plant IT's ``trust-region-key``, and until then it refuses
new bundles and still trusts the key replaced. The listing marks the PCs not on the current
key, so the region sees which are left.
"""

from __future__ import annotations

from dataclasses import dataclass

from regional_server import signing
from regional_server.database import Connection
from shopfloor_core.contract import short_fingerprint


@dataclass(frozen=True)
class Followers:
    current: str | None  # the short fingerprint of the region's newest key (None: none yet)

    def on_current_key(self, pinned: str | None) -> bool | None:
        """Whether a PC that pinned ``pinned`` follows the current key; None: not known."""
        return None if pinned is None or self.current is None else pinned == self.current


def read(conn: Connection) -> Followers:
    entries = signing.history(conn)
    return Followers(short_fingerprint(entries[-1].fingerprint) if entries else None)
