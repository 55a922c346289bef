"""Andon calls in the store: every revision (this station's and the pulled ones) and each
call's current revision.

This station's revisions go to the outbox in the transaction that writes them; the other
stations' arrive with the pull (``sync.state``) and are only kept. Both feed the same current
view, so a call raised here and acknowledged at the maintenance station reads as acknowledged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from local_store.errors import StaleRevision
from local_store.event_store import EventStore
from shopfloor_core.andon_rows import call_to_record, record_to_call
from shopfloor_core.domain.andon import CallRevision, head_of
from shopfloor_core.domain.clock import to_iso

ANDON_CALL_REVISION = "andon_call_revision"


class AndonCalls:
    """Calls on an ``EventStore``'s connection (same thread)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.db = store.db

    # -- writing ------------------------------------------------------------------------------
    def append(self, call: CallRevision) -> None:
        """Keep this station's revision and queue it for the region, in one transaction.

        Raises ``StaleRevision`` when it was not made on the call's current revision (another
        station moved the call on first): re-read the call and decide again.
        """
        with self.store.write():
            current = self.current(call.call_id)
            expected = 1 if current is None else current.seq + 1
            if call.seq != expected:
                raise StaleRevision(
                    f"call {call.call_id}: revision {call.seq} but the next is {expected}"
                )
            record = call_to_record(call)
            self._insert(call, record, own=True)
            self.store.enqueue(ANDON_CALL_REVISION, call.revision_id, record)
            self._fold(call.call_id)

    def keep_pulled(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Fold other stations' revisions in; call inside the pulled page's transaction.

        A record this client cannot read is skipped (it stays, as received, in
        ``regional_records``). Returns how many were kept.
        """
        calls: set[str] = set()
        for record in records:
            try:
                call = record_to_call(dict(record))
            except (KeyError, TypeError, ValueError):
                continue
            self._insert(call, dict(record), own=False)
            calls.add(call.call_id)
        for call_id in calls:
            self._fold(call_id)
        return len(calls)

    def _insert(self, call: CallRevision, record: Mapping[str, Any], *, own: bool) -> None:
        self.db.execute(
            "INSERT INTO andon_revisions (revision_id, call_id, seq, state, machine_id, plant, "
            "line, device, raised_utc, recorded_utc, own, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(revision_id) DO NOTHING",
            [
                call.revision_id,
                call.call_id,
                call.seq,
                call.state.value,
                call.machine_id,
                call.stamp.plant,
                call.stamp.line,
                call.stamp.device,
                to_iso(call.raised_utc),
                to_iso(call.recorded_utc),
                int(own),
                json.dumps(dict(record), separators=(",", ":")),
            ],
        )

    def _fold(self, call_id: str) -> None:
        head = head_of(self.history(call_id))
        if head is None:
            return
        self.db.execute(
            "INSERT INTO andon_calls (call_id, seq, state, open, raised_utc, ended_utc, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(call_id) DO UPDATE SET seq = excluded.seq, "
            "state = excluded.state, open = excluded.open, ended_utc = excluded.ended_utc, "
            "payload = excluded.payload",
            [
                call_id,
                head.seq,
                head.state.value,
                int(head.is_open),
                to_iso(head.raised_utc),
                to_iso(head.ended_utc) if head.ended_utc else None,
                json.dumps(call_to_record(head), separators=(",", ":")),
            ],
        )

    # -- reading ------------------------------------------------------------------------------
    def current(self, call_id: str) -> CallRevision | None:
        row = self.db.execute(
            "SELECT payload FROM andon_calls WHERE call_id = ?", [call_id]
        ).fetchone()
        return record_to_call(json.loads(row[0])) if row else None

    def history(self, call_id: str) -> list[CallRevision]:
        rows = self.db.execute(
            "SELECT payload FROM andon_revisions WHERE call_id = ? ORDER BY seq, recorded_utc",
            [call_id],
        ).fetchall()
        return [record_to_call(json.loads(payload)) for (payload,) in rows]

    def open_calls(self) -> list[CallRevision]:
        """Calls nobody has closed or cancelled yet, oldest first."""
        rows = self.db.execute(
            "SELECT payload FROM andon_calls WHERE open = 1 ORDER BY raised_utc"
        ).fetchall()
        return [record_to_call(json.loads(payload)) for (payload,) in rows]

    def raised_between(self, start: datetime, end: datetime) -> list[CallRevision]:
        """Current revisions of the calls raised in ``[start, end)``, oldest first."""
        rows = self.db.execute(
            "SELECT payload FROM andon_calls WHERE raised_utc >= ? AND raised_utc < ? "
            "ORDER BY raised_utc",
            [to_iso(start), to_iso(end)],
        ).fetchall()
        return [record_to_call(json.loads(payload)) for (payload,) in rows]
