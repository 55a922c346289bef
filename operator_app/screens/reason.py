"""Naming the reason of a stop: at most three taps from the top of the tree to a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.domain.catalogue import CategoryKind
from operator_app.domain.events import EventRevision
from operator_app.screens.app_context import AppContext
from operator_app.screens.messages import explain
from widgets.reason_grid import ReasonGrid
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton


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
        self.grid = ReasonGrid(context.reason_choices(CategoryKind.DOWNTIME), self)
        self.grid.leaf_chosen.connect(self.choose)
        self.later_button = TouchButton("", self)
        self.later_button.clicked.connect(self.finished)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.later_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bottom)
        context.catalogue_changed.connect(self._reload_tree)
        context.language_changed.connect(lambda _language: self._reload_tree())
        self.retranslate_ui()

    def _reload_tree(self) -> None:
        self.grid.set_children_of(self.context.reason_choices(CategoryKind.DOWNTIME))

    def start(self, machine_id: str, event_id: str, path: list[str] | None = None) -> None:
        self.machine_id, self.event_id = machine_id, event_id
        self.grid.setEnabled(True)
        self.grid.open_path(path or [])
        self.retranslate_ui()

    def choose(self, code: str) -> None:
        if self.event_id is None:
            return
        # No second tap while the first is being written.
        self.grid.setEnabled(False)
        label = self.context.reason_label(code)

        def done(_event: EventRevision) -> None:
            self.grid.setEnabled(True)
            self.event_id = None
            self.context.notice.emit(self.tr("Saved: {0}").format(label), False)
            self.finished.emit()

        def failed(error: BaseException) -> None:
            self.grid.setEnabled(True)
            self.context.notice.emit(explain(error), True)

        self.context.capture("categorize", self.event_id, code, on_done=done, on_error=failed)

    # -- drafts ---------------------------------------------------------------------------------
    def draft(self) -> dict[str, Any] | None:
        if self.event_id is None:
            return None
        return {"machine_id": self.machine_id, "event_id": self.event_id, "path": self.grid.path}

    def restore(self, draft: dict[str, Any]) -> None:
        self.start(str(draft["machine_id"]), str(draft["event_id"]), list(draft.get("path", [])))

    def retranslate_ui(self) -> None:
        machine = self.machine_id or ""
        self.title.setText(self.tr("Why did {0} stop?").format(machine))
        self.later_button.setText(self.tr("Later"))
