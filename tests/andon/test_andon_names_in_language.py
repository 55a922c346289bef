"""The andon screen names machines in the person's language, as the home screen's cards do."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from shopfloor_core.domain.andon import Team
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]  # the real client of tests/ui


def test_a_call_names_its_machine_in_spanish(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    assert window.context.set_language("es")
    window.home.calls_strip.call_button.click()
    andon = window.andon
    weld = andon.machine_buttons["WELD-2"]
    qtbot.waitUntil(lambda: andon.team_buttons[Team.MAINTENANCE].text() == "Mantenimiento")
    assert weld.text() == "Célula de soldadura 2"
    andon.choose_machine("WELD-2")
    andon.team_buttons[Team.MAINTENANCE].click()
    strip = window.home.calls_strip
    qtbot.waitUntil(lambda: len(strip.buttons) == 1, timeout=10_000)
    call_id = next(iter(strip.buttons))
    window.open_call(call_id)
    qtbot.waitUntil(lambda: "Mantenimiento" in andon.call_title.text(), timeout=10_000)
    assert "Célula de soldadura 2" in andon.call_title.text()
    assert "Welding" not in andon.call_title.text()
