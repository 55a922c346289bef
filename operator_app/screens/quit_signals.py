"""Ending the client from outside: Ctrl+C, SIGTERM, a Windows session end.

Each of them ends the event loop the same way, and leaving the loop emits ``aboutToQuit``,
which runs the client's one shutdown (``RunningApp.stop``): counts and history flushed, count
reports queued, the client's stop marked per machine, the stores closed; then exit code 0.

Python runs a signal handler only when the interpreter gets control, and Qt's event loop
keeps it in C++ for as long as nothing happens (Ctrl+C used to surface as a
``KeyboardInterrupt`` in whatever event filter ran next, and was swallowed there). So the C
handler's wake-up byte goes to a socket (``signal.set_wakeup_fd``) that a ``QSocketNotifier``
watches: the loop wakes, and the Python handler runs at once.

On Windows, Qt itself emits ``aboutToQuit`` inside ``WM_ENDSESSION`` (the process is ended when
that message returns), so the same shutdown runs there; ``commitDataRequest``
(``WM_QUERYENDSESSION``) only saves, since another program may still cancel the session end.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer

log = logging.getLogger(__name__)


def _wanted_signals() -> list[signal.Signals]:
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")  # SIGBREAK: Ctrl+Break on Windows
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


class QuitOnSignals(QObject):
    """Ends the event loop with code 0 on a termination signal; ``restore`` undoes it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._previous: dict[signal.Signals, Any] = {}
        for signum in _wanted_signals():
            self._previous[signum] = signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        first = self.received is None
        self.received = signal.Signals(signum)
        if first:
            log.info("%s received: the client stops", self.received.name)
        # Posted, so it also works before the loop has started; exit() rather than quit():
        # a kiosk window that refuses to close must not keep a service manager waiting.
        QTimer.singleShot(0, _exit_ok)

    def _drain(self) -> None:
        try:
            while self._reader.recv(512):
                pass
        except OSError:
            pass  # nothing more to read

    def restore(self) -> None:
        """Put back the handlers found at start (once the loop is done with them)."""
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _exit_ok() -> None:
    QCoreApplication.exit(0)


def stop_with_the_session(app: Any, stop: Callable[[], None], save: Callable[[], None]) -> None:
    """Run ``stop`` when the loop ends (also the Windows session end) and ``save`` when the
    session asks applications to save their data."""
    app.aboutToQuit.connect(stop)
    commit = getattr(app, "commitDataRequest", None)
    if commit is not None:
        commit.connect(lambda _manager: save())
