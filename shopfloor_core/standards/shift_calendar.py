"""The ``[shifts]`` table of the site file, and the region's default calendar.

A site names one of the region's patterns (``pattern = "2x12"``) or writes its own with a
``version`` of its own; without a ``[shifts]`` table the region's default pattern applies.
The same reader checks the bundled JSON and the TOML table, and reports one line per problem
naming the key, like the rest of the site file.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from importlib import resources
from typing import Any, Protocol

from shopfloor_core.domain.shifts import (
    NO_CREW,
    PlannedBreak,
    Rotation,
    ShiftCalendar,
    ShiftDefinition,
)
from shopfloor_core.standards.reader import Problems, TableReader, toml_type

CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
CODE = re.compile(r"^[A-Z0-9]{1,4}$")
MAX_SHIFTS_PER_DAY = 4
MAX_ROTATION_DAYS = 56


class ShiftCalendarError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def regional_calendars() -> dict[str, Any]:
    text = (
        resources.files("shopfloor_core.standards")
        .joinpath("shift_calendar.json")
        .read_text("utf-8")
    )
    document: dict[str, Any] = json.loads(text)
    return document


def default_calendar(zone: str) -> ShiftCalendar:
    """The region's default pattern in ``zone``; the bundled file is checked by the tests."""
    document = regional_calendars()
    problems = Problems()
    calendar = _regional(document, str(document.get("default", "")), zone, "shifts", problems)
    if calendar is None:
        raise ShiftCalendarError(list(problems))
    return calendar


def read_shift_calendar(raw: object, zone: str, problems: Problems) -> ShiftCalendar | None:
    """The calendar the site's ``[shifts]`` value asks for; problems go to ``problems``."""
    if raw is None:
        return default_calendar(zone)
    reader = TableReader(raw, "shifts", problems)
    pattern = reader.string("pattern", "")
    if "shift" not in reader.table:
        if not pattern:
            problems.add(
                "shifts.pattern", "is required unless the site lists its own [[shifts.shift]]"
            )
            reader.finish()
            return None
        reader.finish()
        return _regional(regional_calendars(), pattern, zone, "shifts.pattern", problems)
    version = reader.identifier("version")
    calendar = _read_pattern(reader, version or "", pattern or "site", zone)
    reader.finish()
    return calendar


def followed_pattern(raw: object) -> str | None:
    """The regional pattern a ``[shifts]`` value follows ("" = the default), None for its own."""
    if raw is None:
        return ""
    if isinstance(raw, dict) and "shift" not in raw:
        pattern = raw.get("pattern", "")
        return pattern if isinstance(pattern, str) else None
    return None


def regional_calendar(
    document: dict[str, Any], pattern: str, zone: str, problems: Problems
) -> ShiftCalendar | None:
    """``pattern`` ("" = the document's default) of a regional calendar document, in ``zone``."""
    chosen = pattern or str(document.get("default", ""))
    key = "pattern" if pattern else "default"
    return _regional(document, chosen, zone, key, problems)


def _regional(
    document: dict[str, Any], pattern: str, zone: str, key: str, problems: Problems
) -> ShiftCalendar | None:
    patterns = document.get("patterns", {})
    if pattern not in patterns:
        names = ", ".join(sorted(patterns))
        problems.add(key, f"{pattern!r} is not a regional shift pattern ({names})")
        return None
    reader = TableReader(patterns[pattern], f"patterns.{pattern}", problems)
    version = f"{document.get('version', '?')}/{pattern}"
    calendar = _read_pattern(reader, version, pattern, zone)
    reader.finish()
    return calendar


def _read_pattern(
    reader: TableReader, version: str, pattern: str, zone: str
) -> ShiftCalendar | None:
    problems = reader.problems
    before = len(problems)
    label = reader.string("name", "")
    shifts: list[ShiftDefinition] = []
    codes: set[str] = set()
    entries = list(reader.array_of_tables("shift", required=True))
    if len(entries) > MAX_SHIFTS_PER_DAY:
        problems.add(reader.key("shift"), f"at most {MAX_SHIFTS_PER_DAY} shifts a day")
    for entry in entries:
        code = entry.string("code", pattern=CODE, hint="1 to 4 capital letters or digits")
        name = entry.string("name")
        start = _clock(entry, "start")
        end = _clock(entry, "end")
        breaks = []
        for item in entry.array_of_tables("breaks"):
            begin = _clock(item, "start")
            minutes = item.integer("minutes", low=1, high=180)
            item.finish()
            if begin is not None and minutes is not None:
                breaks.append(PlannedBreak(begin, minutes))
        entry.finish()
        if code in codes:
            problems.add(entry.key("code"), f"{code!r} is used by another shift")
            continue
        if start is not None and end is not None and start == end and len(entries) > 1:
            problems.add(entry.key("end"), "a 24-hour shift leaves no room for another one")
        if code:
            codes.add(code)
        if code and name and start is not None and end is not None:
            shifts.append(ShiftDefinition(code, name, start, end, tuple(breaks)))
    rotation = _read_rotation(reader, len(entries))
    if len(problems) > before or not shifts or not version:
        return None
    return ShiftCalendar(
        version=version,
        pattern=label or pattern,
        zone=zone,
        shifts=tuple(shifts),
        rotation=rotation,
    )


def _read_rotation(reader: TableReader, shift_count: int) -> Rotation | None:
    table = reader.table_of("rotation")
    if table is None:
        return None
    anchor_text = table.string(
        "anchor", pattern=re.compile(r"^\d{4}-\d{2}-\d{2}$"), hint="a date like 2026-01-05"
    )
    anchor: date | None = None
    if anchor_text:
        try:
            anchor = date.fromisoformat(anchor_text)
        except ValueError:
            table.problems.add(table.key("anchor"), f"{anchor_text!r} is not a calendar date")
    days_raw = table._raw("days")
    days: list[tuple[str, ...]] = []
    key = table.key("days")
    if not isinstance(days_raw, list) or not days_raw:
        table.problems.add(key, "must be a non-empty array of days, each an array of crews")
    elif len(days_raw) > MAX_ROTATION_DAYS:
        table.problems.add(key, f"at most {MAX_ROTATION_DAYS} days in a rotation cycle")
    else:
        for index, day in enumerate(days_raw):
            if (
                not isinstance(day, list)
                or len(day) != shift_count
                or not all(isinstance(c, str) and c for c in day)
            ):
                table.problems.add(
                    f"{key}[{index}]",
                    f"must name {shift_count} crew(s), one per shift, or '{NO_CREW}' for none",
                )
                continue
            days.append(tuple(day))
    table.finish()
    if anchor is None or not isinstance(days_raw, list) or len(days) != len(days_raw):
        return None
    return Rotation(anchor, tuple(days))


def _clock(reader: TableReader, name: str) -> time | None:
    if name not in reader.table:
        reader.string(name)  # reports "is required" like every other key
        return None
    value = reader._raw(name)
    if isinstance(value, time):  # a TOML local time such as 06:00:00
        if value.second or value.microsecond or value.tzinfo is not None:
            reader.problems.add(reader.key(name), "must be a whole minute without a zone")
            return None
        return value
    if isinstance(value, str) and (match := CLOCK.match(value)):
        return time(int(match.group(1)), int(match.group(2)))
    shown = repr(value) if isinstance(value, str) else toml_type(value)
    reader.problems.add(reader.key(name), f"must be a time like 06:00, not {shown}")
    return None


class SiteShifts(Protocol):
    """What a site's configuration says of its shifts (the client's ``SiteConfig``)."""

    @property
    def shifts(self) -> object: ...

    @property
    def timezone(self) -> str: ...


def calendar_of(site: SiteShifts) -> ShiftCalendar:
    """The site's calendar (parsed by the loader), or the region's default in its zone."""
    if isinstance(site.shifts, ShiftCalendar):
        return site.shifts
    return default_calendar(site.timezone)
