"""Which line PCs follow the region's current bundle-signing key (``regional-server devices``).

Each heartbeat carries the short fingerprint of the key its PC pinned (m016). After a planned
rotation every PC moves to the new key at its next sync; after ``signing-key rotate
--compromised`` each one waits for plant IT's ``trust-region-key``, and until then it refuses
new bundles and still trusts the key replaced. The listing marks the PCs not on the current
key, so the region sees which are left.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regional_server import signing
from regional_server.database import Connection
from shopfloor_core.contract import short_fingerprint


@dataclass(frozen=True)
class Followers:
    current: str | None  # the short fingerprint of the region's newest key (None: none yet)
    pinned: dict[tuple[str, str], str | None]  # (plant, device): what its last heartbeat said

    def annotate(self, listed: list[dict[str, Any]]) -> int:
        """Add ``pinned_key`` and ``on_current_key`` (None: not known) to each device listed;
        the number of devices known to be on another key."""
        behind = 0
        for device in listed:
            key = self.pinned.get((device["plant"], device["device"]))
            on_current = None if key is None or self.current is None else key == self.current
            device["pinned_key"] = key
            device["on_current_key"] = on_current
            behind += on_current is False
        return behind


def read(conn: Connection) -> Followers:
    entries = signing.history(conn)
    current = short_fingerprint(entries[-1].fingerprint) if entries else None
    rows = conn.execute("SELECT plant, device, pinned_key FROM device_heartbeats").fetchall()
    return Followers(current, {(plant, device): key for plant, device, key in rows})
