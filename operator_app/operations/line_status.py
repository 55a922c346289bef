"""What ``status --json``, the diagnostics bundle and the Diagnostics view say about a line PC's
store and data directory. No Qt: the view runs ``store_facts`` on its store thread."""

from __future__ import annotations

import platform
import sqlite3
from pathlib import Path
from typing import Any

from local_store import EventStore
from local_store.database import open_database, recovery_notices
from operator_app import __version__
from operator_app.operations.logs import log_file, recent_problems
from operator_app.operations.permissions import wider_than_private
from shopfloor_core.domain.fault_codes import bundled_fault_map_document

STORE_FILE_NAME = "operator-app.sqlite3"


def collect_status(path: Path) -> dict[str, Any]:
    """Everything ``status --json`` says about the store at ``path`` and its data directory."""
    # IT's diagnosis: always check the tables, so a damaged store is found and set aside here.
    store = EventStore(open_database(path, check=True), path)
    try:
        status: dict[str, Any] = {"version": __version__, **store_facts(store)}
    finally:
        store.close()
    # A damaged store set aside at start: IT must see it until they have dealt with the file.
    status["recovery_notices"] = recovery_notices(path)
    status.update(data_dir_facts(path.parent))
    return status


def store_facts(store: EventStore) -> dict[str, Any]:
    """The store's own figures: schema, records, outbox backlog by kind, integrity, standards."""
    facts: dict[str, Any] = store.status()
    # What is waiting for the regional server, by record kind: the sync backlog at a glance.
    facts["outbox"]["pending_by_kind"] = dict(
        store.db.execute(
            "SELECT record_kind, count(*) FROM outbox WHERE state = 'pending' "
            "GROUP BY record_kind ORDER BY record_kind"
        ).fetchall()
    )
    facts["standards"] = _standards(store)
    return facts


def data_dir_facts(data_dir: Path) -> dict[str, Any]:
    """Where the log is and whether the data directory is private to the client's account.

    Wider modes are a warning, not a failure of ``status``: the store is still sound, and the
    client narrows them at its next start.
    """
    too_open = wider_than_private(data_dir)
    return {
        "data_dir": str(data_dir),
        "store_size_bytes": sum(
            p.stat().st_size
            for p in data_dir.glob(f"{STORE_FILE_NAME}*")
            if p.is_file() and ".damaged-" not in p.name
        ),
        "log_file": str(log_file(data_dir)),
        "permissions": {"private": not too_open, "too_open": [w.describe() for w in too_open]},
    }


def _standards(store: EventStore) -> dict[str, Any]:
    """Which regional standards run this PC: the first question when two plants disagree."""
    bundle = store.active_bundle()
    catalogue = store.active_catalogue_document() or {}
    modules = bundle[1].get("modules") if bundle else None
    # A bundle without a fault map maps no code; before any bundle the bundled map runs.
    faults = bundle[1].get("fault_codes") if bundle else bundled_fault_map_document()
    return {
        "bundle_version": bundle[0] if bundle else None,
        "catalogue_version": catalogue.get("version"),
        "fault_map_version": faults.get("version") if isinstance(faults, dict) else None,
        "modules_off": sorted(name for name, on in (modules or {}).items() if on is False),
    }


def diagnostics_facts(store: EventStore, data_dir: Path, problems: int = 10) -> dict[str, Any]:
    """What the Diagnostics view shows of the store, the data directory and the log; run on the
    store thread (it reads the disk and checks the store's integrity)."""
    return {
        **store_facts(store),
        **data_dir_facts(data_dir),
        "recent_problems": recent_problems(data_dir, problems),
    }


def versions() -> dict[str, str]:
    """The versions a support call asks for, without Qt's (the view adds those)."""
    return {
        "operator-app": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": platform.platform(),
    }
