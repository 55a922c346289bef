"""The simulated press over real Modbus TCP, through the monitor, into the store and the GUI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.machine_data.modbus_server import free_port
from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.screens.app import RunningApp, start_client
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from operator_app.workers.machine_monitor import MachineMonitor
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.clock import to_iso, utc_now
from shopfloor_core.domain.detection import DetectionSettings
from tests.ui.conftest import sign_in_with_pin

# Short thresholds so a test stop takes seconds; the regional standard is checked elsewhere.
FAST = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=1.0)


def rows(database: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        return list(connection.execute(sql, params))
    finally:
        connection.close()


@pytest.fixture
def press() -> Iterator[SimulatedMachine]:
    machine = SimulatedMachine(free_port(), ideal_cycle_s=0.3, seed=7, random_stops=False)
    machine.start()
    yield machine
    machine.stop()


@pytest.fixture
def live_site(site: SiteConfig, press: SimulatedMachine) -> SiteConfig:
    machines = []
    for machine in site.machines:
        if machine.machine_id == "PRESS-1":
            connection = replace(machine.connection, port=press.port, simulated=False)
            machine = replace(
                machine, connection=connection, detection=FAST, ideal_cycle_time_s=0.3
            )
        machines.append(machine)
    return replace(site, machines=tuple(machines))


def test_monitor_records_stops_counts_and_history(
    qtbot: QtBot, live_site: SiteConfig, press: SimulatedMachine
) -> None:
    monitor = MachineMonitor(live_site, bundled_catalogue(), backoff_cap_s=0.5)
    try:
        with qtbot.waitSignal(monitor.connection_changed, timeout=5_000) as link:
            monitor.start()
        assert link.args[:2] == ["PRESS-1", "online"]
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=5_000)
        press.hold(True)
        with qtbot.waitSignal(monitor.downtime_detected, timeout=10_000) as stop:
            pass
        machine_id, event_id, _start = stop.args
        assert machine_id == "PRESS-1"
        press.hold(False)
        qtbot.waitSignal(monitor.downtime_ended, timeout=10_000).wait()
    finally:
        monitor.stop()
    database = live_site.database_path
    event = rows(database, "SELECT * FROM events WHERE event_id = ?", event_id)[0]
    assert event["source"] == "machine"
    assert event["author"] == "system:PRESS-1"
    assert event["end_utc"] is not None
    counted = rows(database, "SELECT SUM(good) AS good FROM production_counts")[0]["good"]
    assert counted is not None
    assert counted > 0
    # Shutting down reports every part counted to the region's outbox, each exactly once.
    reports = rows(database, "SELECT payload FROM outbox WHERE record_kind = 'production_count'")
    assert reports
    reported = sum(
        bucket["good"] for r in reports for bucket in json.loads(r["payload"])["buckets"]
    )
    assert reported == counted
    assert {json.loads(r["payload"])["ideal_cycle_time_s"] for r in reports} == {0.3}
    history = rows(database, "SELECT COUNT(*) AS n FROM tag_history WHERE tag = 'oil_temperature'")[
        0
    ]["n"]
    assert history > 0


def test_a_dead_plc_is_no_signal_time_until_it_returns(
    qtbot: QtBot, live_site: SiteConfig, press: SimulatedMachine
) -> None:
    began = to_iso(utc_now())
    monitor = MachineMonitor(live_site, bundled_catalogue(), backoff_cap_s=0.5)
    try:
        monitor.start()
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=5_000)
        press.stop()
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "no_signal", timeout=3_000)
        assert monitor.links["PRESS-1"][0] == "offline"
        press.start()
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=8_000)
    finally:
        monitor.stop()
    silent = rows(
        live_site.database_path,
        "SELECT * FROM events WHERE reason_code = 'SYS.NOSIG' AND start_utc >= ? "
        "ORDER BY start_utc",
        began,
    )
    # (Inside a shift, the time before the first reading ever is no signal too: not counted.)
    # The outage, ended when the PLC answered again; then the time from the client's stop.
    assert len(silent) == 2
    assert silent[0]["end_utc"] is not None
    assert silent[1]["end_utc"] is None


@pytest.fixture
def client(qtbot: QtBot, live_site: SiteConfig) -> Iterator[RunningApp]:
    running = start_client(live_site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.context.store_worker.ready, timeout=10_000)
    window.show()
    yield running
    running.stop()


def test_a_stop_on_the_machine_prompts_for_the_reason_and_the_answer_is_stored(
    qtbot: QtBot, client: RunningApp, live_site: SiteConfig, press: SimulatedMachine
) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    card = window.home.cards["PRESS-1"]
    qtbot.waitUntil(lambda: "Running (live)" in card.state.text(), timeout=8_000)
    assert window.home.stop_prompt.isHidden()

    press.hold(True)
    prompt = window.home.stop_prompt
    qtbot.waitUntil(lambda: prompt.isVisible(), timeout=10_000)
    assert "Press 1 stopped at" in prompt.text.text()
    qtbot.waitUntil(lambda: card.open_event is not None, timeout=5_000)
    assert card.state.text() == "Stopped — reason needed"

    qtbot.mouseClick(prompt.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=5_000)
    qtbot.mouseClick(window.reason.grid.buttons["EQP"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reason.grid.buttons["EQP.MEC"], Qt.MouseButton.LeftButton)
    leaf = next(iter(window.reason.grid.buttons))
    qtbot.mouseClick(window.reason.grid.buttons[leaf], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5_000)
    qtbot.waitUntil(lambda: prompt.isHidden(), timeout=5_000)

    stops = rows(
        live_site.database_path,
        "SELECT * FROM events WHERE kind = 'downtime' AND machine_id = 'PRESS-1' "
        "AND reason_code IS NOT NULL AND reason_code NOT LIKE 'SYS.%'",
    )
    assert [(s["reason_code"], s["source"], s["end_utc"]) for s in stops] == [
        (leaf, "machine", None)
    ]
    # Restart closes the loop: the machine's own downtime ends when it runs again.
    press.hold(False)
    qtbot.waitUntil(
        lambda: (
            rows(
                live_site.database_path,
                "SELECT end_utc FROM events WHERE event_id = ?",
                stops[0]["event_id"],
            )[0]["end_utc"]
            is not None
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: card.open_event is None, timeout=5_000)
