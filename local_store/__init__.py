"""The line PC's durable store: one SQLite file, WAL, full sync, forward migrations.

Every thread opens its own ``EventStore``; a connection never crosses threads.
"""

from local_store.database import StoreUnavailable, open_database
from local_store.event_store import EventStore, StaleRevision

__all__ = ["EventStore", "StaleRevision", "StoreUnavailable", "open_database"]
