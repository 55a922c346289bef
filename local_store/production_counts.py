"""Good and reject counts per machine in one-minute buckets (UTC, ISO text, minute-aligned)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from operator_app.domain.clock import from_iso, to_iso

BUCKET_SECONDS = 60


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
