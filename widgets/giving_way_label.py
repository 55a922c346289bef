"""A label that is the first thing to go when space runs short."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


class GivingWayLabel(QLabel):
    """A label that may shrink to nothing: what it says gives way before any figure or button
    beside it is squeezed."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)
