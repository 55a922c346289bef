"""The log file: uncaught exceptions of every thread and Qt's warnings end up in it."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, Signal, Slot, qWarning
from pytestqt.qtbot import QtBot

from operator_app.cli.context import EXIT_READER_GONE
from operator_app.operations import logs
from operator_app.operations.logs import recent_problems, start_logging, stop_logging
from operator_app.operations.qt_messages import route_qt_messages
from tests.operations.conftest import app_env


class LineStopped(RuntimeError):
    """An error no code of the client raises: found in the log, it came from this test."""


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    yield folder
    stop_logging()


def test_an_exception_in_a_worker_thread_reaches_the_log_file(data_dir: Path) -> None:
    path = start_logging(data_dir)

    def poll() -> None:
        raise LineStopped("register 40001 unreadable")

    worker = threading.Thread(target=poll, name="modbus-PRESS-1")
    worker.start()
    worker.join()

    text = path.read_text(encoding="utf-8")
    assert "uncaught exception in thread modbus-PRESS-1" in text
    assert "LineStopped: register 40001 unreadable" in text
    assert 'in poll\n    raise LineStopped("register 40001 unreadable")' in text
    assert (
        recent_problems(data_dir)[-1]
        .splitlines()[0]
        .endswith("uncaught exception in thread modbus-PRESS-1")
    )


class _Worker(QObject):
    failed_once = Signal()

    @Slot()
    def run(self) -> None:
        try:
            raise LineStopped("slot of a QThread")
        finally:
            self.failed_once.emit()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_worker_slot_reaches_the_log_file(
    qtbot: QtBot, data_dir: Path
) -> None:
    path = start_logging(data_dir)
    thread = QThread()
    worker = _Worker()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    with qtbot.waitSignal(worker.failed_once):
        thread.start()
    thread.quit()
    thread.wait()
    qtbot.waitUntil(lambda: "slot of a QThread" in path.read_text(encoding="utf-8"))
    assert "LineStopped: slot of a QThread" in path.read_text(encoding="utf-8")


def test_qt_warnings_reach_the_log_file(data_dir: Path) -> None:
    path = start_logging(data_dir)
    route_qt_messages()
    qWarning("QFont: the panel font did not load")
    assert "WARNING" in path.read_text(encoding="utf-8")
    assert "QFont: the panel font did not load" in path.read_text(encoding="utf-8")


def test_the_log_rotates_within_its_bound(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 10_000)
    path = start_logging(data_dir)
    for n in range(2_000):
        logging.getLogger("operator_app.test").warning("stop %d on PRESS-1 waits for a reason", n)
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    assert len(files) == 1 + logs.LOG_BACKUPS
    assert all(p.stat().st_size <= 10_000 for p in files)
    assert "stop 1999 " in path.read_text(encoding="utf-8")


def test_a_windowed_build_without_stderr_still_logs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    path = start_logging(data_dir)
    logging.getLogger("operator_app.test").error("store %s locked", "X")
    assert "store X locked" in path.read_text(encoding="utf-8")
    assert (data_dir / "logs" / logs.FAULTS_FILE_NAME).exists()


def test_a_broken_pipe_is_no_internal_error(tmp_path: Path) -> None:
    """``operator-app status --json | head -c 10``, with the reader gone before any output."""
    from local_store import EventStore
    from tests.cli.conftest import ENTRY_POINT

    EventStore.open(tmp_path / "data" / "operator-app.sqlite3").close()
    process = subprocess.Popen(
        [str(ENTRY_POINT), "status", "--json", "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=app_env(tmp_path),
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the command has printed anything
    _out, err = process.communicate(timeout=120)
    assert process.returncode == EXIT_READER_GONE
    assert b"internal error" not in err
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err


def test_the_console_gets_one_line_and_the_file_the_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = start_logging(data_dir)
    try:
        raise LineStopped("bucket 06:41 written twice")
    except LineStopped:
        logging.getLogger("operator_app.test").exception("count report failed")
    console = capsys.readouterr().err
    assert "count report failed (details in the log file)" in console
    assert "Traceback" not in console
    assert "Traceback" in path.read_text(encoding="utf-8")
