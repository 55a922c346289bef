"""The printable shift report: one A4 page a supervisor can pin to the board or file.

Drawn with QPainter onto a QPdfWriter (or a QImage for a preview), from a ``ShiftSummary``: so
the page shows exactly the figures of the screen, with the rules that produced them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QMarginsF, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from operator_app.screens.formatting import count, duration, local_time, micro_stop_words, percent
from operator_app.screens.shift_jobs import changeover_text, scrap_text
from operator_app.screens.supervisor import shift_name
from operator_app.services.job_view import JobView
from operator_app.services.shift_summary import ShiftSummary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.kpi import LineKpi, MachineKpi

RESOLUTION_DPI = 150
PNG_DPI = 110
BAR = QColor("#5a6f8c")
PLANNED = QColor("#9a9a9a")
MAX_PARETO_BARS = 8
MAX_NOTES = 6
MAX_SCRAP_ROWS = 10
MAX_JOB_ROWS = 8
JOB_COLUMN_WIDTHS = (0.13, 0.17, 0.12, 0.11, 0.28, 0.11, 0.08)
KPI_COLUMN_WIDTHS = (0.11, 0.06, 0.09, 0.07, 0.07, 0.07, 0.07, 0.07, 0.07, 0.11, 0.11, 0.10)

# The region's OEE target of a machine (the bundle in force), None where it sets none.
OeeTarget = Callable[[str], float | None]


class _Page:
    """A cursor down a page: each block draws below the last one."""

    def __init__(self, painter: QPainter, width: float, height: float) -> None:
        self.painter = painter
        self.width = width
        self.height = height
        self.y = 0.0
        self.unit = height / 120  # one text line of the body font

    def font(self, scale: float, bold: bool = False) -> None:
        font = QFont("DejaVu Sans")
        font.setPixelSize(max(6, int(self.unit * scale)))
        font.setBold(bold)
        self.painter.setFont(font)

    def text(self, text: str, scale: float = 1.0, bold: bool = False, gap: float = 0.4) -> None:
        self.font(scale, bold)
        rect = QRectF(0, self.y, self.width, self.height - self.y)
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        used = self.painter.boundingRect(rect, flags, text)
        self.painter.drawText(rect, flags, text)
        self.y += used.height() + self.unit * gap

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        self.font(0.9, True)
        row_height = self.unit * 1.5
        self._row(header, widths, row_height)
        self.painter.setPen(QPen(QColor("#7a7a7a"), max(1.0, self.unit / 12)))
        self.painter.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.painter.setPen(QPen(QColor("#1a1a1a")))
        self.font(0.9)
        for row in rows:
            self._row(row, widths, row_height)
        self.y += self.unit * 0.6

    def _row(self, cells: Sequence[str], widths: Sequence[float], height: float) -> None:
        x = 0.0
        for cell, share in zip(cells, widths, strict=False):
            width = self.width * share
            self.painter.drawText(
                QRectF(x, self.y, width - self.unit * 0.3, height),
                int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.AlignmentFlag.AlignLeft),
                cell,
            )
            x += width
        self.y += height


def no_targets(_machine_id: str) -> float | None:
    return None


def kpi_table(
    summary: ShiftSummary, site: SiteConfig, oee_target: OeeTarget = no_targets
) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the KPI table: each machine, then the line, as on the screen."""
    locale = QLocale()
    header = [
        QCoreApplication.translate("ShiftReport", "Machine"),
        QCoreApplication.translate("ShiftReport", "OEE %"),
        QCoreApplication.translate("ShiftReport", "OEE target %"),
        QCoreApplication.translate("ShiftReport", "Avail. %"),
        QCoreApplication.translate("ShiftReport", "Perf. %"),
        QCoreApplication.translate("ShiftReport", "Qual. %"),
        QCoreApplication.translate("ShiftReport", "Good"),
        QCoreApplication.translate("ShiftReport", "Reject"),
        QCoreApplication.translate("ShiftReport", "Target"),
        QCoreApplication.translate("ShiftReport", "Downtime"),
        QCoreApplication.translate("ShiftReport", "MTBF"),
        QCoreApplication.translate("ShiftReport", "MTTR"),
    ]
    rows = []
    kpis: list[MachineKpi | LineKpi] = [*summary.machines, summary.line]
    for kpi in kpis:
        machine_id = getattr(kpi, "machine_id", None)
        name = machine_id or QCoreApplication.translate("ShiftReport", "Line {0}").format(site.line)
        # Each job's time at its product's rate (the machine's own outside jobs), as on screen.
        target = summary.target(machine_id) if machine_id else None
        rows.append(
            [
                name,
                percent(kpi.oee),
                percent(oee_target(machine_id) if machine_id else None),
                percent(kpi.availability),
                percent(kpi.performance),
                percent(kpi.quality),
                locale.toString(kpi.good),
                locale.toString(kpi.reject),
                locale.toString(target) if target is not None else "—",
                duration(timedelta(seconds=kpi.downtime_s)),
                duration(timedelta(seconds=kpi.mtbf_s)) if kpi.mtbf_s is not None else "—",
                duration(timedelta(seconds=kpi.mttr_s)) if kpi.mttr_s is not None else "—",
            ]
        )
    return header, rows


class ShiftReport(QObject):
    """The report's sentences that agree with a count: ``self.tr`` is what lupdate reads as a
    plural (%n) form, so Spanish says "1 parada" and "2 paradas", not "1 parada(s)"."""

    def data_quality(self, summary: ShiftSummary) -> str:
        return self.tr(
            'Data quality: {0} % of downtime has a reason, {1} % is under "Other", '
            "%n stop(s) still to name.",
            "",
            len(summary.uncategorized),
        ).format(percent(summary.categorized_share), percent(summary.other_share))

    def late_edits(self, count: int) -> str:
        return self.tr(
            "%n change(s) made after sign-off, each with its reason in the audit trail.", "", count
        )


def data_quality_text(summary: ShiftSummary) -> str:
    return ShiftReport().data_quality(summary)


def late_edits_text(count: int) -> str:
    return ShiftReport().late_edits(count)


def draw_report(
    painter: QPainter,
    width: float,
    height: float,
    summary: ShiftSummary,
    site: SiteConfig,
    reason: Callable[[str | None], str],
    oee_target: OeeTarget = no_targets,
    jobs: Sequence[JobView] = (),
) -> None:
    page = _Page(painter, width, height)
    zone, locale, shift = site.timezone, QLocale(), summary.shift
    page.text(
        QCoreApplication.translate("ShiftReport", "Shift report — {0} {1}, line {2}").format(
            site.plant, site.area, site.line
        ),
        2.0,
        True,
    )
    start = local_time(shift.start_utc, zone, with_date=True)
    end = local_time(shift.end_utc, zone, with_date=True)
    if shift.crew:
        when = QCoreApplication.translate(
            "ShiftReport", "{0} shift, crew {1}: {2} to {3} ({4}, {5})"
        ).format(shift_name(shift.name), shift.crew, start, end, duration(shift.duration), zone)
    else:
        when = QCoreApplication.translate("ShiftReport", "{0} shift: {1} to {2} ({3}, {4})").format(
            shift_name(shift.name), start, end, duration(shift.duration), zone
        )
    page.text(when, 1.2)
    if summary.signoff is not None:
        status = QCoreApplication.translate("ShiftReport", "Signed off by {0} at {1}.").format(
            _name(site, summary.signoff.author),
            local_time(summary.signoff.signed_utc, zone, with_date=True),
        )
    elif summary.is_over:
        status = QCoreApplication.translate("ShiftReport", "Not signed off.")
    else:
        status = QCoreApplication.translate(
            "ShiftReport", "Shift still running: figures up to {0}."
        ).format(local_time(summary.now, zone))
    page.text(status, 1.0, gap=1.0)

    page.text(QCoreApplication.translate("ShiftReport", "OEE per machine and line"), 1.3, True)
    header, rows = kpi_table(summary, site, oee_target)
    page.table(header, rows, KPI_COLUMN_WIDTHS)
    p = summary.provenance
    page.text(
        QCoreApplication.translate(
            "ShiftReport",
            "Rules: catalogue {0}; formula {1}; shift calendar {2}; micro-stops: {3}. "
            "Events captured under catalogue(s): {4}.",
        ).format(
            p.catalogue_version,
            p.formula_variant,
            p.shift_calendar_version,
            micro_stop_words(),
            ", ".join(p.catalogue_versions_in_events) or "—",
        ),
        0.8,
    )
    if jobs:
        _jobs(page, jobs, site, reason)
    page.text(
        data_quality_text(summary),
        1.0,
        gap=1.0,
    )

    page.text(
        QCoreApplication.translate("ShiftReport", "Downtime by reason (minutes; grey: planned)"),
        1.3,
        True,
    )
    _pareto(page, summary, reason)

    page.text(QCoreApplication.translate("ShiftReport", "Scrap by reason"), 1.3, True)
    if summary.scrap:
        page.table(
            [
                QCoreApplication.translate("ShiftReport", "Reason"),
                QCoreApplication.translate("ShiftReport", "Parts"),
                QCoreApplication.translate("ShiftReport", "Records"),
            ],
            [
                [reason(s.reason_code), locale.toString(s.quantity), locale.toString(s.records)]
                for s in summary.scrap[:MAX_SCRAP_ROWS]
            ],
            [0.6, 0.2, 0.2],
        )
    else:
        page.text(QCoreApplication.translate("ShiftReport", "No scrap recorded."), gap=0.8)

    page.text(QCoreApplication.translate("ShiftReport", "Handover notes"), 1.3, True)
    for note in summary.handover[:MAX_NOTES]:
        page.text(
            QCoreApplication.translate("ShiftReport", "{0}, {1}: {2}").format(
                local_time(note.recorded_utc, zone), _name(site, note.author), note.text
            )
        )
    if not summary.handover:
        page.text(QCoreApplication.translate("ShiftReport", "None."))
    if summary.late_edits:
        page.text(
            late_edits_text(len(summary.late_edits)),
            gap=0.8,
        )


def _jobs(
    page: _Page, jobs: Sequence[JobView], site: SiteConfig, reason: Callable[[str | None], str]
) -> None:
    """Each job of the shift: what it made of what was ordered, its scrap, changeover and OEE."""
    page.text(QCoreApplication.translate("ShiftReport", "Jobs"), 1.3, True)
    language = QLocale().name()[:2]
    names = {m.machine_id: m.name_in(language) for m in site.machines}
    rows = []
    for job in jobs[:MAX_JOB_ROWS]:
        made = (
            count(job.good)
            if job.ordered is None
            else QCoreApplication.translate("ShiftReport", "{0} of {1}").format(
                count(job.good), count(job.ordered)
            )
        )
        rows.append(
            [
                job.label,
                job.product_name,
                names.get(job.machine_id, job.machine_id),
                made,
                scrap_text(job, reason),
                changeover_text(job),
                percent(job.oee),
            ]
        )
    page.table(
        [
            QCoreApplication.translate("ShiftReport", "Job"),
            QCoreApplication.translate("ShiftReport", "Product"),
            QCoreApplication.translate("ShiftReport", "Machine"),
            QCoreApplication.translate("ShiftReport", "Made"),
            QCoreApplication.translate("ShiftReport", "Scrap by reason"),
            QCoreApplication.translate("ShiftReport", "Changeover"),
            QCoreApplication.translate("ShiftReport", "OEE %"),
        ],
        rows,
        JOB_COLUMN_WIDTHS,
    )
    if len(jobs) > MAX_JOB_ROWS:
        more = len(jobs) - MAX_JOB_ROWS
        page.text(
            QCoreApplication.translate(
                "ShiftReport", "{0} more job(s): see the export (operator-app export --jobs)."
            ).format(QLocale().toString(more)),
            0.8,
        )


def _pareto(page: _Page, summary: ShiftSummary, reason: Callable[[str | None], str]) -> None:
    bars = summary.pareto[:MAX_PARETO_BARS]
    if not bars:
        page.text(QCoreApplication.translate("ShiftReport", "No downtime recorded."), gap=0.8)
        return
    painter, unit = page.painter, page.unit
    top = max(b.seconds for b in bars)
    label_width, bar_area = page.width * 0.35, page.width * 0.5
    page.font(0.9)
    for bar in bars:
        painter.setPen(QPen(QColor("#1a1a1a")))
        painter.drawText(
            QRectF(0, page.y, label_width - unit, unit * 1.4),
            int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.AlignmentFlag.AlignRight),
            reason(bar.reason_code),
        )
        length = bar_area * bar.seconds / top
        painter.fillRect(
            QRectF(label_width, page.y + unit * 0.2, length, unit), PLANNED if bar.planned else BAR
        )
        painter.drawText(
            QRectF(label_width + length + unit * 0.4, page.y, page.width * 0.15, unit * 1.4),
            int(Qt.AlignmentFlag.AlignVCenter),
            QLocale().toString(bar.seconds / 60, "f", 0),
        )
        page.y += unit * 1.5
    page.y += unit * 0.6


def _name(site: SiteConfig, person_id: str) -> str:
    return next((p.name for p in site.roster if p.person_id == person_id), person_id)


def reason_labels(catalogue: Catalogue, language: str) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        if code is None:
            return QCoreApplication.translate("ShiftReport", "(no reason yet)")
        try:
            return catalogue.label(code, language)
        except RuleViolation:
            return code

    return label


def write_pdf(
    path: Path,
    summary: ShiftSummary,
    site: SiteConfig,
    reason: Callable[[str | None], str],
    oee_target: OeeTarget = no_targets,
    jobs: Sequence[JobView] = (),
) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(
        QCoreApplication.translate("ShiftReport", "Shift report {0}").format(summary.shift.shift_id)
    )
    writer.setCreator("operator-app")
    painter = QPainter(writer)
    try:
        area = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
        draw_report(painter, area.width(), area.height(), summary, site, reason, oee_target, jobs)
    finally:
        painter.end()


def render_png(
    path: Path,
    summary: ShiftSummary,
    site: SiteConfig,
    reason: Callable[[str | None], str],
    oee_target: OeeTarget = no_targets,
    jobs: Sequence[JobView] = (),
) -> None:
    """The same page as an image, for previews and the documentation."""
    width, height = int(210 / 25.4 * PNG_DPI), int(297 / 25.4 * PNG_DPI)
    margin = int(15 / 25.4 * PNG_DPI)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.translate(margin, margin)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw_report(
            painter,
            width - 2 * margin,
            height - 2 * margin,
            summary,
            site,
            reason,
            oee_target,
            jobs,
        )
    finally:
        painter.end()
    if not image.save(str(path)):
        raise OSError(f"cannot write {path}")
