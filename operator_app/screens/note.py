"""A free-text note on a machine: where anything the catalogue does not cover goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.machine_choice import MachineChoice
from operator_app.screens.messages import explain
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from shopfloor_core.domain.events import MAX_NOTE_LENGTH, EventRevision
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton


class NoteScreen(Retranslating, QWidget):
    finished = Signal()
    draft_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.machines = MachineChoice(context.site.machines, self)
        self.machines.changed.connect(lambda _m: self.draft_changed.emit())
        self.text = QPlainTextEdit(self)
        self.text.textChanged.connect(self.draft_changed)
        self.count = QLabel(self)
        self.count.setProperty("role", "muted")
        self.text.textChanged.connect(self._count)
        self.save_button = TouchButton("", self, primary=True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = TouchButton("", self)
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.machines)
        layout.addWidget(self.text, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()

    def start(self, machine_id: str | None = None) -> None:
        self.text.clear()
        self.machines.select(machine_id or self.machines.machine_id)
        self.save_button.setEnabled(True)
        self.text.setFocus()

    def cancel(self) -> None:
        self.start()
        self.finished.emit()

    def save(self) -> None:
        machine_id = self.machines.machine_id
        if machine_id is None:
            self.context.notice.emit(self.tr("Choose the machine first."), True)
            return
        self.save_button.setEnabled(False)

        def done(event: EventRevision) -> None:
            self.context.undo_offered.emit(
                self.tr("Note saved for {0}.").format(self.context.machine_name(machine_id)),
                event.event_id,
            )
            self.start(machine_id)
            self.finished.emit()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.context.notice.emit(explain(error), True)

        self.context.capture(
            ServiceCall(CaptureService.add_note, machine_id, self.text.toPlainText()),
            on_done=done,
            on_error=failed,
        )

    def _count(self) -> None:
        self.count.setText(
            self.tr("{0} of {1} characters").format(
                QLocale().toString(len(self.text.toPlainText())),
                QLocale().toString(MAX_NOTE_LENGTH),
            )
        )

    def draft(self) -> dict[str, Any] | None:
        text = self.text.toPlainText()
        return {"machine_id": self.machines.machine_id, "text": text} if text.strip() else None

    def restore(self, draft: dict[str, Any]) -> None:
        self.start(draft.get("machine_id"))
        self.text.setPlainText(str(draft.get("text", "")))

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Note"))
        self.text.setPlaceholderText(
            self.tr("What happened? Anything the reason list does not cover goes here.")
        )
        self.save_button.setText(self.tr("Save note"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._count()
