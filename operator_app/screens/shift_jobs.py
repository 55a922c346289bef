"""The shift screen's jobs: each job that ran in the shift with its figures, a tap to its page.

A section of the shift screen's overview page, under the machines' figures: that page scrolls as
one, so the table shows all its rows rather than scrolling inside it (and a fifth tab did not
fit beside the other four at 1024 px in Spanish)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import count, duration, percent
from operator_app.services.job_view import JobView
from shopfloor_core.domain.permissions import Action
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton
from widgets.touch_scrolling import show_all_rows, touch_table


def scrap_text(figures: JobView, reason_label: Callable[[str | None], str]) -> str:
    """The job's scrap by reason on one line: "12 Burr, 3 Dimension"; a dash when there is none.

    Its total is the job's rejects, the figure its page shows: parts the machine counted that
    nobody recorded with a reason yet are said as such, not left out (the table said "—" for a
    job whose page said "1 scrap").
    """
    parts = [
        f"{count(quantity)} {reason_label(code) if code else '?'}"
        for code, quantity in figures.scrap_by_reason
    ]
    unrecorded = figures.reject - sum(quantity for _code, quantity in figures.scrap_by_reason)
    if unrecorded > 0:
        parts.append(
            QCoreApplication.translate("ShiftJobs", "{0} with no reason yet").format(
                count(unrecorded)
            )
        )
    return ", ".join(parts) or "—"


def changeover_text(figures: JobView) -> str:
    """How long the changeover into the job took; a dash for a job that needed none."""
    if figures.changeover_s is None:
        return "—"
    return duration(timedelta(seconds=figures.changeover_s))


SCRAP_COLUMN = 3
# Product, made against ordered, scrap by reason.
WRAPPED_COLUMNS = (1, 2, SCRAP_COLUMN)


class ShiftJobs(Retranslating, QWidget):
    """Signals:
    job_page_requested(job_id): a row was tapped.
    job_screen_requested(): the person wants to start, pause or end jobs (a supervisor's way to
        the job screen: their rail has no room for it).
    """

    job_page_requested = Signal(str)
    job_screen_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.jobs: tuple[JobView, ...] = ()
        page = self
        self.title = QLabel(page)
        self.title.setProperty("role", "title")
        self.empty = QLabel(page)
        self.empty.setWordWrap(True)
        self.table = QTableWidget(0, 6, page)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        touch_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The texts (product, made, scrap by reason) share what the job, changeover and OEE
        # leave and wrap in it, their rows growing; the machine is the job's second line. The
        # table never scrolls sideways, even at 1024 px in Spanish (test_layout_fits).
        for column in WRAPPED_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        # The stretched columns get their widths after this widget's resize: refit then too.
        header.sectionResized.connect(lambda *_: self._fit_rows())
        self.table.cellClicked.connect(self._tapped)
        self.hint = QLabel(page)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        self.job_screen_button = TouchButton("", page)
        self.job_screen_button.clicked.connect(self.job_screen_requested)
        # Offered to the roles that may run jobs: for the others the job screen has nothing.
        self._offer_job_screen()
        context.person_changed.connect(lambda _p: self._offer_job_screen())
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.job_screen_button)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(heading)
        box.addWidget(self.empty)
        box.addWidget(self.table)
        box.addWidget(self.hint)
        self.retranslate_ui()

    def _offer_job_screen(self) -> None:
        self.job_screen_button.setVisible(self.context.may(Action.RUN_JOB))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # As high as its rows at the width it got: the wrapped texts take more or fewer lines.
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.table.resizeRowsToContents()
        show_all_rows(self.table)

    def show_jobs(self, jobs: tuple[JobView, ...]) -> None:
        self.jobs = jobs
        self._render()

    def _tapped(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.jobs):
            self.job_page_requested.emit(self.jobs[row].job_id)

    def _render(self) -> None:
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            made = (
                count(job.good)
                if job.ordered is None
                else self.tr("{0} of {1}").format(count(job.good), count(job.ordered))
            )
            values = [
                f"{job.label}\n{self.context.machine_name(job.machine_id)}",
                job.product_name,
                made,
                scrap_text(job, self.context.reason_label),
                changeover_text(job),
                percent(job.oee),
            ]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._fit_rows()
        self.table.setVisible(bool(self.jobs))
        self.empty.setVisible(not self.jobs)
        self.hint.setVisible(bool(self.jobs))

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Job"),
                self.tr("Product"),
                self.tr("Made"),
                self.tr("Scrap"),
                self.tr("Changeover"),
                self.tr("OEE %"),
            ]
        )
        self.title.setText(self.tr("Jobs"))
        self.job_screen_button.setText(self.tr("Start, pause or end jobs"))
        self.empty.setText(self.tr("No job ran in this shift."))
        self.hint.setText(self.tr("Tap a job for its own page."))
        self._render()
