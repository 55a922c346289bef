"""Keeps a screen's figures moving while it is shown: read again at the pace counts arrive.

The machine monitor writes the PLC's counts every few seconds and tells nobody (a signal per
flush would wake every screen), so a screen showing quantities made reads them again on a timer
while it is visible, and whenever it is asked to. The reading runs on the store thread; one at
a time: a tick or a change while one runs is folded into one more after it, so a slow store
never queues a backlog of queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

from operator_app.screens.messages import explain

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from local_store import EventStore
    from operator_app.screens.app_context import AppContext

# The machine monitor's flush interval (workers.machine_monitor.FLUSH_INTERVAL_MS), not imported:
# that module brings the PLC drivers, which a screen opened later must not wait for.
COUNTS_EVERY_MS = 5000

log = logging.getLogger(__name__)

StoreRead = Callable[["EventStore"], Any]


class FoldedReads(QObject):
    """Runs ``read()``'s store call (None: nothing to read) on ``refresh()``, one at a time, and
    hands each answer to ``on_done`` on the GUI thread; a failure is logged and said once."""

    def __init__(
        self,
        context: AppContext,
        read: Callable[[], StoreRead | None],
        on_done: Callable[[Any], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._read = read
        self._on_done = on_done
        self._running = False
        self._again = False
        self._said = ""

    def refresh(self) -> None:
        if self._running:
            self._again = True
            return
        call = self._read()
        if call is None:
            return
        self._running = True
        self.context.store_worker.submit(call, on_done=self._done, on_error=self._failed)

    def _finished(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh()

    def _done(self, answer: Any) -> None:
        self._said = ""
        try:
            self._on_done(answer)
        finally:
            self._finished()

    def _failed(self, error: BaseException) -> None:
        self._finished()
        log.warning("a screen's figures could not be read: %s", error)
        text = explain(error)
        # Said once, not at every refresh: a lasting problem would otherwise repeat each time.
        if text != self._said:
            self._said = text
            self.context.notice.emit(text, True)


class LiveReading(FoldedReads):
    """Reads ``read()``'s store call for ``owner`` while it is shown, every ``interval_ms`` and
    on ``refresh()``; hands each answer to ``on_done``."""

    def __init__(
        self,
        context: AppContext,
        owner: QWidget,
        read: Callable[[], StoreRead | None],
        on_done: Callable[[Any], None],
        interval_ms: int = COUNTS_EVERY_MS,
    ) -> None:
        super().__init__(context, read, on_done, owner)
        self.owner = owner
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)
        owner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner:
            if event.type() == QEvent.Type.Show:
                self.timer.start()
                self.refresh()
            elif event.type() == QEvent.Type.Hide:
                self.timer.stop()
        return False

    def refresh_if_shown(self) -> None:
        if self.owner.isVisible():
            self.refresh()
