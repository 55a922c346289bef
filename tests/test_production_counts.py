from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_store import EventStore
from local_store.production_counts import (
    MAX_BUCKETS_PER_REPORT,
    PRODUCTION_COUNT,
    CountBucket,
    add_counts,
    counts_between,
    queue_count_reports,
)
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import to_iso


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


def reported(store: EventStore) -> tuple[dict[tuple[str, str], tuple[int, int]], list[dict]]:
    """What the outbox's count reports add up to per (machine, bucket), and the reports."""
    reports = [
        json.loads(payload)
        for (payload,) in store.db.execute(
            "SELECT payload FROM outbox WHERE record_kind = ? ORDER BY seq", [PRODUCTION_COUNT]
        ).fetchall()
    ]
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for report in reports:
        for bucket in report["buckets"]:
            key = (report["machine_id"], bucket["bucket_utc"])
            good, reject = sums.get(key, (0, 0))
            sums[key] = (good + bucket["good"], reject + bucket["reject"])
    return sums, reports


def stored(store: EventStore) -> dict[tuple[str, str], tuple[int, int]]:
    rows = store.db.execute(
        "SELECT machine_id, bucket_utc, good, reject FROM production_counts"
    ).fetchall()
    return {(m, b): (g, r) for m, b, g, r in rows}


def cycle(machine_id: str) -> float | None:
    return {"PRESS-1": 2.5}.get(machine_id)


def test_count_reports_carry_every_part_to_the_outbox_once(store: EventStore) -> None:
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    add_counts(store.db, [CountBucket("PRESS-1", t0, 10, 1), CountBucket("WELD-2", t0, 4, 0)])
    assert queue_count_reports(store, cycle) == 2
    # Late parts of a bucket already reported, and a new bucket: only what is new goes.
    add_counts(store.db, [CountBucket("PRESS-1", t0, 3, 0)])
    add_counts(store.db, [CountBucket("PRESS-1", t0 + timedelta(minutes=1), 7, 2)])
    assert queue_count_reports(store, cycle) == 1
    assert queue_count_reports(store, cycle) == 0  # nothing new, nothing sent

    sums, reports = reported(store)
    assert sums == stored(store)
    last = reports[-1]
    assert last["machine_id"] == "PRESS-1"
    assert last["ideal_cycle_time_s"] == 2.5
    assert [(b["good"], b["reject"]) for b in last["buckets"]] == [(3, 0), (7, 2)]
    assert last["first_bucket_utc"] == to_iso(t0)
    assert last["end_utc"] == to_iso(t0 + timedelta(minutes=2))
    assert (
        last["report_id"]
        == store.db.execute("SELECT record_id FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()[0]
    )
    assert {r["machine_id"]: r["ideal_cycle_time_s"] for r in reports}["WELD-2"] is None


def test_a_long_backlog_is_reported_in_records_of_at_most_a_day(store: EventStore) -> None:
    t0 = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    minutes = MAX_BUCKETS_PER_REPORT + 100
    add_counts(
        store.db,
        [CountBucket("PRESS-1", t0 + timedelta(minutes=i), 1, 0) for i in range(minutes)],
    )
    assert queue_count_reports(store, cycle) == 2
    sums, reports = reported(store)
    assert [len(r["buckets"]) for r in reports] == [MAX_BUCKETS_PER_REPORT, 100]
    assert sum(good for good, _ in sums.values()) == minutes


def test_counts_made_before_reports_existed_reach_the_region(site: SiteConfig) -> None:
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    store = EventStore.open(site.database_path)
    add_counts(store.db, [CountBucket("PRESS-1", t0, 12, 1)])
    # As a store of schema 6 held them: counts, and no record of what was reported.
    store.db.execute("DROP INDEX idx_production_counts_unreported")
    store.db.execute("ALTER TABLE production_counts DROP COLUMN reported_good")
    store.db.execute("ALTER TABLE production_counts DROP COLUMN reported_reject")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_count_reports'")
    store.close()
    store = EventStore.open(site.database_path)
    try:
        assert queue_count_reports(store, cycle) == 1
        assert reported(store)[0] == {("PRESS-1", to_iso(t0)): (12, 1)}
    finally:
        store.close()


flushes = st.lists(
    st.tuples(
        st.sampled_from(["PRESS-1", "WELD-2"]),
        st.integers(min_value=0, max_value=5),  # minute
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=0, max_value=5),
        st.booleans(),  # report after this flush
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=flushes)
def test_reports_add_up_to_the_counts_whatever_the_order_of_flushes_and_reports(
    site: SiteConfig, steps: list[tuple[str, int, int, int, bool]]
) -> None:
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    store = EventStore.open(site.database_path)
    try:
        store.db.execute("DELETE FROM production_counts")
        store.db.execute("DELETE FROM outbox")
        for machine, minute, good, reject, report in steps:
            add_counts(
                store.db, [CountBucket(machine, t0 + timedelta(minutes=minute), good, reject)]
            )
            if report:
                queue_count_reports(store, cycle)
        queue_count_reports(store, cycle)
        sums, reports = reported(store)
        assert sums == stored(store)
        for report in reports:
            assert report["buckets"]
            assert all(b["good"] or b["reject"] for b in report["buckets"])
    finally:
        store.close()


def test_buckets_the_region_would_refuse_go_in_reports_of_their_own(store: EventStore) -> None:
    # A line PC that booted with its clock in 1970 before time sync, then counted normally.
    early = datetime(1970, 1, 1, 0, 5, tzinfo=UTC)
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    add_counts(store.db, [CountBucket("PRESS-1", early, 3, 0)])
    add_counts(
        store.db, [CountBucket("PRESS-1", t0 + timedelta(minutes=i), 5, 0) for i in range(3)]
    )
    assert queue_count_reports(store, cycle) == 2
    sums, reports = reported(store)
    assert [[b["bucket_utc"][:4] for b in r["buckets"]] for r in reports] == [
        ["1970"],
        ["2026", "2026", "2026"],
    ]
    assert sums == stored(store)
