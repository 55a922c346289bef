"""The line PC's durable store: one SQLite file, WAL, full sync, forward migrations.

Every thread opens its own ``EventStore``; a connection never crosses threads.

The names below load on first use: sqlite-utils imports numpy and scans plugin entry points
(about 0.3 s on a line PC), which the client pays on its store thread after its first paint,
not before. ``local_store.errors`` names what can go wrong without loading any of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from local_store.errors import StaleRevision, StoreUnavailable

if TYPE_CHECKING:
    from local_store.database import open_database
    from local_store.event_store import EventStore

__all__ = ["EventStore", "StaleRevision", "StoreUnavailable", "open_database"]

_LAZY = {"EventStore": "local_store.event_store", "open_database": "local_store.database"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'local_store' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
