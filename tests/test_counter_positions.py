"""Kept counter positions and discontinuities: written with the counts, read back, never edited."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from local_store.counter_positions import (
    CounterDiscontinuity,
    CounterPosition,
    counter_positions,
    discontinuities_between,
    save_counting,
)
from local_store.production_counts import CountBucket, counts_between
from operator_app.machine_data.track import spread

T0 = datetime(2026, 11, 23, 6, 0, 30, tzinfo=UTC)


def test_positions_move_on_with_the_counts_and_discontinuities_are_kept(
    store: EventStore,
) -> None:
    top = (1 << 64) - 5  # a 64-bit counter's pattern above SQLite's signed range
    jump = CounterDiscontinuity("PRESS-1", "good", "jump", 10, 10 + 65536, T0, T0, 0, 0)
    save_counting(
        store.db,
        [CountBucket("PRESS-1", T0, 4, 1)],
        [CounterPosition("PRESS-1", "good", 14, T0), CounterPosition("PRESS-1", "big", top, T0)],
        [jump],
    )
    later = T0 + timedelta(seconds=1)
    save_counting(store.db, [], [CounterPosition("PRESS-1", "good", 15, later)])
    kept = counter_positions(store.db, "PRESS-1")
    assert kept["good"] == CounterPosition("PRESS-1", "good", 15, later)
    assert kept["big"].value == top
    assert counter_positions(store.db, "WELD-2") == {}
    assert discontinuities_between(store.db, T0, later) == [jump]
    assert [b.good for b in counts_between(store.db, T0 - timedelta(minutes=1), later)] == [4]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE counter_discontinuities SET credited = 99")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM counter_discontinuities")


def test_parts_found_after_a_gap_are_spread_over_its_minutes() -> None:
    start = datetime(2026, 11, 23, 6, 0, 30, tzinfo=UTC)
    shares = spread(300, start, start + timedelta(minutes=2, seconds=30))
    assert sum(shares.values()) == 300
    assert list(shares.values()) == [60, 120, 120]
    assert spread(7, start, start) == {start.replace(second=0): 7}
    odd = spread(10, start, start + timedelta(minutes=3))
    assert sum(odd.values()) == 10
    assert max(odd.values()) - min(odd.values()) <= 2
