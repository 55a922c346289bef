"""A stack of pages as large as the page it shows, not as its largest page.

A ``QStackedWidget`` asks for the room of its largest page whichever is shown: a list with
three buttons then needed the height of a keypad page behind it, and a 1024x700 window
scrolled to show empty space. Hidden pages are given the ``Ignored`` size policy, which Qt's
layouts take as "needs no room"; the shown page keeps the ``Preferred`` one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget


def size_to_current_page(stack: QStackedWidget) -> None:
    """From now on ``stack`` asks for the room of its current page only."""

    def current_changed(_index: int = -1) -> None:
        current = stack.currentWidget()
        shown, ignored = QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored
        for index in range(stack.count()):
            page = stack.widget(index)
            if page is not None:
                policy = shown if page is current else ignored
                page.setSizePolicy(policy, policy)
        stack.updateGeometry()

    stack.currentChanged.connect(current_changed)
    stack.widgetAdded.connect(current_changed)
    current_changed()
