"""A stop that comes with the PLC's fault, over real Modbus TCP, through the monitor into the store.

A loopback Modbus server plays the PLC: a running coil, a fault coil and a fault code register.
A known code pre-categorizes the stop with the region's fault map (a suggestion, authored by the
system, under the catalogue version in force); an unknown code and a bare flag are kept with the
stop so the operator sees what the PLC said; the operator's answer is naming, not a correction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.machine_data.modbus_server import ModbusServerThread, free_port
from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.uncategorized import UncategorizedScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import Table, Tag, TagRole, ValueType
from operator_app.workers.machine_monitor import MachineMonitor
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.detection import FLAG_ONLY, DetectionSettings
from shopfloor_core.domain.events import Change
from shopfloor_core.domain.roster import Person
from tests.machine_data.conftest import connection_to, machine_with, with_machine
from tests.machine_data.test_live_machine import client  # noqa: F401 - a fixture, used by name
from tests.ui.conftest import sign_in_with_pin

# Short thresholds so a test stop opens in about a second; the standard is checked elsewhere.
FAST = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=0.5)
RUNNING = Tag("running", Table.COIL, 0, ValueType.BOOL, poll_interval_s=0.1, role=TagRole.RUNNING)
FAULT = Tag("fault", Table.COIL, 1, ValueType.BOOL, poll_interval_s=0.1, role=TagRole.FAULT)
FAULT_CODE = Tag(
    "fault_code",
    Table.HOLDING_REGISTER,
    20,
    ValueType.UINT16,
    poll_interval_s=0.1,
    role=TagRole.FAULT_CODE,
)


@pytest.fixture
def plc() -> Iterator[ModbusServerThread]:
    server = ModbusServerThread(free_port()).start()
    server.set_values(Table.COIL, 0, [True, False])
    yield server
    server.stop()


@pytest.fixture
def faulting_site(site: SiteConfig, plc: ModbusServerThread) -> SiteConfig:
    machine = machine_with(site, "PRESS-1", connection_to(plc), (RUNNING, FAULT, FAULT_CODE))
    return with_machine(site, replace(machine, detection=FAST, ideal_cycle_time_s=None))


def stored(database: Path, event_id: str) -> dict[str, Any]:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        row = connection.execute("SELECT * FROM events WHERE event_id = ?", [event_id]).fetchone()
        return dict(row)
    finally:
        connection.close()


def stop_with(
    qtbot: QtBot, monitor: MachineMonitor, plc: ModbusServerThread, flag: bool, code: int
) -> tuple[str, list[Any]]:
    """Raise the fault (flag and code) and stop the machine; the stop's event id and fault."""
    plc.set_values(Table.HOLDING_REGISTER, 20, [code])
    with (
        qtbot.waitSignal(monitor.downtime_detected, timeout=10_000) as stop,
        qtbot.waitSignal(monitor.downtime_fault, timeout=10_000) as fault,
    ):
        plc.set_values(Table.COIL, 0, [False, flag])
    machine_id, event_id, _start = stop.args
    assert machine_id == "PRESS-1"
    assert fault.args[1] == event_id
    return event_id, fault.args


def run_again(qtbot: QtBot, monitor: MachineMonitor, plc: ModbusServerThread) -> None:
    with qtbot.waitSignal(monitor.downtime_ended, timeout=10_000):
        plc.set_values(Table.COIL, 0, [True, False])
    plc.set_values(Table.HOLDING_REGISTER, 20, [0])


def test_a_fault_stop_is_pre_categorized_or_keeps_its_number(
    qtbot: QtBot,
    faulting_site: SiteConfig,
    plc: ModbusServerThread,
    catalogue: Catalogue,
    operator: Person,
) -> None:
    monitor = MachineMonitor(faulting_site, catalogue, backoff_cap_s=0.5)
    try:
        monitor.start()
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=5_000)
        known, known_signal = stop_with(qtbot, monitor, plc, True, 201)
        run_again(qtbot, monitor, plc)
        unknown, _ = stop_with(qtbot, monitor, plc, True, 417)
        run_again(qtbot, monitor, plc)
        bare, _ = stop_with(qtbot, monitor, plc, True, 0)
        run_again(qtbot, monitor, plc)
    finally:
        monitor.stop()
    database = faulting_site.database_path
    # 201 is "Main motor drive fault" in the bundled map: the stop carries its category.
    event = stored(database, known)
    assert event["reason_code"] == "EQP.ELE.DRV"
    assert event["catalogue_version"] == catalogue.version
    assert event["reason_suggested"] == 1
    assert event["fault_code"] == 201
    assert (event["author"], event["source"]) == ("system:PRESS-1", "machine")
    assert known_signal[2].reason_suggested
    store = EventStore.open(database)
    try:
        first = store.history(known)[0]
        assert first.why == "PLC fault 201: EQP.ELE.DRV in fault map FC-2026.11-R1"
        # Unknown code: no reason, but the number stays with the stop for the operator.
        assert (
            stored(database, unknown)["reason_code"],
            stored(database, unknown)["fault_code"],
        ) == (
            None,
            417,
        )
        assert stored(database, bare)["fault_code"] == FLAG_ONLY
        # All three still wait for a person, the suggested one included.
        waiting = {e.event_id for e in store.uncategorized_downtimes()}
        assert {known, unknown, bare} <= waiting
        # The operator confirms the suggestion: naming, not a correction, no why needed.
        capture = CaptureService(store, catalogue, faulting_site)
        named = capture.categorize(operator, known, "EQP.ELE.DRV")
        assert named.change is Change.CATEGORIZED
        assert not named.reason_suggested
        assert named.fault_code == 201
        assert known not in {e.event_id for e in store.uncategorized_downtimes()}
    finally:
        store.close()


@pytest.fixture
def live_site(faulting_site: SiteConfig) -> SiteConfig:
    """The running client of test_live_machine (``client``), on the faulting PLC."""
    return faulting_site


def test_the_operator_sees_the_fault_and_confirms_the_suggestion(
    qtbot: QtBot,
    client: RunningApp,  # noqa: F811 - the imported fixture, requested by name
    faulting_site: SiteConfig,
    plc: ModbusServerThread,
) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    sign_in_with_pin(qtbot, window, "1111")
    card = window.home.cards["PRESS-1"]
    qtbot.waitUntil(lambda: "Running (live)" in card.state.text(), timeout=8_000)
    prompt = window.home.stop_prompt

    # A known code: the prompt names the fault and the map's suggestion.
    plc.set_values(Table.HOLDING_REGISTER, 20, [201])
    plc.set_values(Table.COIL, 0, [False, True])
    qtbot.waitUntil(lambda: "fault 201" in prompt.text.text(), timeout=10_000)
    assert "Suggested reason: Motor or drive fault" in prompt.text.text()
    assert prompt.button.text() == "Confirm or change"
    qtbot.waitUntil(lambda: card.open_event is not None, timeout=5_000)
    assert "PLC suggestion" in card.state.text()
    qtbot.mouseClick(prompt.button, Qt.MouseButton.LeftButton)
    reason = window.reason
    qtbot.waitUntil(lambda: reason.confirm_button.isVisible(), timeout=5_000)
    assert reason.confirm_button.label == "Confirm: Motor or drive fault"
    assert "fault 201" in reason.fault_text.text()
    event_id = reason.event_id
    qtbot.mouseClick(reason.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5_000)
    qtbot.waitUntil(lambda: prompt.isHidden(), timeout=5_000)
    assert event_id is not None
    named = stored(faulting_site.database_path, event_id)
    assert (named["reason_code"], named["reason_suggested"], named["change"]) == (
        "EQP.ELE.DRV",
        0,
        "categorized",
    )
    assert named["author"] == "op-ana"

    # An unknown code: shown by its number, and the operator names it from the tree.
    plc.set_values(Table.COIL, 0, [True, False])
    qtbot.waitUntil(lambda: card.open_event is None, timeout=10_000)
    plc.set_values(Table.HOLDING_REGISTER, 20, [417])
    plc.set_values(Table.COIL, 0, [False, True])
    qtbot.waitUntil(lambda: "Fault 417" in prompt.text.text(), timeout=10_000)
    assert prompt.button.text() == "Name the reason"
    qtbot.mouseClick(prompt.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reason.fault_text.isVisible(), timeout=5_000)
    assert "Fault 417" in reason.fault_text.text()
    assert reason.confirm_button.isHidden()
    # The list of stops to name says what the PLC said too.
    entry = next(e for e in SCREENS if e.key == "uncategorized")
    to_name = window.open_screen(entry)
    assert isinstance(to_name, UncategorizedScreen)
    qtbot.waitUntil(lambda: reason.event_id in to_name.buttons, timeout=5_000)
    assert to_name.buttons[str(reason.event_id)].label.endswith("Fault 417, reason needed")

    # A bare flag: "Fault", no number.
    window.go_home()
    plc.set_values(Table.COIL, 0, [True, False])
    qtbot.waitUntil(lambda: prompt.isHidden(), timeout=10_000)
    plc.set_values(Table.HOLDING_REGISTER, 20, [0])
    plc.set_values(Table.COIL, 0, [False, True])
    qtbot.waitUntil(lambda: "with a Fault." in prompt.text.text(), timeout=10_000)
