"""How much of a shift's downtime people have named: the data-quality figures of a shift.

A reason counts as a name only once a person gave or confirmed it. The PLC's fault map only
suggests one; until someone confirms it the stop is still to name, in the share with a reason as
in the list and count of stops to name (the region's maturity rules say the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.shifts import clip, span_within
from shopfloor_core.domain.timeline import Interval


@dataclass(frozen=True)
class NamingShares:
    """Seconds of downtime a person should name, of them named, and named "Other"."""

    to_name_s: float
    named_s: float
    other_s: float

    @property
    def named_share(self) -> float | None:
        return self.named_s / self.to_name_s if self.to_name_s > 0 else None

    @property
    def other_share(self) -> float | None:
        return self.other_s / self.to_name_s if self.to_name_s > 0 else None


def named_by_a_person(event: EventRevision) -> bool:
    """A person gave or confirmed the reason: a PLC's suggestion is not a name yet."""
    return not event.needs_naming


def still_to_name(events: Iterable[EventRevision]) -> tuple[EventRevision, ...]:
    return tuple(e for e in events if e.needs_naming)


def naming_shares(
    downtimes: Iterable[EventRevision],
    catalogue: Catalogue,
    start: datetime,
    end: datetime,
    now: datetime,
) -> NamingShares:
    """The downtime of ``[start, end)`` (open stops up to ``now``) by how far it is named."""
    to_name = named = other = 0.0
    for event in downtimes:
        part = clip(Interval(event.start_utc, event.end_utc), start, end, now)
        if part is None:
            continue
        code = event.reason_code
        category = catalogue.categories.get(code) if code is not None else None
        if category is not None and not category.selectable:
            continue  # detection's own categories (no signal, micro-stop) need no name
        seconds = span_within(part, start, end).total_seconds()
        to_name += seconds
        if named_by_a_person(event):
            named += seconds
            if category is not None and category.is_other:
                other += seconds
    return NamingShares(to_name, named, other)
