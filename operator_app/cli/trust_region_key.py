"""``operator-app trust-region-key --fingerprint XX:XX:...``: re-trust the region's key.

For the unplanned case: the regional server's signing key was lost or compromised and replaced
by one the old key did not endorse, so this PC refuses every new bundle. Plant IT reads the
new key's fingerprint over the phone from ``regional-server signing-key show`` and types it
here. The command fetches the server's current key (with its bundle), shows its fingerprint,
and pins it only when it equals the one typed; the change is logged and kept in the store's
history of pinned keys. The next sync then applies the server's bundle.

    0  pinned (or it already was)
    2  not pinned: the fingerprints differ, the fingerprint typed is not one, the server sent
       no signed bundle, or the site configuration, token or store cannot be used
    3  the server could not be reached; nothing changed
    4  the server refused the device token; nothing changed
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from local_store import EventStore
from operator_app.cli.context import EXIT_BAD_CONFIG, EXIT_OK, add_common_arguments, resolve_site
from shopfloor_core.contract import Bundle, ContractError, key_fingerprint
from sync.bundle_signature import canonical_key, verifies
from sync.http import AuthRefused, RegionalClient, SyncProblem
from sync.key_pins import RE_TRUSTED, pin, pinned_key
from sync.token import TokenProblem, read_token, token_path

EXIT_NOT_PINNED = EXIT_BAD_CONFIG
EXIT_UNREACHABLE = 3
EXIT_REFUSED = 4


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "trust-region-key",
        help="pin the regional server's new signing key after it was replaced "
        "(the fingerprint read from 'regional-server signing-key show')",
        description="Fetches the regional server's current bundle-signing key and pins it "
        "only when its fingerprint equals the one given; otherwise exits 2 and keeps the key "
        "pinned before.",
    )
    add_common_arguments(parser)
    parser.add_argument(
        "--fingerprint",
        required=True,
        help="the key's SHA-256 fingerprint, 64 hex digits (colons, spaces and case ignored)",
    )
    parser.set_defaults(run=run)


def typed_fingerprint(text: str) -> str | None:
    """The 64 hex digits of a fingerprint as typed, upper case; None when it is not one."""
    digits = re.sub(r"[\s:\-]", "", text).upper()
    return digits if re.fullmatch(r"[0-9A-F]{64}", digits) else None


def run(args: argparse.Namespace) -> int:
    typed = typed_fingerprint(args.fingerprint)
    if typed is None:
        print(
            "trust-region-key: a fingerprint is 64 hex digits (as 'regional-server signing-key "
            f"show' prints them); got {args.fingerprint!r}. Nothing pinned.",
            file=sys.stderr,
        )
        return EXIT_NOT_PINNED
    site = resolve_site(args)
    if site.sync is None:
        print("trust-region-key: the site configuration has no [sync] section", file=sys.stderr)
        return EXIT_NOT_PINNED
    try:
        token = read_token(token_path(site))
    except TokenProblem as problem:
        print(f"trust-region-key: {problem}", file=sys.stderr)
        return EXIT_NOT_PINNED
    client = RegionalClient(site.sync, token, site.device)
    try:
        bundle = client.bundle(None)
    except AuthRefused as denied:
        print(f"trust-region-key: {denied.message}; nothing changed", file=sys.stderr)
        return EXIT_REFUSED
    except SyncProblem as failure:
        print(f"trust-region-key: {failure.message}; nothing changed", file=sys.stderr)
        return EXIT_UNREACHABLE
    except ContractError as wrong:
        print(
            f"trust-region-key: the server's answer does not follow the sync contract ({wrong}); "
            "nothing changed",
            file=sys.stderr,
        )
        return EXIT_UNREACHABLE
    finally:
        client.close()
    key = _signed_key(bundle)
    if key is None:
        print(
            "trust-region-key: the server sent no signed bundle to take its key from (none "
            "published yet, or its signature does not verify); nothing pinned",
            file=sys.stderr,
        )
        return EXIT_NOT_PINNED
    fingerprint = key_fingerprint(key)
    print(f"the regional server's key: {fingerprint}")
    if fingerprint.replace(":", "") != typed:
        print(
            "trust-region-key: that is not the fingerprint given; nothing pinned, the key "
            "pinned before stays. Check the fingerprint with the region's IT (they read it "
            "from 'regional-server signing-key show'), and that this PC reaches the right "
            "server.",
            file=sys.stderr,
        )
        return EXIT_NOT_PINNED
    store = EventStore.open(site.database_path)
    try:
        pinned = pinned_key(store)
        if pinned is not None and canonical_key(pinned) == key:
            print("this key is already the one pinned; nothing changed")
            return EXIT_OK
        pin(store, key, RE_TRUSTED, detail=f"fingerprint given: {fingerprint}")
    finally:
        store.close()
    print("pinned: the next sync applies the server's bundles signed with this key")
    return EXIT_OK


def _signed_key(bundle: Bundle | None) -> str | None:
    """The key the bundle came with (its one spelling), if its signature verifies against it."""
    key = canonical_key(bundle.signing_key) if bundle is not None else None
    if bundle is None or key is None or not bundle.signature:
        return None
    text = bundle.signed_text()  # with whom it is for, when the server signed that
    return key if verifies(key, bundle.signature, text) else None
