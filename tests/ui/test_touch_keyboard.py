"""The on-screen keyboard: typing a note by tapping keys, and never covering the field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from operator_app.cli.context import demo_config_path
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.screens.workflow_runner import WorkflowRunnerScreen
from operator_app.site_config import SiteConfig, load_site_config
from tests.shifts.test_role_workflows_ui import a_jam_twenty_minutes_ago, day_long_shifts_starting
from tests.ui.conftest import rows, sign_in_with_pin, started_client, stopped_client
from widgets.keyboard_layouts import ACUTE, DIAERESIS, compose
from widgets.style import MIN_TOUCH_PX, apply_isa101_style
from widgets.touch_keyboard import TouchKeyboard

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    """The demo line without PLCs; Ana (PIN 1111) works in Spanish."""
    base = replace(load_site_config(demo_config_path()), data_dir=tmp_path / "data")
    machines = tuple(replace(m, connection=None, tags=()) for m in base.machines)
    roster = tuple(replace(p, language="es") if p.person_id == "op-ana" else p for p in base.roster)
    return replace(base, machines=machines, roster=roster, shifts=day_long_shifts_starting(10))


@pytest.fixture
def line_pc_look(qapp: QApplication) -> Iterator[None]:
    """The client's own style, font and padding, as ``operator-app`` starts with: sizes are
    measured as a line PC shows them. The test application's own look comes back after."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    palette, font = qapp.palette(), qapp.font()
    apply_isa101_style(qapp)  # type: ignore[arg-type]
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, LEFT)


def at_1024_by_768(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1024, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: (window.width(), window.height()) == (1024, 768))


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def focus_and_check(qtbot: QtBot, window: MainWindow, field: QWidget) -> None:
    """Tapping ``field`` opens the keyboard below it, the field whole and in the window."""
    qtbot.waitUntil(field.isVisible)
    target = field.viewport() if hasattr(field, "viewport") else field
    tap(qtbot, target)
    keyboard = window.keyboard
    qtbot.waitUntil(lambda: keyboard.isVisible() and keyboard.target is field, timeout=5_000)
    # Scrolled into sight above the keys once the screen has made room for them.
    scroll = next(w for w in window.findChildren(QScrollArea) if w.widget() is window.stack)
    qtbot.waitUntil(
        lambda: global_rect(scroll.viewport()).contains(global_rect(field)), timeout=5_000
    )
    # The window did not grow past the screen to make room.
    assert (window.width(), window.height()) == (1024, 768)
    inside = global_rect(window.centralWidget())
    # What of the screen is in sight: the whole field must be there.
    in_sight = global_rect(scroll.viewport())
    assert in_sight.contains(global_rect(field)), (field, global_rect(field), in_sight)
    field_rect, keyboard_rect = global_rect(field), global_rect(keyboard)
    assert not field_rect.intersects(keyboard_rect), (field, field_rect, keyboard_rect)
    assert inside.contains(field_rect), (field, field_rect, inside)
    assert inside.contains(keyboard_rect), (keyboard_rect, inside)
    # Not squashed: room for its lines of text, above the keys.
    lines = field.fontMetrics().lineSpacing() * (2 if isinstance(field, QPlainTextEdit) else 1)
    assert field_rect.height() >= max(lines, field.minimumSizeHint().height()), (field, field_rect)
    assert field_rect.bottom() < keyboard_rect.top()
    for name, key in keyboard.keys.items():
        assert key.width() >= MIN_TOUCH_PX, name
        assert key.height() >= MIN_TOUCH_PX, name


def open_screen(window: MainWindow, screen_class: type[QWidget]) -> QWidget:
    entry = next(e for e in SCREENS if e.target.endswith(f":{screen_class.__name__}"))
    screen = window.open_screen(entry)
    assert screen is not None
    return screen


def note_with_keyboard(qtbot: QtBot, window: MainWindow, pin: str) -> TouchKeyboard:
    """Signed in with ``pin`` on a 1024×768 window, the note open and its keyboard up."""
    at_1024_by_768(qtbot, window)
    sign_in_with_pin(qtbot, window, pin)
    tap(qtbot, window.home.note_button)
    keyboard = window.keyboard
    qtbot.waitUntil(lambda: keyboard.target is window.note.text, timeout=5_000)
    return keyboard


def test_typing_a_spanish_note_by_tapping_keys(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    # The note's field has focus as the screen opens: the keyboard is there, in Spanish.
    keyboard = note_with_keyboard(qtbot, window, "1111")
    assert keyboard.isVisible()
    assert keyboard.layout_in_use.language == "es"
    tap(qtbot, window.note.machines.buttons["PRESS-1"])
    for key in ("shift", "ñ", "a", "n", "d", ACUTE, "u", "space"):
        tap(qtbot, keyboard.keys[key])
    for key in ("a", "t", "a", "s", "c", ACUTE, "o"):
        tap(qtbot, keyboard.keys[key])
    assert window.note.text.toPlainText() == "Ñandú atascó"
    tap(qtbot, window.note.save_button)
    qtbot.waitUntil(
        lambda: bool(rows(site.database_path, "SELECT note FROM events WHERE kind = 'note'")),
        timeout=10_000,
    )
    [saved] = rows(site.database_path, "SELECT machine_id, note FROM events WHERE kind = 'note'")
    assert (saved["machine_id"], saved["note"]) == ("PRESS-1", "Ñandú atascó")
    # Back home, nothing to type into: the keyboard is gone.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert not keyboard.isVisible()


def test_caps_backspace_enter_and_done(qtbot: QtBot, window: MainWindow) -> None:
    keyboard, text = note_with_keyboard(qtbot, window, "2222"), window.note.text  # Luis: English
    assert keyboard.layout_in_use.language == "en"
    assert "ñ" not in keyboard.keys
    tap(qtbot, keyboard.keys["shift"])
    tap(qtbot, keyboard.keys["shift"])  # caps lock
    for key in ("o", "k", "x"):
        tap(qtbot, keyboard.keys[key])
    tap(qtbot, keyboard.keys["backspace"])
    tap(qtbot, keyboard.keys["shift"])  # off
    tap(qtbot, keyboard.keys["enter"])
    tap(qtbot, keyboard.keys["symbols"])
    tap(qtbot, keyboard.keys["q"])  # "1" on the symbol layer
    assert text.toPlainText() == "OK\n1"
    tap(qtbot, keyboard.keys["done"])
    assert not keyboard.isVisible()


@pytest.mark.usefixtures("line_pc_look")
def test_the_keyboard_never_covers_the_field_at_1024_by_768(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id = a_jam_twenty_minutes_ago(site)
    at_1024_by_768(qtbot, window)
    # The operator's note.
    sign_in_with_pin(qtbot, window, "1111")
    tap(qtbot, window.home.note_button)
    focus_and_check(qtbot, window, window.note.text)
    tap(qtbot, window.note.cancel_button)
    window.sign_out()

    # The supervisor's "why", note on a record, and handover note.
    sign_in_with_pin(qtbot, window, "2222")
    supervisor = open_screen(window, SupervisorScreen)
    assert isinstance(supervisor, SupervisorScreen)
    supervisor.tabs.setCurrentIndex(2)
    focus_and_check(qtbot, window, supervisor.why)
    supervisor.event_pages.setCurrentIndex(3)
    # Its field went with its page: the keys no longer type into it.
    qtbot.waitUntil(lambda: window.keyboard.target is not supervisor.why)
    focus_and_check(qtbot, window, supervisor.event_note)
    supervisor.tabs.setCurrentIndex(3)
    focus_and_check(qtbot, window, supervisor.handover_text)
    window.sign_out()

    # Maintenance's note in a workflow step (the repair report).
    sign_in_with_pin(qtbot, window, "3333")
    runner = open_screen(window, WorkflowRunnerScreen)
    assert isinstance(runner, WorkflowRunnerScreen)
    qtbot.waitUntil(lambda: f"MNT.CALL:{event_id}" in runner.start_buttons, timeout=10_000)
    tap(qtbot, runner.start_buttons[f"MNT.CALL:{event_id}"])  # the repair report's note
    focus_and_check(qtbot, window, runner.note)


def test_a_badge_scanned_over_an_open_keyboard_stays_out_of_the_note(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    keyboard, text = note_with_keyboard(qtbot, window, "1111"), window.note.text
    for key in ("r", "o", "t", "o"):
        tap(qtbot, keyboard.keys[key])
    # The supervisor's badge, read by a keyboard-wedge reader over the open keyboard.
    qtbot.keyClicks(text, "10000002")
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.context.person is not None and window.context.person.person_id == "sup-luis"
    )
    # Ana's half-written note is kept for her, without the badge's digits.
    qtbot.waitUntil(
        lambda: bool(rows(site.database_path, "SELECT 1 FROM drafts WHERE person_id = 'op-ana'")),
        timeout=5_000,
    )
    [draft] = rows(site.database_path, "SELECT payload FROM drafts WHERE person_id = 'op-ana'")
    assert json.loads(draft["payload"])["text"] == "roto"


def test_a_pc_with_a_physical_keyboard_turns_it_off(qtbot: QtBot, site: SiteConfig) -> None:
    running, window = started_client(qtbot, replace(site, on_screen_keyboard=False))
    try:
        sign_in_with_pin(qtbot, window, "2222")
        tap(qtbot, window.home.note_button)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.note)
        tap(qtbot, window.note.text.viewport())
        qtbot.waitUntil(window.note.text.hasFocus)
        assert not window.keyboard.isVisible()
    finally:
        stopped_client(running, window)


def test_every_language_of_the_catalogue_has_its_own_layout() -> None:
    from shopfloor_core.domain.catalogue import bundled_catalogue
    from widgets.keyboard_layouts import LAYOUTS

    languages = bundled_catalogue().languages
    assert set(languages) <= set(LAYOUTS), languages
    for language in languages:
        rows = LAYOUTS[language].letters
        assert all(len(row) == 10 for row in rows), language
    assert "ñ" in "".join(LAYOUTS["es"].letters)


@pytest.mark.parametrize(
    ("dead_key", "typed", "text"),
    [
        (ACUTE, "a", "á"),
        (ACUTE, "E", "É"),
        (DIAERESIS, "u", "ü"),
        (ACUTE, "n", f"{ACUTE}n"),  # no such letter: both, as a PC keyboard does
        (ACUTE, " ", ACUTE),
        (ACUTE, ACUTE, ACUTE),
    ],
)
def test_accent_keys_compose_like_a_spanish_pc_keyboard(
    dead_key: str, typed: str, text: str
) -> None:
    assert compose(dead_key, typed) == text


@pytest.mark.usefixtures("line_pc_look")
def test_back_to_the_stops_list_does_not_bring_the_keyboard_back(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """A why typed, then a reason chosen or the way back taken: the list comes back without the
    keyboard over it (the why still held the focus, and the keys came up at every return)."""
    a_jam_twenty_minutes_ago(site)
    at_1024_by_768(qtbot, window)
    sign_in_with_pin(qtbot, window, "2222")
    screen = open_screen(window, SupervisorScreen)
    assert isinstance(screen, SupervisorScreen)
    screen.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: screen.event_list.count() > 0, timeout=10_000)
    screen.event_list.setCurrentRow(0)
    keyboard = window.keyboard
    tap(qtbot, screen.why)
    qtbot.waitUntil(lambda: keyboard.isVisible() and keyboard.target is screen.why)
    tap(qtbot, keyboard.keys["a"])
    tap(qtbot, keyboard.keys["done"])
    assert not keyboard.isVisible()
    for page, back in ((1, screen.back_button), (2, screen.split_back_button)):
        opener = screen.rename_button if page == 1 else screen.split_button
        tap(qtbot, opener)
        qtbot.waitUntil(lambda p=page: screen.event_pages.currentIndex() == p)
        tap(qtbot, back)
        qtbot.waitUntil(lambda: screen.event_pages.currentIndex() == 0)
        QApplication.processEvents()
        assert not keyboard.isVisible(), page
    assert screen.why.text() == "a"
