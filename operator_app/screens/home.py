"""The line at a glance: each machine's state, and the operator's actions for it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.domain.clock import utc_now
from operator_app.domain.events import EventRevision
from operator_app.domain.permissions import Action
from operator_app.screens.app_context import AppContext
from operator_app.screens.calls_strip import CallsStrip
from operator_app.screens.formatting import duration, local_time
from operator_app.screens.language import installed_language
from operator_app.screens.machine_live import MachineLive, StopPrompt
from operator_app.services.capture import CaptureService
from operator_app.services.line_overview import LineOverview, line_overview
from operator_app.services.service_call import ServiceCall
from operator_app.site_config.model import MachineConfig
from widgets.retranslating import Retranslating
from widgets.style import Status, status_style
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton


class MachineCard(Retranslating, QFrame):
    """One machine: name, state in words (colour only when abnormal), its actions."""

    stop_requested = Signal(str)
    restart_requested = Signal(str)
    reason_requested = Signal(str, str)  # machine id, event id

    def __init__(self, machine: MachineConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.machine = machine
        self.open_event: EventRevision | None = None
        self.live_status: Status | None = None
        self.live_text = ""
        self.zone = "UTC"
        self.reason_label = ""
        self.status = Status.NORMAL
        self.name = QLabel(machine.name_in(installed_language()), self)
        self.name.setProperty("role", "title")
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.stop_button = TouchButton("", self)
        self.stop_button.clicked.connect(lambda: self.stop_requested.emit(machine.machine_id))
        self.restart_button = TouchButton("", self)
        self.restart_button.clicked.connect(lambda: self.restart_requested.emit(machine.machine_id))
        self.reason_button = TouchButton("", self, primary=True)
        self.reason_button.clicked.connect(self._ask_reason)
        # The three buttons share one place: "Running again" gives way to "Machine stopped".
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.stop_button, self.restart_button, self.reason_button)
        self._running: bool | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.restart_button)
        buttons.addWidget(self.reason_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.state)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumHeight(220)

    def _ask_reason(self) -> None:
        if self.open_event is not None:
            self.reason_requested.emit(self.machine.machine_id, self.open_event.event_id)

    def set_live_state(self, status: Status | None, text: str) -> None:
        """Live machine state from the PLC, when machine data runs for this machine."""
        self.live_status, self.live_text = status, text
        self.refresh()

    def show_downtime(self, event: EventRevision | None, reason_label: str, zone: str) -> None:
        self.open_event, self.zone = event, zone
        self.reason_label = reason_label
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        now = now or utc_now()
        event = self.open_event
        if event is None:
            status = self.live_status or Status.NORMAL
            self.state.setText(self.live_text or self.tr("Running"))
            self.detail.clear()
        else:
            since = local_time(event.start_utc, self.zone)
            length = duration(now - event.start_utc)
            if event.reason_code is None:
                status = Status.ATTENTION
                self.state.setText(self.tr("Stopped — reason needed"))
            elif event.reason_suggested:
                status = Status.ATTENTION
                self.state.setText(
                    self.tr("Stopped: {0}? (PLC suggestion, confirm it)").format(self.reason_label)
                )
            else:
                status = Status.STOPPED
                self.state.setText(self.tr("Stopped: {0}").format(self.reason_label))
            self.detail.setText(self.tr("Since {0} ({1})").format(since, length))
            if self.live_status is Status.NO_SIGNAL:
                status = Status.NO_SIGNAL
                self.detail.setText(self.detail.text() + "\n" + self.live_text)
        self.setStyleSheet(f"MachineCard {{ {status_style(status)} }}")
        self.status = status
        self.stop_button.setVisible(event is None)
        self.restart_button.setVisible(event is not None)
        self.reason_button.setVisible(event is not None)
        self.reason_button.setText(
            self.tr("Name the reason") if event and event.needs_naming else self.tr("Change reason")
        )
        if self._running is not None and self._running != (event is None):
            self.tap_guard.changed()
        self._running = event is None

    def retranslate_ui(self) -> None:
        self.name.setText(self.machine.name_in(installed_language()))
        self.stop_button.setText(self.tr("Machine stopped"))
        self.restart_button.setText(self.tr("Running again"))
        self.refresh()


class HomeScreen(Retranslating, QWidget):
    reason_requested = Signal(str, str)  # machine id, event id
    scrap_requested = Signal()
    note_requested = Signal()
    list_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.overview: LineOverview | None = None
        self.cards: dict[str, MachineCard] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        columns = 2 if len(context.site.machines) > 1 else 1
        for index, machine in enumerate(context.site.machines):
            card = MachineCard(machine, self)
            card.stop_requested.connect(self.start_downtime)
            card.restart_requested.connect(self.end_downtime)
            card.reason_requested.connect(self.reason_requested)
            grid.addWidget(card, index // columns, index % columns)
            self.cards[machine.machine_id] = card
        self.scrap_button = TouchButton("", self)
        self.scrap_button.clicked.connect(self.scrap_requested)
        self.note_button = TouchButton("", self)
        self.note_button.clicked.connect(self.note_requested)
        self.list_button = TouchButton("", self)
        self.list_button.clicked.connect(self.list_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.scrap_button)
        actions.addWidget(self.note_button)
        actions.addWidget(self.list_button)
        self.recent_title = QLabel(self)
        self.recent_title.setProperty("role", "muted")
        self.recent = QLabel(self)
        self.recent.setWordWrap(True)
        self.recent.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.stop_prompt = StopPrompt(self)
        self.stop_prompt.reason_requested.connect(self.reason_requested)
        # A stop detected by the PLC puts its prompt on top and moves every button below it.
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.scrap_button, self.note_button, self.list_button)
        self.stop_prompt.visibility_changed.connect(self._everything_moved)
        # The line's open andon calls and the button to call: always in the same place.
        self.calls_strip = CallsStrip(context, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calls_strip)
        layout.addWidget(self.stop_prompt)
        layout.addLayout(grid, 3)
        layout.addLayout(actions)
        layout.addWidget(self.recent_title)
        layout.addWidget(self.recent, 1)

        # Durations on the cards tick without a query; the store is asked only after changes.
        self._tick = QTimer(self)
        self._tick.setInterval(30_000)
        self._tick.timeout.connect(self._refresh_cards)
        self._tick.start()
        context.records_changed.connect(self.reload)
        context.catalogue_changed.connect(self.reload)
        context.person_changed.connect(lambda _person: self._apply_permissions())
        self.machine_live = MachineLive(self, context)
        self.retranslate_ui()

    def _everything_moved(self) -> None:
        self.tap_guard.changed()
        for card in self.cards.values():
            card.tap_guard.changed()

    # -- data -----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.context.store_worker.submit(
            lambda store: line_overview(store), on_done=self._show, on_error=self._failed
        )

    def _failed(self, error: BaseException) -> None:
        from operator_app.screens.messages import explain

        self.context.notice.emit(explain(error), True)

    def _show(self, overview: LineOverview) -> None:
        self.overview = overview
        self.machine_live.overview_shown(overview.open_downtime)
        self._refresh_cards()
        self._show_recent()
        self.list_button.setText(
            self.tr("To name ({0})").format(QLocale().toString(overview.uncategorized_count))
            if overview.uncategorized_count
            else self.tr("To name")
        )

    def _refresh_cards(self) -> None:
        overview = self.overview
        for machine_id, card in self.cards.items():
            event = overview.open_downtime.get(machine_id) if overview else None
            card.show_downtime(
                event,
                self.context.reason_label(event.reason_code if event else None),
                self.context.site.timezone,
            )

    def _show_recent(self) -> None:
        if self.overview is None:
            return
        zone = self.context.site.timezone
        lines = []
        for event in self.overview.recent[:5]:
            when = local_time(event.start_utc, zone)
            what = self.context.reason_label(event.reason_code) or self.tr("(no reason yet)")
            if event.quantity is not None:
                what = self.tr("{0} × {1}").format(QLocale().toString(event.quantity), what)
            lines.append(self.tr("{0}  {1}  {2}").format(when, event.machine_id, what))
        self.recent.setText("\n".join(lines))

    # -- actions --------------------------------------------------------------------------------
    def start_downtime(self, machine_id: str) -> None:
        self.cards[machine_id].stop_button.setEnabled(False)

        def done(event: EventRevision) -> None:
            self.cards[machine_id].stop_button.setEnabled(True)
            self.context.undo_offered.emit(
                self.tr("Stop recorded for {0}.").format(machine_id), event.event_id
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
            self.context.notice.emit(self.tr("{0} is running again.").format(machine_id), False)

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
        self.scrap_button.setEnabled(self.context.may(Action.CAPTURE_SCRAP))
        self.note_button.setEnabled(self.context.may(Action.ADD_NOTE))

    def retranslate_ui(self) -> None:
        self.scrap_button.setText(self.tr("Scrap"))
        self.note_button.setText(self.tr("Note"))
        self.list_button.setText(self.tr("To name"))
        self.recent_title.setText(self.tr("Latest records"))
        for card in self.cards.values():
            card.retranslate_ui()
        if self.overview is not None:
            self._show(self.overview)
