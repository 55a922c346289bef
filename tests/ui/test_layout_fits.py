"""Every screen, for every role that may open it, fits the line PCs' displays in every language.

At 1024×768, 1280×800, 1366×768 and 1920×1080, in the ISA-101 style the client runs with: no
button or tab text that does not fit its control, no overlapping sibling controls, nothing
outside the window or cut by its parent, every touch target at least 60 px both ways.

One client serves the whole module (building one per case would take minutes): each case signs
in the role, switches the language, sizes the window as a maximised one on that display, and puts
the screen in the state under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from operator_app.cli.context import demo_config_path
from operator_app.screens.app import RunningApp, start_client
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS, ScreenEntry
from operator_app.services.job_view import JobView
from operator_app.site_config import SiteConfig, load_site_config
from operator_app.site_config.model import SUPPORTED_LANGUAGES
from shopfloor_core.domain.products import bundled_products
from shopfloor_core.domain.roster import Person, Role
from sync.overview import DeliveryOverview
from tests.ui.layout_rules import layout_problems
from widgets.style import Status, apply_isa101_style

# 1024x700: a 1024x768 panel under a taskbar or a title bar.
DISPLAYS = ((1024, 700), (1024, 768), (1280, 800), (1366, 768), (1920, 1080))


def _entry(key: str) -> ScreenEntry:
    return next(e for e in SCREENS if e.key == key)


def _open(key: str) -> Callable[[MainWindow], None]:
    def show(window: MainWindow) -> None:
        assert window.open_screen(_entry(key)) is not None

    return show


def _home(window: MainWindow) -> None:
    window.go_home()


def _home_with_a_stop(window: MainWindow) -> None:
    """A machine down and waiting for its reason: its card shows two buttons where one was."""
    card = window.home.cards["WELD-2"]
    if card.open_event is None:
        window.home.start_downtime("WELD-2")
        stopped = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: stopped.quit() if card.open_event is not None else None)
        timer.start(20)
        QTimer.singleShot(10_000, stopped.quit)
        stopped.exec()
        timer.stop()
    assert card.open_event is not None
    window.go_home()


def _home_with_a_detected_stop(window: MainWindow) -> None:
    """The PLC saw the stop: the yellow prompt above the line asks its reason as well (the
    1024x700 walk of the demo found its button cut to "ame the reaso" and Scrap pushed off)."""
    _home_with_a_stop(window)
    card = window.home.cards["WELD-2"]
    assert card.open_event is not None
    name = card.machine.name_in(window.context.language)
    zone = window.context.site.timezone
    stop = card.open_event
    window.home.stop_prompt.ask("WELD-2", name, stop.event_id, stop.start_utc, zone)


def _reason(window: MainWindow) -> None:
    window.stack.setCurrentWidget(window.reason)


def _wait_until(condition: Callable[[], bool]) -> None:
    """The event loop runs until ``condition`` holds (10 s at most), as a running window's does."""
    met = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: met.quit() if condition() else None)
    timer.start(20)
    QTimer.singleShot(10_000, met.quit)
    if not condition():
        met.exec()
    timer.stop()


def _recorded(window: MainWindow, work: Callable[..., object]) -> object:
    """What ``work`` returns when run on the store thread, once it has run."""
    answers: list[object] = []
    window.context.store_worker.submit(work, on_done=answers.append)
    _wait_until(lambda: bool(answers))
    assert answers
    return answers[0]


# A stop the PLC reported with a fault the region's fault map names a reason for, recorded once.
_FAULT_STOPS: dict[str, str] = {}


def _reason_with_a_fault_suggestion(window: MainWindow) -> None:
    """The stop's reason asked with the PLC's fault and the reason it suggests to confirm (the
    1024x700 walk found "Confirm: Jam" cut to "nfirmar: Atas" and "Later" scrolled off)."""
    from local_store import EventStore
    from operator_app.services.capture import CaptureService

    context = window.context
    assert context.standards is not None
    suggested = context.standards.fault_map.reason_for(101)
    assert suggested is not None
    if "PRESS-1" not in _FAULT_STOPS:
        catalogue, site = context.catalogue, context.site
        start = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)

        def record(store: EventStore) -> object:
            service = CaptureService(store, catalogue, site, context.clock)
            return service.machine_stopped(
                "PRESS-1",
                start,
                until=start + timedelta(minutes=3),
                fault_code=101,
                suggested_reason=suggested,
            )

        revisions = _recorded(window, record)
        assert isinstance(revisions, list)
        assert revisions
        _FAULT_STOPS["PRESS-1"] = revisions[0].event_id
    window.ask_reason("PRESS-1", _FAULT_STOPS["PRESS-1"])
    _wait_until(lambda: window.reason.suggested is not None)
    assert window.reason.suggested == suggested, (window.reason.stop_event, context.person)


def _scrap_reasons(window: MainWindow) -> None:
    window.scrap.start()
    window.enter_scrap()


def _scrap_quantity(window: MainWindow) -> None:
    _scrap_reasons(window)
    window.scrap.pages.setCurrentIndex(1)


def _note(window: MainWindow) -> None:
    window.enter_note()


def _andon_call(window: MainWindow) -> None:
    window.call_for_help()


def _shift_tab(index: int, events_page: int = 0) -> Callable[[MainWindow], None]:
    def show(window: MainWindow) -> None:
        screen = window.open_screen(_entry("shift"))
        tabs = getattr(screen, "tabs")  # noqa: B009 - the screen is loaded by name
        tabs.setCurrentIndex(index)
        getattr(screen, "event_pages").setCurrentIndex(events_page)  # noqa: B009

    return show


def _store_work_done(window: MainWindow) -> None:
    """Every answer the store worker owes is delivered: it answers in the order it was asked."""
    _recorded(window, lambda _store: True)


def _handover_with_the_longest_delivery(window: MainWindow) -> None:
    """The handover with every delivery sentence at once (not set up, a backlog since long ago,
    a last delivery, refusals): the sign-off must stay in sight under them."""
    _shift_tab(3)(window)
    _store_work_done(window)  # the screen's own delivery answer first, then this one over it
    long_ago = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
    screen = window.screens["shift"]
    getattr(screen, "_show_delivery")(  # noqa: B009 - the screen is loaded by name
        DeliveryOverview(
            waiting=123_456,
            waiting_since_utc=long_ago,
            refused=9_876,
            last_delivery_utc=long_ago,
            last_contact_utc=long_ago,
        )
    )


def _workflow_list(window: MainWindow) -> None:
    """The list of workflows, not a run left open by the case before (the number step's)."""
    from operator_app.screens.workflow_runner import WorkflowRunnerScreen

    screen = window.open_screen(_entry("workflows"))
    assert isinstance(screen, WorkflowRunnerScreen)
    screen.cancel()
    assert screen.pages.currentIndex() == 0


def _workflow_number(window: MainWindow) -> None:
    from operator_app.screens.workflow_runner import WorkflowRunnerScreen
    from shopfloor_core.domain.workflows import StepKind, Subject

    screen = window.open_screen(_entry("workflows"))
    assert isinstance(screen, WorkflowRunnerScreen)
    workflow = next(
        w
        for w in window.context.workflows.workflows
        if w.subject is Subject.NONE and w.steps[0].kind is StepKind.NUMBER
    )
    screen.start(workflow, None)
    # A hint that wraps is the case that cut the keypad's OK button off.
    screen.keypad.hint.setText("x " * 60)


def _jobs_on_the_press(site: SiteConfig) -> None:
    """A job running on the press and two waiting, with long names, for the job screens."""
    from local_store import EventStore
    from operator_app.services.jobs import JobService
    from shopfloor_core.domain.catalogue import bundled_catalogue
    from shopfloor_core.domain.products import bundled_products

    supervisor = Person("layout-jobs", "Layout jobs", Role.SUPERVISOR, None, None)
    store = EventStore.open(site.database_path)
    try:
        jobs = JobService(store, site, bundled_catalogue(), bundled_products())
        running = jobs.add(supervisor, "HNG-0800", 12000, order_number="4500123456-0010")
        jobs.add(supervisor, "BRK-2040", 2500, order_number="4500123457-0020", machine_id="PRESS-1")
        jobs.add(supervisor, "HNG-1200", 800, order_number="4500123458-0030")
        jobs.start(supervisor, running.job_id, "PRESS-1")
    finally:
        store.close()


def _jobs_with_a_choice(window: MainWindow) -> None:
    """The job screen with a queued job tapped: its start button shows under the queue."""
    from operator_app.screens.jobs import JobScreen

    screen = window.open_screen(_entry("jobs"))
    assert isinstance(screen, JobScreen)
    loaded = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loaded.quit() if screen.jobs is not None else None)
    timer.start(20)
    QTimer.singleShot(10_000, loaded.quit)
    loaded.exec()
    timer.stop()
    assert screen.jobs is not None
    if screen.jobs.queue and screen.chosen is None:
        screen.choose(screen.jobs.queue[0])


def _job_page(window: MainWindow) -> None:
    from operator_app.screens.jobs import JobScreen

    _jobs_with_a_choice(window)
    screen = window.screens["jobs"]
    assert isinstance(screen, JobScreen)
    assert screen.jobs is not None
    queued = screen.jobs.in_force or screen.jobs.queue[0]
    window.open_job_page(queued.job_id)


@dataclass(frozen=True)
class ScreenState:
    name: str
    show: Callable[[MainWindow], None]
    # The navigation entry whose roles may see it; None for the capture screens everyone has.
    entry: str | None = None


STATES = (
    ScreenState("home", _home),
    ScreenState("home-with-a-stop", _home_with_a_stop),
    ScreenState("home-with-a-detected-stop", _home_with_a_detected_stop),
    ScreenState("reason", _reason),
    ScreenState("reason-with-a-fault-suggestion", _reason_with_a_fault_suggestion),
    ScreenState("scrap-reasons", _scrap_reasons),
    ScreenState("scrap-quantity", _scrap_quantity),
    ScreenState("note", _note),
    ScreenState("andon-call", _andon_call),
    ScreenState("uncategorized", _open("uncategorized"), "uncategorized"),
    ScreenState("trends", _open("trends"), "trends"),
    ScreenState("shift-overview", _shift_tab(0), "shift"),
    ScreenState("shift-losses", _shift_tab(1), "shift"),
    ScreenState("shift-events", _shift_tab(2), "shift"),
    ScreenState("shift-rename", _shift_tab(2, events_page=1), "shift"),
    ScreenState("shift-split", _shift_tab(2, events_page=2), "shift"),
    ScreenState("shift-note", _shift_tab(2, events_page=3), "shift"),
    ScreenState("shift-handover", _shift_tab(3), "shift"),
    ScreenState("shift-handover-long-delivery", _handover_with_the_longest_delivery, "shift"),
    ScreenState("jobs", _jobs_with_a_choice, "jobs"),
    ScreenState("job-page", _job_page, "jobs"),
    ScreenState("lines", _open("lines"), "lines"),
    ScreenState("workflows", _workflow_list, "workflows"),
    ScreenState("workflow-number", _workflow_number, "workflows"),
    ScreenState("sync-problems", _open("sync-problems"), "sync-problems"),
    ScreenState("diagnostics", _open("diagnostics"), "diagnostics"),
)


def _cases() -> Iterator[object]:
    for language in SUPPORTED_LANGUAGES:
        for width, height in DISPLAYS:
            yield pytest.param("login", language, width, height, id=f"login-{language}-{width}")
            for state in STATES:
                yield pytest.param(
                    state.name,
                    language,
                    width,
                    height,
                    id=f"{state.name}-{language}-{width}x{height}",
                )


@pytest.fixture(scope="module")
def running(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    style, font, palette, sheet = (
        qapp.style().name(),
        QFont(qapp.font()),
        QPalette(qapp.palette()),
        qapp.styleSheet(),
    )
    apply_isa101_style(qapp)  # the look and font size the client runs with
    site = replace(
        load_site_config(demo_config_path()), data_dir=Path(tmp_path_factory.mktemp("layout"))
    )
    client = start_client(site, language="en")
    window = client.window
    assert isinstance(window, MainWindow)
    window.show()
    # Signed in only once the standards in force are read, as at the line.
    ready = QEventLoop()
    window.context.standards_changed.connect(ready.quit)
    QTimer.singleShot(10_000, ready.quit)
    if window.context.standards is None:
        ready.exec()
    assert window.context.standards is not None
    _jobs_on_the_press(site)
    yield client
    window.context.set_language("en")
    client.stop()
    window.close()
    window.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _settle(qapp: QApplication) -> None:
    # Rounds of the event loop, as a running window gets them: a table whose wrapped rows grow
    # with the width its columns get settles in a few more layout passes than one that does not.
    for _ in range(10):
        qapp.processEvents()


def _roles_for(state: ScreenState, window: MainWindow) -> list[Role]:
    if state.entry is None:
        return list(Role)
    entry = _entry(state.entry)
    return [r for r in Role if entry.offered_to(r)]


@pytest.mark.parametrize(("state_name", "language", "width", "height"), list(_cases()))
def test_screen_fits_the_display(
    running: RunningApp, qapp: QApplication, state_name: str, language: str, width: int, height: int
) -> None:
    window = running.window
    assert isinstance(window, MainWindow)
    if window.context.language != language:
        assert window.context.set_language(language)
    # A maximised window on that display: the screen must fit it, not grow it.
    window.setMaximumSize(width, height)
    window.resize(width, height)
    found: list[str] = []
    if state_name == "login":
        if window.context.person is not None:
            window.sign_out()
        _settle(qapp)
        found = [f"login: {p}" for p in layout_problems(window, width, height)]
    else:
        state = next(s for s in STATES if s.name == state_name)
        for role in _roles_for(state, window):
            person = Person(f"layout-{role.value}", f"Layout {role.value}", role, None, None)
            if window.context.person != person:
                window.sign_in(person)
            # After the sign-in, which applies the person's own language (English here).
            if window.context.language != language:
                assert window.context.set_language(language)
            state.show(window)
            _settle(qapp)
            found += [f"{role.value}: {p}" for p in layout_problems(window, width, height)]
            if window.rail.overflowing() and not window.rail.shows_more():
                found.append(f"{role.value}: the rail's places scroll and nothing shows it")
    if found:
        more = f"\n… and {len(found) - 40} more" if len(found) > 40 else ""
        pytest.fail("\n".join(found[:40]) + more, pytrace=False)


def _at_1024(running: RunningApp, role: Role, language: str) -> MainWindow:
    """The window on the smallest display, someone of ``role`` signed in, in ``language``."""
    window = running.window
    assert isinstance(window, MainWindow)
    # Signed in first: signing in applies the person's own language.
    window.sign_in(Person(f"layout-{role.value}", f"Layout {role.value}", role, None, None))
    if window.context.language != language:
        assert window.context.set_language(language)
    window.setMaximumSize(1024, 768)
    window.resize(1024, 768)
    return window


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_home_figures_read_whole_at_1024(
    running: RunningApp, qapp: QApplication, language: str
) -> None:
    """A figure's caption and value are never cut on the smallest display, a stop showing."""
    from operator_app.screens.scoreboard_view import Figure

    window = _at_1024(running, Role.OPERATOR, language)
    _home_with_a_stop(window)
    _settle(qapp)  # the language's texts first, so they do not replace the figure set below
    card = window.home.cards["WELD-2"]
    # A target and an OEE: the figure with a note beside its value.
    oee = card.figures.cells["oee"]
    oee.show_value("OEE", "72,0 %", "objetivo 65,0", Status.NORMAL)
    _settle(qapp)
    cut = []
    for tile in [*window.home.cards.values(), window.home.line_tile]:
        for figure in tile.findChildren(Figure):
            for label in (figure.caption, figure.value):
                right = label.mapTo(tile, label.rect().topLeft()).x() + label.sizeHint().width()
                if label.width() < label.sizeHint().width() or right > tile.contentsRect().right():
                    cut.append(f"{label.text()!r}: needs {label.sizeHint().width()} px")
    assert cut == []


def _shift_jobs_rows() -> tuple[JobView, ...]:
    """Two jobs as a busy shift shows them: long order numbers, the longest demo product names,
    scrap under three reasons, a changeover, and an ad-hoc job (no quantity ordered)."""
    products = bundled_products()
    longest = sorted(products.products.values(), key=lambda p: -len(p.name_in("es")))
    rows = []
    for n, (product, ordered) in enumerate(zip(longest[:2], (12000, None), strict=True)):
        rows.append(
            JobView(
                job_id=f"job-{n}",
                machine_id="PRESS-1",
                order_number="4500123456-0010" if ordered else None,
                product_code=product.code,
                product_name=product.name_in("es"),
                ordered=ordered,
                good=11_234,
                reject=312,
                scrap_by_reason=(("SCR.SRF.BUR", 120), ("SCR.DIM.OVR", 97), ("SCR.PRC.SET", 95)),
                changeover_s=2_712.0 if n else None,
                planned_s=14_400.0,
                run_s=12_000.0,
                downtime_s=2_400.0,
                ideal_cycle_s=1.8,
                availability=0.83,
                performance=0.91,
                quality=0.97,
                oee=0.733,
                started_utc=None,
                ended_utc=None,
                state="running",
            )
        )
    return tuple(rows)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_shift_jobs_table_fits_1024_without_sideways_scrolling(
    running: RunningApp, qapp: QApplication, language: str
) -> None:
    """The shift screen's jobs at 1024 px: every column seen at once, long texts wrapped."""
    from operator_app.screens.shift_jobs import ShiftJobs

    window = _at_1024(running, Role.SUPERVISOR, language)
    _shift_tab(0)(window)
    _settle(qapp)
    section = window.findChild(ShiftJobs)
    assert section is not None
    section.show_jobs(_shift_jobs_rows())
    _settle(qapp)
    table = section.table
    header = table.horizontalHeader()
    sizes = [header.sectionSize(c) for c in range(table.columnCount())]
    assert table.horizontalScrollBar().maximum() == 0, (sizes, table.viewport().width())
    assert sum(sizes) <= table.viewport().width()
    # Wrapped, not cut: each row as high as its tallest cell's text, the table as its rows.
    for row in range(table.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row)
    assert table.height() >= sum(table.rowHeight(r) for r in range(table.rowCount()))


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_rail_shows_which_way_its_places_scroll_at_1024x700(
    running: RunningApp, qapp: QApplication, language: str
) -> None:
    """A supervisor's places do not all fit 700 px: an arrow says more are below, then above
    once scrolled, and the last place comes whole into sight."""
    window = _at_1024(running, Role.SUPERVISOR, language)
    window.setMaximumSize(1024, 700)
    window.resize(1024, 700)
    window.go_home()
    _settle(qapp)
    rail = window.rail
    assert rail.overflowing()
    assert (rail.more_above.text(), rail.more_below.text()) == ("", "▼")
    bar = rail.places_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    _settle(qapp)
    assert (rail.more_above.text(), rail.more_below.text()) == ("▲", "")
    viewport = rail.places_area.viewport()
    last = [b for b in rail.buttons if b.isVisible() and viewport.isAncestorOf(b)][-1]
    top = last.mapTo(viewport, last.rect().topLeft()).y()
    assert top >= 0, last.text()
    assert top + last.height() <= viewport.height(), last.text()
    bar.setValue(0)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_andon_calls_reasons_are_seen_whole_at_1024x700(
    running: RunningApp, qapp: QApplication, language: str
) -> None:
    """Calling for help on the stopped machine, the reasons are all in sight: the walk found
    them in a small scroll area, their second row cut (the layout rules do not look inside a
    scroll area, so the screen-by-screen cases passed)."""
    window = _at_1024(running, Role.OPERATOR, language)
    window.setMaximumSize(1024, 700)
    window.resize(1024, 700)
    _home_with_a_stop(window)
    _andon_call(window)
    window.andon.choose_machine("WELD-2")
    _settle(qapp)
    area = window.andon.grid_area
    assert area.verticalScrollBar().maximum() == 0, area.viewport().height()
    viewport = area.viewport()
    for button in window.andon.grid.buttons.values():
        top = button.mapTo(viewport, button.rect().topLeft()).y()
        assert top + button.height() <= viewport.height(), button.text()


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_scrap_keys_stay_put_when_the_keypads_hint_changes_at_1024x700(
    running: RunningApp, qapp: QApplication, language: str
) -> None:
    """The walk saw the keypad jump about 30 px sideways when "The largest allowed is 500."
    took the place of "Allowed: 1 to 500": a gloved tap meant for one digit lands on another."""
    window = _at_1024(running, Role.OPERATOR, language)
    window.setMaximumSize(1024, 700)
    window.resize(1024, 700)
    _scrap_quantity(window)
    keypad = window.scrap.keypad
    keypad.clear()
    _settle(qapp)
    keys = [*keypad.digit_buttons.values(), keypad.back_button, keypad.clear_button]
    keys.append(keypad.ok_button)

    def where() -> list[tuple[int, int, int, int]]:
        return [(*k.mapTo(window, QPoint(0, 0)).toTuple(), k.width(), k.height()) for k in keys]

    before, hint = where(), keypad.hint.text()
    for digit in "600":
        keypad.press(digit)
    keypad.confirm()
    _settle(qapp)
    assert keypad.hint.text() != hint
    assert where() == before
    keypad.clear()
