"""A PLC that stops answering is said on screen until it answers again (issue 14, finding 3)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.screens.standing_problems import plc_cause
from tests.machine_data.test_live_machine import client, live_site, press  # noqa: F401


def test_a_silent_plc_is_a_banner_until_it_answers_again(
    qtbot: QtBot,
    client: RunningApp,  # noqa: F811
    press: SimulatedMachine,  # noqa: F811
) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    monitor = window.context.machine_monitor
    qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=8_000)
    assert plc_cause("PRESS-1") not in window.toast.causes

    press.stop()
    qtbot.waitUntil(lambda: plc_cause("PRESS-1") in window.toast.causes, timeout=5_000)
    assert window.toast.isVisible()
    assert "Press 1" in window.toast.text()

    press.start()
    qtbot.waitUntil(lambda: plc_cause("PRESS-1") not in window.toast.causes, timeout=10_000)
    assert "Press 1" not in window.toast.text()
