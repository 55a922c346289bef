"""Shift records: handover notes, sign-offs, edits made after sign-off, workflow completions.

Each record is appended (never updated or deleted) in one transaction with its outbox entry,
so the region receives it like any captured event. The reads here are the ones the shift summary
needs, bounded by index ranges so a year of history costs no more than a day of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from local_store.event_store import EventStore
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.revision_rows import row_to_revision

HANDOVER_NOTE = "shift_handover_note"
SHIFT_SIGNOFF = "shift_signoff"
LATE_EDIT = "late_edit"
WORKFLOW_RUN = "workflow_run"

# Events longer than this (or still open) are found through a small partial index; every other
# event overlapping a window started at most this long before it (see migration m004).
LONG_EVENT = timedelta(days=1)
LONG_EVENT_SQL = "(end_utc IS NULL OR julianday(end_utc) - julianday(start_utc) > 1.0)"


@dataclass(frozen=True)
class HandoverNote:
    note_id: str
    shift_id: str
    author: str
    text: str
    recorded_utc: datetime


@dataclass(frozen=True)
class SignOff:
    signoff_id: str
    shift_id: str
    shift_start_utc: datetime
    shift_end_utc: datetime
    calendar_version: str
    author: str
    signed_utc: datetime
    summary: dict[str, Any]


@dataclass(frozen=True)
class LateEdit:
    revision_id: str
    event_id: str
    shift_id: str
    signoff_id: str
    author: str
    why: str
    recorded_utc: datetime


@dataclass(frozen=True)
class WorkflowRecord:
    run_id: str
    workflow_code: str
    workflow_version: str
    person_id: str
    role: str
    subject_key: str
    machine_id: str | None
    started_utc: datetime
    completed_utc: datetime
    answers: dict[str, Any]
    outcome: dict[str, Any]


class ShiftRecords:
    """Shift records on an ``EventStore``'s connection (same thread, same transactions)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.db = store.db

    # -- writing ------------------------------------------------------------------------------
    def add_handover_note(self, note: HandoverNote) -> None:
        row = {
            "note_id": note.note_id,
            "shift_id": note.shift_id,
            "author": note.author,
            "text": note.text,
            "recorded_utc": to_iso(note.recorded_utc),
        }
        with self.db.atomic():
            self.db.table("shift_handover_notes").insert(row)
            self.store.enqueue(HANDOVER_NOTE, note.note_id, row)

    def add_signoff(self, signoff: SignOff) -> None:
        row = {
            "signoff_id": signoff.signoff_id,
            "shift_id": signoff.shift_id,
            "shift_start_utc": to_iso(signoff.shift_start_utc),
            "shift_end_utc": to_iso(signoff.shift_end_utc),
            "calendar_version": signoff.calendar_version,
            "author": signoff.author,
            "signed_utc": to_iso(signoff.signed_utc),
            "summary": json.dumps(signoff.summary, separators=(",", ":")),
        }
        with self.db.atomic():
            self.db.table("shift_signoffs").insert(row)
            self.store.enqueue(SHIFT_SIGNOFF, signoff.signoff_id, row)

    def append_late(self, revisions: Sequence[EventRevision], edits: Iterable[LateEdit]) -> None:
        """Revisions of signed-off shifts with their late-edit marks, all or none.

        The marks go first: the store's trigger refuses a revision touching a signed-off shift
        unless its mark is already there.
        """
        with self.db.atomic():
            for edit in edits:
                row = {
                    "revision_id": edit.revision_id,
                    "event_id": edit.event_id,
                    "shift_id": edit.shift_id,
                    "signoff_id": edit.signoff_id,
                    "author": edit.author,
                    "why": edit.why,
                    "recorded_utc": to_iso(edit.recorded_utc),
                }
                self.db.table("late_edits").insert(row)
                self.store.enqueue(LATE_EDIT, f"{edit.revision_id}@{edit.shift_id}", row)
            self.store.append(revisions)

    def add_workflow_run(self, record: WorkflowRecord) -> None:
        row = {
            "run_id": record.run_id,
            "workflow_code": record.workflow_code,
            "workflow_version": record.workflow_version,
            "person_id": record.person_id,
            "role": record.role,
            "subject_key": record.subject_key,
            "machine_id": record.machine_id,
            "started_utc": to_iso(record.started_utc),
            "completed_utc": to_iso(record.completed_utc),
            "answers": json.dumps(record.answers, separators=(",", ":")),
            "outcome": json.dumps(record.outcome, separators=(",", ":")),
        }
        with self.db.atomic():
            self.db.table("workflow_runs").insert(row)
            self.store.enqueue(WORKFLOW_RUN, record.run_id, row)

    # -- reading ------------------------------------------------------------------------------
    def events_overlapping(
        self, start: datetime, end: datetime, kinds: Sequence[EventKind]
    ) -> list[EventRevision]:
        """Current, not voided events of ``kinds`` overlapping ``[start, end)``, oldest first."""
        out: dict[str, EventRevision] = {}
        bounded = (
            "SELECT * FROM events WHERE kind = ? AND start_utc >= ? AND start_utc < ? "
            "AND (end_utc IS NULL OR end_utc > ? OR (end_utc = start_utc AND end_utc >= ?)) "
            "AND voided = 0"
        )
        long = (
            # Named, because the planner would rather walk the (kind, start) index from the
            # beginning of time: with a year of history that is the whole table.
            f"SELECT * FROM events INDEXED BY idx_events_long WHERE {LONG_EVENT_SQL} "
            "AND start_utc < ? "
            "AND (end_utc IS NULL OR end_utc > ?) AND kind = ? AND voided = 0"
        )
        lookback, s, e = to_iso(start - LONG_EVENT), to_iso(start), to_iso(end)
        for kind in kinds:
            for row in self._rows(bounded, [kind.value, lookback, e, s, s]):
                out[row["event_id"]] = row_to_revision(row)
            for row in self._rows(long, [lookback, s, kind.value]):
                out[row["event_id"]] = row_to_revision(row)
        return sorted(out.values(), key=lambda r: (r.start_utc, r.event_id))

    def signoff(self, shift_id: str) -> SignOff | None:
        row = self._one("SELECT * FROM shift_signoffs WHERE shift_id = ?", [shift_id])
        return _signoff(row) if row else None

    def signoffs_touching(self, start: datetime, end: datetime | None) -> list[SignOff]:
        """Sign-offs whose shift overlaps ``[start, end)`` (``end`` None: open)."""
        rows = self._rows(
            "SELECT * FROM shift_signoffs WHERE shift_start_utc < ? AND shift_end_utc > ? "
            "ORDER BY shift_start_utc",
            [to_iso(end) if end else "9999", to_iso(start)],
        )
        return [_signoff(r) for r in rows]

    def signed_shift_ids(self, shift_ids: Sequence[str]) -> set[str]:
        if not shift_ids:
            return set()
        marks = ",".join("?" * len(shift_ids))
        rows = self.db.execute(
            f"SELECT shift_id FROM shift_signoffs WHERE shift_id IN ({marks})", list(shift_ids)
        ).fetchall()
        return {r[0] for r in rows}

    def handover_notes(self, shift_id: str) -> list[HandoverNote]:
        rows = self._rows(
            "SELECT * FROM shift_handover_notes WHERE shift_id = ? ORDER BY recorded_utc",
            [shift_id],
        )
        return [
            HandoverNote(
                r["note_id"], r["shift_id"], r["author"], r["text"], from_iso(r["recorded_utc"])
            )
            for r in rows
        ]

    def late_edits(self, shift_id: str) -> list[LateEdit]:
        rows = self._rows(
            "SELECT * FROM late_edits WHERE shift_id = ? ORDER BY recorded_utc", [shift_id]
        )
        return [
            LateEdit(
                r["revision_id"],
                r["event_id"],
                r["shift_id"],
                r["signoff_id"],
                r["author"],
                r["why"],
                from_iso(r["recorded_utc"]),
            )
            for r in rows
        ]

    def workflow_runs(
        self, *, code: str | None = None, since: datetime | None = None, limit: int = 500
    ) -> list[WorkflowRecord]:
        sql = "SELECT * FROM workflow_runs WHERE 1 = 1"
        params: list[Any] = []
        if code is not None:
            sql += " AND workflow_code = ?"
            params.append(code)
        if since is not None:
            sql += " AND completed_utc >= ?"
            params.append(to_iso(since))
        sql += " ORDER BY completed_utc DESC LIMIT ?"
        params.append(limit)
        return [_workflow(r) for r in self._rows(sql, params)]

    def done_subjects(
        self, codes: Sequence[str], subject_keys: Sequence[str]
    ) -> set[tuple[str, str]]:
        """(workflow code, subject key) pairs already completed, among those asked about."""
        if not codes or not subject_keys:
            return set()
        found: set[tuple[str, str]] = set()
        keys = list(dict.fromkeys(subject_keys))
        for offset in range(0, len(keys), 500):
            chunk = keys[offset : offset + 500]
            sql = (
                f"SELECT workflow_code, subject_key FROM workflow_runs WHERE workflow_code IN "
                f"({','.join('?' * len(codes))}) AND subject_key IN ({','.join('?' * len(chunk))})"
            )
            found |= {(r[0], r[1]) for r in self.db.execute(sql, [*codes, *chunk]).fetchall()}
        return found

    def _rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def _one(self, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None


def _signoff(row: dict[str, Any]) -> SignOff:
    return SignOff(
        signoff_id=row["signoff_id"],
        shift_id=row["shift_id"],
        shift_start_utc=from_iso(row["shift_start_utc"]),
        shift_end_utc=from_iso(row["shift_end_utc"]),
        calendar_version=row["calendar_version"],
        author=row["author"],
        signed_utc=from_iso(row["signed_utc"]),
        summary=json.loads(row["summary"]),
    )


def _workflow(row: dict[str, Any]) -> WorkflowRecord:
    return WorkflowRecord(
        run_id=row["run_id"],
        workflow_code=row["workflow_code"],
        workflow_version=row["workflow_version"],
        person_id=row["person_id"],
        role=row["role"],
        subject_key=row["subject_key"],
        machine_id=row["machine_id"],
        started_utc=from_iso(row["started_utc"]),
        completed_utc=from_iso(row["completed_utc"]),
        answers=json.loads(row["answers"]),
        outcome=json.loads(row["outcome"]),
    )
