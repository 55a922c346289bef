"""``operator-app hash-pin``: turn a PIN into the ``pin_hash`` a roster entry holds."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from operator_app.cli.context import EXIT_BAD_CONFIG, EXIT_OK
from shopfloor_core.domain.roster import hash_pin


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("hash-pin", help="make a roster pin_hash from a PIN")
    parser.add_argument(
        "--stdin", action="store_true", help="read the PIN from standard input (for scripts)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    pin = sys.stdin.readline().strip() if args.stdin else getpass.getpass("PIN: ")
    try:
        print(hash_pin(pin))
    except ValueError as exc:
        print(f"operator-app: {exc}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    return EXIT_OK
