"""Signing off is found from where a supervisor looks for it, and nothing opens by itself.

The walk found "Sign off shift" grey on the running shift with nothing said (a tap did
nothing), and the Shift screen opening with the touch keyboard up although nobody had tapped
a text field.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.keyboard_dock import free_text_field
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from tests.conftest import TEST_START
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import sign_in_with_pin

LEFT = Qt.MouseButton.LeftButton
NOW = TEST_START.astimezone(UTC) + timedelta(minutes=30)
HANDOVER_TAB = 3


def handover_tab(qtbot: QtBot, window: MainWindow) -> SupervisorScreen:
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    screen.tabs.setCurrentIndex(HANDOVER_TAB)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    return screen


def test_the_running_shift_says_when_it_can_be_signed_off_and_offers_the_one_before(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = handover_tab(qtbot, window)
    assert screen.summary is not None
    assert not screen.summary.is_over
    qtbot.waitUntil(lambda: screen.sign_off_hint.isVisible(), timeout=10_000)
    assert screen.sign_off_hint.text() == (
        "This shift is still running; it is signed off once it has ended."
    )
    assert screen.earlier_sign_off_button.isVisible()
    assert screen.earlier_sign_off_button.text() == "◀ Sign off the shift before"

    qtbot.mouseClick(screen.earlier_sign_off_button, LEFT)
    qtbot.waitUntil(
        lambda: screen.index == 1 and screen.summary is not None and screen.summary.is_over,
        timeout=10_000,
    )
    assert screen.tabs.currentIndex() == HANDOVER_TAB
    qtbot.waitUntil(lambda: screen.sign_off_button.isEnabled(), timeout=10_000)
    assert screen.sign_off_button.isVisible()
    assert not screen.sign_off_hint.isVisible()
    assert not screen.earlier_sign_off_button.isVisible()


def test_the_keyboard_opens_only_for_a_tapped_text_field(qtbot: QtBot, window: MainWindow) -> None:
    screen = handover_tab(qtbot, window)
    window.activateWindow()  # focus moves only in the active window, as on the line PC
    qtbot.waitUntil(window.isActiveWindow)
    # A note written for the next shift: the tap on the field opens the keyboard.
    qtbot.mouseClick(screen.handover_text.viewport(), LEFT)
    qtbot.waitUntil(lambda: window.keyboard.isVisible(), timeout=5_000)
    qtbot.keyClicks(screen.handover_text, "air leak on Press 1")
    qtbot.mouseClick(screen.add_note_button, LEFT)
    qtbot.waitUntil(lambda: screen.handover_list.count() == 1, timeout=10_000)

    # Elsewhere and back, to the shift before and back: nobody tapped the field again.
    for away in ("uncategorized", "home"):
        if away == "home":
            window.go_home()
        else:
            qtbot.mouseClick(window.nav_buttons[away], LEFT)
        qtbot.waitUntil(lambda: not window.keyboard.isVisible(), timeout=5_000)
        qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
        qtbot.waitUntil(screen.isVisible)
        assert free_text_field(window.focusWidget()) is None
        assert not window.keyboard.isVisible()
    qtbot.mouseClick(screen.earlier_button, LEFT)
    qtbot.waitUntil(lambda: screen.summary is not None and screen.summary.is_over, timeout=10_000)
    assert free_text_field(window.focusWidget()) is None
    assert not window.keyboard.isVisible()


def test_the_next_person_opens_the_current_shift_not_where_the_one_before_left_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = handover_tab(qtbot, window)
    screen.choose(1)
    qtbot.waitUntil(lambda: screen.summary is not None and screen.summary.is_over, timeout=10_000)
    window.sign_out()
    sign_in_with_pin(qtbot, window, "5555")
    qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
    qtbot.waitUntil(lambda: screen.summary is not None and not screen.summary.is_over)
    assert screen.index == 0
    assert screen.tabs.currentIndex() == 0
