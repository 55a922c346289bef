"""What the sync client keeps in the store between rounds (tables of migration m005).

``sync_state`` holds small values (pull cursor, bundle ETag, last success, last refusal);
``bundles`` the regional bundles received; ``regional_records`` other devices' records.
All on the caller's ``EventStore`` connection, so on the sync thread.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from local_store import EventStore
from local_store.andon_calls import AndonCalls
from local_store.pulled_events import keep_newest
from shopfloor_core.contract import ANDON_CALL_REVISION, EVENT_REVISION, Bundle, PulledRecord
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now

PULL_CURSOR = "pull_cursor"
BUNDLE_ETAG = "bundle_etag"
LAST_SUCCESS = "last_success_utc"
BUNDLE_REFUSED = "bundle_refused"


class SyncState:
    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.db = store.db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def put(self, key: str, value: str) -> None:
        with self.db.atomic():
            self._put(key, value)

    def _put(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def forget(self, key: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM sync_state WHERE key = ?", [key])

    # -- last success -----------------------------------------------------------------------------
    def last_success(self) -> datetime | None:
        value = self.get(LAST_SUCCESS)
        return from_iso(value) if value else None

    def note_success(self, at: datetime | None = None) -> None:
        self.put(LAST_SUCCESS, to_iso(at or utc_now()))

    # -- bundles ----------------------------------------------------------------------------------
    def activate_bundle(self, bundle: Bundle, catalogue_version: str) -> None:
        """Make ``bundle`` the one in force, with its catalogue, in one transaction.

        Either every part of the bundle is in force afterwards or none is: a crash in the middle
        leaves the previous bundle and catalogue active.
        """
        with self.db.atomic():
            self.db.execute("UPDATE bundles SET active = 0 WHERE active = 1")
            self.db.execute(
                "INSERT INTO bundles (version, etag, document, published_utc, received_utc, "
                "active) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT(version) DO UPDATE SET "
                "active = 1, etag = excluded.etag",
                [
                    bundle.version,
                    bundle.etag,
                    json.dumps(bundle.sections, separators=(",", ":")),
                    bundle.published_utc,
                    to_iso(utc_now()),
                ],
            )
            # Every catalogue version stays in `catalogues`: events keep the labels of the
            # version they were captured under (remember_catalogue nests in this transaction).
            self.store.remember_catalogue(
                catalogue_version, bundle.sections["catalogue"], active=True
            )
            self._put(BUNDLE_ETAG, bundle.etag)
            self.db.execute("DELETE FROM sync_state WHERE key = ?", [BUNDLE_REFUSED])

    def refuse_bundle(self, bundle: Bundle, problems: Sequence[str]) -> None:
        """Remember a refused bundle, so status shows it and it is not fetched every round."""
        note = {"version": bundle.version, "etag": bundle.etag, "problems": list(problems)[:20]}
        with self.db.atomic():
            self._put(BUNDLE_REFUSED, json.dumps(note))

    def refused_bundle(self) -> dict[str, Any] | None:
        value = self.get(BUNDLE_REFUSED)
        return dict(json.loads(value)) if value else None

    def active_bundle(self) -> tuple[int, dict[str, Any]] | None:
        return self.store.active_bundle()

    # -- other devices' records -------------------------------------------------------------------
    def pull_cursor(self) -> int:
        value = self.get(PULL_CURSOR)
        return int(value) if value else 0

    def save_pulled(self, records: Sequence[PulledRecord], cursor: int) -> None:
        """Keep a page of pulled records and move the cursor past it, together."""
        now = to_iso(utc_now())
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO regional_records (record_id, kind, device, plant, area, line, "
                "payload, server_cursor, received_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(record_id) DO NOTHING",
                [
                    (
                        r.record_id,
                        r.kind,
                        r.device,
                        r.plant,
                        r.area,
                        r.line,
                        json.dumps(r.payload, separators=(",", ":")),
                        r.cursor,
                        now,
                    )
                    for r in records
                ],
            )
            keep_newest(self.store, (r.payload for r in records if r.kind == EVENT_REVISION))
            AndonCalls(self.store).keep_pulled(
                r.payload for r in records if r.kind == ANDON_CALL_REVISION
            )
            self._put(PULL_CURSOR, str(cursor))
