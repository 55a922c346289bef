"""A job's own page: quantity made against ordered, scrap by reason, its changeover, its OEE.

Opened from the job screen (the job in force) and from the shift screen's jobs; read-only. The
figures come from the store thread in one piece (``JobView``), the same the printed report
and the ERP export use.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import count, local_time, percent
from operator_app.screens.live_reading import LiveReading, StoreRead
from operator_app.screens.shift_jobs import changeover_text
from operator_app.services.job_calls import JobCalls, job_calls
from operator_app.services.job_view import JobView
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton
from widgets.touch_scrolling import show_all_rows, touch_page, touch_table


class JobPage(Retranslating, QWidget):
    """Signals:
    closed(): the person is done with the page.
    """

    closed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.calls: JobCalls = job_calls()
        self.job_id: str | None = None
        self.figures: JobView | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.back_button = TouchButton("", self)
        self.back_button.clicked.connect(self._back)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.back_button)
        body = QWidget(self)
        self.when = QLabel(body)
        self.when.setWordWrap(True)
        self.made = QLabel(body)
        self.made.setProperty("role", "figure")
        self.made.setWordWrap(True)
        # Caption and value per KPI, in a grid: each stays whole in Spanish at 1024 px.
        self.kpis = QGridLayout()
        self.kpi_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for column, key in enumerate(
            ("oee", "availability", "performance", "quality", "changeover")
        ):
            caption, value = QLabel(body), QLabel(body)
            value.setProperty("role", "figure")
            self.kpis.addWidget(caption, 0, column)
            self.kpis.addWidget(value, 1, column)
            self.kpi_labels[key] = (caption, value)
        self.scrap_title = QLabel(body)
        self.scrap_title.setProperty("role", "title")
        self.scrap_table = QTableWidget(0, 2, body)
        self.scrap_table.verticalHeader().hide()
        self.scrap_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        touch_table(self.scrap_table)
        header = self.scrap_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.no_scrap = QLabel(body)
        box = QVBoxLayout(body)
        box.addWidget(self.when)
        box.addWidget(self.made)
        box.addLayout(self.kpis)
        box.addWidget(self.scrap_title)
        box.addWidget(self.no_scrap)
        box.addWidget(self.scrap_table)
        box.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(touch_page(body, self), 1)
        # Read again while shown, at the pace counts arrive: "made" moves as the press runs.
        self.live = LiveReading(context, self, self._reading, self._show)
        context.records_changed.connect(self.live.refresh_if_shown)
        monitor = context.machine_monitor
        if monitor is not None:
            # Stops the monitor writes change the job's availability.
            monitor.records_changed.connect(self.live.refresh_if_shown)
        self.retranslate_ui()

    def show_job(self, job_id: str) -> None:
        self.job_id = job_id
        if self.figures is not None and self.figures.job_id != job_id:
            self.figures = None
            self._render()
        self.reload()

    def reload(self) -> None:
        self.live.refresh()

    def _reading(self) -> StoreRead | None:
        job_id = self.job_id
        if job_id is None:
            return None
        catalogue, site, language = self.context.catalogue, self.context.site, self.context.language
        return lambda store: self.calls.figures(store, catalogue, site, job_id, language)

    def _show(self, figures: JobView) -> None:
        if figures.job_id != self.job_id:
            return
        self.figures = figures
        self._render()

    def _back(self) -> None:
        self.closed.emit()

    def _render(self) -> None:
        figures = self.figures
        if figures is None:
            self.title.setText(self.tr("Job"))
            for label in (self.when, self.made):
                label.clear()
            return
        machine = self.context.machine_name(figures.machine_id)
        self.title.setText(
            self.tr("Job {0} — {1} on {2}").format(figures.label, figures.product_name, machine)
        )
        zone = self.context.site.timezone
        if figures.started_utc is None:
            self.when.setText(self.tr("Not started yet."))
        elif figures.ended_utc is None:
            self.when.setText(
                self.tr("Started {0}, still running.").format(
                    local_time(figures.started_utc, zone, with_date=True)
                )
            )
        else:
            self.when.setText(
                self.tr("Started {0}, ended {1}.").format(
                    local_time(figures.started_utc, zone, with_date=True),
                    local_time(figures.ended_utc, zone, with_date=True),
                )
            )
        if figures.ordered is None:
            self.made.setText(
                self.tr("Made {0} good, {1} scrap (no quantity ordered).").format(
                    count(figures.good), count(figures.reject)
                )
            )
        else:
            self.made.setText(
                self.tr("Made {0} good of {1} ordered, {2} scrap.").format(
                    count(figures.good), count(figures.ordered), count(figures.reject)
                )
            )
        values = {
            "oee": percent(figures.oee),
            "availability": percent(figures.availability),
            "performance": percent(figures.performance),
            "quality": percent(figures.quality),
            "changeover": changeover_text(figures),
        }
        for key, (_caption, value) in self.kpi_labels.items():
            value.setText(values[key])
        scrap = figures.scrap_by_reason
        self.scrap_table.setRowCount(len(scrap))
        for row, (code, parts) in enumerate(scrap):
            reason = self.context.reason_label(code) if code else self.tr("(no reason)")
            self.scrap_table.setItem(row, 0, QTableWidgetItem(reason))
            self.scrap_table.setItem(row, 1, QTableWidgetItem(count(parts)))
        show_all_rows(self.scrap_table)
        self.scrap_table.setVisible(bool(scrap))
        self.no_scrap.setVisible(not scrap)
        if figures.reject:
            # Rejects the machine counted but nobody recorded: not "no scrap".
            self.no_scrap.setText(
                self.tr("{0} scrap parts counted, none recorded with a reason yet.").format(
                    count(figures.reject)
                )
            )
        else:
            self.no_scrap.setText(self.tr("No scrap recorded for this job."))

    def retranslate_ui(self) -> None:
        self.back_button.setText(self.tr("Back"))
        captions = {
            "oee": self.tr("OEE %"),
            "availability": self.tr("Availability %"),
            "performance": self.tr("Performance %"),
            "quality": self.tr("Quality %"),
            "changeover": self.tr("Changeover"),
        }
        for key, (caption, _value) in self.kpi_labels.items():
            caption.setText(captions[key])
        self.scrap_title.setText(self.tr("Scrap by reason"))
        self.scrap_table.setHorizontalHeaderLabels([self.tr("Reason"), self.tr("Parts")])
        self.no_scrap.setText(self.tr("No scrap recorded for this job."))
        self._render()
        # The product name came from the store in the language of that moment.
        self.live.refresh_if_shown()
