"""The quarantine as a supervisor uses it: see what the server refused, send a record again.

Permissions are checked here, not only by hiding buttons: both need ``VIEW_QUARANTINE``
(supervisors). Sending again only moves the record back to ``pending``; nothing is deleted.
"""

from __future__ import annotations

from local_store import EventStore
from local_store.outbox import Outbox, QuarantinedRecord
from shopfloor_core.domain.permissions import Action, require
from shopfloor_core.domain.roster import Person


def quarantined_records(
    store: EventStore, person: Person | None, limit: int = 200
) -> list[QuarantinedRecord]:
    require(person, Action.VIEW_QUARANTINE)
    return Outbox(store).quarantined(limit)


def send_again(store: EventStore, person: Person | None, record_id: str) -> bool:
    """Put a refused record back in the queue; False if it is no longer in quarantine."""
    require(person, Action.VIEW_QUARANTINE)
    return Outbox(store).requeue(record_id)
