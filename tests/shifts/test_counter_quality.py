"""A supervisor sees the shift's counter discontinuities: how far its part counts can be trusted.

Discontinuities are written as the machine monitor writes them; the summary is computed on a
fixed clock inside the shift, and the real supervisor screen renders it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.counter_positions import CounterDiscontinuity, CounterPosition, save_counting
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.shift_summary import ShiftSummary, shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.shifts import Shift
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.shifts.test_role_workflows_ui import tap
from tests.ui.conftest import client, sign_in_with_pin, window

NOON = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)

__all__ = ["client", "window"]  # the real client of tests/ui


def record(site: SiteConfig, shift: Shift) -> None:
    """A reset and a gap inside the shift, and a jump in the hour before it."""
    t = shift.start_utc
    seen = [
        CounterDiscontinuity(
            "PRESS-1",
            "good_parts",
            "jump",
            10,
            65546,
            t - timedelta(hours=1),
            t - timedelta(minutes=1),
            0,
        ),
        CounterDiscontinuity(
            "PRESS-1",
            "good_parts",
            "reset",
            25_312,
            1006,
            t + timedelta(minutes=5),
            t + timedelta(minutes=10),
            6,
            1000,
        ),
        CounterDiscontinuity(
            "PRESS-1",
            "reject_parts",
            "gap",
            8,
            9,
            t + timedelta(minutes=20),
            t + timedelta(minutes=22),
            1,
            7,
        ),
    ]
    store = EventStore.open(site.database_path)
    try:
        at = t + timedelta(minutes=22)
        save_counting(store.db, [], [CounterPosition("PRESS-1", "good_parts", 1006, at)], seen)
    finally:
        store.close()


def summary_of(site: SiteConfig, shift: Shift) -> ShiftSummary:
    store = EventStore.open(site.database_path)
    try:
        now = shift.start_utc + timedelta(hours=1)
        return shift_summary(store, bundled_catalogue(), site, shift, clock=lambda: now)
    finally:
        store.close()


def test_the_summary_holds_the_shifts_counter_discontinuities(site: SiteConfig) -> None:
    shift = calendar_of(site).shift_at(NOON)
    assert shift is not None
    record(site, shift)
    summary = summary_of(site, shift)
    assert [
        (d.tag, d.kind, d.before, d.after, d.credited) for d in summary.counter_discontinuities
    ] == [
        ("good_parts", "reset", 25_312, 1006, 6),
        ("reject_parts", "gap", 8, 9, 1),
    ]


def test_the_supervisor_screen_lists_them(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    tap(qtbot, window.nav_buttons["shift"])
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    assert screen.counters_label.text() == "Part counters: no restart, jump or gap this shift."
    record(site, screen.shift)
    screen._show(summary_of(site, screen.shift))
    text = screen.counters_label.text().splitlines()
    assert text[0] == "Part counter discontinuities this shift: 2."
    assert text[1].endswith("Press 1, rejects: read again after a gap, 8 to 9; parts credited: 1.")
    assert text[2].endswith(
        "Press 1, good parts: counter restarted, 25,312 to 1,006; parts credited: 6."
    )
    assert len(text) == 3
