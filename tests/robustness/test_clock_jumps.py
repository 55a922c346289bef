"""The wall clock jumps back and forth during a downtime (NTP steps, a dead CMOS battery, an
operator fixing the time): the service keeps every confirmed record and each machine's
timeline free of overlaps, and refuses what it cannot place with a clear rule.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.ids import uuid7
from shopfloor_core.domain.roster import Person

T0 = datetime(2026, 11, 5, 6, 0, tzinfo=UTC)


class WallClock:
    """A clock the test moves, as the PC's clock moves under the running service."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def jump(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def assert_nothing_lost(store: EventStore, confirmed: list[EventRevision]) -> None:
    """Every confirmed revision is in its event's history, exactly as it was returned."""
    for rev in confirmed:
        assert rev in store.history(rev.event_id), f"lost: {rev.change} of {rev.event_id}"


def assert_no_overlap(store: EventStore, machine_id: str) -> None:
    rows = store.db.execute(
        "SELECT start_utc, end_utc FROM events WHERE kind = 'downtime' AND voided = 0 "
        "AND machine_id = ?",
        [machine_id],
    ).fetchall()
    far = "9999-12-31T00:00:00.000Z"
    for (s1, e1), (s2, e2) in combinations(rows, 2):
        assert not (s1 < (e2 or far) and s2 < (e1 or far)), f"{(s1, e1)} overlaps {(s2, e2)}"


@pytest.fixture
def clock() -> WallClock:
    return WallClock(T0)


@pytest.fixture
def service(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: WallClock
) -> CaptureService:
    return CaptureService(store, catalogue, site, clock=clock)


def test_clock_steps_back_during_a_downtime(
    service: CaptureService, store: EventStore, clock: WallClock, operator: Person
) -> None:
    confirmed = [service.start_downtime(operator, "PRESS-1")]
    clock.jump(minutes=-30)  # NTP corrects a fast clock while the press is down
    # Ending "now" would end before the start: refused with a rule, the downtime stays open.
    with pytest.raises(RuleViolation) as err:
        service.end_downtime(operator, confirmed[0].event_id)
    assert err.value.code == "ends_before_start"
    assert [d.event_id for d in store.open_downtimes("PRESS-1")] == [confirmed[0].event_id]
    # Reasons can still be given meanwhile, and the machine's own restart still closes it.
    confirmed.append(service.categorize(operator, confirmed[0].event_id, "EQP.MEC.JAM"))
    confirmed += service.machine_restarted("PRESS-1", clock())
    assert confirmed[-1].end_utc == confirmed[0].start_utc  # never before its start
    # A new stop after the step back cannot reach into the recorded one.
    clock.jump(minutes=10)
    confirmed.append(service.start_downtime(operator, "PRESS-1"))
    assert_nothing_lost(store, confirmed)
    assert_no_overlap(store, "PRESS-1")


def test_clock_steps_forward_then_back(
    service: CaptureService, store: EventStore, clock: WallClock, operator: Person
) -> None:
    started = service.start_downtime(operator, "WELD-2")
    clock.jump(hours=2)  # a wrong manual setting
    ended = service.end_downtime(operator, started.event_id)
    clock.jump(hours=-2, minutes=5)  # set right again: now inside the recorded downtime
    later = service.start_downtime(operator, "WELD-2")
    # The new stop starts where the recorded one ends: the timeline keeps one truth.
    assert later.start_utc >= ended.end_utc
    scrap = service.record_scrap(operator, "WELD-2", "SCR.MAT", 2)
    assert_nothing_lost(store, [started, ended, later, scrap])
    assert_no_overlap(store, "WELD-2")


def test_detection_reports_out_of_order_after_a_jump(
    service: CaptureService, store: EventStore, clock: WallClock, operator: Person
) -> None:
    confirmed = service.machine_stopped("PRESS-1", T0)
    clock.jump(minutes=20)
    confirmed += service.machine_restarted("PRESS-1", T0 + timedelta(minutes=20))
    # The PLC's clock was behind: its next stop is stamped inside the recorded downtime.
    confirmed += service.machine_stopped("PRESS-1", T0 + timedelta(minutes=5))
    confirmed += service.machine_restarted("PRESS-1", T0 + timedelta(minutes=25))
    assert_nothing_lost(store, confirmed)
    assert_no_overlap(store, "PRESS-1")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["start", "end", "scrap", "restart", "categorize"]),
            st.sampled_from(["PRESS-1", "WELD-2"]),
            st.integers(min_value=-7200, max_value=7200),  # the clock's jump before the step, s
        ),
        max_size=25,
    )
)
def test_any_sequence_of_jumps_loses_nothing_and_never_overlaps(
    site: SiteConfig, catalogue: Catalogue, operator: Person, steps: list[tuple[str, str, int]]
) -> None:
    store = EventStore.open(site.data_dir / f"jumps-{uuid7()}.sqlite3")
    try:
        clock = WallClock(T0)
        service = CaptureService(store, catalogue, site, clock=clock)
        confirmed: list[EventRevision] = []
        for action, machine, jump in steps:
            clock.jump(seconds=jump)
            try:
                confirmed += perform(service, store, operator, action, machine, clock())
            except RuleViolation:
                continue  # refused with a reason: nothing was written, nothing to lose
        assert_nothing_lost(store, confirmed)
        for machine in ("PRESS-1", "WELD-2"):
            assert_no_overlap(store, machine)
    finally:
        store.close()


def perform(
    service: CaptureService,
    store: EventStore,
    operator: Person,
    action: str,
    machine: str,
    now: datetime,
) -> list[EventRevision]:
    open_now = store.open_downtimes(machine)
    if action == "start":
        return [service.start_downtime(operator, machine)]
    if action == "scrap":
        return [service.record_scrap(operator, machine, "SCR.MAT", 1)]
    if action == "restart":
        return service.machine_restarted(machine, now)
    if not open_now:
        return service.machine_stopped(machine, now)
    if action == "end":
        return [service.end_downtime(operator, open_now[0].event_id)]
    if open_now[0].reason_code is None:
        return [service.categorize(operator, open_now[0].event_id, "PLN.CLN")]
    return []


def test_ids_keep_their_order_when_the_clock_steps_back() -> None:
    """Record ids sort in the order they were made, whatever the wall clock did meanwhile."""
    now_ms = time.time_ns() // 1_000_000
    # Forward, then a step back of a minute (kept near the real time: the id state is global).
    moments = [now_ms + 200, now_ms + 400, now_ms - 60_000, now_ms - 59_999]
    ids = [uuid7(now_ms=ms) for ms in moments]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
