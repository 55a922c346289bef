"""The client's log: a size-bounded rotating file in the data directory.

A windowed build has no console, so whatever goes wrong must land in a file IT can fetch
(``operator-app diagnostics``): uncaught exceptions of the GUI thread and of worker threads,
Qt's own warnings (``operator_app.operations.qt_messages``) and, for a hard crash inside Qt or
SQLite, the Python stacks written by ``faulthandler`` to a file of its own (a file the rotating
handler may close and reopen is no place for a signal handler to write to).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

LOG_FOLDER = "logs"
LOG_FILE_NAME = "operator-app.log"
FAULTS_FILE_NAME = "faults.log"
# Five files of 2 MB: weeks of an ordinary line's warnings, never a full disk.
LOG_MAX_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 4
LOG_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("operator_app")

_faults_file: IO[str] | None = None
_handlers: list[logging.Handler] = []
_previous_level: list[int] = []
# Called after an uncaught exception was logged, from whichever thread raised it.
_listeners: list[Callable[[], None]] = []


def log_folder(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER


def log_file(data_dir: Path) -> Path:
    """The current log file of the client that runs on ``data_dir``."""
    return log_folder(data_dir) / LOG_FILE_NAME


def log_files(data_dir: Path) -> list[Path]:
    """Every log file there is (current, rotated ones, faults), oldest rotation last."""
    try:
        return sorted(p for p in log_folder(data_dir).iterdir() if p.is_file() and ".log" in p.name)
    except OSError:  # no log yet, or another account's locked-down data directory
        return []


class _UtcFormatter(logging.Formatter):
    """ISO times in UTC: a coach compares logs of PCs in several time zones."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{moment}.{int(record.msecs):03d}Z"


class _OneLine(logging.Formatter):
    """The console gets one line per entry; tracebacks stay in the file."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.levelname} {record.name}: {record.getMessage()}"
        return f"{text} (details in the log file)" if record.exc_info else text


def start_logging(data_dir: Path) -> Path:
    """Send this process's log to the data directory's file; the file's path.

    Also installs the exception hooks and ``faulthandler``. Call once, after the data directory
    is claimed: two processes must not rotate the same file.
    """
    folder = log_folder(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(_UtcFormatter(LOG_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    _handlers.append(handler)
    _previous_level.append(root.level)
    root.setLevel(logging.INFO)
    # A console, when there is one (started from a terminal): warnings there too, as before.
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(_OneLine())
        root.addHandler(console)
        _handlers.append(console)
    install_exception_hooks()
    _enable_faulthandler(folder / FAULTS_FILE_NAME)
    return path


def stop_logging() -> None:
    """Undo ``start_logging`` (tests; a process that ends needs nothing of the sort)."""
    global _faults_file
    root = logging.getLogger()
    while _handlers:
        handler = _handlers.pop()
        root.removeHandler(handler)
        handler.close()
    while _previous_level:
        root.setLevel(_previous_level.pop())
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    _listeners.clear()
    if _faults_file is not None:
        faulthandler.disable()
        _faults_file.close()
        _faults_file = None


def on_uncaught(listener: Callable[[], None]) -> None:
    """Also call ``listener`` after each uncaught exception is logged (from the thread that
    raised it: a listener that touches the GUI must go through a signal)."""
    _listeners.append(listener)


def _tell_listeners() -> None:
    for listener in list(_listeners):
        try:
            listener()
        except Exception:
            log.exception("a listener of uncaught exceptions failed")


def install_exception_hooks() -> None:
    """Uncaught exceptions, on the GUI thread (Qt slots included) or in any worker thread,
    are written to the log with their traceback."""
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_exception


def _log_uncaught(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("uncaught exception", exc_info=(kind, error, trace))
    _tell_listeners()


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    error = args.exc_value if args.exc_value is not None else args.exc_type()
    log.critical(
        "uncaught exception in thread %s", name, exc_info=(args.exc_type, error, args.exc_traceback)
    )
    _tell_listeners()


def _enable_faulthandler(path: Path) -> None:
    global _faults_file
    try:
        # Kept open for the life of the process: faulthandler writes to its descriptor from a
        # signal handler, without opening anything.
        _faults_file = path.open("a", encoding="utf-8")
    except OSError as exc:
        log.warning("no faults file, hard crashes will leave no stack: %s", exc.strerror)
        return
    faulthandler.enable(file=_faults_file, all_threads=True)


def recent_problems(data_dir: Path, limit: int = 20) -> list[str]:
    """The last ``limit`` warnings and errors of the log, each with its traceback lines."""
    entries: deque[str] = deque(maxlen=limit)
    for path in reversed(
        [p for p in log_files(data_dir) if p.name.startswith(LOG_FILE_NAME)]
    ):  # oldest rotation first, current file last
        current: list[str] | None = None
        try:
            with path.open(encoding="utf-8", errors="replace") as lines:
                for line in lines:
                    if _starts_entry(line):
                        if current is not None:
                            entries.append("".join(current).rstrip())
                        current = [line] if _is_problem(line) else None
                    elif current is not None:
                        current.append(line)
        except OSError:
            continue
        if current is not None:
            entries.append("".join(current).rstrip())
    return list(entries)


def _starts_entry(line: str) -> bool:
    return len(line) > 24 and line[4] == "-" and line[10] == "T" and line[23] == "Z"


def _is_problem(line: str) -> bool:
    level = line[25:].split(" ", 1)[0]
    return level in {"WARNING", "ERROR", "CRITICAL"}
