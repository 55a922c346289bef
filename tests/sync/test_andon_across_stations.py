"""An andon call end to end: raised at the press's station, answered at the maintenance
station of the same line, over the loopback regional server, in two running clients.

Both clients run on one fixed clock that the test moves, so the call's response and repair
times are exactly the minutes the test let pass between the taps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.andon_calls import AndonCalls
from operator_app.screens.app import RunningApp, start_client
from operator_app.screens.covered_lines import CoveredLinesScreen
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.services.andon import AndonService
from regional_server.summary import summary
from shopfloor_core.domain.andon import CallState, Team
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.sync.conftest import Device, ThreadServer

OPERATOR = Person("op-7", "Ana", Role.OPERATOR, None, None)
SUPERVISOR = Person("sup-7", "Sara", Role.SUPERVISOR, None, None)
LINES = next(e for e in SCREENS if e.key == "lines")
MAINTENANCE = Person("mnt-7", "Marco", Role.MAINTENANCE, None, None)
RAISED_AT = datetime(2026, 3, 11, 9, 20, tzinfo=UTC)


class SetClock:
    """The services' clock: stands still where the test puts it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def minutes_after_call(self, minutes: int) -> None:
        self.at = RAISED_AT + timedelta(minutes=minutes)


def line_station(device: Device, scope: str = "line") -> Device:
    assert device.site.sync is not None
    device.site = replace(
        device.site, sync=replace(device.site.sync, pull_scope=scope, interval_s=0.2)
    )
    device.store.close()
    return device


def client(device: Device, clock: SetClock) -> tuple[RunningApp, MainWindow]:
    running = start_client(device.site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    window.context.clock = clock
    return running, window


def tap(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def server_revisions(region: ThreadServer) -> list[tuple[str, str, dict[str, object]]]:
    rows = region.query(
        "SELECT record_id, device, payload FROM records WHERE kind = 'andon_call_revision' "
        "AND plant = 'ZAR'"
    )
    return [(rid, device, json.loads(payload)) for rid, device, payload in rows]


def test_maintenance_answers_at_its_station_the_call_raised_at_the_press(
    qtbot: QtBot, region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    # A plant of its own: the module's server holds other tests' records.
    press = line_station(make_device(region, plant="ZAR", name="ZAR-PRESS-PC", line="L3"))
    workshop = line_station(make_device(region, plant="ZAR", name="ZAR-MAINT-PC", line="L3"))
    clock = SetClock(RAISED_AT)
    press_app, press_window = client(press, clock)
    workshop_app, workshop_window = client(workshop, clock)
    for window in (press_window, workshop_window):
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
    try:
        # Station A: the operator calls maintenance to the press, two taps from home.
        press_window.sign_in(OPERATOR)
        qtbot.waitUntil(lambda: press_window.stack.currentWidget() is press_window.home)
        tap(qtbot, press_window.home.calls_strip.call_button)
        assert press_window.stack.currentWidget() is press_window.andon
        tap(qtbot, press_window.andon.team_buttons[Team.MAINTENANCE])
        press_strip = press_window.home.calls_strip
        qtbot.waitUntil(lambda: len(press_strip.buttons) == 1, timeout=10_000)
        assert press_window.stack.currentWidget() is press_window.home
        [raised] = press_strip.calls
        assert (raised.state, raised.machine_id) == (CallState.RAISED, press.machine)

        # Station B: the call arrives with a sync round; maintenance opens it from the strip.
        workshop_window.sign_in(MAINTENANCE)
        workshop_strip = workshop_window.home.calls_strip
        qtbot.waitUntil(lambda: len(workshop_strip.buttons) == 1, timeout=30_000)
        assert "nobody yet" in workshop_strip.buttons[raised.call_id].text()
        tap(qtbot, workshop_strip.buttons[raised.call_id])
        screen = workshop_window.andon
        qtbot.waitUntil(lambda: screen.call is not None and screen.acknowledge_button.isVisible())
        assert not screen.cancel_button.isVisible()  # maintenance did not make the call

        clock.minutes_after_call(2)
        tap(qtbot, screen.acknowledge_button)
        qtbot.waitUntil(lambda: screen.arrive_button.isVisible(), timeout=10_000)
        assert not screen.close_button.isVisible()  # nothing to close before arriving
        clock.minutes_after_call(9)
        tap(qtbot, screen.arrive_button)
        qtbot.waitUntil(lambda: screen.close_button.isVisible(), timeout=10_000)
        assert "response time 7 min" not in screen.story.text()
        assert "response time 9 min" in screen.story.text()
        clock.minutes_after_call(33)
        tap(qtbot, screen.close_button)
        qtbot.waitUntil(
            lambda: workshop_window.stack.currentWidget() is workshop_window.home, timeout=10_000
        )
        qtbot.waitUntil(lambda: not workshop_strip.buttons, timeout=10_000)

        # Station A sees the call closed once its next round has pulled maintenance's steps.
        qtbot.waitUntil(lambda: not press_strip.buttons, timeout=30_000)
    finally:
        press_app.stop()
        workshop_app.stop()

    reader = EventStore.open(press.site.database_path)
    try:
        calls = AndonCalls(reader)
        closed = calls.current(raised.call_id)
        history = calls.history(raised.call_id)
    finally:
        reader.close()
    assert closed is not None
    assert closed.state is CallState.CLOSED
    assert [r.state for r in history] == [
        CallState.RAISED,
        CallState.ACKNOWLEDGED,
        CallState.ARRIVED,
        CallState.CLOSED,
    ]
    assert (closed.acknowledged_by, closed.arrived_by, closed.ended_by) == ("mnt-7",) * 3
    assert closed.acknowledge_time == timedelta(minutes=2)
    assert closed.response_time == timedelta(minutes=9)
    assert closed.repair_time == timedelta(minutes=24)

    # The region holds each revision once, each from the station that made it.
    stored = server_revisions(region)
    ids = [rid for rid, _, _ in stored]
    assert len(ids) == len(set(ids)) == 4
    by_state = {payload["state"]: (device, payload) for _, device, payload in stored}
    assert {state: device for state, (device, _) in by_state.items()} == {
        "raised": "ZAR-PRESS-PC",
        "acknowledged": "ZAR-MAINT-PC",
        "arrived": "ZAR-MAINT-PC",
        "closed": "ZAR-MAINT-PC",
    }
    closing = by_state["closed"][1]
    assert (closing["response_s"], closing["repair_s"]) == (9 * 60.0, 24 * 60.0)
    assert closing["seq"] == 4

    # The region's figures: the MTTR of the line's maintenance calls in its two halves.
    with region.connections() as connections, connections.read() as conn:
        [line] = summary(
            conn,
            RAISED_AT - timedelta(hours=1),
            RAISED_AT + timedelta(hours=1),
            RAISED_AT + timedelta(hours=1),
            plant="ZAR",
        )
    calls = line["andon_calls"]["maintenance"]
    assert (calls["raised"], calls["closed"], calls["still_open"]) == (1, 1, 0)
    assert (calls["mean_response_s"], calls["mean_repair_s"]) == (9 * 60.0, 24 * 60.0)
    assert calls["mttr_s"] == 33 * 60.0
    assert line["andon_calls"]["quality"]["raised"] == 0


def test_a_covering_supervisor_station_shows_the_open_calls_of_the_area(
    qtbot: QtBot, region: ThreadServer, make_device: Callable[..., Device], catalogue: Catalogue
) -> None:
    press = make_device(region, plant="HUE", name="HUE-PRESS-PC", line="L4")
    clock = SetClock(RAISED_AT)
    call = AndonService(press.store, catalogue, press.site, clock).raise_call(
        OPERATOR, press.machine, Team.QUALITY
    )
    assert press.sync_round().status.waiting == 0
    station = line_station(make_device(region, plant="HUE", name="HUE-SUP-PC", line="L5"), "area")
    running, window = client(station, clock)
    qtbot.addWidget(window)
    window.show()
    try:
        window.sign_in(SUPERVISOR)
        strip = window.home.calls_strip
        qtbot.waitUntil(lambda: call.call_id in strip.buttons, timeout=30_000)
        assert strip.buttons[call.call_id].text().startswith("Quality · ")
        screen = window.open_screen(LINES)
        assert isinstance(screen, CoveredLinesScreen)
        qtbot.waitUntil(lambda: screen.calls_table.rowCount() == 1, timeout=10_000)
        cells = [screen.calls_table.item(0, c).text() for c in range(3)]
        assert cells[0] == f"{press.site.area} / L4"
        assert cells[1] == "HUE-PRESS-PC"
        assert cells[2].startswith("Quality · ")
        assert "nobody yet" in cells[2]

        # A station of another line shows the call; answering it is for a station of L4.
        tap(qtbot, strip.buttons[call.call_id])
        andon = window.andon
        qtbot.waitUntil(lambda: andon.call is not None and "line L4" in andon.story.text())
        steps = (andon.acknowledge_button, andon.arrive_button, andon.close_button)
        assert not any(button.isVisible() for button in (*steps, andon.cancel_button))
    finally:
        running.stop()
