"""While detection holds a stop back (a few cycles before it records it), the card says since
when the PLC says the machine stopped and counts how long: the walk saw "Stopped (live)" with
"Since 16:53", when the press had started running, and no duration for about 30 s."""

from __future__ import annotations

from datetime import UTC, timedelta

from pytestqt.qtbot import QtBot

from operator_app.screens.formatting import local_time
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.detection import MachineState
from tests.conftest import TEST_START
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]

NOW = TEST_START.astimezone(UTC) + timedelta(minutes=30)
STOPPED_AT = NOW - timedelta(seconds=25)


def test_a_stop_not_yet_recorded_shows_when_the_plc_said_it_stopped_and_for_how_long(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    card = home.cards["PRESS-1"]
    live = home.machine_live
    # What the machine monitor says, in its order, when the running signal drops.
    monitor_side = getattr(live, "_stopped_since", None)
    assert monitor_side is not None, "the home screen does not hear when the machine stopped"
    monitor_side("PRESS-1", STOPPED_AT)
    live._state("PRESS-1", MachineState.STOPPED.value)
    home._tick_durations()
    assert card.open_event is None  # detection has not recorded the stop yet
    assert card.state.text() == "Stopped (live)"
    assert card.detail.text().startswith(f"Since {local_time(STOPPED_AT, site.timezone)}")
    assert card.lasted.text() == "25 s"

    # Running again before detection recorded it: back to the time since the last stop.
    live._stopped_since("PRESS-1", None)
    live._state("PRESS-1", MachineState.RUNNING.value)
    home._tick_durations()
    assert card.state.text() == "Running (live)"
    assert f"Since {local_time(STOPPED_AT, site.timezone)}" not in card.detail.text()
