"""Live machine data on the home screen: each card's state, and the prompt after a stop.

Kept out of home.py so the home screen only wires it: ``MachineLive(home, context)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from operator_app.machine_data.samples import LinkState
from operator_app.screens.formatting import local_time
from shopfloor_core.domain.detection import FLAG_ONLY, MachineState
from shopfloor_core.domain.line_state import line_state, machine_condition
from widgets.retranslating import Retranslating
from widgets.style import SLIM_BUTTON_TEXT_PX, Status, status_style
from widgets.touch_button import TouchButton


def state_text(state: str) -> str:
    return {
        MachineState.RUNNING: QCoreApplication.translate("MachineLive", "Running (live)"),
        MachineState.STOPPED: QCoreApplication.translate("MachineLive", "Stopped (live)"),
        MachineState.NO_SIGNAL: QCoreApplication.translate(
            "MachineLive", "No signal from the machine"
        ),
        MachineState.UNKNOWN: QCoreApplication.translate("MachineLive", "Waiting for machine data"),
    }[MachineState(state)]


def link_text(link: str) -> str:
    return {
        LinkState.CONNECTING: QCoreApplication.translate("MachineLive", "Connecting to the PLC…"),
        LinkState.ONLINE: QCoreApplication.translate("MachineLive", "PLC connected"),
        LinkState.DEGRADED: QCoreApplication.translate(
            "MachineLive", "PLC connected; some values cannot be read"
        ),
        LinkState.OFFLINE: QCoreApplication.translate("MachineLive", "PLC not reachable"),
    }[LinkState(link)]


def live_status(state: str, link: str) -> Status | None:
    if link == LinkState.OFFLINE or state == MachineState.NO_SIGNAL:
        return Status.NO_SIGNAL
    if state == MachineState.STOPPED:
        return Status.STOPPED
    return None


class StopPrompt(Retranslating, QFrame):
    """ "Press 1 stopped at 10:32. What happened?" with one big button, until answered."""

    reason_requested = Signal(str, str)  # machine id, event id
    # Shown or hidden: everything below it on the home screen moved.
    visibility_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        name_of: Callable[[str], str] | None = None,
        label_of: Callable[[str | None], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.pending: dict[str, tuple[str, str, datetime, str]] = {}
        # Event id -> the PLC's fault code that came with the stop and the reason label the
        # region's fault map suggests for it ("" when the code is not mapped).
        self.faults: dict[str, tuple[int, str]] = {}
        # Event id -> the suggested reason's code, so its label is looked up again in the
        # language on screen when the language changes.
        self.suggested_codes: dict[str, str] = {}
        # The machine's name and a reason's label in the current language: with them the
        # banner is said again whole after a language change, not half in the old language.
        self.name_of = name_of
        self.label_of = label_of
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setProperty("role", "title")
        self.button = TouchButton("", self, primary=True)
        self.button.clicked.connect(self._answer)
        layout = QHBoxLayout(self)
        # Thin margins: with the calls strip above it, every pixel of a 768 px screen counts.
        layout.setContentsMargins(8, 4, 8, 4)
        # The button at its own width, the question wrapping beside it: a share of the width
        # cut "Name the reason" to "ame the reaso" on a 1024 px screen.
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        # Its button at the touch floor, not the home's taller buttons: with the prompt up, a
        # 700 px high screen has no room to spare above the machines.
        self.setStyleSheet(
            f"StopPrompt {{ {status_style(Status.ATTENTION)} }}"
            f"StopPrompt QPushButton {{ min-height: {SLIM_BUTTON_TEXT_PX}px; }}"
        )
        self.retranslate_ui()

    def ask(self, machine_id: str, name: str, event_id: str, start: datetime, zone: str) -> None:
        self.pending[machine_id] = (name, event_id, start, zone)
        self.retranslate_ui()

    def explain(
        self,
        event_id: str,
        fault_code: int,
        suggested_label: str,
        suggested_code: str | None = None,
    ) -> None:
        """The stop ``event_id`` came with this PLC fault (and maybe a suggested reason)."""
        self.faults[event_id] = (fault_code, suggested_label)
        if suggested_code is not None:
            self.suggested_codes[event_id] = suggested_code
        self.retranslate_ui()

    def answered(self, machine_id: str, event_id: str | None = None) -> None:
        pending = self.pending.get(machine_id)
        if pending is not None and (event_id is None or pending[1] == event_id):
            del self.pending[machine_id]
            self.faults.pop(pending[1], None)
            self.suggested_codes.pop(pending[1], None)
            self.retranslate_ui()

    def current(self) -> tuple[str, str] | None:
        for machine_id, (_name, event_id, _start, _zone) in self.pending.items():
            return machine_id, event_id
        return None

    def _answer(self) -> None:
        current = self.current()
        if current is not None:
            self.reason_requested.emit(*current)

    def retranslate_ui(self) -> None:
        self.button.setText(self.tr("Name the reason"))
        current = self.current()
        if self.isHidden() == (current is not None):
            self.setVisible(current is not None)
            self.visibility_changed.emit()
        if current is None:
            return
        machine_id = current[0]
        name, event_id, start, zone = self.pending[machine_id]
        if self.name_of is not None:
            name = self.name_of(machine_id)
        fault = self.faults.get(event_id)
        code = self.suggested_codes.get(event_id)
        if fault is not None and code is not None and self.label_of is not None:
            fault = (fault[0], self.label_of(code) or fault[1])
        self.text.setText(self._question(name, local_time(start, zone), fault))
        if fault is not None and fault[1]:
            self.button.setText(self.tr("Confirm or change"))

    def _question(self, name: str, time: str, fault: tuple[int, str] | None) -> str:
        if fault is None:
            return self.tr("{0} stopped at {1}. What happened?").format(name, time)
        code, suggested = fault
        # A fault code is the PLC's identifier, not a quantity: shown as the PLC shows it.
        if suggested:
            return self.tr(
                "{0} stopped at {1} with fault {2}. Suggested reason: {3}. Is that right?"
            ).format(name, time, code, suggested)
        if code == FLAG_ONLY:
            return self.tr("{0} stopped at {1} with a Fault. What happened?").format(name, time)
        return self.tr("{0} stopped at {1} with Fault {2}. What happened?").format(name, time, code)


class MachineLive(QObject):
    """Connects the machine monitor to the home screen's cards and its stop prompt."""

    def __init__(self, home: Any, context: Any) -> None:
        super().__init__(home)
        self.home = home
        self.context = context
        self.states: dict[str, str] = {}
        self.links: dict[str, str] = {}
        # When the PLC's signals say each stopped machine stopped: detection holds a stop back
        # for a few cycles before it records it, and the card counts from the real moment.
        self.stopped_at: dict[str, datetime | None] = {}
        monitor = context.machine_monitor
        if monitor is None:
            return
        for machine_id in monitor.machine_ids:
            self.states[machine_id] = monitor.states.get(machine_id, MachineState.UNKNOWN.value)
            self.stopped_at[machine_id] = monitor.stops_since.get(machine_id)
            self.links[machine_id] = monitor.links.get(machine_id, (LinkState.CONNECTING, ""))[0]
            self._show(machine_id)
        monitor.stopped_since.connect(self._stopped_since)
        monitor.machine_state.connect(self._state)
        monitor.connection_changed.connect(self._link)
        monitor.downtime_fault.connect(self._fault)
        monitor.downtime_detected.connect(self._stopped)
        monitor.downtime_ended.connect(self._ended)
        monitor.records_changed.connect(home.reload)
        # The state in words is a sentence of the language on screen, not of the last update.
        context.language_changed.connect(lambda _language: self._show_all())

    def _show_all(self) -> None:
        for machine_id in self.states:
            self._show(machine_id)

    def _stopped_since(self, machine_id: str, at: datetime | None) -> None:
        self.stopped_at[machine_id] = at

    def _state(self, machine_id: str, state: str) -> None:
        self.states[machine_id] = state
        self._show(machine_id)

    def _link(self, machine_id: str, link: str, _message: str) -> None:
        self.links[machine_id] = link
        self._show(machine_id)

    def _show(self, machine_id: str) -> None:
        card = self.home.cards.get(machine_id)
        if card is None:
            return
        state = self.states.get(machine_id, MachineState.UNKNOWN.value)
        link = self.links.get(machine_id, LinkState.CONNECTING.value)
        # Two whole sentences on two lines: the machine's state, then the PLC link.
        card.set_live_state(
            live_status(state, link),
            f"{state_text(state)}\n{link_text(link)}",
            self.stopped_at.get(machine_id) if state == MachineState.STOPPED else None,
        )
        # The line banner follows the machine's word as its card does.
        self.show_line()

    def live_state(self, machine_id: str) -> MachineState | None:
        """What the machine's own signal says; None for a machine with no signal source."""
        state = self.states.get(machine_id)
        if state is None:
            return None
        if self.links.get(machine_id) == LinkState.OFFLINE:
            return MachineState.NO_SIGNAL
        return MachineState(state)

    def show_line(self) -> None:
        """The line's tile: the scoreboard's figures, the state its machines' states make."""
        board = self.home.board
        if board is None:
            return
        state = line_state(
            {
                m.machine_id: machine_condition(m.down > 0, self.live_state(m.machine_id))
                for m in board.machines
            }
        )
        names = [self.context.machine_name(machine_id) for machine_id in state.machines]
        self.home.line_tile.show_figures(board.line, self.context.site.timezone, state, names)

    def _stopped(self, machine_id: str, event_id: str, start: datetime) -> None:
        machine = self.context.site.machine(machine_id)
        self.home.stop_prompt.ask(
            machine_id,
            machine.name_in(self.context.language),
            event_id,
            start,
            self.context.site.timezone,
        )
        self.home.reload()

    def _fault(self, _machine_id: str, event_id: str, revision: Any) -> None:
        suggested = (
            self.context.reason_label(revision.reason_code) if revision.reason_suggested else ""
        )
        code = revision.reason_code if revision.reason_suggested else None
        self.home.stop_prompt.explain(event_id, revision.fault_code, suggested, code)

    def _ended(self, machine_id: str) -> None:
        self.home.stop_prompt.answered(machine_id)
        self.home.reload()

    def overview_shown(self, open_downtime: dict[str, Any]) -> None:
        """After the home screen reloads: a stop named (or ended) elsewhere needs no prompt."""
        for machine_id in list(self.home.stop_prompt.pending):
            event = open_downtime.get(machine_id)
            _name, event_id, _start, _zone = self.home.stop_prompt.pending[machine_id]
            # A reason the PLC's fault map suggested still waits for the operator's word.
            if event is None or event.event_id != event_id or not event.needs_naming:
                self.home.stop_prompt.answered(machine_id, event_id)
