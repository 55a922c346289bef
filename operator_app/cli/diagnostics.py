"""``operator-app diagnostics --out FILE.zip``: everything a regional coach needs, in one file.

Works when the client does not: with a site file that does not validate (its problems are in
the bundle) or a store that cannot be opened (the reason is). Exit 0 when the bundle was
written, 1 when it could not be written.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from local_store import EventStore, StoreUnavailable
from operator_app.cli.context import (
    EXIT_FAILED,
    EXIT_OK,
    NoStore,
    add_common_arguments,
    default_config_path,
    demo_config_path,
    error_report_files,
    existing_store,
    resolve_site,
)
from operator_app.operations.bundle import BundleParts, write_bundle
from operator_app.operations.line_status import STORE_FILE_NAME, collect_status
from operator_app.site_config import ConfigError, SiteConfig
from operator_app.site_config.data_dir import machine_data_dir
from sync.token import TokenProblem, read_token, token_path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "diagnostics", help="bundle logs, status, site file and standards (no secrets) in a zip"
    )
    add_common_arguments(parser)
    parser.add_argument("--out", type=Path, required=True, help="the zip file to write")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site_file = _site_file(args)
    site: SiteConfig | None = None
    problems: list[str] = []
    try:
        site = resolve_site(args)
    except ConfigError as error:
        problems = error.lines()
    data_dir = (
        site.data_dir if site else Path(getattr(args, "data_dir", None) or machine_data_dir())
    )
    parts = BundleParts(
        data_dir=data_dir,
        status=_status(data_dir / STORE_FILE_NAME),
        site_file=site_file,
        config_problems=problems,
        standards=_standards(data_dir / STORE_FILE_NAME),
        token=_token(site),
        extra_logs=_cli_error_log(),
    )
    try:
        names = write_bundle(args.out, parts)
    except OSError as exc:
        print(f"diagnostics: cannot write {args.out} ({exc.strerror})", file=sys.stderr)
        return EXIT_FAILED
    print(f"diagnostics bundle written to {args.out} ({len(names)} files, secrets removed)")
    for line in problems:
        print(f"note: the site file could not be used: {line}", file=sys.stderr)
    try:
        existing_store(data_dir / STORE_FILE_NAME, args)
    except NoStore as missing:
        # Still exit 0: the bundle was written, and its logs and site file may be all a
        # coach needs from a PC whose client never started.
        print("note: " + "\n".join(missing.lines()), file=sys.stderr)
    return EXIT_OK


def _site_file(args: argparse.Namespace) -> Path | None:
    if getattr(args, "demo", False):
        return demo_config_path()
    path = getattr(args, "config", None) or default_config_path()
    return Path(path) if Path(path).is_file() else None


def _status(path: Path) -> dict[str, Any]:
    if not path.exists():
        # Never create a store where there was none: the folder may simply be the wrong one.
        return {"db_path": str(path), "error": "no store at this path"}
    try:
        return collect_status(path)
    except (StoreUnavailable, sqlite3.Error) as exc:
        return {"db_path": str(path), "error": str(getattr(exc, "reason", exc))}


def _standards(path: Path) -> dict[str, Any] | None:
    """The regional bundle in force as the store holds it (roster secrets are removed later)."""
    if not path.exists():
        return None
    try:
        store = EventStore.open(path)
    except (StoreUnavailable, sqlite3.Error) as exc:
        return {"error": str(getattr(exc, "reason", exc))}
    try:
        bundle = store.active_bundle()
        if bundle is None:
            return {
                "source": "bundled defaults (no regional bundle yet)",
                "catalogue": store.active_catalogue_document(),
            }
        return {"source": f"regional bundle {bundle[0]}", "sections": bundle[1]}
    finally:
        store.close()


def _token(site: SiteConfig | None) -> str | None:
    """The device token, only to scrub it from every text of the bundle."""
    if site is None or site.sync is None:
        return None
    try:
        return read_token(token_path(site))
    except TokenProblem:
        return None


def _cli_error_log() -> list[Path]:
    """The commands' own error reports (outside the data directory), where there are any."""
    return [path for path in error_report_files() if path.is_file()]
