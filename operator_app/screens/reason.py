"""Naming the reason of a stop: at most three taps from the top of the tree to a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time
from operator_app.screens.messages import explain
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.detection import FLAG_ONLY
from shopfloor_core.domain.events import EventRevision
from widgets.reason_grid import ReasonGrid
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton, WrappingButton

if TYPE_CHECKING:
    from local_store import EventStore


class ReasonScreen(Retranslating, QWidget):
    finished = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.event_id: str | None = None
        self.machine_id: str | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        # When the stop was and how long it lasted: a stop named later is told apart by these.
        self.when = QLabel(self)
        self.when.setWordWrap(True)
        self.stop_event: EventRevision | None = None
        # What the PLC said when it stopped, and the region's fault map's suggestion to confirm.
        self.fault_text = QLabel(self)
        self.fault_text.setWordWrap(True)
        self.fault_text.hide()
        self.suggested: str | None = None
        self.fault_code: int | None = None
        # Wraps between words rather than cut: "Confirm: Jam" stays whole beside a long fault text.
        self.confirm_button = WrappingButton("", self, primary=True)
        self.confirm_button.clicked.connect(self._confirm)
        self.confirm_button.hide()
        self.grid = ReasonGrid(context.reason_choices(CategoryKind.DOWNTIME), self)
        self.grid.leaf_chosen.connect(self.choose)
        self.later_button = TouchButton("", self)
        self.later_button.clicked.connect(self.finished)
        # "Later" beside the question, not under the reasons: on a 700 px panel the row it had
        # at the bottom was the row the reasons and the PLC's suggestion needed.
        question = QVBoxLayout()
        question.addWidget(self.title)
        question.addWidget(self.when)
        top = QHBoxLayout()
        top.addLayout(question, 1)
        top.addWidget(self.later_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        suggestion = QHBoxLayout()
        suggestion.addWidget(self.fault_text, 3)
        suggestion.addWidget(self.confirm_button, 1)
        layout.addLayout(suggestion)
        layout.addWidget(self.grid, 1)
        # "Down since ... (5 min so far)" keeps counting while the screen is open.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(lambda: self.when.setText(self._when(self.stop_event)))
        self._tick.start()
        context.catalogue_changed.connect(self._reload_tree)
        context.language_changed.connect(lambda _language: self._reload_tree())
        self.retranslate_ui()

    def _reload_tree(self) -> None:
        self.grid.set_children_of(self.context.reason_choices(CategoryKind.DOWNTIME))

    def start(self, machine_id: str, event_id: str, path: list[str] | None = None) -> None:
        self.machine_id, self.event_id = machine_id, event_id
        self.stop_event = None
        self.grid.setEnabled(True)
        self.grid.open_path(path or [])
        self._show_fault(None)
        # The stop's fault and suggestion are read on the store thread, never here.
        self.context.store_worker.submit(
            lambda store: _current(store, event_id), on_done=self._show_fault
        )
        self.retranslate_ui()

    def _show_fault(self, event: EventRevision | None) -> None:
        if event is not None and event.event_id != self.event_id:
            return  # an answer about a stop this screen has left
        self.stop_event = event
        fault = event is not None and event.fault_code is not None
        self.fault_code = event.fault_code if event is not None else None
        self.suggested = event.reason_code if event is not None and event.reason_suggested else None
        self.fault_text.setVisible(fault)
        self.confirm_button.setVisible(self.suggested is not None)
        self.retranslate_ui()

    def _confirm(self) -> None:
        if self.suggested is not None:
            self.choose(self.suggested)

    def choose(self, code: str) -> None:
        if self.event_id is None:
            return
        # No second tap while the first is being written.
        self.grid.setEnabled(False)
        label = self.context.reason_label(code)
        machine = self.context.machine_name(self.machine_id) if self.machine_id else ""

        def done(event: EventRevision) -> None:
            self.grid.setEnabled(True)
            self.event_id = None
            # The whole record in one sentence: beside the stop's Undo it says what Undo takes
            # back (the stop, named or not).
            self.context.capture_confirmed.emit(
                self.tr("Saved: {0} stopped for {1}.").format(machine, label), event.event_id
            )
            self.finished.emit()

        def failed(error: BaseException) -> None:
            self.grid.setEnabled(True)
            self.context.notice.emit(explain(error), True)

        self.context.capture(
            ServiceCall(CaptureService.categorize, self.event_id, code),
            on_done=done,
            on_error=failed,
        )

    # -- drafts ---------------------------------------------------------------------------------
    def draft(self) -> dict[str, Any] | None:
        if self.event_id is None:
            return None
        return {"machine_id": self.machine_id, "event_id": self.event_id, "path": self.grid.path}

    def restore(self, draft: dict[str, Any]) -> None:
        self.start(str(draft["machine_id"]), str(draft["event_id"]), list(draft.get("path", [])))

    def retranslate_ui(self) -> None:
        machine = self.context.machine_name(self.machine_id) if self.machine_id else ""
        self.title.setText(self.tr("Why did {0} stop?").format(machine))
        self.when.setText(self._when(self.stop_event))
        self.later_button.setText(self.tr("Later"))
        label = self.context.reason_label(self.suggested)
        self.confirm_button.set_label(self.tr("Confirm: {0}").format(label))
        code = self.fault_code
        if code is None:
            self.fault_text.clear()
        elif self.suggested is not None:
            self.fault_text.setText(
                self.tr("The PLC reported fault {0}. Suggested reason: {1}.").format(code, label)
            )
        elif code == FLAG_ONLY:
            self.fault_text.setText(self.tr("The PLC reported a Fault without a number."))
        else:
            self.fault_text.setText(
                self.tr("The PLC reported Fault {0}, which has no reason in the standard.").format(
                    code
                )
            )

    def _when(self, stop: EventRevision | None) -> str:
        if stop is None:
            return ""
        zone = self.context.site.timezone
        at = local_time(stop.start_utc, zone, with_date=True)
        if stop.end_utc is None:
            lasted = duration(self.context.clock() - stop.start_utc)
            return self.tr("Down since {0} ({1} so far).").format(at, lasted)
        return self.tr("Stopped at {0} for {1}.").format(
            at, duration(stop.end_utc - stop.start_utc)
        )


def _current(store: EventStore, event_id: str) -> EventRevision | None:
    return store.current(event_id)
