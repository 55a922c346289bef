"""The operator's home: the line and each machine at a glance, and the operator's actions."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from operator_app.screens.app_context import AppContext
from operator_app.screens.calls_strip import CallsStrip
from operator_app.screens.formatting import local_time
from operator_app.screens.machine_live import MachineLive, StopPrompt
from operator_app.screens.scoreboard_feed import ScoreboardFeed
from operator_app.screens.scoreboard_view import LineTile, MachineTile, zoom
from operator_app.screens.screen_viewport import ScreenViewport
from operator_app.services.capture import CaptureService
from operator_app.services.line_overview import LineOverview
from operator_app.services.scoreboard import Scoreboard
from operator_app.services.service_call import ServiceCall
from operator_app.site_config.model import MachineConfig
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.permissions import Action
from widgets.giving_way_label import WholeLinesLabel
from widgets.retranslating import Retranslating
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton, WrappingButton

# The home screen's size on a 1024 x 768 panel, where its type is the application's own.
ROOM_AT_1024_PX = (1006, 560)
MOST_ZOOM = 1.8
# A note in the latest records is a reminder of which note it was, not the note itself.
RECENT_NOTE_CHARACTERS = 40


def shortened(text: str, most: int) -> str:
    """``text`` on one line, cut at a word before ``most`` characters with "…" when longer."""
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    cut = flat[: most - 1].rsplit(" ", 1)[0] if " " in flat[: most - 1] else flat[: most - 1]
    return cut.rstrip(" ,.;:") + "…"


class MachineCard(MachineTile):
    """A machine's tile with the operator's actions for it."""

    stop_requested = Signal(str)
    restart_requested = Signal(str)
    reason_requested = Signal(str, str)  # machine id, event id

    def __init__(self, machine: MachineConfig, parent: QWidget | None = None) -> None:
        super().__init__(machine, parent)
        self._running: bool | None = None
        # Wrapping: two of them share half a 1024 px screen, in Spanish too.
        self.stop_button = WrappingButton("", self)
        self.restart_button = WrappingButton("", self)
        self.reason_button = WrappingButton("", self, primary=True)
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(machine.machine_id))
        self.restart_button.clicked.connect(lambda: self.restart_requested.emit(machine.machine_id))
        self.reason_button.clicked.connect(self._ask_reason)
        # The three buttons share one place: "Running again" gives way to "Machine stopped".
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.stop_button, self.restart_button, self.reason_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(self.reason_button)
        self.tile_layout.addLayout(buttons)

    def _ask_reason(self) -> None:
        if self.open_event is not None:
            self.reason_requested.emit(self.machine.machine_id, self.open_event.event_id)

    def refresh(self, now: datetime | None = None) -> None:
        super().refresh(now)
        event = self.open_event
        self.stop_button.setVisible(event is None)
        self.restart_button.setVisible(event is not None)
        self.reason_button.setVisible(event is not None)
        self.reason_button.set_label(
            self.tr("Name the reason") if event and event.needs_naming else self.tr("Change reason")
        )
        if self._running is not None and self._running != (event is None):
            self.tap_guard.changed()
        self._running = event is None

    def retranslate_ui(self) -> None:
        self.stop_button.set_label(self.tr("Machine stopped"))
        self.restart_button.set_label(self.tr("Running again"))
        super().retranslate_ui()


class HomeScreen(Retranslating, QWidget):
    reason_requested = Signal(str, str)  # machine id, event id
    scrap_requested = Signal()
    note_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.board: Scoreboard | None = None
        self.cards: dict[str, MachineCard] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        columns = 2 if len(context.site.machines) > 1 else 1
        for index, machine in enumerate(context.site.machines):
            card = MachineCard(machine, self)
            card.stop_requested.connect(self.start_downtime)
            card.restart_requested.connect(self.end_downtime)
            card.reason_requested.connect(self.reason_requested)
            grid.addWidget(card, index // columns, index % columns)
            self.cards[machine.machine_id] = card
        self.line_tile = LineTile(context.site.line, self)
        self.scrap_button = TouchButton("", self)
        self.scrap_button.clicked.connect(self.scrap_requested)
        self.note_button = TouchButton("", self)
        self.note_button.clicked.connect(self.note_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.scrap_button)
        actions.addWidget(self.note_button)
        # The latest records give way first when the screen is short: the figures come first.
        # One record a line, not wrapped: a wrapping label claims its height for its width and
        # would squeeze the figures instead of giving way.
        self.recent = WholeLinesLabel(self)
        self.stop_prompt = StopPrompt(self, context.machine_name, context.reason_label)
        self.stop_prompt.reason_requested.connect(self.reason_requested)
        # A stop detected by the PLC puts its prompt on top and moves every button below it.
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.scrap_button, self.note_button)
        self.stop_prompt.visibility_changed.connect(self._everything_moved)
        # The line's open andon calls and the button to call: always in the same place.
        self.calls_strip = CallsStrip(context, self)
        # Fits the page once the events that changed the sizes are through, never inside one.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit)
        # The room last fitted: the viewport resizes the screen to the minimum of what shows,
        # and a refit on that resize would show everything again, and so on for ever.
        self._fitted_room: tuple[int, int] | None = None
        self._fitted_height = 0
        self._fitting = False
        layout = self.page_layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(4)
        layout.addWidget(self.calls_strip)
        layout.addWidget(self.stop_prompt)
        layout.addWidget(self.line_tile)
        layout.addLayout(grid)
        layout.addLayout(actions)
        layout.addWidget(self.recent, 1)

        # Durations tick every second without a query; the figures come from the feed.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._tick_durations)
        self._tick.start()
        self.feed = ScoreboardFeed(context, self)
        self.feed.updated.connect(self._show)
        context.person_changed.connect(lambda _person: self._apply_permissions())
        self.machine_live = MachineLive(self, context)
        self.retranslate_ui()

    def _everything_moved(self) -> None:
        self._fit_later()
        self.tap_guard.changed()
        for card in self.cards.values():
            card.tap_guard.changed()

    def _fit(self) -> None:
        """When the screen is too short for everything (a small panel, a stop prompt, open
        calls), what gives way is, in order: the latest records, the line's figures, the line's
        tile. The machines' figures and every button keep their place and size."""
        layout = self.page_layout
        self._fitted_room = room = self._room()
        giving_way = (self.recent, self.line_tile.figures, self.line_tile)
        # The resizes the viewport makes while parts show and hide here are this fit's own.
        self._fitting = True
        try:
            for part in giving_way:
                part.setHidden(False)
            for part in giving_way:
                # Hiding posts the layouts a request to recompute: take it now, not after the
                # paint.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                layout.invalidate()
                # Laid out before it is measured: a text that wraps at the new width (the stop
                # prompt's, for a quality engineer at 1366x768) is only counted once laid out.
                layout.activate()
                if layout.minimumSize().height() <= room[1]:
                    break
                part.setHidden(True)
            layout.activate()
        finally:
            self._fitting = False
        self._fitted_height = max(room[1], layout.minimumSize().height())

    def _room(self) -> tuple[int, int]:
        """The room the screen is shown in. Not its own size: the viewport stretches the screen
        to its minimum, so a screen too tall for the window looked as if it fitted itself. The
        viewport's outer size: its inner one narrows while a scroll bar shows."""
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, ScreenViewport):
                return parent.width(), parent.height()
            parent = parent.parentWidget()
        return self.width(), self.height()

    def _fit_later(self) -> None:
        self._fit_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A bigger screen gets bigger figures, not more empty grey: type grows with the room
        # the 1024 x 768 layout leaves (the buttons keep their touch size).
        width, height = self._room()
        room = min(width / ROOM_AT_1024_PX[0], height / ROOM_AT_1024_PX[1])
        base = QApplication.font().pointSizeF()
        zoom(self, base * max(1.0, min(MOST_ZOOM, room)))
        if self._fitting:
            return
        # Refit for new room, or when what shows grew after the fit (a text wrapping in
        # another language) and the viewport stretched the screen past the room for it.
        grew = event.size().height() > height and event.size().height() != self._fitted_height
        if (width, height) != self._fitted_room or grew:
            self._fit_later()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_later()

    # -- data -----------------------------------------------------------------------------------
    @property
    def overview(self) -> LineOverview | None:
        return self.board.overview if self.board is not None else None

    def reload(self) -> None:
        self.feed.refresh()

    def _failed(self, error: BaseException) -> None:
        from operator_app.screens.messages import explain

        self.context.notice.emit(explain(error), True)

    def _show(self, board: Scoreboard) -> None:
        self.board = board
        self.machine_live.overview_shown(board.overview.open_downtime)
        self.machine_live.show_line()
        for machine_id, card in self.cards.items():
            card.show_figures(board.machine(machine_id))
        self._refresh_cards()
        self._show_recent()
        self._fit_later()

    def _tick_durations(self) -> None:
        now = self.context.clock()
        self.line_tile.refresh(now)
        for card in self.cards.values():
            card.refresh(now)

    def _refresh_cards(self) -> None:
        overview = self.overview
        for machine_id, card in self.cards.items():
            event = overview.open_downtime.get(machine_id) if overview else None
            card.show_downtime(
                event,
                self.context.reason_label(event.reason_code if event else None),
                self.context.site.timezone,
            )
        self._tick_durations()

    def _show_recent(self) -> None:
        if self.overview is None:
            return
        zone = self.context.site.timezone
        lines = []
        for event in self.overview.recent[:5]:
            when = local_time(event.start_utc, zone)
            name = self.context.machine_name(event.machine_id)
            lines.append(self.tr("{0}  {1}  {2}").format(when, name, self._what(event)))
        self.recent.set_lines(self.tr("Latest records:"), lines)

    def _what(self, event: EventRevision) -> str:
        """What the record is, in a few words: a note is not a stop nobody named yet."""
        if event.kind is EventKind.NOTE:
            return self.tr("Note: {0}").format(shortened(event.note, RECENT_NOTE_CHARACTERS))
        reason = self.context.reason_label(event.reason_code) or self.tr("(no reason yet)")
        if event.kind is EventKind.SCRAP:
            count = QLocale().toString(event.quantity or 0)
            return self.tr("Scrap: {0} × {1}").format(count, reason)
        return self.tr("Stop: {0}").format(reason)

    # -- actions --------------------------------------------------------------------------------
    def start_downtime(self, machine_id: str) -> None:
        self.cards[machine_id].stop_button.setEnabled(False)

        def done(event: EventRevision) -> None:
            self.cards[machine_id].stop_button.setEnabled(True)
            self.context.undo_offered.emit(
                self.tr("Stop recorded for {0}.").format(self.context.machine_name(machine_id)),
                event.event_id,
            )
            self.reason_requested.emit(machine_id, event.event_id)

        self.context.capture(
            ServiceCall(CaptureService.start_downtime, machine_id),
            on_done=done,
            on_error=lambda e: self._action_failed(e, self.cards[machine_id].stop_button),
        )

    def end_downtime(self, machine_id: str) -> None:
        card = self.cards[machine_id]
        if card.open_event is None:
            return
        card.restart_button.setEnabled(False)

        def done(event: EventRevision) -> None:
            card.restart_button.setEnabled(True)
            self.context.undo_withdrawn.emit(event.event_id)
            name = self.context.machine_name(machine_id)
            self.context.notice.emit(self.tr("{0} is running again.").format(name), False)

        self.context.capture(
            ServiceCall(CaptureService.end_downtime, card.open_event.event_id),
            on_done=done,
            on_error=lambda e: self._action_failed(e, card.restart_button),
        )

    def _action_failed(self, error: BaseException, button: TouchButton) -> None:
        button.setEnabled(True)
        self._failed(error)
        self.reload()

    def _apply_permissions(self) -> None:
        may_capture = self.context.may(Action.CAPTURE_DOWNTIME)
        for card in self.cards.values():
            card.stop_button.setEnabled(may_capture)
            card.restart_button.setEnabled(may_capture)
            card.reason_button.setEnabled(self.context.may(Action.CATEGORIZE))
        # The stop prompt's button names (or confirms) the reason, like the cards' reason button:
        # a role that may not name one is not offered it, to be refused after the fact.
        self.stop_prompt.button.setEnabled(self.context.may(Action.CATEGORIZE))
        self.scrap_button.setEnabled(self.context.may(Action.CAPTURE_SCRAP))
        self.note_button.setEnabled(self.context.may(Action.ADD_NOTE))

    def retranslate_ui(self) -> None:
        self.scrap_button.setText(self.tr("Scrap"))
        self.note_button.setText(self.tr("Note"))
        for card in self.cards.values():
            card.retranslate_ui()
        self.line_tile.retranslate_ui()
        if self.board is not None:
            self._show(self.board)
