"""The operator's job screen on a real client: start, pause, resume, end and scan, each
confirmed only once it is in the SQLite file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.screens.job_page import JobPage
from operator_app.screens.jobs import JobScreen
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.products import bundled_products
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import rows, sign_in_with_pin
from widgets.confirm_question import ConfirmQuestion
from widgets.style import MIN_TOUCH_PX

LEFT = Qt.MouseButton.LeftButton
SUPERVISOR = Person("102", "Luis Ortega", Role.SUPERVISOR, None, None)


def queue_two_jobs(site: SiteConfig) -> tuple[str, str]:
    """Two orders for the press, queued by a supervisor on a connection of the test's own."""
    store = EventStore.open(site.database_path)
    try:
        jobs = JobService(store, site, bundled_catalogue(), bundled_products())
        first = jobs.add(SUPERVISOR, "BRK-1010", 500, order_number="ORD-4711", machine_id="PRESS-1")
        second = jobs.add(SUPERVISOR, "HNG-0450", 300, order_number="4500012", machine_id="PRESS-1")
    finally:
        store.close()
    return first.job_id, second.job_id


def first_running_with(site: SiteConfig, job_id: str, good: int, reject: int) -> None:
    """``job_id`` started on the press by the supervisor, the parts counted in its first minute."""
    store = EventStore.open(site.database_path)
    try:
        started = JobService(store, site, bundled_catalogue(), bundled_products()).start(
            SUPERVISOR, job_id, "PRESS-1"
        )
        add_counts(store.db, [CountBucket("PRESS-1", started.job.at_utc, good, reject)])
    finally:
        store.close()


def scan(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """A wedge scanner types into whatever has the keyboard focus, fast, then Enter."""
    target = QApplication.focusWidget() or window
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)


def job_states(site: SiteConfig) -> dict[str, str]:
    return {r["order_number"]: r["state"] for r in rows(site.database_path, "SELECT * FROM jobs")}


def answer_end(qtbot: QtBot, screen: JobScreen, answer: str) -> ConfirmQuestion:
    """The question before a job ends, answered with the button that says ``answer``."""
    qtbot.waitUntil(lambda: screen.question is not None and screen.question.isVisible())
    question = screen.question
    assert question is not None
    button = next(
        b for b in (question.confirm_button, question.cancel_button) if b.text() == answer
    )
    button.click()  # not a mouse tap: the dialog holds taps off for a moment after it opens
    return question


def open_jobs(window: MainWindow) -> JobScreen:
    entry = next(e for e in SCREENS if e.key == "jobs")
    screen = window.open_screen(entry)
    assert isinstance(screen, JobScreen)
    return screen


def operator_with_two_queued(qtbot: QtBot, window: MainWindow, site: SiteConfig) -> JobScreen:
    """An operator signed in on the job screen, the two orders of ``queue_two_jobs`` listed."""
    queue_two_jobs(site)
    sign_in_with_pin(qtbot, window, "1111")
    screen = open_jobs(window)
    qtbot.waitUntil(lambda: len(screen.queue_buttons) == 2, timeout=10_000)
    return screen


def test_an_operator_runs_a_job_with_taps_and_switches_to_the_next_with_a_scan(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = operator_with_two_queued(qtbot, window, site)
    assert screen.in_force.text() == "No job running on this machine."

    # A tap chooses the job, a second on the start button starts it.
    qtbot.mouseClick(screen.queue_buttons[next(iter(screen.queue_buttons))], LEFT)
    assert screen.start_button.isVisibleTo(screen)
    assert screen.start_button.label == "Start ORD-4711"
    for button in (screen.start_button, *screen.queue_buttons.values()):
        assert min(button.width(), button.height()) >= MIN_TOUCH_PX
    qtbot.mouseClick(screen.start_button, LEFT)
    qtbot.waitUntil(lambda: "started" in window.toast.text(), timeout=10_000)
    # Said only after the store answered: the file has it already.
    assert job_states(site)["ORD-4711"] == "running"
    qtbot.waitUntil(lambda: screen.made.text() == "Made 0 of 500", timeout=10_000)

    qtbot.mouseClick(screen.pause_button, LEFT)
    qtbot.waitUntil(lambda: job_states(site)["ORD-4711"] == "paused", timeout=10_000)
    qtbot.waitUntil(lambda: screen.pause_button.label == "Resume job", timeout=10_000)
    qtbot.mouseClick(screen.pause_button, LEFT)
    qtbot.waitUntil(lambda: job_states(site)["ORD-4711"] == "running", timeout=10_000)

    # The scanner types the next order's number (digits only: no badge has them) and Enter.
    scan(qtbot, window, "4500012")
    qtbot.waitUntil(lambda: job_states(site)["4500012"] == "running", timeout=10_000)
    assert job_states(site)["ORD-4711"] == "ended"
    assert window.context.person is not None  # the scan was no badge: nobody signed out
    changeover = rows(
        site.database_path, "SELECT reason_code, end_utc FROM events WHERE kind = 'downtime'"
    )
    assert [(r["reason_code"], r["end_utc"]) for r in changeover] == [("PLN.CHG.PRD", None)]
    qtbot.waitUntil(lambda: screen.in_force.text().startswith("Running: 4500012"), timeout=10_000)

    # A code no job or product has is said plainly, and changes nothing.
    scan(qtbot, window, "XYZ-999")
    qtbot.waitUntil(lambda: "XYZ-999" in window.toast.text(), timeout=10_000)
    assert job_states(site) == {"ORD-4711": "ended", "4500012": "running"}

    qtbot.mouseClick(screen.end_button, LEFT)
    answer_end(qtbot, screen, "End 4500012")
    qtbot.waitUntil(lambda: job_states(site)["4500012"] == "ended", timeout=10_000)
    qtbot.waitUntil(lambda: screen.in_force.text() == "No job running on this machine.")


def test_a_refused_start_says_why_and_records_nothing(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = operator_with_two_queued(qtbot, window, site)
    # The job is taken by another station meanwhile (here: cancelled by the supervisor).
    store = EventStore.open(site.database_path)
    try:
        jobs = JobService(store, site, bundled_catalogue(), bundled_products())
        first = jobs.queue()[0]
        jobs.cancel(SUPERVISOR, first.job_id, "customer withdrew the order")
    finally:
        store.close()
    qtbot.mouseClick(screen.queue_buttons[first.job_id], LEFT)
    qtbot.mouseClick(screen.start_button, LEFT)
    refused = "That job cannot do this now (another station may have changed it first)."
    qtbot.waitUntil(lambda: window.toast.text() == refused, timeout=10_000)
    assert visible_texts(window, refused) == [refused]
    assert job_states(site)["ORD-4711"] == "cancelled"
    qtbot.waitUntil(lambda: len(screen.queue_buttons) == 1, timeout=10_000)


def test_scanning_a_product_no_job_is_queued_for_starts_an_ad_hoc_job(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = operator_with_two_queued(qtbot, window, site)
    # The press was set up for a hinge nobody ordered: its product code is scanned.
    scan(qtbot, window, "HNG-1200")
    qtbot.waitUntil(lambda: "HNG-1200" in screen.in_force.text(), timeout=10_000)
    started = rows(
        site.database_path, "SELECT * FROM job_revisions WHERE product_code = ?", "HNG-1200"
    )
    assert [(r["change"], r["quantity"], r["order_number"]) for r in started] == [
        ("queued", None, None),
        ("started", None, None),
    ]
    assert {r["author"] for r in started} == {window.context.person.person_id}  # type: ignore[union-attr]
    # No quantity ordered: what was made, and no progress bar against nothing.
    qtbot.waitUntil(lambda: screen.made.text() == "Made 0", timeout=10_000)
    assert not screen.progress.isVisibleTo(screen)
    # The queued orders stay queued for later.
    assert job_states(site) == {"ORD-4711": "queued", "4500012": "queued", None: "running"}


def test_switching_language_on_the_job_screen_names_the_products_in_it(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """The queue is read in the language of the moment: a switch reads it again, or the
    Spanish screen keeps the English product names it was first drawn with."""
    screen = operator_with_two_queued(qtbot, window, site)
    first = next(iter(screen.queue_buttons))
    assert "Mounting bracket 10 mm" in " ".join(screen.queue_buttons[first].text().split())
    qtbot.mouseClick(window.language_button, LEFT)
    qtbot.waitUntil(lambda: window.context.language == "es", timeout=5_000)
    qtbot.waitUntil(
        lambda: any(
            "Soporte de montaje 10 mm" in " ".join(b.text().split())
            for b in screen.queue_buttons.values()
        ),
        timeout=5_000,
    )


def test_on_a_big_display_the_start_button_sits_under_the_queue_it_starts(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """At 1920×1080 the queue is short and the screen tall: the button that starts the chosen
    job belongs right under the list, not at the bottom of the screen half a metre away."""
    window.resize(1920, 1080)
    screen = operator_with_two_queued(qtbot, window, site)
    qtbot.mouseClick(screen.queue_buttons[next(iter(screen.queue_buttons))], LEFT)
    last = list(screen.queue_buttons.values())[-1]
    qtbot.waitUntil(lambda: screen.start_button.isVisible() and last.isVisible(), timeout=5_000)
    QApplication.processEvents()
    last_bottom = last.mapTo(screen, last.rect().bottomLeft()).y()
    start_top = screen.start_button.mapTo(screen, screen.start_button.rect().topLeft()).y()
    assert 0 < start_top - last_bottom <= 2 * MIN_TOUCH_PX // 3


def test_a_job_page_with_counted_scrap_and_no_reasons_does_not_say_there_was_no_scrap(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """The machine counted rejects nobody has given a reason yet: "3 scrap" above and "no
    scrap recorded" below contradicted each other on the page."""
    first, _second = queue_two_jobs(site)
    first_running_with(site, first, 40, 3)
    sign_in_with_pin(qtbot, window, "1111")
    window.open_job_page(first)
    page = window.screens["job-page"]
    assert isinstance(page, JobPage)
    qtbot.waitUntil(lambda: "40 good" in page.made.text(), timeout=10_000)
    assert "3 scrap" in page.made.text()
    assert page.no_scrap.isVisibleTo(page)
    assert "No scrap" not in page.no_scrap.text()
    assert "3" in page.no_scrap.text()


def visible_texts(window: MainWindow, words: str) -> list[str]:
    """Every label on screen that says ``words``: what the operator reads, wherever it is."""
    return [
        label.text()
        for label in window.findChildren(QLabel)
        if label.isVisible() and words in " ".join(label.text().split())
    ]


def test_a_job_change_is_confirmed_once_after_the_store_answered(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """Start, pause and end each said in one place, not in the banner and again under the
    buttons: two confirmations of one tap read as two taps."""
    screen = operator_with_two_queued(qtbot, window, site)
    qtbot.mouseClick(screen.queue_buttons[next(iter(screen.queue_buttons))], LEFT)
    qtbot.mouseClick(screen.start_button, LEFT)
    started = "ORD-4711 started on Press 1."
    qtbot.waitUntil(lambda: visible_texts(window, started) != [], timeout=10_000)
    assert job_states(site)["ORD-4711"] == "running"  # said only once it is on disk
    assert visible_texts(window, started) == [started]
    qtbot.waitUntil(lambda: screen.pause_button.label == "Pause job", timeout=10_000)
    qtbot.mouseClick(screen.pause_button, LEFT)
    qtbot.waitUntil(lambda: visible_texts(window, "ORD-4711 paused.") != [], timeout=10_000)
    assert job_states(site)["ORD-4711"] == "paused"
    assert visible_texts(window, "ORD-4711 paused.") == ["ORD-4711 paused."]
    assert visible_texts(window, started) == []  # the newer word replaced the older one
    qtbot.waitUntil(lambda: screen.end_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(screen.end_button, LEFT)
    answer_end(qtbot, screen, "End ORD-4711")
    qtbot.waitUntil(lambda: visible_texts(window, "ORD-4711 ended.") != [], timeout=10_000)
    assert job_states(site)["ORD-4711"] == "ended"
    assert visible_texts(window, "ORD-4711 ended.") == ["ORD-4711 ended."]


def test_ending_a_job_asks_first_with_what_was_made_and_keeps_it_running_on_no(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """One tap on "End job" ended the order at once, no question and no undo (walk finding 2)."""
    first, second = queue_two_jobs(site)
    first_running_with(site, first, 14, 0)
    sign_in_with_pin(qtbot, window, "1111")
    screen = open_jobs(window)
    qtbot.waitUntil(lambda: screen.made.text() == "Made 14 of 500", timeout=10_000)
    qtbot.waitUntil(lambda: screen.end_button.isEnabled(), timeout=10_000)

    qtbot.mouseClick(screen.end_button, LEFT)
    question = answer_end(qtbot, screen, "Keep it running")
    assert question.question.text() == "End ORD-4711 with 14 of 500 made?"
    assert min(question.confirm_button.height(), question.cancel_button.height()) >= MIN_TOUCH_PX
    qtbot.waitUntil(lambda: not question.isVisible())
    assert job_states(site)["ORD-4711"] == "running"

    # Starting the next job ends the running one: asked the same way.
    qtbot.mouseClick(screen.queue_buttons[second], LEFT)
    qtbot.mouseClick(screen.start_button, LEFT)
    answer_end(qtbot, screen, "End ORD-4711 and start 4500012")
    qtbot.waitUntil(lambda: job_states(site)["4500012"] == "running", timeout=10_000)
    assert job_states(site)["ORD-4711"] == "ended"
