"""Finding 9: trends one can read at 1024×768 and 1920×1080.

As many rows as stay 120 px high, the rest one tap away; a window filled by the data that
exists; part counters as parts this shift from the store's counts, not the PLC's register.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import open_database
from local_store.production_counts import CountBucket, add_counts
from operator_app.machine_data.samples import Quality, Sample
from operator_app.screens.main_window import MainWindow
from operator_app.screens.trends import TrendScreen
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import utc_now
from tests.machine_data.test_trend_screen import ten_minutes_of_oil
from tests.ui.conftest import client, sign_in_with_pin, window
from tests.ui.touch_style import isa101

__all__ = ["client", "isa101", "window"]

MIN_ROW_PX = 120
TIME_AXIS_PX = 40  # the time labels under the last row
ROW_GAP_PX = 8  # between two rows
LEFT = Qt.MouseButton.LeftButton
ZONE = ZoneInfo("Europe/Madrid")


def open_trends(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> TrendScreen:
    window.resize(*size)
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.mouseClick(window.nav_buttons["trends"], LEFT)
    screen = window.screens["trends"]
    assert isinstance(screen, TrendScreen)
    return screen


def numeric_tags(screen: TrendScreen) -> list[str]:
    assert screen.machine is not None
    return [t.name for t in screen.machine.tags if t.type.value != "bool"]


@pytest.mark.usefixtures("isa101")
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_as_many_rows_as_stay_readable_the_rest_a_tap_away(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    screen = open_trends(qtbot, window, size)
    # Ask for every value there is, as someone tapping every chip would.
    for name in numeric_tags(screen):
        if name not in screen.selected:
            screen.toggle_tag(name, True)
    qtbot.waitUntil(lambda: screen.plot.height() > 200, timeout=5_000)
    qtbot.wait(50)  # let the graphics layout place its rows

    rows = [s.plot for s in screen.plot.series.values()]
    assert rows, "at least one trend is shown"
    heights = [round(p.geometry().height()) for p in rows]
    assert min(heights) >= MIN_ROW_PX, heights
    # Not fewer than fit either: one more row and the time axis under them would not fit.
    room = screen.plot.height() - TIME_AXIS_PX
    assert (len(rows) + 1) * (MIN_ROW_PX + ROW_GAP_PX) > room, (len(rows), screen.plot.height())
    # Every value not plotted is one tap away: its chip plots it, in place of the oldest row.
    hidden = [n for n in numeric_tags(screen) if n not in screen.plot.series]
    if hidden:
        qtbot.mouseClick(screen.tiles[hidden[0]], LEFT)
        assert hidden[0] in screen.plot.series
        assert len(screen.plot.series) == len(rows)


def test_plot_count_grows_with_the_height(qtbot: QtBot, window: MainWindow, isa101: None) -> None:
    screen = open_trends(qtbot, window, (1024, 768))
    for name in numeric_tags(screen):
        screen.toggle_tag(name, True)
    qtbot.waitUntil(lambda: screen.plot.height() > 200, timeout=5_000)
    small = len(screen.plot.series)
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: len(screen.plot.series) > small, timeout=5_000)


@pytest.fixture
def oil_since(site: SiteConfig) -> float:
    return float(ten_minutes_of_oil(site))


def test_last_hour_fills_the_width_with_the_data_that_exists(
    qtbot: QtBot, oil_since: float, window: MainWindow
) -> None:
    screen = open_trends(qtbot, window, (1024, 768))
    series = screen.plot.series["oil_temperature"]
    qtbot.waitUntil(lambda: series.size == 600, timeout=20_000)
    start, end = screen.plot.visible_range()
    assert start == pytest.approx(oil_since, abs=1.0)
    assert end == pytest.approx(utc_now().timestamp(), abs=5.0)
    # The plot scrolls by whole pixel columns (at least 100 across the view), so its left edge
    # is the first sample's column: within one column of it, never a strip at the right. The
    # view follows the loaded history at a frame that starts a new column, a few seconds at most.
    column_s = (end - start) / max(int(series.plot.vb.width()), 100)
    qtbot.waitUntil(
        lambda: abs(series.plot.vb.viewRange()[0][0] - oil_since) <= column_s + 1.0,
        timeout=15_000,
    )


@pytest.fixture
def counted(site: SiteConfig) -> int:
    """Parts the monitor counted before and during the current shift (06:00 local); returns
    this shift's good parts."""
    now = utc_now()
    shift_start = now.astimezone(ZONE).replace(hour=6, minute=0, second=0, microsecond=0)
    assert shift_start <= now < shift_start + timedelta(hours=8), "the suite runs mid-shift"
    before = shift_start - timedelta(minutes=10)
    db = open_database(site.database_path)
    add_counts(
        db,
        [
            CountBucket("PRESS-1", before.astimezone(UTC), 500, 4),  # the previous shift's
            CountBucket("PRESS-1", (shift_start + timedelta(minutes=30)).astimezone(UTC), 100, 2),
            CountBucket("PRESS-1", (now - timedelta(minutes=20)).astimezone(UTC), 23, 1),
        ],
    )
    db.conn.close()
    return 123


def test_good_parts_are_this_shifts_parts_not_the_register(
    qtbot: QtBot, counted: int, window: MainWindow
) -> None:
    screen = open_trends(qtbot, window, (1920, 1080))
    now = datetime.now(UTC)
    register = {
        "good_parts": Sample("good_parts", 1_984_608, 1_984_608, now, Quality.GOOD),
        "reject_parts": Sample("reject_parts", 64_630, 64_630, now, Quality.GOOD),
    }
    screen.on_values("PRESS-1", register)
    chip = screen.tiles["good_parts"]
    qtbot.waitUntil(lambda: chip.value.text() == str(counted), timeout=5_000)
    assert screen.tiles["reject_parts"].value.text() == "3"
    assert "1,984,608" not in chip.value.text()
    qtbot.mouseClick(chip, LEFT)  # plot it
    series = screen.plot.series["good_parts"]
    qtbot.waitUntil(lambda: series.size > 0 and series.v[series.size - 1] == counted, timeout=5_000)
    screen.on_values("PRESS-1", register)  # the raw register never reaches the plot
    assert series.v[: series.size].max() == counted
    assert series.v[0] == 0  # the shift starts at nothing made
