"""The trend screen: history from the store, live values, tiles with units and quality."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from local_store.tag_history import TagPoint, record_points, to_second
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.screens.app import RunningApp, start_client
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.trends import TrendScreen
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import utc_now
from widgets.style import Status
from widgets.trend_columns import minmax_per_column


def ten_minutes_of_oil(site: SiteConfig) -> int:
    """Oil temperature of PRESS-1 stored for the last ten minutes; returns its first second."""
    from local_store import open_database

    db = open_database(site.database_path)
    now = to_second(utc_now())
    record_points(
        db,
        [
            TagPoint("PRESS-1", "oil_temperature", now - 600 + i, 40.0 + i / 100, "good")
            for i in range(600)
        ],
    )
    db.conn.close()
    return now - 600


@pytest.fixture
def client(qtbot: QtBot, site: SiteConfig) -> Iterator[RunningApp]:
    ten_minutes_of_oil(site)
    running = start_client(site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.context.store_worker.ready, timeout=10_000)
    window.show()
    yield running
    running.stop()


def test_history_live_values_and_tiles(qtbot: QtBot, client: RunningApp) -> None:
    window = client.window
    assert isinstance(window, MainWindow)
    window.context.sign_in(next(iter(window.context.roster)))
    entry = next(e for e in SCREENS if e.key == "trends")
    screen = window.open_screen(entry)
    assert isinstance(screen, TrendScreen)
    assert screen.selected == ["oil_temperature", "cycle_time", "press_force"]
    series = screen.plot.series["oil_temperature"]
    qtbot.waitUntil(lambda: series.size == 600, timeout=5_000)

    now = utc_now()
    samples = {
        "oil_temperature": Sample("oil_temperature", 61.5, 61.5, now, Quality.GOOD),
        "press_force": Sample(
            "press_force", 120.0, 12000, now - timedelta(seconds=5), Quality.STALE
        ),
        "running": Sample("running", None, None, now, Quality.COMM_ERROR),
    }
    screen.on_values("PRESS-1", samples)
    assert series.size == 601
    assert screen.tiles["oil_temperature"].value.text() == "61.50 °C"
    assert screen.tiles["oil_temperature"].status is Status.ALARM  # above its limit of 55
    assert screen.tiles["oil_temperature"].quality.text() == "Above limit"
    assert screen.tiles["press_force"].status is Status.ATTENTION
    assert screen.tiles["running"].status is Status.NO_SIGNAL
    screen.on_connection("PRESS-1", LinkState.OFFLINE.value, "no reply")
    assert screen.connection.text() == "PLC not reachable: values are not live"
    qtbot.waitUntil(lambda: screen.plot.frames > 0, timeout=3_000)


def test_min_max_reduction_keeps_spikes_and_gaps() -> None:
    t = np.arange(100_000, dtype=np.float64)
    v = np.zeros_like(t)
    v[50_123] = 9.0  # one sample wide
    v[70_000:70_500] = np.nan  # an outage
    out_t, out_v = minmax_per_column(t, v, 0.0, 100_000.0, 500)
    assert out_t.size <= 1000
    assert np.nanmax(out_v) == 9.0
    assert np.isnan(out_v).any()
    assert np.all(np.diff(out_t) > 0)
