"""A touch keyboard for free text (notes, the "why" of a correction), in the person's language.

It types into one field it is given, never into whatever has focus: its keys take no focus, so
the field keeps its cursor, and a key tapped while focus is elsewhere still lands in the field.
Text is inserted, not sent as key presses, so taps are never mistaken for a badge reader's
digits; backspace and enter are real key presses, so each field does with them what it does
with a physical keyboard's (a new line in a note, "done" in a one-line field).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from widgets.keyboard_layouts import SYMBOLS, KeyboardLayout, compose, layout_for
from widgets.retranslating import Retranslating
from widgets.style import MIN_TOUCH_PX

KEY_GAP_PX = 4
BORDER_PX = 2
# A key is the touch minimum with a few pixels to spare, inside its border: the app's button
# padding would make four rows too tall for a 768 px screen. (Style-sheet sizes win over
# setMinimumSize, so the sizes are set here, in the sheet.)
KEY_PX = MIN_TOUCH_PX + 2
TextField = QLineEdit | QPlainTextEdit

_KEY_STYLE = f"""
QPushButton {{
    padding: 0px; border-width: {BORDER_PX}px;
    min-height: {KEY_PX - 2 * BORDER_PX}px; max-height: {KEY_PX - 2 * BORDER_PX}px;
    min-width: {MIN_TOUCH_PX - 2 * BORDER_PX}px;
}}
QPushButton:pressed, QPushButton:checked {{ border-width: {BORDER_PX}px; font-weight: bold; }}
"""


class Shift(Enum):
    OFF = "off"
    ONCE = "once"  # the next letter only
    LOCKED = "locked"  # caps lock, until tapped again


class TouchKeyboard(Retranslating, QWidget):
    """Keys for ``language``; ``set_target`` says which field they type into.

    Signals:
        done: the person tapped Done (the keyboard can go).
    """

    done = Signal()

    def __init__(self, parent: QWidget | None = None, *, language: str = "en") -> None:
        super().__init__(parent)
        self.setObjectName("TouchKeyboard")
        self.setStyleSheet(_KEY_STYLE)
        self.target: TextField | None = None
        self.layout_in_use: KeyboardLayout = layout_for(language)
        self.shift = Shift.OFF
        self.symbols = False
        self.pending_accent: str | None = None
        # By what they type on the letter layer ("ñ", "´") or by their job ("shift", "space").
        self.keys: dict[str, QPushButton] = {}
        self._char_keys: list[list[QPushButton]] = []
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(KEY_GAP_PX, KEY_GAP_PX, KEY_GAP_PX, KEY_GAP_PX)
        self._rows.setSpacing(KEY_GAP_PX)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._build()

    # -- what it types into -------------------------------------------------------------------
    def set_target(self, field: TextField | None) -> None:
        self.target = field
        self.pending_accent = None
        self._show_state()

    def set_language(self, language: str) -> None:
        chosen = layout_for(language)
        if chosen != self.layout_in_use:
            self.layout_in_use = chosen
            self._build()

    # -- keys -----------------------------------------------------------------------------------
    def type_key(self, row: int, column: int) -> None:
        """A character key was tapped: the character of the layer and shift shown now."""
        rows = SYMBOLS if self.symbols else self.layout_in_use.letters
        char = rows[row][column]
        if not self.symbols and self.shift is not Shift.OFF:
            char = char.upper()
        if self.pending_accent is not None:
            char, self.pending_accent = compose(self.pending_accent, char), None
        self._insert(char)
        if self.shift is Shift.ONCE and not self.symbols:
            self.shift = Shift.OFF
        self._show_state()

    def accent(self, dead_key: str) -> None:
        if self.pending_accent is not None:
            text, self.pending_accent = compose(self.pending_accent, dead_key), None
            self._insert(text)
        else:
            self.pending_accent = dead_key
        self._show_state()

    def space(self) -> None:
        text = " "
        if self.pending_accent is not None:
            text, self.pending_accent = compose(self.pending_accent, " "), None
        self._insert(text)
        self._show_state()

    def backspace(self) -> None:
        if self.pending_accent is not None:
            self.pending_accent = None
            self._show_state()
            return
        self._press(Qt.Key.Key_Backspace, "\b")

    def enter(self) -> None:
        self.pending_accent = None
        self._press(Qt.Key.Key_Return, "\r")
        self._show_state()

    def toggle_shift(self) -> None:
        """One tap: the next letter; two: caps lock; three: off. Single taps only (gloves)."""
        self.shift = {
            Shift.OFF: Shift.ONCE,
            Shift.ONCE: Shift.LOCKED,
            Shift.LOCKED: Shift.OFF,
        }[self.shift]
        self._show_state()

    def toggle_symbols(self) -> None:
        self.symbols = not self.symbols
        self._show_state()

    # -- typing into the field ------------------------------------------------------------------
    def _insert(self, text: str) -> None:
        field = self.target
        if field is None:
            return
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.insert(text)
        else:
            field.insertPlainText(text)
            field.ensureCursorVisible()

    def _press(self, key: Qt.Key, text: str) -> None:
        field = self.target
        if field is None:
            return
        field.setFocus()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )

    # -- drawing --------------------------------------------------------------------------------
    def _key(self, row: QHBoxLayout, stretch: int, name: str, action: object) -> QPushButton:
        button = QPushButton(self)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setObjectName(f"key-{name}")
        button.clicked.connect(action)
        row.addWidget(button, stretch)
        self.keys[name] = button
        return button

    def _build(self) -> None:
        while (item := self._rows.takeAt(0)) is not None:
            inner = item.layout()
            while inner is not None and (child := inner.takeAt(0)) is not None:
                widget = child.widget()
                if widget is not None:
                    # Hidden now, deleted later: until then the old keys would show under the new.
                    widget.hide()
                    widget.deleteLater()
        self.keys = {}
        self._char_keys = []
        rows = [QHBoxLayout() for _ in range(4)]
        for row in rows:
            row.setSpacing(KEY_GAP_PX)
            self._rows.addLayout(row)
        letters = self.layout_in_use.letters
        self._key(rows[2], 15, "shift", self.toggle_shift).setCheckable(True)
        for index, chars in enumerate(letters):
            keys = [
                self._key(
                    rows[index], 10, char, lambda _=False, r=index, c=col: self.type_key(r, c)
                )
                for col, char in enumerate(chars)
            ]
            self._char_keys.append(keys)
        self._key(rows[0], 15, "backspace", self.backspace).setAutoRepeat(True)
        self._key(rows[1], 15, "enter", self.enter)
        self._key(rows[3], 15, "symbols", self.toggle_symbols)
        for dead_key in self.layout_in_use.dead_keys:
            button = self._key(rows[3], 10, dead_key, lambda _=False, d=dead_key: self.accent(d))
            button.setCheckable(True)
            button.setText(dead_key)
        self._key(rows[3], 50, "space", self.space)
        self._key(rows[3], 20, "done", lambda: self.done.emit())
        self.keys["done"].setProperty("role", "primary")
        self.retranslate_ui()

    def _show_state(self) -> None:
        rows = SYMBOLS if self.symbols else self.layout_in_use.letters
        upper = not self.symbols and self.shift is not Shift.OFF
        for keys, chars in zip(self._char_keys, rows, strict=True):
            for button, char in zip(keys, chars, strict=True):
                # "&" marks a shortcut in a button's text: doubled, it shows itself.
                shown = char.upper() if upper else char
                button.setText(shown.replace("&", "&&"))
        shift = self.keys["shift"]
        shift.setEnabled(not self.symbols)
        shift.setChecked(self.shift is not Shift.OFF)
        shift.setText("⇪" if self.shift is Shift.LOCKED else "⇧")
        self.keys["symbols"].setText("abc" if self.symbols else "?123")
        for dead_key in self.layout_in_use.dead_keys:
            self.keys[dead_key].setChecked(self.pending_accent == dead_key)
            self.keys[dead_key].setEnabled(not self.symbols)

    def retranslate_ui(self) -> None:
        self.keys["backspace"].setText("⌫")
        self.keys["backspace"].setAccessibleName(self.tr("Delete the last character"))
        self.keys["enter"].setText("↵")
        self.keys["enter"].setAccessibleName(self.tr("New line"))
        self.keys["shift"].setAccessibleName(self.tr("Capital letters"))
        self.keys["space"].setText(self.tr("space"))
        self.keys["done"].setText(self.tr("Done"))
        self._show_state()
