"""After naming a stop the operator sees one message, not "Saved: ..." beside "Stop recorded ...
Undo": the naming's confirmation takes the stop's undo offer over, and Undo still takes the
stop back while its time lasts."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from tests.conftest import TEST_START
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import rows, sign_in_with_pin

LEFT = Qt.MouseButton.LeftButton


def messages(window: MainWindow) -> list[str]:
    """What the feedback slot shows now: each visible banner's words."""
    shown = []
    if window.toast.isVisible():
        shown.append(window.toast.text())
    if window.undo_banner.isVisible():
        shown.append(window.undo_banner.text.text())
    return shown


def name_the_press_stop(qtbot: QtBot, window: MainWindow) -> str:
    """Ana taps "Machine stopped" on Press 1 and names it Equipment > Mechanical > a leaf."""
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.mouseClick(window.home.cards["PRESS-1"].stop_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=10_000)
    assert messages(window) == ["Stop recorded for Press 1."]
    qtbot.mouseClick(window.reason.grid.buttons["EQP"], LEFT)
    qtbot.mouseClick(window.reason.grid.buttons["EQP.MEC"], LEFT)
    leaf = next(iter(window.reason.grid.buttons))
    qtbot.mouseClick(window.reason.grid.buttons[leaf], LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=10_000)
    return leaf


def test_naming_a_stop_just_recorded_leaves_one_message_with_its_undo(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    window.context.clock = FixedClock(TEST_START.astimezone(UTC))
    leaf = name_the_press_stop(qtbot, window)
    label = window.context.reason_label(leaf)
    expected = f"Saved: Press 1 stopped for {label}."
    assert messages(window) == [expected]
    assert window.undo_banner.undo_button.isEnabled()
    # Undo takes back the stop the message names, with its reason.
    qtbot.mouseClick(window.undo_banner.undo_button, LEFT)
    qtbot.waitUntil(
        lambda: [r["voided"] for r in rows(site.database_path, "SELECT voided FROM events")] == [1],
        timeout=10_000,
    )
    assert len(rows(site.database_path, "SELECT 1 FROM event_revisions")) == 3
    qtbot.waitUntil(lambda: messages(window) == [window.toast.text()])
    assert "Undone" in window.toast.text()


def test_naming_a_stop_after_its_undo_has_gone_says_saved_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.mouseClick(window.home.cards["PRESS-1"].stop_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=10_000)
    window.undo_banner.withdraw()  # its seconds ran out while the operator looked for the reason
    qtbot.mouseClick(window.reason.grid.buttons["EQP"], LEFT)
    qtbot.mouseClick(window.reason.grid.buttons["EQP.MEC"], LEFT)
    leaf = next(iter(window.reason.grid.buttons))
    qtbot.mouseClick(window.reason.grid.buttons[leaf], LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=10_000)
    label = window.context.reason_label(leaf)
    assert messages(window) == [f"Saved: Press 1 stopped for {label}."]
    assert not window.undo_banner.isVisible()
