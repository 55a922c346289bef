"""A banner that confirms or warns, then fades out of the way without a tap."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from widgets.style import STATUS_COLOURS, Status, status_style


class Toast(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(60)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.status = Status.NORMAL
        self.hide()

    def show_message(self, text: str, status: Status = Status.NORMAL, seconds: float = 4) -> None:
        self.status = status
        self.setStyleSheet(status_style(status) + "font-weight: bold; padding: 8px;")
        self.setText(text)
        self.show()
        self.raise_()
        # Problems stay until the next message: an operator may be looking away.
        if status is Status.NORMAL:
            self._timer.start(int(seconds * 1000))
        else:
            self._timer.stop()


__all__ = ["STATUS_COLOURS", "Toast"]
