"""The shift calendar form: one pattern of the region's calendar, its shifts, breaks and days.

The region's ``shift_calendar`` section names patterns ("3x8", "2x12"...) and the default one;
a plant follows one of them from its site file. The form changes one pattern (or adds one under
a new key): each shift's code, name, start and end, up to ``BREAKS`` breaks a shift, and on
which days of the week the shifts run. Days are kept as the pattern's weekly crew rotation
(``"-"`` for a day without crew), as the line PC reads it; a pattern whose crews rotate over
more than a week keeps its rotation, and only its shifts' times change here.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date, timedelta
from typing import Any

from regional_server.proposal_forms import Fields, FormProblems, new_version
from regional_server.proposals import Refused
from shopfloor_core.domain.shifts import NO_CREW
from shopfloor_core.standards.reader import Problems
from shopfloor_core.standards.shift_calendar import (
    CLOCK,
    CODE,
    MAX_SHIFTS_PER_DAY,
    regional_calendar,
)

SHIFTS = MAX_SHIFTS_PER_DAY  # rows the form offers
BREAKS = 3  # break rows a shift offers
WEEK = 7
KEY_LENGTH = 40
# A weekly rotation starts on a Monday unless the pattern in force says otherwise.
MONDAY = date(2026, 1, 5)


def patterns_of(in_force: Any) -> dict[str, Any]:
    patterns = in_force.get("patterns") if isinstance(in_force, dict) else None
    return patterns if isinstance(patterns, dict) else {}


def weekly(pattern: Any) -> bool:
    """Whether the pattern's days are a week (or every day): what the form's day boxes show."""
    rotation = pattern.get("rotation") if isinstance(pattern, dict) else None
    return not isinstance(rotation, dict) or len(rotation.get("days") or []) == WEEK


def _anchor(pattern: Any) -> date:
    rotation = pattern.get("rotation") if isinstance(pattern, dict) else None
    try:
        return date.fromisoformat(str((rotation or {}).get("anchor")))
    except ValueError:
        return MONDAY


def worked_weekdays(pattern: Any) -> set[int]:
    """The weekdays (0 = Monday) on which at least one shift of ``pattern`` has a crew."""
    rotation = pattern.get("rotation") if isinstance(pattern, dict) else None
    if not isinstance(rotation, dict):
        return set(range(WEEK))
    anchor = _anchor(pattern)
    return {
        (anchor + timedelta(days=i)).weekday()
        for i, crews in enumerate(rotation.get("days") or [])
        if isinstance(crews, list) and any(c != NO_CREW for c in crews)
    }


def pattern_fields(key: str, in_force: Any) -> dict[str, str]:
    """The form's fields for pattern ``key`` in force (empty rows for a new one)."""
    pattern = patterns_of(in_force).get(key)
    pattern = pattern if isinstance(pattern, dict) else {}
    fields = {"pattern": key, "name": str(pattern.get("name", ""))}
    if key and key == (in_force or {}).get("default"):
        fields["default"] = "yes"
    for n, shift in enumerate((pattern.get("shift") or [])[:SHIFTS]):
        shift = shift if isinstance(shift, dict) else {}
        for field, name in (("shift_code", "code"), ("shift_name", "name")):
            fields[f"{field}_{n}"] = str(shift.get(name, ""))
        fields[f"start_{n}"] = str(shift.get("start", ""))
        fields[f"end_{n}"] = str(shift.get("end", ""))
        # Every break in force gets its fields: the form shows as many as the busiest shift has.
        for m, pause in enumerate(shift.get("breaks") or []):
            pause = pause if isinstance(pause, dict) else {}
            fields[f"break_start_{n}_{m}"] = str(pause.get("start", ""))
            fields[f"break_minutes_{n}_{m}"] = str(pause.get("minutes", ""))
    if pattern and weekly(pattern):
        for day in worked_weekdays(pattern):
            fields[f"day_{day}"] = "yes"
    return fields


def break_rows(fields: Fields) -> int:
    """Break fields a shift row has: ``BREAKS``, or more where a shift in force has more."""
    rows = BREAKS
    while any(f"break_start_{n}_{rows}" in fields for n in range(SHIFTS)):
        rows += 1
    return rows


def shift_calendar(in_force: Any, fields: Fields) -> dict[str, Any]:
    """The calendar with the form's pattern as typed; every field problem at once."""
    if not isinstance(in_force, dict):
        raise FormProblems({"pattern": Refused("The shift calendar in force cannot be read.")})
    document = copy.deepcopy(in_force)
    problems: dict[str, Refused] = {}
    version = new_version(in_force, fields, problems)
    key = fields.get("pattern", "").strip()
    if not key:
        problems["pattern"] = Refused(
            "Give the pattern a short key, like {example}.", example="3x8"
        )
    elif len(key) > KEY_LENGTH or any(c.isspace() for c in key):
        problems["pattern"] = Refused(
            "A key is at most {count} characters without spaces.", count=KEY_LENGTH
        )
    name = " ".join(fields.get("name", "").split())
    before = patterns_of(in_force).get(key)
    before = before if isinstance(before, dict) else {}
    shifts = _shifts(fields, problems)
    rotation = _rotation(before, fields, len(shifts), problems)
    default = in_force.get("default")
    if fields.get("default") == "yes":
        default = key
    elif key and key == default:
        problems["default"] = Refused(
            "This is the region's default pattern: make another one the default first."
        )
    if problems:
        raise FormProblems(problems)
    # What the form does not show of the pattern (a description...) stays.
    pattern = {k: v for k, v in before.items() if k not in ("name", "shift", "rotation")}
    pattern |= {"name": name or key, "shift": shifts}
    if rotation is not None:
        pattern["rotation"] = rotation
    document.setdefault("patterns", {})[key] = pattern
    document["default"] = default
    document["version"] = version
    if document == {**in_force, "version": version}:
        raise FormProblems({"shift_code_0": Refused("Change at least one shift, break or day.")})
    found = Problems()
    regional_calendar(document, key, "UTC", found)
    if found:
        # The line PC's own reader, after the form's checks: should never say more.
        raise FormProblems(
            {"pattern": Refused("A line PC would refuse it: {problems}", problems="; ".join(found))}
        )
    return document


def _clock(name: str, fields: Fields, problems: dict[str, Refused]) -> str:
    text = fields.get(name, "").strip().replace(".", ":").replace("h", ":")
    if len(text) == 4 and text[1] == ":":  # 6:00
        text = "0" + text
    if not CLOCK.match(text):
        problems[name] = Refused("A time of day like {example}.", example="06:00")
    return text


def _shifts(fields: Fields, problems: dict[str, Refused]) -> list[dict[str, Any]]:
    shifts: list[dict[str, Any]] = []
    codes: set[str] = set()
    for n in range(SHIFTS):
        row = [f"shift_code_{n}", f"shift_name_{n}", f"start_{n}", f"end_{n}"]
        breaks = [
            f"break_{part}_{n}_{m}"
            for m in range(break_rows(fields))
            for part in ("start", "minutes")
        ]
        if not any(fields.get(f, "").strip() for f in row + breaks):
            continue
        code = fields.get(f"shift_code_{n}", "").strip().upper()
        if not CODE.match(code):
            problems[f"shift_code_{n}"] = Refused("1 to 4 capital letters or digits, like E.")
        elif code in codes:
            problems[f"shift_code_{n}"] = Refused("{code} is another shift's code.", code=code)
        codes.add(code)
        name = " ".join(fields.get(f"shift_name_{n}", "").split())
        if not name:
            problems[f"shift_name_{n}"] = Refused("Name the shift, like Early.")
        shift: dict[str, Any] = {
            "code": code,
            "name": name,
            "start": _clock(f"start_{n}", fields, problems),
            "end": _clock(f"end_{n}", fields, problems),
            "breaks": _breaks(n, fields, problems),
        }
        shifts.append(shift)
    if not shifts:
        problems["shift_code_0"] = Refused("A pattern needs at least one shift.")
    elif len(shifts) > 1:
        for n, shift in enumerate(shifts):
            if shift["start"] == shift["end"] and f"end_{n}" not in problems:
                problems[f"end_{n}"] = Refused("A 24-hour shift leaves no room for another one.")
    return shifts


def _breaks(n: int, fields: Fields, problems: dict[str, Refused]) -> list[dict[str, Any]]:
    breaks = []
    for m in range(break_rows(fields)):
        start_name, minutes_name = f"break_start_{n}_{m}", f"break_minutes_{n}_{m}"
        if not (fields.get(start_name, "").strip() or fields.get(minutes_name, "").strip()):
            continue
        start = _clock(start_name, fields, problems)
        text = fields.get(minutes_name, "").strip()
        minutes = int(text) if text.isdigit() else 0
        if not 1 <= minutes <= 180:
            problems[minutes_name] = Refused("Whole minutes, 1 to 180.")
        breaks.append({"start": start, "minutes": minutes})
    return breaks


def _rotation(
    before: dict[str, Any], fields: Fields, shift_count: int, problems: dict[str, Refused]
) -> dict[str, Any] | None:
    """The pattern's rotation with the days the form ticked (None: every day, no crews)."""
    rotation = before.get("rotation")
    if not weekly(before):
        assert isinstance(rotation, dict)
        if shift_count and any(len(d) != shift_count for d in rotation.get("days") or []):
            problems["shift_code_0"] = Refused(
                "The crews of this pattern rotate over {days} days, one per shift: keep "
                "{count} shifts, or ask an admin to change the rotation.",
                days=len(rotation.get("days") or []),
                count=len((rotation.get("days") or [[]])[0]),
            )
        return rotation
    worked = {day for day in range(WEEK) if fields.get(f"day_{day}") == "yes"}
    if not worked:
        problems["days"] = Refused("Tick at least one day.")
        return None
    if worked == set(range(WEEK)) and not isinstance(rotation, dict):
        return None
    anchor = _anchor(before)
    old_days = list((rotation or {}).get("days") or [])
    usual = _usual_crews(old_days, shift_count)
    days = []
    for i in range(WEEK):
        if (anchor + timedelta(days=i)).weekday() not in worked:
            days.append([NO_CREW] * shift_count)
            continue
        crews = old_days[i] if i < len(old_days) else None
        ok = (
            isinstance(crews, list)
            and len(crews) == shift_count
            and any(c != NO_CREW for c in crews)
        )
        days.append(list(crews) if ok and crews is not None else list(usual))
    return {"anchor": anchor.isoformat(), "days": days}


def _usual_crews(days: list[Any], shift_count: int) -> list[str]:
    """The crews a newly worked day gets: the most usual ones per shift, else A, B, C..."""
    crews = []
    for index in range(shift_count):
        seen = Counter(
            d[index]
            for d in days
            if isinstance(d, list) and len(d) == shift_count and d[index] != NO_CREW
        )
        crews.append(seen.most_common(1)[0][0] if seen else chr(ord("A") + index))
    return crews
