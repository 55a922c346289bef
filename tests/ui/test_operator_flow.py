"""The operator's core loop through the real widgets, checked in the SQLite file itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.inactivity import InactivityWatch
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.roster import Roster
from tests.ui.conftest import rows, sign_in_with_pin, type_on
from widgets.style import MIN_TOUCH_PX
from widgets.touch_button import TouchButton

LEFT = Qt.MouseButton.LeftButton


def tap(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, LEFT)  # type: ignore[arg-type]


def record_downtime_and_scrap(qtbot: QtBot, window: MainWindow, site: SiteConfig) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    assert window.context.person is not None
    assert window.context.person.name == "Ana García"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)

    # The machine stopped: one tap records it, then the reason tree opens for that stop.
    card = window.home.cards["PRESS-1"]
    tap(qtbot, card.stop_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=5_000)
    open_stops = rows(site.database_path, "SELECT * FROM events WHERE end_utc IS NULL")
    assert len(open_stops) == 1
    assert open_stops[0]["reason_code"] is None

    # Three taps from the top of the tree to a reason: Equipment > Mechanical > a leaf.
    tap(qtbot, window.reason.grid.buttons["EQP"])
    tap(qtbot, window.reason.grid.buttons["EQP.MEC"])
    leaf = next(iter(window.reason.grid.buttons))
    tap(qtbot, window.reason.grid.buttons[leaf])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5_000)
    # One confirmation: the naming took the stop's Undo offer over (no toast beside it).
    assert window.undo_banner.isVisible()
    assert window.toast.isHidden()

    stop = rows(site.database_path, "SELECT * FROM events WHERE kind = 'downtime'")
    assert [(r["machine_id"], r["reason_code"]) for r in stop] == [("PRESS-1", leaf)]
    assert stop[0]["catalogue_version"] == window.context.catalogue.version
    assert stop[0]["author"] == window.context.person.person_id

    # Running again: the stop gets its end.
    qtbot.waitUntil(lambda: card.open_event is not None)
    tap(qtbot, card.restart_button)
    qtbot.waitUntil(
        lambda: (
            rows(site.database_path, "SELECT end_utc FROM events WHERE kind='downtime'")[0][0]
            is not None
        ),
        timeout=5_000,
    )

    # Scrap: reason group, reason, quantity on the keypad.
    tap(qtbot, window.home.scrap_button)
    assert window.stack.currentWidget() is window.scrap
    tap(qtbot, window.scrap.machines.buttons["WELD-2"])
    tap(qtbot, window.scrap.grid.buttons["SCR.SRF"])
    tap(qtbot, window.scrap.grid.buttons["SCR.SRF.SCR"])
    type_on(qtbot, window.scrap.keypad, "12")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5_000)
    scrap = rows(site.database_path, "SELECT * FROM events WHERE kind = 'scrap'")
    assert [(r["machine_id"], r["reason_code"], r["quantity"]) for r in scrap] == [
        ("WELD-2", "SCR.SRF.SCR", 12)
    ]
    # Every capture and every revision waits in the outbox for the regional server.
    outbox = rows(site.database_path, "SELECT record_kind, state FROM outbox")
    assert len(outbox) == len(rows(site.database_path, "SELECT 1 FROM event_revisions")) >= 4
    assert {r["state"] for r in outbox} == {"pending"}


def test_operator_records_downtime_with_reason_and_scrap(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    record_downtime_and_scrap(qtbot, window, site)


def test_the_same_loop_in_spanish(qtbot: QtBot, window: MainWindow, site: SiteConfig) -> None:
    # A Spanish PC (the site file's language): Ana, whom the roster gives no language of her
    # own, works in it too.
    window.context.default_language = "es"
    assert window.context.set_language("es")
    qtbot.waitUntil(lambda: window.login.title.text() == "Iniciar sesión")
    record_downtime_and_scrap(qtbot, window, site)
    assert window.home.cards["PRESS-1"].stop_button.label == "Máquina parada"
    assert window.home.scrap_button.text() == "Desecho"
    # Reason labels come from the regional catalogue in the same language.
    tap(qtbot, window.home.scrap_button)
    labels = {b.label for b in window.scrap.grid.buttons.values()}
    assert all(label for label in labels)
    assert {"Montaje ›", "Proceso ›"} <= labels


def test_language_switches_back_and_forth_at_runtime(qtbot: QtBot, window: MainWindow) -> None:
    assert window.context.set_language("es")
    qtbot.waitUntil(lambda: window.login.keypad.ok_button.text() == "Aceptar")
    tap(qtbot, window.language_button)
    qtbot.waitUntil(lambda: window.login.keypad.ok_button.text() == "OK")
    assert window.context.language == "en"


def test_badge_reader_signs_in_and_another_badge_takes_over(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClicks(window, "10000001")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.person is not None)
    assert window.context.person.name == "Ana García"
    qtbot.keyClicks(window, "10000002")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.person.name == "Luis Ortega")


def test_unknown_badge_and_wrong_pin_sign_nobody_in(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window, "99999999")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.toast.isHidden())
    type_on(qtbot, window.login.keypad, "9876")
    qtbot.waitUntil(lambda: "employee number 9876" in window.login.feedback.text())
    type_on(qtbot, window.login.keypad, "101")
    type_on(qtbot, window.login.keypad, "9876")
    qtbot.waitUntil(lambda: "Wrong PIN" in window.login.feedback.text(), timeout=10_000)
    assert window.context.person is None
    assert window.stack.currentWidget() is window.login


def test_a_pin_checked_while_the_roster_changed_signs_nobody_in(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The PIN is checked on a worker against the roster of the moment; a regional roster that
    # arrives meanwhile without Ana must not let her in.
    qtbot.waitUntil(lambda: window.context.standards is not None, timeout=10_000)
    type_on(qtbot, window.login.keypad, "101")
    type_on(qtbot, window.login.keypad, "1111")
    others = [p for p in window.context.roster if p.person_id != "op-ana"]
    window.context.roster = Roster(others)
    qtbot.waitUntil(
        lambda: "roster was just updated" in window.login.feedback.text(), timeout=10_000
    )
    assert window.context.person is None
    assert window.stack.currentWidget() is window.login


def test_scrap_quantity_outside_limits_is_explained_and_not_saved(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    tap(qtbot, window.home.scrap_button)
    tap(qtbot, window.scrap.machines.buttons["PRESS-1"])
    tap(qtbot, window.scrap.grid.buttons["SCR.MAT"])
    type_on(qtbot, window.scrap.keypad, str(site.scrap_max_quantity + 1))
    assert "largest allowed" in window.scrap.keypad.hint.text()
    window.scrap.keypad.clear()
    type_on(qtbot, window.scrap.keypad, "0")
    assert "smallest allowed" in window.scrap.keypad.hint.text()
    assert window.stack.currentWidget() is window.scrap
    assert rows(site.database_path, "SELECT * FROM events") == []


@pytest.mark.parametrize("how", ["inactivity", "badge"])
def test_half_made_entry_survives_logout(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, how: str
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    tap(qtbot, window.home.scrap_button)
    tap(qtbot, window.scrap.machines.buttons["WELD-2"])
    tap(qtbot, window.scrap.grid.buttons["SCR.DIM"])
    tap(qtbot, window.scrap.grid.buttons["SCR.DIM.OVR"])
    for digit in "37":
        tap(qtbot, window.scrap.keypad.digit_buttons[digit])

    if how == "inactivity":
        watch = next(c for c in window.children() if isinstance(c, InactivityWatch))
        watch.set_timeout_ms(300)
        qtbot.waitUntil(lambda: window.context.person is None, timeout=5_000)
        assert window.stack.currentWidget() is window.login
    else:
        qtbot.keyClicks(window, "10000002")
        qtbot.keyClick(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.context.person.name == "Luis Ortega")
        tap(qtbot, window.sign_out_button)
    qtbot.waitUntil(
        lambda: len(rows(site.database_path, "SELECT * FROM drafts")) == 1, timeout=5_000
    )
    window.scrap.start()  # the screen forgets; only the stored draft remembers

    sign_in_with_pin(qtbot, window, "1111")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.scrap, timeout=5_000)
    assert window.scrap.machines.machine_id == "WELD-2"
    assert window.scrap.reason_code == "SCR.DIM.OVR"
    assert window.scrap.keypad.digits == "37"
    tap(qtbot, window.scrap.keypad.ok_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home, timeout=5_000)
    scrap = rows(site.database_path, "SELECT machine_id, reason_code, quantity FROM events")
    assert [tuple(r) for r in scrap] == [("WELD-2", "SCR.DIM.OVR", 37)]
    qtbot.waitUntil(lambda: rows(site.database_path, "SELECT * FROM drafts") == [])


def test_every_button_is_big_enough_for_a_gloved_finger(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    for page in (window.home, window.reason, window.scrap, window.note, window.login):
        window.stack.setCurrentWidget(page)
        qtbot.waitExposed(window)
        small = [
            (b.text(), b.size().toTuple())
            for b in page.findChildren(TouchButton)
            if b.isVisible() and (b.height() < MIN_TOUCH_PX or b.width() < MIN_TOUCH_PX)
        ]
        assert small == [], f"{type(page).__name__}: {small}"


def test_a_ci_engineer_is_not_offered_capture_and_the_service_refuses_anyway(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    sign_in_with_pin(qtbot, window, "5555")
    assert not window.home.cards["PRESS-1"].stop_button.isEnabled()
    failures: list[BaseException] = []
    window.context.capture(
        ServiceCall(CaptureService.start_downtime, "PRESS-1"), on_error=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures))
    assert getattr(failures[0], "code", None) == "not_allowed"
    assert rows(site.database_path, "SELECT * FROM events") == []


def test_a_badge_scanned_over_a_note_takes_over_without_leaving_digits_in_it(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    tap(qtbot, window.home.note_button)
    window.note.text.setFocus()
    qtbot.keyClicks(window.note.text, "Guard door sticks")
    qtbot.keyClicks(window.note.text, "10000002")
    qtbot.keyClick(window.note.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.context.person.name == "Luis Ortega")
    tap(qtbot, window.sign_out_button)
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.note, timeout=5_000)
    assert window.note.text.toPlainText() == "Guard door sticks"
