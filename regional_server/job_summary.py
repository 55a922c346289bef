"""The regional summary per production order (job): what each job of a line made in the window.

Built from the synced records alone: the job's ``job_revision`` records (its product, order
number, quantity ordered, machine, and when it started and ended), the count buckets that carry
its job id (parts, and each part's ideal time at its product's rate), the scrap and stops that
carry it, and its machine's stops. Its figures are the client's ISO 22400 code
(``shopfloor_core.domain.kpi.machine_kpi``) over the job's own span (its changeover included)
clipped to the window, as the client's job page does; like the line's figures, planned breaks
count as run time unless captured as planned downtime (no shift calendar on the server).

Kept apart from ``summary.py`` so the line's figures and the per-job rows change independently.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from regional_server.database import Connection
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.kpi import Classifier, Counts, machine_kpi
from shopfloor_core.domain.timeline import Interval

JOBS_METHOD = (
    "per job, over the job's span (from its changeover or start to its end, or now) clipped to "
    "the window: availability, performance and quality by ISO 22400-2 on the job's machine; "
    "performance = the job's parts x its product's ideal time per part / run time; rejects = "
    "the larger of the PLC's rejects and the scrap captured under the job; null when not "
    "computable (no counts, or no rate for the product)"
)
# Reports a record left out of the figures: skip(kind, payload, reason).
Skip = Callable[[str, object, str], None]
# Changes after which a job holds its machine no more.
_ENDED = ("ended", "cancelled")


@dataclass
class _Job:
    job_id: str
    head: dict[str, Any] = field(default_factory=dict)
    started: datetime | None = None
    ended: datetime | None = None
    good: int = 0
    reject: int = 0
    ideal_time_s: float = 0.0
    rated_parts: int = 0
    scrap: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def revisions_by_line(conn: Connection, plant: str | None) -> dict[tuple[str, str], list[str]]:
    """Every line's job revisions (of one plant), in one read: most lines have none."""
    where, scope = ("", []) if plant is None else (" AND plant = ?", [plant])
    # Ordered here, not by the statement: asked for them in cursor order, SQLite walked the
    # whole records table in that order to find the few job revisions (0.1 s for a region).
    rows = conn.execute(
        f"SELECT plant, line, payload, cursor FROM records WHERE kind = 'job_revision'{where}",
        scope,
    ).fetchall()
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for plant_code, line, payload, _ in sorted(rows, key=lambda row: row[3]):
        out[(plant_code, line)].append(payload)
    return out


def _jobs(rows: list[str], skip: Any) -> dict[str, _Job]:
    """Each job of the line from its revisions: the newest one names it, the changes date it."""
    jobs: dict[str, _Job] = {}
    for payload in rows:
        revision = json.loads(payload)
        try:
            job = jobs.setdefault(str(revision["job_id"]), _Job(str(revision["job_id"])))
            seq, at = int(revision["seq"]), from_iso(str(revision["at_utc"]))
            change = str(revision["change"])
        except (KeyError, TypeError, ValueError) as exc:
            skip("job_revision", revision, f"invalid: {type(exc).__name__}: {exc}")
            continue
        if int(job.head.get("seq", 0)) < seq:
            job.head = revision
        if change == "started" and (job.started is None or at < job.started):
            job.started = at
        if change in _ENDED:
            job.ended = at
    return jobs


def _count_parts(
    conn: Connection,
    plant: str,
    line: str,
    window: Interval,
    jobs: dict[str, _Job],
    skip: Skip,
) -> None:
    """Adds each job's parts in buckets of the window (the buckets name their job)."""
    assert window.end is not None
    low, high = to_iso(window.start), to_iso(window.end)
    rows = conn.execute(
        "SELECT payload FROM records WHERE kind = 'production_count' AND plant = ? "
        "AND line = ? AND end_utc > ? AND start_utc < ?",
        [plant, line, low, high],
    ).fetchall()
    for (payload,) in rows:
        report = json.loads(payload)
        try:
            buckets = [b for b in report["buckets"] if low <= b["bucket_utc"] < high]
            parts = [
                (str(b["job_id"]), int(b["good"]), int(b["reject"]), b.get("ideal_s_per_part"))
                for b in buckets
                if b.get("job_id")
            ]
        except (KeyError, TypeError, ValueError) as exc:
            skip("production_count", report, f"invalid: {type(exc).__name__}: {exc}")
            continue
        for job_id, good, reject, rate in parts:
            job = jobs.get(job_id)
            if job is None:
                continue  # the job's revisions have not arrived yet: the line's figures have it
            job.good += good
            job.reject += reject
            if rate:
                job.ideal_time_s += float(rate) * (good + reject)
                job.rated_parts += good + reject


def for_line(
    conn: Connection,
    revisions: list[str],
    plant: str,
    line: str,
    window: Interval,
    now: datetime,
    line_events: Callable[[], list[EventRevision]],
    classify: Classifier,
    skip: Skip,
) -> dict[str, Any]:
    """The per-job part of a line's summary entry: ``jobs``, one row per job of the line that
    ran in ``window`` (oldest start first), and ``jobs_method``. ``revisions``: the line's
    ``job_revision`` payloads (``revisions_by_line``).

    ``line_events()``: the newest revision of each of the line's events overlapping the window,
    read only for a line that has jobs (most lines of a region summary have none);
    ``skip(kind, payload, reason)`` reports a record left out.
    """
    assert window.end is not None
    jobs = _jobs(revisions, skip)
    if not jobs:
        return {"jobs": [], "jobs_method": JOBS_METHOD}
    _count_parts(conn, plant, line, window, jobs, skip)
    events = line_events()
    downtime: dict[str, list[EventRevision]] = defaultdict(list)
    changeover: dict[str, float] = defaultdict(float)
    since: dict[str, datetime] = {}
    for event in events:
        job = jobs.get(event.job_id or "")
        if event.kind is EventKind.DOWNTIME:
            downtime[event.machine_id].append(event)
            # A changeover carries the job it leads to and starts before that job does.
            if job is not None and job.started is not None and event.start_utc <= job.started:
                end = event.end_utc or job.ended or now
                changeover[job.job_id] += (end - event.start_utc).total_seconds()
                since[job.job_id] = min(since.get(job.job_id, job.started), event.start_utc)
        elif (
            event.kind is EventKind.SCRAP
            and job is not None
            and window.start <= event.start_utc < window.end
        ):
            job.scrap[event.reason_code or ""] += event.quantity or 0
    out = []
    for job in sorted(jobs.values(), key=lambda j: (j.started or now, j.job_id)):
        machine = job.head.get("machine_id")
        if job.started is None or not isinstance(machine, str):
            continue  # never ran: nothing made
        start = max(window.start, since.get(job.job_id, job.started))
        end = min(window.end, job.ended or now)
        if end <= start:
            continue
        scrap = sum(job.scrap.values())
        rate = job.ideal_time_s / job.rated_parts if job.rated_parts else None
        try:
            kpi = machine_kpi(
                machine,
                Interval(start, end),
                [],
                downtime.get(machine, []),
                # Rejects by the client's rule (the larger of the PLC's and the scrap), each
                # part at the job's product rate (one product per job: one rate).
                Counts(job.good, job.reject, scrap),
                rate,
                classify,
                now,
            )
        except (ValueError, TypeError, ArithmeticError) as exc:
            skip("job_revision", job.head, str(exc))
            continue
        out.append(
            {
                "job_id": job.job_id,
                "order_number": job.head.get("order_number"),
                "product_code": job.head.get("product_code"),
                "machine_id": machine,
                "quantity_ordered": job.head.get("quantity"),
                "state": job.head.get("state"),
                "started_utc": to_iso(job.started),
                "ended_utc": to_iso(job.ended) if job.ended else None,
                "good_count": kpi.good,
                "reject_count": kpi.reject,
                "scrap_quantity": scrap,
                "scrap_by_reason": [
                    {"reason_code": code, "quantity": quantity}
                    for code, quantity in sorted(job.scrap.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                "changeover_s": changeover.get(job.job_id),
                "run_s": kpi.run_s,
                "ideal_time_s": rate * kpi.total if rate is not None else None,
                "availability": kpi.availability,
                "performance": kpi.performance,
                "quality": kpi.quality,
                "oee": kpi.oee,
            }
        )
    return {"jobs": out, "jobs_method": JOBS_METHOD}
