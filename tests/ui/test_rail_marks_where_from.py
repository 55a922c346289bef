"""A screen that is not on a person's rail is reached from another screen: the rail marks that
one, so a supervisor on the Jobs screen (reached from Shift) still sees where they are. A walk
found no entry marked there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from tests.ui.conftest import sign_in_with_pin

LEFT = Qt.MouseButton.LeftButton


def marked(window: MainWindow) -> list[str]:
    return [key for key, button in window.nav_buttons.items() if button.property("current")]


def test_a_supervisor_on_the_jobs_screen_sees_shift_marked(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    assert not window.nav_buttons["jobs"].isVisibleTo(window)  # no room on the supervisor's rail
    qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
    shift = window.screens["shift"]
    assert isinstance(shift, SupervisorScreen)
    assert marked(window) == ["shift"]
    shift.job_screen_requested.emit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("jobs"))
    assert marked(window) == ["shift"]


def test_an_operator_on_the_jobs_screen_sees_jobs_marked(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.mouseClick(window.nav_buttons["jobs"], LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("jobs"))
    assert marked(window) == ["jobs"]
