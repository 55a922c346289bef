"""A live value that is also the switch of its trend: tap it to plot it, tap again to stop.

One control per tag instead of a tile and a button: on a 768 px screen the height they took
belongs to the plot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

from widgets.style import MIN_TOUCH_PX, TEXT, Status, status_style
from widgets.value_tile import ValueTile


class TagChip(ValueTile):
    """Signals:
    toggled(checked): tapped; ``checked`` is the new state (only when ``checkable``).
    """

    toggled = Signal(bool)

    def __init__(self, name: str, parent: QWidget | None = None, *, checkable: bool = True):
        self.checkable = checkable
        self.checked = False
        super().__init__(name, parent)
        self.setMinimumHeight(MIN_TOUCH_PX)
        self.setMinimumWidth(0)
        self.name.setWordWrap(True)

    def setChecked(self, checked: bool) -> None:
        self.checked = checked
        self.show_value(self.value.text(), self.quality.text(), self.status)

    def isChecked(self) -> bool:
        return self.checked

    def show_value(self, value_text: str, quality_text: str, status: Status) -> None:
        super().show_value(value_text, quality_text, status)
        if self.checked:
            # Plotted: the thick dark frame a checked button has (the later border wins).
            self.setStyleSheet(f"ValueTile {{ {status_style(status)} border: 4px solid {TEXT}; }}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        inside = self.rect().contains(event.position().toPoint())
        if self.checkable and inside and event.button() == Qt.MouseButton.LeftButton:
            self.setChecked(not self.checked)
            self.toggled.emit(self.checked)
