"""Calling for help, and answering a call.

Calling: the machine (preselected when the line has one, or the one that is stopped), an
optional reason from the catalogue, then one tap on whom to call: two taps from home. Answering:
the call's story so far and the one next step the signed-in person may take (acknowledge,
arrived, close; or cancel for the caller), each a revision of the call with who and when.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.screens.andon_words import call_story, machine_name, run_andon, team_name
from operator_app.screens.app_context import AppContext
from operator_app.screens.messages import explain
from operator_app.services.andon import AndonService, current_call
from shopfloor_core.domain.andon import CallRevision, CallState, Team
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.permissions import Action, may_answer_call, may_cancel_call
from widgets.reason_grid import ReasonGrid
from widgets.retranslating import Retranslating
from widgets.style import GAP_PX
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton

TEAM_BUTTON_PX = 90


class AndonScreen(Retranslating, QWidget):
    """Signals: ``finished()`` when the person is done here (back to home)."""

    finished = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.machine_id: str | None = None
        self.reason_code: str | None = None
        self.call: CallRevision | None = None
        self.pages = QStackedWidget(self)
        self.tap_guard = TapGuard(self)

        # -- calling ---------------------------------------------------------------------------
        self.raise_page = QWidget(self)
        self.raise_title = QLabel(self.raise_page)
        self.raise_title.setProperty("role", "title")
        self.raise_title.setWordWrap(True)
        self.machine_buttons: dict[str, TouchButton] = {}
        # "Back" on the row of machines, on the call's page beside its steps: at 1024x700 the
        # row it had under both pages was the room the reasons needed to be seen whole.
        self.back_button = TouchButton("", self.raise_page)
        self.back_button.clicked.connect(self.finished)
        machines = QHBoxLayout()
        for machine in context.site.machines:
            button = TouchButton("", self.raise_page)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, m=machine.machine_id: self.choose_machine(m))
            machines.addWidget(button)
            self.machine_buttons[machine.machine_id] = button
        self.reason_text = QLabel(self.raise_page)
        self.reason_text.setWordWrap(True)
        self.clear_reason_button = TouchButton("", self.raise_page)
        self.clear_reason_button.clicked.connect(lambda: self.choose_reason(None))
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_text, 3)
        reason_row.addWidget(self.clear_reason_button, 1)
        self.grid = ReasonGrid(context.reason_choices(CategoryKind.DOWNTIME), self.raise_page)
        self.grid.leaf_chosen.connect(self.choose_reason)
        # The line above the grid asks for the reason already; a second prompt takes a row.
        self.grid.prompt.hide()
        self.team_buttons: dict[Team, TouchButton] = {}
        teams = QHBoxLayout()
        for team in Team:
            button = TouchButton("", self.raise_page, primary=True)
            button.setMinimumHeight(TEAM_BUTTON_PX)
            button.clicked.connect(lambda _=False, t=team: self.raise_call(t))
            teams.addWidget(button)
            self.team_buttons[team] = button
            self.tap_guard.watch(button)
        raise_layout = QVBoxLayout(self.raise_page)
        if len(self.machine_buttons) > 1:
            raise_layout.addWidget(self.raise_title)
            # Set apart and no wider than its word: not read as one more machine to choose.
            self.back_button.setSizePolicy(
                QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred
            )
            machines.addSpacing(4 * GAP_PX)
            machines.addWidget(self.back_button)
            raise_layout.addLayout(machines)
        else:
            for button in self.machine_buttons.values():
                button.hide()
            title_row = QHBoxLayout()
            title_row.addWidget(self.raise_title, 1)
            title_row.addWidget(self.back_button)
            raise_layout.addLayout(title_row)
        raise_layout.addLayout(teams)
        raise_layout.addLayout(reason_row)
        # The reason is optional: its tree scrolls in the room left, never squeezing buttons.
        self.grid_area = QScrollArea(self.raise_page)
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.grid_area.setWidget(self.grid)
        QScroller.grabGesture(self.grid_area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        raise_layout.addWidget(self.grid_area, 1)

        # -- answering -------------------------------------------------------------------------
        self.call_page = QWidget(self)
        self.call_title = QLabel(self.call_page)
        self.call_title.setProperty("role", "title")
        self.call_title.setWordWrap(True)
        self.story = QLabel(self.call_page)
        self.story.setWordWrap(True)
        self.story.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.acknowledge_button = TouchButton("", self.call_page, primary=True)
        self.acknowledge_button.clicked.connect(lambda: self._step(AndonService.acknowledge))
        self.arrive_button = TouchButton("", self.call_page, primary=True)
        self.arrive_button.clicked.connect(lambda: self._step(AndonService.arrive))
        self.close_button = TouchButton("", self.call_page, primary=True)
        self.close_button.clicked.connect(lambda: self._step(AndonService.close))
        self.cancel_button = TouchButton("", self.call_page)
        self.cancel_button.clicked.connect(lambda: self._step(AndonService.cancel))
        self.call_back_button = TouchButton("", self.call_page)
        self.call_back_button.clicked.connect(self.finished)
        steps = QHBoxLayout()
        for button in (
            self.acknowledge_button,
            self.arrive_button,
            self.close_button,
            self.cancel_button,
            self.call_back_button,
        ):
            button.setMinimumHeight(TEAM_BUTTON_PX)
            steps.addWidget(button)
            self.tap_guard.watch(button)
        call_layout = QVBoxLayout(self.call_page)
        call_layout.addWidget(self.call_title)
        call_layout.addWidget(self.story, 1)
        call_layout.addLayout(steps)

        self.pages.addWidget(self.raise_page)
        self.pages.addWidget(self.call_page)
        layout = QVBoxLayout(self)
        # The pages keep their own margins; a second frame of them is room the reasons need.
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages, 1)
        context.catalogue_changed.connect(self._reload_tree)
        context.language_changed.connect(lambda _language: self._reload_tree())
        self.retranslate_ui()

    def _reload_tree(self) -> None:
        self.grid.set_children_of(self.context.reason_choices(CategoryKind.DOWNTIME))
        self._render()

    # -- calling ---------------------------------------------------------------------------------
    def start_call(self, machine_id: str | None = None) -> None:
        """Open the calling page for ``machine_id`` (else the only, or first, machine)."""
        machines = self.context.site.machines
        self.call = None
        self.reason_code = None
        self.grid.reset()
        self.choose_machine(machine_id or (machines[0].machine_id if machines else None))
        self.pages.setCurrentWidget(self.raise_page)
        self.tap_guard.changed()

    def choose_machine(self, machine_id: str | None) -> None:
        self.machine_id = machine_id
        for key, button in self.machine_buttons.items():
            button.setChecked(key == machine_id)
        self._render()

    def choose_reason(self, code: str | None) -> None:
        self.reason_code = code
        if code is None:
            self.grid.reset()
        self._render()

    def raise_call(self, team: Team) -> None:
        machine_id, reason = self.machine_id, self.reason_code
        if machine_id is None:
            return
        person = self.context.person
        for button in self.team_buttons.values():
            button.setEnabled(False)

        def done(call: CallRevision) -> None:
            self._enable_teams()
            self.context.notice.emit(
                self.tr("{0} called to {1}.").format(
                    team_name(call.team), machine_name(self.context, call.machine_id)
                ),
                False,
            )
            self.finished.emit()

        run_andon(
            self.context,
            lambda service: service.raise_call(person, machine_id, team, reason_code=reason),
            on_done=done,
            on_error=self._failed,
        )

    def _enable_teams(self) -> None:
        for button in self.team_buttons.values():
            button.setEnabled(self.context.may(Action.RAISE_CALL))

    # -- answering -------------------------------------------------------------------------------
    def show_call(self, call_id: str) -> None:
        """Open the call ``call_id`` as this station knows it now."""

        def found(call: CallRevision | None) -> None:
            if call is None:
                self.context.notice.emit(self.tr("That call is not known on this station."), True)
                self.finished.emit()
                return
            self.call = call
            self.pages.setCurrentWidget(self.call_page)
            self.tap_guard.changed()
            self._render()

        self.context.store_worker.submit(
            lambda store: current_call(store, call_id), on_done=found, on_error=self._failed
        )

    def _step(self, step: object) -> None:
        call = self.call
        if call is None:
            return
        person = self.context.person
        for button in (
            self.acknowledge_button,
            self.arrive_button,
            self.close_button,
            self.cancel_button,
        ):
            button.setEnabled(False)

        def done(revised: CallRevision) -> None:
            self.call = revised
            self._render()
            if not revised.is_open:
                self.finished.emit()

        run_andon(
            self.context,
            lambda service: step(service, person, call.call_id),  # type: ignore[operator]
            on_done=done,
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.context.notice.emit(explain(error), True)
        self._enable_teams()
        if self.call is not None:
            self.show_call(self.call.call_id)

    # -- showing ---------------------------------------------------------------------------------
    def _render(self) -> None:
        if self.machine_id is not None:
            self.raise_title.setText(
                self.tr("Call for help at {0}: whom do you need?").format(
                    machine_name(self.context, self.machine_id)
                )
            )
        self.reason_text.setText(
            self.tr("Reason (optional): {0}").format(self.context.reason_label(self.reason_code))
            if self.reason_code
            else self.tr("Reason (optional): choose one below, before whom to call.")
        )
        self.clear_reason_button.setVisible(self.reason_code is not None)
        self._enable_teams()
        call, person = self.call, self.context.person
        if call is None:
            return
        self.call_title.setText(
            self.tr("{0} called to {1}").format(
                team_name(call.team), machine_name(self.context, call.machine_id)
            )
        )
        story = call_story(self.context, call, self.context.clock())
        site = self.context.site
        # A covering station sees other lines' calls; their steps are made on their line.
        here = (call.stamp.plant, call.stamp.line) == (site.plant, site.line)
        if not here:
            story.append(
                self.tr("This call is of line {0}: answer it from a station of that line.").format(
                    call.stamp.line
                )
            )
        self.story.setText("\n".join(story))
        answers = here and person is not None and may_answer_call(person, call.team.value)
        self.acknowledge_button.setVisible(answers and call.state is CallState.RAISED)
        self.arrive_button.setVisible(answers and call.state is CallState.ACKNOWLEDGED)
        self.close_button.setVisible(answers and call.state is CallState.ARRIVED)
        self.cancel_button.setVisible(
            here
            and person is not None
            and may_cancel_call(person, call.raised_by)
            and call.state in (CallState.RAISED, CallState.ACKNOWLEDGED)
        )
        for button in (
            self.acknowledge_button,
            self.arrive_button,
            self.close_button,
            self.cancel_button,
        ):
            button.setEnabled(True)

    def retranslate_ui(self) -> None:
        self.team_buttons[Team.MAINTENANCE].setText(self.tr("Maintenance"))
        self.team_buttons[Team.QUALITY].setText(self.tr("Quality"))
        self.team_buttons[Team.SUPERVISOR].setText(self.tr("Supervisor"))
        self.clear_reason_button.setText(self.tr("No reason"))
        self.acknowledge_button.setText(self.tr("Acknowledge: I am coming"))
        self.arrive_button.setText(self.tr("Arrived at the machine"))
        self.close_button.setText(self.tr("Close: machine handed back"))
        self.cancel_button.setText(self.tr("Cancel the call"))
        self.back_button.setText(self.tr("Back"))
        self.call_back_button.setText(self.tr("Back"))
        for machine_id, button in self.machine_buttons.items():
            button.setText(self.context.machine_name(machine_id))
        self._render()
