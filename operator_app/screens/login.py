"""Sign in with a badge or a PIN on the keypad."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.domain.roster import Person
from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration
from operator_app.workers.background import run_in_background
from widgets.keypad import NumericKeypad
from widgets.retranslating import Retranslating

# After this many wrong PINs in a row the keypad rests, so a PIN cannot be guessed by trying.
MAX_WRONG_PINS = 5
REST_AFTER_WRONG_MS = 30_000


class LoginScreen(Retranslating, QWidget):
    signed_in = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._wrong = 0
        self._resting = QElapsedTimer()
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
        self.keypad = NumericKeypad(self, masked=True, max_length=8)
        self.keypad.setMaximumWidth(420)
        self.keypad.accepted.connect(self.check_pin)

        left = QVBoxLayout()
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.line_label)
        left.addWidget(self.instructions)
        left.addWidget(self.feedback)
        left.addStretch(2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.keypad)
        self.retranslate_ui()

    def reset(self) -> None:
        self._quiet = None
        self.keypad.clear()
        self.keypad.setEnabled(True)
        self.feedback.clear()

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
    def check_pin(self, pin: str) -> None:
        self._quiet = None
        if self._resting.isValid() and self._resting.elapsed() < REST_AFTER_WRONG_MS:
            self.feedback.setText(
                self.tr("Too many wrong PINs. Wait 30 seconds or use your badge.")
            )
            self.keypad.clear()
            return
        self.keypad.setEnabled(False)
        self.feedback.setText(self.tr("Checking…"))
        roster = self.context.roster
        # Slow by design (scrypt): never on the GUI thread.
        run_in_background(lambda: roster.by_pin(pin), self._pin_checked, self._check_failed, self)

    def _pin_checked(self, person: Person | None) -> None:
        self.keypad.setEnabled(True)
        self.keypad.clear()
        if person is None:
            self._wrong += 1
            if self._wrong >= MAX_WRONG_PINS:
                self._wrong = 0
                self._resting.restart()
            self.feedback.setText(self.tr("PIN not recognised. Try again."))
            return
        if self.context.roster.get(person.person_id) != person:
            # The region's roster changed while the PIN was checked (often at start-up, when
            # the standards load): the check only counts against the roster in force.
            self.feedback.setText(self.tr("The roster was just updated. Type your PIN again."))
            return
        self._wrong = 0
        self._accept(person)

    def _check_failed(self, error: BaseException) -> None:
        self.keypad.setEnabled(True)
        self.feedback.setText(self.tr("The PIN could not be checked. Try again or use your badge."))

    # -- badge ----------------------------------------------------------------------------------
    def badge_scanned(self, badge: str) -> bool:
        person = self.context.roster.by_badge(badge)
        if person is None:
            self.feedback.setText(self.tr("Badge not recognised. Ask your supervisor."))
            return False
        self._accept(person)
        return True

    def _accept(self, person: Person) -> None:
        self.feedback.clear()
        self.signed_in.emit(person)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Sign in"))
        site = self.context.site
        self.line_label.setText(self.tr("Plant {0} · Line {1}").format(site.plant, site.line))
        self.instructions.setText(self.tr("Scan your badge, or type your PIN and press OK."))
        self._say_why_signed_out()
