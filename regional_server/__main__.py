"""``regional-server [serve] | issue-token | revoke-token | publish-bundle | openapi``.

``regional-server`` alone serves the API on 127.0.0.1:8750 with the database named by
``--database`` or ``REGIONAL_SERVER_DATABASE`` (a path or ``sqlite:///path``).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from regional_server import bundles, tokens
from regional_server.database import Connections, database_path

DEFAULT_PORT = 8750


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="regional-server", description=__doc__)
    parser.add_argument("--database", help="SQLite file or sqlite:///path URL")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the /v1 API (the default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--certfile", type=Path, help="TLS certificate (PEM)")
    serve.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
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
    publish.add_argument("--plant", help="only for this plant (default: the whole region)")
    publish.add_argument("--note", default="", help="why it changed, for the record")

    commands.add_parser("openapi", help="print the OpenAPI document")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "serve"
    try:
        path = database_path(args.database)
    except ValueError as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    if command == "serve":
        return _serve(path, args)
    if command == "openapi":
        from regional_server.app import create_app

        # The document needs an app, not the region's data: a throwaway database, so printing
        # the schema never creates or migrates a file where it was run.
        with tempfile.TemporaryDirectory(prefix="regional-openapi-") as folder:
            app = create_app(Path(folder) / "schema.sqlite3")
            print(json.dumps(app.openapi(), indent=2, sort_keys=True))
            app.state.connections.close()
        return 0
    connections = Connections(path)
    try:
        with connections.write() as conn:
            if command == "issue-token":
                return _issue(conn, args)
            if command == "revoke-token":
                found = tokens.revoke(conn, args.token_id)
                print("revoked" if found else f"no token {args.token_id}")
                return 0 if found else 1
            return _publish(conn, args)
    finally:
        connections.close()


def _serve(path: Path, args: argparse.Namespace) -> int:
    import uvicorn

    from regional_server.app import PUBLIC_DOCS_ENV, create_app

    if getattr(args, "public_docs", False):
        os.environ[PUBLIC_DOCS_ENV] = "1"  # through the environment, so every worker sees it
    host = getattr(args, "host", "127.0.0.1")
    port = getattr(args, "port", DEFAULT_PORT)
    uvicorn.run(
        create_app(path),
        host=host,
        port=port,
        ssl_certfile=getattr(args, "certfile", None),
        ssl_keyfile=getattr(args, "keyfile", None),
        log_level="info",
    )
    return 0


def _issue(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
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


def _publish(conn: sqlite3.Connection, args: argparse.Namespace) -> int:
    try:
        document = json.loads(args.file.read_text(encoding="utf-8"))
        published = bundles.publish(conn, document, plant=args.plant, note=args.note)
    except (OSError, ValueError) as problem:
        print(f"regional-server: {args.file}: {problem}", file=sys.stderr)
        return 2
    scope = f"plant {published.plant}" if published.plant else "every plant"
    print(f"published bundle version {published.version} for {scope}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
