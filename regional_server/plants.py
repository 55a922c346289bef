"""The plants the region knows: those with a device token, a plant manager or a plant's bundle."""

from __future__ import annotations

from regional_server.database import Connection


def known_plants(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT plant FROM tokens WHERE role = 'device' "
        "UNION SELECT plant FROM people WHERE plant IS NOT NULL "
        "UNION SELECT plant FROM bundles WHERE plant IS NOT NULL"
    ).fetchall()
    return sorted({str(r[0]) for r in rows})
