"""What a supervisor must be told about delivery to the region, read from the store alone.

The sync thread's last status says how the last round went; it does not exist when sync is not
set up or has not run yet. This is read from the outbox and the sync state, so a screen can say
what is true in every case: never connected, records waiting since when, the last delivery,
records the server refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from local_store import EventStore
from local_store.outbox import Outbox
from sync.state import SyncState


@dataclass(frozen=True)
class DeliveryOverview:
    waiting: int
    waiting_since_utc: datetime | None  # when the oldest waiting record was queued
    refused: int
    last_delivery_utc: datetime | None  # the server's last confirmation of a record
    last_contact_utc: datetime | None  # the last round that reached the server

    @property
    def never_connected(self) -> bool:
        return self.last_contact_utc is None and self.last_delivery_utc is None


def delivery_overview(store: EventStore) -> DeliveryOverview:
    outbox = Outbox(store)
    backlog = outbox.backlog()
    return DeliveryOverview(
        waiting=backlog.pending,
        waiting_since_utc=outbox.oldest_pending_utc(),
        refused=backlog.quarantined,
        last_delivery_utc=outbox.last_delivered_utc(),
        last_contact_utc=SyncState(store).last_success(),
    )
