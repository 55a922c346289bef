"""The scoreboard's "target to this minute" at the ideal rate of what is actually running."""

from __future__ import annotations

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from operator_app.services.scoreboard import scoreboard
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.jobs.test_job_kpis import run_at
from tests.shifts.conftest import FixedClock as Clock


def at_shift_start(site: SiteConfig, clock: Clock) -> None:
    """The press starts its first job as the shift begins: all its planned time is jobs'."""
    clock.now = calendar_of(site).latest_shifts(clock.now, 1)[0].start_utc


def test_a_slow_product_at_its_own_rate_is_on_target(
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
    # The press's own cycle is 2.0 s; HNG-1200 takes 4.0 s a part: 30 minutes allow 450.
    at_shift_start(site, clock)
    job = jobs.add(supervisor, "HNG-1200", 1000)
    jobs.start(operator, job.job_id, "PRESS-1")
    run_at(store, clock.now, 30, 15)
    clock.advance(minutes=30)
    board = scoreboard(store, catalogue, site, clock=clock, products=products)
    press = board.machine("PRESS-1")
    assert press.good == 450
    assert press.target == 450


def test_a_changeover_and_two_products_give_a_target_per_product(
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
    at_shift_start(site, clock)
    fast = jobs.add(supervisor, "HNG-0450", 500)  # 1.8 s a part
    slow = jobs.add(supervisor, "HNG-1200", 500)  # 4.0 s a part
    jobs.start(operator, fast.job_id, "PRESS-1")
    clock.advance(minutes=18)  # 1,080 s: 600 parts allowed
    jobs.switch(operator, "PRESS-1", slow.job_id)
    clock.advance(minutes=5)  # the changeover is planned: no target in it
    run_at(store, clock.now, 1, 1, second=0)  # the first good part ends the changeover
    clock.advance(minutes=20)  # 1,200 s at 4.0 s: 300 parts allowed
    board = scoreboard(store, catalogue, site, clock=clock, products=products)
    assert board.machine("PRESS-1").target == 600 + 300
