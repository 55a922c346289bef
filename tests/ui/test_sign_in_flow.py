"""The sign-in screen: who first (number, name or badge), then one PIN check; rests per person."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from shopfloor_core.domain.roster import Person, Role, Roster
from shopfloor_core.domain.sign_in import PinAttempts
from tests.test_sign_in import FixedClock, counting_scrypt
from tests.ui.conftest import type_on


def tap(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_tap_your_name_then_type_your_pin(qtbot: QtBot, window: MainWindow) -> None:
    login = window.login
    # The demo roster is small: everyone is offered by name.
    assert set(login.people_buttons) == {"op-ana", "sup-luis", "mnt-iker", "qa-marta", "ci-david"}
    tap(qtbot, login.people_buttons["qa-marta"])
    assert login.instructions.text() == "Marta Ruiz: type your PIN and press OK."
    assert login.keypad.masked
    type_on(qtbot, login.keypad, "4444")
    qtbot.waitUntil(lambda: window.context.person is not None, timeout=10_000)
    assert window.context.person.person_id == "qa-marta"


def test_employee_number_then_pin_and_someone_else(qtbot: QtBot, window: MainWindow) -> None:
    login = window.login
    type_on(qtbot, login.keypad, "777")
    assert "employee number 777" in login.feedback.text()
    assert login.person is None
    type_on(qtbot, login.keypad, "101")
    assert login.person is not None
    assert login.person.name == "Ana García"
    tap(qtbot, login.back_button)  # not Ana after all
    assert login.person is None
    assert not login.keypad.masked
    type_on(qtbot, login.keypad, "102")
    type_on(qtbot, login.keypad, "2222")
    qtbot.waitUntil(lambda: window.context.person is not None, timeout=10_000)
    assert window.context.person.person_id == "sup-luis"


def test_sign_in_among_a_thousand_people_checks_one_hash(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The standards load at start-up and bring their roster: replace it only after that.
    qtbot.waitUntil(lambda: window.context.standards is not None, timeout=10_000)
    ana = window.context.roster.get("op-ana")
    assert ana is not None
    assert ana.pin_hash is not None
    plant = [
        Person(f"p{i}", f"Person {i}", Role.OPERATOR, None, ana.pin_hash, str(5000 + i))
        for i in range(1000)
    ]
    window.context.roster = Roster(plant)
    window.login.reset()
    # Too many to list: the screen offers no names until people have signed in here.
    assert window.login.people_buttons == {}
    calls = counting_scrypt(monkeypatch)
    type_on(qtbot, window.login.keypad, "5777")
    type_on(qtbot, window.login.keypad, "1111")
    qtbot.waitUntil(lambda: window.context.person is not None, timeout=10_000)
    assert window.context.person.person_id == "p777"
    assert len(calls) == 1
    # Next time Person 777 is offered by name on this PC.
    window.sign_out()
    assert list(window.login.people_buttons) == ["p777"]


def test_wrong_pins_rest_one_person_with_the_seconds_left(qtbot: QtBot, window: MainWindow) -> None:
    login = window.login
    clock = FixedClock()
    login.attempts = PinAttempts(clock)
    type_on(qtbot, login.keypad, "101")
    wrong_pin = "Wrong PIN. Try again."
    for wrong in range(5):
        type_on(qtbot, login.keypad, "9999")
        if wrong < 4:
            qtbot.waitUntil(lambda: login.feedback.text() == wrong_pin, timeout=10_000)
            login.feedback.clear()
    rest = "Too many wrong PINs for Ana García. Try again in 30 s, or use your badge."
    qtbot.waitUntil(lambda: login.feedback.text() == rest, timeout=10_000)
    clock.advance(3)
    qtbot.waitUntil(lambda: "Try again in 27 s" in login.feedback.text(), timeout=3000)
    # Even her right PIN waits out the rest...
    type_on(qtbot, login.keypad, "1111")
    assert window.context.person is None
    assert "Try again in 27 s" in login.feedback.text()
    # ...but someone else at the same PC signs in at once.
    tap(qtbot, login.back_button)
    type_on(qtbot, login.keypad, "103")
    type_on(qtbot, login.keypad, "3333")
    qtbot.waitUntil(lambda: window.context.person is not None, timeout=10_000)
    assert window.context.person.person_id == "mnt-iker"
    window.sign_out()

    clock.advance(27)
    type_on(qtbot, login.keypad, "101")
    type_on(qtbot, login.keypad, "1111")
    qtbot.waitUntil(lambda: window.context.person is not None, timeout=10_000)
    assert window.context.person.person_id == "op-ana"
