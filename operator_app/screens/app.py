"""Starting the GUI: the application, its standards, the store thread, the main window.

``run_gui`` is what ``operator-app`` runs without a command; ``--self-test`` builds every
screen offscreen and exits, for installer smoke tests.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from operator_app.cli.context import (
    EXIT_ALREADY_RUNNING,
    EXIT_BAD_CONFIG,
    EXIT_OK,
    demo_config_path,
    resolve_site,
)
from operator_app.site_config import ConfigError, SiteConfig, load_site_config

if TYPE_CHECKING:
    from operator_app.screens.line_display import LineDisplay

log = logging.getLogger(__name__)

EXIT_SELF_TEST_FAILED = 1
# Set (to anything) to have the GUI print when it first painted and when it was ready, as
# monotonic seconds: what benchmarks/startup.py measures from the spawn.
STARTUP_MARKS = "OPERATOR_APP_STARTUP_MARKS"
# The longest the cycle collector stays paused at a start, should no first paint come.
COLLECTOR_PAUSE_MAX_MS = 10_000


@dataclass
class RunningApp:
    """Everything a started client holds, so tests and shutdown can reach it."""

    context: object
    window: object
    badge_reader: object
    inactivity: object

    def save(self) -> None:
        """Write what machine data holds in memory now, and keep running."""
        from operator_app.screens.app_context import AppContext

        assert isinstance(self.context, AppContext)
        save_now = getattr(self.context.machine_monitor, "save_now", None)
        if save_now is not None:
            save_now()

    def stop(self) -> None:
        """The one shutdown, whatever ended the client; running it again does nothing."""
        from operator_app.screens.app_context import AppContext

        assert isinstance(self.context, AppContext)
        for extra in (self.context.machine_monitor, self.context.sync_worker):
            stop = getattr(extra, "stop", None)
            if stop is not None:
                stop()
        self.context.store_worker.stop()


def start_client(
    site: SiteConfig,
    *,
    language: str | None = None,
    kiosk: bool = False,
    after_first_paint: bool = False,
    line_display: bool = False,
) -> RunningApp:
    """Build the client for ``site`` inside an existing QApplication and show nothing yet.

    With ``after_first_paint`` the store, machine data and sync start once the sign-in screen
    has been painted (their imports and files cost more than the screen itself); otherwise at
    once, as tests that never show the window need.

    ``line_display``: the read-only scoreboard of the whole line instead of the touch screens
    (machine data and sync run as in the client; nobody signs in, nothing can be captured).
    """
    from PySide6.QtWidgets import QApplication

    from operator_app.screens.app_context import AppContext
    from operator_app.screens.badge_reader import BadgeReader
    from operator_app.screens.first_paint import when_painted
    from operator_app.screens.inactivity import InactivityWatch
    from operator_app.screens.main_window import MainWindow
    from operator_app.screens.quit_signals import stop_with_the_session
    from operator_app.workers.store_worker import StoreWorker
    from shopfloor_core.domain.catalogue import bundled_catalogue

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    store_worker = StoreWorker(site.database_path, open_now=False)
    context = AppContext(site, bundled_catalogue(), store_worker)
    wanted = language or site.language
    if context.set_language(wanted):
        context.default_language = wanted
    else:
        log.warning("language %s is not available; using English", wanted)
        context.default_language = context.language

    def start_machine_data() -> None:
        from operator_app.machine_data.demo import monitored_machines

        if context.machine_monitor is None and monitored_machines(site):
            from operator_app.workers.machine_monitor import MachineMonitor

            monitor = MachineMonitor(site, context.catalogue, context)
            context.machine_monitor = monitor
            context.standards_changed.connect(lambda: monitor.set_standards(context.standards))

    window: MainWindow | LineDisplay
    if line_display:
        # The scoreboard shows machine data from its first paint: the monitor comes first.
        start_machine_data()
        from operator_app.screens.line_display import LineDisplay

        window = LineDisplay(context, kiosk=kiosk)
    else:
        # The screens after sign-in are built with machine data, which the home screen shows.
        window = MainWindow(context, kiosk=kiosk, work_screens=False)

    def load_standards_in_force() -> None:
        from operator_app.services.standards import standards_in_force

        store_worker.submit(
            lambda store: standards_in_force(store, site), on_done=context.set_standards
        )

    def start_background() -> None:
        start_machine_data()
        if isinstance(window, MainWindow):
            window.build_work_screens()
        if site.sync is not None:
            from operator_app.workers.sync_worker import SyncWorker

            context.sync_worker = SyncWorker(site, context)
            if isinstance(window, MainWindow):
                context.sync_worker.status_text.connect(window.show_sync_status)
            context.sync_worker.standards_changed.connect(load_standards_in_force)
            context.language_changed.connect(lambda _l: context.sync_worker.republish())
        store_worker.open()

    # The standards in force are the last bundle the region sent; until it is read (or before
    # any arrived), the bundled defaults and the site file.
    def load_standards(error: BaseException | None) -> None:
        if error is None:
            load_standards_in_force()
            # Machine data opens its own connection once the store exists and is migrated.
            if context.machine_monitor is not None:
                context.machine_monitor.start()
            # Sync too: its own connection, after the start's migrations have run.
            if context.sync_worker is not None:
                context.sync_worker.start()

    store_worker.opened.connect(load_standards)
    if after_first_paint and isinstance(window, MainWindow):
        when_painted(window.login, start_background)
    else:
        start_background()

    if not isinstance(window, MainWindow):
        running = RunningApp(context, window, None, None)
        stop_with_the_session(app, running.stop, running.save)
        return running
    badge_reader = BadgeReader(window)
    badge_reader.badge_scanned.connect(window.badge_scanned)
    badge_reader.code_scanned.connect(window.code_scanned)

    def codes_wanted(_index: int = 0) -> None:
        badge_reader.codes_wanted = window.wants_codes()

    window.stack.currentChanged.connect(codes_wanted)
    context.person_changed.connect(lambda _person: codes_wanted())
    app.installEventFilter(badge_reader)
    inactivity = InactivityWatch(site.inactivity_timeout_s, window)
    app.installEventFilter(inactivity)
    inactivity.expired.connect(lambda: window.sign_out_after_quiet(inactivity.timeout))
    context.person_changed.connect(lambda p: inactivity.arm() if p else inactivity.disarm())
    running = RunningApp(context, window, badge_reader, inactivity)
    stop_with_the_session(app, running.stop, running.save)
    return running


def _application(argv: list[str]) -> object:
    from PySide6.QtWidgets import QApplication

    from widgets.style import apply_isa101_style

    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("operator-app")
    app.setOrganizationName("operator-app")
    apply_isa101_style(app)
    return app


def _show_config_problems(error: ConfigError) -> None:
    """The same lines as ``check-config``, in a dialog, for someone who started it by icon."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    _application(sys.argv[:1])
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Startup", "Configuration not valid"))
    box.setText(
        QCoreApplication.translate("Startup", "The site configuration {0} cannot be used:").format(
            str(error.source)
        )
    )
    box.setDetailedText("\n".join(error.lines()))
    box.exec()


def run_gui(args: argparse.Namespace) -> int:
    if getattr(args, "self_test", False):
        gc.enable()
        return self_test(args)
    try:
        site = resolve_site(args)
    except ConfigError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            _show_config_problems(error)
        return EXIT_BAD_CONFIG
    from operator_app.operations.startup import attach_window, claim_data_dir

    claim = claim_data_dir(site.data_dir)
    if claim is None:
        return EXIT_ALREADY_RUNNING
    simulators: list[object] = []
    if getattr(args, "demo", False):
        from operator_app.demo.counters import kept_counters
        from operator_app.machine_data.demo import start_demo_machines

        site, started = start_demo_machines(site, kept_counters(site))
        simulators.extend(started)
    app = _application(sys.argv[:1])
    from operator_app.screens.quit_signals import QuitOnSignals

    # Ctrl+C and SIGTERM end the loop like a close does, and so run the same shutdown.
    signals = QuitOnSignals()
    try:
        kiosk = bool(getattr(args, "kiosk", False)) or site.kiosk
        running = start_client(
            site,
            language=getattr(args, "language", None),
            kiosk=kiosk,
            line_display=bool(getattr(args, "line_display", False)),
            after_first_paint=True,
        )
        window = running.window
        if getattr(args, "demo", False):
            queue_demo_jobs(running.context, site)
        if os.environ.get(STARTUP_MARKS):
            from operator_app.screens.first_paint import print_startup_marks

            print_startup_marks(running)
        attach_window(claim, window, kiosk=kiosk)
        resume_collector_when_painted(window)
        if kiosk:
            window.showFullScreen()  # type: ignore[attr-defined]
        else:
            window.show()  # type: ignore[attr-defined]
        code = int(app.exec())  # type: ignore[attr-defined]
        running.stop()  # already done by aboutToQuit, unless the loop never ran
    finally:
        for simulator in simulators:
            simulator.stop()  # type: ignore[attr-defined]
        signals.restore()
        claim.release()
    return code


def queue_demo_jobs(context: object, site: SiteConfig) -> None:
    """The demo's orders on the store thread, after its opening; the Jobs screen lists them."""
    from operator_app.demo.jobs import queue_demo_jobs as queue
    from operator_app.screens.app_context import AppContext
    from operator_app.services.job_import import ImportReport

    assert isinstance(context, AppContext)

    def queued(report: ImportReport) -> None:
        if report.queued:
            context.records_changed.emit()

    context.store_worker.submit(
        lambda store: queue(store, site),
        on_done=queued,
        on_error=lambda error: log.warning("demo jobs not queued: %s", error),
    )


def resume_collector_when_painted(window: object) -> None:
    """The cycle collector, paused by ``__main__`` for the start, runs again once the first
    screen is painted, or after ``COLLECTOR_PAUSE_MAX_MS`` if it never is (a window that is
    never exposed must not leave it off all day)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    from operator_app.screens.first_paint import when_painted

    assert isinstance(window, QWidget)
    when_painted(getattr(window, "login", window), gc.enable)
    QTimer.singleShot(COLLECTOR_PAUSE_MAX_MS, gc.enable)


def self_test(args: argparse.Namespace) -> int:
    """Build and paint every screen offscreen, in every language; 0 when all of them work."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        site = resolve_site(args)
    except ConfigError:
        site = load_site_config(demo_config_path())
    with tempfile.TemporaryDirectory(prefix="operator-app-self-test-") as folder:
        # Never write into the plant's real store from a smoke test.
        site = replace(site, data_dir=Path(folder))
        return _self_test_in(site)


def _self_test_in(site: SiteConfig) -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from operator_app.screens.navigation import SCREENS
    from operator_app.site_config.model import SUPPORTED_LANGUAGES
    from shopfloor_core.domain.roster import Person, Role

    app = _application(sys.argv[:1])
    assert isinstance(app, QApplication)
    running = start_client(site)
    window = running.window
    from operator_app.screens.main_window import MainWindow

    assert isinstance(window, MainWindow)
    problems: list[str] = []
    # Signed in only once the standards in force are loaded, so every screen is built under
    # them (modules switched off, the region's workflows), as a person at the line would see.
    ready = QEventLoop()
    window.context.standards_changed.connect(ready.quit)
    QTimer.singleShot(10_000, ready.quit)
    if window.context.standards is None:
        ready.exec()
    if window.context.standards is None:
        problems.append("the standards in force did not load")
    window.show()
    supervisor = Person("self-test", "Self test", Role.SUPERVISOR, None, None)
    window.sign_in(supervisor)
    built = 0
    for language in SUPPORTED_LANGUAGES:
        if not window.context.set_language(language):
            problems.append(f"language {language} did not load")
            continue
        app.processEvents()
        pages = [window.login, window.home, window.reason, window.scrap, window.note]
        for entry in SCREENS:
            screen = window.open_screen(entry)
            if screen is None:
                problems.append(f"screen {entry.key} could not be built")
            else:
                pages.append(screen)
        for page in pages:
            window.stack.setCurrentWidget(page)
            app.processEvents()
            if window.grab().isNull():
                problems.append(f"{type(page).__name__} did not paint ({language})")
            built += 1
    window.sign_out()
    window.close()
    from operator_app.screens.line_display import LineDisplay

    display = LineDisplay(window.context)
    display.show()
    app.processEvents()
    if display.grab().isNull():
        problems.append("the line display did not paint")
    display.close()
    running.stop()
    from operator_app.operations.single_instance import self_check

    problems.extend(self_check(site.data_dir))
    for problem in problems:
        print(f"self-test: {problem}", file=sys.stderr)
    if problems:
        return EXIT_SELF_TEST_FAILED
    print(
        f"self-test ok: {built} screens built and painted in {len(SUPPORTED_LANGUAGES)} languages"
    )
    return EXIT_OK
