"""A stop the PLC's fault map only suggests a reason for is still to name (walk finding 10).

The shift summary said "Downtime with a reason: 100 %" next to "Stops still to name: 1": the
suggestion was counted as a name in the share and as unnamed in the list. A reason is a name
only once a person gave or confirmed it, in every figure of the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.shift_summary import ShiftSummary, shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.naming import naming_shares
from shopfloor_core.domain.roster import Person
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.shifts.conftest import FixedClock

JAM = "EQP.MEC.JAM"


def stops(capture: CaptureService, clock: FixedClock, person: Person) -> tuple[str, str]:
    """A 10-minute stop the PLC suggests "jam" for, then a 30-minute one a person named."""
    t = clock.now
    (suggested,) = capture.machine_stopped(
        "PRESS-1", t, until=t + timedelta(minutes=10), fault_code=101, suggested_reason=JAM
    )
    (named,) = capture.machine_stopped(
        "PRESS-1", t + timedelta(minutes=20), until=t + timedelta(minutes=50)
    )
    clock.advance(hours=1)
    capture.categorize(person, named.event_id, JAM)
    return suggested.event_id, named.event_id


@pytest.fixture
def summarize(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> Callable[[], ShiftSummary]:
    """The summary of the shift the clock is in, at the clock's time."""

    def summary() -> ShiftSummary:
        shift = calendar_of(site).shift_at(clock.now)
        assert shift is not None
        return shift_summary(store, catalogue, site, shift, clock=clock)

    return summary


def test_a_suggested_reason_is_still_to_name_in_the_share_and_the_list(
    timed_capture: CaptureService,
    summarize: Callable[[], ShiftSummary],
    clock: FixedClock,
    operator: Person,
) -> None:
    suggested, _ = stops(timed_capture, clock, operator)
    figures = summarize()
    assert [e.event_id for e in figures.uncategorized] == [suggested]
    # 30 of the 40 minutes a person should name are named: not 100 %.
    assert figures.categorized_share == 30 / 40
    assert figures.other_share == 0.0


def test_confirming_the_suggestion_names_it(
    timed_capture: CaptureService,
    summarize: Callable[[], ShiftSummary],
    clock: FixedClock,
    operator: Person,
) -> None:
    suggested, _ = stops(timed_capture, clock, operator)
    timed_capture.categorize(operator, suggested, JAM)
    figures = summarize()
    assert figures.uncategorized == ()
    assert figures.categorized_share == 1.0


def test_the_share_counts_a_person_naming_other_and_skips_detections_own_reasons(
    timed_capture: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    clock: FixedClock,
    operator: Person,
) -> None:
    t = clock.now
    (other,) = timed_capture.machine_stopped("PRESS-1", t, until=t + timedelta(minutes=10))
    (micro,) = timed_capture.machine_stopped(
        "PRESS-1",
        t + timedelta(minutes=20),
        until=t + timedelta(minutes=20, seconds=10),
        reason_code="SYS.MICRO",
    )
    (open_,) = timed_capture.machine_stopped("PRESS-1", t + timedelta(minutes=50))
    clock.advance(hours=1)
    timed_capture.categorize(operator, other.event_id, "OTH")
    events = [store.current(e.event_id) for e in (other, micro, open_)]
    shares = naming_shares(
        [e for e in events if e is not None], catalogue, t, t + timedelta(hours=8), clock.now
    )
    # The open stop runs to now (10 minutes), the micro-stop needs no name.
    assert (shares.to_name_s, shares.named_s, shares.other_s) == (1200.0, 600.0, 600.0)
    assert shares.named_share == shares.other_share == 0.5
