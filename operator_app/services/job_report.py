"""A job's figures as its page, the shift screen, the printed report and the ERP export show
them (``JobView``), from the domain's per-job figures (``services.job_figures``).

Within a shift they are the shift summary's own rows, so the screen, the report and the region
agree; for a job's whole run (its page, the export) the domain's ``job_report``. Nothing here
computes a KPI. Runs on the store thread.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from local_store.jobs import job_spans
from operator_app.services.job_figures import JobFigures, job_report
from operator_app.services.job_view import JobView
from operator_app.services.shift_summary import ShiftSummary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.jobs import JobRevision
from shopfloor_core.domain.products import Products

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
    run (the domain's ``job_report``: from its changeover or start to its end, or ``now``)."""
    views: list[JobView] = []
    for job, _started, ended in job_spans(store.db, start, end):
        if job_id is not None and job.job_id != job_id:
            continue
        figures = job_report(
            store, catalogue, site, job.job_id, products=products, clock=lambda: now
        )
        views.append(
            replace(job_view(figures, job, products, site.line, language), ended_utc=ended)
        )
    return tuple(sorted(views, key=lambda v: (v.started_utc or now, v.job_id)))
