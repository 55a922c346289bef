"""The rules for open stops across client stops and starts: on fixed times, then written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from local_store import EventStore
from operator_app.machine_data.downtime_writer import write_settlement, write_transition
from operator_app.services.capture import CaptureService
from shopfloor_core.domain.catalogue import MICRO_STOP, NO_SIGNAL
from shopfloor_core.domain.client_watch import (
    ClientStopped,
    Ending,
    OpenStop,
    Settlement,
    at_first_reading,
    when_client_stops,
)
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.domain.detection import (
    DetectionSettings,
    MachineState,
    Observation,
    StopDetector,
    Transition,
    TransitionKind,
)
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.timeline import Interval

T0 = datetime(2026, 11, 30, 5, 10, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


NAMED = OpenStop("named", at(0), no_signal=False)
SILENT = OpenStop("silent", at(100), no_signal=True)


def test_a_clean_stop_ends_every_open_stop_at_the_last_reading_and_starts_no_signal() -> None:
    by_hand = OpenStop("by-hand", at(50), no_signal=False)
    plan = when_client_stops([NAMED, by_hand], at(90))
    assert plan == Settlement(
        (Ending("named", at(90)), Ending("by-hand", at(90))), Interval(at(90), None)
    )


def test_a_clean_stop_while_silent_leaves_the_no_signal_time_running() -> None:
    assert when_client_stops([SILENT], at(120)) == Settlement((), None)


def test_a_clean_stop_that_never_read_the_machine_changes_nothing() -> None:
    assert when_client_stops([NAMED], None) == Settlement()


def test_after_a_clean_stop_the_first_reading_ends_the_no_signal_time_whatever_it_shows() -> None:
    mark = ClientStopped("PRESS-1", at(101), at(100))
    for running in (True, False):
        plan = at_first_reading([SILENT], mark, at(400), running=running)
        assert plan == Settlement((Ending("silent", at(400)),), None, settled=True)


def test_a_stop_half_done_by_a_clean_stop_ends_at_its_last_reading_with_the_gap_silent() -> None:
    mark = ClientStopped("PRESS-1", at(101), at(100))
    plan = at_first_reading([NAMED], mark, at(400), running=False)
    assert plan == Settlement((Ending("named", at(100)),), Interval(at(100), at(400)), True)


def test_after_a_crash_a_stop_named_by_anyone_ends_at_the_first_reading_showing_running() -> None:
    by_hand = OpenStop("by-hand", at(50), no_signal=False)
    waiting = at_first_reading([NAMED], None, at(400), running=False)
    assert waiting == Settlement((), None, settled=False)
    plan = at_first_reading([NAMED], None, at(401), running=True)
    assert plan == Settlement((Ending("named", at(401)),), None, settled=True)
    plan = at_first_reading([by_hand], None, at(401), running=True)
    assert plan.endings == (Ending("by-hand", at(401)),)


def test_a_stop_opened_after_the_mark_waits_for_running_like_after_a_crash() -> None:
    # An older run's mark says nothing about a stop opened after its last reading.
    mark = ClientStopped("PRESS-1", at(-59), at(-60))
    plan = at_first_reading([NAMED], mark, at(400), running=False)
    assert plan.endings == ()
    assert not plan.settled


def test_the_detector_ends_its_stop_at_the_last_reading_when_the_client_stops() -> None:
    detector = StopDetector(DetectionSettings(stop_delay_cycles=3, micro_stop_s=30), 2.0)
    detector.observe(Observation(at(0), True, running=True, parts=0))
    assert detector.shows_running
    detector.observe(Observation(at(1), True, running=False, parts=0))
    assert not detector.shows_running
    detector.observe(Observation(at(2), True, running=False, parts=0))
    ended = detector.stop_watching()
    assert [(t.kind, t.start, t.end) for t in ended] == [(TransitionKind.MICRO_STOP, at(1), at(2))]
    assert detector.state is MachineState.NO_SIGNAL


def test_a_client_stop_during_a_held_back_stop_an_operator_already_reported_settles_both(
    capture: CaptureService, store: EventStore, operator: Person
) -> None:
    # The press stopped at s1; the operator said so at s2, before the micro-stop limit; the
    # client stops with its last reading at last.
    last = utc_now().replace(microsecond=0) - timedelta(seconds=10)
    s1, s2 = last - timedelta(seconds=20), last - timedelta(seconds=12)
    by_hand = capture.start_downtime(operator, "PRESS-1", at=s2)
    micro = Transition(TransitionKind.MICRO_STOP, s1, last)
    write_transition(capture, "PRESS-1", micro)
    stops = [OpenStop.of(e) for e in store.open_downtimes("PRESS-1")]
    write_settlement(capture, "PRESS-1", when_client_stops(stops, last))

    recorded = sorted(
        ((e.start_utc, e.end_utc, e.reason_code) for e in store.recent_events()),
        key=lambda r: r[0],
    )
    assert recorded == [
        (s1, s2, MICRO_STOP),
        (s2, last, None),
        (last, None, NO_SIGNAL),
    ]
    assert store.current(by_hand.event_id).end_utc == last  # type: ignore[union-attr]
