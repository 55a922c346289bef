"""What a screen must satisfy on a line PC's display, checked on the widgets as laid out.

Each rule returns one sentence per breach, naming the widget, so a failing case says what to fix:
text that does not fit its control (elided counts as not fitting), sibling controls that overlap,
controls outside the window or cut by their parent, touch targets under 60 px.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)

from operator_app.screens.screen_viewport import ScreenViewport
from widgets.style import MIN_TOUCH_PX
from widgets.touch_keyboard import TouchKeyboard

# What a person touches or reads as a control; layout containers in between are not compared.
CONTROLS = (QAbstractButton, QTabBar, QLineEdit, QPlainTextEdit, QAbstractScrollArea, QLabel)


def describe(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{name} {text!r}" if text else name


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's content: it may be anywhere, the area scrolls to it. The area
    that holds whole screens does not count: a screen must fit without it (see ``overflow``)."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if (
            isinstance(grand, QAbstractScrollArea)
            and parent is grand.viewport()
            and not isinstance(grand, ScreenViewport)
        ):
            return True
        parent = grand
    return False


def overflow(window: QWidget) -> list[str]:
    """The current screen needs scrolling to be seen whole. With the touch keyboard open it
    may: the screen scrolls the field typed into above the keys."""
    problems: list[str] = []
    if any(k.isVisible() for k in window.findChildren(TouchKeyboard)):
        return problems
    for viewport in window.findChildren(ScreenViewport):
        if viewport.isVisible():
            for bar, way in (
                (viewport.verticalScrollBar(), "high"),
                (viewport.horizontalScrollBar(), "wide"),
            ):
                if bar.maximum() > 0:
                    problems.append(f"the screen is {bar.maximum()} px too {way} and scrolls")
    return problems


def _internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets (a table's corner, a tab bar's scroll arrows)."""
    parent = widget.parentWidget()
    if isinstance(parent, (QTabBar, QScrollBar)):
        return True
    if widget.objectName().startswith("qt_"):
        return True
    return type(widget).__name__ in {"QTableCornerButton", "QLineEditIconButton"}


def shown_controls(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, CONTROLS) and w.isVisible() and not w.isWindow() and not _internal(w)
    ]


def _text_room(button: QAbstractButton) -> QRect:
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        if not button.icon().isNull():
            room.setLeft(room.left() + button.iconSize().width() + 4)
        return room
    return button.contentsRect()


def text_not_fitting(window: QWidget) -> list[str]:
    problems = []
    for widget in shown_controls(window):
        if isinstance(widget, QAbstractButton) and widget.text():
            metrics = widget.fontMetrics()
            lines = widget.text().replace("&&", "&").split("\n")
            wide = max(metrics.horizontalAdvance(line) for line in lines)
            high = len(lines) * metrics.height()
            room = _text_room(widget)
            if wide > room.width() or high > room.height():
                problems.append(
                    f"{describe(widget)}: text needs {wide}×{high} px, has "
                    f"{room.width()}×{room.height()}"
                )
        elif isinstance(widget, QTabBar):
            metrics = widget.fontMetrics()
            for index in range(widget.count()):
                text = widget.tabText(index)
                rect = widget.tabRect(index)
                # Fusion draws a tab's text inside a frame of about 8 px a side.
                need = metrics.horizontalAdvance(text.replace("&&", "&")) + 16
                if need > rect.width():
                    problems.append(f"tab {text!r}: text needs {need} px, has {rect.width()} px")
    return problems


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def overlapping_siblings(window: QWidget) -> list[str]:
    problems = []
    controls = set(shown_controls(window))
    by_parent: dict[int, list[QWidget]] = {}
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and not widget.isWindow() and not _internal(widget):
            parent = widget.parentWidget()
            by_parent.setdefault(id(parent), []).append(widget)
    for siblings in by_parent.values():
        for index, first in enumerate(siblings):
            for second in siblings[index + 1 :]:
                if first not in controls and second not in controls:
                    continue
                shared = first.geometry().intersected(second.geometry())
                if shared.width() > 0 and shared.height() > 0:
                    problems.append(
                        f"{describe(first)} and {describe(second)} overlap by "
                        f"{shared.width()}×{shared.height()} px"
                    )
    return problems


def outside(window: QWidget, width: int, height: int) -> list[str]:
    """Controls beyond the screen, or cut by the widget they sit in (unless it scrolls)."""
    problems = []
    if window.width() > width or window.height() > height:
        problems.append(
            f"the window needs {window.width()}×{window.height()} px on a {width}×{height} screen"
        )
    screen = QRect(0, 0, width, height)
    for widget in shown_controls(window):
        if _scrolled(widget):
            continue
        rect = _rect_in(widget, window)
        if not screen.contains(rect):
            problems.append(f"{describe(widget)} is outside the {width}×{height} window")
            continue
        parent = widget.parentWidget()
        if parent is not None and not parent.rect().contains(widget.geometry()):
            problems.append(f"{describe(widget)} is cut by its parent {describe(parent)}")
    return problems


def small_targets(window: QWidget) -> list[str]:
    problems = []
    for widget in shown_controls(window):
        if isinstance(widget, QAbstractButton):
            if widget.width() < MIN_TOUCH_PX or widget.height() < MIN_TOUCH_PX:
                problems.append(f"{describe(widget)} is {widget.width()}×{widget.height()} px")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                rect = widget.tabRect(index)
                if rect.width() < MIN_TOUCH_PX or rect.height() < MIN_TOUCH_PX:
                    problems.append(
                        f"tab {widget.tabText(index)!r} is {rect.width()}×{rect.height()} px"
                    )
    return problems


def layout_problems(window: QWidget, width: int, height: int) -> list[str]:
    return [
        *overflow(window),
        *outside(window, width, height),
        *overlapping_siblings(window),
        *text_not_fitting(window),
        *small_targets(window),
    ]
