"""A wrapped label that asks for the height of all its lines, not of one.

Qt's layouts size a word-wrapped ``QLabel`` by its minimum, a line or so, and only the
top-level window honours the height its lines need at the width it got. Inside a screen that
is laid out at its minimum (``ScreenViewport``), a sentence that wrapped to three lines then
took the room of the fields below it: a note field under it was squeezed below its own
minimum. This label's minimum is its wrapped height at its current width.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._held = -1

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        # Only when shown: a label on a page never shown keeps the width it was built with,
        # and its lines at that width are no measure of anything.
        if self.text() and self.isVisible():
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def setText(self, text: str) -> None:
        super().setText(text)
        self._hold()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._held = -1
        self._hold()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._hold()

    def _hold(self) -> None:
        # A new width or text: a new number of lines, so the layouts ask again.
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed != self._held:
            self._held = needed
            self.updateGeometry()
