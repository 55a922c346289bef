"""Counter wrap-around and PLC resets neither invent nor lose parts (property tests)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shopfloor_core.domain.counters import CounterTracker

CYCLE_S = 2.0
POLL_S = 1.0


def max_parts_per_poll() -> int:
    return CounterTracker(16, CYCLE_S).max_step(POLL_S)


steps = st.integers(min_value=0, max_value=max_parts_per_poll())


@given(
    bits=st.sampled_from([16, 32]),
    start=st.integers(min_value=0),
    made=st.lists(steps, min_size=1, max_size=200),
)
def test_wrap_around_credits_the_parts_made_less_at_most_a_poll_per_wrap(
    bits: int, start: int, made: list[int]
) -> None:
    """With preset 0 a wrap looks like a reset: only what it shows above zero is credited."""
    modulus = 1 << bits
    counter = start % modulus
    tracker = CounterTracker(bits, CYCLE_S)
    tracker.update(counter, 0.0)
    credited = wraps = 0
    for parts in made:
        wraps += counter + parts >= modulus
        counter = (counter + parts) % modulus
        credited += tracker.update(counter, POLL_S).parts
    assert sum(made) - wraps * max_parts_per_poll() <= credited <= sum(made)


@given(bits=st.sampled_from([16, 32]), made=st.lists(steps, min_size=1, max_size=50))
def test_a_counter_with_a_preset_wraps_exactly(bits: int, made: list[int]) -> None:
    """Below its preset no restart lands, so a lower value there is a wrap, counted exactly."""
    modulus = 1 << bits
    counter = modulus - 3
    tracker = CounterTracker(bits, CYCLE_S, preset=1000)
    tracker.update(counter, 0.0)
    credited = 0
    for parts in made:
        counter = (counter + parts) % modulus
        credited += tracker.update(counter, POLL_S).parts
    assert credited == sum(made)


@st.composite
def runs_with_resets(draw: st.DrawFn) -> tuple[int, list[tuple[bool, int]]]:
    start = draw(st.integers(min_value=100, max_value=60_000))
    events = draw(st.lists(st.tuples(st.booleans(), steps), min_size=1, max_size=100))
    return start, events


@given(runs_with_resets())
def test_a_reset_credits_the_parts_since_the_reset(run: tuple[int, list[tuple[bool, int]]]) -> None:
    """A reset sets the counter to zero, then the machine counts on from there.

    A reset is visible when the counter comes back lower than before; when the machine has
    made fewer parts since the reset than the counter showed, that is always the case.
    """
    start, events = run
    counter = start
    tracker = CounterTracker(16, CYCLE_S)
    tracker.update(counter, 0.0)
    credited = made = 0
    for reset, parts in events:
        visible = reset and parts < counter
        if visible:
            counter = 0
        elif reset:
            continue  # an invisible reset cannot be told from normal counting; not generated
        counter = (counter + parts) % 65536
        made += parts
        credited += tracker.update(counter, POLL_S).parts
    assert credited == made


@given(
    bits=st.sampled_from([16, 32]),
    readings=st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=2, max_size=50),
)
def test_garbage_readings_never_invent_more_than_the_machine_can_make(
    bits: int, readings: list[int]
) -> None:
    tracker = CounterTracker(bits, CYCLE_S)
    tracker.update(readings[0], 0.0)
    for raw in readings[1:]:
        step = tracker.update(raw, POLL_S)
        assert 0 <= step.parts <= tracker.max_step(POLL_S)


def test_a_long_outage_credits_what_was_made_meanwhile() -> None:
    tracker = CounterTracker(32, CYCLE_S)
    tracker.update(1000, 0.0)
    # Ten minutes without a reading: the PLC kept counting, 300 parts at the ideal rate.
    assert tracker.update(1300, 600.0).parts == 300


def test_a_preset_jump_is_not_counted() -> None:
    tracker = CounterTracker(32, CYCLE_S)
    tracker.update(1000, 0.0)
    step = tracker.update(900_000, POLL_S)
    assert (step.parts, step.kind, step.discontinuity) == (0, "jump", "jump")
    assert tracker.update(900_001, POLL_S).parts == 1


def test_signed_readings_are_taken_as_their_bit_pattern() -> None:
    tracker = CounterTracker(16, CYCLE_S)
    tracker.update(32767, 0.0)
    assert tracker.update(-32768, POLL_S).parts == 1  # int16 rolled over
