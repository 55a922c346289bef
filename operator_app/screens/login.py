"""Sign in: say who you are (badge, employee number, or your name), then type your PIN.

A PIN is checked against the one person named first, never against the whole roster: one
slow hash per sign-in whatever the size of the plant. Wrong PINs rest that person only
(``shopfloor_core.domain.sign_in``), with the seconds left on screen; a badge still works.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration
from operator_app.workers.background import run_in_background
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.sign_in import (
    MonotonicClock,
    Outcome,
    PinAttempts,
    PinCheck,
    pin_matches,
)
from widgets.keypad import NumericKeypad
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton

# Names offered to tap: the whole roster when it is this small, else who signed in here last.
SHORTLIST_SIZE = 8
MAX_NUMBER_DIGITS = 12
MAX_PIN_DIGITS = 8


class LoginScreen(Retranslating, QWidget):
    signed_in = Signal(object)

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        clock: MonotonicClock | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.attempts = PinAttempts(clock) if clock else PinAttempts()
        # Who is typing a PIN now; None while the screen asks who is signing in.
        self.person: Person | None = None
        self._checking: Person | None = None
        self._recent: list[str] = []
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._show_rest)
        # Set after an automatic sign-out, until the next person starts to sign in.
        self._quiet: tuple[timedelta, bool] | None = None

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line_label = QLabel(self)
        self.line_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instructions = QLabel(self)
        self.instructions.setWordWrap(True)
        self.instructions.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.people_box = QWidget(self)
        self._people_grid = QGridLayout(self.people_box)
        self.people_buttons: dict[str, TouchButton] = {}
        self.back_button = TouchButton("", self)
        self.back_button.clicked.connect(self.reset)
        self.keypad = NumericKeypad(self, max_length=MAX_NUMBER_DIGITS)
        self.keypad.setMaximumWidth(420)
        self.keypad.accepted.connect(self._typed)

        left = QVBoxLayout()
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.line_label)
        left.addWidget(self.instructions)
        left.addWidget(self.feedback)
        left.addWidget(self.people_box)
        left.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignCenter)
        left.addStretch(2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.keypad)
        context.standards_changed.connect(self._refresh_people)
        self.reset()

    def reset(self) -> None:
        self._quiet = None
        """Back to "who is signing in?"."""
        self.person = None
        self._countdown.stop()
        self.keypad.set_masked(False)
        self.keypad.max_length = MAX_NUMBER_DIGITS
        self.keypad.clear()
        self.keypad.setEnabled(True)
        self.feedback.clear()
        self.back_button.hide()
        self._refresh_people()
        self.retranslate_ui()

    # -- who ------------------------------------------------------------------------------------
    def _typed(self, digits: str) -> None:
        self._quiet = None
        if self.person is None:
            self._identify(digits)
        else:
            self._check(self.person, digits)

    def _identify(self, number: str) -> None:
        self.keypad.clear()
        person = self.context.roster.by_number(number)
        if person is None:
            self.feedback.setText(
                self.tr(
                    "No one on this roster has employee number {0}. Try again, or use your badge."
                ).format(number)
            )
            return
        self.choose(person)

    def choose(self, person: Person) -> None:
        """``person`` says it is them (number typed or name tapped): ask for their PIN."""
        self._quiet = None
        refused = self.attempts.before_check(person)
        if refused is not None and refused.outcome is Outcome.NO_PIN:
            self.feedback.setText(
                self.tr("{0} has no PIN on this roster: scan your badge.").format(person.name)
            )
            return
        self.person = person
        self.keypad.set_masked(True)
        self.keypad.max_length = MAX_PIN_DIGITS
        self.keypad.clear()
        self.feedback.clear()
        self.people_box.hide()
        self.back_button.show()
        self.retranslate_ui()
        if refused is not None:
            self._answer(refused)

    def explain_quiet_sign_out(self, quiet: timedelta, draft_kept: bool) -> None:
        """Why the screen is back at the sign-in, for whoever comes back to it."""
        self._quiet = (quiet, draft_kept)
        self._say_why_signed_out()

    def _say_why_signed_out(self) -> None:
        if self._quiet is None:
            return
        quiet, draft_kept = self._quiet
        if draft_kept:
            text = self.tr("Signed out after {0} without a tap; your draft is kept.")
        else:
            text = self.tr("Signed out after {0} without a tap.")
        self.feedback.setText(text.format(duration(quiet)))

    # -- PIN ------------------------------------------------------------------------------------
    def _check(self, person: Person, pin: str) -> None:
        self.keypad.clear()
        refused = self.attempts.before_check(person)
        if refused is not None:
            self._answer(refused)
            return
        self.keypad.setEnabled(False)
        self.feedback.setText(self.tr("Checking…"))
        self._checking = person
        # One slow hash (scrypt): never on the GUI thread.
        run_in_background(
            lambda: pin_matches(person, pin),
            lambda matched: self._checked(person, matched),
            lambda error: self._check_failed(person, error),
            self,
        )

    def _checked(self, person: Person, matched: bool) -> None:
        if self._checking is not person:
            return  # "Not you?" was tapped meanwhile: the answer is for nobody on screen
        self._checking = None
        self.keypad.setEnabled(True)
        listed = self.context.roster.get(person.person_id)
        if listed != person:
            # The region's roster changed while the PIN was checked (often at start-up, when
            # the standards load): the check only counts against the roster in force.
            self.reset()
            if listed is not None:
                self.choose(listed)
            self.feedback.setText(self.tr("The roster was just updated. Type your PIN again."))
            return
        self._answer(self.attempts.after_check(person, matched))

    def _check_failed(self, person: Person, error: BaseException) -> None:
        if self._checking is not person:
            return
        self._checking = None
        self.keypad.setEnabled(True)
        self.feedback.setText(self.tr("The PIN could not be checked. Try again or use your badge."))

    def _answer(self, check: PinCheck) -> None:
        if check.outcome is Outcome.SIGNED_IN:
            self._accept(check.person)
        elif check.outcome is Outcome.RESTING:
            self._show_rest()
            self._countdown.start()
        elif check.outcome is Outcome.WRONG_PIN:
            self.feedback.setText(self.tr("Wrong PIN. Try again."))

    def _show_rest(self) -> None:
        person = self.person
        left = self.attempts.rest_left_s(person.person_id) if person else 0
        if person is None or left == 0:
            self._countdown.stop()
            if person is not None:
                self.feedback.setText(self.tr("You can type your PIN again."))
            return
        self.feedback.setText(
            self.tr("Too many wrong PINs for {0}. Try again in {1} s, or use your badge.").format(
                person.name, QLocale().toString(left)
            )
        )

    # -- badge ----------------------------------------------------------------------------------
    def badge_scanned(self, badge: str) -> bool:
        person = self.context.roster.by_badge(badge)
        if person is None:
            self.feedback.setText(self.tr("Badge not recognised. Ask your supervisor."))
            return False
        self._accept(person)
        return True

    def _accept(self, person: Person) -> None:
        self._recent = [person.person_id, *(p for p in self._recent if p != person.person_id)]
        del self._recent[SHORTLIST_SIZE:]
        self.feedback.clear()
        self.signed_in.emit(person)

    # -- names to tap ---------------------------------------------------------------------------
    def shortlist(self) -> list[Person]:
        """The whole roster when it is small; else the people who signed in here last."""
        roster = self.context.roster
        if len(roster) <= SHORTLIST_SIZE:
            return sorted((p for p in roster if p.pin_hash), key=lambda p: p.name)
        return [p for p in roster.people(self._recent) if p.pin_hash]

    def _refresh_people(self) -> None:
        for button in self.people_buttons.values():
            self._people_grid.removeWidget(button)
            button.hide()  # until deleteLater runs: a removed button must not linger on screen
            button.deleteLater()
        self.people_buttons = {}
        for index, person in enumerate(self.shortlist()):
            button = TouchButton(person.name, self.people_box)
            button.clicked.connect(lambda _=False, p=person: self.choose(p))
            self._people_grid.addWidget(button, index // 2, index % 2)
            self.people_buttons[person.person_id] = button
        self.people_box.setVisible(self.person is None and bool(self.people_buttons))

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Sign in"))
        site = self.context.site
        self.line_label.setText(self.tr("Plant {0} · Line {1}").format(site.plant, site.line))
        self.back_button.setText(self.tr("Someone else"))
        if self.person is None:
            self.instructions.setText(
                self.tr(
                    "Scan your badge, or type your employee number and press OK, or tap your name."
                )
            )
        else:
            self.instructions.setText(
                self.tr("{0}: type your PIN and press OK.").format(self.person.name)
            )
        self._say_why_signed_out()
