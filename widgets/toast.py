"""The message banner: one slot for what just happened and for what is still wrong.

Two kinds of message share it:

- a *passing* message says what just happened. A confirmation fades after a few seconds; a
  refusal stays until the next message or until ``clear_passing`` says its moment is over (the
  person left the screen, signed out, or the next capture worked).
- a *standing* problem has a cause (``"store"``, ``"plc:PRESS-1"``) and stays until that cause
  reports healthy and ``withdraw(cause)`` is called, whatever else was said meanwhile. Its text
  is a function, so it is said again in the new language after a switch.

A passing message goes over a standing one; when it goes, the standing one is back. The banner
sits in a slot of fixed height, so coming and going never moves anything under a finger.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from widgets.style import STATUS_COLOURS, Status, status_style


class Toast(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(60)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._passed)
        self.status = Status.NORMAL
        self._passing: tuple[str, Status] | None = None
        self._standing: dict[str, tuple[Callable[[], str], Status]] = {}
        self.hide()

    @property
    def causes(self) -> list[str]:
        """The causes of the standing problems, oldest first."""
        return list(self._standing)

    def show_message(self, text: str, status: Status = Status.NORMAL, seconds: float = 4) -> None:
        self._passing = (text, status)
        # Problems stay until the next message or until their moment is over: an operator may
        # be looking away.
        if status is Status.NORMAL:
            self._timer.start(int(seconds * 1000))
        else:
            self._timer.stop()
        self._render()

    def raise_problem(
        self, cause: str, text: Callable[[], str], status: Status = Status.ALARM
    ) -> None:
        """Show a problem until ``withdraw(cause)``; raised again, it only updates the text."""
        self._standing.pop(cause, None)
        self._standing[cause] = (text, status)
        if self._passing is not None and self._passing[1] is not Status.NORMAL:
            self._passing = None  # the newer word on what is wrong
        self._render()

    def withdraw(self, cause: str) -> None:
        if self._standing.pop(cause, None) is not None:
            self._render()

    def clear_passing(self, *, confirmations: bool = False) -> None:
        """A refusal whose moment is over (another screen, another person, a capture that
        worked) goes; a confirmation still fades on its own unless ``confirmations``."""
        if self._passing is not None and (confirmations or self._passing[1] is not Status.NORMAL):
            self._passing = None
            self._render()

    def _passed(self) -> None:
        self._passing = None
        self._render()

    def _render(self) -> None:
        if self._passing is not None:
            text, status = self._passing
        elif self._standing:
            say, status = next(reversed(self._standing.values()))
            text = say()
        else:
            self.clear()
            self.hide()
            return
        self.status = status
        self.setStyleSheet(status_style(status) + "font-weight: bold; padding: 8px;")
        self.setText(text)
        self.show()
        self.raise_()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._passing is None:
            self._render()
        super().changeEvent(event)


__all__ = ["STATUS_COLOURS", "Toast"]
