"""The demo comes up with orders queued for its press and its welding cell, through the
import path plant IT's job lists take, and a restart queues none of them again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.demo.jobs import queue_demo_jobs
from operator_app.screens.app import queue_demo_jobs as queue_on_start
from operator_app.screens.jobs import JobScreen
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.products import bundled_products
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import client, rows, sign_in_with_pin, window

__all__ = ["client", "window"]  # the real client of tests/ui

OPERATOR = Person("op-ana", "Ana García", Role.OPERATOR, None, None)


def queued_by_machine(site: SiteConfig) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in rows(
        site.database_path,
        "SELECT machine_id, order_number FROM jobs WHERE state = 'queued' ORDER BY order_number",
    ):
        found.setdefault(row["machine_id"], []).append(row["order_number"])
    return found


def test_the_demo_queues_orders_for_both_machines_once_across_restarts(site: SiteConfig) -> None:
    store = EventStore.open(site.database_path)
    try:
        first = queue_demo_jobs(store, site)
        assert (len(first.queued), first.refused, first.problem) == (5, [], None)
        # The operator starts one; the demo is closed.
        jobs = JobService(store, site, bundled_catalogue(), bundled_products())
        started = next(j for j in jobs.queue() if j.order_number == "DEMO-4711")
        jobs.start(OPERATOR, started.job_id, "PRESS-1")
    finally:
        store.close()
    assert queued_by_machine(site) == {
        "PRESS-1": ["DEMO-4712", "DEMO-4713"],
        "WELD-2": ["DEMO-4721", "DEMO-4722"],
    }

    store = EventStore.open(site.database_path)  # the next start of the demo
    try:
        again = queue_demo_jobs(store, site)
    finally:
        store.close()
    assert again.already_imported
    assert again.queued == []
    assert len(rows(site.database_path, "SELECT * FROM jobs")) == 5
    assert (
        rows(site.database_path, "SELECT state FROM jobs WHERE order_number = 'DEMO-4711'")[0][
            "state"
        ]
        == "running"
    )
    # Recorded as plant IT's lists are: the file, when, and what it queued.
    imports = rows(site.database_path, "SELECT file_name, accepted, refused FROM job_imports")
    assert [tuple(r) for r in imports] == [("demo_jobs.csv", 5, 0)]


def test_a_new_user_of_the_demo_finds_jobs_to_start(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    queue_on_start(window.context, site)
    sign_in_with_pin(qtbot, window, "1111")
    screen = window.open_screen(next(e for e in SCREENS if e.key == "jobs"))
    assert isinstance(screen, JobScreen)
    qtbot.waitUntil(lambda: len(screen.queue_buttons) == 3, timeout=10_000)
    assert screen.machine_id == "PRESS-1"
    welding = screen.machines.buttons["WELD-2"]
    qtbot.mouseClick(welding, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(screen.queue_buttons) == 2, timeout=10_000)
    assert all("DEMO-472" in b.label for b in screen.queue_buttons.values())
