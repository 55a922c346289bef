"""One live value: name, number, unit and whether it can be trusted, readable from a distance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from widgets.style import Status, status_style


class ValueTile(QFrame):
    """Texts come translated and formatted from the screen; the tile only lays them out."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel(name, self)
        self.name.setProperty("role", "muted")
        self.value = QLabel(self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.quality = QLabel(self)
        self.quality.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.value)
        layout.addWidget(self.quality)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(160)
        self.status = Status.NORMAL
        self.show_value("", "", Status.NORMAL)

    def show_value(self, value_text: str, quality_text: str, status: Status) -> None:
        """``quality_text`` is empty when the value is good and within its limits."""
        self.value.setText(value_text)
        self.quality.setText(quality_text)
        self.quality.setVisible(bool(quality_text))
        self.status = status
        self.setStyleSheet(f"ValueTile {{ {status_style(status)} }}")

    def set_name(self, name: str) -> None:
        self.name.setText(name)
