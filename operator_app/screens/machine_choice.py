"""A row of machine buttons: which machine a scrap or a note is about."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QWidget

from operator_app.screens.language import installed_language
from operator_app.site_config.model import MachineConfig
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton


class MachineChoice(Retranslating, QWidget):
    changed = Signal(str)

    def __init__(self, machines: tuple[MachineConfig, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.machines = machines
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, TouchButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for machine in machines:
            button = TouchButton(machine.name_in(installed_language()), self)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, m=machine.machine_id: self.changed.emit(m))
            self.group.addButton(button)
            layout.addWidget(button)
            self.buttons[machine.machine_id] = button
        if len(machines) == 1:
            only = next(iter(self.buttons.values()))
            only.setChecked(True)

    @property
    def machine_id(self) -> str | None:
        for machine_id, button in self.buttons.items():
            if button.isChecked():
                return machine_id
        return None

    def select(self, machine_id: str | None) -> None:
        if machine_id in self.buttons:
            self.buttons[machine_id].setChecked(True)
        elif len(self.buttons) > 1:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)

    def retranslate_ui(self) -> None:
        for machine in self.machines:
            self.buttons[machine.machine_id].setText(machine.name_in(installed_language()))
