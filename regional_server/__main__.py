"""``regional-server [serve] | migrate | issue-token | revoke-token | publish-bundle | add-user |
openapi | devices | retain | signing-key show | signing-key rotate``.

``regional-server`` alone serves the API on 127.0.0.1:8750 with the database named by
``--database`` or ``REGIONAL_SERVER_DATABASE``: a SQLite path (or ``sqlite:///path``) or a
``postgresql://user:password@host/name`` URL. ``serve --workers N`` runs N processes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from regional_server import (
    accounts,
    audit,
    bundle_holders,
    bundles,
    heartbeats,
    key_followers,
    retention,
    tokens,
)
from regional_server.database import (
    DATABASE_ENV,
    POOL_SIZE_ENV,
    SQLITE,
    Connection,
    Connections,
    DatabaseUrl,
    database_url,
    migrate,
    redacted,
)
from regional_server.retention import MIN_RAW_DAYS, RAW_DAYS_ENV
from shopfloor_core.domain.clock import utc_now

DEFAULT_PORT = 8750
# Commands that only read or remove what the region's database holds: on a SQLite path with no
# file they say so, instead of creating, migrating and reporting an empty database.
NEED_A_DATABASE = frozenset({"devices", "retain", "revoke-token", "signing-key show"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regional-server", description=__doc__)
    parser.add_argument(
        "--database", help="SQLite file, sqlite:///path or postgresql://user@host/name URL"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the /v1 API (the default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--certfile", type=Path, help="TLS certificate (PEM)")
    serve.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes (PostgreSQL: several)"
    )
    serve.add_argument(
        "--pool-size",
        type=int,
        help="PostgreSQL connections per process (default 10); workers x this < max_connections",
    )
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from --forwarded-allow-ips (behind a TLS proxy)",
    )
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1")

    commands.add_parser("migrate", help="bring the database schema up to date, then exit")
    serve.add_argument(
        "--public-metrics",
        action="store_true",
        help="serve /metrics without a token (or set REGIONAL_SERVER_PUBLIC_METRICS=1)",
    )
    serve.add_argument(
        "--public-docs",
        action="store_true",
        help="serve /docs and /openapi.json (or set REGIONAL_SERVER_PUBLIC_DOCS=1)",
    )

    issue = commands.add_parser("issue-token", help="issue a device (or region) token")
    issue.add_argument("--plant")
    issue.add_argument("--area")
    issue.add_argument("--line")
    issue.add_argument("--device")
    issue.add_argument("--region", action="store_true", help="a token for the regional office")
    issue.add_argument("--days", type=float, default=365.0, help="validity (default 365)")

    revoke = commands.add_parser("revoke-token", help="revoke a token by its id")
    revoke.add_argument("token_id")

    publish = commands.add_parser("publish-bundle", help="publish a bundle as a new version")
    publish.add_argument("file", type=Path, help="bundle JSON (see docs/sync-contract.md)")
    publish.add_argument(
        "--plant", help="refused: a plant gets its own bundle only through a pilot (web pages)"
    )
    publish.add_argument("--note", default="", help="why it changed, for the record")

    person = commands.add_parser(
        "add-user", help="add a person to the regional web pages (password from stdin or asked)"
    )
    person.add_argument("login")
    person.add_argument("--role", required=True, choices=[r.value for r in accounts.Role])
    person.add_argument("--name", default="", help="the name shown (default: the login)")
    person.add_argument("--plant", help="a plant manager's plant")
    person.add_argument("--language", help="en, es, ... (default: the browser's)")
    person.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )

    commands.add_parser("openapi", help="print the OpenAPI document")

    devices = commands.add_parser(
        "devices",
        help="list devices: version, backlog, last sync, skew, silence, signing key, last error",
    )
    devices.add_argument("--json", action="store_true", help="one JSON document")
    devices.add_argument("--plant", help="only this plant's devices")
    devices.add_argument(
        "--silent-after",
        type=float,
        default=10.0,
        help="minutes without a heartbeat before a device is flagged silent (default 10)",
    )

    retain = commands.add_parser(
        "retain", help="delete raw records older than N days (rollups and summaries stay)"
    )
    retain.add_argument(
        "--raw-days",
        type=int,
        help=f"days of raw records to keep (or {RAW_DAYS_ENV}; at least {MIN_RAW_DAYS})",
    )
    retain.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    retain.add_argument("--json", action="store_true", help="the report as JSON")

    key = commands.add_parser(
        "signing-key",
        help="the bundle-signing key: show its fingerprint and history, or rotate it",
        description="Line PCs trust the key they first saw. 'rotate' makes a new key that the "
        "current one endorses, so every line PC moves to it at its next sync; 'rotate "
        "--compromised' makes one nobody endorses, and plant IT re-trusts it on each PC with "
        "'operator-app trust-region-key --fingerprint ...' (docs/regional-operations.md).",
    )
    key_commands = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    show = key_commands.add_parser(
        "show", help="the current key's fingerprint (to read to plant IT) and every earlier key"
    )
    show.add_argument("--json", action="store_true", help="one JSON document")
    rotate = key_commands.add_parser(
        "rotate",
        help="a new key, endorsed by the current one; the current file is kept beside it "
        "as .retired-<fingerprint>",
    )
    rotate.add_argument(
        "--compromised",
        action="store_true",
        help="the current key is lost or compromised: the new key is not endorsed by it, and "
        "each line PC must be re-trusted (operator-app trust-region-key)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "serve"
    try:
        url = database_url(args.database)
    except ValueError as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    wanted = f"{command} {args.key_command}" if command == "signing-key" else command
    if wanted in NEED_A_DATABASE and _no_sqlite_file(url, args.database):
        return 2
    if command == "serve":
        return _serve(url, args)
    if command == "migrate":
        try:
            applied = migrate(url)
        except Exception as problem:  # noqa: BLE001 - any driver error, said in one line
            print(f"regional-server: {redacted(url)}: {problem}", file=sys.stderr)
            return 1
        print(f"applied {', '.join(applied)}" if applied else "the schema is up to date")
        return 0
    if command == "devices":
        return _devices(url, args)
    if command == "retain":
        return _retain(url, args)
    if command == "signing-key":
        from regional_server import signing_key_command

        return signing_key_command.run(url, args, _local_user())
    if command == "openapi":
        from regional_server.app import create_app

        # The document needs an app, not the region's data: a throwaway database, so printing
        # the schema never creates or migrates a file where it was run.
        with tempfile.TemporaryDirectory(prefix="regional-openapi-") as folder:
            app = create_app(Path(folder) / "schema.sqlite3")
            print(json.dumps(app.openapi(), indent=2, sort_keys=True))
            app.state.connections.close()
        return 0
    connections = Connections(url)
    try:
        with connections.write() as conn:
            if command == "issue-token":
                return _issue(conn, args)
            if command == "add-user":
                return _add_user(conn, args)
            if command == "revoke-token":
                found = tokens.revoke(conn, args.token_id)
                print("revoked" if found else f"no token {args.token_id}")
                return 0 if found else 1
            return _publish(conn, args)
    finally:
        connections.close()


def _no_sqlite_file(url: DatabaseUrl, given: str | None) -> bool:
    """Whether ``url`` names a SQLite file that is not there (said on stderr)."""
    if url.dialect != SQLITE or url.path.exists():
        return False
    if given:
        source = "given with --database"
    elif os.environ.get(DATABASE_ENV):
        source = f"named by {DATABASE_ENV}"
    else:
        source = f"the default: neither --database nor {DATABASE_ENV} names one"
    print(
        f"regional-server: no database at {url.path.resolve()} ({source}).\n"
        "  Name the region's database with --database PATH|URL (before the command) or\n"
        f"  {DATABASE_ENV}; 'regional-server migrate' or 'serve' creates a new one.",
        file=sys.stderr,
    )
    return True


def _serve(url: DatabaseUrl, args: argparse.Namespace) -> int:
    import uvicorn

    if getattr(args, "public_docs", False):
        os.environ["REGIONAL_SERVER_PUBLIC_DOCS"] = "1"  # through the environment: every worker
    if getattr(args, "public_metrics", False):
        os.environ["REGIONAL_SERVER_PUBLIC_METRICS"] = "1"
    workers = getattr(args, "workers", 1)
    if workers < 1:
        print("regional-server: --workers must be at least 1", file=sys.stderr)
        return 2
    if workers > 1 and url.dialect != "postgresql":
        # SQLite takes one writer at a time whatever the process count; more processes only
        # queue on its lock.
        print("regional-server: several workers need a PostgreSQL database", file=sys.stderr)
        return 2
    # Migrated once here, so a database that cannot be reached is one clear message instead
    # of workers restarting; each worker checks again (under the lock) and finds nothing to do.
    try:
        migrate(url)
    except Exception as problem:  # noqa: BLE001 - any driver error, said in one line
        print(f"regional-server: {redacted(url)}: {problem}", file=sys.stderr)
        return 1
    # The workers are new processes: they find the database (and pool size) in the environment.
    os.environ[DATABASE_ENV] = str(url)
    if getattr(args, "pool_size", None):
        os.environ[POOL_SIZE_ENV] = str(args.pool_size)
    # Each worker counts its requests into files of this folder, and a scrape adds them up
    # (prometheus_client's multiprocess mode). Chosen before any worker imports
    # prometheus_client, and new at every start: files left by an earlier run would count
    # its requests again.
    own_metrics = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if own_metrics:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="regional-metrics-")
    try:
        _run_uvicorn(uvicorn, args, workers)
    finally:
        if own_metrics:
            shutil.rmtree(os.environ.pop("PROMETHEUS_MULTIPROC_DIR"), ignore_errors=True)
    return 0


def _run_uvicorn(uvicorn: Any, args: argparse.Namespace, workers: int) -> None:
    uvicorn.run(
        "regional_server.app:app_from_environment",
        factory=True,
        host=getattr(args, "host", "127.0.0.1"),
        port=getattr(args, "port", DEFAULT_PORT),
        workers=workers,
        ssl_certfile=getattr(args, "certfile", None),
        ssl_keyfile=getattr(args, "keyfile", None),
        proxy_headers=getattr(args, "proxy_headers", False),
        forwarded_allow_ips=getattr(args, "forwarded_allow_ips", "127.0.0.1"),
        log_level="info",
    )


def _issue(conn: Connection, args: argparse.Namespace) -> int:
    valid = timedelta(days=args.days)
    if args.region:
        token, cred = tokens.issue(conn, role=tokens.REGION, valid_for=valid)
    else:
        missing = [n for n in ("plant", "area", "line", "device") if not getattr(args, n)]
        if missing:
            print(
                f"regional-server: a device token needs --{', --'.join(missing)}", file=sys.stderr
            )
            return 2
        token, cred = tokens.issue(
            conn,
            role=tokens.DEVICE,
            plant=args.plant,
            area=args.area,
            line=args.line,
            device=args.device,
            valid_for=valid,
        )
    # The token goes to stdout alone, so it can be piped into 'operator-app sync
    # --set-token-from-stdin'; what it is for goes to stderr.
    print(token)
    print(
        f"token {cred.token_id}: {cred.role} {cred.plant}/{cred.area}/{cred.line}/{cred.device}, "
        f"valid until {cred.expires_utc:%Y-%m-%d %H:%M} UTC",
        file=sys.stderr,
    )
    return 0


def _add_user(conn: Connection, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass(f"password for {args.login}: ")
    now = utc_now()
    try:
        person = accounts.add_person(
            conn,
            login=args.login,
            display_name=args.name,
            role=accounts.Role(args.role),
            password=password,
            plant=args.plant,
            language=args.language,
            now=now,
        )
    except accounts.BadAccount as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    audit.record(
        conn,
        actor=audit.COMMAND_LINE,
        role=audit.COMMAND_LINE,
        address=_local_user(),
        action="person added",
        subject=person.login,
        detail={"role": person.role.value, "plant": person.plant},
        now=now,
    )
    print(f"added {person.login} ({person.role.value})")
    return 0


def _local_user() -> str:
    """Where a command-line action came from, for the audit trail: this machine's user."""
    import getpass
    import socket

    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"
    except (OSError, KeyError):
        return "local"


def _publish(conn: Connection, args: argparse.Namespace) -> int:
    if args.plant:
        # Plants never get a catalogue of their own: one plant's bundle is a pilot of an
        # approved proposal (docs/regional-operations.md), never a command-line publication.
        print(
            "regional-server: a bundle for one plant is published only as the pilot of an "
            "approved proposal (the regional web pages); publish-bundle is region-wide",
            file=sys.stderr,
        )
        return 2
    try:
        document = json.loads(args.file.read_text(encoding="utf-8"))
        published = bundles.publish(conn, document, note=args.note)
    except (OSError, ValueError) as problem:
        print(f"regional-server: {args.file}: {problem}", file=sys.stderr)
        return 2
    audit.record(
        conn,
        actor=audit.COMMAND_LINE,
        role=audit.COMMAND_LINE,
        address=_local_user(),
        action="bundle published",
        subject=str(published.version),
        detail={"scope": "region", "note": args.note},
        now=utc_now(),
    )
    scope = f"plant {published.plant}" if published.plant else "every plant"
    print(f"published bundle version {published.version} for {scope}")
    return 0


def _devices(url: DatabaseUrl, args: argparse.Namespace) -> int:
    from shopfloor_core.domain.clock import utc_now

    now = utc_now()
    silent_after = timedelta(minutes=args.silent_after)
    connections = Connections(url)
    try:
        with connections.read() as conn:
            found = heartbeats.devices(conn, now, plant=args.plant)
            followers = key_followers.read(conn)
            holders = bundle_holders.read(conn)
    finally:
        connections.close()
    listed = [d.as_dict(now, silent_after) for d in found]
    for device in listed:
        device["on_current_key"] = followers.on_current_key(device["pinned_key"])
        device["bundle_ahead"] = holders.ahead(device["bundle_version"])
    behind = sum(device["on_current_key"] is False for device in listed)
    ahead = sum(device["bundle_ahead"] for device in listed)
    if args.json:
        print(json.dumps({"devices": listed}, indent=2, sort_keys=True))
        return 0
    print(heartbeats.table(listed))
    silent = sum(1 for d in listed if d["silent"])
    said = f"{len(listed)} devices, {silent} silent (no heartbeat for {args.silent_after:g} min)"
    if followers.current is not None:
        said += f", {behind} not on the current signing key {followers.current[:11]} (OLD KEY)"
    if ahead:
        # A server restored from an older backup: its next publication passes these versions.
        newest = "none" if holders.newest is None else str(holders.newest)
        said += (
            f", {ahead} holding a bundle version newer than the server's newest ({newest}; "
            "AHEAD: restored from an older backup? the next publication passes their versions)"
        )
    print(said)
    return 0


def _retain(url: DatabaseUrl, args: argparse.Namespace) -> int:
    from shopfloor_core.domain.clock import utc_now

    raw_days = args.raw_days if args.raw_days is not None else os.environ.get(RAW_DAYS_ENV)
    if raw_days is None:
        print(f"regional-server: give --raw-days N (or set {RAW_DAYS_ENV})", file=sys.stderr)
        return 2
    connections = Connections(url)
    try:
        report = retention.retain(connections, int(raw_days), utc_now(), dry_run=args.dry_run)
    except ValueError as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    finally:
        connections.close()
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, sort_keys=True))
        return 0
    verb = "would delete" if report.dry_run else "deleted"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.deleted.items())) or "nothing"
    print(f"{verb} raw records that arrived before {report.as_dict()['cutoff_utc']}: {kinds}")
    for plant, why in sorted(report.held_back.items()):
        print(f"plant {plant}: held back, {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
