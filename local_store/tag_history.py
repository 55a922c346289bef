"""Machine tag values at one-second resolution, kept for a configurable number of days.

A second holds the last value read in it; bools are stored as 0/1. Times are whole UNIX
seconds (UTC): trends query ranges of them and never need text dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database


@dataclass(frozen=True)
class TagPoint:
    machine_id: str
    tag: str
    second: int
    value: float | None
    quality: str


def to_second(at: datetime) -> int:
    return int(at.timestamp())


def record_points(db: Database, points: Iterable[TagPoint]) -> int:
    """Write points in one transaction; a second already stored takes the newer value."""
    rows = [(p.machine_id, p.tag, p.second, p.value, p.quality) for p in points]
    if not rows:
        return 0
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO tag_history (machine_id, tag, second, value, quality) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (machine_id, tag, second) DO UPDATE SET "
            "value = excluded.value, quality = excluded.quality",
            rows,
        )
    return len(rows)


def points_between(
    db: Database, machine_id: str, tags: Sequence[str], start: datetime, end: datetime
) -> dict[str, list[tuple[int, float | None, str]]]:
    """Per tag, (second, value, quality) in [start, end), oldest first."""
    out: dict[str, list[tuple[int, float | None, str]]] = {tag: [] for tag in tags}
    if not tags:
        return out
    marks = ", ".join("?" for _ in tags)
    rows = db.execute(
        "SELECT tag, second, value, quality FROM tag_history "
        f"WHERE machine_id = ? AND tag IN ({marks}) AND second >= ? AND second < ? "
        "ORDER BY tag, second",
        [machine_id, *tags, to_second(start), to_second(end)],
    ).fetchall()
    for tag, second, value, quality in rows:
        out[tag].append((int(second), None if value is None else float(value), str(quality)))
    return out


def prune(db: Database, machine_id: str, keep: timedelta, now: datetime) -> int:
    """Delete this machine's points older than ``keep``; returns how many went."""
    cursor = db.execute(
        "DELETE FROM tag_history WHERE machine_id = ? AND second < ?",
        [machine_id, to_second(now - keep)],
    )
    return int(cursor.rowcount)
