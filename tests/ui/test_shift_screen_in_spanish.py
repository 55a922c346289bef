"""The Spanish shift screen in Spanish throughout: the note on a restarted counter said
"Prensa 1, good_parts: el contador se reinició" (the PLC tag's name), and the rules line ended
in the detection standard's English sentence on micro-stops."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from operator_app.screens.app import RunningApp
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.site_config import SiteConfig
from tests.shifts.test_counter_quality import record, summary_of
from tests.ui.conftest import sign_in_with_pin, started_client, stopped_client


@pytest.fixture
def spanish(qtbot: QtBot, site: SiteConfig) -> Iterator[tuple[RunningApp, MainWindow]]:
    running, window = started_client(qtbot, site, language="es")
    yield running, window
    stopped_client(running, window)


def shift_screen(qtbot: QtBot, window: MainWindow) -> SupervisorScreen:
    """The supervisor's shift screen, its summary shown."""
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    return screen


def test_a_counter_note_names_the_counter_in_the_supervisors_language(
    qtbot: QtBot, spanish: tuple[RunningApp, MainWindow], site: SiteConfig
) -> None:
    screen = shift_screen(qtbot, spanish[1])
    record(site, screen.shift)
    screen._show(summary_of(site, screen.shift))
    lines = screen.counters_label.text().splitlines()
    assert lines[1].endswith(
        "Prensa 1, rechazos: leído de nuevo tras un hueco, de 8 a 9; piezas contadas: 1."
    ), lines[1]
    assert lines[2].endswith(
        "Prensa 1, piezas buenas: el contador se reinició, de 25.312 a 1006; piezas contadas: 6."
    ), lines[2]
    assert "good_parts" not in screen.counters_label.text()
    assert "reject_parts" not in screen.counters_label.text()


def test_the_rules_line_says_what_a_micro_stop_is_in_spanish(
    qtbot: QtBot, spanish: tuple[RunningApp, MainWindow]
) -> None:
    screen = shift_screen(qtbot, spanish[1])
    rules = " ".join(screen.provenance_label.text().split())
    assert "stops shorter" not in rules
    assert rules.endswith(
        # In words, without the reason code (SYS.MICRO) or the detection version.
        "Microparadas: las paradas de menos de 30 s son microparadas: pérdida de "
        "rendimiento, dentro del tiempo de marcha"
    ), rules
