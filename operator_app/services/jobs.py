"""Running production orders on the line: queue, start, pause, resume, end, switch.

Every method checks permission and the rules of ``domain.jobs`` inside one write transaction,
writes the job's revision (and its outbox record) durably, and only then returns. Starting a
job on a machine whose previous job ended opens the changeover stop (``domain.changeover``),
which the job's first good part ends (``local_store.production_counts.add_counts``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from local_store.jobs import (
    append_jobs,
    current_job,
    job_by_order_number,
    job_history,
    jobs_in,
    last_ended_on,
    machine_holder,
    open_changeover,
    remember_changeover,
)
from local_store.shift_records import ShiftRecords
from operator_app.services.floor_checks import check_machine, check_moment
from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.changeover import (
    changeover_start,
    changeover_stop,
    end_changeover,
    open_stop_as_changeover,
)
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.jobs import (
    JobChange,
    JobRevision,
    JobSource,
    JobState,
    ad_hoc_job,
    queue_job,
)
from shopfloor_core.domain.jobs import change_job as _change_job
from shopfloor_core.domain.permissions import Action, require
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person

if TYPE_CHECKING:
    from local_store import EventStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobStarted:
    """A started job, and the changeover stop its start opened (None: no previous job)."""

    job: JobRevision
    changeover: EventRevision | None = None


class JobService:
    def __init__(
        self,
        store: EventStore,
        site: SiteConfig,
        catalogue: Catalogue,
        products: Products,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.site = site
        self.catalogue = catalogue
        self.products = products
        self.clock = clock

    # -- reading ------------------------------------------------------------------------------
    def queue(self) -> list[JobRevision]:
        """Jobs waiting for a machine, in the order they were queued."""
        return jobs_in(self.store.db, (JobState.QUEUED,))

    def active(self) -> list[JobRevision]:
        """Jobs running or paused now, one per machine at most."""
        return jobs_in(self.store.db, (JobState.RUNNING, JobState.PAUSED))

    def job(self, job_id: str) -> JobRevision:
        found = current_job(self.store.db, job_id)
        if found is None:
            raise RuleViolation("no_such_job", f"no job {job_id}")
        return found

    def history(self, job_id: str) -> list[JobRevision]:
        return job_history(self.store.db, job_id)

    def running_on(self, machine_id: str) -> JobRevision | None:
        """The job holding ``machine_id`` (running or paused), or None."""
        return machine_holder(self.store.db, machine_id)

    def by_order_number(self, order_number: str) -> JobRevision | None:
        """The job of an ERP order number (what a barcode on the job sheet carries)."""
        return job_by_order_number(self.store.db, order_number.strip())

    # -- queueing -----------------------------------------------------------------------------
    @deciding_under_write_lock
    def add(
        self,
        person: Person | None,
        product_code: str,
        quantity: int,
        *,
        order_number: str | None = None,
        machine_id: str | None = None,
    ) -> JobRevision:
        """A supervisor queues a job by hand."""
        author = require(person, Action.MANAGE_JOBS)
        return self.queue_checked(
            product_code,
            quantity,
            order_number=order_number,
            machine_id=machine_id,
            source=JobSource.OPERATOR,
            author=author.person_id,
        )

    def queue_checked(
        self,
        product_code: str,
        quantity: int,
        *,
        order_number: str | None,
        machine_id: str | None,
        source: JobSource,
        author: str,
        job_id: str | None = None,
    ) -> JobRevision:
        """Queue a job after every check a job from any source must pass (call in a write)."""
        self.check_product(product_code)
        if machine_id is not None:
            self._check_machine(machine_id)
            self.products.require_rate(product_code, machine_id, self.site.line)
        if order_number and job_by_order_number(self.store.db, order_number.strip()):
            raise RuleViolation(
                "order_queued", f"order {order_number.strip()} is already queued or run here"
            )
        job = queue_job(
            product_code=product_code,
            quantity=quantity,
            order_number=order_number,
            products_version=self.products.version,
            source=source,
            author=author,
            at_utc=self.clock(),
            stamp=self.site.stamp,
            machine_id=machine_id,
            job_id=job_id,
        )
        append_jobs(self.store, [job])
        return job

    def check_product(self, product_code: str) -> None:
        """The product exists in the region's products in force and this line runs it."""
        self.products.get(product_code)
        if self.site.products and product_code not in self.site.products:
            raise RuleViolation(
                "product_not_on_line",
                f"product {product_code} is not one this line runs (site file [products])",
                product=product_code,
            )

    @deciding_under_write_lock
    def cancel(self, person: Person | None, job_id: str, why: str) -> JobRevision:
        author = require(person, Action.MANAGE_JOBS)
        if not why.strip():
            raise RuleViolation("reason_required", "cancelling a job needs a reason (why)")
        return self._change(self.job(job_id), JobChange.CANCELLED, author.person_id, None, why=why)

    # -- running ------------------------------------------------------------------------------
    @deciding_under_write_lock
    def start(
        self,
        person: Person | None,
        job_id: str,
        machine_id: str | None = None,
        *,
        at: datetime | None = None,
    ) -> JobStarted:
        """Start a queued job on a machine; opens the changeover after the machine's last job."""
        author = require(person, Action.RUN_JOB)
        job = self.job(job_id)
        machine = machine_id or job.machine_id
        if machine is None:
            raise RuleViolation("no_machine", "starting a job needs the machine it runs on")
        self._check_machine(machine)
        self.check_product(job.product_code)
        self.products.require_rate(job.product_code, machine, self.site.line)
        started = self._change(
            job,
            JobChange.STARTED,
            author.person_id,
            at,
            machine_id=machine,
            machine_holder=machine_holder(self.store.db, machine),
        )
        return JobStarted(started, self._open_changeover(started, author.person_id))

    @deciding_under_write_lock
    def pause(
        self, person: Person | None, job_id: str, *, at: datetime | None = None, why: str = ""
    ) -> JobRevision:
        author = require(person, Action.RUN_JOB)
        return self._change(self.job(job_id), JobChange.PAUSED, author.person_id, at, why=why)

    @deciding_under_write_lock
    def resume(
        self, person: Person | None, job_id: str, *, at: datetime | None = None
    ) -> JobRevision:
        author = require(person, Action.RUN_JOB)
        return self._change(self.job(job_id), JobChange.RESUMED, author.person_id, at)

    @deciding_under_write_lock
    def end(
        self, person: Person | None, job_id: str, *, at: datetime | None = None, why: str = ""
    ) -> JobRevision:
        """End a running or paused job; a changeover into it still open ends with it."""
        author = require(person, Action.RUN_JOB)
        ended = self._change(self.job(job_id), JobChange.ENDED, author.person_id, at, why=why)
        still_open = open_changeover(self.store, job_id)
        if still_open is not None:
            # No good part came: the changeover lasted the whole job, and no longer.
            self.store.append([end_changeover(still_open, ended.at_utc, self.clock())])
        return ended

    @deciding_under_write_lock
    def switch(
        self,
        person: Person | None,
        machine_id: str,
        next_job_id: str,
        *,
        at: datetime | None = None,
    ) -> JobStarted:
        """End the machine's job and start the next at the same moment: the changeover begins."""
        require(person, Action.RUN_JOB)
        moment = self._moment(at)
        running = machine_holder(self.store.db, machine_id)
        if running is not None:
            self.end(person, running.job_id, at=moment)
        return self.start(person, next_job_id, machine_id, at=moment)

    @deciding_under_write_lock
    def follow_product(
        self,
        person: Person | None,
        machine_id: str,
        product_code: str,
        *,
        at: datetime | None = None,
        source: JobSource = JobSource.OPERATOR,
    ) -> JobStarted | None:
        """The machine now makes ``product_code`` (its PLC says so, or an operator scanned the
        product): bring that product's job into force at ``at``. None when it already runs.

        The next queued job of the product starts (one planned for this machine first, then
        one for any machine); with none queued, an ad-hoc job for the product (no quantity,
        no order number) is queued and started, so what the machine makes from now on belongs
        to the product it really makes. Either way the job in force ends at the same moment and
        the changeover opens, as a "next job" tap does.
        """
        author = require(person, Action.RUN_JOB)
        self._check_machine(machine_id)
        running = machine_holder(self.store.db, machine_id)
        if running is not None and running.product_code == product_code:
            return None
        self.check_product(product_code)
        self.products.require_rate(product_code, machine_id, self.site.line)
        queued = [j for j in self.queue() if j.product_code == product_code]
        planned = [j for j in queued if j.machine_id == machine_id] or [
            j for j in queued if j.machine_id is None
        ]
        if planned:
            return self.switch(person, machine_id, planned[0].job_id, at=at)
        job = ad_hoc_job(
            product_code=product_code,
            products_version=self.products.version,
            source=source,  # the PLC's report or a person's scan
            author=author.person_id,
            at_utc=self._moment(at),
            stamp=self.site.stamp,
            machine_id=machine_id,
        )
        append_jobs(self.store, [job])
        log.info("ad-hoc job %s for %s on %s by %s", job.job_id, product_code, machine_id, author)
        return self.switch(person, machine_id, job.job_id, at=at)

    # -- rules --------------------------------------------------------------------------------
    def _change(
        self,
        job: JobRevision,
        change: JobChange,
        author: str,
        at: datetime | None,
        *,
        machine_id: str | None = None,
        machine_holder: JobRevision | None = None,
        why: str = "",
    ) -> JobRevision:
        revised = _change_job(
            job,
            change,
            author=author,
            at_utc=self._moment(at),
            recorded_utc=self.clock(),
            machine_id=machine_id,
            machine_holder=machine_holder,
            why=why,
        )
        append_jobs(self.store, [revised])
        return revised

    def _open_changeover(self, started: JobRevision, author: str) -> EventRevision | None:
        assert started.machine_id is not None
        previous = last_ended_on(self.store.db, started.machine_id, before=started)
        if previous is None:
            return None  # the machine's first job: nothing to change over from
        reason = self.products.changeover_reason
        try:
            self.catalogue.require_leaf(reason, CategoryKind.DOWNTIME)
        except RuleViolation as exc:
            log.error("changeover into job %s not recorded: %s", started.job_id, exc)
            return None
        # Where the previous job ended in a shift signed off since, its minutes stay as signed.
        signed = ShiftRecords(self.store).signoffs_touching(previous.at_utc, started.at_utc)
        start = changeover_start(previous.at_utc, started, [s.shift_end_utc for s in signed])
        open_now = self.store.open_downtimes(started.machine_id)
        if open_now:
            return self._name_open_stop(open_now[0], started, start, author)
        stop = changeover_stop(
            started,
            start_utc=self._after_recorded(started.machine_id, start, started.at_utc),
            reason_code=reason,
            catalogue_version=self.catalogue.version,
            author=author,
            recorded_utc=self.clock(),
            stamp=self.site.stamp,
        )
        self.store.append([stop])
        remember_changeover(self.store.db, stop.event_id, started.job_id, started.machine_id)
        return stop

    def _name_open_stop(
        self, stop: EventRevision, started: JobRevision, start: datetime, author: str
    ) -> EventRevision | None:
        """The machine already stands in a recorded stop: it is the changeover if unnamed (from
        ``start`` on; ``domain.changeover.open_stop_as_changeover``)."""
        assert started.machine_id is not None
        if not stop.needs_naming:
            log.info(
                "changeover into job %s: %s is already down for %s; no changeover stop",
                started.job_id,
                started.machine_id,
                stop.reason_code,
            )
            return None
        revisions = open_stop_as_changeover(
            stop,
            started,
            start_utc=start,
            reason_code=self.products.changeover_reason,
            catalogue_version=self.catalogue.version,
            author=author,
            recorded_utc=self.clock(),
            stamp=self.site.stamp,
        )
        self.store.append(revisions)
        changeover = revisions[-1]
        remember_changeover(self.store.db, changeover.event_id, started.job_id, started.machine_id)
        return changeover

    def _after_recorded(self, machine_id: str, start: datetime, until: datetime) -> datetime:
        """``start``, moved past any downtime already recorded between it and ``until``."""
        from shopfloor_core.domain.timeline import Interval

        recorded = self.store.downtime_intervals(machine_id, Interval(start, until))
        for interval in sorted(recorded, key=lambda i: i.start):
            if interval.start <= start and interval.end is not None and interval.end > start:
                start = min(interval.end, until)
        return start

    def _moment(self, at: datetime | None) -> datetime:
        now = self.clock()
        return check_moment(at or now, now, "a job change cannot be in the future")

    def _check_machine(self, machine_id: str) -> None:
        check_machine(self.site, machine_id)
