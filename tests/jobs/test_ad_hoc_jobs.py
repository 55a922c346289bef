"""A machine changed over to a product no job was queued for: an ad-hoc job follows it.

Before, the PLC's product change (and an operator's scan of a product code) was refused with
``no_queued_job``, and every part the machine made afterwards was booked to the previous job.
"""

from __future__ import annotations

from local_store import EventStore
from local_store.jobs import changeover_of, job_history, job_to_row
from operator_app.machine_data.product_jobs import follow_product
from operator_app.machine_data.product_tag import ProductReported
from operator_app.services.capture import CaptureService
from operator_app.services.domain_job_calls import DomainJobCalls
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from regional_server import record_checks
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.jobs import JobChange, JobState
from shopfloor_core.domain.roster import Person
from tests.jobs.conftest import Clock


def test_the_plc_reporting_an_unqueued_product_starts_an_ad_hoc_job(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    first = jobs.add(supervisor, "BRK-1010", 100, order_number="4500000001")
    jobs.start(operator, first.job_id, "PRESS-1")
    clock.advance(minutes=20)
    changed = clock.now

    started = follow_product(capture_at, ProductReported("PRESS-1", 7, "HNG-0450"), changed)

    assert started is not None
    job = started.job
    assert (job.product_code, job.machine_id, job.state) == (
        "HNG-0450",
        "PRESS-1",
        JobState.RUNNING,
    )
    assert job.quantity is None
    assert job.order_number is None
    assert job.author == "system:PRESS-1"
    assert [r.change for r in job_history(store.db, job.job_id)] == [
        JobChange.QUEUED,
        JobChange.STARTED,
    ]
    assert jobs.job(first.job_id).state is JobState.ENDED
    assert jobs.job(first.job_id).at_utc == changed
    assert started.changeover is not None
    assert changeover_of(store, job.job_id) is not None
    # The same product reported again changes nothing.
    assert follow_product(capture_at, ProductReported("PRESS-1", 7, "HNG-0450"), changed) is None


def test_a_queued_job_of_the_product_is_still_taken_first(
    jobs: JobService, capture_at: CaptureService, supervisor: Person, clock: Clock
) -> None:
    queued = jobs.add(supervisor, "HNG-0450", 50, machine_id="PRESS-1")
    started = follow_product(capture_at, ProductReported("PRESS-1", 7, "HNG-0450"), clock.now)
    assert started is not None
    assert started.job.job_id == queued.job_id
    assert started.job.quantity == 50


def test_an_operator_scanning_an_unqueued_product_starts_an_ad_hoc_job(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    jobs: JobService,
    operator: Person,
    clock: Clock,
) -> None:
    change = DomainJobCalls().start_product("PRESS-1", "BRK-1010")
    started = change(store, catalogue, site, clock, operator)
    job = jobs.running_on("PRESS-1")
    assert job is not None
    assert job.job_id == started.job.job_id
    assert (job.product_code, job.quantity, job.author) == ("BRK-1010", None, operator.person_id)


def test_the_region_accepts_an_ad_hoc_job_revision(
    jobs: JobService, capture_at: CaptureService, clock: Clock
) -> None:
    started = follow_product(capture_at, ProductReported("PRESS-1", 7, "HNG-0450"), clock.now)
    assert started is not None
    row = job_to_row(started.job)
    assert row["quantity"] is None
    known = record_checks.Knowledge(None)
    assert record_checks.refusal("job_revision", row["revision_id"], row, None, known) is None


def test_a_job_the_plc_brought_in_says_so_in_its_source_and_the_region_takes_it(
    jobs: JobService, capture_at: CaptureService, store: EventStore, operator: Person, clock: Clock
) -> None:
    """The job exists because the machine said what it makes: its revisions carry source
    ``plc``, not ``operator`` (before, nothing told it from a scan at the line)."""
    started = follow_product(capture_at, ProductReported("PRESS-1", 7, "HNG-0450"), clock.now)
    assert started is not None
    clock.advance(minutes=5)
    jobs.pause(operator, started.job.job_id)
    history = job_history(store.db, started.job.job_id)
    assert [r.source.value for r in history] == ["plc", "plc", "plc"]
    known = record_checks.Knowledge(None)
    for revision in history:
        row = job_to_row(revision)
        assert row["source"] == "plc"
        assert record_checks.refusal("job_revision", row["revision_id"], row, None, known) is None
    # A person scanning a product still brings in an operator's job.
    scanned = jobs.follow_product(operator, "WELD-2", "BRK-1010")
    assert scanned is not None
    assert scanned.job.source.value == "operator"
