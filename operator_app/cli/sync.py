"""``operator-app sync --once`` and ``operator-app sync --set-token-from-stdin`` for plant IT.

``--once`` runs one sync round in the foreground (push every waiting record, refresh the
regional bundle, pull the line's records) and says by its exit code how it went, so that a
monitoring script sees an outage even when nothing was waiting:

    0  delivered: every record delivered (or none waiting), none refused, the server answered
    3  unreachable: the server could not be reached or did not answer properly (network, DNS,
       proxy, TLS, server errors), whether or not records wait; they stay in the outbox
    4  refused: the server refused the device token, or refused records (now in quarantine)
    2  could not run: bad site configuration, no [sync] section, no device token enrolled,
       or the local store cannot be used
    1  the server answered, but records written during the round still wait: run it again

``--set-token-from-stdin`` stores the token read from standard input in the token file
(``[sync] token_file``, default ``sync-token`` in the data directory), readable by its owner only.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from local_store import EventStore, StoreUnavailable
from operator_app.cli.context import (
    EXIT_BAD_CONFIG,
    EXIT_FAILED,
    EXIT_OK,
    NoStore,
    add_common_arguments,
    existing_store,
    resolve_site,
)
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import to_iso
from sync.http import RegionalClient
from sync.round import RoundResult, SyncStatus, run_round
from sync.token import TokenProblem, read_token, token_path, too_open, write_token

EXIT_STILL_WAITING = EXIT_FAILED
EXIT_COULD_NOT_RUN = EXIT_BAD_CONFIG
EXIT_UNREACHABLE = 3
EXIT_REFUSED = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sync", help="sync with the regional server now, or enrol the device token"
    )
    add_common_arguments(parser)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--once", action="store_true", help="one sync round; exit 0 when everything was delivered"
    )
    action.add_argument(
        "--set-token-from-stdin",
        action="store_true",
        help="store the device token read from standard input in the token file",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable result (--once)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = resolve_site(args)
    if site.sync is None:
        print("sync: the site configuration has no [sync] section", file=sys.stderr)
        return EXIT_BAD_CONFIG
    path = token_path(site)
    if args.set_token_from_stdin:
        try:
            write_token(path, sys.stdin.read())
        except TokenProblem as problem:
            print(f"sync: {problem}", file=sys.stderr)
            return EXIT_BAD_CONFIG
        except OSError as exc:
            print(f"sync: cannot write the token file {path} ({exc.strerror})", file=sys.stderr)
            return EXIT_FAILED
        print(f"device token stored in {path}")
        return EXIT_OK
    try:
        # Before the token: a mistyped data directory has no token either, and "enrol a
        # token" would send IT the wrong way. A round never starts a new, empty store.
        existing_store(site.database_path, args)
    except NoStore as missing:
        print("sync: " + "\n".join(missing.lines()), file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    try:
        token = read_token(path)
    except TokenProblem as problem:
        print(f"sync: {problem}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    if too_open(path):
        print(f"sync: warning: {path} is readable by other accounts; chmod 600 it", file=sys.stderr)
    try:
        result = _one_round(site, token)
    except StoreUnavailable as exc:
        # Not code 3, which means an outage: a monitor must tell "fix this PC" from "the
        # network is down".
        where = f" ({exc.path})" if exc.path else ""
        print(f"sync: the local store cannot be used{where}: {exc.reason}", file=sys.stderr)
        return EXIT_COULD_NOT_RUN
    status = result.status
    if args.json:
        print(json.dumps(_as_dict(status), indent=2, sort_keys=True))
    else:
        _print(status, result.drained.duplicates)
    return exit_code(status)


def _one_round(site: SiteConfig, token: str) -> RoundResult:
    assert site.sync is not None
    store = EventStore.open(site.database_path)
    try:
        client = RegionalClient(site.sync, token, site.device)
        try:
            return run_round(
                store,
                client,
                zone=site.timezone,
                batch_size=site.sync.batch_size,
                shift_pattern=site.shift_pattern,
                pull_scope=site.sync.pull_scope,
                plant=site.plant,
            )
        finally:
            client.close()
    finally:
        store.close()


def exit_code(status: SyncStatus) -> int:
    """The four answers a monitoring script needs (docs/operations.md), plus "run it again"."""
    if status.auth_problem:
        return EXIT_REFUSED
    if not status.online:
        return EXIT_UNREACHABLE
    if status.quarantined:
        return EXIT_REFUSED
    if status.waiting:
        return EXIT_STILL_WAITING
    return EXIT_OK


def _as_dict(status: SyncStatus) -> dict[str, Any]:
    return {
        "online": status.online,
        "delivered": status.delivered,
        "waiting": status.waiting,
        "quarantined": status.quarantined,
        "pulled": status.pulled,
        "last_success_utc": to_iso(status.last_success_utc) if status.last_success_utc else None,
        "auth_problem": status.auth_problem,
        "problem": status.problem,
        "clock_skew_s": status.clock_skew_s,
        "bundle_version": status.bundle_version,
        "bundle_problems": list(status.bundle_problems),
        "signing_key": status.signing_key,
        "signing_key_change": status.key_change,
    }


def _print(status: SyncStatus, duplicates: int) -> None:
    print(
        f"delivered {status.delivered} ({duplicates} already on the server), "
        f"{status.waiting} waiting, {status.quarantined} in quarantine, "
        f"{status.pulled} pulled from other devices"
    )
    if status.bundle_version is not None:
        print(f"regional bundle in force: version {status.bundle_version}")
    if status.key_change:
        print(status.key_change)
    for problem in status.bundle_problems:
        print(f"newest bundle refused: {problem}")
    if status.clock_skewed and status.clock_skew_s is not None:
        print(f"warning: this PC's clock is {-status.clock_skew_s:+.0f} s off the server's")
    if status.auth_problem:
        print(f"sync: {status.auth_problem}", file=sys.stderr)
    elif status.problem:
        print(f"sync: {status.problem}", file=sys.stderr)
