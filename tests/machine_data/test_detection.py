"""Stop detection: running signal, counter stall, micro-stops and silence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shopfloor_core.domain.detection import (
    DetectionSettings,
    MachineState,
    Observation,
    StopDetector,
    Transition,
    TransitionKind,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SETTINGS = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=30.0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(detector: StopDetector, observations: list[Observation]) -> list[Transition]:
    out: list[Transition] = []
    for obs in observations:
        out.extend(detector.observe(obs))
    return out


def signal_run(pattern: list[bool | None], step: float = 1.0) -> list[Observation]:
    """None = no communication at that poll."""
    return [
        Observation(at(i * step), signal=value is not None, running=value)
        for i, value in enumerate(pattern)
    ]


def test_a_short_drop_is_a_micro_stop_and_nobody_is_asked() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    out = run(detector, signal_run([True] * 5 + [False] * 10 + [True] * 3))
    assert out == [Transition(TransitionKind.MICRO_STOP, at(5), at(15))]
    assert detector.state is MachineState.RUNNING


def test_a_long_stop_opens_a_downtime_backdated_to_its_start_and_restart_closes_it() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    out = run(detector, signal_run([True] * 5 + [False] * 40 + [True]))
    assert out == [
        Transition(TransitionKind.DOWNTIME_OPENED, at(5)),
        Transition(TransitionKind.DOWNTIME_CLOSED, at(5), at(45)),
    ]


def test_a_stalled_counter_is_a_stop_even_with_the_running_bit_on() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    observations = [Observation(at(i), True, True, 1 if i % 2 == 0 else 0) for i in range(10)]
    # Parts stop after t=8; the stall limit is 3 cycles x 2 s = 6 s.
    observations += [Observation(at(i), True, True, 0) for i in range(10, 60)]
    observations += [Observation(at(60), True, True, 1)]
    out = run(detector, observations)
    # The next part was due one cycle after the last (t=8): the stop starts at t=10.
    assert out == [
        Transition(TransitionKind.DOWNTIME_OPENED, at(10)),
        Transition(TransitionKind.DOWNTIME_CLOSED, at(10), at(60)),
    ]


def test_a_stop_ends_when_parts_come_not_when_the_bit_rises() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    observations = [Observation(at(0), True, True, 1)]
    observations += [Observation(at(i), True, False, 0) for i in range(1, 40)]
    observations += [Observation(at(i), True, True, 0) for i in range(40, 43)]
    observations += [Observation(at(43), True, True, 1)]
    out = run(detector, observations)
    assert out[-1] == Transition(TransitionKind.DOWNTIME_CLOSED, at(1), at(43))


def test_silence_is_no_signal_time_from_the_last_good_reading() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    out = run(detector, signal_run([True] * 5 + [None] * 10 + [True] * 2))
    assert out == [
        Transition(TransitionKind.SIGNAL_LOST, at(4)),
        Transition(TransitionKind.SIGNAL_RESTORED, at(4), at(15)),
    ]
    assert detector.state is MachineState.RUNNING


def test_silence_during_a_stop_ends_the_stop_where_knowledge_ends() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    out = run(detector, signal_run([True] * 2 + [False] * 40 + [None] * 5 + [False] * 40))
    assert out[:3] == [
        Transition(TransitionKind.DOWNTIME_OPENED, at(2)),
        Transition(TransitionKind.DOWNTIME_CLOSED, at(2), at(41)),
        Transition(TransitionKind.SIGNAL_LOST, at(41)),
    ]
    assert out[3] == Transition(TransitionKind.SIGNAL_RESTORED, at(41), at(47))
    assert out[4] == Transition(TransitionKind.DOWNTIME_OPENED, at(47))


def test_no_data_from_the_start_is_no_signal_from_the_start() -> None:
    detector = StopDetector(SETTINGS, 2.0)
    assert run(detector, signal_run([None, None])) == [
        Transition(TransitionKind.SIGNAL_LOST, at(0))
    ]


@given(st.lists(st.sampled_from([True, False, None]), min_size=1, max_size=300))
def test_recorded_time_never_overlaps_and_every_opening_is_closed_in_order(
    pattern: list[bool | None],
) -> None:
    """Whatever the signals do, downtime intervals follow each other without overlap."""
    detector = StopDetector(SETTINGS, 2.0)
    out = run(detector, signal_run(pattern))
    open_since: datetime | None = None
    last_end = at(-1)
    for t in out:
        if t.kind in (TransitionKind.DOWNTIME_OPENED, TransitionKind.SIGNAL_LOST):
            assert open_since is None
            assert t.start >= last_end
            open_since = t.start
        elif t.kind is TransitionKind.MICRO_STOP:
            assert open_since is None
            assert t.end is not None
            assert last_end <= t.start < t.end
            assert t.end - t.start < timedelta(seconds=SETTINGS.micro_stop_s)
            last_end = t.end
        else:
            assert open_since == t.start
            assert t.end is not None
            assert t.end >= t.start
            open_since, last_end = None, t.end
    if open_since is not None:
        assert detector.state is MachineState.NO_SIGNAL or detector.stop_opened
