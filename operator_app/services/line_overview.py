"""What the home screen shows at a glance: which machines are down, what still needs a name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from shopfloor_core.domain.events import EventRevision

if TYPE_CHECKING:
    from local_store import EventStore


@dataclass(frozen=True)
class LineOverview:
    open_downtime: dict[str, EventRevision]  # machine id -> its open stop
    uncategorized: tuple[EventRevision, ...]  # newest first
    recent: tuple[EventRevision, ...]  # newest first

    @property
    def uncategorized_count(self) -> int:
        return len(self.uncategorized)


def line_overview(store: EventStore, *, recent: int = 8) -> LineOverview:
    return LineOverview(
        open_downtime={e.machine_id: e for e in store.open_downtimes()},
        uncategorized=tuple(store.uncategorized_downtimes()),
        recent=tuple(store.recent_events(recent)),
    )
