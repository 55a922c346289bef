"""``JobCalls`` over the domain's jobs (``operator_app.services.jobs.JobService``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from local_store.jobs import current_job, jobs_in, machine_holder
from operator_app.services.job_board import JobLine, JobState, MachineJobs
from operator_app.services.job_calls import StoreChange
from operator_app.services.job_report import shift_job_views, whole_job_views
from operator_app.services.job_view import JobView
from operator_app.services.jobs import JobService
from operator_app.services.shift_summary import ShiftSummary
from operator_app.services.standards import standards_in_force
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.jobs import JobRevision
from shopfloor_core.domain.jobs import JobState as DomainJobState
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person

if TYPE_CHECKING:
    from local_store import EventStore


# A job's whole life is looked for within this much before its latest change (a job runs for
# hours or days, never months).
MAX_JOB = timedelta(days=60)


def _products(store: EventStore, site: SiteConfig) -> Products:
    return standards_in_force(store, site).products


def _service(store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: Clock) -> JobService:
    return JobService(store, site, catalogue, _products(store, site), clock)


def _line(store: EventStore, job: JobRevision, products: Products, language: str) -> JobLine:
    try:
        name = products.get(job.product_code).name_in(language)
    except RuleViolation:
        name = job.product_code
    good, reject = store.db.execute(
        "SELECT COALESCE(SUM(good), 0), COALESCE(SUM(reject), 0) FROM production_counts "
        "WHERE job_id = ?",
        [job.job_id],
    ).fetchone()
    return JobLine(
        job.job_id,
        job.order_number,
        job.product_code,
        name,
        job.quantity,
        int(good),
        int(reject),
        JobState(job.state.value),
    )


class DomainJobCalls:
    def board(
        self, store: EventStore, site: SiteConfig, machine_id: str, language: str
    ) -> MachineJobs:
        products = _products(store, site)
        running = machine_holder(store.db, machine_id)
        queued = jobs_in(store.db, (DomainJobState.QUEUED,))
        queue = [j for j in queued if j.machine_id in (None, machine_id)]
        return MachineJobs(
            machine_id,
            _line(store, running, products, language) if running is not None else None,
            tuple(_line(store, j, products, language) for j in queue),
        )

    def product_for(
        self, store: EventStore, site: SiteConfig, machine_id: str, code: str
    ) -> str | None:
        """The product a scanned code names, in the case the scanner sent or not."""
        products = _products(store, site)
        wanted = code.strip().casefold()
        return next((c for c in products.products if c.casefold() == wanted), None)

    def figures(
        self, store: EventStore, catalogue: Catalogue, site: SiteConfig, job_id: str, language: str
    ) -> JobView:
        products = _products(store, site)
        job = current_job(store.db, job_id)
        if job is None:
            raise RuleViolation("no_such_job", f"no job {job_id}")
        now = utc_now()
        views = whole_job_views(
            store, catalogue, site, products, job.at_utc - MAX_JOB, now, language, now, job_id
        )
        if not views:
            raise RuleViolation("job_not_started", f"job {job_id} has not run yet")
        return views[0]

    def shift_jobs(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        summary: ShiftSummary,
        language: str,
    ) -> tuple[JobView, ...]:
        return shift_job_views(store, summary, _products(store, site), site.line, language)

    def jobs_between(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig | None,
        start: datetime,
        end: datetime,
        language: str,
    ) -> tuple[JobView, ...]:
        if site is None:
            raise RuleViolation("no_site", "the jobs export needs the site file (--config)")
        products = _products(store, site)
        return whole_job_views(store, catalogue, site, products, start, end, language, utc_now())

    # -- changes: each runs on the store thread for the person signed in ------------------------
    def start(self, machine_id: str, job_id: str) -> StoreChange:
        # Ending the job in force and starting this one is one change: the changeover.
        return _on_service(lambda service, person: service.switch(person, machine_id, job_id))

    def start_product(self, machine_id: str, product_code: str) -> StoreChange:
        # A scanned product: its queued job, else an ad-hoc job started by the operator.
        return _on_service(
            lambda service, person: service.follow_product(person, machine_id, product_code)
        )

    def pause(self, job_id: str) -> StoreChange:
        return _on_service(lambda service, person: service.pause(person, job_id))

    def resume(self, job_id: str) -> StoreChange:
        return _on_service(lambda service, person: service.resume(person, job_id))

    def end(self, job_id: str) -> StoreChange:
        return _on_service(lambda service, person: service.end(person, job_id))


def _on_service(act: Callable[[JobService, Person | None], object]) -> StoreChange:
    def change(
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        clock: Clock,
        person: Person | None,
    ) -> object:
        return act(_service(store, catalogue, site, clock), person)

    return change
