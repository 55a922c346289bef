"""Parts this shift from the store's one-minute counts: what the trend and its chip show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.services.count_trend import parts_this_shift

SHIFT_START = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)


def test_counts_add_up_from_the_first_counted_minute_of_the_shift(store: EventStore) -> None:
    add_counts(
        store.db,
        [
            CountBucket("PRESS-1", SHIFT_START - timedelta(minutes=1), 900, 9),  # last shift
            CountBucket("PRESS-1", SHIFT_START + timedelta(minutes=10), 30, 1),
            CountBucket("WELD-2", SHIFT_START + timedelta(minutes=11), 7, 0),  # another machine
            CountBucket("PRESS-1", SHIFT_START + timedelta(minutes=12), 25, 0),
        ],
    )
    now = SHIFT_START + timedelta(minutes=40)
    parts = parts_this_shift(store.db, "PRESS-1", SHIFT_START, now)
    first = (SHIFT_START + timedelta(minutes=10)).timestamp()
    assert parts.seconds == [first, first + 60, first + 180, now.timestamp()]
    assert parts.good == [0, 30, 55, 55]
    assert parts.reject == [0, 1, 1, 1]
    assert (parts.good_total, parts.reject_total) == (55, 1)


def test_a_minute_still_running_counts_up_to_now(store: EventStore) -> None:
    add_counts(store.db, [CountBucket("PRESS-1", SHIFT_START + timedelta(minutes=5), 4, 0)])
    now = SHIFT_START + timedelta(minutes=5, seconds=20)
    parts = parts_this_shift(store.db, "PRESS-1", SHIFT_START, now)
    assert parts.seconds[-1] == now.timestamp()
    assert parts.good_total == 4


def test_nothing_counted_yet_is_zero_now(store: EventStore) -> None:
    now = SHIFT_START + timedelta(hours=1)
    parts = parts_this_shift(store.db, "PRESS-1", SHIFT_START, now)
    assert parts.seconds == [now.timestamp()]
    assert parts.good_total == 0
