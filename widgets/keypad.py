"""On-screen numeric keypad: PINs and quantities without a keyboard.

The keypad validates as the operator types (digits only, a length and a range) so a wrong
entry is explained on the spot instead of being refused after the fact.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from widgets.retranslating import Retranslating
from widgets.style import GAP_PX, MIN_TOUCH_PX
from widgets.touch_button import TouchButton

# A key's padding (6 px) and border (2 px), top and bottom, from style.STYLE_SHEET.
KEY_CHROME_PX = 2 * (6 + 2)


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
        # Room for two lines whatever the hint says: a hint that appears or wraps must not move
        # the keys under a finger, nor push OK off the screen.
        self.hint.setFixedHeight(max(60, 2 * self.hint.fontMetrics().lineSpacing() + 4))
        # ... nor sideways: its words do not size the keypad (a longer hint made it wider and
        # moved every key about 30 px), it wraps in the half of the row it is given.
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        # Four rows, not five: the Enter key's place of a numeric keypad (OK, two rows high at
        # the right) leaves every key 60 px or more at 1024×768 under a title and a hint.
        grid = QGridLayout()
        grid.setSpacing(GAP_PX)
        self.digit_buttons: dict[str, TouchButton] = {}
        for index, digit in enumerate("123456789"):
            button = TouchButton(digit, self)
            button.clicked.connect(lambda _=False, d=digit: self.press(d))
            grid.addWidget(button, index // 3, index % 3)
            self.digit_buttons[digit] = button
        zero = TouchButton("0", self)
        zero.clicked.connect(lambda: self.press("0"))
        self.digit_buttons["0"] = zero
        grid.addWidget(zero, 3, 0, 1, 3)
        self.back_button = TouchButton("⌫", self)
        self.back_button.clicked.connect(self.backspace)
        grid.addWidget(self.back_button, 0, 3)
        self.clear_button = TouchButton("", self)
        self.clear_button.clicked.connect(self.clear)
        grid.addWidget(self.clear_button, 1, 3)
        self.ok_button = TouchButton("", self, primary=True)
        self.ok_button.clicked.connect(self.confirm)
        grid.addWidget(self.ok_button, 2, 3, 2, 1)
        for row in range(4):
            grid.setRowStretch(row, 1)
        # Keys are 60 px high with their border and padding (the style's min-height counts the
        # text's box only), and grow into whatever height the screen leaves.
        # ... up to twice that: on a large display a key the size of a hand is hard to aim.
        for button in (*self.digit_buttons.values(), self.back_button, self.clear_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(2 * MIN_TOUCH_PX)
        self.ok_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.ok_button.setMaximumHeight(4 * MIN_TOUCH_PX + GAP_PX)
        self.setStyleSheet(f"QPushButton {{ min-height: {MIN_TOUCH_PX - KEY_CHROME_PX}px; }}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        entry = QHBoxLayout()
        entry.addWidget(self.display, 1)
        entry.addWidget(self.hint, 1)
        layout.addLayout(entry)
        layout.addLayout(grid, 1)
        layout.addStretch(0)
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
