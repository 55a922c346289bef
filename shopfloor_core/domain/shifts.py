"""The shift calendar: which shift a moment belongs to, and how long a shift really is.

Shifts are planned in plant wall-clock time (the early shift starts at 06:00) but measured in
UTC. A shift's start and end are turned into UTC once, through the plant's IANA zone, and every
duration is a difference of UTC instants; local times are never subtracted. So the night shift
22:00-06:00 lasts 7 hours on the night the clocks spring forward and 9 hours when they fall back,
and a clock correction on the line PC changes no duration already stored.

A wall-clock time that does not exist (inside the spring-forward gap) or exists twice (inside
the fall-back hour) is resolved with ``fold=0``, Python's rule: the gap time maps to the instant
the clock jumps over it, the doubled hour to its first occurrence. Plants avoid boundaries there.

Patterns: every shift of the day on every day (3x8, 2x12), or a rotation of crews over a cycle
of days (4-crew continental rotations), where a day may leave a shift unmanned (``-``).
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.timeline import Interval

NO_CREW = "-"


@dataclass(frozen=True)
class PlannedBreak:
    """A break in plant time: it starts at ``start`` and lasts ``minutes`` of real time."""

    start: time
    minutes: int


@dataclass(frozen=True)
class ShiftDefinition:
    code: str  # short and stable: "E", "L", "N"
    name: str  # as the plant calls it; screens may translate known names
    start: time
    end: time  # at or before ``start`` means the next day
    breaks: tuple[PlannedBreak, ...] = ()

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


@dataclass(frozen=True)
class Rotation:
    """Which crew works which shift on each day of a cycle that began on ``anchor``."""

    anchor: date
    days: tuple[tuple[str, ...], ...]  # one tuple per day, one crew (or "-") per shift

    def crews_on(self, day: date) -> tuple[str, ...]:
        return self.days[(day - self.anchor).days % len(self.days)]


@dataclass(frozen=True)
class ShiftCalendar:
    """A versioned shift pattern in the plant's zone."""

    version: str
    pattern: str  # "3x8", "2x12", "4-crew 2x12", ... (for people; the data is below)
    zone: str
    shifts: tuple[ShiftDefinition, ...]
    rotation: Rotation | None = None

    def __post_init__(self) -> None:
        ZoneInfo(self.zone)  # fails early on an unknown zone
        if not self.shifts:
            raise ValueError("a shift calendar needs at least one shift")
        if self.rotation is not None:
            for crews in self.rotation.days:
                if len(crews) != len(self.shifts):
                    raise ValueError("each rotation day names one crew per shift")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    # -- shifts as instants ---------------------------------------------------------------------
    def shift_on(self, day: date, code: str) -> Shift | None:
        """The shift ``code`` that starts on local ``day``, or None when nobody works it."""
        for index, definition in enumerate(self.shifts):
            if definition.code == code:
                crew = ""
                if self.rotation is not None:
                    crew = self.rotation.crews_on(day)[index]
                    if crew == NO_CREW:
                        return None
                return self._make(day, definition, crew)
        return None

    def _make(self, day: date, definition: ShiftDefinition, crew: str) -> Shift:
        start = local_instant(day, definition.start, self.tz)
        end_day = day + timedelta(days=1) if definition.crosses_midnight else day
        end = local_instant(end_day, definition.end, self.tz)
        breaks: list[Interval] = []
        for planned in definition.breaks:
            # A break belongs to the shift's day unless its clock time comes before the start.
            break_day = day if planned.start >= definition.start else day + timedelta(days=1)
            begin = local_instant(break_day, planned.start, self.tz)
            breaks.append(Interval(begin, begin + timedelta(minutes=planned.minutes)))
        return Shift(
            shift_id=f"{day.isoformat()}.{definition.code}",
            code=definition.code,
            name=definition.name,
            crew=crew,
            day=day,
            start_utc=start,
            end_utc=end,
            breaks=tuple(b for b in breaks if b.start >= start and b.end and b.end <= end),
            calendar_version=self.version,
            zone=self.zone,
        )

    def shifts_overlapping(self, start: datetime, end: datetime) -> list[Shift]:
        """Every worked shift that overlaps ``[start, end)``, in time order."""
        tz = self.tz
        first = start.astimezone(tz).date() - timedelta(days=1)
        last = end.astimezone(tz).date()
        found: list[Shift] = []
        day = first
        while day <= last:
            for definition in self.shifts:
                shift = self.shift_on(day, definition.code)
                if shift is not None and shift.start_utc < end and shift.end_utc > start:
                    found.append(shift)
            day += timedelta(days=1)
        return sorted(found, key=lambda s: s.start_utc)

    def shift_at(self, moment: datetime) -> Shift | None:
        """The shift running at ``moment``, or None between shifts or on a day off."""
        for shift in self.shifts_overlapping(moment, moment + timedelta(microseconds=1)):
            if shift.start_utc <= moment < shift.end_utc:
                return shift
        return None

    def shift_by_id(self, shift_id: str) -> Shift:
        """The shift named ``YYYY-MM-DD.CODE``; a RuleViolation when no such shift is worked."""
        day_text, _, code = shift_id.partition(".")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            raise RuleViolation(
                "unknown_shift", f"{shift_id!r} is not a shift id (YYYY-MM-DD.CODE)"
            ) from None
        shift = self.shift_on(day, code)
        if shift is None:
            raise RuleViolation("unknown_shift", f"no shift {shift_id} in {self.version}")
        return shift

    def latest_shifts(self, until: datetime, count: int) -> list[Shift]:
        """The ``count`` most recent shifts that have started by ``until``, newest first."""
        found: list[Shift] = []
        span = timedelta(days=2)
        while len(found) < count and span < timedelta(days=400):
            found = [
                s for s in self.shifts_overlapping(until - span, until) if s.start_utc <= until
            ]
            span *= 2
        return list(reversed(found))[:count]


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``clock`` on ``day`` in ``zone`` (fold=0; see above)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Shift:
    """One worked shift, fixed in UTC."""

    shift_id: str
    code: str
    name: str
    crew: str
    day: date  # local date the shift starts on
    start_utc: datetime
    end_utc: datetime
    breaks: tuple[Interval, ...]
    calendar_version: str
    zone: str

    @property
    def duration(self) -> timedelta:
        return self.end_utc - self.start_utc

    @property
    def window(self) -> Interval:
        return Interval(self.start_utc, self.end_utc)

    def elapsed(self, now: datetime) -> Interval:
        """What of the shift has happened by ``now`` (all of it once it is over)."""
        return Interval(self.start_utc, max(self.start_utc, min(self.end_utc, now)))

    def break_time(self, until: datetime | None = None) -> timedelta:
        limit = self.end_utc if until is None else min(until, self.end_utc)
        return sum((span_within(b, self.start_utc, limit) for b in self.breaks), timedelta())


# -- splitting intervals at boundaries -----------------------------------------------------------
def clip(interval: Interval, start: datetime, end: datetime, now: datetime) -> Interval | None:
    """The part of ``interval`` inside ``[start, end)``; open intervals run until ``now``."""
    stop = interval.end if interval.end is not None else max(now, interval.start)
    begin, finish = max(interval.start, start), min(stop, end)
    return Interval(begin, finish) if finish > begin else None


def span_within(interval: Interval, start: datetime, end: datetime) -> timedelta:
    part = clip(interval, start, end, end)
    return part.end - part.start if part is not None and part.end is not None else timedelta()


def split_by_shift(
    interval: Interval, shifts: Sequence[Shift], now: datetime
) -> list[tuple[Shift, Interval]]:
    """The pieces of one event that fall in each shift, for reporting only.

    The event itself stays one event with one id; the pieces add up to the part of it that lies
    inside the shifts given.
    """
    pieces: list[tuple[Shift, Interval]] = []
    for shift in shifts:
        part = clip(interval, shift.start_utc, shift.end_utc, now)
        if part is not None:
            pieces.append((shift, part))
    return pieces


def union(intervals: Iterator[Interval] | Sequence[Interval]) -> list[Interval]:
    """Closed intervals merged where they overlap or touch, in time order."""
    merged: list[Interval] = []
    for item in sorted(i for i in intervals if i.end is not None):
        assert item.end is not None
        if merged and merged[-1].end is not None and item.start <= merged[-1].end:
            last = merged[-1]
            assert last.end is not None
            merged[-1] = Interval(last.start, max(last.end, item.end))
        else:
            merged.append(item)
    return merged


def subtract(intervals: Sequence[Interval], taken: Sequence[Interval]) -> list[Interval]:
    """``intervals`` (closed, disjoint, sorted) minus the union of ``taken``."""
    holes = union(taken)
    return [piece for item in intervals for piece in minus_holes(item, holes)]


def minus_holes(item: Interval, holes: Sequence[Interval]) -> list[Interval]:
    """The closed ``item`` minus ``holes``, which must be closed, disjoint and in time order.

    Only the holes that can touch ``item`` are visited (found by bisection), so a KPI window
    of a month with thousands of planned stops stays linear rather than quadratic.
    """
    assert item.end is not None
    result: list[Interval] = []
    cursor = item.start
    # Disjoint and sorted by start, so sorted by end too: skip every hole over before ``item``.
    first = bisect_right(holes, item.start, key=_end)
    for hole in holes[first:]:
        assert hole.end is not None
        if hole.start >= item.end:
            break
        if hole.start > cursor:
            result.append(Interval(cursor, hole.start))
        cursor = max(cursor, hole.end)
    if cursor < item.end:
        result.append(Interval(cursor, item.end))
    return result


def add_holes(holes: list[Interval], pieces: Sequence[Interval]) -> None:
    """Put ``pieces`` (closed, disjoint from ``holes`` and each other) into ``holes`` in order."""
    for piece in pieces:
        insort(holes, piece)


def _end(interval: Interval) -> datetime:
    assert interval.end is not None
    return interval.end


def total(intervals: Sequence[Interval]) -> timedelta:
    return sum(
        (i.end - i.start for i in intervals if i.end is not None),
        timedelta(),
    )
