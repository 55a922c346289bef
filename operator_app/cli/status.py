"""``operator-app status [--json]``: what plant IT asks first on a support call."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from local_store import EventStore
from local_store.database import open_database, recovery_notices
from operator_app import __version__
from operator_app.cli.context import EXIT_FAILED, EXIT_OK, add_common_arguments, resolve_database
from operator_app.operations.logs import log_file
from operator_app.operations.permissions import wider_than_private


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help="store, outbox and integrity at a glance")
    add_common_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = resolve_database(args)
    # IT's diagnosis: always check the tables, so a damaged store is found and set aside here.
    store = EventStore(open_database(path, check=True), path)
    try:
        status: dict[str, Any] = {"version": __version__, **store.status()}
        # What is waiting for the regional server, by record kind: the sync backlog at a glance.
        status["outbox"]["pending_by_kind"] = dict(
            store.db.execute(
                "SELECT record_kind, count(*) FROM outbox WHERE state = 'pending' "
                "GROUP BY record_kind ORDER BY record_kind"
            ).fetchall()
        )
        status["standards"] = _standards(store)
    finally:
        store.close()
    # A damaged store set aside at start: IT must see it until they have dealt with the file.
    status["recovery_notices"] = recovery_notices(path)
    status.update(data_dir_facts(path.parent))
    if args.json:
        print(json.dumps(status, indent=2, sort_keys=True))
    else:
        print(f"operator-app {status['version']}")
        print(f"store           {status['db_path']}")
        print(f"schema version  {status['schema_version']}")
        for kind, n in sorted(status["records"]["events"].items()):
            print(f"{kind + ' events':<16}{n}")
        print(f"revisions       {status['records']['event_revisions']}")
        outbox = status["outbox"]
        print(f"outbox          {outbox['pending']} waiting, {outbox['quarantined']} quarantined")
        print(f"integrity       {status['integrity_check']}")
        standards = status["standards"]
        source = (
            f"regional bundle {standards['bundle_version']}"
            if standards["bundle_version"] is not None
            else "bundled defaults (no regional bundle yet)"
        )
        print(f"standards       {source}, catalogue {standards['catalogue_version']}")
        if standards["modules_off"]:
            print(f"modules off     {', '.join(standards['modules_off'])}")
        print(f"log file        {status['log_file']}")
        for wide in status["permissions"]["too_open"]:
            print(f"warning: readable by other accounts: {wide}")
        if status["permissions"]["too_open"]:
            print(f"         (the client narrows them at its next start: {status['data_dir']})")
        for notice in status["recovery_notices"]:
            print()
            print(notice.rstrip())
    healthy = status["integrity_check"] == "ok" and not status["recovery_notices"]
    return EXIT_OK if healthy else EXIT_FAILED


def data_dir_facts(data_dir: Path) -> dict[str, Any]:
    """Where the log is and whether the data directory is private to the client's account.

    Wider modes are a warning, not a failure of ``status``: the store is still sound, and the
    client narrows them at its next start.
    """
    too_open = wider_than_private(data_dir)
    return {
        "data_dir": str(data_dir),
        "log_file": str(log_file(data_dir)),
        "permissions": {"private": not too_open, "too_open": [w.describe() for w in too_open]},
    }


def _standards(store: EventStore) -> dict[str, Any]:
    """Which regional standards run this PC: the first question when two plants disagree."""
    bundle = store.active_bundle()
    catalogue = store.active_catalogue_document() or {}
    modules = bundle[1].get("modules") if bundle else None
    return {
        "bundle_version": bundle[0] if bundle else None,
        "catalogue_version": catalogue.get("version"),
        "modules_off": sorted(name for name, on in (modules or {}).items() if on is False),
    }
