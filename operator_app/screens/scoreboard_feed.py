"""Keeps a scoreboard fresh for whoever shows it: on a timer and whenever records change.

The figures are computed on the store thread (``services.scoreboard``); the GUI thread only
receives them. A refresh asked for while one is running is folded into one more after it, so
a burst of records (a machine writing stops and counts) never queues a backlog of queries.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from operator_app.screens.messages import explain
from operator_app.services.scoreboard import Scoreboard, scoreboard

log = logging.getLogger(__name__)

# Counts reach the store every few seconds; ten is fresh enough for a figure read at a glance.
REFRESH_MS = 10_000


class ScoreboardFeed(QObject):
    """Signals:
    updated(Scoreboard): new figures, on the GUI thread.
    """

    updated = Signal(object)

    def __init__(self, context: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.latest: Scoreboard | None = None
        self._running = False
        self._again = False
        self._said = ""
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        context.records_changed.connect(self.refresh)
        context.catalogue_changed.connect(self.refresh)
        context.standards_changed.connect(self.refresh)
        monitor = context.machine_monitor
        if monitor is not None:
            monitor.records_changed.connect(self.refresh)

    def refresh(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        context = self.context
        catalogue, site, clock = context.catalogue, context.site, context.clock
        standards = context.standards
        target = standards.oee_target if standards is not None else (lambda _m: None)
        products = standards.products if standards is not None else None
        self.context.store_worker.submit(
            lambda store: scoreboard(
                store, catalogue, site, oee_target=target, clock=clock, products=products
            ),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, board: Scoreboard) -> None:
        self.latest = board
        self._said = ""
        self._finished()
        self.updated.emit(board)

    def _failed(self, error: BaseException) -> None:
        self._finished()
        log.warning("the scoreboard could not be computed: %s", error)
        text = explain(error)
        # Said once, not every refresh: the store's own status already shows a lasting problem.
        if text != self._said:
            self._said = text
            self.context.notice.emit(text, True)

    def _finished(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh()
