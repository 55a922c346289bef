"""A control never turns into its opposite under the finger.

When what a place on the screen means changes ("Running again" gives way to "Machine stopped",
a reason group opens onto its reasons, one confirmation step follows another), a second tap
of a quick double tap lands on the new meaning. A ``TapGuard`` watches the buttons of such a
place and swallows taps on them for a short time after the owner says the place changed.

The clock is injectable (seconds, monotonic): tests move it by hand instead of waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Seconds = Callable[[], float]

# A deliberate tap on something new comes after the eye has read it (well over half a second);
# the two taps of a double tap are 30 to 300 ms apart.
GUARD_S = 0.6

_TAP_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
    }
)

_default_clock: Seconds = time.monotonic


def set_default_clock(clock: Seconds) -> Seconds:
    """Use ``clock`` for every guard built without its own; returns the one it replaces."""
    global _default_clock
    previous, _default_clock = _default_clock, clock
    return previous


class TapGuard(QObject):
    """Swallows taps on the watched widgets for ``guard_s`` after ``changed()``."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        guard_s: float = GUARD_S,
        clock: Seconds | None = None,
    ) -> None:
        super().__init__(parent)
        self.guard_s = guard_s
        self._clock = clock
        self._changed_at: float | None = None
        self.ignored = 0  # taps swallowed, for the log and for tests

    @property
    def clock(self) -> Seconds:
        return self._clock or _default_clock

    @clock.setter
    def clock(self, clock: Seconds | None) -> None:
        self._clock = clock

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def changed(self) -> None:
        """The watched place now means something else: hold taps off for a moment."""
        self._changed_at = self.clock()

    def guarding(self) -> bool:
        return self._changed_at is not None and self.clock() - self._changed_at < self.guard_s

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TAP_EVENTS and self.guarding():
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
                self.ignored += 1
                log.info("tap on %s ignored: it changed meaning just now", watched.objectName())
            return True
        return False
