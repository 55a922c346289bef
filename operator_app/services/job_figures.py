"""What a machine made per job and product over a window, and each job's own KPIs.

The parts come from the count buckets (split per job by the store) and the captured scrap
(which carries its job); each group's rejects follow ``kpi.REJECT_RULE`` on its own. The
ideal time per part is the product's rate on the machine in the products in force; parts made
outside any job are at the machine's own ideal cycle time, as before jobs existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from local_store import EventStore
from local_store.jobs import changeover_of, current_job, job_history, job_spans
from local_store.production_counts import CountBucket, bucket_start, counts_between
from local_store.shift_records import ShiftRecords
from operator_app.site_config import SiteConfig
from operator_app.site_config.model import MachineConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.jobs import JobChange
from shopfloor_core.domain.kpi import (
    Classifier,
    Counts,
    MachineKpi,
    ProductParts,
    classifier,
    machine_kpi,
)
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.domain.shifts import clip
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.shift_calendar import calendar_of


@dataclass(frozen=True)
class JobFigures:
    """One job on its machine within the window: made against ordered, and its own KPIs.

    ``kpi`` is computed over the job's span (from its changeover's start, or its own start, to
    its end or now) clipped to the window: its performance is its parts' ideal time over the
    run time it had itself, so a job made at its product's ideal rate shows 1.0.
    """

    job_id: str
    product_code: str
    order_number: str | None
    machine_id: str
    ordered: int | None  # None: an ad-hoc job, nothing ordered
    started_utc: datetime
    ended_utc: datetime | None
    good: int
    reject: int
    kpi: MachineKpi
    share: float | None  # its part of the machine's performance over the window
    changeover_s: float
    scrap_by_reason: dict[str | None, int] = field(default_factory=dict)
    startup_scrap: int = 0
    # Its product's ideal time per part on the machine (None: no rate in the products in force).
    ideal_s_per_part: float | None = None


@dataclass(frozen=True)
class ProductFigures:
    """One product on one machine within the window (all its jobs together)."""

    machine_id: str
    product_code: str
    good: int
    reject: int
    ideal_time_s: float
    share: float | None  # adds up, over a machine's products, to the machine's performance


def parts_made(
    machine: MachineConfig,
    line: str,
    buckets: Iterable[CountBucket],
    scrap: Iterable[EventRevision],
    products: Products,
) -> list[ProductParts]:
    """The machine's parts per (job, product), each at its product's ideal time per part."""
    groups: dict[tuple[str | None, str | None], list[int]] = {}
    for b in buckets:
        entry = groups.setdefault((b.job_id, b.product_code), [0, 0, 0])
        entry[0] += b.good
        entry[1] += b.reject
    for e in scrap:
        entry = groups.setdefault((e.job_id, e.product_code), [0, 0, 0])
        entry[2] += e.quantity or 0
    made = []
    for (job_id, product), (good, plc_reject, captured) in sorted(
        groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")
    ):
        made.append(
            ProductParts(
                job_id,
                product,
                good,
                Counts(good, plc_reject, captured).reject,
                _rate(machine, line, product, products),
            )
        )
    return made


def _rate(
    machine: MachineConfig, line: str, product: str | None, products: Products
) -> float | None:
    if product is None:
        return machine.ideal_cycle_time_s
    found = products.products.get(product)
    # A product the products in force no longer have earns no performance rather than a
    # made-up rate; the region keeps its rate in the version the record names.
    return found.ideal_s_per_part(machine.machine_id, line) if found else None


def product_figures(kpi: MachineKpi) -> list[ProductFigures]:
    rows: dict[str, list[float]] = {}
    for part in kpi.made:
        if part.product_code is None:
            continue
        row = rows.setdefault(part.product_code, [0, 0, 0.0])
        row[0] += part.good
        row[1] += part.reject
        row[2] += part.ideal_s
    return [
        ProductFigures(
            kpi.machine_id,
            code,
            int(good),
            int(reject),
            ideal,
            ideal / kpi.run_s if kpi.run_s > 0 else None,
        )
        for code, (good, reject, ideal) in sorted(rows.items())
    ]


def job_figures(
    store: EventStore,
    machine: MachineConfig,
    window: Interval,
    breaks: Sequence[Interval],
    downtimes: Sequence[EventRevision],
    machine_figures: MachineKpi,
    scrap: Sequence[EventRevision],
    classify: Classifier,
    now: datetime,
    startup_scrap_reason: str,
    products: Products | None = None,
    line: str = "",
) -> list[JobFigures]:
    """Each job that held ``machine`` in ``window``, with its own KPIs."""
    assert window.end is not None
    rows = []
    for job, started, ended in job_spans(store.db, window.start, window.end, machine.machine_id):
        changeover = changeover_of(store, job.job_id)
        begin = changeover.start_utc if changeover is not None else started
        span = clip(Interval(min(begin, started), ended), window.start, window.end, now)
        if span is None:
            continue
        mine = [p for p in machine_figures.made if p.job_id == job.job_id]
        my_scrap = [e for e in scrap if e.job_id == job.job_id]
        kpi = machine_kpi(
            machine.machine_id,
            span,
            breaks,
            downtimes,
            Counts(
                sum(p.good for p in mine),
                0,
                sum(e.quantity or 0 for e in my_scrap),
                counted=bool(mine),
            ),
            machine.ideal_cycle_time_s,
            classify,
            now,
            made=mine,
        )
        by_reason: dict[str | None, int] = {}
        for e in my_scrap:
            by_reason[e.reason_code] = by_reason.get(e.reason_code, 0) + (e.quantity or 0)
        changeover_s = 0.0
        if changeover is not None:
            part = clip(
                Interval(changeover.start_utc, changeover.end_utc), window.start, window.end, now
            )
            if part is not None and part.end is not None:
                changeover_s = (part.end - part.start).total_seconds()
        ideal = sum(p.ideal_s for p in mine)
        rows.append(
            JobFigures(
                job_id=job.job_id,
                product_code=job.product_code,
                order_number=job.order_number,
                machine_id=machine.machine_id,
                ordered=job.quantity,
                started_utc=started,
                ended_utc=ended,
                good=kpi.good,
                reject=kpi.reject,
                kpi=kpi,
                share=ideal / machine_figures.run_s if machine_figures.run_s > 0 else None,
                changeover_s=changeover_s,
                scrap_by_reason=by_reason,
                startup_scrap=by_reason.get(startup_scrap_reason, 0),
                ideal_s_per_part=(
                    _rate(machine, line, job.product_code, products) if products else None
                ),
            )
        )
    return rows


def target_parts(kpi: MachineKpi, jobs: Sequence[JobFigures]) -> int | None:
    """The parts an ideal machine would have made in the planned production time so far, each
    job's time at its product's rate and the rest at the machine's own: the "target to this
    minute". None when some of that time has no rate (the comparison would mislead)."""
    if not jobs:
        return kpi.ideal_output
    parts = 0.0
    in_jobs = 0.0
    for job in jobs:
        if job.kpi.planned_production_s <= 0:
            continue
        if not job.ideal_s_per_part:
            return None
        parts += job.kpi.planned_production_s / job.ideal_s_per_part
        in_jobs += job.kpi.planned_production_s
    rest = kpi.planned_production_s - in_jobs
    if rest > 0:
        if not kpi.ideal_cycle_s:
            return None
        parts += rest / kpi.ideal_cycle_s
    return int(parts)


def job_report(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    job_id: str,
    *,
    products: Products | None = None,
    clock: Clock = utc_now,
) -> JobFigures:
    """A job's own page: its whole run on its machine (whatever shifts it crossed), from its
    changeover to its end or now, with the shift calendar's breaks as planned time."""
    products = products or bundled_products()
    now = clock()
    job = current_job(store.db, job_id)
    if job is None or job.machine_id is None:
        raise RuleViolation("no_such_job", f"no job {job_id} that ran on a machine")
    machine = site.machine(job.machine_id)
    history = job_history(store.db, job_id)
    starts = [r.at_utc for r in history if r.change is JobChange.STARTED]
    if not starts:
        raise RuleViolation("job_not_started", f"job {job_id} has not started")
    ends = [r.at_utc for r in history if r.change is JobChange.ENDED]
    changeover = changeover_of(store, job_id)
    begin = min(starts[0], changeover.start_utc) if changeover is not None else starts[0]
    window = Interval(begin, ends[-1] if ends else max(now, begin))
    assert window.end is not None
    breaks = [
        b for shift in calendar_of(site).shifts_overlapping(*span(window)) for b in shift.breaks
    ]
    events = ShiftRecords(store).events_overlapping(
        window.start, window.end, (EventKind.DOWNTIME, EventKind.SCRAP)
    )
    mine = [e for e in events if e.machine_id == machine.machine_id]
    downtimes = [e for e in mine if e.kind is EventKind.DOWNTIME]
    scrap = [e for e in mine if e.kind is EventKind.SCRAP and e.job_id == job_id]
    buckets = [
        b
        for b in counts_between(
            store.db, bucket_start(window.start), window.end, machine.machine_id
        )
        if b.job_id == job_id
    ]
    made = parts_made(machine, site.line, buckets, scrap, products)
    classify = classifier(catalogue)
    whole = machine_kpi(
        machine.machine_id,
        window,
        breaks,
        downtimes,
        Counts(sum(p.good for p in made), 0, sum(e.quantity or 0 for e in scrap), bool(made)),
        machine.ideal_cycle_time_s,
        classify,
        now,
        made=made,
    )
    (figures,) = [
        f
        for f in job_figures(
            store,
            machine,
            window,
            breaks,
            downtimes,
            whole,
            scrap,
            classify,
            now,
            products.startup_scrap_reason,
            products,
            site.line,
        )
        if f.job_id == job_id
    ]
    return figures


def span(window: Interval) -> tuple[datetime, datetime]:
    assert window.end is not None
    return window.start, window.end
