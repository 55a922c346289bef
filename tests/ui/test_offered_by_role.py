"""What a role may not do is not offered, and a refused try leaves nothing behind.

The walk as the CI engineer (David, 5555) found the stop prompt's "Confirm or change" open to
him while "Name the reason" was greyed, the reason screen then refusing him, and that refused
attempt coming back at his next sign-in as "Your unfinished entry is back". A draft of a stop
someone else has named since came back the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Role
from tests.conftest import TEST_START, person
from tests.shifts.conftest import FixedClock
from tests.ui.conftest import rows, sign_in_with_pin

NOW = TEST_START.astimezone(UTC) + timedelta(minutes=30)
UNFINISHED = "Your unfinished entry is back"


@contextmanager
def store_of(site: SiteConfig) -> Iterator[EventStore]:
    """The site's store on a connection of its own, as records made outside the client."""
    store = EventStore.open(site.database_path)
    try:
        yield store
    finally:
        store.close()


def a_stop_without_reason(site: SiteConfig) -> str:
    """A stop of Press 1 a supervisor recorded before the client started, not yet named."""
    with store_of(site) as store:
        capture = CaptureService(store, bundled_catalogue(), site, clock=lambda: NOW)
        end = NOW - timedelta(minutes=5)
        recorded = capture.record_downtime(
            person(Role.SUPERVISOR), "PRESS-1", end - timedelta(minutes=3), end
        )
    return recorded[0].event_id


def store_answered(qtbot: QtBot, window: MainWindow) -> None:
    """Everything handed to the store thread before now is done (it takes calls in order)."""
    done: list[object] = []
    window.context.store_worker.submit(lambda _store: None, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)


def drafts(site: SiteConfig) -> list[str]:
    return [r["person_id"] for r in rows(site.database_path, "SELECT person_id FROM drafts")]


def signed_in_id(window: MainWindow) -> str:
    signed_in = window.context.person
    assert signed_in is not None
    return signed_in.person_id


def sign_in_fixed(qtbot: QtBot, window: MainWindow, pin: str) -> None:
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, pin)


def test_the_stop_prompt_offers_naming_the_reason_only_to_a_role_that_may(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_fixed(qtbot, window, "5555")  # David, CI engineer
    prompt = window.home.stop_prompt
    prompt.ask("PRESS-1", "Press 1", "stop-1", NOW, window.context.site.timezone)
    prompt.explain("stop-1", 101, "Jam")
    qtbot.waitUntil(prompt.isVisible)
    assert prompt.button.text() == "Confirm or change"
    assert not prompt.button.isEnabled()
    assert not window.home.cards["PRESS-1"].reason_button.isEnabled()

    window.sign_out()
    sign_in_fixed(qtbot, window, "1111")  # Ana, operator
    assert prompt.button.isEnabled()


def test_a_refused_entry_is_not_kept_as_a_draft_and_an_old_one_is_dropped_silently(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id = a_stop_without_reason(site)
    sign_in_fixed(qtbot, window, "5555")
    david = signed_in_id(window)
    # However he got there, the reason screen of a stop is nothing he may finish.
    window.ask_reason("PRESS-1", event_id)
    window.sign_out()
    store_answered(qtbot, window)
    assert drafts(site) == []

    # A draft left by an earlier version of the client is dropped at sign-in, without a word.
    with store_of(site) as store:
        store.save_draft(david, {"screen": "reason", "machine_id": "PRESS-1", "event_id": event_id})
    sign_in_fixed(qtbot, window, "5555")
    store_answered(qtbot, window)
    assert UNFINISHED not in window.toast.text()
    assert window.stack.currentWidget() is window.home
    assert drafts(site) == []


def test_a_reason_draft_whose_stop_was_named_since_is_dropped_without_a_message(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id = a_stop_without_reason(site)
    sign_in_fixed(qtbot, window, "1111")
    ana = signed_in_id(window)
    window.ask_reason("PRESS-1", event_id)
    window.sign_out()
    store_answered(qtbot, window)
    assert drafts(site) == [ana]  # kept for Ana: she may name it

    with store_of(site) as store:
        CaptureService(store, bundled_catalogue(), site, clock=lambda: NOW).categorize(
            person(Role.SUPERVISOR), event_id, "EQP.MEC.JAM"
        )
    sign_in_fixed(qtbot, window, "1111")
    store_answered(qtbot, window)
    assert UNFINISHED not in window.toast.text()
    assert window.stack.currentWidget() is window.home
    assert drafts(site) == []


def test_the_shift_screen_offers_the_job_screen_only_to_who_may_run_jobs(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_fixed(qtbot, window, "5555")
    window.open_screen_by_key("shift")
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    assert not screen.jobs.job_screen_button.isVisibleTo(screen)

    window.sign_out()
    sign_in_fixed(qtbot, window, "2222")  # the supervisor starts jobs from there
    window.open_screen_by_key("shift")
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    assert screen.jobs.job_screen_button.isVisibleTo(screen)


def test_the_list_of_stops_to_name_is_read_only_for_a_role_that_may_not_name(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """The CI engineer may read "To name" but not name: its stops are not offered as buttons
    that lead to a reason screen he is refused at the end of; the screen says why."""
    a_stop_without_reason(site)
    window.context.clock = FixedClock(NOW)
    sign_in_with_pin(qtbot, window, "5555")
    window.open_screen_by_key("uncategorized")
    listed = window.screens["uncategorized"]
    qtbot.waitUntil(lambda: len(listed.buttons) == 1, timeout=10_000)  # type: ignore[attr-defined]
    [button] = listed.buttons.values()  # type: ignore[attr-defined]
    assert not button.isEnabled()
    assert listed.read_only.isVisible()  # type: ignore[attr-defined]
    # Whatever path asks for the reason screen, it is not opened for him.
    before = window.stack.currentWidget()
    window.ask_reason("PRESS-1", next(iter(listed.buttons)))  # type: ignore[attr-defined]
    assert window.stack.currentWidget() is before
    assert "cannot name" in window.toast.text()
