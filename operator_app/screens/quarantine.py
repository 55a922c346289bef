"""Records the regional server refused: kept on this PC, with the server's reason.

A supervisor sees what was set aside and why, and sends a record again once the cause is fixed
(a new device token, a corrected regional standard). Nothing is deleted here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from local_store import EventStore
from local_store.outbox import QuarantinedRecord
from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import local_time
from operator_app.screens.messages import explain
from operator_app.screens.sync_words import delivery_status
from shopfloor_core.domain.clock import from_iso
from shopfloor_core.domain.permissions import Action
from sync.overview import DeliveryOverview, delivery_overview
from sync.quarantine import quarantined_records, send_again
from widgets.retranslating import Retranslating
from widgets.style import PROBLEM_TEXT
from widgets.touch_button import TouchButton
from widgets.touch_scrolling import touch_scrolling


class QuarantineScreen(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.records: list[QuarantinedRecord] = []
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.overview: DeliveryOverview | None = None
        # Where delivery stands, in sentences true in every state (sync_words).
        self.delivery = QLabel(self)
        self.delivery.setWordWrap(True)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.empty = QLabel(self)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        touch_scrolling(self.list)
        self.send_again = TouchButton("", self)
        self.send_again.clicked.connect(self.requeue_selected)
        self.refresh = TouchButton("", self)
        self.refresh.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.delivery)
        layout.addWidget(self.explanation)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.send_again)
        layout.addWidget(self.refresh)
        if context.sync_worker is not None:
            context.sync_worker.status_changed.connect(lambda _s: self.reload())
        self.retranslate_ui()
        self._selection_changed()

    def showEvent(self, event: object) -> None:
        self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reload(self) -> None:
        person = self.context.person
        self.context.store_worker.submit(
            lambda store: quarantined_records(store, person),
            on_done=self._show,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )
        self.context.store_worker.submit(delivery_overview, on_done=self._show_delivery)

    def _show_delivery(self, overview: DeliveryOverview) -> None:
        self.overview = overview
        lines, problem = delivery_status(self.context, overview)
        self.delivery.setText("\n".join(lines))
        self.delivery.setStyleSheet(PROBLEM_TEXT if problem else "")

    def _show(self, records: list[QuarantinedRecord]) -> None:
        self.records = records
        self.list.clear()
        zone = self.context.site.timezone
        for record in records:
            summary = record.summary
            when = record.quarantined_utc or record.enqueued_utc
            what = " ".join(
                str(summary[k]) for k in ("kind", "machine_id", "reason_code") if k in summary
            )
            text = self.tr("{0} {1} — set aside {2}\nServer's reason: {3}").format(
                record.record_kind,
                what,
                local_time(from_iso(when), zone, with_date=True),
                record.reason,
            )
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, record.record_id)
        self.empty.setVisible(not records)
        self.explanation.setVisible(bool(records))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.send_again.setEnabled(
            bool(self.list.selectedItems()) and self.context.may(Action.VIEW_QUARANTINE)
        )

    def requeue_selected(self) -> None:
        items = self.list.selectedItems()
        if not items:
            return
        record_id = str(items[0].data(Qt.ItemDataRole.UserRole))
        person = self.context.person

        def requeue(store: EventStore) -> bool:
            return send_again(store, person, record_id)

        self.context.store_worker.submit(
            requeue,
            on_done=self._requeued,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )

    def _requeued(self, done: bool) -> None:
        if done:
            self.context.notice.emit(self.tr("The record will be sent again."), False)
            if self.context.sync_worker is not None:
                self.context.sync_worker.sync_now()
        self.reload()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Sync problems"))
        self.explanation.setText(
            self.tr(
                "The regional server refused these records. They are kept on this PC. "
                "Send one again once IT or the region has fixed the reason."
            )
        )
        # Only what is known: nothing refused (which says nothing of what was ever sent).
        self.empty.setText(self.tr("The regional server has refused no record."))
        self.send_again.setText(self.tr("Send again"))
        self.refresh.setText(self.tr("Refresh"))
        if self.records:
            self._show(self.records)
        if self.overview is not None:
            self._show_delivery(self.overview)
