"""The supervisor's corrections and handover notes reach the services through typed calls
(issue 14, finding 11): renaming a stop, annotating it and a handover note, from the screen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.events import EventRevision
from tests.ui.conftest import rows, sign_in_with_pin


def _a_leaf(window: MainWindow) -> str:
    catalogue, code = window.context.catalogue, None
    while True:
        choice = catalogue.choices(CategoryKind.DOWNTIME, code)[0]
        if choice.is_leaf:
            return choice.code
        code = choice.code


def test_a_supervisor_renames_and_annotates_a_stop_and_leaves_a_handover_note(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    stopped: list[EventRevision] = []
    window.context.capture(
        ServiceCall(CaptureService.start_downtime, "PRESS-1"), on_done=stopped.append
    )
    qtbot.waitUntil(lambda: bool(stopped), timeout=10_000)
    event_id = stopped[0].event_id

    screen = window.open_screen(next(e for e in SCREENS if e.key == "shift"))
    assert isinstance(screen, SupervisorScreen)
    screen.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: screen.event_list.count() > 0, timeout=10_000)
    screen.event_list.setCurrentRow(0)
    assert screen.selected_event_id() == event_id

    code = _a_leaf(window)
    screen.why.setText("operator chose the wrong group")
    screen.start_rename()
    screen.rename(code)
    database = window.context.site.database_path
    renamed = "SELECT reason_code, why FROM events WHERE event_id = ? ORDER BY seq DESC LIMIT 1"
    qtbot.waitUntil(
        lambda: rows(database, renamed, event_id)[0]["reason_code"] == code, timeout=10_000
    )
    assert rows(database, renamed, event_id)[0]["why"] == "operator chose the wrong group"

    qtbot.waitUntil(lambda: screen.event_list.count() > 0, timeout=10_000)
    screen.event_list.setCurrentRow(0)
    screen.start_note()
    screen.event_note.setPlainText("die changed at 10:20")
    screen.save_note()
    noted = "SELECT note FROM events WHERE event_id = ? ORDER BY seq DESC LIMIT 1"
    qtbot.waitUntil(lambda: rows(database, noted, event_id)[0]["note"] == "die changed at 10:20")

    screen.tabs.setCurrentIndex(3)
    screen.handover_text.setPlainText("Press 1 hopper needs a look")
    screen.add_handover_note()
    handed = "SELECT text FROM shift_handover_notes WHERE shift_id = ?"
    qtbot.waitUntil(lambda: bool(rows(database, handed, screen.shift.shift_id)), timeout=10_000)
    assert rows(database, handed, screen.shift.shift_id)[0]["text"] == "Press 1 hopper needs a look"
