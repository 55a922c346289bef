"""``regional-server signing-key show | rotate [--compromised]`` for the region's IT.

``show`` prints the fingerprint of the key bundles are signed with (what plant IT types into
``operator-app trust-region-key``) and the history of keys. ``rotate`` makes a new key: endorsed
by the current one (line PCs move to it at their next sync), or with ``--compromised`` not
endorsed (each line PC must be re-trusted). Exit 0 done, 2 cannot be done as asked (no key
file, not a key), 1 the database failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from regional_server import signing
from regional_server.database import Connections, DatabaseUrl, redacted
from shopfloor_core.contract import key_fingerprint
from shopfloor_core.domain.clock import utc_now


def run(url: DatabaseUrl, args: argparse.Namespace, actor: str) -> int:
    path = signing.key_path(url)
    try:
        connections = Connections(url)
    except Exception as problem:  # noqa: BLE001 - any driver error, said in one line
        print(f"regional-server: {redacted(url)}: {problem}", file=sys.stderr)
        return 1
    try:
        if args.key_command == "show":
            return _show(connections, path, args.json)
        return _rotate(connections, path, actor, endorse=not args.compromised)
    finally:
        connections.close()


def _current(path: Path) -> str | None:
    try:
        return signing.public_text(signing.load(path))
    except FileNotFoundError:
        return None


def _show(connections: Connections, path: Path, as_json: bool) -> int:
    try:
        current = _current(path)
    except ValueError as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    with connections.read() as conn:
        entries = signing.history(conn)
    if as_json:
        document = {
            "key_file": str(path),
            "current": key_fingerprint(current) if current else None,
            "history": [
                {
                    "fingerprint": e.fingerprint,
                    "since_utc": e.since_utc,
                    "how": e.how,
                    "endorsed_by": key_fingerprint(e.endorsed_by) if e.endorsed_by else None,
                    "by": e.actor,
                    "current": e.public_key == current,
                }
                for e in entries
            ],
        }
        print(json.dumps(document, indent=2, sort_keys=True))
        return 0
    if current is None:
        print(f"no signing key yet: the server makes {path} at its first start")
    else:
        print(f"bundles are signed with the key in {path}")
        print(f"fingerprint (SHA-256): {key_fingerprint(current)}")
    if not entries:
        print("no key history yet: it starts when the server first runs with this version")
        return 0
    print("history, oldest first:")
    for e in entries:
        mark = "  (current)" if e.public_key == current else ""
        endorsed = f", endorsed by {key_fingerprint(e.endorsed_by)}" if e.endorsed_by else ""
        print(f"  {e.since_utc}  {e.how}{endorsed}, by {e.actor}{mark}")
        print(f"    {e.fingerprint}")
    return 0


def _rotate(connections: Connections, path: Path, actor: str, *, endorse: bool) -> int:
    try:
        with connections.write() as conn:
            rotation = signing.prepare_rotation(conn, path, utc_now(), actor, endorse=endorse)
    except ValueError as problem:
        print(f"regional-server: {problem}", file=sys.stderr)
        return 2
    try:
        kept = signing.install(rotation, path)
    except OSError as problem:
        signing.discard(rotation)
        print(
            f"regional-server: the new key could not replace {path} ({problem}); bundles are "
            "still signed with the key before, which every line PC accepts",
            file=sys.stderr,
        )
        return 1
    print(f"new signing key in {path}")
    print(f"fingerprint (SHA-256): {rotation.new.fingerprint}")
    if kept is not None:
        print(f"the key before is kept in {kept}")
    if rotation.new.endorsed_by:
        print(
            "endorsed by the key before: every line PC moves to the new key at its next sync. "
            "A running server signs with it from its next bundle answer; give the new file to "
            "every other host of the region."
        )
    else:
        print(
            "NOT endorsed: every line PC refuses new bundles until plant IT runs "
            f"'operator-app trust-region-key --fingerprint {rotation.new.fingerprint}' on it."
        )
    return 0
