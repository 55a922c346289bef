"""``operator-app import-jobs [--folder DIR]``: queue the job lists plant IT dropped, now.

The running client does this after every sync round; this command does it at once and prints
each file's report (what was queued, each refused row with its line number and why). Exit 0
when every row of every file was queued, 1 when some row or file was refused, 2 when there is
no folder to read.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from local_store import EventStore
from operator_app.cli.context import (
    EXIT_BAD_CONFIG,
    EXIT_FAILED,
    EXIT_OK,
    add_common_arguments,
    resolve_site,
)
from operator_app.services.job_queue import refresh_job_queue
from operator_app.services.jobs import JobService
from operator_app.services.standards import standards_in_force


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-jobs", help="queue the job lists (CSV) in the line's import folder now"
    )
    add_common_arguments(parser)
    parser.add_argument("--folder", type=Path, help="the folder (default: [jobs] import_folder)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site = resolve_site(args)
    folder = args.folder or site.job_import_folder
    if folder is None or not folder.is_dir():
        print(
            f"import-jobs: no folder to read ({folder or 'no [jobs] import_folder'})",
            file=sys.stderr,
        )
        return EXIT_BAD_CONFIG
    store = EventStore.open(site.database_path)
    try:
        standards = standards_in_force(store, site)
        running = replace(standards.site, job_import_folder=folder)
        service = JobService(store, running, standards.catalogue, standards.products)
        done = refresh_job_queue(service, standards.jobs)
    finally:
        store.close()
    for report in done.imports:
        for line in report.lines():
            print(line)
    for refused in done.refused:
        print(f"region: refused: {refused}")
    bad = done.refused or any(r.refused or r.problem for r in done.imports)
    return EXIT_FAILED if bad else EXIT_OK
