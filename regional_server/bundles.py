"""Regional bundles: the standards the region hands down, each publication a new version.

A bundle is one JSON object with the sections of ``shopfloor_core.contract.BUNDLE_SECTIONS``
(and any of ``OPTIONAL_BUNDLE_SECTIONS``). The server
checks only its shape when publishing; the content (catalogue rules, workflows, roster) is
checked by each client before it is used, because only the client knows what it can run, and
a client refuses a bundle it cannot use while keeping the one it has.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from regional_server.database import POSTGRESQL, Connection
from shopfloor_core.contract import BUNDLE_SECTIONS, OPTIONAL_BUNDLE_SECTIONS
from shopfloor_core.domain.clock import to_iso, utc_now

# One publication at a time on PostgreSQL (SQLite's writers already queue): two that both drew
# from the sequence before either moved it on would both take the version past the PCs' ones.
PUBLISH_LOCK = 0x6275_6E64_6C65  # "bundle"
# The identity column's sequence (portable() made the AUTOINCREMENT key an identity column).
VERSION_SEQUENCE = "pg_get_serial_sequence('bundles', 'version')"


class BundleShapeError(ValueError):
    pass


@dataclass(frozen=True)
class Published:
    version: int
    plant: str | None
    published_utc: str
    document: dict[str, Any]

    @property
    def etag(self) -> str:
        return f'"bundle-{self.version}"'


def check_shape(document: object) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise BundleShapeError("a bundle is a JSON object")
    missing = [s for s in BUNDLE_SECTIONS if s not in document]
    if missing:
        raise BundleShapeError(f"missing sections: {', '.join(missing)}")
    unknown = sorted(set(document) - set(BUNDLE_SECTIONS) - set(OPTIONAL_BUNDLE_SECTIONS))
    if unknown:
        raise BundleShapeError(f"unknown sections: {', '.join(unknown)}")
    return document


def publish(
    conn: Connection,
    document: object,
    *,
    plant: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Published:
    """Store ``document`` as the newest bundle (for one plant, or the whole region)."""
    checked = check_shape(document)
    try:
        # NaN and infinities pass Python's json but no JSON reader: published, the bundle
        # could never be served again (the fuzz test found one answering 500 to every PC).
        text = json.dumps(checked, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise BundleShapeError("a number in the bundle is NaN or infinite") from None
    stamp = to_iso(now or utc_now())
    row = conn.execute(
        "INSERT INTO bundles (version, plant, document, published_utc, note) "
        "VALUES (?, ?, ?, ?, ?) RETURNING version",
        [next_version(conn), plant, text, stamp, note],
    ).fetchone()
    # Imported here: rollups read bundles. A new catalogue or calendar reworks the figures.
    from regional_server import rollups

    rollups.refresh_rules(conn, plant)
    return Published(int(row[0]), plant, stamp, checked)


def next_version(conn: Connection) -> int:
    """The version the publication in this transaction takes: the sequence's next one, or one
    past the newest any line PC reported in force, whichever is higher.

    Line PCs refuse a version older than theirs, and take a bundle numbered like theirs for
    theirs (same ETag): a server restored from an older backup would otherwise hand out
    versions they already passed. The sequence moves on with a higher version, so the next
    publication follows it (SQLite's AUTOINCREMENT does so by itself).
    """
    if conn.dialect == POSTGRESQL:
        conn.execute("SELECT pg_advisory_xact_lock(?)", [PUBLISH_LOCK])
    reported = conn.execute("SELECT max(bundle_version) FROM device_heartbeats").fetchone()[0]
    past_reported = int(reported or 0) + 1
    if conn.dialect == POSTGRESQL:
        following = int(conn.execute(f"SELECT nextval({VERSION_SEQUENCE})").fetchone()[0])
        if past_reported > following:
            conn.execute(f"SELECT setval({VERSION_SEQUENCE}, ?)", [past_reported])
        return max(following, past_reported)
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'bundles'").fetchone()
    return max(int(row[0]) + 1 if row else 1, past_reported)


def newest_version(conn: Connection) -> int | None:
    """The newest version published, for any plant (None: none yet)."""
    row = conn.execute("SELECT max(version) FROM bundles").fetchone()
    return None if row[0] is None else int(row[0])


def current(conn: Connection, plant: str) -> Published | None:
    """The newest bundle for ``plant``: its own or the region's, whichever came last."""
    row = conn.execute(
        "SELECT version, plant, published_utc, document FROM bundles "
        "WHERE plant IS NULL OR plant = ? ORDER BY version DESC LIMIT 1",
        [plant],
    ).fetchone()
    if row is None:
        return None
    return Published(int(row[0]), row[1], row[2], json.loads(row[3]))


def published_newest_first(conn: Connection, plant: str) -> Iterator[Published]:
    """Every bundle ever in force for ``plant`` (its own and the region's), newest first."""
    rows = conn.execute(
        "SELECT version, plant, published_utc, document FROM bundles "
        "WHERE plant IS NULL OR plant = ? ORDER BY version DESC",
        [plant],
    ).fetchall()
    for version, owner, stamp, document in rows:
        yield Published(int(version), owner, stamp, json.loads(document))
