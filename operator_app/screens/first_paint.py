"""After the first paint: what the sign-in screen does not need waits until it is on screen.

An operator looks at the sign-in screen first; the store, machine data and sync start right
after it has been painted, so importing and opening them never delays it.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from operator_app.screens.app import RunningApp


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None], *, next_turn: bool) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        self._next_turn = next_turn
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            if self._next_turn:
                # Once the paint has reached the screen: the next turn of the event loop.
                QTimer.singleShot(0, then)
            else:
                then()
            self.deleteLater()
        return False


def when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` once, on the event loop, after ``widget`` was painted for the first time."""
    _FirstPaint(widget, then, next_turn=True)


def print_startup_marks(running: RunningApp) -> None:
    """Print ``first_paint <t> <cpu> <collector>`` and ``ready ...`` on standard output.

    ``t``: monotonic seconds; ``cpu``: this process's CPU seconds so far, all threads (on a
    busy machine it varies much less than the time); ``collector``: whether Python's cycle
    collector runs (``on``/``off``; paused during the start). Ready: the store is open and every
    polled machine has reported its link once.
    """
    from operator_app.screens.app_context import AppContext
    from operator_app.screens.main_window import MainWindow

    context, window = running.context, running.window
    assert isinstance(context, AppContext)
    assert isinstance(window, QWidget)
    # The sign-in screen; the line display has none and is its own first screen.
    first = window.login if isinstance(window, MainWindow) else window
    printed: set[str] = set()

    def mark(name: str) -> None:
        if name not in printed:
            printed.add(name)
            collector = "on" if gc.isenabled() else "off"
            print(f"{name} {time.monotonic()} {time.process_time()} {collector}", flush=True)

    # As the paint happens: the deferred start runs on the next turn and must not count.
    _FirstPaint(first, lambda: mark("first_paint"), next_turn=False)

    def linked(*_args: object) -> None:
        monitor = context.machine_monitor
        if monitor is None or set(monitor.links) >= set(monitor.machine_ids):
            mark("ready")

    def opened(error: BaseException | None) -> None:
        if error is not None:
            return
        monitor = context.machine_monitor
        if monitor is not None:
            monitor.connection_changed.connect(linked)
        linked()

    context.store_worker.opened.connect(opened)
