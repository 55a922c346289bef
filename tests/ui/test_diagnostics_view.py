"""The Diagnostics view a supervisor opens for IT, and refused captures left in the log."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.operations.logs import log_file, start_logging, stop_logging
from operator_app.operations.single_instance import DataDirClaim
from operator_app.operations.startup import attach_window
from operator_app.screens.diagnostics import DiagnosticsScreen
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from operator_app.site_config import SiteConfig
from tests.ui.conftest import sign_in_with_pin


def test_a_supervisor_reads_store_log_sync_and_links_in_diagnostics(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    log = log_file(site.data_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(
        "2026-11-27T10:00:00.000Z INFO [MainThread] operator_app: client started\n"
        "2026-11-27T10:05:00.000Z ERROR [store] operator_app.workers: store job failed\n"
        "Traceback (most recent call last):\n"
        "sqlite3.OperationalError: disk I/O error\n",
        encoding="utf-8",
    )
    sign_in_with_pin(qtbot, window, "1111")
    assert window.nav_buttons["diagnostics"].isHidden()  # not an operator's screen
    window.sign_out()
    sign_in_with_pin(qtbot, window, "2222")
    button = window.nav_buttons["diagnostics"]
    assert not button.isHidden()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    screen = window.stack.currentWidget()
    assert isinstance(screen, DiagnosticsScreen)
    qtbot.waitUntil(lambda: screen.facts is not None, timeout=10_000)
    text = screen.report.toPlainText()
    assert f"File: {site.database_path}" in text
    assert "Integrity check: ok" in text
    assert "Waiting to send: 0; refused by the server: 0" in text
    assert f"Log file: {log}" in text
    assert "store job failed" in text
    assert "sqlite3.OperationalError: disk I/O error" in text
    assert "client started" not in text  # only warnings and errors
    assert "Sync is not set up on this PC." in text
    assert "No machine is read over Modbus on this PC." in text
    assert "operator-app 0.1.0" in text


def test_a_refused_capture_leaves_a_trace_in_the_log(
    qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in_with_pin(qtbot, window, "5555")  # a CI engineer may not record a stop
    failures: list[BaseException] = []
    with caplog.at_level(logging.WARNING):
        window.context.capture(
            ServiceCall(CaptureService.start_downtime, "PRESS-1"), on_error=failures.append
        )
        qtbot.waitUntil(lambda: bool(failures))
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1
    assert refused[0].getMessage().startswith("start_downtime by ci-david refused")


class ReadingFailed(RuntimeError):
    """Raised by this test only."""


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_failure_in_a_worker_is_logged_and_told_on_screen(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    path = start_logging(site.data_dir)
    claim = DataDirClaim(site.data_dir)
    assert claim.try_claim()
    try:
        attach_window(claim, window, kiosk=False)

        def read_plc() -> None:
            raise ReadingFailed("coil 3 out of range")

        worker = threading.Thread(target=read_plc, name="modbus-PRESS-1")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "written to the log" in window.toast.text())
        assert "Traceback" not in window.toast.text()
        assert "ReadingFailed: coil 3 out of range" in path.read_text(encoding="utf-8")
    finally:
        stop_logging()
        claim.release()
