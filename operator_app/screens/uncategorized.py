"""Stops still waiting for a reason: name them later, here, one after the other."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScroller, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time
from operator_app.screens.messages import explain
from operator_app.services.line_overview import LineOverview, line_overview
from shopfloor_core.domain.detection import FLAG_ONLY
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.permissions import Action
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton, WrappingButton


class UncategorizedScreen(Retranslating, QWidget):
    reason_requested = Signal(str, str)  # machine id, event id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.overview: LineOverview | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.empty = QLabel(self)
        # A role that may see the stops but not name them (the CI engineer) reads the list.
        self.read_only = QLabel(self)
        self.read_only.setWordWrap(True)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(8)
        self.buttons: dict[str, TouchButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.read_only)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        QScroller.grabGesture(self, QScroller.ScrollerGestureType.TouchGesture)
        context.records_changed.connect(self.reload)
        self.retranslate_ui()

    def showEvent(self, event: object) -> None:
        self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reload(self) -> None:
        self.context.store_worker.submit(
            lambda store: line_overview(store),
            on_done=self._show,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )

    def _show(self, overview: LineOverview) -> None:
        self.overview = overview
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.buttons = {}
        now = self.context.clock()
        # Only what still waits for a name: a stop already named is done here, even while the
        # machine is still down (its card offers "Change reason").
        events = overview.uncategorized
        may_name = self.context.may(Action.CATEGORIZE)
        for event in events[:30]:
            text = self._describe(event, now)
            button = WrappingButton(text, self)  # a Spanish line does not fit 1024 px
            button.clicked.connect(
                lambda _=False, e=event: self.reason_requested.emit(e.machine_id, e.event_id)
            )
            button.setEnabled(may_name)
            self.rows.addWidget(button)
            self.buttons[event.event_id] = button
        self.empty.setVisible(not events)
        self.read_only.setVisible(bool(events) and not may_name)

    def _describe(self, event: EventRevision, now: datetime) -> str:
        when = local_time(event.start_utc, self.context.site.timezone, with_date=True)
        name = self.context.machine_name(event.machine_id)
        if event.end_utc is None:
            return self.tr("{0} — down since {1} ({2}) — {3}").format(
                name, when, duration(now - event.start_utc), self._waiting(event)
            )
        return self.tr("{0} — stopped at {1} for {2} — {3}").format(
            name, when, duration(event.end_utc - event.start_utc), self._waiting(event)
        )

    def _waiting(self, event: EventRevision) -> str:
        """What the stop is waiting for, with what the PLC said about it."""
        label = self.context.reason_label(event.reason_code)
        if event.reason_suggested:
            return self.tr("suggested by the PLC: {0}, confirm it").format(label)
        if label:
            return label
        if event.fault_code == FLAG_ONLY:
            return self.tr("Fault, reason needed")
        if event.fault_code is not None:
            # The PLC's identifier, shown as the PLC shows it (not a quantity).
            return self.tr("Fault {0}, reason needed").format(event.fault_code)
        return self.tr("reason needed")

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Stops to name"))
        self.empty.setText(self.tr("Every stop has a reason. Nothing to do here."))
        self.read_only.setText(
            self.tr("Your role can see the stops still to name, but not name them.")
        )
        if self.overview is not None:
            self._show(self.overview)
