"""Keeps a scoreboard fresh for whoever shows it: on a timer and whenever records change.

The figures are computed on the store thread (``services.scoreboard``); the GUI thread only
receives them. A refresh asked for while one is running is folded into one more after it, so
a burst of records (a machine writing stops and counts) never queues a backlog of queries.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from operator_app.screens.live_reading import FoldedReads, StoreRead
from operator_app.services.scoreboard import Scoreboard, scoreboard

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
        self.reads = FoldedReads(context, self._read, self._done, self)
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
        self.reads.refresh()

    def _read(self) -> StoreRead:
        context = self.context
        catalogue, site, clock = context.catalogue, context.site, context.clock
        standards = context.standards
        target = standards.oee_target if standards is not None else (lambda _m: None)
        products = standards.products if standards is not None else None
        return lambda store: scoreboard(
            store, catalogue, site, oee_target=target, clock=clock, products=products
        )

    def _done(self, board: Scoreboard) -> None:
        self.latest = board
        self.updated.emit(board)
