"""A checklist item: a large button that shows a check mark once ticked, an empty box before.

A ticked item that only turned a darker grey was read as "pressed", not "done"; the mark says
it in shape, not in shade (ISA-101: never colour or shade alone).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from widgets.style import TEXT
from widgets.touch_button import TouchButton

MARK_PX = 36


def check_icon(ticked: bool, size: int = MARK_PX) -> QIcon:
    """An empty box, or the same box with a check mark in it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(TEXT), max(2.0, size / 12))
    painter.setPen(pen)
    inset = size * 0.1
    painter.drawRect(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
    if ticked:
        pen.setWidthF(max(3.0, size / 7))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline(
            [
                QPointF(size * 0.24, size * 0.52),
                QPointF(size * 0.42, size * 0.72),
                QPointF(size * 0.78, size * 0.28),
            ]
        )
    painter.end()
    return QIcon(pixmap)


class CheckButton(TouchButton):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setCheckable(True)
        self.setIconSize(QSize(MARK_PX, MARK_PX))
        self._icons = (check_icon(False), check_icon(True))
        self.toggled.connect(self._show_mark)
        self._show_mark(False)

    @property
    def ticked_icon(self) -> QIcon:
        return self._icons[1]

    def _show_mark(self, ticked: bool) -> None:
        self.setIcon(self._icons[ticked])
