"""A job's figures as its page, the shift screen, the printed report and the ERP export show
them (``JobView``), from the domain's per-job figures (``services.job_figures``).

Within a shift they are the shift summary's own rows, so the screen, the page and the region
agree. For a job's whole life (its page, the export) the same rules run over the job's own
span: the machine's KPIs over that span with its parts per job and product, then the job's row
from them, exactly as the shift summary does for a shift. Runs on the store thread.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from local_store.jobs import changeover_of, job_spans
from local_store.production_counts import bucket_start, counts_between
from local_store.shift_records import ShiftRecords
from operator_app.services.job_figures import JobFigures, job_figures, parts_made
from operator_app.services.job_view import JobView
from operator_app.services.shift_summary import ShiftSummary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind
from shopfloor_core.domain.jobs import JobRevision
from shopfloor_core.domain.kpi import Counts, classifier, machine_kpi
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.shift_calendar import calendar_of

if TYPE_CHECKING:
    from local_store import EventStore


def job_view(
    figures: JobFigures, job: JobRevision, products: Products, line: str, language: str
) -> JobView:
    """The flat shape of one of the domain's job rows, with the product named in ``language``."""
    try:
        product = products.get(figures.product_code)
        name = product.name_in(language)
        per_part = product.ideal_s_per_part(figures.machine_id, line)
    except RuleViolation:  # a product a later products version dropped: the code stands
        name, per_part = figures.product_code, None
    kpi = figures.kpi
    return JobView(
        job_id=figures.job_id,
        machine_id=figures.machine_id,
        order_number=figures.order_number,
        product_code=figures.product_code,
        product_name=name,
        ordered=figures.ordered,
        good=figures.good,
        reject=figures.reject,
        scrap_by_reason=tuple(
            sorted(figures.scrap_by_reason.items(), key=lambda kv: (-kv[1], kv[0] or ""))
        ),
        changeover_s=figures.changeover_s if figures.changeover_s > 0 else None,
        planned_s=kpi.planned_production_s,
        run_s=kpi.run_s,
        downtime_s=kpi.downtime_s,
        ideal_cycle_s=per_part,
        availability=kpi.availability,
        performance=kpi.performance,
        quality=kpi.quality,
        oee=kpi.oee,
        started_utc=figures.started_utc,
        ended_utc=figures.ended_utc,
        state=job.state.value,
    )


def shift_job_views(
    store: EventStore, summary: ShiftSummary, products: Products, line: str, language: str
) -> tuple[JobView, ...]:
    """The shift summary's job rows, as they are shown."""
    from local_store.jobs import current_job

    views = []
    for figures in summary.jobs:
        job = current_job(store.db, figures.job_id)
        if job is not None:
            views.append(job_view(figures, job, products, line, language))
    return tuple(views)


def whole_job_views(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    start: datetime,
    end: datetime,
    language: str,
    now: datetime,
    job_id: str | None = None,
) -> tuple[JobView, ...]:
    """Jobs that held a machine in [start, end) (or the one ``job_id``), each over its whole
    span: from its changeover (or start) to its end, or ``now``."""
    classify = classifier(catalogue)
    calendar = calendar_of(site)
    views: list[JobView] = []
    for machine in site.machines:
        for job, started, ended in job_spans(store.db, start, end, machine.machine_id):
            if job_id is not None and job.job_id != job_id:
                continue
            changeover = changeover_of(store, job.job_id)
            begin = min(changeover.start_utc, started) if changeover is not None else started
            span = Interval(begin, max(begin, min(ended or now, now)))
            assert span.end is not None
            breaks = [
                b
                for shift in calendar.shifts_overlapping(span.start, span.end)
                for b in shift.breaks
            ]
            events = ShiftRecords(store).events_overlapping(
                span.start, span.end, (EventKind.DOWNTIME, EventKind.SCRAP)
            )
            mine = [e for e in events if e.machine_id == machine.machine_id]
            downtimes = [e for e in mine if e.kind is EventKind.DOWNTIME]
            scrap = [
                e
                for e in mine
                if e.kind is EventKind.SCRAP and span.start <= e.start_utc < span.end
            ]
            # Buckets are stamped with their minute's start: the job's first minute is in.
            buckets = counts_between(
                store.db, bucket_start(span.start), span.end, machine.machine_id
            )
            # The machine over the job's span, with its parts per job and product: the row the
            # job gets from it is the one a shift covering its whole span would give.
            machine_figures = machine_kpi(
                machine.machine_id,
                span,
                breaks,
                downtimes,
                Counts(
                    good=sum(b.good for b in buckets),
                    plc_reject=sum(b.reject for b in buckets),
                    captured_scrap=sum(e.quantity or 0 for e in scrap),
                    counted=bool(buckets),
                ),
                machine.ideal_cycle_time_s,
                classify,
                now,
                made=parts_made(machine, site.line, buckets, scrap, products),
            )
            rows = job_figures(
                store,
                machine,
                span,
                breaks,
                downtimes,
                machine_figures,
                scrap,
                classify,
                now,
                products.startup_scrap_reason,
            )
            # The window ends at the job's end, which a window leaves out: the end is the span's.
            views.extend(
                replace(job_view(row, job, products, site.line, language), ended_utc=ended)
                for row in rows
                if row.job_id == job.job_id
            )
    return tuple(sorted(views, key=lambda v: (v.started_utc or now, v.job_id)))
