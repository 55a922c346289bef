"""Scrap: which machine, which reason, how many, on a keypad with the plant's limits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.machine_choice import MachineChoice
from operator_app.screens.messages import explain
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.events import EventRevision
from widgets.keypad import NumericKeypad
from widgets.reason_grid import ReasonGrid
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton


class ScrapScreen(Retranslating, QWidget):
    finished = Signal()
    draft_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.reason_code: str | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.machines = MachineChoice(context.site.machines, self)
        self.machines.changed.connect(lambda _m: self._machine_changed())
        self.pages = QStackedWidget(self)
        self.grid = ReasonGrid(context.reason_choices(CategoryKind.SCRAP), self)
        self.grid.leaf_chosen.connect(self.choose_reason)
        self.grid.path_changed.connect(lambda _p: self.draft_changed.emit())
        quantity_page = QWidget(self)
        self.chosen = QLabel(quantity_page)
        self.chosen.setWordWrap(True)
        self.keypad = NumericKeypad(
            quantity_page, max_length=6, minimum=1, maximum=context.site.scrap_max_quantity
        )
        self.keypad.setMaximumWidth(460)
        self.keypad.accepted.connect(self.save)
        self.keypad.changed.connect(lambda _d: self.draft_changed.emit())
        self.change_reason_button = TouchButton("", quantity_page)
        self.change_reason_button.clicked.connect(self.back_to_reasons)
        quantity_layout = QHBoxLayout(quantity_page)
        quantity_layout.setContentsMargins(0, 0, 0, 0)
        side = QVBoxLayout()
        side.addWidget(self.chosen)
        side.addWidget(self.change_reason_button)
        side.addStretch(1)
        quantity_layout.addLayout(side, 1)
        quantity_layout.addWidget(self.keypad)
        self.pages.addWidget(self.grid)
        self.pages.addWidget(quantity_page)
        self.cancel_button = TouchButton("", self)
        self.cancel_button.clicked.connect(self.cancel)
        # Cancel shares the title's row: a row of its own took the height the keypad needs.
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.machines)
        layout.addWidget(self.pages, 1)
        context.catalogue_changed.connect(self._reload_tree)
        context.language_changed.connect(lambda _language: self._reload_tree())
        self.retranslate_ui()

    def _reload_tree(self) -> None:
        self.grid.set_children_of(self.context.reason_choices(CategoryKind.SCRAP))
        self._describe()

    def start(self, machine_id: str | None = None) -> None:
        self.reason_code = None
        self.keypad.clear()
        self.grid.reset()
        self.machines.select(machine_id or self.machines.machine_id)
        self.pages.setCurrentIndex(0)
        self.keypad.setEnabled(True)

    def _machine_changed(self) -> None:
        self._describe()
        self.draft_changed.emit()

    def choose_reason(self, code: str) -> None:
        self.reason_code = code
        self.keypad.clear()
        self.pages.setCurrentIndex(1)
        self._describe()
        self.draft_changed.emit()

    def back_to_reasons(self) -> None:
        self.reason_code = None
        self.pages.setCurrentIndex(0)
        self.draft_changed.emit()

    def cancel(self) -> None:
        self.start()
        self.finished.emit()

    def save(self, digits: str) -> None:
        machine_id = self.machines.machine_id
        if machine_id is None:
            self.context.notice.emit(self.tr("Choose the machine first."), True)
            return
        if self.reason_code is None:
            self.back_to_reasons()
            return
        quantity = int(digits)
        label = self.context.reason_label(self.reason_code)
        self.keypad.setEnabled(False)

        def done(event: EventRevision) -> None:
            self.context.undo_offered.emit(
                self.tr("Saved: {0} × {1} on {2}").format(
                    self.keypad.locale().toString(quantity),
                    label,
                    self.context.machine_name(machine_id),
                ),
                event.event_id,
            )
            self.start(machine_id)
            self.finished.emit()

        def failed(error: BaseException) -> None:
            self.keypad.setEnabled(True)
            self.context.notice.emit(explain(error), True)

        self.context.capture(
            ServiceCall(CaptureService.record_scrap, machine_id, self.reason_code, quantity),
            on_done=done,
            on_error=failed,
        )

    def _describe(self) -> None:
        chosen = self.machines.machine_id
        machine = self.context.machine_name(chosen) if chosen else self.tr("(no machine chosen)")
        reason = self.context.reason_label(self.reason_code)
        self.chosen.setText(
            self.tr("Scrap on {0}:\n{1}\n\nHow many parts?").format(machine, reason)
        )

    # -- drafts ---------------------------------------------------------------------------------
    def has_entry(self) -> bool:
        return self.reason_code is not None or bool(self.grid.path) or bool(self.keypad.digits)

    def draft(self) -> dict[str, Any] | None:
        if not self.has_entry():
            return None
        return {
            "machine_id": self.machines.machine_id,
            "path": self.grid.path,
            "reason_code": self.reason_code,
            "quantity": self.keypad.digits,
        }

    def restore(self, draft: dict[str, Any]) -> None:
        self.start(draft.get("machine_id"))
        self.grid.open_path(list(draft.get("path", [])))
        if draft.get("reason_code"):
            self.choose_reason(str(draft["reason_code"]))
            self.keypad.set_digits(str(draft.get("quantity", "")))

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Record scrap"))
        self.change_reason_button.setText(self.tr("Other reason"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._describe()
