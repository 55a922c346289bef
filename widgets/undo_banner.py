"""The confirmation of a capture, with an "Undo" for the few seconds a wrong tap is noticed in.

The banner only offers the undo; the service decides whether it is still allowed (the author,
the time limit), so a banner left on screen can never take back more than the rules let it.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from widgets.retranslating import Retranslating
from widgets.style import MIN_TOUCH_PX, Status, status_style
from widgets.touch_button import TouchButton


class UndoBanner(Retranslating, QFrame):
    """Shows ``offer(text, key, seconds)``; emits ``undo_requested(key)`` when Undo is tapped.

    Signals:
        undo_requested(str): the key of the capture to take back.
    """

    undo_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key: str | None = None
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setProperty("role", "title")
        self.undo_button = TouchButton("", self, primary=True)
        # Wide enough to hit with a glove at once; the style sheet's min-width would win over
        # setMinimumWidth, so the width is set there too. No padding above or below: the
        # touch height is the button's own, and the slot above every screen stays low.
        self.undo_button.setStyleSheet(f"min-width: {3 * MIN_TOUCH_PX}px; padding: 0 12px;")
        self.undo_button.clicked.connect(self._undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.undo_button)
        self.setStyleSheet(f"UndoBanner {{ {status_style(Status.NORMAL)} }}")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.withdraw)
        self.retranslate_ui()
        self.hide()

    def offer(self, text: str, key: str, seconds: float) -> None:
        self.key = key
        self.text.setText(text)
        self.undo_button.setEnabled(True)
        self.show()
        self._timer.start(int(seconds * 1000))

    def reword(self, text: str) -> None:
        """Say what the capture became (a stop now named) on the same offer, whose seconds
        keep running: the service's limit counts from the capture, not from the rewording."""
        if self.key is not None:
            self.text.setText(text)

    def withdraw(self) -> None:
        self._timer.stop()
        self.key = None
        self.hide()

    def _undo(self) -> None:
        if self.key is not None:
            # One undo per capture: the button goes quiet until the store has answered.
            self.undo_button.setEnabled(False)
            self.undo_requested.emit(self.key)

    def retranslate_ui(self) -> None:
        self.undo_button.setText(self.tr("Undo"))
