"""A button sized and styled for gloved fingers, with feedback the moment it is touched."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from widgets.style import MIN_TOUCH_PX

# A button's padding and border on both sides (style.STYLE_SHEET: 12 px padding, up to 3 px
# border when pressed), and some air so a label never touches the border.
CHROME_PX = 2 * (12 + 3) + 8


class TouchButton(QPushButton):
    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, primary: bool = False
    ) -> None:
        super().__init__(text, parent)
        self.setMinimumSize(MIN_TOUCH_PX, MIN_TOUCH_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Touch screens send mouse events synthesised from touch; no hover, no double tap.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeat(False)
        if primary:
            self.setProperty("role", "primary")


def _words(text: str) -> list[str]:
    """The words of ``text``, a lone mark ("›", "▶", ":") kept with the word before it."""
    words: list[str] = []
    for word in text.split():
        if words and len(word) == 1 and not word.isalnum():
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def wrap_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken between words into lines of at most ``width`` px where words allow."""
    lines: list[str] = []
    for word in _words(text):
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class WrappingButton(TouchButton):
    """A touch button whose label wraps between words when the layout gives it less width
    than the label needs on one line: long reasons in Spanish stay whole on narrow displays.
    It is never narrower than its longest word."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, primary: bool = False
    ) -> None:
        super().__init__("", parent, primary=primary)
        self.label = ""
        self._narrowest = MIN_TOUCH_PX
        self.set_label(text)

    def set_label(self, label: str) -> None:
        self.label = label
        self.setText(label)
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in _words(label)), default=0)
        self._narrowest = max(MIN_TOUCH_PX, longest + CHROME_PX)
        self.setMinimumWidth(self._narrowest)
        self.updateGeometry()
        self._rewrap()

    def sizeHint(self) -> QSize:
        # As narrow as the longest word: buttons in a row or a grid then share the width
        # equally, long labels wrapping, instead of one long label taking a wide column.
        hint = super().sizeHint()
        hint.setWidth(self._narrowest)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rewrap()

    def _rewrap(self) -> None:
        wrapped = wrap_words(self.label, self.fontMetrics(), self.width() - CHROME_PX)
        if wrapped != self.text():
            self.setText(wrapped)
