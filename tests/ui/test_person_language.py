"""The language belongs to the person signed in, not to the PC: from the roster, remembered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from tests.ui.conftest import rows, sign_in_with_pin, started_client, stopped_client

# Ana (PIN 1111) works in Spanish, Luis (PIN 2222) in English; the sign-in screen is English.
ROSTER_LANGUAGES = {"op-ana": "es", "sup-luis": "en"}
CHOSEN_AT = datetime(2026, 3, 11, 9, 40, tzinfo=UTC)


def with_roster_languages(site: SiteConfig) -> SiteConfig:
    people = tuple(
        replace(p, language=ROSTER_LANGUAGES.get(p.person_id, p.language)) for p in site.roster
    )
    return replace(site, roster=people, language="en")


@pytest.fixture
def clients() -> Iterator[list[tuple[RunningApp, MainWindow]]]:
    """Clients a test starts; whatever the test did, the next one starts in English."""
    started: list[tuple[RunningApp, MainWindow]] = []
    yield started
    for running, window in started:
        stopped_client(running, window)


def started(
    qtbot: QtBot, site: SiteConfig, clients: list[tuple[RunningApp, MainWindow]]
) -> tuple[RunningApp, MainWindow]:
    """A client started as ``operator-app`` starts it: in the site's language."""
    running, window = started_client(qtbot, site, language=None)
    window.context.clock = lambda: CHOSEN_AT
    clients.append((running, window))
    return running, window


def shows(qtbot: QtBot, window: MainWindow, language: str, sign_out: str) -> None:
    """The client runs in ``language`` and its screens have been redrawn in it."""
    assert window.context.language == language
    qtbot.waitUntil(lambda: window.sign_out_button.text() == sign_out, timeout=5_000)


def sign_out(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.context.person is None)


def test_each_person_works_in_their_own_language_and_keeps_their_choice(
    qtbot: QtBot, site: SiteConfig, clients: list[tuple[RunningApp, MainWindow]]
) -> None:
    site = with_roster_languages(site)
    running, window = started(qtbot, site, clients)
    # Nobody signed in: the site's language.
    assert window.context.language == "en"

    sign_in_with_pin(qtbot, window, "1111")
    shows(qtbot, window, "es", "Cerrar sesión")
    # The site file names the machines in Spanish too.
    assert window.home.cards["PRESS-1"].name.text() == "Prensa 1"
    assert window.note.machines.buttons["WELD-2"].text() == "Célula de soldadura 2"

    # Ana's Spanish does not carry over to the next person, nor to the sign-in screen.
    sign_out(qtbot, window)
    assert window.context.language == "en"
    sign_in_with_pin(qtbot, window, "2222")
    shows(qtbot, window, "en", "Sign out")
    assert window.home.cards["PRESS-1"].name.text() == "Press 1"
    assert window.note.machines.buttons["WELD-2"].text() == "Welding cell 2"
    sign_out(qtbot, window)

    # Ana switches to English herself: that is hers from now on, written in the store.
    sign_in_with_pin(qtbot, window, "1111")
    shows(qtbot, window, "es", "Cerrar sesión")
    assert window.language_button.text() == "English"
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    shows(qtbot, window, "en", "Sign out")
    database = site.database_path
    qtbot.waitUntil(
        lambda: len(rows(database, "SELECT * FROM person_languages")) == 1, timeout=5_000
    )
    [choice] = rows(database, "SELECT person_id, language, chosen_utc FROM person_languages")
    assert (choice["person_id"], choice["language"]) == ("op-ana", "en")
    assert choice["chosen_utc"].startswith("2026-03-11T09:40:00")
    sign_out(qtbot, window)
    stopped_client(running, window)

    # The client restarts: Ana's choice outlives it, and beats the roster's Spanish.
    running, window = started(qtbot, site, clients)
    qtbot.waitUntil(lambda: "op-ana" in window.context.chosen_languages, timeout=5_000)
    sign_in_with_pin(qtbot, window, "1111")
    shows(qtbot, window, "en", "Sign out")
    sign_out(qtbot, window)
    # Luis never chose: still the roster's language for him.
    sign_in_with_pin(qtbot, window, "2222")
    shows(qtbot, window, "en", "Sign out")
    stopped_client(running, window)


def test_a_switch_with_nobody_signed_in_is_nobodys(
    qtbot: QtBot, site: SiteConfig, clients: list[tuple[RunningApp, MainWindow]]
) -> None:
    site = with_roster_languages(site)
    running, window = started(qtbot, site, clients)
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert window.context.language == "es"
    # Luis signs in on a PC someone left in Spanish: he gets his English.
    sign_in_with_pin(qtbot, window, "2222")
    shows(qtbot, window, "en", "Sign out")
    assert rows(site.database_path, "SELECT * FROM person_languages") == []
    stopped_client(running, window)
