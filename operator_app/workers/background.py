"""Run a CPU-heavy call (a PIN hash check) off the GUI thread and get the answer by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the GUI thread, so its slots (and the callbacks) run there."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        owner: QObject,
    ) -> None:
        super().__init__(owner)
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failure)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        self._on_done(result)
        self.deleteLater()

    @Slot(object)
    def _deliver_failure(self, error: BaseException) -> None:
        self._on_error(error)
        self.deleteLater()


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - handed to the caller on the GUI thread
            self.relay.failed.emit(exc)
            return
        self.relay.done.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    owner: QObject,
) -> None:
    """``owner`` (a GUI-thread object) keeps the relay alive until the answer arrives."""
    QThreadPool.globalInstance().start(_Call(fn, _Relay(on_done, on_error, owner)))
