"""Finding 3 through the real window: a double tap never records a stop that did not happen,
and the operator takes back a wrong capture from the confirmation banner in time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.undo import UNDO_WINDOW
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import rows, sign_in_with_pin
from widgets.tap_guard import set_default_clock

LEFT = Qt.MouseButton.LeftButton


class Finger:
    """Monotonic seconds that move only when the test says the finger waited."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds

    def wait(self, seconds: float) -> None:
        self.seconds += seconds


@pytest.fixture
def finger() -> Iterator[Finger]:
    clock = Finger()
    previous = set_default_clock(clock)
    yield clock
    set_default_clock(previous)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the store thread has done everything asked of it so far (it runs in order)."""
    done: list[bool] = []
    window.context.store_worker.submit(lambda _store: None, on_done=lambda _r: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def downtimes(site: SiteConfig) -> list[tuple[object, ...]]:
    return [
        (r["end_utc"] is not None, r["voided"])
        for r in rows(site.database_path, "SELECT * FROM events WHERE kind = 'downtime'")
    ]


def stopped_press(qtbot: QtBot, window: MainWindow, finger: Finger) -> None:
    """Ana signs in and records that Press 1 stopped; the home screen shows the stop."""
    sign_in_with_pin(qtbot, window, "1111")
    card = window.home.cards["PRESS-1"]
    QTest.mouseClick(card.stop_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=10_000)
    finger.wait(5)
    QTest.mouseClick(window.reason.later_button, LEFT)
    qtbot.waitUntil(lambda: card.open_event is not None, timeout=10_000)
    finger.wait(5)


def test_a_double_tap_on_running_again_records_no_new_stop(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, finger: Finger
) -> None:
    stopped_press(qtbot, window, finger)
    card = window.home.cards["PRESS-1"]
    place = card.restart_button.geometry().center()
    QTest.mouseClick(card.restart_button, LEFT)
    # The stop ends and "Machine stopped" takes the place of "Running again".
    qtbot.waitUntil(lambda: card.stop_button.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: card.stop_button.geometry().contains(place))
    finger.wait(0.030)  # the second tap of the double tap, 30 ms after the first
    QTest.mouseClick(card.stop_button, LEFT)
    settle(qtbot, window)
    assert downtimes(site) == [(True, 0)]
    assert window.stack.currentWidget() is window.home
    assert card.tap_guard.ignored == 1
    # Undo is offered for the last capture only: not for a stop that has ended since.
    assert not window.undo_banner.isVisible()
    # A deliberate tap a moment later is a real stop again.
    finger.wait(1)
    QTest.mouseClick(card.stop_button, LEFT)
    qtbot.waitUntil(lambda: len(downtimes(site)) == 2, timeout=10_000)


@pytest.fixture
def service_clock(window: MainWindow) -> FixedClock:
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    window.context.clock = clock
    return clock


def test_undo_on_the_banner_voids_the_stop_in_the_file(
    qtbot: QtBot,
    window: MainWindow,
    site: SiteConfig,
    finger: Finger,
    service_clock: FixedClock,
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    QTest.mouseClick(window.home.cards["PRESS-1"].stop_button, LEFT)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reason, timeout=10_000)
    banner = window.undo_banner
    assert banner.isVisible()
    assert banner.text.text() == "Stop recorded for Press 1."
    service_clock.advance(seconds=UNDO_WINDOW.total_seconds() - 2)
    QTest.mouseClick(banner.undo_button, LEFT)
    qtbot.waitUntil(lambda: downtimes(site) == [(False, 1)], timeout=10_000)
    (revision,) = rows(
        site.database_path, "SELECT author, recorded_utc FROM event_revisions WHERE seq = 2"
    )
    assert revision["author"] == "op-ana"
    assert revision["recorded_utc"].startswith(service_clock.now.strftime("%Y-%m-%dT%H:%M:%S"))
    assert len(rows(site.database_path, "SELECT 1 FROM event_revisions")) == 2
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert not banner.isVisible()
    assert "Undone" in window.toast.text()


def test_undo_after_the_limit_is_refused_and_the_stop_stays(
    qtbot: QtBot,
    window: MainWindow,
    site: SiteConfig,
    finger: Finger,
    service_clock: FixedClock,
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    QTest.mouseClick(window.home.cards["PRESS-1"].stop_button, LEFT)
    qtbot.waitUntil(lambda: window.undo_banner.isVisible(), timeout=10_000)
    service_clock.advance(seconds=UNDO_WINDOW.total_seconds() + 1)
    QTest.mouseClick(window.undo_banner.undo_button, LEFT)
    qtbot.waitUntil(lambda: "Too late to undo" in window.toast.text(), timeout=10_000)
    assert downtimes(site) == [(False, 0)]
    assert len(rows(site.database_path, "SELECT 1 FROM event_revisions")) == 1


def test_a_double_tap_on_a_reason_group_does_not_pick_a_reason_under_it(
    qtbot: QtBot, finger: Finger
) -> None:
    from shopfloor_core.domain.catalogue import CategoryKind, bundled_catalogue
    from widgets.reason_grid import ReasonChoice, ReasonGrid

    catalogue = bundled_catalogue()

    def children_of(code: str | None) -> list[ReasonChoice]:
        return [
            ReasonChoice(c.code, c.label("en"), c.is_leaf)
            for c in catalogue.choices(CategoryKind.DOWNTIME, code)
        ]

    grid = ReasonGrid(children_of)
    qtbot.addWidget(grid)
    grid.show()
    chosen: list[str] = []
    grid.leaf_chosen.connect(chosen.append)
    QTest.mouseClick(grid.buttons["EQP"], LEFT)
    finger.wait(0.030)
    QTest.mouseClick(grid.buttons["EQP.MEC"], LEFT)  # the second tap lands on the new page
    assert grid.path == ["EQP"]
    finger.wait(1)
    QTest.mouseClick(grid.buttons["EQP.MEC"], LEFT)
    assert grid.path == ["EQP", "EQP.MEC"]
    assert chosen == []


def test_a_tap_as_the_plcs_stop_prompt_pushes_the_cards_down_is_ignored(
    qtbot: QtBot, window: MainWindow, site: SiteConfig, finger: Finger
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    card = window.home.cards["WELD-2"]
    finger.wait(5)
    # The PLC saw Press 1 stop: its prompt appears above the cards and moves them.
    window.home.stop_prompt.ask("PRESS-1", "Press 1", "e-1", datetime.now(UTC), site.timezone)
    assert window.home.stop_prompt.isVisible()
    finger.wait(0.030)
    QTest.mouseClick(card.stop_button, LEFT)
    QTest.mouseClick(window.home.scrap_button, LEFT)
    settle(qtbot, window)
    assert downtimes(site) == []
    assert window.stack.currentWidget() is window.home
    finger.wait(1)
    QTest.mouseClick(card.stop_button, LEFT)
    qtbot.waitUntil(lambda: downtimes(site) == [(False, 0)], timeout=10_000)
