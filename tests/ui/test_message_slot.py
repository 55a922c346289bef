"""Messages take a slot of their own and leave when their cause does (issue 14, finding 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from local_store import StoreUnavailable
from operator_app.screens.main_window import MainWindow
from operator_app.screens.messages import explain
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.roster import Person
from tests.ui.conftest import sign_in_with_pin
from tests.ui.layout_rules import layout_problems
from tests.ui.touch_style import isa101
from widgets.style import MIN_TOUCH_PX

__all__ = ["isa101"]

FULL_DISK = "database or disk is full"


def _on_window(widget: QWidget, window: MainWindow) -> QPoint:
    """Where the widget is once the layouts have run (they run from the event loop)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    return widget.mapTo(window, QPoint(0, 0))


def _disk_full(_service: CaptureService, _person: Person | None) -> EventRevision:
    """What the store thread meets when the disk is full under a write."""
    raise StoreUnavailable(FULL_DISK)


def test_a_message_moves_nothing_under_the_finger(qtbot: QtBot, window: MainWindow) -> None:
    """Signed out or in, a message coming or going leaves the page where it was."""
    page = window.stack
    before = (_on_window(page, window), page.size())
    window.show_notice("Badge not recognised. Ask your supervisor.", True)
    qtbot.waitUntil(lambda: window.toast.isVisible())
    assert (_on_window(page, window), page.size()) == before, "the login moved for a message"

    sign_in_with_pin(qtbot, window, "1111")
    stop = next(iter(window.home.cards.values())).stop_button
    before = (_on_window(page, window), page.size(), _on_window(stop, window))
    window.show_notice("Press 1 is running again.", False)
    qtbot.waitUntil(lambda: window.toast.isVisible())
    assert (_on_window(page, window), page.size(), _on_window(stop, window)) == before
    qtbot.waitUntil(lambda: not window.toast.isVisible(), timeout=6_000)
    after = (_on_window(page, window), page.size(), _on_window(stop, window))
    assert after == before, "the home screen jumped back when the message went"


def test_a_store_problem_stays_until_a_capture_works_then_goes(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    failures: list[BaseException] = []

    def shown(error: BaseException) -> None:
        failures.append(error)
        window.show_notice(explain(error), True)  # as every capture screen does

    window.context.capture(ServiceCall(_disk_full), on_error=shown)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    assert FULL_DISK in window.toast.text()
    # Going elsewhere does not make a full disk go away: the problem stays on screen.
    window.enter_note()
    window.go_home()
    assert window.toast.isVisible()
    assert FULL_DISK in window.toast.text()

    # Room was made: the next capture is written, and the banner goes without a tap.
    saved: list[EventRevision] = []
    window.context.capture(
        ServiceCall(CaptureService.start_downtime, "PRESS-1"), on_done=saved.append
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=10_000)
    assert FULL_DISK not in window.toast.text()


def test_a_refusal_goes_when_its_screen_is_left(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    window.enter_scrap()
    window.show_notice("Choose the machine first.", True)
    assert window.toast.isVisible()
    window.go_home()
    assert not window.toast.isVisible()


# A touch button (its 3 px border on both sides) in a framed banner (2 px on both sides).
SLOT_NEEDS_PX = MIN_TOUCH_PX + 2 * 3 + 2 * 2


@pytest.mark.usefixtures("isa101")
def test_the_message_slot_is_as_high_as_the_undo_it_holds_at_1024x700(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The walk at 1024x700 found about 90 px blank above every screen: the slot kept for
    messages. It stays (a message moves nothing), no higher than its Undo button needs, and
    the Undo and its sentence show whole in it, in Spanish."""
    sign_in_with_pin(qtbot, window, "1111")
    assert window.context.set_language("es")
    window.setMaximumSize(1024, 700)
    window.resize(1024, 700)
    window.offer_undo("Guardado: Célula de soldadura 2 parada por Atasco de material.", "e-1")
    qtbot.waitUntil(lambda: window.undo_banner.isVisible())
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert window.feedback.height() <= SLOT_NEEDS_PX
    banner, undo = window.undo_banner, window.undo_banner.undo_button
    assert undo.height() >= MIN_TOUCH_PX
    assert undo.geometry().top() >= banner.contentsRect().top()
    assert undo.geometry().bottom() <= banner.contentsRect().bottom()
    assert banner.geometry().bottom() < window.feedback.height()
    assert undo.fontMetrics().horizontalAdvance(undo.text()) < undo.width()
    assert [p for p in layout_problems(window, 1024, 700) if "Undo" in p or "Deshacer" in p] == []
