"""The shift screen's data quality line counts a PLC's unconfirmed suggestion as still to name
(walk finding 10): it said "Paradas con motivo: 100,0 %" next to "Paradas aún sin motivo: 1"."""

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
from tests.ui.conftest import sign_in_with_pin

NOW = TEST_START.astimezone(UTC) + timedelta(minutes=30)


def stops_before_start(site: SiteConfig) -> None:
    """Press 1: a 10-minute stop a supervisor named a jam, then a 30-minute one the PLC's fault
    map suggests a jam for, nobody has confirmed."""
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, bundled_catalogue(), site, clock=lambda: NOW)
        start = NOW - timedelta(minutes=45)
        capture.record_downtime(
            person(Role.SUPERVISOR),
            "PRESS-1",
            start,
            start + timedelta(minutes=10),
            reason_code="EQP.MEC.JAM",
        )
        capture.machine_stopped(
            "PRESS-1",
            start + timedelta(minutes=12),
            until=start + timedelta(minutes=42),
            fault_code=101,
            suggested_reason="EQP.MEC.JAM",
        )
    finally:
        store.close()


def test_the_shift_screen_counts_an_unconfirmed_suggestion_as_still_to_name(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    stops_before_start(site)
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    assert screen.quality_label.text() == (
        'Downtime with a reason: 25.0 %. Under "Other": 0.0 %. Stops still to name: 1.'
    )
