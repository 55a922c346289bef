"""Where the current screen is shown: scrolled, never squeezed, when it is taller than the room.

The room shrinks when the touch keyboard opens below it. A screen that no longer fits scrolls,
so the field typed into can be brought into sight above the keys instead of being squashed
under them. Only the current screen's size counts: a stack of screens is otherwise as tall as
its tallest one, whichever is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QStackedWidget, QWidget

from widgets.current_page import size_to_current_page


class ScreenViewport(QScrollArea):
    def __init__(self, stack: QStackedWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        # Not widgetResizable: with it, a screen holding wrapped text is laid out at its
        # *preferred* height for the width, and scrolls where it would fit at its minimum.
        self.setWidgetResizable(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # A frame for the screens, not a control: keys go to the screen's fields, or to the
        # window (where the badge reader listens), never to it.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(stack)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        size_to_current_page(stack)
        stack.currentChanged.connect(self._current_changed)
        stack.widgetAdded.connect(self._current_changed)
        stack.installEventFilter(self)
        self._current_changed()

    def _fit(self) -> None:
        # The screen's minimum, not its preferred height for the width (which Qt's own
        # resizing uses for wrapped text): a screen scrolls only when it cannot fit.
        room = self.viewport().size()
        self.stack.resize(room.width(), max(room.height(), self.stack.minimumSizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.stack and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def _current_changed(self, _index: int = -1) -> None:
        # After size_to_current_page's own slot (connected first): the new page's size counts.
        self.verticalScrollBar().setValue(0)
        self._fit()
