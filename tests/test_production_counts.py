from __future__ import annotations

from datetime import UTC, datetime, timedelta

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts, counts_between


def test_counts_add_up_per_minute_bucket(store: EventStore) -> None:
    t0 = datetime(2026, 11, 23, 6, 0, 12, tzinfo=UTC)
    add_counts(store.db, [CountBucket("PRESS-1", t0, 3, 1)])
    add_counts(store.db, [CountBucket("PRESS-1", t0 + timedelta(seconds=30), 2, 0)])
    add_counts(store.db, [CountBucket("PRESS-1", t0 + timedelta(minutes=1), 5, 0)])
    add_counts(store.db, [CountBucket("WELD-2", t0, 0, 0)])  # nothing made, nothing stored
    buckets = counts_between(store.db, t0 - timedelta(hours=1), t0 + timedelta(hours=1))
    assert [(b.machine_id, b.bucket_start.minute, b.good, b.reject) for b in buckets] == [
        ("PRESS-1", 0, 5, 1),
        ("PRESS-1", 1, 5, 0),
    ]
    assert counts_between(store.db, t0, t0 + timedelta(hours=1), "WELD-2") == []
