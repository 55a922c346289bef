"""When the touch keyboard opens, and for which field.

Any free-text field of the window that gets focus opens the keyboard, docked in the window's
layout below the screen: the screen gives up the height, so the field is never under a key.
It closes with its Done key, when the screen changes, or when the field goes away; it does not
close when a button takes a tap, so the layout does not jump between two keys. The site file's
``on_screen_keyboard = false`` turns it off for PCs with a physical keyboard.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from widgets.touch_keyboard import TextField, TouchKeyboard

# A field marked with this property set to True is typed some other way (a keypad display).
NO_KEYBOARD = "noTouchKeyboard"
# Space kept between the field and the keys, and above it, once it is scrolled into sight.
SIGHT_MARGIN_PX = 8


def free_text_field(widget: QWidget | None) -> TextField | None:
    """``widget`` as a field a person types words into, else None."""
    if widget is None or widget.property(NO_KEYBOARD):
        return None
    if isinstance(widget, QLineEdit):
        normal = widget.echoMode() is QLineEdit.EchoMode.Normal
        return widget if normal and not widget.isReadOnly() else None
    if isinstance(widget, QPlainTextEdit):
        return widget if not widget.isReadOnly() else None
    return None


class KeyboardDock(QObject):
    def __init__(self, keyboard: TouchKeyboard, window: QWidget, *, enabled: bool) -> None:
        super().__init__(keyboard)
        self.keyboard = keyboard
        self.window = window
        self.enabled = enabled
        # The field whose height was limited to the room above the keys, and its own limit.
        self._limited: tuple[TextField, int] | None = None
        self._watched_scrolls: list[QScrollArea] = []
        # Layout settles over several turns of the event loop; act once it has.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(0)
        self._settle.timeout.connect(self._bring_into_sight)
        keyboard.hide()
        keyboard.done.connect(self.close)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    @property
    def field(self) -> TextField | None:
        return self.keyboard.target if self.keyboard.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        field = free_text_field(new)
        if field is not None and self.enabled and field.window() is self.window:
            self.open_for(field)

    def open_for(self, field: TextField) -> None:
        previous = self.keyboard.target
        if previous is not None and previous is not field:
            previous.removeEventFilter(self)
            self._unlimit()
        field.installEventFilter(self)
        self.keyboard.set_target(field)
        self.keyboard.show()
        scroll = _scroll_area_of(field)
        if scroll is not None and scroll not in self._watched_scrolls:
            # The room changes as the keys are laid out, a scroll bar appears or the page lays
            # itself out again: each time, the field is brought back into sight.
            self._watched_scrolls.append(scroll)
            scroll.viewport().installEventFilter(self)
            page = scroll.widget()
            if page is not None:
                page.installEventFilter(self)
        self._settle.start()

    def close(self) -> None:
        field = self.keyboard.target
        if field is not None:
            field.removeEventFilter(self)
        self._unlimit()
        self.keyboard.set_target(None)
        self.keyboard.hide()

    def _bring_into_sight(self) -> None:
        """A screen taller than the room left scrolls; a field taller than it (a note that
        stretches) is held to the room, so the whole field shows above the keys."""
        field = self.keyboard.target
        scroll = _scroll_area_of(field) if field is not None else None
        if field is None or scroll is None or not self.keyboard.isVisible():
            return
        room = scroll.viewport().height() - 2 * SIGHT_MARGIN_PX
        if field.height() > room and self._limited is None:
            self._limited = (field, field.maximumHeight())
            field.setMaximumHeight(max(room, field.minimumSizeHint().height()))
            return  # the page lays the field out again, and this runs once more
        # The whole field, not only its cursor (which is all ensureWidgetVisible shows of a
        # text field).
        page = scroll.widget()
        if page is None:
            return
        top_left = field.mapTo(page, QPoint(0, 0))
        half_width, half_height = field.width() / 2, field.height() / 2
        scroll.ensureVisible(
            round(top_left.x() + half_width),
            round(top_left.y() + half_height),
            math.ceil(half_width) + 1,
            math.ceil(half_height) + SIGHT_MARGIN_PX,
        )

    def _unlimit(self) -> None:
        if self._limited is not None:
            field, maximum = self._limited
            self._limited = None
            field.setMaximumHeight(maximum)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        field = self.keyboard.target
        if field is None:
            return False
        if kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.LayoutRequest):
            self._settle.start()
        elif watched is field:
            # The field's page gave way to another (a tab, a step): nothing to type into.
            gone = kind == QEvent.Type.Hide
            disabled = kind == QEvent.Type.EnabledChange and not field.isEnabled()
            if gone or disabled:
                self.close()
        return False


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None
