"""A question asked before something that cannot be taken back, its two answers as big buttons.

Ending a job, signing off a shift: a single tap must not do it. The dialog opens where the finger
is, so a double tap's second tap is held off for a moment (a ``TapGuard``). Screens put their
own content between the title and the question (``body``) and set the words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from widgets.style import TEXT
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton


class ConfirmQuestion(QDialog):
    """``accepted`` when the person chose the confirming button, ``rejected`` otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(720)
        # Without a window manager (a kiosk) the dialog has no frame of its own.
        self.setStyleSheet(f"ConfirmQuestion {{ border: 3px solid {TEXT}; }}")
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.body = QVBoxLayout()
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.question.setProperty("role", "title")
        self.cancel_button = TouchButton("", self)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button = TouchButton("", self, primary=True)
        self.confirm_button.clicked.connect(self._confirm)
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.cancel_button, self.confirm_button)
        self.tap_guard.changed()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.body)
        layout.addWidget(self.question)
        layout.addLayout(buttons)

    def ask(self, question: str, confirm: str, cancel: str, title: str = "") -> None:
        """The words, already translated by the caller (it knows its own context)."""
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.setWindowTitle(title or question)
        self.question.setText(question)
        self.confirm_button.setText(confirm)
        self.cancel_button.setText(cancel)

    def _confirm(self) -> None:
        self.accept()
