"""Finding 8 through the real workflow runner: a supervisor's correction made while a
maintenance call ran is shown before the call's cause would replace it, and can be kept."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.formatting import local_time
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from tests.shifts.test_role_workflows_ui import (
    a_jam_twenty_minutes_ago,
    open_workflows,
    runs,
    site,
    tap,
)
from tests.ui.conftest import client, rows, window

__all__ = ["client", "site", "window"]


def test_the_cause_does_not_silently_replace_a_supervisors_correction(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id = a_jam_twenty_minutes_ago(site)
    screen = open_workflows(qtbot, window, "3333")
    qtbot.waitUntil(lambda: f"MNT.CALL:{event_id}" in screen.start_buttons, timeout=10_000)
    tap(qtbot, screen.start_buttons[f"MNT.CALL:{event_id}"])

    # Meanwhile the supervisor, at the office PC, corrects the reason to "Wrong material".
    supervisor = window.context.roster.get("sup-luis")
    store = EventStore.open(site.database_path)
    try:
        corrected = CaptureService(store, bundled_catalogue(), site).categorize(
            supervisor, event_id, "MAT.WRG", why="the coil was the wrong gauge"
        )
    finally:
        store.close()

    qtbot.keyClicks(screen.note, "Cleared the feeder")
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.grid.buttons["EQP.MEC"])
    tap(qtbot, screen.grid.buttons["EQP.MEC.JAM"])
    tap(qtbot, screen.confirm_button)  # machine handed back
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 3 or bool(runs(site)), timeout=10_000)
    assert runs(site) == []  # nothing saved while the question is open
    (row,) = rows(site.database_path, "SELECT reason_code FROM events")
    assert row[0] == "MAT.WRG"
    when = local_time(corrected.recorded_utc, site.timezone)
    assert screen.replace_text.text() == (
        f"This replaces Wrong material (set by Luis Ortega, Supervisor, {when}) with Jam."
    )

    tap(qtbot, screen.keep_and_note_button)
    qtbot.waitUntil(lambda: len(runs(site)) == 1, timeout=10_000)
    (row,) = rows(site.database_path, "SELECT reason_code, note FROM events")
    assert tuple(row) == ("MAT.WRG", "Cleared the feeder / MNT.CALL: Jam (EQP.MEC.JAM)")
    assert json.loads(str(runs(site)[0]["answers"]))["cause"] == "EQP.MEC.JAM"
