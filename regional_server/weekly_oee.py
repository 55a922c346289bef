"""Each line's weekly OEE, availability, performance and quality: the regional summary's figures
for many windows, read for every line in a few statements.

The dashboards' trends and the maturity gate "KPI movement" asked ``summary.summary`` for each
of 8 weeks (and the gate for each plant: 80 summaries, some 20 statements each, 0.7 s on
PostgreSQL), most of it figures they never show (sign-offs, andon calls, jobs). Here the whole
hours of every window come from the hourly and daily rollups in one statement per table (a
grouping per window part, as ``summary._rollup_totals`` groups each part), the part of an hour
at either end of a window from the records once per stretch for every line, and the hours of a
stop still going as the summary works them out. The totals are added in the summary's order
and worked into figures by the summary's own ``_figures``: the same numbers, tested against
``summary.summary`` on both databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from regional_server.database import Connection
from regional_server.line_figures import (
    FIELDS,
    Extent,
    LineTotals,
    MachineTotals,
    Skipped,
    extents,
    heads,
    readable_heads,
    region_count_reports,
    region_heads,
    reports_totals,
)
from regional_server.site_rules import RulesCache

# The summary's own steps, so that a figure here is the summary's figure.
from regional_server.summary import (
    DAY,
    HOUR,
    IDEAL,
    _ceil,
    _event_totals,
    _events_until,
    _figures,
    _floor,
    _lines,
    _open_since,
)
from shopfloor_core.domain.clock import to_iso

Span = tuple[datetime, datetime]
Line = tuple[str, str]
# A stretch worked out from the records: (start, end, events?, counts?).
Stretch = tuple[datetime, datetime, bool, bool]


@dataclass
class _Window:
    start: datetime
    until: datetime
    whole_hours: bool
    first_hour: datetime
    last_hour: datetime
    # The rollup parts, in the summary's order: (table, low, high).
    parts: list[tuple[str, datetime, datetime]] = field(default_factory=list)


def _window(start: datetime, end: datetime, now: datetime) -> _Window:
    until = min(end, max(now, start))  # the part of the window that has happened
    first_hour, last_hour = _ceil(start, HOUR), _floor(until, HOUR)
    window = _Window(start, until, first_hour < last_hour, first_hour, last_hour)
    if window.whole_hours:
        first_day, last_day = _ceil(first_hour, DAY), _floor(last_hour, DAY)
        if first_day < last_day:
            parts = [("days", first_day, last_day), ("hours", first_hour, first_day)]
            parts.append(("hours", last_day, last_hour))
        else:
            parts = [("hours", first_hour, last_hour)]
        window.parts = [(t, low, high) for t, low, high in parts if low < high]
    return window


def _rollups(
    conn: Connection, windows: list[_Window], plant: str | None
) -> list[dict[Line, LineTotals]]:
    """Each window's rollup totals of its whole hours: one statement per table for all."""
    out: list[dict[Line, LineTotals]] = [defaultdict(LineTotals) for _ in windows]
    scope = (" AND plant = ?", [plant]) if plant is not None else ("", [])
    sums = ", ".join(f"sum({name})" for name in FIELDS)
    # Part number = its place in ``order``: the window, then the summary's order of parts.
    order = [(i, table, low, high) for i, w in enumerate(windows) for table, low, high in w.parts]
    found: dict[int, list[Any]] = defaultdict(list)
    for table in ("days", "hours"):
        chosen = [(n, low, high) for n, (_, t, low, high) in enumerate(order) if t == table]
        if not chosen:
            continue
        selects, params = [], []
        for n, low, high in chosen:
            selects.append(
                f"SELECT {n}, plant, line, machine, {sums} FROM rollup_{table} "
                f"WHERE period_utc >= ? AND period_utc < ?{scope[0]} GROUP BY plant, line, machine"
            )
            params += [to_iso(low), to_iso(high), *scope[1]]
        for row in conn.execute(" UNION ALL ".join(selects), params).fetchall():
            found[int(row[0])].append(row[1:])
    for n, (i, _, _, _) in enumerate(order):
        for row in found.get(n, []):
            # PostgreSQL sums whole numbers as numeric: back to int (and float), as the summary.
            values: list[Any] = [int(v or 0) for v in row[3:]]
            values[IDEAL] = float(row[3 + IDEAL] or 0)
            machines = out[i][(row[0], row[1])].machines
            kept = machines.get(row[2])
            if kept is None:
                machines[row[2]] = MachineTotals(*values)
                continue
            for name, value in zip(FIELDS, values, strict=True):
                setattr(kept, name, getattr(kept, name) + value)
    return out


def line_weeks(
    conn: Connection, spans: Sequence[Span], now: datetime, *, plant: str | None = None
) -> dict[Line, list[dict[str, Any]]]:
    """Per (plant, line) known to the region (or one plant), each span's figures as
    ``summary.summary`` gives them (its ``_figures`` answer) with the catalogue version."""
    windows = [_window(start, end, now) for start, end in spans]
    bulk = _rollups(conn, windows, plant)
    still_going = _open_since(conn, plant) if any(w.whole_hours for w in windows) else {}
    rules = RulesCache(conn)
    reaches = extents(conn, plant)
    shared: set[tuple[datetime, datetime]] = set()
    for w in windows:
        stretches = [(w.start, w.first_hour), (w.last_hour, w.until)]
        shared.update(stretches if w.whole_hours else [(w.start, w.until)])
    shared = {(low, high) for low, high in shared if low < high}
    found_heads = {s: region_heads(conn, plant, *s, reaches) for s in shared}
    found_reports = {s: region_count_reports(conn, plant, *s, reaches) for s in shared}
    out: dict[Line, list[dict[str, Any]]] = {}
    for plant_code, _, line in _lines(conn, plant):
        key = (plant_code, line)
        plant_rules = rules(plant_code)
        reach = reaches.get(key, Extent())
        figures = []
        for i, w in enumerate(windows):
            skipped: Skipped = []  # what was left out is the summary's to report, not a figure
            totals = LineTotals()
            live: list[Stretch] = []
            if not w.whole_hours:
                live.append((w.start, w.until, True, True))
            else:
                live.append((w.start, w.first_hour, True, True))
                live.append((w.last_hour, w.until, True, True))
                held = bulk[i].get(key, LineTotals())
                going = still_going.get(key)
                cut = max(w.first_hour, _floor(going, HOUR)) if going is not None else w.last_hour
                if cut < w.last_hour:
                    held = _events_until(
                        conn, held, w.first_hour, cut, w.last_hour, plant_code, line
                    )
                    live.append((cut, w.last_hour, True, False))
                totals.add(held)
            for low, high, with_events, with_counts in live:
                if high <= low:
                    continue
                if with_events:
                    if (low, high) in found_heads:
                        stored = found_heads[(low, high)].get(key, [])
                        revisions = readable_heads(stored, skipped)
                    else:
                        revisions = heads(conn, plant_code, line, low, high, reach, skipped)
                    totals.add(_event_totals(revisions, low, high, plant_rules, now, skipped))
                if with_counts:
                    reports = found_reports[(low, high)].get(key, [])
                    totals.add(reports_totals(reports, low, high, skipped))
            entry = _figures(totals, w.start, w.until, plant_rules)
            figures.append({**entry, "catalogue_version": plant_rules.catalogue.version})
        out[key] = figures
    return out


def plant_oee(found: dict[Line, list[dict[str, Any]]], plant: str, week: int) -> float | None:
    """The mean OEE of the plant's lines that have one in week ``week`` (as the gate reads it)."""
    values = [
        weeks[week]["oee"]["value"]
        for (plant_code, _), weeks in found.items()
        if plant_code == plant and weeks[week]["oee"]["value"] is not None
    ]
    return sum(values) / len(values) if values else None


class RegionWeeks:
    """``line_weeks`` of the whole region, read once per set of spans and shared by every
    plant's measures (the maturity ranking measures all plants at one instant)."""

    def __init__(self, conn: Connection, now: datetime, plant: str | None = None) -> None:
        self.conn, self.now, self.plant = conn, now, plant
        self._found: dict[tuple[Span, ...], dict[Line, list[dict[str, Any]]]] = {}

    def __call__(self, spans: Sequence[Span]) -> dict[Line, list[dict[str, Any]]]:
        key = tuple(spans)
        if key not in self._found:
            self._found[key] = line_weeks(self.conn, spans, self.now, plant=self.plant)
        return self._found[key]
