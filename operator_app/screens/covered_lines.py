"""The lines this station covers: what their other stations recorded this shift.

Read from the records the region sent (``services/covered_lines.py``), on the store thread;
refreshed while shown, since new records arrive with every sync round.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from local_store import EventStore
from operator_app.screens.andon_words import call_line
from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time
from operator_app.screens.messages import explain
from operator_app.services.andon import open_calls
from operator_app.services.covered_lines import FALLBACK_WINDOW, CoveredLines, covered_lines
from shopfloor_core.domain.andon import CallRevision
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.standards.shift_calendar import calendar_of
from widgets.retranslating import Retranslating

REFRESH_MS = 15_000


class CoveredLinesScreen(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: CoveredLines | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.window_label = QLabel(self)
        self.window_label.setWordWrap(True)
        self.lines_table = self._table(5)
        self.events_table = self._table(6)
        # Open andon calls of every line this station covers, its own line's included.
        self.calls: list[CallRevision] = []
        self.calls_table = self._table(3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.window_label)
        layout.addWidget(self.calls_table, 1)
        layout.addWidget(self.lines_table, 1)
        layout.addWidget(self.events_table, 3)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.reload)
        if context.sync_worker is not None:
            # A round that brought other stations' records: show them now, not at the next tick.
            context.sync_worker.status_changed.connect(self._synced)
        self.retranslate_ui()

    def _table(self, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns, self)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        return table

    def showEvent(self, event: Any) -> None:
        self.reload()
        self.refresh_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self.refresh_timer.stop()
        super().hideEvent(event)

    def _synced(self, status: Any) -> None:
        if status.pulled and self.isVisible():
            self.reload()

    def reload(self) -> None:
        now = utc_now()
        shift = calendar_of(self.context.site).shift_at(now)
        start = shift.start_utc if shift is not None else now - FALLBACK_WINDOW
        catalogue = self.context.catalogue

        def load(store: EventStore) -> CoveredLines:
            return covered_lines(store, catalogue, start, now)

        self.context.store_worker.submit(
            load,
            on_done=self._show,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )
        self.context.store_worker.submit(
            open_calls,
            on_done=self._show_calls,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )

    def _show_calls(self, calls: list[CallRevision]) -> None:
        self.calls = calls
        now = self.context.clock()
        self.calls_table.setRowCount(len(calls))
        for row, call in enumerate(calls):
            values = [
                self.tr("{0} / {1}").format(call.stamp.area, call.stamp.line),
                call.called_from,
                call_line(self.context, call, now).replace("\n", " — "),
            ]
            for column, text in enumerate(values):
                self.calls_table.setItem(row, column, QTableWidgetItem(text))
        self.calls_table.resizeColumnsToContents()

    def _show(self, view: CoveredLines) -> None:
        self.view = view
        self._render()

    def _render(self) -> None:
        view = self.view
        if view is None:
            return
        zone = self.context.site.timezone
        locale = QLocale()
        if view.lines:
            self.window_label.setText(
                self.tr("Recorded by the other stations since {0}.").format(
                    local_time(view.start, zone, with_date=True)
                )
            )
        else:
            self.window_label.setText(
                self.tr(
                    "Nothing from other stations since {0}. Their records arrive when this "
                    "station and theirs have synced."
                ).format(local_time(view.start, zone, with_date=True))
            )
        self.lines_table.setRowCount(len(view.lines))
        for row, line in enumerate(view.lines):
            values = [
                self.tr("{0} / {1}").format(line.area, line.line),
                locale.toString(line.stops),
                duration(timedelta(seconds=line.downtime_s)),
                locale.toString(line.open_stops),
                locale.toString(line.to_name),
            ]
            for column, text in enumerate(values):
                self.lines_table.setItem(row, column, QTableWidgetItem(text))
        self.lines_table.resizeColumnsToContents()
        language = self.context.language
        self.events_table.setRowCount(len(view.events))
        for row, event in enumerate(view.events):
            if event.end_utc is None:
                lasted = self.tr("down for {0}").format(duration(view.end - event.start_utc))
            else:
                lasted = duration(event.end_utc - event.start_utc)
            values = [
                event.stamp.line,
                self.context.machine_name(event.machine_id),
                event.stamp.device,
                local_time(event.start_utc, zone),
                lasted,
                view.reason_label(event, language) or self.tr("reason needed"),
            ]
            for column, text in enumerate(values):
                self.events_table.setItem(row, column, QTableWidgetItem(text))
        self.events_table.resizeColumnsToContents()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Lines covered by this station"))
        self.lines_table.setHorizontalHeaderLabels(
            [
                self.tr("Area / line"),
                self.tr("Stops"),
                self.tr("Downtime"),
                self.tr("Still down"),
                self.tr("To name"),
            ]
        )
        self.calls_table.setHorizontalHeaderLabels(
            [self.tr("Area / line"), self.tr("Called from"), self.tr("Open call")]
        )
        self._show_calls(self.calls)
        self.events_table.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Machine"),
                self.tr("Station"),
                self.tr("Stopped at"),
                self.tr("Duration"),
                self.tr("Reason"),
            ]
        )
        self._render()
