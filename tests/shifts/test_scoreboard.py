"""The scoreboard's figures against figures worked out by hand from a fixed clock.

The demo plant runs the region's 3x8 pattern in Europe/Madrid: the early shift E is 06:00-14:00
local with a break 10:00-10:30. On 2026-03-11 Madrid is UTC+1, so in UTC the shift is
05:00-13:00 and the break 09:00-09:30. Every time below is UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.services.capture import CaptureService
from operator_app.services.scoreboard import Scoreboard, scoreboard
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import MICRO_STOP, Catalogue
from shopfloor_core.domain.roster import Person
from tests.shifts.conftest import FixedClock


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, 11, hour, minute, second, tzinfo=UTC)


NOW = at(10, 47, 30)  # 11:47:30 in Madrid
TARGETS = {"PRESS-1": 0.65, "WELD-2": 0.65}


def fill_known_shift(
    store: EventStore, capture: CaptureService, clock: FixedClock, who: Person
) -> None:
    """A morning of the demo line, every figure chosen so the arithmetic comes out by hand."""
    clock.now = at(8, 0)
    capture.record_scrap(who, "PRESS-1", "SCR.DIM.OVR", 30)
    capture.record_scrap(who, "PRESS-1", "SCR.SRF.SCR", 25)
    clock.now = NOW
    capture.record_downtime(who, "PRESS-1", at(6, 0), at(6, 20), reason_code="EQP.MEC.JAM")
    capture.record_downtime(who, "PRESS-1", at(7, 0), at(7, 15), reason_code="PLN.CHG.PRD")
    capture.record_downtime(who, "PRESS-1", at(10, 40), at(10, 41, 30))  # not named yet
    # A micro-stop the PLC reported after it: inside run time, it neither counts as a loss of
    # availability nor restarts "running since".
    capture.machine_stopped("PRESS-1", at(10, 44), reason_code=MICRO_STOP, until=at(10, 44, 5))
    capture.start_downtime(who, "WELD-2", at=at(10, 30))  # still down, not named
    add_counts(
        store.db,
        [
            CountBucket("PRESS-1", at(6, 30), 6276, 38),
            CountBucket("PRESS-1", at(10, 31), 50, 0),  # before the rate's 15 minutes
            CountBucket("PRESS-1", at(10, 35), 100, 2),
            CountBucket("PRESS-1", at(10, 46), 98, 0),
            CountBucket("PRESS-1", at(10, 47), 10, 0),  # the minute still running
        ],
    )


@pytest.fixture
def board(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    timed_capture: CaptureService,
    clock: FixedClock,
    operator: Person,
) -> Scoreboard:
    fill_known_shift(store, timed_capture, clock, operator)
    return scoreboard(store, catalogue, site, oee_target=TARGETS.get, clock=clock)


def test_a_machines_figures_are_the_hand_worked_ones(board: Scoreboard) -> None:
    press = board.machine("PRESS-1")
    # Good: 6276 + 50 + 100 + 98 + 10 = 6534 (the running minute counts: it started before now).
    assert press.good == 6534
    # Elapsed 05:00 -> 10:47:30 = 347.5 min = 20850 s; planned stops: the break 1800 s and the
    # changeover 900 s = 2700 s; planned production 20850 - 2700 = 18150 s.
    # Target = 18150 s / 2.0 s ideal cycle = 9075 parts.
    assert press.target == 9075
    # Rate: the 15 complete minutes [10:32, 10:47) made 100 + 2 + 98 = 200 parts: 200 x 4 = 800/h.
    assert press.rate_per_h == pytest.approx(800.0)
    # Scrap: max(PLC rejects 38 + 2 = 40, captured 30 + 25 = 55) = 55.
    assert press.scrap == 55
    # Run = 18150 - jam 1200 - unnamed 90 = 16860 s. A = 16860/18150, P = 2.0 x 6589/16860,
    # Q = 6534/6589, so OEE = 2.0 x 6534 / 18150 = 13068/18150 = 0.72.
    assert press.oee == pytest.approx(0.72)
    assert press.oee_target == 0.65
    # Running since the unnamed stop ended; that stop is the one still to name.
    assert (press.down, press.since, press.to_name) == (0, at(10, 41, 30), 1)
    assert press.name == "Press 1"


def test_a_machine_without_a_counter_has_a_target_but_no_count(board: Scoreboard) -> None:
    weld = board.machine("WELD-2")
    # Planned production 20850 - break 1800 = 19050 s; 19050 / 4.5 = 4233.3 -> 4233 whole parts.
    assert weld.target == 4233
    assert (weld.good, weld.rate_per_h, weld.oee) == (None, None, None)
    assert weld.scrap == 0
    assert (weld.down, weld.since, weld.to_name) == (1, at(10, 30), 1)
    assert weld.open_stop is not None


def test_the_lines_figures_add_up_the_machines(board: Scoreboard) -> None:
    line = board.line
    # Only the press counts parts: the line's good parts and target are the press's.
    assert (line.good, line.target) == (6534, 9075)
    assert line.rate_per_h == pytest.approx(800.0)
    assert line.scrap == 55
    # The ratios come from the machines that measure all three factors: only the press (the
    # welding cell has no counter). So the line's OEE is the press's 0.72, not the 0.72633 the
    # welding cell's availability (34860/37200 over both) lifted it to, above the one machine
    # that measured it.
    assert line.oee == pytest.approx(0.72)
    assert line.oee_target == 0.65
    # One machine down since 10:30; two stops to name on the line.
    assert (line.down, line.since, line.to_name) == (1, at(10, 30), 2)


def test_the_target_stands_still_during_the_break(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    def target_at(moment: datetime) -> int | None:
        return scoreboard(store, catalogue, site, clock=lambda: moment).machine("PRESS-1").target

    # 09:10: elapsed 250 min - 10 min of break = 240 min = 14400 s / 2 s = 7200 parts.
    assert target_at(at(9, 10)) == 7200
    # 09:17, the suite's own instant (10:17 in Madrid): 257 - 17 = 240 min, still 7200.
    assert target_at(at(9, 17)) == 7200
    # 09:40: 280 - the whole 30 min break = 250 min = 15000 s / 2 s = 7500 parts.
    assert target_at(at(9, 40)) == 7500


def test_machines_with_different_oee_targets_give_the_line_none(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    targets = {"PRESS-1": 0.65, "WELD-2": 0.8}
    board = scoreboard(store, catalogue, site, oee_target=targets.get, clock=lambda: NOW)
    assert [m.oee_target for m in board.machines] == [0.65, 0.8]
    assert board.line.oee_target is None
