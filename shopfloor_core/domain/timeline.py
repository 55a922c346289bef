"""One timeline per machine: downtime events never overlap.

Reports reach the client in any order: the PLC's detected stop may arrive after the operator
already entered one, and an operator may back-date a stop. Whatever arrives later only fills
the gaps that earlier records left; a report wholly covered by recorded downtime adds nothing.
The union of downtime stays the union of everything reported, and no instant is counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span ``[start, end)``; ``end is None`` means still going on."""

    start: datetime
    end: datetime | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("interval ends before it starts")

    def overlaps(self, other: Interval) -> bool:
        self_end_after = self.end is None or self.end > other.start
        other_end_after = other.end is None or other.end > self.start
        return self_end_after and other_end_after


def free_parts(recorded: Iterable[Interval], reported: Interval) -> list[Interval]:
    """The parts of ``reported`` that no ``recorded`` interval covers, in time order.

    Empty intervals (start == end) are never returned: a zero-length downtime means nothing.
    """
    parts: list[Interval] = []
    cursor: datetime | None = reported.start
    for taken in sorted(i for i in recorded if i.overlaps(reported)):
        if cursor is None:
            break
        if taken.start > cursor:
            gap_end = taken.start if reported.end is None else min(taken.start, reported.end)
            if gap_end > cursor:
                parts.append(Interval(cursor, gap_end))
        if taken.end is None:
            cursor = None
        elif taken.end > cursor:
            cursor = taken.end
    if cursor is not None and (reported.end is None or reported.end > cursor):
        parts.append(Interval(cursor, reported.end))
    return parts


def conflicts(recorded: Iterable[Interval], candidate: Interval) -> list[Interval]:
    """The recorded intervals a corrected event would overlap (empty means it fits)."""
    return [i for i in recorded if i.overlaps(candidate) and i.start != i.end]
