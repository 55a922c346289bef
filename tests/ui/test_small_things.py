"""Small things operators tripped on (issue 14, finding 8), through the real widgets."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.formatting import duration
from operator_app.screens.inactivity import InactivityWatch
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.uncategorized import UncategorizedScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.domain.roster import Role
from tests.conftest import person
from tests.ui.conftest import DEMO_NUMBERS, sign_in_with_pin, type_on
from widgets.touch_button import TouchButton

LEFT = Qt.MouseButton.LeftButton


def tap(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, LEFT)  # type: ignore[arg-type]


def record(site: SiteConfig, catalogue: Catalogue) -> CaptureService:
    """A capture service on a connection of its own, as another station's records arrive."""
    return CaptureService(EventStore.open(site.database_path), catalogue, site)


def open_to_name(qtbot: QtBot, window: MainWindow) -> UncategorizedScreen:
    entry = next(e for e in SCREENS if e.key == "uncategorized")
    screen = window.open_screen(entry)
    assert isinstance(screen, UncategorizedScreen)
    return screen


def a_twelve_second_stop_and_a_named_open_one(site: SiteConfig, catalogue: Catalogue) -> str:
    capture = record(site, catalogue)
    try:
        now = utc_now()
        operator = person(Role.OPERATOR)
        (short,) = capture.record_downtime(
            operator, "PRESS-1", now - timedelta(minutes=5), now - timedelta(minutes=5, seconds=-12)
        )
        capture.start_downtime(operator, "WELD-2", reason_code="MAT.SHT")
    finally:
        capture.store.close()
    return short.event_id


def list_with_the_short_stop(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> tuple[UncategorizedScreen, str]:
    short = a_twelve_second_stop_and_a_named_open_one(site, catalogue)
    sign_in_with_pin(qtbot, window, "1111")
    screen = open_to_name(qtbot, window)
    qtbot.waitUntil(lambda: short in screen.buttons, timeout=5_000)
    return screen, short


def test_the_to_name_list_holds_only_stops_waiting_for_a_name(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> None:
    screen, short = list_with_the_short_stop(qtbot, window, site, catalogue)
    # The welding cell is down but already named: nothing to do on this list.
    assert list(screen.buttons) == [short]


def test_a_stop_under_a_minute_shows_its_seconds(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> None:
    screen, short = list_with_the_short_stop(qtbot, window, site, catalogue)
    assert " for 12 s — " in screen.buttons[short].label
    assert duration(timedelta(seconds=59)) == "59 s"
    assert duration(timedelta(seconds=60)) == "1 min"


def test_the_reason_screen_says_when_the_stop_was_and_how_long(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> None:
    screen, short = list_with_the_short_stop(qtbot, window, site, catalogue)
    tap(qtbot, screen.buttons[short])
    assert window.stack.currentWidget() is window.reason
    # When and how long, so a stop named later is told apart from the others.
    qtbot.waitUntil(lambda: "for 12 s." in window.reason.when.text(), timeout=5_000)
    assert window.reason.when.text().startswith("Stopped at ")


def test_naming_from_the_list_comes_back_to_the_list(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> None:
    screen, short = list_with_the_short_stop(qtbot, window, site, catalogue)
    tap(qtbot, screen.buttons[short])
    reason = window.reason
    tap(qtbot, reason.grid.buttons["EQP"])
    tap(qtbot, reason.grid.buttons["EQP.MEC"])
    tap(qtbot, reason.grid.buttons["EQP.MEC.JAM"])
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen, timeout=5_000)
    qtbot.waitUntil(lambda: short not in screen.buttons, timeout=5_000)
    # From the home screen, naming still ends on the home screen.
    window.go_home()
    tap(qtbot, window.home.cards["PRESS-1"].stop_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is reason, timeout=5_000)
    tap(qtbot, reason.later_button)
    assert window.stack.currentWidget() is window.home


def test_machines_are_called_by_their_names_in_messages_and_lists(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    card = window.home.cards["WELD-2"]
    tap(qtbot, card.stop_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=5_000)
    assert window.undo_banner.text.text() == "Stop recorded for Welding cell 2."
    assert window.reason.title.text() == "Why did Welding cell 2 stop?"
    tap(qtbot, window.reason.later_button)
    qtbot.waitUntil(lambda: "Welding cell 2" in window.home.recent.text(), timeout=5_000)
    assert "WELD-2" not in window.home.recent.text()
    qtbot.waitUntil(lambda: card.open_event is not None, timeout=5_000)
    tap(qtbot, card.restart_button)
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=5_000)
    assert "Welding cell 2 is running again." in window.toast.text()


def test_the_to_name_list_calls_machines_by_their_names(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, catalogue: Catalogue
) -> None:
    screen, short = list_with_the_short_stop(qtbot, window, site, catalogue)
    assert screen.buttons[short].label.startswith("Press 1 — stopped at ")
    tap(qtbot, screen.buttons[short])
    assert window.reason.title.text() == "Why did Press 1 stop?"


def test_to_name_is_offered_once_on_the_operators_home(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    qtbot.waitUntil(lambda: window.home.isVisible())
    offered = [
        b
        for b in window.findChildren(TouchButton)
        if b.isVisible() and b.text().startswith("To name")
    ]
    assert len(offered) == 1


def test_an_automatic_sign_out_says_why_and_that_the_draft_is_kept(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    # A stop recorded, its reason not yet chosen: the reason screen is a draft to come back to.
    tap(qtbot, window.home.cards["WELD-2"].stop_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=5_000)
    watch = next(c for c in window.children() if isinstance(c, InactivityWatch))
    watch.expired.emit()  # what its timer does after five minutes without a tap
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)
    assert window.login.feedback.text() == (
        "Signed out after 5 min without a tap; your draft is kept."
    )
    # The next person's first try replaces it.
    type_on(qtbot, window.login.keypad, DEMO_NUMBERS["2222"])
    qtbot.waitUntil(lambda: window.login.person is not None)
    assert "Signed out" not in window.login.feedback.text()


def test_an_automatic_sign_out_without_a_draft_says_only_why(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    watch = next(c for c in window.children() if isinstance(c, InactivityWatch))
    watch.expired.emit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=5_000)
    assert window.login.feedback.text() == "Signed out after 5 min without a tap."
