"""Retake the HMI screenshots in docs/ from the running client (offscreen, demo line).

    .venv/bin/python docs/make_screenshots.py

Twelve pictures: the operator's home, the line display, an andon call, the supervisor's shift
screen, the operator's job screen and a job's own page, each at 1024x768 in Spanish
(``*-es-1024.png``) and at 1920x1080 in English (``*-en-1920.png``). They are grabs of the real
widgets of ``start_client`` on the demo site.

So that they come out the same every time, the store is filled with the hand-worked morning of
tests/shifts/test_scoreboard.py (11:47:30 in Madrid, Press 1 running, Welding cell 2 down and
waiting for a reason), with the press running production order 4500123456-0010 since the shift
began (so the morning's parts are that job's) and two more orders queued, and the wall clock is
frozen at that moment for everything that reads it.
The andon call is raised by the operator through the real screens at 11:47:30 and acknowledged
by maintenance two minutes later; the picture is taken at 11:52, maintenance on the way.

Each size runs in a process of its own: a client's language is the application's installed
translator, which one process would carry from the Spanish pictures into the English ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# tests/ holds the hand-worked morning the pictures show.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import time_machine
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.screens.app import start_client
from operator_app.screens.app_context import AppContext
from operator_app.screens.job_page import JobPage
from operator_app.screens.jobs import JobScreen
from operator_app.screens.line_display import LineDisplay
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig, load_site_config
from operator_app.standards.sections import MachineTarget
from shopfloor_core.domain.andon import Team
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.products import bundled_products
from shopfloor_core.domain.roster import Roster
from tests.shifts.conftest import FixedClock
from tests.shifts.test_scoreboard import NOW, at, fill_known_shift
from widgets.style import apply_isa101_style

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OPERATOR, SUPERVISOR, MAINTENANCE = "10000001", "10000002", "10000003"


@dataclass(frozen=True)
class Take:
    language: str
    width: int
    height: int

    def name(self, picture: str) -> Path:
        return HERE / f"{picture}-{self.language}-{self.width}.png"


TAKES = {take.language: take for take in (Take("es", 1024, 768), Take("en", 1920, 1080))}
# How long a confirmation stays on screen (widgets/toast.py): the next person's picture waits.
CONFIRMATION_MS = 4_500


def wait_until(condition: Callable[[], object], timeout_ms: int = 10_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()
    if not condition():
        raise SystemExit("screenshot: the client did not get there in time")


def settle(ms: int = 300) -> None:
    """Let queued paints and layout passes run before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshot: could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def fill_the_morning(site: SiteConfig) -> None:
    """The hand-worked morning, written through the real capture service."""
    clock = FixedClock(NOW)
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, bundled_catalogue(), site, clock)
        operator = Roster(site.roster).by_badge(OPERATOR)
        assert operator is not None
        fill_known_shift(store, capture, clock, operator)
    finally:
        store.close()


def queue_the_orders(site: SiteConfig) -> None:
    """The plan of the morning: one order running on the press from the shift's start (before
    its parts are counted, so they are its own), two waiting."""
    clock = FixedClock(NOW)
    store = EventStore.open(site.database_path)
    try:
        jobs = JobService(store, site, bundled_catalogue(), bundled_products(), clock)
        supervisor = Roster(site.roster).by_badge(SUPERVISOR)
        assert supervisor is not None
        clock.now = at(4, 50)
        running = jobs.add(supervisor, "BRK-1010", 12000, order_number="4500123456-0010")
        jobs.add(supervisor, "BRK-2040", 2500, order_number="4500123457-0020", machine_id="PRESS-1")
        jobs.add(supervisor, "HNG-1200", 800, order_number="4500123458-0030")
        clock.now = at(5, 0)
        jobs.start(supervisor, running.job_id, "PRESS-1")
    finally:
        store.close()


def with_oee_target(context: AppContext, oee: float = 0.65) -> None:
    """The region's OEE target for every machine, as a bundle in force would set it."""
    wait_until(lambda: context.standards is not None)
    assert context.standards is not None
    targets = {m.machine_id: MachineTarget(oee=oee) for m in context.site.machines}
    context.set_standards(replace(context.standards, targets=targets))


def touch_screens(site: SiteConfig, take: Take, clock: time_machine.Traveller) -> None:
    running = start_client(site, language=take.language)
    window = running.window
    assert isinstance(window, MainWindow)
    window.resize(take.width, take.height)
    window.show()
    wait_until(lambda: window._store_ready)
    with_oee_target(window.context)
    roster = window.context.roster

    def person(badge: str):  # type: ignore[no-untyped-def]
        found = roster.by_badge(badge)
        assert found is not None
        return found

    # The operator's home, mid-morning.
    window.sign_in(person(OPERATOR))
    window.home.reload()
    wait_until(lambda: window.home.cards["PRESS-1"].figures.text("good") not in ("", "—"))
    save(window, take.name("operator-home"))

    # The operator's jobs: the order running on the press, the next one tapped to start.
    jobs = window.open_screen(next(e for e in SCREENS if e.key == "jobs"))
    assert isinstance(jobs, JobScreen)
    wait_until(lambda: jobs.jobs is not None and jobs.jobs.in_force is not None)
    assert jobs.jobs is not None
    jobs.choose(jobs.jobs.queue[0])
    save(window, take.name("job-screen"))
    # The running order's own page.
    jobs.figures_button.click()
    page = window.screens["job-page"]
    assert isinstance(page, JobPage)
    wait_until(lambda: page.figures is not None)
    save(window, take.name("job-page"))
    window.go_home()

    # The operator calls maintenance to the stopped machine; maintenance acknowledges it.
    window.home.calls_strip.call_button.click()
    window.andon.team_buttons[Team.MAINTENANCE].click()
    strip = window.home.calls_strip
    wait_until(lambda: len(strip.buttons) == 1)
    window.sign_out()
    clock.shift(timedelta(minutes=2))
    window.sign_in(person(MAINTENANCE))
    wait_until(lambda: len(strip.buttons) == 1)
    next(iter(strip.buttons.values())).click()
    andon = window.andon
    wait_until(lambda: andon.acknowledge_button.isVisible())
    andon.acknowledge_button.click()
    wait_until(lambda: andon.arrive_button.isVisible())
    clock.shift(timedelta(minutes=2, seconds=30))
    andon.retranslate_ui()  # the story's "open for" ticks each second; don't wait for it
    save(window, take.name("andon-call"))
    window.sign_out()
    settle(CONFIRMATION_MS)  # the call's confirmation was for maintenance, not the supervisor

    # The supervisor's shift screen.
    window.sign_in(person(SUPERVISOR))
    shift = next(e for e in SCREENS if e.key == "shift")
    screen = window.open_screen(shift)
    assert screen is not None
    wait_until(lambda: getattr(screen, "summary", None) is not None)
    save(window, take.name("supervisor-shift"))
    window.sign_out()
    window.close()
    running.stop()


def line_display(site: SiteConfig, take: Take) -> None:
    running = start_client(site, language=take.language, line_display=True)
    screen = running.window
    assert isinstance(screen, LineDisplay)
    screen.resize(take.width, take.height)
    screen.show()
    with_oee_target(screen.context)
    screen.reload()
    wait_until(lambda: screen.line_tile.figures.text("good") not in ("", "—"))
    save(screen, take.name("line-display"))
    screen.close()
    running.stop()


def take_pictures(take: Take) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_isa101_style(app)
    # Frozen, not ticking: every "since" and "how long" comes out the same on every run.
    with time_machine.travel(NOW, tick=False) as clock, tempfile.TemporaryDirectory() as folder:
        site = replace(load_site_config(demo_config_path()), data_dir=Path(folder))
        queue_the_orders(site)
        fill_the_morning(site)
        line_display(site, take)
        touch_screens(site, take, clock)


def main(argv: list[str]) -> int:
    if argv:
        take_pictures(TAKES[argv[0]])
        return 0
    for language in TAKES:
        subprocess.run([sys.executable, __file__, language], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
