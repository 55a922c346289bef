"""A job's figures from the store: what it made against what was ordered, its scrap by reason,
the changeover into it, and its ISO 22400 KPIs over the time it held its machine.

The job's time is from the start of the changeover into it (the previous job's end; the stop
carries the new job) or its own start, to its end (or now), optionally clipped to a window (a
shift). Its KPIs are the machine's KPI rules (``shopfloor_core.domain.kpi.machine_kpi``) over
that time with only its own parts, at its product's ideal time per part on that machine: a slow
product run at its own rate shows 100 % performance. Runs on the store thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from local_store.jobs import changeover_of, job_history, jobs_in
from local_store.production_counts import bucket_start, counts_between
from local_store.shift_records import ShiftRecords
from operator_app.services.job_view import JobView
from operator_app.site_config import SiteConfig
from operator_app.site_config.shift_calendar import calendar_of
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.jobs import JobChange, JobRevision, JobState
from shopfloor_core.domain.kpi import Counts, ProductParts, classifier, machine_kpi
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.timeline import Interval

if TYPE_CHECKING:
    from local_store import EventStore


@dataclass(frozen=True)
class JobSpan:
    """When a job held its machine: from its changeover (or start) to its end, or open."""

    job: JobRevision
    machine_id: str
    changeover: EventRevision | None
    started_utc: datetime
    ended_utc: datetime | None

    @property
    def start(self) -> datetime:
        if self.changeover is not None:
            return min(self.changeover.start_utc, self.started_utc)
        return self.started_utc


def job_span(store: EventStore, job: JobRevision) -> JobSpan | None:
    """Where and when ``job`` ran; None for a job that never started."""
    history = job_history(store.db, job.job_id)
    started = next((r for r in history if r.change is JobChange.STARTED), None)
    if started is None or started.machine_id is None:
        return None
    ended = next((r for r in reversed(history) if r.change is JobChange.ENDED), None)
    return JobSpan(
        job,
        started.machine_id,
        changeover_of(store, job.job_id),
        started.at_utc,
        ended.at_utc if ended is not None else None,
    )


def jobs_ran_between(store: EventStore, start: datetime, end: datetime) -> list[JobSpan]:
    """Jobs that held a machine at some time in [start, end), in the order they started."""
    spans = []
    states = (JobState.RUNNING, JobState.PAUSED, JobState.ENDED)
    for job in jobs_in(store.db, states):
        span = job_span(store, job)
        if span is None:
            continue
        if span.start < end and (span.ended_utc is None or span.ended_utc > start):
            spans.append(span)
    return sorted(spans, key=lambda s: (s.started_utc, s.job.job_id))


def job_figures(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    span: JobSpan,
    language: str,
    now: datetime,
    window: Interval | None = None,
) -> JobView:
    """The figures of ``span``'s job, over its whole time or the part of it inside ``window``."""
    job = span.job
    start = span.start
    end = span.ended_utc or now
    if window is not None:
        start = max(start, window.start)
        end = min(end, window.end or now)
    end = max(start, min(end, now))
    machine_id = span.machine_id
    try:
        product = products.get(job.product_code)
        name = product.name_in(language)
        per_part = product.ideal_s_per_part(machine_id, site.line)
    except RuleViolation:  # a product a later products version dropped: the code stands
        name, per_part = job.product_code, None
    buckets = [
        b
        for b in counts_between(store.db, bucket_start(start), end, machine_id)
        if b.job_id == job.job_id
    ]
    good = sum(b.good for b in buckets)
    plc_reject = sum(b.reject for b in buckets)
    events = ShiftRecords(store).events_overlapping(
        start, max(end, start), (EventKind.DOWNTIME, EventKind.SCRAP)
    )
    downtimes = [e for e in events if e.kind is EventKind.DOWNTIME and e.machine_id == machine_id]
    scrap_events = [
        e
        for e in events
        if e.kind is EventKind.SCRAP and e.machine_id == machine_id and e.job_id == job.job_id
    ]
    scrap: dict[str | None, int] = {}
    for event in scrap_events:
        scrap[event.reason_code] = scrap.get(event.reason_code, 0) + (event.quantity or 0)
    counts = Counts(
        good=good,
        plc_reject=plc_reject,
        captured_scrap=sum(scrap.values()),
        counted=bool(buckets),
    )
    breaks = [
        b
        for shift in calendar_of(site).shifts_overlapping(start, max(end, start))
        for b in shift.breaks
    ]
    kpi = machine_kpi(
        machine_id,
        Interval(start, end),
        breaks,
        downtimes,
        counts,
        per_part,
        classifier(catalogue),
        now,
        made=[ProductParts(job.job_id, job.product_code, good, counts.reject, per_part)],
    )
    changeover = span.changeover
    changeover_s = None
    if changeover is not None:
        over = changeover.end_utc or now
        changeover_s = max((over - changeover.start_utc).total_seconds(), 0.0)
    return JobView(
        job_id=job.job_id,
        machine_id=machine_id,
        order_number=job.order_number,
        product_code=job.product_code,
        product_name=name,
        ordered=job.quantity,
        good=good,
        reject=counts.reject,
        scrap_by_reason=tuple(sorted(scrap.items(), key=lambda kv: (-kv[1], kv[0] or ""))),
        changeover_s=changeover_s,
        planned_s=kpi.planned_production_s,
        run_s=kpi.run_s,
        downtime_s=kpi.downtime_s,
        ideal_cycle_s=per_part,
        availability=kpi.availability,
        performance=kpi.performance,
        quality=kpi.quality,
        oee=kpi.oee,
        started_utc=span.started_utc,
        ended_utc=span.ended_utc,
        state=job.state.value,
    )
