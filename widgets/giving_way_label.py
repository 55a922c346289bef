"""Labels that are the first thing to go when space runs short."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class GivingWayLabel(QLabel):
    """A label that may shrink to nothing: what it says gives way before any figure or button
    beside it is squeezed. It goes whole: squeezed below its text, it draws nothing rather
    than the first letters of a word or the top half of a line.
    """

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def fits(self) -> bool:
        """Whether the whole text has room: each word on a line of its own if it wraps."""
        text = self.text()
        if not text:
            return True
        room = self.contentsRect()
        metrics = self.fontMetrics()
        if self.wordWrap():
            widest = max(metrics.horizontalAdvance(w) for w in text.split())
            flags = int(Qt.TextFlag.TextWordWrap)
            needed = metrics.boundingRect(0, 0, room.width(), 100_000, flags, text).height()
        else:
            lines = text.splitlines()
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            needed = metrics.height() + (len(lines) - 1) * metrics.lineSpacing()
        return widest <= room.width() and needed <= room.height()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.fits():
            super().paintEvent(event)


class WholeLinesLabel(GivingWayLabel):
    """A heading and lines under it, top first, as many lines as fit whole in the height the
    layout leaves: a label squeezed below its text clips the last line through its letters.
    The heading shows only with at least one line under it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = ""
        self.lines: list[str] = []

    def set_lines(self, heading: str, lines: Sequence[str]) -> None:
        self.heading, self.lines = heading, list(lines)
        self._show_what_fits()

    def fitting(self) -> int:
        """How many lines of text fit whole in the height the label has now."""
        metrics = self.fontMetrics()
        room = self.contentsRect().height()
        if room < metrics.height():
            return 0
        return 1 + (room - metrics.height()) // max(metrics.lineSpacing(), 1)

    def _show_what_fits(self) -> None:
        shown = self.lines[: max(self.fitting() - 1, 0)]
        self.setText("\n".join([self.heading, *shown]) if shown else "")

    def sizeHint(self) -> QSize:
        # Every line, whatever is shown now: the layout hands out room by what all of them need.
        metrics = self.fontMetrics()
        count = 1 + len(self.lines) if self.lines else 0
        high = metrics.height() + (count - 1) * metrics.lineSpacing() if count else 0
        wide = max((metrics.horizontalAdvance(t) for t in [self.heading, *self.lines]), default=0)
        margins = self.contentsMargins()
        return QSize(
            wide + margins.left() + margins.right(), high + margins.top() + margins.bottom()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_what_fits()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._show_what_fits()
