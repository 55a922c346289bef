"""Performance against the ideal time of the part actually made, in the shift summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.services.capture import CaptureService
from operator_app.services.job_figures import job_report
from operator_app.services.jobs import JobService
from operator_app.services.scoreboard import scoreboard
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.jobs import JobRevision
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.shifts.conftest import FixedClock as Clock


def idle_until_now(capture: CaptureService, site: SiteConfig, clock: Clock, who: Person) -> None:
    """The shift so far was one recorded stop: run time starts with the first job."""
    shift = calendar_of(site).latest_shifts(clock.now, 1)[0]
    capture.record_downtime(who, "PRESS-1", shift.start_utc, clock.now, reason_code="MAT.SHT")


def run_at(
    store: EventStore, start: datetime, minutes: int, per_minute: int, second: int = 30
) -> None:
    """``per_minute`` good parts counted ``second`` into each of ``minutes`` minutes."""
    add_counts(
        store.db,
        [
            CountBucket("PRESS-1", start + timedelta(minutes=m, seconds=second), per_minute, 0)
            for m in range(minutes)
        ],
    )


def slow_job_made(
    jobs: JobService,
    store: EventStore,
    people: tuple[Person, Person],
    clock: Clock,
    minutes: int,
    per_minute: int,
    order_number: str | None = None,
) -> JobRevision:
    """HNG-1200 (4.0 s a part on the press, whose own cycle is 2.0 s) queued, started now and
    counted for ``minutes``; the clock is left at its start."""
    supervisor, operator = people
    job = jobs.add(supervisor, "HNG-1200", 1000, order_number=order_number)
    jobs.start(operator, job.job_id, "PRESS-1")
    run_at(store, clock.now, minutes, per_minute)
    return job


def test_a_slow_product_made_at_its_own_ideal_rate_is_full_performance(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    # The press's own ideal cycle is 2.0 s; HNG-1200 takes 4.0 s a part on it.
    assert site.machine("PRESS-1").ideal_cycle_time_s == 2.0
    assert products.get("HNG-1200").ideal_s_per_part("PRESS-1", "L1") == 4.0
    idle_until_now(capture_at, site, clock, operator)
    job = slow_job_made(jobs, store, (supervisor, operator), clock, 30, 15)  # one every 4 s
    clock.advance(minutes=30)
    summary = shift_summary(store, catalogue, site, clock=clock, products=products)
    press = summary.machine("PRESS-1")
    assert press.run_s == 1800
    assert press.good == 450
    assert press.performance == pytest.approx(1.0)
    (row,) = [r for r in summary.jobs if r.job_id == job.job_id]
    assert (row.product_code, row.good, row.ordered) == ("HNG-1200", 450, 1000)
    assert row.kpi.performance == pytest.approx(1.0)


def test_per_product_performance_adds_up_to_the_machine(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    idle_until_now(capture_at, site, clock, operator)
    fast = jobs.add(supervisor, "HNG-0450", 200)  # 1.8 s a part
    slow = jobs.add(supervisor, "BRK-2040", 200)  # 3.0 s a cycle, 2 parts: 1.5 s a part
    jobs.start(operator, fast.job_id, "PRESS-1")
    run_at(store, clock.now, 20, 30)  # 600 parts in 20 min: 1,080 s of ideal time
    clock.advance(minutes=20)
    jobs.switch(operator, "PRESS-1", slow.job_id)
    clock.advance(minutes=5)  # changeover: planned, no parts
    run_at(store, clock.now, 10, 36, second=0)  # 360 parts: 540 s; the first ends the changeover
    clock.advance(minutes=10)
    summary = shift_summary(store, catalogue, site, clock=clock, products=products)
    press = summary.machine("PRESS-1")
    assert press.run_s == 30 * 60  # the 5 min changeover is planned (PLN.CHG.PRD)
    assert press.performance == pytest.approx((1080 + 540) / 1800)
    rows = {r.product_code: r for r in summary.products if r.machine_id == "PRESS-1"}
    assert rows["HNG-0450"].share == pytest.approx(1080 / 1800)
    assert rows["BRK-2040"].share == pytest.approx(540 / 1800)
    assert sum(r.share or 0 for r in rows.values()) == pytest.approx(press.performance)
    by_job = {r.job_id: r for r in summary.jobs}
    assert by_job[fast.job_id].kpi.performance == pytest.approx(1080 / 1200)
    assert by_job[slow.job_id].kpi.performance == pytest.approx(540 / 600)
    assert by_job[slow.job_id].changeover_s == 300


def test_the_target_to_this_minute_counts_each_job_at_its_products_rate(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    idle_until_now(capture_at, site, clock, operator)
    slow_job_made(jobs, store, (supervisor, operator), clock, 30, 15)
    clock.advance(minutes=30)
    board = scoreboard(store, catalogue, site, clock=clock)
    press = board.machine("PRESS-1")
    kpi = shift_summary(store, catalogue, site, clock=clock).machine("PRESS-1")
    before_the_job = kpi.planned_production_s - 1800
    assert press.target == int(before_the_job / 2.0 + 1800 / 4.0)
    assert press.good == 450


def test_a_jobs_own_page_covers_its_whole_run_across_a_shift_change(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    clock.now = datetime(2026, 3, 11, 12, 30, tzinfo=UTC)  # 13:30 in the plant: early shift
    # Into the late shift, which starts at 14:00.
    job = slow_job_made(jobs, store, (supervisor, operator), clock, 60, 14, "4500040001")
    capture_at.record_scrap(operator, "PRESS-1", "SCR.PRC.SET", 3)
    clock.advance(minutes=60)
    jobs.end(operator, job.job_id)
    page = job_report(store, catalogue, site, job.job_id, clock=clock)
    assert (page.good, page.ordered, page.order_number) == (840, 1000, "4500040001")
    assert page.scrap_by_reason == {"SCR.PRC.SET": 3}
    assert page.startup_scrap == 3
    assert page.kpi.run_s == 3600
    assert page.kpi.performance == pytest.approx((840 + 3) * 4.0 / 3600)
    assert page.ended_utc == clock.now
    # The late shift's summary has only its own half of the job.
    late = shift_summary(store, catalogue, site, clock=clock)
    (half,) = late.jobs
    assert half.good == 420


@pytest.mark.parametrize(
    ("changeover_reason", "counts_against_availability"),
    [("PLN.CHG.PRD", False), ("OPS.STU", True)],  # planned_downtime; delay (ISO 22400 AUST)
)
def test_whether_a_changeover_lowers_availability_is_the_regions_reason(
    store: EventStore,
    capture_at: CaptureService,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
    changeover_reason: str,
    counts_against_availability: bool,
) -> None:
    region = replace(products, changeover_reason=changeover_reason)
    jobs = JobService(store, site, catalogue, region, clock)
    idle_until_now(capture_at, site, clock, operator)
    first = jobs.add(supervisor, "BRK-1010", 100)
    second = jobs.add(supervisor, "HNG-0450", 100)
    jobs.start(operator, first.job_id, "PRESS-1")
    clock.advance(minutes=20)
    changeover = jobs.switch(operator, "PRESS-1", second.job_id).changeover
    assert changeover is not None
    assert changeover.reason_code == changeover_reason
    run_at(store, clock.now + timedelta(minutes=10), 10, 10, second=0)
    clock.advance(minutes=20)
    press = shift_summary(store, catalogue, site, clock=clock, products=region).machine("PRESS-1")
    assert press.loss_by_reason[changeover_reason] == 600
    assert press.run_s == 1800  # 20 min of the first job, 10 of the second
    idle = press.loss_by_reason["MAT.SHT"]
    breaks = 1800.0  # 10:00-10:30 in the plant
    if counts_against_availability:
        assert (press.planned_stop_s, press.downtime_s) == (breaks, idle + 600)
    else:
        assert (press.planned_stop_s, press.downtime_s) == (breaks + 600, idle)
