"""The store thread: every SQLite read and write of the GUI happens here, in order.

Screens submit a function; it runs on this thread's own ``EventStore`` connection and its
result (or exception) comes back to the GUI thread by a queued signal. One thread keeps the
order of captures as the operator made them, and the GUI never waits on the disk.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from local_store.errors import StoreUnavailable

if TYPE_CHECKING:
    from local_store import EventStore

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _StoreThreadSide(QObject):
    """Lives in the store thread; owns the connection."""

    finished = Signal(int, object, object)
    opened = Signal(object)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.store: EventStore | None = None

    @Slot()
    def open(self) -> None:
        try:
            # Here, on the store thread: sqlite-utils takes a noticeable time to import.
            from local_store import EventStore

            self.store = EventStore.open(self.path)
        except StoreUnavailable as exc:
            # A known cause IT can act on: the message says it all, no traceback needed.
            log.error("store %s could not be opened: %s", self.path, exc.reason)
            self.opened.emit(exc)
            return
        except Exception as exc:
            log.exception("store could not be opened")
            self.opened.emit(exc)
            return
        self.opened.emit(None)

    @Slot(int, object, object)
    def run(self, job_id: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        if self.store is None:
            self.finished.emit(job_id, None, RuntimeError("the local store is not open"))
            return
        try:
            result = fn(self.store, *args)
        except Exception as exc:  # noqa: BLE001 - every failure goes back to its caller
            self.finished.emit(job_id, None, exc)
            return
        self.finished.emit(job_id, result, None)

    @Slot()
    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


class StoreWorker(QObject):
    """GUI-side handle of the store thread.

    It opens the store at once unless ``open_now`` is false; then ``open()`` starts it (the
    client does so after its first paint).
    """

    _submit = Signal(int, object, object)
    _close = Signal()
    _open = Signal()
    opened = Signal(object)  # None when ready, else the exception
    job_finished = Signal(int)

    def __init__(self, path: Path, parent: QObject | None = None, *, open_now: bool = True) -> None:
        super().__init__(parent)
        self.path = path
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("store")
        self._side = _StoreThreadSide(path)
        self._side.moveToThread(self._thread)
        self._submit.connect(self._side.run)
        self._close.connect(self._side.close)
        self._open.connect(self._side.open)
        self._side.finished.connect(self._deliver)
        self._side.opened.connect(self._on_opened)
        # The store answered the opening and can be used (a late listener checks this rather
        # than waiting for an ``opened`` it may have missed).
        self.ready = False
        # Jobs submitted before ``open()``: they run after the opening, in their order.
        self._waiting: list[tuple[int, Callable[..., Any], tuple[Any, ...]]] | None = []
        if open_now:
            self.open()

    def open(self) -> None:
        """Start the store thread and open the store there; ``opened`` tells how it went."""
        if self._waiting is None:
            return
        waiting, self._waiting = self._waiting, None
        self._thread.start()
        self._open.emit()
        for job in waiting:
            self._submit.emit(*job)

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> int:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        if self._waiting is not None:
            self._waiting.append((job_id, fn, args))
        else:
            self._submit.emit(job_id, fn, args)
        return job_id

    @Slot(object)
    def _on_opened(self, error: BaseException | None) -> None:
        self.ready = error is None
        self.opened.emit(error)

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        if not (_owner_alive(on_done) and _owner_alive(on_error)):
            # Whoever asked was deleted meanwhile (its screen closed): the answer goes nowhere.
            self.job_finished.emit(job_id)
            return
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("store job failed", exc_info=error)
        elif on_done is not None:
            on_done(result)
        self.job_finished.emit(job_id)

    def stop(self) -> None:
        """Finish queued jobs, close the connection, end the thread."""
        self._waiting = None  # never opened: it stays closed
        if not self._thread.isRunning():
            return
        self._close.emit()
        self._thread.quit()
        self._thread.wait()


def _owner_alive(callback: Callable[..., Any] | None) -> bool:
    """False when ``callback`` is a method of a Qt object that has been deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
