"""The kiosk keeps the client open for anyone but a supervisor; a broken store is explained."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.app import start_client
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from tests.ui.conftest import sign_in_with_pin


def test_in_a_kiosk_only_a_supervisor_closes_the_client(qtbot: QtBot, site: SiteConfig) -> None:
    running = start_client(site, language="en", kiosk=True)
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.context.store_worker.ready, timeout=10_000)
    window.show()
    try:
        assert not window.close()
        assert window.isVisible()
        sign_in_with_pin(qtbot, window, "1111")
        assert not window.close()
        assert "supervisor" in window.toast.text()
        qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
        sign_in_with_pin(qtbot, window, "2222")
        assert window.close()
    finally:
        running.stop()


def test_a_store_that_cannot_be_opened_is_explained_not_hidden(
    qtbot: QtBot, site: SiteConfig, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data directory should be")
    broken = replace(site, data_dir=blocker)
    running = start_client(broken, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.context.store_worker.opened) as opened:
        pass
    try:
        assert opened.args is not None
        assert opened.args[0] is not None
        assert "cannot be opened" in window.store_status.text()
        assert "data directory" in window.store_status.text()
        assert not window.toast.isHidden()
    finally:
        running.stop()


def test_a_damaged_store_replaced_at_start_is_reported_on_screen(
    qtbot: QtBot, site: SiteConfig
) -> None:
    site.database_path.parent.mkdir(parents=True, exist_ok=True)
    site.database_path.write_bytes(b"this is not a database, it was a bad sector" * 100)
    running = start_client(site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "damaged" in window.store_status.text(), timeout=10_000)
        assert not window.toast.isHidden()
        # The client works on the fresh store meanwhile.
        sign_in_with_pin(qtbot, window, "1111")
        assert window.stack.currentWidget() is window.home
    finally:
        running.stop()
