"""The home screen's good parts with the simulated press counting over real Modbus TCP."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.services.shift_summary import resolve_shift
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import to_iso, utc_now
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.machine_data.test_live_machine import client, live_site, press, rows
from tests.ui.conftest import sign_in_with_pin

__all__ = ["client", "live_site", "press"]  # the live client of test_live_machine


def counted_this_shift(site: SiteConfig, machine_id: str) -> int:
    """Good parts of the current shift as the store holds them, read on a connection of its own."""
    shift = resolve_shift(calendar_of(site), "current", utc_now())
    total = rows(
        site.database_path,
        "SELECT COALESCE(SUM(good), 0) AS good FROM production_counts "
        "WHERE machine_id = ? AND bucket_utc >= ? AND bucket_utc < ?",
        machine_id,
        to_iso(shift.start_utc),
        to_iso(shift.end_utc),
    )[0]["good"]
    return int(total)


def test_the_home_screen_shows_the_good_parts_the_store_counted(
    qtbot: QtBot, client: RunningApp, live_site: SiteConfig, press: SimulatedMachine
) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    home.feed.timer.setInterval(300)  # the test need not wait the ten seconds of a line PC
    card = home.cards["PRESS-1"]
    qtbot.waitUntil(lambda: counted_this_shift(live_site, "PRESS-1") > 0, timeout=15_000)
    press.hold(True)  # no more parts: the count settles

    def shown_is_stored() -> bool:
        stored = counted_this_shift(live_site, "PRESS-1")
        return card.figures.text("good") == QLocale().toString(stored)

    qtbot.waitUntil(shown_is_stored, timeout=20_000)
    stored = counted_this_shift(live_site, "PRESS-1")
    assert stored > 0
    # Welding cell 2 has no PLC: the line's good parts are the press's.
    qtbot.waitUntil(
        lambda: home.line_tile.figures.text("good") == QLocale().toString(stored), timeout=5_000
    )
    # The press runs at its 0.3 s ideal cycle: the target to this minute is a real number.
    assert card.figures.text("target") not in ("", "—")
