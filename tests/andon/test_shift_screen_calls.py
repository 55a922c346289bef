"""The supervisor's shift screen shows the shift's andon calls: the MTTR in its two halves."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.andon import AndonService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.andon import Team
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.shifts.test_role_workflows_ui import tap
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]  # the real client of tests/ui

OPERATOR = Person("op-1", "Ana", Role.OPERATOR, None, None)
MAINTENANCE = Person("mnt-1", "Marco", Role.MAINTENANCE, None, None)


def test_the_shift_screen_gives_response_and_repair_times_of_the_calls(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    tap(qtbot, window.nav_buttons["shift"])
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    assert screen.calls_label.text() == "No andon calls in this shift."

    shift = screen.shift
    called = shift.start_utc + timedelta(minutes=30)
    instants = iter(called + timedelta(minutes=m) for m in (0, 2, 6, 26))
    store = EventStore.open(site.database_path)
    try:
        calls = AndonService(store, bundled_catalogue(), site, lambda: next(instants))
        call = calls.raise_call(OPERATOR, site.machines[0].machine_id, Team.MAINTENANCE)
        calls.acknowledge(MAINTENANCE, call.call_id)
        calls.arrive(MAINTENANCE, call.call_id)
        calls.close(MAINTENANCE, call.call_id)
        now = shift.start_utc + timedelta(hours=1)
        summary = shift_summary(store, bundled_catalogue(), site, shift, clock=lambda: now)
    finally:
        store.close()
    screen._show(summary)
    assert screen.calls_label.text() == (
        "Calls for Maintenance: 1 (1 closed, 0 open). Mean response 6 min, mean repair 20 min."
    )
