"""Job lists that plant IT drops as CSV files in the line's import folder.

The columns (docs/configuration.md, "Job lists"): a header row naming them, in any order and
case, separated by commas or semicolons, UTF-8 (a spreadsheet's byte-order mark is fine):

- ``product`` (required): a product code of the region's products that this line runs;
- ``quantity`` (required): the parts ordered, a whole number without separators;
- ``order_number`` (optional): the ERP's order number; an order already on this line is refused;
- ``machine`` (optional): the machine it is planned for (it must have a rate for the product).

Each row is checked on its own: a bad row is refused with its line number and the reason, the
rest are queued. A file is known by the SHA-256 of its content, so the same list dropped twice
(or under another name) is not imported twice. Once read, the file is moved to ``processed/``
beside a ``<name>.report.txt`` saying what was queued and what was refused, and why; refusals
are logged as warnings too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from local_store.jobs import job_import_known, remember_job_import
from operator_app.services.jobs import JobService
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.jobs import JobRevision, JobSource

COLUMNS = ("product", "quantity", "order_number", "machine")
REQUIRED = ("product", "quantity")
PROCESSED = "processed"
AUTHOR = "system:job-import"
MAX_FILE_BYTES = 5 * 1024 * 1024

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefusedRow:
    line: int  # the file's line number, as a spreadsheet shows it (the header is line 1)
    message: str


@dataclass
class ImportReport:
    file_name: str
    digest: str
    queued: list[JobRevision] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    # The whole file could not be read (not UTF-8, no header, missing columns); nothing queued.
    problem: str | None = None
    already_imported: bool = False

    def lines(self) -> list[str]:
        """The report as plant IT reads it, one line per fact."""
        head = f"{self.file_name} (sha256 {self.digest[:12]})"
        if self.already_imported:
            return [f"{head}: imported before; nothing queued again"]
        if self.problem is not None:
            return [f"{head}: not imported: {self.problem}"]
        out = [f"{head}: {len(self.queued)} job(s) queued, {len(self.refused)} row(s) refused"]
        out += [f"line {r.line}: refused: {r.message}" for r in self.refused]
        return out


def read_job_file(service: JobService, name: str, content: bytes) -> ImportReport:
    """Queue the jobs of one CSV file's ``content``, row by row, in one write transaction."""
    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport(name, digest)
    with service.store.write():
        if job_import_known(service.store.db, digest):
            report.already_imported = True
            return report
        rows = _rows(content, report)
        if rows is not None:
            for line, row in rows:
                try:
                    report.queued.append(_queue(service, row))
                except RuleViolation as refused:
                    report.refused.append(RefusedRow(line, str(refused)))
        remember_job_import(
            service.store.db,
            digest,
            name,
            to_iso(service.clock()),
            len(report.queued),
            len(report.refused),
            "\n".join(report.lines()),
        )
    return report


def import_job_folder(service: JobService, folder: Path) -> list[ImportReport]:
    """Import every ``*.csv`` in ``folder`` (oldest first) and move each to ``processed/``."""
    reports = []
    files = sorted(
        (p for p in folder.glob("*") if p.is_file() and p.suffix.lower() == ".csv"),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    for path in files:
        try:
            content = path.read_bytes()
        except OSError as exc:
            log.error("job list %s cannot be read: %s", path, exc)
            continue
        if len(content) > MAX_FILE_BYTES:
            report = ImportReport(path.name, hashlib.sha256(content).hexdigest())
            report.problem = f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
        else:
            report = read_job_file(service, path.name, content)
        for line in report.lines():
            (log.info if not report.refused and not report.problem else log.warning)(
                "job import: %s", line
            )
        _file_away(path, report, service.clock())
        reports.append(report)
    return reports


def _rows(content: bytes, report: ImportReport) -> list[tuple[int, dict[str, str]]] | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.problem = "not UTF-8 text (save it from the spreadsheet as CSV UTF-8)"
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        report.problem = "empty: a job list starts with a header row"
        return None
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        report.problem = (
            f"the header row lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})"
        )
        return None
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        report.problem = f"unknown columns {', '.join(unknown)} (columns: {', '.join(COLUMNS)})"
        return None
    rows = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(names):
                report.refused.append(RefusedRow(line, f"{len(cells)} cells, header has fewer"))
                continue
            rows.append((line, {n: c.strip() for n, c in zip(names, cells, strict=False) if n}))
    except csv.Error as exc:
        report.refused.append(RefusedRow(reader.line_num, f"not readable as CSV ({exc})"))
    return rows


def _queue(service: JobService, row: dict[str, str]) -> JobRevision:
    product = row.get("product", "")
    if not product:
        raise RuleViolation("no_product", "no product code")
    raw = row.get("quantity", "")
    if not raw.isdigit():
        raise RuleViolation("bad_quantity", f"quantity {raw!r} is not a whole number of parts")
    return service.queue_checked(
        product,
        int(raw),
        order_number=row.get("order_number") or None,
        machine_id=row.get("machine") or None,
        source=JobSource.CSV,
        author=AUTHOR,
    )


def _file_away(path: Path, report: ImportReport, now: datetime) -> None:
    """Move the file to processed/ with its report beside it; a name taken gets a time."""
    done = path.parent / PROCESSED
    try:
        done.mkdir(exist_ok=True)
        target = done / path.name
        if target.exists():
            target = done / f"{path.stem}.{now.strftime('%Y%m%dT%H%M%S')}{path.suffix}"
        path.replace(target)
        target.with_name(target.name + ".report.txt").write_text(
            "\n".join(report.lines()) + "\n", encoding="utf-8"
        )
    except OSError as exc:
        # Its content hash is kept: left where it is, it is still never imported twice.
        log.error("job list %s not moved to %s: %s", path, done, exc)
