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
from local_store.job_in_force import job_in_force
from local_store.jobs import open_changeover
from shopfloor_core.domain.changeover import end_changeover
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.jobs import JobInForce

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
    """Parts of one machine in one minute under one job.

    Written with ``bucket_start`` the moment the parts were made (any time within the minute):
    the store gives them to the job in force then. Read back, it is the minute's start, with
    the job and product the parts belong to (None: no job ran).
    """

    machine_id: str
    bucket_start: datetime
    good: int
    reject: int
    job_id: str | None = None
    product_code: str | None = None
    products_version: str | None = None


def bucket_start(at: datetime) -> datetime:
    """The start of the one-minute bucket that ``at`` (aware) falls in."""
    return at.replace(second=0, microsecond=0)


def add_counts(db: Database, buckets: Iterable[CountBucket]) -> None:
    """Add parts to their buckets in one transaction; adding twice counts twice.

    Each part goes to the job in force on its machine when it was made (a minute in which one
    job ended and the next began is split at the change), and a job's first good part ends
    the changeover into it.
    """
    wanted = [b for b in buckets if b.good or b.reject]
    if not wanted:
        return
    with db.atomic():
        rows = []
        first_good: dict[str, datetime] = {}
        for b in wanted:
            job = (
                job_in_force(db, b.machine_id, b.bucket_start)
                if b.job_id is None
                else JobInForce(b.job_id, b.product_code or "", b.products_version or "")
            )
            rows.append(
                (
                    b.machine_id,
                    to_iso(bucket_start(b.bucket_start)),
                    job.job_id if job else "",
                    job.product_code if job else None,
                    job.products_version if job else None,
                    b.good,
                    b.reject,
                )
            )
            if job is not None and b.good:
                seen = first_good.get(job.job_id)
                first_good[job.job_id] = min(seen, b.bucket_start) if seen else b.bucket_start
        db.conn.executemany(
            "INSERT INTO production_counts (machine_id, bucket_utc, job_id, product_code, "
            "products_version, good, reject) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (machine_id, bucket_utc, job_id) DO UPDATE SET "
            "good = good + excluded.good, reject = reject + excluded.reject",
            rows,
        )
        for job_id, at in first_good.items():
            _end_changeover(db, job_id, at)


def _end_changeover(db: Database, job_id: str, first_good: datetime) -> None:
    store = EventStore(db)
    changeover = open_changeover(store, job_id)
    if changeover is not None:
        store.append([end_changeover(changeover, first_good, utc_now())])


def counts_between(
    db: Database, start: datetime, end: datetime, machine_id: str | None = None
) -> list[CountBucket]:
    """Buckets whose start lies in [start, end), oldest first."""
    sql = (
        "SELECT machine_id, bucket_utc, good, reject, nullif(job_id, ''), product_code, "
        "products_version FROM production_counts WHERE bucket_utc >= ? AND bucket_utc < ?"
    )
    params: list[object] = [to_iso(start), to_iso(end)]
    if machine_id is not None:
        sql += " AND machine_id = ?"
        params.append(machine_id)
    sql += " ORDER BY bucket_utc, machine_id, job_id"
    return [
        CountBucket(row[0], from_iso(row[1]), int(row[2]), int(row[3]), row[4], row[5], row[6])
        for row in db.execute(sql, params).fetchall()
    ]


@dataclass(frozen=True)
class _Unreported:
    bucket_utc: str
    good: int
    reject: int
    job_id: str
    product_code: str | None
    products_version: str | None


def queue_count_reports(
    store: EventStore,
    ideal_cycle_s: Callable[[str], float | None],
    *,
    now: datetime | None = None,
    ideal_s_per_part: Callable[[str, str], float | None] = lambda _machine, _product: None,
) -> int:
    """Queue what every bucket gained since it was last reported; the number of records.

    One record per machine (more for a backlog over ``MAX_BUCKETS_PER_REPORT`` minutes), with
    the machine's ideal cycle time in force now. Each record is its own short transaction with
    the marks of the buckets it carries: a year of history reported after an upgrade never
    holds the store's write lock for longer than one record takes, so captures go on.

    A bucket made under a job carries the job, its product and products version, and
    ``ideal_s_per_part(machine, product)``: the product's ideal time per part on the machine
    (contract v2); a minute split between two jobs is two buckets of the same ``bucket_utc``.
    """
    db = store.db
    stamp = to_iso(now or utc_now())
    queued = 0
    while True:
        with db.atomic():
            rows = db.execute(
                "SELECT machine_id, bucket_utc, good - reported_good, reject - reported_reject, "
                "job_id, product_code, products_version "
                "FROM production_counts WHERE good > reported_good OR reject > reported_reject "
                "ORDER BY machine_id, bucket_utc, job_id LIMIT ?",
                [MAX_BUCKETS_PER_REPORT],
            ).fetchall()
            if not rows:
                return queued
            machine_id = rows[0][0]
            mine = [
                _Unreported(b, max(g, 0), max(r, 0), job, product, version)
                for m, b, g, r, job, product, version in rows
                if m == machine_id
            ]
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
                    "buckets": [_bucket(machine_id, u, ideal_s_per_part) for u in chunk],
                    "first_bucket_utc": chunk[0].bucket_utc,
                    "end_utc": to_iso(
                        from_iso(chunk[-1].bucket_utc) + timedelta(seconds=BUCKET_SECONDS)
                    ),
                    "recorded_utc": stamp,
                },
            )
            db.conn.executemany(
                "UPDATE production_counts SET reported_good = good, reported_reject = reject "
                "WHERE machine_id = ? AND bucket_utc = ? AND job_id = ?",
                [(machine_id, u.bucket_utc, u.job_id) for u in chunk],
            )
            queued += 1


def _bucket(
    machine_id: str, row: _Unreported, rate: Callable[[str, str], float | None]
) -> dict[str, object]:
    bucket: dict[str, object] = {"bucket_utc": row.bucket_utc, "good": row.good}
    bucket["reject"] = row.reject
    if row.job_id:
        bucket["job_id"] = row.job_id
        bucket["product_code"] = row.product_code
        bucket["products_version"] = row.products_version
        bucket["ideal_s_per_part"] = rate(machine_id, row.product_code or "")
    return bucket


def _leading_run(rows: list[_Unreported]) -> list[_Unreported]:
    """The first rows that are all plausible, or all not."""
    kind = _plausible(rows[0])
    return list(takewhile(lambda row: _plausible(row) == kind, rows))


def _plausible(row: _Unreported) -> bool:
    bucket, good, reject = row.bucket_utc, row.good, row.reject
    return (
        PLAUSIBLE_YEARS[0] <= int(bucket[:4]) <= PLAUSIBLE_YEARS[1]
        and good <= MAX_PARTS_A_MINUTE
        and reject <= MAX_PARTS_A_MINUTE
    )
