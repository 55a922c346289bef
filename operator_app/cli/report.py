"""``operator-app report --shift ID|current --pdf FILE``: the printable shift report.

Works from the local store alone, like the supervisor's screen. The page is drawn by Qt on the
offscreen platform, so the command needs no display.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from local_store import EventStore
from operator_app.cli.context import (
    EXIT_FAILED,
    EXIT_OK,
    add_common_arguments,
    existing_store,
    resolve_site,
)
from operator_app.services.job_calls import job_calls
from operator_app.services.shift_summary import shift_summary
from operator_app.services.standards import standards_in_force
from shopfloor_core.domain.errors import RuleViolation


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help="write the shift report as a PDF")
    add_common_arguments(parser)
    parser.add_argument(
        "--shift", default="current", help="shift id YYYY-MM-DD.CODE, or current (default)"
    )
    parser.add_argument("--pdf", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--png", type=Path, help="also write the page as a PNG image")
    parser.add_argument("--language", help="report language (default: the site's)")
    parser.set_defaults(run=run)


def _shift_id_problem(shift_id: str) -> str | None:
    """What is wrong with the shape of ``shift_id``, told before any store is looked for: a
    mistyped argument is the first thing to mend. Whether the shift is worked is the store's
    calendar's to say."""
    if shift_id == "current":
        return None
    day_text, dot, code = shift_id.partition(".")
    try:
        date.fromisoformat(day_text)
    except ValueError:
        return f"{shift_id!r} is not a shift id (YYYY-MM-DD.CODE)"
    return None if dot and code else f"{shift_id!r} is not a shift id (YYYY-MM-DD.CODE)"


def run(args: argparse.Namespace) -> int:
    problem = _shift_id_problem(args.shift)
    if problem is not None:
        print(f"operator-app report: {problem}", file=sys.stderr)
        return EXIT_FAILED
    site = resolve_site(args)
    store = EventStore.open(existing_store(site.database_path, args))
    try:
        # The shift calendar, roster and cycle times of the regional bundle in force.
        standards = standards_in_force(store, site)
        catalogue, site = standards.catalogue, standards.site
        try:
            summary = shift_summary(store, catalogue, site, args.shift, products=standards.products)
            language = args.language or site.language
            jobs = job_calls().shift_jobs(store, catalogue, site, summary, language)
        except RuleViolation as exc:
            print(f"operator-app report: {exc}", file=sys.stderr)
            return EXIT_FAILED
    finally:
        store.close()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication, not a bare QGuiApplication: in one process (tests, the GUI) a later
    # widget would otherwise find an application of the wrong kind.
    from PySide6.QtWidgets import QApplication

    from operator_app.reports.shift_report import reason_labels, render_png, write_pdf
    from operator_app.screens.language import Translations

    app = QApplication.instance() or QApplication(["operator-app"])
    translations = Translations()
    translations.switch(language)
    labels = reason_labels(catalogue, language)
    try:
        write_pdf(args.pdf, summary, site, labels, standards.oee_target, jobs)
        if args.png:
            render_png(args.png, summary, site, labels, standards.oee_target, jobs)
    except OSError as exc:
        print(f"operator-app report: cannot write the report: {exc}", file=sys.stderr)
        return EXIT_FAILED
    del app
    print(f"shift {summary.shift.shift_id} report written to {args.pdf}")
    return EXIT_OK
