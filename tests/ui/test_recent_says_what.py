"""The home screen's latest records say what each record is: the walk found an operator's
note listed as "Prensa 1 (aún sin motivo)", as if it were a stop nobody had named."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]

OPERATOR = Person("op-ana", "Ana García", Role.OPERATOR, None, None)
NOTE = "Noise at the press while it runs at full speed, someone should check the bearings"


def a_note_a_scrap_and_a_stop(site: SiteConfig) -> None:
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, bundled_catalogue(), site)
        capture.start_downtime(OPERATOR, "WELD-2")
        capture.record_scrap(OPERATOR, "PRESS-1", "SCR.MAT", 3)
        capture.add_note(OPERATOR, "PRESS-1", NOTE)
    finally:
        store.close()


def test_a_note_reads_as_a_note_and_a_scrap_as_a_scrap(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    a_note_a_scrap_and_a_stop(site)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    qtbot.waitUntil(lambda: len(home.recent.lines) == 3, timeout=10_000)
    by_machine = {line.split("  ")[1]: line for line in home.recent.lines}
    note = next(line for line in home.recent.lines if "Note" in line)
    assert "Press 1" in note
    assert "(no reason yet)" not in note
    assert "Noise at the press" in note
    assert NOTE not in note
    assert note.endswith("…")
    scrap = next(line for line in home.recent.lines if "Scrap" in line)
    assert "Press 1" in scrap
    assert "3" in scrap
    stop = by_machine["Welding cell 2"]
    assert stop.endswith("Stop: (no reason yet)")
