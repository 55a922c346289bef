"""PLC counter restarts at a preset, outages and client restarts neither invent nor lose parts.

The property test plays a PLC whose counter restarts at its preset, a client that polls it,
misses readings (outages), flushes its credits and its last reading together (as the machine
monitor does) and is restarted, losing what it had not flushed. Whatever the order of these,
the parts credited never exceed what the PLC counted, and all that is missed was made in the
one interval between two readings in which the counter restarted, wrapped, or passed its preset
from below (after a wrap): with readings a poll apart, one poll's worth each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from shopfloor_core.domain.counters import CounterTracker, StepKind

CYCLE_S = 0.5
POLL_S = 1.0
# The simulated machine runs at most at its ideal rate.
PARTS_A_POLL = int(POLL_S / CYCLE_S)


@dataclass
class Interval:
    """Parts made since a reading, and whether the counter restarted or wrapped meanwhile."""

    parts: int = 0
    broken: bool = False

    def copy(self) -> Interval:
        return Interval(self.parts, self.broken)


@dataclass
class Client:
    """What a client run knows: a tracker, credits not flushed yet, and when it last read."""

    tracker: CounterTracker
    last_read_s: float | None = None
    unflushed: int = 0
    since_read: Interval = field(default_factory=Interval)
    excused: int = 0  # parts of closed intervals that held a restart or a wrap


@dataclass
class Kept:
    """What the store holds: credits, the last reading with its time, and the same accounts."""

    credited: int = 0
    reading: tuple[int, float] | None = None
    since_reading: Interval = field(default_factory=Interval)  # runs on after the flush
    excused: int = 0


step = st.tuples(
    st.integers(min_value=0, max_value=PARTS_A_POLL),  # parts made this poll interval
    st.one_of(st.none(), st.integers(min_value=0, max_value=PARTS_A_POLL)),  # restart after k
    st.booleans(),  # read at the end (False: an outage)
    st.booleans(),  # flush after it
    st.booleans(),  # the client is restarted after it
)


@settings(max_examples=1000, deadline=None)
@given(
    bits=st.sampled_from([16, 32]),
    preset=st.sampled_from([0, 7, 1000]),
    start=st.integers(min_value=0, max_value=2**32 - 1),
    near_top=st.booleans(),
    steps=st.lists(step, min_size=1, max_size=120),
)
def test_credited_parts_never_exceed_the_plc_count_and_miss_only_the_restart_interval(
    bits: int,
    preset: int,
    start: int,
    near_top: bool,
    steps: list[tuple[int, int | None, bool, bool, bool]],
) -> None:
    modulus = 1 << bits
    counter = (modulus - 1 - start % 8) if near_top else max(start % modulus, preset)

    def new_client(kept: Kept) -> Client:
        tracker = CounterTracker(bits, CYCLE_S, preset=preset, poll_interval_s=POLL_S)
        client = Client(tracker)
        if kept.reading is not None:
            tracker.resume(kept.reading[0])
            client.last_read_s = kept.reading[1]
            client.since_read = kept.since_reading.copy()
        return client

    def read(client: Client, now: float) -> None:
        elapsed = now - client.last_read_s if client.last_read_s is not None else 0.0
        credited = client.tracker.update(counter, elapsed).parts
        client.unflushed += credited
        if client.since_read.broken:
            client.excused += client.since_read.parts
        client.since_read = Interval()
        client.last_read_s = now

    def flush(client: Client, kept: Kept) -> None:
        kept.credited += client.unflushed
        client.unflushed = 0
        kept.excused += client.excused
        client.excused = 0
        if client.tracker.last is not None and client.last_read_s is not None:
            kept.reading = (client.tracker.last, client.last_read_s)
            kept.since_reading = client.since_read.copy()

    kept = Kept()
    client = new_client(kept)
    made, now = 0, 0.0
    read(client, now)
    flush(client, kept)  # the first run keeps its first reading: everything after is ours
    for parts, restart_after, reads, flushes, client_restarts in steps:
        now += POLL_S
        for i in range(parts + 1):
            if restart_after == i:
                counter = preset
                client.since_read.broken = kept.since_reading.broken = True
            if i == parts:
                break
            if counter in (modulus - 1, preset - 1):
                # A wrap, or a pass over the preset from below (after a wrap): either looks
                # like a restart from one reading to the next.
                client.since_read.broken = kept.since_reading.broken = True
            counter = (counter + 1) % modulus
            client.since_read.parts += 1
            kept.since_reading.parts += 1
            made += 1
        if reads:
            read(client, now)
        if flushes:
            flush(client, kept)
        if client_restarts:
            # What was not flushed is lost with the process; the new run goes on from the
            # kept reading, and everything since it is its first interval.
            client = new_client(kept)
    now += POLL_S
    read(client, now)
    flush(client, kept)

    assert 0 <= kept.credited <= made
    assert made - kept.credited <= kept.excused


def test_a_restart_at_the_preset_after_a_long_outage_credits_only_what_it_made_since() -> None:
    """The field trial: 283 s without a reading, the good counter restarted at 1000 then 6."""
    tracker = CounterTracker(32, CYCLE_S, preset=1000)
    tracker.update(25_310, 0.0)
    step = tracker.update(1006, 283.0)
    assert (step.parts, step.kind, step.before, step.after) == (6, StepKind.RESET, 25_310, 1006)
    assert step.discontinuity == "reset"


def test_a_reject_counter_restarting_at_its_preset_credits_nothing() -> None:
    tracker = CounterTracker(32, CYCLE_S, preset=7)
    tracker.update(9, 0.0)
    assert tracker.update(7, POLL_S).parts == 0
    assert tracker.update(7, POLL_S).parts == 0
    assert tracker.update(8, POLL_S).parts == 1


def test_a_restart_that_shows_more_than_the_time_allows_credits_nothing() -> None:
    tracker = CounterTracker(32, CYCLE_S)
    tracker.update(5000, 0.0)
    step = tracker.update(1006, 10.0)  # 10 s can make at most 40 parts
    assert (step.parts, step.kind) == (0, StepKind.RESET)


def test_a_client_started_again_credits_what_the_counter_went_on_by() -> None:
    tracker = CounterTracker(32, CYCLE_S, poll_interval_s=POLL_S)
    tracker.resume(4000)
    step = tracker.update(4002, 0.033)
    assert (step.parts, step.discontinuity) == (2, "gap")
    tracker.resume(4002)
    # Down for an hour: at most 7,200 parts can have been made, 5,000 is plausible.
    assert tracker.update(9002, 3600.0).parts == 5000


def test_a_counter_read_with_its_words_swapped_moves_by_multiples_of_65536() -> None:
    tracker = CounterTracker(32, CYCLE_S)
    tracker.update(0x0A00_0000, 0.0)
    step = tracker.update(0x0A01_0000, POLL_S)
    assert (step.parts, step.kind, step.looks_like_word_order) == (0, StepKind.JUMP, True)
