"""A job's figures agree wherever they are shown, and its page follows the counts as they
arrive (walk finding 11): the page said "Made 11 good of 500 ordered, 1 scrap" while the shift
screen's jobs table said scrap "—"; and "Made 0 of 500" stayed 0 while the press ran."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.screens.job_page import JobPage
from operator_app.screens.jobs import JobScreen
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.products import bundled_products
from tests.ui.conftest import sign_in_with_pin
from tests.ui.test_job_screen import SUPERVISOR, queue_two_jobs

SCRAP_COLUMN = 3


def started_job(site: SiteConfig) -> tuple[str, datetime]:
    """The first queued order started on the press by a supervisor: its id and start."""
    first, _second = queue_two_jobs(site)
    store = EventStore.open(site.database_path)
    try:
        started = JobService(store, site, bundled_catalogue(), bundled_products()).start(
            SUPERVISOR, first, "PRESS-1"
        )
    finally:
        store.close()
    return first, started.job.at_utc


def counted(site: SiteConfig, at: datetime, good: int, reject: int) -> None:
    """Counts as the machine monitor's flush writes them, on a connection of its own."""
    store = EventStore.open(site.database_path)
    try:
        add_counts(store.db, [CountBucket("PRESS-1", at, good, reject)])
    finally:
        store.close()


def test_the_shift_screens_jobs_table_shows_the_scrap_the_job_page_shows(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    job_id, at = started_job(site)
    counted(site, at, 11, 1)
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    table = screen.jobs.table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10_000)
    scrap = table.item(0, SCRAP_COLUMN)
    assert scrap is not None
    assert scrap.text() == "1 with no reason yet"

    window.open_job_page(job_id)
    page = window.screens["job-page"]
    assert isinstance(page, JobPage)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.made.text() == "Made 11 good of 500 ordered, 1 scrap."


def test_the_job_page_follows_the_counts_as_they_arrive(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    job_id, at = started_job(site)
    sign_in_with_pin(qtbot, window, "2222")
    window.open_job_page(job_id)
    page = window.screens["job-page"]
    assert isinstance(page, JobPage)
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    assert page.made.text() == "Made 0 good of 500 ordered, 0 scrap."
    # The monitor's flush writes counts and tells nobody: the page reads them on its own.
    counted(site, at, 7, 0)
    qtbot.waitUntil(
        lambda: page.made.text() == "Made 7 good of 500 ordered, 0 scrap.", timeout=15_000
    )


def test_the_job_screen_follows_the_counts_as_they_arrive(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    """The Jobs screen's "Made X of Y" moves with the counts too: a walk saw it stay at 0 for
    the 12 s the press ran, then jump on Pause."""
    _job_id, at = started_job(site)
    sign_in_with_pin(qtbot, window, "2222")
    screen = window.open_screen_by_key("jobs")
    assert isinstance(screen, JobScreen)
    qtbot.waitUntil(lambda: screen.made.text() == "Made 0 of 500", timeout=10_000)
    counted(site, at, 7, 0)
    qtbot.waitUntil(lambda: screen.made.text() == "Made 7 of 500", timeout=15_000)
