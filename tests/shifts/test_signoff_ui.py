"""Finding 9 through the real supervisor screen: the first tap shows the shift's figures and
what is unnamed; cancel signs nothing; confirm writes the sign-off; an empty shift says so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.roster import Role
from tests.conftest import person
from tests.shifts.test_role_workflows_ui import before_start, site, tap
from tests.ui.conftest import client, rows, sign_in_with_pin, window

__all__ = ["client", "site", "window"]  # the last shift ended ten minutes ago (24 h shifts)


def signoffs(site: SiteConfig) -> list[object]:
    return list(rows(site.database_path, "SELECT * FROM shift_signoffs"))


def last_shift(qtbot: QtBot, window: MainWindow) -> SupervisorScreen:
    sign_in_with_pin(qtbot, window, "2222")
    tap(qtbot, window.nav_buttons["shift"])
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    tap(qtbot, screen.earlier_button)
    qtbot.waitUntil(
        lambda: (
            screen.summary is not None
            and screen.summary.shift.shift_id == screen.shift.shift_id
            and screen.sign_off_button.isEnabled()
        ),
        timeout=10_000,
    )
    screen.tabs.setCurrentIndex(3)
    return screen


def settle(qtbot: QtBot, window: MainWindow) -> None:
    done: list[bool] = []
    window.context.store_worker.submit(lambda _store: None, on_done=lambda _r: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def test_first_tap_shows_the_figures_cancel_signs_nothing_confirm_signs(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    def record(capture: CaptureService) -> None:
        now = datetime.now(UTC)
        operator = person(Role.OPERATOR)
        capture.record_downtime(
            operator, "PRESS-1", now - timedelta(hours=3), now - timedelta(hours=2)
        )
        capture.record_downtime(
            operator,
            "WELD-2",
            now - timedelta(hours=5),
            now - timedelta(hours=4, minutes=30),
            reason_code="EQP.MEC.JAM",
        )

    before_start(site, record)
    screen = last_shift(qtbot, window)
    tap(qtbot, screen.sign_off_button)
    settle(qtbot, window)
    assert signoffs(site) == []  # the tap alone signs nothing
    qtbot.waitUntil(lambda: screen.confirmation is not None, timeout=10_000)
    dialog = screen.confirmation
    assert dialog is not None
    assert dialog.isVisible()
    names, values = [n.text() for n in dialog.names], [v.text() for v in dialog.values]
    shown = dict(zip(names, values, strict=True))
    assert shown["Downtime"] == "1 h 30 min"
    assert shown["Stops"] == "2"
    assert shown["Availability"].endswith("%")
    assert shown["OEE"] == "—"  # no part counts: no OEE, and no "— %" either
    assert dialog.unnamed.text() == "Stops still without a reason: 1."
    assert dialog.warning.isHidden()
    tap(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    settle(qtbot, window)
    assert signoffs(site) == []
    tap(qtbot, screen.sign_off_button)
    qtbot.waitUntil(
        lambda: screen.confirmation is not None and screen.confirmation is not dialog,
        timeout=10_000,
    )
    tap(qtbot, screen.confirmation.confirm_button)
    qtbot.waitUntil(lambda: len(signoffs(site)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: not screen.sign_off_button.isEnabled(), timeout=10_000)


def test_an_empty_shift_says_so_and_asks_again(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = last_shift(qtbot, window)
    tap(qtbot, screen.sign_off_button)
    settle(qtbot, window)
    assert signoffs(site) == []  # the tap alone signs nothing
    qtbot.waitUntil(lambda: screen.confirmation is not None, timeout=10_000)
    dialog = screen.confirmation
    assert dialog is not None
    assert dialog.warning.isVisible()
    assert dialog.warning.text().startswith(
        "Nothing was recorded in this shift: no stops, no scrap and no part counts."
    )
    assert dialog.confirm_button.text() == "Sign off the empty shift"
    tap(qtbot, dialog.confirm_button)
    assert dialog.isVisible()  # asked again, in other words
    assert dialog.confirm_button.text() == "Yes, sign off the empty shift"
    assert dialog.question.text().startswith("Sign off a shift with nothing recorded in it?")
    settle(qtbot, window)
    assert signoffs(site) == []
    tap(qtbot, dialog.confirm_button)
    qtbot.waitUntil(lambda: len(signoffs(site)) == 1, timeout=10_000)


def test_a_double_tap_on_the_empty_shift_question_signs_nothing(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    from widgets.tap_guard import set_default_clock

    screen = last_shift(qtbot, window)
    tap(qtbot, screen.sign_off_button)
    qtbot.waitUntil(lambda: screen.confirmation is not None, timeout=10_000)
    dialog = screen.confirmation
    assert dialog is not None
    seconds = [100.0]
    previous = set_default_clock(lambda: seconds[0])
    try:
        dialog.tap_guard.changed()  # as when it opened under the finger
        seconds[0] += 1
        tap(qtbot, dialog.confirm_button)  # "Sign off the empty shift"
        seconds[0] += 0.03
        tap(qtbot, dialog.confirm_button)  # the double tap lands on "Yes, sign off ..."
    finally:
        set_default_clock(previous)
    assert dialog.isVisible()
    assert dialog.confirm_button.text() == "Yes, sign off the empty shift"
    settle(qtbot, window)
    assert signoffs(site) == []
