"""The line display: the whole line's scoreboard on a large screen, read from across the hall.

Read-only by construction: no sign-in, no buttons, nothing that writes a record. It shows the
same figures as the operator's home (``ScoreboardFeed``), only bigger, as a Vorne XL does.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import local_time
from operator_app.screens.machine_live import MachineLive
from operator_app.screens.scoreboard_feed import ScoreboardFeed
from operator_app.screens.scoreboard_view import LineTile, MachineTile, scaled, zoom
from operator_app.services.scoreboard import Scoreboard
from widgets.retranslating import Retranslating

log = logging.getLogger(__name__)

# The line's figures a size above the machines'.
LINE_SCALE = 1.25
MACHINE_SCALE = 1.0
# The type grows with the screen as far as the figures fit: 16 pt at 900 x 520 px, about 33 pt on
# a 1920 x 1080 wall screen. Figures stand in columns of two or three, so their captions fit.
BASE_SIZE_PX = (900, 520)
BASE_PT = 16.0


class LineDisplay(Retranslating, QMainWindow):
    def __init__(self, context: AppContext, *, kiosk: bool = False) -> None:
        super().__init__()
        self.context = context
        self.kiosk = kiosk
        self.setObjectName("LineDisplay")
        self.board: Scoreboard | None = None
        site = context.site
        self.shift_label = scaled(QLabel(self), 1.0)
        self.clock_label = scaled(QLabel(self), 1.5, bold=True)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.addWidget(self.shift_label, 1)
        head.addWidget(self.clock_label)
        self.line_tile = LineTile(site.line, self, scale=LINE_SCALE, columns=3)
        # MachineLive and the home screen share the names ``cards`` and ``stop_prompt``.
        self.cards: dict[str, MachineTile] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        columns = 2 if len(site.machines) > 1 else 1
        for index, machine in enumerate(site.machines):
            tile = MachineTile(machine, self, scale=MACHINE_SCALE, columns=2)
            grid.addWidget(tile, index // columns, index % columns)
            self.cards[machine.machine_id] = tile
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(head)
        layout.addWidget(self.line_tile)
        layout.addLayout(grid, 1)
        self.setCentralWidget(central)

        self.feed = ScoreboardFeed(context, self)
        self.feed.updated.connect(self._show)
        context.store_worker.opened.connect(
            lambda error: self.feed.refresh() if not error else None
        )
        self.machine_live = _LiveStates(self, context)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._tick_durations)
        self._tick.start()
        self.retranslate_ui()

    def reload(self) -> None:
        self.feed.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        factor = min(size.width() / BASE_SIZE_PX[0], size.height() / BASE_SIZE_PX[1])
        zoom(self, BASE_PT * min(3.5, max(0.8, factor)))
        super().resizeEvent(event)

    def _show(self, board: Scoreboard) -> None:
        if self.board is None:
            log.info("line display showing the figures of line %s", self.context.site.line)
        self.board = board
        zone = self.context.site.timezone
        self.machine_live.show_line()
        for machine_id, tile in self.cards.items():
            event = board.overview.open_downtime.get(machine_id)
            tile.show_downtime(
                event, self.context.reason_label(event.reason_code if event else None), zone
            )
            tile.show_figures(board.machine(machine_id))
        self._show_shift()
        self._tick_durations()

    def _show_shift(self) -> None:
        board = self.board
        if board is None:
            self.shift_label.clear()
            return
        from operator_app.screens.supervisor import shift_name

        zone = self.context.site.timezone
        shift = board.shift
        self.shift_label.setText(
            self.tr("Plant {0} · {1} shift · {2}–{3}").format(
                self.context.site.plant,
                shift_name(shift.name),
                local_time(shift.start_utc, zone),
                local_time(shift.end_utc, zone),
            )
        )

    def _tick_durations(self) -> None:
        now = self.context.clock()
        self.clock_label.setText(local_time(now, self.context.site.timezone))
        self.line_tile.refresh(now)
        for tile in self.cards.values():
            tile.refresh(now)

    def retranslate_ui(self) -> None:
        site = self.context.site
        self.setWindowTitle(self.tr("Line display — {0} {1}").format(site.plant, site.line))
        self._show_shift()
        self._tick_durations()


class _LiveStates(MachineLive):
    """The PLC's live state on the display's tiles; a stop asks nobody here for a reason."""

    def _stopped(self, machine_id: str, event_id: str, start: object) -> None:
        self.home.reload()

    def _fault(self, _machine_id: str, event_id: str, revision: object) -> None:
        return

    def _ended(self, machine_id: str) -> None:
        self.home.reload()
