"""What the other stations of the lines this station covers recorded, from pulled records.

The region sends every other station's events of this line (or area, ``[sync] pull_scope``);
a supervisor station shows them per line over the current shift: stops, downtime, what is
still open and what still has no reason. Labels come from the catalogue version each event
was captured under, as for this station's own events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from local_store import EventStore
from local_store.pulled_events import pulled_events_overlapping
from operator_app.services.standards import catalogue_for_version
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.events import EventKind, EventRevision

# Between shifts (or on a day off) the view covers this much of the recent past instead.
FALLBACK_WINDOW = timedelta(hours=8)
MOST_EVENTS_SHOWN = 200


@dataclass(frozen=True)
class LineActivity:
    area: str
    line: str
    stops: int
    downtime_s: float  # within the window
    open_stops: int
    to_name: int  # stops without a reason yet


@dataclass(frozen=True)
class CoveredLines:
    start: datetime
    end: datetime
    lines: tuple[LineActivity, ...]
    events: tuple[EventRevision, ...]  # newest first, at most MOST_EVENTS_SHOWN
    catalogues: Mapping[str, Catalogue]  # by version, for the events' labels

    def reason_label(self, event: EventRevision, language: str) -> str | None:
        if event.reason_code is None or event.catalogue_version is None:
            return event.reason_code
        catalogue = self.catalogues.get(event.catalogue_version)
        if catalogue is None or event.reason_code not in catalogue.categories:
            return event.reason_code
        return catalogue.label(event.reason_code, language)


def covered_lines(
    store: EventStore, catalogue: Catalogue, start: datetime, end: datetime
) -> CoveredLines:
    """Other stations' downtime over ``[start, end)`` (``end`` is now for a running shift)."""
    events = pulled_events_overlapping(store, start, end, (EventKind.DOWNTIME,))
    per_line: dict[tuple[str, str], list[EventRevision]] = defaultdict(list)
    for event in events:
        per_line[(event.stamp.area, event.stamp.line)].append(event)
    lines = []
    for (area, line), stops in sorted(per_line.items()):
        downtime = sum(
            (min(e.end_utc or end, end) - max(e.start_utc, start) for e in stops), timedelta()
        )
        lines.append(
            LineActivity(
                area,
                line,
                len(stops),
                max(downtime.total_seconds(), 0.0),
                sum(1 for e in stops if e.end_utc is None),
                sum(1 for e in stops if e.needs_naming),
            )
        )
    shown = tuple(events[:MOST_EVENTS_SHOWN])
    versions = {e.catalogue_version for e in shown if e.catalogue_version is not None}
    catalogues = {v: catalogue_for_version(store, v, catalogue) for v in versions}
    return CoveredLines(start, end, tuple(lines), shown, catalogues)
