"""``operator-app export --csv --from ISO --to ISO``: events with codes and labels, and the job
and product each belonged to; ``export --jobs``: one row per job for the ERP
(columns in docs/operations.md)."""

from __future__ import annotations

import argparse
import csv
import errno
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from local_store import EventStore
from local_store.jobs import current_job
from operator_app.cli.context import (
    EXIT_OK,
    UsageProblem,
    add_common_arguments,
    existing_store,
    resolve_database,
    resolve_site,
)
from operator_app.services.job_calls import job_calls
from operator_app.services.job_view import JobView
from operator_app.services.standards import active_catalogue, catalogue_for_version
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventRevision

COLUMNS = (
    "event_id",
    "kind",
    "plant",
    "area",
    "line",
    "machine_id",
    "start_utc",
    "end_utc",
    "duration_s",
    "reason_code",
    "reason_label",
    "reason_path",
    "catalogue_version",
    "quantity",
    "note",
    "source",
    "author",
    "revision",
    "device",
    "zone",
    # Appended, so readers by position keep working: the PLC's fault (0: flag, no code) and
    # whether the reason is still only the fault map's suggestion.
    "fault_code",
    "reason_suggested",
    # Appended likewise: the job (production order) and product in force when it happened.
    "job_id",
    "order_number",
    "product_code",
)

# ``export --jobs``: one row per job, for the ERP's confirmation of a production order.
JOB_COLUMNS = (
    "job_id",
    "order_number",
    "product_code",
    "product_name",
    "machine_id",
    "state",
    "quantity_ordered",
    "good",
    "reject",
    "started_utc",
    "ended_utc",
    "changeover_s",
    "planned_s",
    "run_s",
    "downtime_s",
    "ideal_cycle_s",
    "availability",
    "performance",
    "quality",
    "oee",
    "scrap_by_reason",
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="export events or jobs for a time range")
    add_common_arguments(parser)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--csv", action="store_true", help="events as CSV")
    what.add_argument(
        "--jobs",
        action="store_true",
        help="one CSV row per job that ran in the range: quantities and times for the ERP",
    )
    parser.add_argument("--from", dest="start", required=True, help="ISO 8601 start")
    parser.add_argument("--to", dest="end", required=True, help="ISO 8601 end")
    parser.add_argument("--output", "-o", help="file to write (default: standard output)")
    parser.add_argument(
        "--language", help="label language (default: the site's, or en with --data-dir alone)"
    )
    parser.set_defaults(run=run)


def parse_moment(text: str, zone: str) -> datetime:
    """An ISO 8601 date or time; without an offset it is read in the plant's zone."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageProblem(f"{text!r} is not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def _check_writable(output: str) -> None:
    """A destination that cannot be written is said before the store is looked for, like a
    range that cannot be right: both are the command line's to mend."""
    folder = Path(output).absolute().parent
    if not folder.is_dir():
        raise UsageProblem(f"cannot write {output}: {os.strerror(errno.ENOENT)}")
    if not os.access(folder, os.W_OK):
        raise UsageProblem(f"cannot write {output}: {os.strerror(errno.EACCES)}")


def run(args: argparse.Namespace) -> int:
    site = configured_site(args)
    if args.jobs and site is None:
        # A job's figures need the shift calendar and cycle times of the site file.
        raise UsageProblem(
            "export --jobs needs the site file (--config FILE), not --data-dir alone"
        )
    path = site.database_path if site else resolve_database(args)
    language = args.language or (site.language if site else "en")
    # A range that cannot be right is said first, before the store is looked for.
    wanted = requested_range(args, site.timezone) if site else None
    if args.output:
        _check_writable(args.output)
    store = EventStore.open(existing_store(path, args))
    try:
        # Without a config (IT pointing at a bare data folder) the plant's zone is the one its
        # events were recorded in.
        start, end = wanted or requested_range(args, recorded_zone(store))
        catalogue = active_catalogue(store)
        if args.jobs:
            jobs = job_calls().jobs_between(store, catalogue, site, start, end, language)

            def write(out: TextIO) -> None:
                write_jobs_csv(out, jobs)
        else:
            events = store.events_between(start, end)

            def write(out: TextIO) -> None:
                write_csv(out, events, store, catalogue, language)

        if args.output:
            try:
                with open(args.output, "w", newline="", encoding="utf-8") as out:
                    write(out)
            except OSError as exc:
                raise UsageProblem(f"cannot write {args.output}: {exc.strerror}") from None
        else:
            write(sys.stdout)
    finally:
        store.close()
    return EXIT_OK


def requested_range(args: argparse.Namespace, zone: str) -> tuple[datetime, datetime]:
    start = parse_moment(args.start, zone)
    end = parse_moment(args.end, zone)
    if end <= start:
        raise UsageProblem("--to must be after --from")
    return start, end


def configured_site(args: argparse.Namespace) -> SiteConfig | None:
    """The site config, or None when only --data-dir was given (a bare data folder)."""
    if getattr(args, "data_dir", None) and not (
        getattr(args, "config", None) or getattr(args, "demo", False)
    ):
        return None
    return resolve_site(args)


def recorded_zone(store: EventStore) -> str:
    row = store.db.execute("SELECT zone FROM events ORDER BY recorded_utc DESC LIMIT 1").fetchone()
    return str(row[0]) if row else "UTC"


def write_csv(
    out: TextIO, events: list[EventRevision], store: EventStore, catalogue: Any, language: str
) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    order_numbers = _order_numbers(store, {e.job_id for e in events if e.job_id})
    for event in events:
        label = path = ""
        if event.reason_code and event.catalogue_version:
            used = catalogue_for_version(store, event.catalogue_version, catalogue)
            try:
                nodes = used.path(event.reason_code)
            except RuleViolation:  # a code unknown to every catalogue here: keep the code
                nodes = ()
            if nodes:
                label = nodes[-1].label(language)
                path = " > ".join(n.label(language) for n in nodes)
        duration = (
            f"{(event.end_utc - event.start_utc).total_seconds():.0f}" if event.end_utc else ""
        )
        writer.writerow(
            (
                event.event_id,
                event.kind.value,
                event.stamp.plant,
                event.stamp.area,
                event.stamp.line,
                event.machine_id,
                to_iso(event.start_utc),
                to_iso(event.end_utc) if event.end_utc else "",
                duration,
                event.reason_code or "",
                label,
                path,
                event.catalogue_version or "",
                "" if event.quantity is None else event.quantity,
                event.note,
                event.source.value,
                event.author,
                event.seq,
                event.stamp.device,
                event.stamp.zone,
                "" if event.fault_code is None else event.fault_code,
                int(event.reason_suggested),
                event.job_id or "",
                order_numbers.get(event.job_id, "") if event.job_id else "",
                event.product_code or "",
            )
        )


def _order_numbers(store: EventStore, job_ids: set[str | None]) -> dict[str | None, str]:
    found: dict[str | None, str] = {}
    for job_id in job_ids:
        job = current_job(store.db, job_id) if job_id else None
        if job is not None and job.order_number:
            found[job_id] = job.order_number
    return found


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def write_jobs_csv(out: TextIO, jobs: Sequence[JobView]) -> None:
    """Figures are the job's whole life, not clipped to the range; ratios are 0-1, times UTC."""
    writer = csv.writer(out)
    writer.writerow(JOB_COLUMNS)
    for job in jobs:
        writer.writerow(
            (
                job.job_id,
                job.order_number or "",
                job.product_code,
                job.product_name,
                job.machine_id,
                job.state,
                "" if job.ordered is None else job.ordered,
                job.good,
                job.reject,
                to_iso(job.started_utc) if job.started_utc else "",
                to_iso(job.ended_utc) if job.ended_utc else "",
                _seconds(job.changeover_s),
                _seconds(job.planned_s),
                _seconds(job.run_s),
                _seconds(job.downtime_s),
                "" if job.ideal_cycle_s is None else f"{job.ideal_cycle_s:g}",
                _ratio(job.availability),
                _ratio(job.performance),
                _ratio(job.quality),
                _ratio(job.oee),
                ";".join(f"{code or ''}={parts}" for code, parts in job.scrap_by_reason),
            )
        )
