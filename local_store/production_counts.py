"""Good and reject counts per machine in one-minute buckets (UTC, ISO text, minute-aligned).

Counts are also reported to the region: ``queue_count_reports`` puts what each bucket gained
since its last report into the outbox as a ``production_count`` record, in the transaction that
marks it reported, so every part reaches the region exactly once, however many flushes a
bucket took and however late its last parts came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import takewhile

from sqlite_utils import Database

from local_store.event_store import EventStore
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now
from shopfloor_core.domain.ids import new_id

BUCKET_SECONDS = 60
PRODUCTION_COUNT = "production_count"  # shopfloor_core/contract.py names the same kind
# A day of minutes per record at most (the contract's limit): a long backlog becomes several
# records of bounded size.
MAX_BUCKETS_PER_REPORT = 1440
# What the region accepts in a bucket (shopfloor_core/contract.py and the server say the same).
PLAUSIBLE_YEARS = (2000, 2100)
MAX_PARTS_A_MINUTE = 1_000_000


@dataclass(frozen=True)
class CountBucket:
    machine_id: str
    bucket_start: datetime
    good: int
    reject: int


def bucket_start(at: datetime) -> datetime:
    """The start of the one-minute bucket that ``at`` (aware) falls in."""
    return at.replace(second=0, microsecond=0)


def add_counts(db: Database, buckets: Iterable[CountBucket]) -> None:
    """Add parts to their buckets in one transaction; adding twice counts twice."""
    rows = [
        (b.machine_id, to_iso(bucket_start(b.bucket_start)), b.good, b.reject)
        for b in buckets
        if b.good or b.reject
    ]
    if not rows:
        return
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO production_counts (machine_id, bucket_utc, good, reject) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (machine_id, bucket_utc) DO UPDATE SET "
            "good = good + excluded.good, reject = reject + excluded.reject",
            rows,
        )


def counts_between(
    db: Database, start: datetime, end: datetime, machine_id: str | None = None
) -> list[CountBucket]:
    """Buckets whose start lies in [start, end), oldest first."""
    sql = (
        "SELECT machine_id, bucket_utc, good, reject FROM production_counts "
        "WHERE bucket_utc >= ? AND bucket_utc < ?"
    )
    params: list[object] = [to_iso(start), to_iso(end)]
    if machine_id is not None:
        sql += " AND machine_id = ?"
        params.append(machine_id)
    sql += " ORDER BY bucket_utc, machine_id"
    return [
        CountBucket(row[0], from_iso(row[1]), int(row[2]), int(row[3]))
        for row in db.execute(sql, params).fetchall()
    ]


def queue_count_reports(
    store: EventStore,
    ideal_cycle_s: Callable[[str], float | None],
    *,
    now: datetime | None = None,
) -> int:
    """Queue what every bucket gained since it was last reported; the number of records.

    One record per machine (more for a backlog over ``MAX_BUCKETS_PER_REPORT`` minutes), with
    the machine's ideal cycle time in force now. Each record is its own short transaction with
    the marks of the buckets it carries: a year of history reported after an upgrade never
    holds the store's write lock for longer than one record takes, so captures go on.
    """
    db = store.db
    stamp = to_iso(now or utc_now())
    queued = 0
    while True:
        with db.atomic():
            rows = db.execute(
                "SELECT machine_id, bucket_utc, good - reported_good, reject - reported_reject "
                "FROM production_counts WHERE good > reported_good OR reject > reported_reject "
                "ORDER BY machine_id, bucket_utc LIMIT ?",
                [MAX_BUCKETS_PER_REPORT],
            ).fetchall()
            if not rows:
                return queued
            machine_id = rows[0][0]
            mine = [(b, max(g, 0), max(r, 0)) for m, b, g, r in rows if m == machine_id]
            # Buckets the region refuses (a PC clock far off, a counter gone wild) go in
            # reports of their own, so they cannot take good minutes into quarantine with them.
            chunk = _leading_run(mine)
            report_id = new_id()
            store.enqueue(
                PRODUCTION_COUNT,
                report_id,
                {
                    "report_id": report_id,
                    "machine_id": machine_id,
                    "ideal_cycle_time_s": ideal_cycle_s(machine_id),
                    "buckets": [{"bucket_utc": b, "good": g, "reject": r} for b, g, r in chunk],
                    "first_bucket_utc": chunk[0][0],
                    "end_utc": to_iso(from_iso(chunk[-1][0]) + timedelta(seconds=BUCKET_SECONDS)),
                    "recorded_utc": stamp,
                },
            )
            db.conn.execute(
                "UPDATE production_counts SET reported_good = good, reported_reject = reject "
                "WHERE machine_id = ? AND bucket_utc BETWEEN ? AND ? "
                "AND (good > reported_good OR reject > reported_reject)",
                [machine_id, chunk[0][0], chunk[-1][0]],
            )
            queued += 1


def _leading_run(rows: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The first rows that are all plausible, or all not."""
    kind = _plausible(rows[0])
    return list(takewhile(lambda row: _plausible(row) == kind, rows))


def _plausible(row: tuple[str, int, int]) -> bool:
    bucket, good, reject = row
    return (
        PLAUSIBLE_YEARS[0] <= int(bucket[:4]) <= PLAUSIBLE_YEARS[1]
        and good <= MAX_PARTS_A_MINUTE
        and reject <= MAX_PARTS_A_MINUTE
    )
