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

from regional_server.database import Connection
from shopfloor_core.contract import BUNDLE_SECTIONS, OPTIONAL_BUNDLE_SECTIONS
from shopfloor_core.domain.clock import to_iso, utc_now


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
        "INSERT INTO bundles (plant, document, published_utc, note) VALUES (?, ?, ?, ?) "
        "RETURNING version",
        [plant, text, stamp, note],
    ).fetchone()
    return Published(int(row[0]), plant, stamp, checked)


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
