"""Production orders in the store: every revision, the current state of each, the outbox.

Revisions are only added (a trigger guards it); the ``jobs`` table holds each job's newest
revision, written in the same transaction, so the queue and "which job holds this machine" read
an index. ``job_in_force`` answers what every count, scrap and stop is stamped with.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from local_store.event_store import EventStore
from local_store.job_in_force import LIFECYCLE as _LIFECYCLE
from local_store.job_in_force import job_in_force as job_in_force
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import EventRevision, Stamp
from shopfloor_core.domain.jobs import (
    HOLDS_MACHINE,
    JobChange,
    JobRevision,
    JobSource,
    JobState,
)

JOB_REVISION = "job_revision"  # shopfloor_core/contract.py names the same kind (contract v2)


def job_to_row(job: JobRevision) -> dict[str, Any]:
    """The job revision as stored, and as the ``job_revision`` record of contract v2."""
    return {
        "revision_id": job.revision_id,
        "job_id": job.job_id,
        "seq": job.seq,
        "change": job.change.value,
        "state": job.state.value,
        "product_code": job.product_code,
        "quantity": job.quantity,
        "order_number": job.order_number,
        "machine_id": job.machine_id,
        "at_utc": to_iso(job.at_utc),
        "products_version": job.products_version,
        "source": job.source.value,
        "author": job.author,
        "recorded_utc": to_iso(job.recorded_utc),
        "why": job.why,
        "device": job.stamp.device,
        "plant": job.stamp.plant,
        "area": job.stamp.area,
        "line": job.stamp.line,
        "zone": job.stamp.zone,
    }


def row_to_job(row: dict[str, Any]) -> JobRevision:
    return JobRevision(
        revision_id=row["revision_id"],
        job_id=row["job_id"],
        seq=int(row["seq"]),
        change=JobChange(row["change"]),
        state=JobState(row["state"]),
        product_code=row["product_code"],
        quantity=None if row["quantity"] is None else int(row["quantity"]),
        order_number=row["order_number"],
        machine_id=row["machine_id"],
        at_utc=from_iso(row["at_utc"]),
        products_version=row["products_version"],
        source=JobSource(row["source"]),
        author=row["author"],
        recorded_utc=from_iso(row["recorded_utc"]),
        why=row["why"],
        stamp=Stamp(row["device"], row["plant"], row["area"], row["line"], row["zone"]),
    )


def append_jobs(store: EventStore, revisions: Sequence[JobRevision]) -> None:
    """Write ``revisions`` with their outbox records, all or none (joins an open transaction)."""
    db = store.db
    with db.atomic():
        for job in revisions:
            row = job_to_row(job)
            names = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            db.conn.execute(
                f"INSERT INTO job_revisions ({names}) VALUES ({marks})", list(row.values())
            )
            queued = row["at_utc"] if job.seq == 1 else None
            db.conn.execute(
                "INSERT INTO jobs (job_id, revision_id, seq, state, product_code, order_number, "
                "machine_id, queued_utc, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (job_id) DO UPDATE SET revision_id = excluded.revision_id, "
                "seq = excluded.seq, state = excluded.state, machine_id = excluded.machine_id, "
                "payload = excluded.payload",
                [
                    job.job_id,
                    job.revision_id,
                    job.seq,
                    job.state.value,
                    job.product_code,
                    job.order_number,
                    job.machine_id,
                    queued or row["at_utc"],
                    json.dumps(row, separators=(",", ":")),
                ],
            )
            store.enqueue(JOB_REVISION, job.revision_id, row)


def current_job(db: Database, job_id: str) -> JobRevision | None:
    row = db.execute("SELECT payload FROM jobs WHERE job_id = ?", [job_id]).fetchone()
    return row_to_job(json.loads(row[0])) if row else None


def jobs_in(db: Database, states: Iterable[JobState]) -> list[JobRevision]:
    """Current revisions of jobs in ``states``, in the order they were queued."""
    wanted = [s.value for s in states]
    marks = ", ".join("?" for _ in wanted)
    rows = db.execute(
        f"SELECT payload FROM jobs WHERE state IN ({marks}) ORDER BY queued_utc, job_id", wanted
    ).fetchall()
    return [row_to_job(json.loads(r[0])) for r in rows]


def job_history(db: Database, job_id: str) -> list[JobRevision]:
    cursor = db.execute("SELECT * FROM job_revisions WHERE job_id = ? ORDER BY seq", [job_id])
    names = [d[0] for d in cursor.description]
    return [row_to_job(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]


def machine_holder(db: Database, machine_id: str) -> JobRevision | None:
    """The job running or paused on ``machine_id`` now, or None."""
    marks = ", ".join("?" for _ in HOLDS_MACHINE)
    row = db.execute(
        f"SELECT payload FROM jobs WHERE machine_id = ? AND state IN ({marks}) LIMIT 1",
        [machine_id, *(s.value for s in HOLDS_MACHINE)],
    ).fetchone()
    return row_to_job(json.loads(row[0])) if row else None


def job_by_order_number(db: Database, order_number: str) -> JobRevision | None:
    row = db.execute("SELECT payload FROM jobs WHERE order_number = ?", [order_number]).fetchone()
    return row_to_job(json.loads(row[0])) if row else None


def lifecycle_between(
    db: Database, start: datetime, end: datetime, machine_id: str | None = None
) -> list[JobRevision]:
    """Start/pause/resume/end revisions taking effect in [start, end), oldest first."""
    marks = ", ".join("?" for _ in _LIFECYCLE)
    sql = f"SELECT * FROM job_revisions WHERE at_utc >= ? AND at_utc < ? AND change IN ({marks})"
    params: list[object] = [to_iso(start), to_iso(end), *_LIFECYCLE]
    if machine_id is not None:
        sql += " AND machine_id = ?"
        params.append(machine_id)
    cursor = db.execute(sql + " ORDER BY at_utc, seq", params)
    names = [d[0] for d in cursor.description]
    return [row_to_job(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]


def last_ended_on(db: Database, machine_id: str, *, before: JobRevision) -> JobRevision | None:
    """The machine's last job that ended no later than ``before`` took effect, if no other job
    ran on it since (the job a changeover into ``before`` comes from)."""
    marks = ", ".join("?" for _ in _LIFECYCLE)
    cursor = db.execute(
        f"SELECT * FROM job_revisions WHERE machine_id = ? AND change IN ({marks}) "
        "AND at_utc <= ? AND job_id <> ? ORDER BY at_utc DESC, recorded_utc DESC LIMIT 1",
        [machine_id, *_LIFECYCLE, to_iso(before.at_utc), before.job_id],
    )
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        return None
    job = row_to_job(dict(zip(names, row, strict=True)))
    return job if job.change is JobChange.ENDED else None


def remember_changeover(db: Database, event_id: str, job_id: str, machine_id: str) -> None:
    """Mark ``event_id`` as the changeover into ``job_id`` (call in the stop's transaction)."""
    db.execute(
        "INSERT OR IGNORE INTO changeovers (event_id, job_id, machine_id) VALUES (?, ?, ?)",
        [event_id, job_id, machine_id],
    )


def open_changeover(store: EventStore, job_id: str) -> EventRevision | None:
    """The changeover stop into ``job_id`` while it is still open, or None."""
    row = store.db.execute(
        "SELECT c.event_id FROM changeovers c JOIN events e ON e.event_id = c.event_id "
        "WHERE c.job_id = ? AND e.end_utc IS NULL AND e.voided = 0",
        [job_id],
    ).fetchone()
    return store.current(row[0]) if row else None


def changeover_of(store: EventStore, job_id: str) -> EventRevision | None:
    """The changeover stop into ``job_id`` (open or ended), or None."""
    row = store.db.execute(
        "SELECT event_id FROM changeovers WHERE job_id = ? LIMIT 1", [job_id]
    ).fetchone()
    return store.current(row[0]) if row else None


def is_changeover(db: Database, event_id: str) -> bool:
    return (
        db.execute("SELECT 1 FROM changeovers WHERE event_id = ?", [event_id]).fetchone()
        is not None
    )


def job_import_known(db: Database, digest: str) -> bool:
    """Whether a job list with this content (SHA-256) was imported before."""
    row = db.execute("SELECT 1 FROM job_imports WHERE digest = ?", [digest]).fetchone()
    return row is not None


def remember_job_import(
    db: Database,
    digest: str,
    file_name: str,
    imported_utc: str,
    accepted: int,
    refused: int,
    report: str,
) -> None:
    db.execute(
        "INSERT INTO job_imports (digest, file_name, imported_utc, accepted, refused, report) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [digest, file_name, imported_utc, accepted, refused, report],
    )


def recent_job_imports(db: Database, limit: int = 20) -> list[tuple[str, str, int, int, str]]:
    """(file name, imported at, queued, refused, report) of the latest imports, newest first."""
    rows = db.execute(
        "SELECT file_name, imported_utc, accepted, refused, report FROM job_imports "
        "ORDER BY imported_utc DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [(r[0], r[1], int(r[2]), int(r[3]), r[4]) for r in rows]


def job_spans(
    db: Database, start: datetime, end: datetime, machine_id: str | None = None
) -> list[tuple[JobRevision, datetime, datetime | None]]:
    """Jobs that held a machine during [start, end): (current revision, started, ended or None).

    A machine holds a job from its start to its end, pauses included (the job's tool and
    material stay on it), so each job's time on its machine is one span.
    """
    sql = (
        "SELECT job_id, min(CASE WHEN change = 'started' THEN at_utc END), "
        "max(CASE WHEN change = 'ended' THEN at_utc END) FROM job_revisions "
        # An end at the window's very end is still this window's (a job started then is not,
        # and clips to nothing).
        "WHERE change IN ('started', 'ended') AND at_utc <= ?"
    )
    params: list[object] = [to_iso(end)]
    if machine_id is not None:
        sql += " AND machine_id = ?"
        params.append(machine_id)
    sql += " GROUP BY job_id"
    spans = []
    for job_id, started, ended in db.execute(sql, params).fetchall():
        if started is None or (ended is not None and ended <= to_iso(start)):
            continue
        job = current_job(db, job_id)
        if job is not None:
            spans.append((job, from_iso(started), from_iso(ended) if ended else None))
    return sorted(spans, key=lambda s: (s[1], s[0].job_id))
