"""The line banner follows its machines: walking the demo, it read "All running since 2:29 PM"
while Press 1's card read "Stopped (live)", and the welding cell, with no PLC, read "Running".

The press is the simulated machine over real Modbus TCP; its stop is held shorter than the
micro-stop limit, so the PLC says stopped before any stop is recorded (as in the demo).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.detection import DetectionSettings
from tests.machine_data.test_live_machine import live_site, press  # noqa: F401 - fixtures
from tests.ui.conftest import sign_in_with_pin, started_client, stopped_client

# A stop is recorded only after an hour: the PLC's "stopped" comes long before it.
SLOW_TO_RECORD = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=3600.0)


@pytest.fixture
def client(qtbot: QtBot, live_site: SiteConfig) -> Iterator[RunningApp]:  # noqa: F811
    machines = tuple(
        replace(m, detection=SLOW_TO_RECORD) if m.machine_id == "PRESS-1" else m
        for m in live_site.machines
    )
    running, window = started_client(qtbot, replace(live_site, machines=machines))
    yield running
    stopped_client(running, window)


def test_the_banner_names_the_press_the_plc_says_stopped(
    qtbot: QtBot,
    client: RunningApp,
    press: SimulatedMachine,  # noqa: F811
) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    card, welder, banner = home.cards["PRESS-1"], home.cards["WELD-2"], home.line_tile
    qtbot.waitUntil(lambda: "Running (live)" in card.state.text(), timeout=8_000)
    # The welding cell has no PLC: nothing says it runs, only that no stop is recorded.
    assert welder.state.text() == "No stop recorded"
    qtbot.waitUntil(
        lambda: banner.state_line.state.text().startswith("No stop recorded since"),
        timeout=5_000,
    )

    press.hold(True)
    qtbot.waitUntil(lambda: "Stopped (live)" in card.state.text(), timeout=10_000)
    assert card.open_event is None  # not recorded yet
    assert banner.state_line.state.text() == "Press 1 down"
    assert banner.state_line.lasted.text() == ""  # the records do not know since when

    press.hold(False)
    qtbot.waitUntil(lambda: "Running (live)" in card.state.text(), timeout=10_000)
    assert banner.state_line.state.text().startswith("No stop recorded since")
