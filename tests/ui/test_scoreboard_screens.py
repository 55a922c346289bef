"""The home screen's and the line display's figures, read off the real widgets.

The store is filled through the real services at a fixed clock with the morning worked out by
hand in tests/shifts/test_scoreboard.py (11:47:30 in Madrid); the screens must show those
figures, formatted in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.app import RunningApp, start_client
from operator_app.screens.app_context import AppContext
from operator_app.screens.line_display import LineDisplay
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from operator_app.standards.sections import MachineTarget
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Role
from tests.conftest import person
from tests.shifts.conftest import FixedClock
from tests.shifts.test_scoreboard import NOW, fill_known_shift
from tests.ui.conftest import sign_in_with_pin
from widgets.style import apply_isa101_style
from widgets.touch_button import TouchButton

FIGURES = ("good", "target", "rate", "scrap", "oee", "to_name")
# Worked out by hand in tests/shifts/test_scoreboard.py, written as an English locale writes them.
PRESS_FIGURES = ["6,534", "9,075", "800/h", "55", "72.0 %", "1"]
# The line's OEE is the press's: the welding cell counts nothing, so it is not in the ratios.
LINE_FIGURES = ["6,534", "9,075", "800/h", "55", "72.0 %", "2"]


@pytest.fixture
def known_morning(site: SiteConfig, catalogue: Catalogue) -> FixedClock:
    """The hand-worked morning in the site's store file, through a connection of its own."""
    clock = FixedClock(NOW)
    store = EventStore.open(site.database_path)
    try:
        fill_known_shift(
            store, CaptureService(store, catalogue, site, clock), clock, person(Role.OPERATOR)
        )
    finally:
        store.close()
    clock.now = NOW
    return clock


def with_targets(running: RunningApp, qtbot: QtBot, oee: float) -> None:
    """The region's OEE target for both machines, as a bundle in force would set it."""
    context = running.context
    assert isinstance(context, AppContext)
    qtbot.waitUntil(lambda: context.standards is not None, timeout=10_000)
    assert context.standards is not None
    targets = {m.machine_id: MachineTarget(oee=oee) for m in context.site.machines}
    context.set_standards(replace(context.standards, targets=targets))


def test_the_home_screen_shows_the_hand_worked_figures(
    qtbot: QtBot, client: RunningApp, window: MainWindow, known_morning: FixedClock
) -> None:
    window.context.clock = known_morning
    with_targets(client, qtbot, 0.65)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    home.reload()
    press, weld, line = home.cards["PRESS-1"], home.cards["WELD-2"], home.line_tile
    qtbot.waitUntil(lambda: press.figures.text("good") == "6,534", timeout=10_000)
    # Press 1 (see tests/shifts/test_scoreboard.py for the arithmetic).
    assert [press.figures.text(k) for k in FIGURES] == PRESS_FIGURES
    assert press.figures.cells["oee"].note.text() == "target 65.0"
    # Running since the unnamed stop ended at 11:41:30 local: 6 min at 11:47:30.
    # No PLC in this test: the records know of no stop, not that the press runs.
    assert press.state.text() == "No stop recorded"
    assert press.lasted.text() == "6 min"
    assert press.detail.text().startswith("Since 11:41")  # then AM, in the English locale
    # Welding cell 2 has no counter: a target, no count; down since 11:30, 17 min 30 s.
    assert [weld.figures.text(k) for k in FIGURES] == ["—", "4,233", "—", "0", "—", "1"]
    assert weld.state.text() == "Stopped — reason needed"
    assert weld.lasted.text() == "17 min"
    # The line: the press's count against its target, OEE over both machines' time.
    assert [line.figures.text(k) for k in FIGURES] == LINE_FIGURES
    assert line.state_line.state.text().startswith("Welding cell 2 down since 11:30")
    assert line.state_line.lasted.text() == "17 min"

    # Thirty seconds later the durations tick without a new query.
    known_morning.advance(seconds=30)
    qtbot.waitUntil(lambda: weld.lasted.text() == "18 min", timeout=3_000)


def test_the_figures_follow_the_language(
    qtbot: QtBot, client: RunningApp, window: MainWindow, known_morning: FixedClock
) -> None:
    window.context.clock = known_morning
    sign_in_with_pin(qtbot, window, "1111")
    assert window.context.set_language("es")
    home = window.home
    home.reload()
    press = home.cards["PRESS-1"]
    # Spanish writes no thousands separator in four digits, and a decimal comma.
    qtbot.waitUntil(lambda: press.figures.text("good") == "6534", timeout=10_000)
    qtbot.waitUntil(lambda: press.state.text() == "Sin paradas registradas", timeout=3_000)
    assert press.figures.text("oee") == "72,0 %"
    assert press.figures.cells["good"].caption.text() == "Piezas buenas"
    assert home.line_tile.figures.text("target") == "9075"


@pytest.fixture
def display(qtbot: QtBot, site: SiteConfig) -> Iterator[RunningApp]:
    running = start_client(site, language="en", line_display=True)
    assert isinstance(running.window, LineDisplay)
    qtbot.addWidget(running.window)
    qtbot.waitUntil(lambda: running.window.context.store_worker.ready, timeout=10_000)
    running.window.show()
    yield running
    running.stop()


def test_the_line_display_shows_the_same_figures_and_nothing_to_change(
    qtbot: QtBot, display: RunningApp, known_morning: FixedClock
) -> None:
    screen = display.window
    assert isinstance(screen, LineDisplay)
    screen.context.clock = known_morning
    with_targets(display, qtbot, 0.65)
    screen.reload()
    qtbot.waitUntil(lambda: screen.line_tile.figures.text("good") == "6,534", timeout=10_000)
    assert [screen.line_tile.figures.text(k) for k in FIGURES] == LINE_FIGURES
    assert [screen.cards["PRESS-1"].figures.text(k) for k in FIGURES] == PRESS_FIGURES
    assert screen.cards["WELD-2"].state.text() == "Stopped — reason needed"
    assert "Early shift" in screen.shift_label.text()
    # Read-only: no button of any kind, no sign-in, nobody signed in.
    assert screen.findChildren(TouchButton) == []
    assert screen.findChildren(QAbstractButton) == []
    assert screen.findChildren(QLineEdit) == []
    assert screen.context.person is None


def squeezed(window: MainWindow) -> list[str]:
    """Figures or buttons of the home screen drawn smaller than they need."""
    home = window.home
    parts = [home.scrap_button, home.note_button]
    for card in home.cards.values():
        parts += [card.figures, card.state_line, card.stop_button, card.reason_button]
    return [
        type(part).__name__
        for part in parts
        if part.isVisible() and part.height() < part.minimumSizeHint().height()
    ]


@pytest.fixture
def line_pc_look() -> Iterator[None]:
    """The look the client starts with (16 pt type, touch-sized buttons), then the test's own."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, palette, sheet, style = app.font(), app.palette(), app.styleSheet(), app.style().name()
    apply_isa101_style(app)
    yield
    app.setStyleSheet(sheet)
    app.setStyle(style)
    app.setPalette(palette)
    app.setFont(font)


@pytest.mark.usefixtures("line_pc_look")
def test_on_a_1024_by_768_screen_the_line_gives_way_before_any_machine_figure(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1024, 768)
    sign_in_with_pin(qtbot, window, "1111")
    home = window.home
    qtbot.waitUntil(lambda: home.board is not None, timeout=10_000)
    qtbot.waitUntil(lambda: home.line_tile.isVisible(), timeout=3_000)
    qtbot.waitUntil(lambda: squeezed(window) == [], timeout=3_000)
    # A stop detected by the PLC puts its prompt on top, under the calls strip.
    home.stop_prompt.ask("WELD-2", "Welding cell 2", "a-stop", home.context.clock(), "UTC")
    qtbot.waitUntil(lambda: home.stop_prompt.isVisible(), timeout=3_000)
    qtbot.waitUntil(lambda: squeezed(window) == [], timeout=3_000)
    # The machines' figures and every button stay whole; the prompt answered, the line is back.
    home.stop_prompt.answered("WELD-2")
    qtbot.waitUntil(lambda: home.line_tile.isVisible(), timeout=3_000)
    qtbot.waitUntil(lambda: squeezed(window) == [], timeout=3_000)
