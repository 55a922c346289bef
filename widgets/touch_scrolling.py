"""Lists and tables a gloved finger can use: rows of ``ROW_PX``, and dragging scrolls them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QScrollArea, QScroller, QTableView, QWidget

from widgets.style import ROW_PX


def touch_scrolling(view: QAbstractItemView) -> None:
    """Kinetic scrolling by dragging; the scroll bars (``SCROLL_BAR_PX``) remain for a tap."""
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.TouchGesture)


def touch_table(table: QTableView) -> None:
    """Rows and header at least ``ROW_PX`` high, whatever the font, and touch scrolling."""
    rows = table.verticalHeader()
    rows.setMinimumSectionSize(ROW_PX)
    rows.setDefaultSectionSize(ROW_PX)
    table.horizontalHeader().setMinimumHeight(ROW_PX)
    touch_scrolling(table)


def show_all_rows(table: QTableView) -> None:
    """As high as its rows: the page around it scrolls instead (``touch_page``)."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.model().rowCount()))
    bar = table.horizontalScrollBar()
    if bar.maximum() > 0 or table.horizontalHeader().length() > table.viewport().width():
        height += bar.sizeHint().height()
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setFixedHeight(height)


def touch_page(page: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``page`` in a frameless area that scrolls vertically by dragging or by its bar."""
    area = QScrollArea(parent)
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area
