"""``operator-app status [--json]``: what plant IT asks first on a support call."""

from __future__ import annotations

import argparse
import json
from typing import Any

from operator_app.cli.context import (
    EXIT_FAILED,
    EXIT_OK,
    add_common_arguments,
    existing_store,
    resolve_database,
)
from operator_app.operations.line_status import collect_status


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help="store, outbox and integrity at a glance")
    add_common_arguments(parser)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Never a new empty store reported as sound: a mistyped --data-dir is said as such.
    path = existing_store(resolve_database(args), args)
    status = collect_status(path)
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
        # None before the client's first start, which stores the bundled catalogue.
        catalogue = standards["catalogue_version"]
        held = f"catalogue {catalogue}" if catalogue else "no catalogue stored yet"
        print(f"standards       {source}, {held}")
        fault_map = standards["fault_map_version"] or "none (faults shown by number)"
        print(f"fault map       {fault_map}")
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
