"""Splitting is by the whole minute: a stop too short for that is said so, not offered a range
the rule then refuses. A walk found a 20-second stop offering "Allowed: 1 to 1" minutes, and
one minute lies after its end."""

from __future__ import annotations

from datetime import UTC, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Role
from tests.conftest import TEST_START, person
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import rows, sign_in_with_pin

LEFT = Qt.MouseButton.LeftButton
NOW = TEST_START.astimezone(UTC) + timedelta(minutes=30)  # 10:47 in Madrid, after the break


def stops_before_start(site: SiteConfig, *lengths: timedelta) -> None:
    """Stops of Press 1 a supervisor recorded before the client started, ending a minute
    apart before ``NOW``, each named a jam."""
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, bundled_catalogue(), site, clock=lambda: NOW)
        for n, length in enumerate(lengths):
            end = NOW - timedelta(minutes=5 * (n + 1))
            capture.record_downtime(
                person(Role.SUPERVISOR), "PRESS-1", end - length, end, reason_code="EQP.MEC.JAM"
            )
    finally:
        store.close()


def events_tab(qtbot: QtBot, window: MainWindow) -> SupervisorScreen:
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    screen.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: screen.event_list.count() > 0, timeout=10_000)
    return screen


def test_a_twenty_second_stop_is_too_short_to_split_by_the_minute(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    stops_before_start(site, timedelta(seconds=20))
    screen = events_tab(qtbot, window)
    screen.event_list.setCurrentRow(0)
    screen.why.setText("two causes")
    qtbot.mouseClick(screen.split_button, LEFT)
    assert screen.event_pages.currentIndex() == 0  # no keypad offering a minute it cannot take
    qtbot.waitUntil(lambda: window.toast.isVisible())
    assert "too short to split" in window.toast.text()
    assert len(rows(site.database_path, "SELECT 1 FROM event_revisions")) == 1


def test_a_seven_minute_stop_offers_one_to_six_minutes_by_the_screen_s_clock(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    stops_before_start(site, timedelta(minutes=7))
    screen = events_tab(qtbot, window)
    screen.event_list.setCurrentRow(0)
    screen.why.setText("two causes")
    qtbot.mouseClick(screen.split_button, LEFT)
    qtbot.waitUntil(lambda: screen.event_pages.currentIndex() == 2)
    assert (screen.split_keypad.minimum, screen.split_keypad.maximum) == (1, 6)
