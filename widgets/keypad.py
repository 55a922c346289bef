"""On-screen numeric keypad: PINs and quantities without a keyboard.

The keypad validates as the operator types (digits only, a length and a range) so a wrong
entry is explained on the spot instead of being refused after the fact.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton


class NumericKeypad(Retranslating, QWidget):
    """Digits 0-9, back, clear and OK. Emits ``accepted`` with the digits typed."""

    accepted = Signal(str)
    changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        masked: bool = False,
        max_length: int = 6,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._digits = ""
        self.masked = masked
        self.max_length = max_length
        self.minimum = minimum
        self.maximum = maximum

        self.display = QLineEdit(self)
        self.display.setReadOnly(True)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.display.setMinimumHeight(60)
        self.set_masked(masked)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")

        grid = QGridLayout()
        grid.setSpacing(8)
        self.digit_buttons: dict[str, TouchButton] = {}
        for index, digit in enumerate("123456789"):
            button = TouchButton(digit, self)
            button.clicked.connect(lambda _=False, d=digit: self.press(d))
            grid.addWidget(button, index // 3, index % 3)
            self.digit_buttons[digit] = button
        self.clear_button = TouchButton("", self)
        self.clear_button.clicked.connect(self.clear)
        zero = TouchButton("0", self)
        zero.clicked.connect(lambda: self.press("0"))
        self.digit_buttons["0"] = zero
        self.back_button = TouchButton("⌫", self)
        self.back_button.clicked.connect(self.backspace)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.back_button, 3, 2)
        self.ok_button = TouchButton("", self, primary=True)
        self.ok_button.clicked.connect(self.confirm)
        grid.addWidget(self.ok_button, 4, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.display)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        self.retranslate_ui()
        self._refresh()

    @property
    def digits(self) -> str:
        return self._digits

    def set_masked(self, masked: bool) -> None:
        """Show dots instead of the digits (a PIN), or the digits themselves (a number)."""
        self.masked = masked
        mode = QLineEdit.EchoMode.Password if masked else QLineEdit.EchoMode.Normal
        self.display.setEchoMode(mode)

    def set_range(self, minimum: int | None, maximum: int | None) -> None:
        self.minimum, self.maximum = minimum, maximum
        self._refresh()

    def press(self, digit: str) -> None:
        if len(self._digits) >= self.max_length:
            self.hint.setText(self.tr("At most %n digit(s).", "", self.max_length))
            return
        self._digits += digit
        self._refresh()

    def backspace(self) -> None:
        self._digits = self._digits[:-1]
        self._refresh()

    def clear(self) -> None:
        self._digits = ""
        self._refresh()

    def set_digits(self, digits: str) -> None:
        self._digits = "".join(c for c in digits if c.isdigit())[: self.max_length]
        self._refresh()

    def problem(self) -> str | None:
        """What is wrong with the current entry, in the user's language, or None."""
        if not self._digits:
            return self.tr("Type a number first.")
        if self.minimum is None and self.maximum is None:
            return None
        value = int(self._digits)
        locale = QLocale()
        if self.minimum is not None and value < self.minimum:
            return self.tr("The smallest allowed is {0}.").format(locale.toString(self.minimum))
        if self.maximum is not None and value > self.maximum:
            return self.tr("The largest allowed is {0}.").format(locale.toString(self.maximum))
        return None

    def confirm(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.hint.setText(problem)
            return
        self.accepted.emit(self._digits)

    def _refresh(self) -> None:
        if self.masked or not self._digits:
            self.display.setText(self._digits)
        else:
            self.display.setText(QLocale().toString(int(self._digits)))
        if self.minimum is not None and self.maximum is not None:
            locale = QLocale()
            self.hint.setText(
                self.tr("Allowed: {0} to {1}").format(
                    locale.toString(self.minimum), locale.toString(self.maximum)
                )
            )
        elif not self.masked or not self._digits:
            self.hint.clear()
        self.changed.emit(self._digits)

    def retranslate_ui(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.ok_button.setText(self.tr("OK"))
        self.back_button.setToolTip(self.tr("Delete last digit"))
        self._refresh()
