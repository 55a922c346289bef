"""A button sized and styled for gloved fingers, with feedback the moment it is touched."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from widgets.style import MIN_TOUCH_PX


class TouchButton(QPushButton):
    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, primary: bool = False
    ) -> None:
        super().__init__(text, parent)
        self.setMinimumSize(MIN_TOUCH_PX, MIN_TOUCH_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Touch screens send mouse events synthesised from touch; no hover, no double tap.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeat(False)
        if primary:
            self.setProperty("role", "primary")
