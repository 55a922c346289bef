"""The rules a plant's figures are worked out under: its catalogue and its shift calendar.

Both come from the newest bundle published for the plant (its own or the region's), as on its
line PCs: the catalogue classifies reasons into loss buckets, the shift calendar says which
time is planned at all. The plant follows the calendar's ``default`` pattern (a plant's own
bundle names the pattern its sites follow) in the zone the section names (``"zone"``), or else
in the zone its line PCs stamp on their event revisions. Without a published calendar every
hour is planned time, as before the server knew calendars.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from regional_server import bundles
from regional_server.database import Connection
from shopfloor_core.domain.catalogue import (
    Catalogue,
    CatalogueError,
    bundled_catalogue,
    load_catalogue,
)
from shopfloor_core.domain.kpi import Classifier, classifier
from shopfloor_core.domain.shifts import ShiftCalendar, total, union
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.reader import Problems
from shopfloor_core.standards.shift_calendar import regional_calendar

# Windows whose calendar time a plant's rules remember (the summary asks the same few windows
# for each of a plant's lines, and pushes the same hours again and again).
WINDOWS_KEPT = 4096


@dataclass(frozen=True)
class PlantRules:
    catalogue: Catalogue
    calendar: ShiftCalendar | None
    fingerprint: str  # changes when anything a rollup depends on changes
    classify: Classifier
    # The calendar worked out per window, once per plant: every line of the plant shares it.
    _windows: dict[tuple[str, datetime, datetime], Any] = field(
        default_factory=dict, compare=False, repr=False
    )

    def stops(self, start: datetime, end: datetime) -> Sequence[Interval]:
        """Calendar time of ``[start, end)`` that is not planned production: breaks, no shift."""
        if self.calendar is None:
            return ()
        key = ("stops", start, end)
        found = self._windows.get(key)
        if found is None:
            found = self._remember(key, tuple(calendar_stops(self.calendar, start, end)))
        return found  # type: ignore[no-any-return]

    def stop_times(self, start: datetime, end: datetime) -> tuple[float, float]:
        """Seconds of ``[start, end)`` outside every shift, and seconds of breaks in shifts."""
        if self.calendar is None or end <= start:
            return 0.0, 0.0
        key = ("times", start, end)
        found = self._windows.get(key)
        if found is None:
            found = self._remember(key, _stop_times(self.calendar, start, end))
        return found  # type: ignore[no-any-return]

    def _remember(self, key: tuple[str, datetime, datetime], value: Any) -> Any:
        if len(self._windows) >= WINDOWS_KEPT:
            self._windows.clear()
        self._windows[key] = value
        return value


def calendar_stops(calendar: ShiftCalendar, start: datetime, end: datetime) -> list[Interval]:
    """Breaks and the gaps between worked shifts within ``[start, end)``, merged."""
    shifts = calendar.shifts_overlapping(start, end)
    stops: list[Interval] = []
    cursor = start
    for shift in shifts:
        if shift.start_utc > cursor:
            stops.append(Interval(cursor, min(shift.start_utc, end)))
        cursor = max(cursor, shift.end_utc)
        stops.extend(
            Interval(max(b.start, start), min(b.end, end))
            for b in shift.breaks
            if b.end is not None and b.end > start and b.start < end
        )
    if cursor < end:
        stops.append(Interval(cursor, end))
    return union(s for s in stops if s.end is not None and s.end > s.start)


def _stop_times(calendar: ShiftCalendar, start: datetime, end: datetime) -> tuple[float, float]:
    stops = calendar_stops(calendar, start, end)
    breaks = union(
        Interval(max(b.start, start), min(b.end, end))
        for s in calendar.shifts_overlapping(start, end)
        for b in s.breaks
        if b.end is not None and b.end > start and b.start < end
    )
    stopped, in_breaks = total(stops).total_seconds(), total(breaks).total_seconds()
    return stopped - in_breaks, in_breaks


# Rules by (plant, bundle version, published at, zone stamped): a push reads one small row,
# not the bundle, while the bundle in force stays the same.
_KNOWN: dict[tuple[object, ...], PlantRules] = {}
KNOWN_KEPT = 256


def plant_rules(conn: Connection, plant: str) -> PlantRules:
    row = conn.execute(
        "SELECT version, published_utc, length(document) FROM bundles "
        "WHERE plant IS NULL OR plant = ? "
        "ORDER BY version DESC LIMIT 1",
        [plant],
    ).fetchone()
    key = (plant, tuple(row) if row else None, _stamped_zone(conn, plant))
    found = _KNOWN.get(key)
    if found is None:
        if len(_KNOWN) >= KNOWN_KEPT:
            _KNOWN.clear()
        found = _KNOWN[key] = _read_rules(conn, plant, key[2])
    return found


def _read_rules(conn: Connection, plant: str, stamped_zone: str) -> PlantRules:
    published = bundles.current(conn, plant)
    document = published.document if published is not None else {}
    catalogue = bundled_catalogue()
    try:
        if document.get("catalogue"):
            catalogue = load_catalogue(document["catalogue"])
    except CatalogueError:
        pass  # a bundle the clients refuse too; the bundled standard classifies meanwhile
    calendar = None
    section = document.get("shift_calendar")
    if isinstance(section, dict) and section.get("patterns"):
        zone = section.get("zone") or stamped_zone
        try:
            calendar = regional_calendar(section, "", str(zone), Problems())
        except (ValueError, KeyError, TypeError):  # an unknown zone among them
            calendar = None
    seen = json.dumps(
        [catalogue.version, section if calendar is not None else None, calendar and calendar.zone],
        sort_keys=True,
        default=str,
    )
    fingerprint = hashlib.sha256(seen.encode()).hexdigest()[:16]
    return PlantRules(catalogue, calendar, fingerprint, classifier(catalogue))


def _stamped_zone(conn: Connection, plant: str) -> str:
    row = conn.execute(
        "SELECT payload FROM event_heads WHERE plant = ? LIMIT 1", [plant]
    ).fetchone()
    if row is not None:
        zone = json.loads(row[0]).get("zone")
        if isinstance(zone, str) and zone:
            return zone
    return "UTC"


class RulesCache:
    """Each plant's rules read once per request or transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._rules: dict[str, PlantRules] = {}

    def __call__(self, plant: str) -> PlantRules:
        found = self._rules.get(plant)
        if found is None:
            found = self._rules[plant] = plant_rules(self.conn, plant)
        return found
