"""Following PLC counters across client restarts, and what went wrong with them.

``save_counting`` writes a flush's part counts together with the last reading of every counter
(its *position*) and the counter discontinuities seen since the last flush, in one transaction:
the parts credited and the reading they were credited up to never part, so a client started
again after a crash credits what the counter moved on since that reading, exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from local_store.production_counts import CountBucket, add_counts
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now
from shopfloor_core.domain.ids import new_id

_INT64 = 1 << 64
_INT64_MAX = (1 << 63) - 1


@dataclass(frozen=True)
class CounterPosition:
    machine_id: str
    tag: str
    value: int  # as the counter's unsigned bit pattern
    read_at: datetime
    source: str = ""  # where and how it was read ("holding_register 0 uint32 CDAB")


@dataclass(frozen=True)
class CounterDiscontinuity:
    """A reset, an impossible jump or a gap of one counter, as a supervisor sees it."""

    machine_id: str
    tag: str
    kind: str  # "reset", "jump", "gap"
    before: int | None
    after: int
    before_at: datetime | None
    at: datetime
    credited: int
    preset: int = 0


def _to_sql(value: int) -> int:
    # A 64-bit counter's pattern above 2**63 is kept as SQLite's signed integer of the same bits.
    return value - _INT64 if value > _INT64_MAX else value


def _from_sql(value: int) -> int:
    return value + _INT64 if value < 0 else value


def save_counting(
    db: Database,
    buckets: Iterable[CountBucket],
    positions: Iterable[CounterPosition],
    discontinuities: Iterable[CounterDiscontinuity] = (),
    *,
    now: datetime | None = None,
) -> None:
    """Add ``buckets`` and move the counters' positions on, in one transaction."""
    stamp = to_iso(now or utc_now())
    moved = [
        (p.machine_id, p.tag, _to_sql(p.value), to_iso(p.read_at), p.source) for p in positions
    ]
    seen = [
        (
            new_id(),
            d.machine_id,
            d.tag,
            d.kind,
            None if d.before is None else _to_sql(d.before),
            _to_sql(d.after),
            None if d.before_at is None else to_iso(d.before_at),
            to_iso(d.at),
            d.credited,
            d.preset,
            stamp,
        )
        for d in discontinuities
    ]
    with db.atomic():
        add_counts(db, buckets)
        db.conn.executemany(
            "INSERT INTO counter_positions (machine_id, tag, value, read_utc, source) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (machine_id, tag) DO UPDATE SET "
            "value = excluded.value, read_utc = excluded.read_utc, source = excluded.source",
            moved,
        )
        db.conn.executemany(
            "INSERT INTO counter_discontinuities (discontinuity_id, machine_id, tag, kind, "
            "before_value, after_value, before_utc, at_utc, credited, preset, recorded_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            seen,
        )


def counter_positions(db: Database, machine_id: str) -> dict[str, CounterPosition]:
    """The kept position of each counter tag of ``machine_id``, by tag name."""
    rows = db.execute(
        "SELECT tag, value, read_utc, source FROM counter_positions WHERE machine_id = ?",
        [machine_id],
    ).fetchall()
    return {
        tag: CounterPosition(machine_id, tag, _from_sql(int(value)), from_iso(read), source)
        for tag, value, read, source in rows
    }


def discontinuities_between(
    db: Database, start: datetime, end: datetime, machine_id: str | None = None
) -> list[CounterDiscontinuity]:
    """Discontinuities seen in [start, end), oldest first."""
    sql = (
        "SELECT machine_id, tag, kind, before_value, after_value, before_utc, at_utc, credited, "
        "preset FROM counter_discontinuities WHERE at_utc >= ? AND at_utc < ?"
    )
    params: list[object] = [to_iso(start), to_iso(end)]
    if machine_id is not None:
        sql += " AND machine_id = ?"
        params.append(machine_id)
    sql += " ORDER BY at_utc, machine_id, tag"
    return [
        CounterDiscontinuity(
            machine,
            tag,
            kind,
            None if before is None else _from_sql(int(before)),
            _from_sql(int(after)),
            None if before_at is None else from_iso(before_at),
            from_iso(at),
            int(credited),
            int(preset),
        )
        for machine, tag, kind, before, after, before_at, at, credited, preset in db.execute(
            sql, params
        ).fetchall()
    ]
