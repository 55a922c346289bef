"""The client's stop and resume marks per machine (see ``shopfloor_core.domain.client_watch``)."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from shopfloor_core.domain.client_watch import ClientStopped
from shopfloor_core.domain.clock import from_iso, to_iso

STOPPED = "stopped"
RESUMED = "resumed"


def mark_stopped(
    db: Database, machine_id: str, at: datetime, last_reading: datetime | None
) -> None:
    """The client stops watching ``machine_id``; durable when this returns."""
    reading = to_iso(last_reading) if last_reading is not None else None
    with db.atomic():
        db.execute(
            "INSERT INTO client_watch (machine_id, mark, at_utc, last_reading_utc) "
            "VALUES (?, ?, ?, ?)",
            [machine_id, STOPPED, to_iso(at), reading],
        )


def mark_resumed(db: Database, machine_id: str, at: datetime) -> None:
    """The client read ``machine_id`` again: the stop mark before this one is dealt with."""
    with db.atomic():
        db.execute(
            "INSERT INTO client_watch (machine_id, mark, at_utc) VALUES (?, ?, ?)",
            [machine_id, RESUMED, to_iso(at)],
        )


def pending_stop(db: Database, machine_id: str) -> ClientStopped | None:
    """The stop mark no reading has followed yet, if the latest mark is one."""
    row = db.execute(
        "SELECT mark, at_utc, last_reading_utc FROM client_watch WHERE machine_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [machine_id],
    ).fetchone()
    if row is None or row[0] != STOPPED:
        return None
    return ClientStopped(machine_id, from_iso(row[1]), from_iso(row[2]) if row[2] else None)


def never_watched(db: Database, machine_id: str) -> bool:
    """Whether this store has never read ``machine_id``: no watch mark, no counter position,
    no tag value and no stop of it. Any trace of an earlier run (even one that crashed before
    it left a mark) means the time before is that run's to account for, not unknown."""
    traces = (
        "SELECT 1 FROM client_watch WHERE machine_id = ?",
        "SELECT 1 FROM counter_positions WHERE machine_id = ?",
        "SELECT 1 FROM tag_history WHERE machine_id = ?",
        "SELECT 1 FROM events WHERE machine_id = ? AND kind = 'downtime'",
    )
    return not any(db.execute(f"{sql} LIMIT 1", [machine_id]).fetchone() for sql in traces)
