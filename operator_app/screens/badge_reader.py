"""Badge login, and job scans, from a keyboard-wedge reader: fast keys, then Enter.

A reader types a whole badge number within a few tens of milliseconds; a person cannot. The
filter watches key presses application-wide and reports a badge when a run of digits arrives
faster than a person types and ends with Enter. The Enter of a badge is swallowed, so a scan
never submits a form. The digits themselves pass, because which run of digits is a badge is
only known at its end; once it is known, they are taken back out of the text field they
landed in, so a badge scanned over a half-written note does not end up in the note.

A barcode of an order number or a product code ("ORD-4711", "BRK-2201") comes the same way,
with letters and punctuation. Such codes are taken only while ``codes_wanted`` is on (the job
screen is showing): elsewhere a run of letters typed fast into a note is just typing, and a
badge must sign in whatever was typed before it. A code is reported by ``code_scanned``; a run
of digits is still ``badge_scanned``, and whoever handles it decides whether it was a badge or
an order number made of digits.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

MIN_BADGE_DIGITS = 4
MAX_BADGE_DIGITS = 32
# Readers send a key every 5-30 ms; people need more than 80 ms between keys.
MAX_KEY_GAP_MS = 60

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# A scanner sends Shift before a capital letter: part of the code, not the end of it.
_MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr)
# Besides letters and digits, what order numbers and part numbers are written with.
CODE_PUNCTUATION = "-_./"


def _scannable(text: str, codes: bool) -> bool:
    if len(text) != 1:
        return False
    if not codes:
        return text.isdigit()
    return (text.isascii() and text.isalnum()) or text in CODE_PUNCTUATION


class BadgeReader(QObject):
    """Signals:
    badge_scanned(digits): a run of digits ended by Enter, faster than a person types.
    code_scanned(code): the same with letters or punctuation in it, while ``codes_wanted``.
    """

    badge_scanned = Signal(str)
    code_scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.codes_wanted = False
        self._run = ""
        self._target: QWidget | None = None
        self._since_last = QElapsedTimer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.isAutoRepeat():
            return False
        # Every key press reaches the filter once per widget in the chain; count it once.
        if not isinstance(watched, QWidget) or watched is not _receiver(watched):
            return False
        text = event.text()
        if self.codes_wanted and event.key() in _MODIFIER_KEYS:
            return False
        gap_ok = self._since_last.isValid() and self._since_last.elapsed() <= MAX_KEY_GAP_MS
        if _scannable(text, self.codes_wanted):
            if gap_ok and self._run:
                self._run = (self._run + text)[-MAX_BADGE_DIGITS:]
            else:
                self._run, self._target = text, watched
            self._since_last.restart()
            return False
        if event.key() in _ENTER_KEYS and gap_ok and len(self._run) >= MIN_BADGE_DIGITS:
            scanned, self._run = self._run, ""
            _take_back(self._target, scanned)
            if scanned.isdigit():
                self.badge_scanned.emit(scanned)
            else:
                self.code_scanned.emit(scanned)
            return True
        self._run = ""
        return False


def _receiver(watched: QWidget) -> QWidget:
    """The widget Qt first delivers a key press to: the focus widget, else the window."""
    focus = QApplication.focusWidget()
    return focus if focus is not None else watched.window()


def _take_back(field: QWidget | None, digits: str) -> None:
    """Remove a badge's digits from the end of the text field they were typed into."""
    if isinstance(field, QLineEdit) and not field.isReadOnly():
        if field.text().endswith(digits):
            field.setText(field.text()[: -len(digits)])
    elif isinstance(field, QPlainTextEdit) and not field.isReadOnly():
        cursor = field.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(digits)
        )
        if cursor.selectedText() == digits:
            cursor.removeSelectedText()
