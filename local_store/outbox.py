"""The outbox as the sync client sees it: pending batches in order, and what became of them.

Rows are written by ``EventStore.enqueue`` in the transaction of the record itself. Here they
are read a batch at a time (so a week of backlog never sits in memory), marked delivered only
after the server confirmed them, set aside in quarantine with the server's reason when it
refuses them, and pruned once delivered long enough ago. Nothing pending is ever deleted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from local_store.event_store import EventStore
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now

PENDING = "pending"
DELIVERED = "delivered"
QUARANTINED = "quarantined"
# Delivered rows are kept this long: support can still see what went when.
KEEP_DELIVERED = timedelta(days=7)


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    record_kind: str
    record_id: str
    payload: str  # compact JSON, as stored


@dataclass(frozen=True)
class QuarantinedRecord:
    seq: int
    record_kind: str
    record_id: str
    reason: str
    quarantined_utc: str | None
    enqueued_utc: str
    summary: dict[str, Any]


@dataclass(frozen=True)
class Backlog:
    pending: int
    quarantined: int
    delivered: int


class Outbox:
    """Outbox access on an ``EventStore``'s connection (same thread)."""

    def __init__(self, store: EventStore) -> None:
        self.db = store.db

    def pending_batch(self, limit: int, *, after_seq: int = 0) -> list[OutboxRow]:
        """Up to ``limit`` pending rows in the order they were queued, past ``after_seq``."""
        rows = self.db.execute(
            "SELECT seq, record_kind, record_id, payload FROM outbox "
            "WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
            [after_seq, limit],
        ).fetchall()
        return [OutboxRow(*row) for row in rows]

    def mark_delivered(self, record_ids: Iterable[str], *, at: datetime | None = None) -> int:
        """Pending rows the server confirmed; the number of rows that changed."""
        stamp = to_iso(at or utc_now())
        with self.db.atomic():
            cursor = self.db.conn.executemany(
                "UPDATE outbox SET state = 'delivered', delivered_utc = ?, "
                "attempts = attempts + 1, last_error = NULL "
                "WHERE record_id = ? AND state = 'pending'",
                [(stamp, rid) for rid in record_ids],
            )
            return int(cursor.rowcount)

    def quarantine(self, refused: Iterable[tuple[str, str]], *, at: datetime | None = None) -> int:
        """``(record_id, reason)`` pairs the server refused: kept, out of the way of the rest."""
        stamp = to_iso(at or utc_now())
        with self.db.atomic():
            cursor = self.db.conn.executemany(
                "UPDATE outbox SET state = 'quarantined', quarantined_utc = ?, last_error = ?, "
                "attempts = attempts + 1 WHERE record_id = ? AND state = 'pending'",
                [(stamp, reason, rid) for rid, reason in refused],
            )
            return int(cursor.rowcount)

    def note_failure(self, record_ids: Sequence[str], error: str) -> None:
        """A delivery attempt that got no per-record answer: the rows stay pending."""
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? "
                "WHERE record_id = ? AND state = 'pending'",
                [(error[:500], rid) for rid in record_ids],
            )

    def requeue(self, record_id: str) -> bool:
        """Send a quarantined record again (after the region fixed what it refused)."""
        with self.db.atomic():
            cursor = self.db.execute(
                "UPDATE outbox SET state = 'pending', quarantined_utc = NULL "
                "WHERE record_id = ? AND state = 'quarantined'",
                [record_id],
            )
            return bool(cursor.rowcount)

    def backlog(self) -> Backlog:
        counts = dict(
            self.db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        return Backlog(counts.get(PENDING, 0), counts.get(QUARANTINED, 0), counts.get(DELIVERED, 0))

    def oldest_pending_utc(self) -> datetime | None:
        """When the record waiting longest was queued; None when nothing waits."""
        row = self.db.execute("SELECT min(enqueued_utc) FROM outbox WHERE state = 'pending'")
        value = row.fetchone()[0]
        return from_iso(value) if value else None

    def last_delivered_utc(self) -> datetime | None:
        """When the server last confirmed a record (as far back as delivered rows are kept)."""
        row = self.db.execute("SELECT max(delivered_utc) FROM outbox WHERE state = 'delivered'")
        value = row.fetchone()[0]
        return from_iso(value) if value else None

    def quarantined(self, limit: int = 200) -> list[QuarantinedRecord]:
        rows = self.db.execute(
            "SELECT seq, record_kind, record_id, last_error, quarantined_utc, enqueued_utc, "
            "payload FROM outbox WHERE state = 'quarantined' ORDER BY seq LIMIT ?",
            [limit],
        ).fetchall()
        return [
            QuarantinedRecord(seq, kind, rid, error or "", when, queued, _summary(payload))
            for seq, kind, rid, error, when, queued, payload in rows
        ]

    def prune_delivered(
        self, *, now: datetime | None = None, keep: timedelta = KEEP_DELIVERED
    ) -> int:
        """Delete rows delivered before ``now - keep``; pending and quarantined rows stay."""
        cutoff = to_iso((now or utc_now()) - keep)
        with self.db.atomic():
            cursor = self.db.execute(
                "DELETE FROM outbox WHERE state = 'delivered' AND delivered_utc < ?", [cutoff]
            )
            return int(cursor.rowcount)


_SUMMARY_FIELDS = ("kind", "machine_id", "start_utc", "reason_code", "quantity", "author", "note")


def _summary(payload: str) -> dict[str, Any]:
    """The fields a supervisor needs to recognise a record, whatever its kind."""
    try:
        data = json.loads(payload)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: data[k] for k in _SUMMARY_FIELDS if data.get(k) not in (None, "")}
