"""Each role's workflow through the real widgets, checked in the SQLite file afterwards."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.screens.workflow_runner import WorkflowRunnerScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig, load_site_config
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Role
from shopfloor_core.domain.shifts import ShiftCalendar, ShiftDefinition
from tests.conftest import person
from tests.ui.conftest import client, rows, sign_in_with_pin, type_on, window
from widgets.check_button import MARK_PX, check_icon

LEFT = Qt.MouseButton.LeftButton
ZONE = "Europe/Madrid"


def tap(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, LEFT)  # type: ignore[arg-type]


def day_long_shifts_starting(minutes_ago: int) -> ShiftCalendar:
    """One 24-hour shift a day that began ``minutes_ago``: the previous one just ended."""
    local = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).astimezone(ZoneInfo(ZONE))
    start = time(local.hour, local.minute)
    return ShiftCalendar("TEST-24H", "1x24", ZONE, (ShiftDefinition("D", "Day", start, start),))


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    base = replace(load_site_config(demo_config_path()), data_dir=tmp_path / "data")
    # No PLC in these tests: the captures come from the people and the test itself.
    machines = tuple(replace(m, connection=None, tags=()) for m in base.machines)
    return replace(base, machines=machines, shifts=day_long_shifts_starting(10))


__all__ = ["client", "window"]  # the real client of tests/ui, on this module's site


def before_start(site: SiteConfig, fn) -> None:  # type: ignore[no-untyped-def]
    """Records made before the client starts, on a connection of their own."""
    store = EventStore.open(site.database_path)
    try:
        fn(CaptureService(store, bundled_catalogue(), site))
    finally:
        store.close()


def stops_ago(site: SiteConfig, *stops: tuple[str, timedelta, timedelta, str]) -> None:
    """Stops (machine, began ago, ended ago, reason) recorded by a supervisor beforehand."""

    def record(capture: CaptureService) -> None:
        now = datetime.now(UTC)
        for machine, began, ended, code in stops:
            capture.record_downtime(
                person(Role.SUPERVISOR), machine, now - began, now - ended, reason_code=code
            )

    before_start(site, record)


def open_workflows(qtbot: QtBot, window: MainWindow, pin: str) -> WorkflowRunnerScreen:
    sign_in_with_pin(qtbot, window, pin)
    entry = next(e for e in SCREENS if e.key == "workflows")
    tap(qtbot, window.nav_buttons[entry.key])
    screen = window.screens[entry.key]
    assert isinstance(screen, WorkflowRunnerScreen)
    qtbot.waitUntil(lambda: screen.workflows is not None, timeout=10_000)
    return screen


def runs(site: SiteConfig) -> list[dict[str, object]]:
    return [dict(r) for r in rows(site.database_path, "SELECT * FROM workflow_runs")]


def test_operator_start_of_shift_checklist(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = open_workflows(qtbot, window, "1111")
    shift_id = site.shifts.latest_shifts(datetime.now(UTC), 1)[0].shift_id
    button = screen.start_buttons[f"OP.SHIFT_START:{shift_id}"]
    tap(qtbot, button)
    # An unticked item stops the operator with a message; nothing is recorded.
    tap(qtbot, screen.check_buttons["guards"])
    tap(qtbot, screen.next_button)
    assert screen.step.step_id == "safety"
    for item in ("estop", "area", "handover"):
        tap(qtbot, screen.check_buttons[item])
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.check_buttons["checked"])
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: len(runs(site)) == 1, timeout=10_000)
    (run,) = runs(site)
    assert (run["workflow_code"], run["person_id"], run["subject_key"]) == (
        "OP.SHIFT_START",
        "op-ana",
        shift_id,
    )
    answers = json.loads(str(run["answers"]))
    assert answers["safety"] == ["area", "estop", "guards", "handover"]
    qtbot.waitUntil(lambda: not screen.start_buttons.get(f"OP.SHIFT_START:{shift_id}"))
    outbox = rows(site.database_path, "SELECT record_kind FROM outbox")
    assert [r[0] for r in outbox] == ["workflow_run"]


def a_jam_twenty_minutes_ago(site: SiteConfig) -> str:
    """An open stop of Press 1 an operator named "Jam": a maintenance call is due for it."""
    stopped = {}

    def stop(capture: CaptureService) -> None:
        stopped["event"] = capture.start_downtime(
            person(Role.OPERATOR),
            "PRESS-1",
            at=datetime.now(UTC) - timedelta(minutes=20),
            reason_code="EQP.MEC.JAM",
        )

    before_start(site, stop)
    return stopped["event"].event_id


def test_maintenance_repair_report_on_a_long_stop(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id = a_jam_twenty_minutes_ago(site)
    screen = open_workflows(qtbot, window, "3333")
    qtbot.waitUntil(lambda: f"MNT.CALL:{event_id}" in screen.start_buttons, timeout=10_000)
    tap(qtbot, screen.start_buttons[f"MNT.CALL:{event_id}"])
    qtbot.keyClicks(screen.note, "Bearing replaced")
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.grid.buttons["EQP.MEC"])
    tap(qtbot, screen.grid.buttons["EQP.MEC.DRV"])
    tap(qtbot, screen.confirm_button)  # machine handed back
    # The operator named the stop: the technician sees what the cause replaces, and replaces it.
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 3, timeout=10_000)
    assert screen.replace_text.text().startswith("This replaces Jam (set by operator-1, ")
    tap(qtbot, screen.replace_button)
    qtbot.waitUntil(lambda: len(runs(site)) == 1, timeout=10_000)
    (run,) = runs(site)
    outcome = json.loads(str(run["outcome"]))
    # Response and repair times belong to the andon call, not to the report on the stop.
    assert outcome["marks"] == {}
    (stop_row,) = rows(site.database_path, "SELECT * FROM events")
    assert (stop_row["reason_code"], stop_row["note"], stop_row["author"]) == (
        "EQP.MEC.DRV",
        "Bearing replaced",
        "mnt-iker",
    )
    changes = rows(site.database_path, "SELECT change FROM event_revisions ORDER BY seq")
    assert [r[0] for r in changes] == ["created", "annotated", "recategorized"]


def test_quality_scrap_review_reclassifies(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    made = {}

    def scrap(capture: CaptureService) -> None:
        made["scrap"] = capture.record_scrap(
            person(Role.OPERATOR),
            "WELD-2",
            "SCR.SRF.SCR",
            7,
        )

    before_start(site, scrap)
    scrap_id = made["scrap"].event_id
    screen = open_workflows(qtbot, window, "4444")
    tap(qtbot, screen.start_buttons["QA.SCRAP_REVIEW"])
    qtbot.waitUntil(lambda: scrap_id in screen.subject_buttons, timeout=10_000)
    tap(qtbot, screen.subject_buttons[scrap_id])
    assert screen.keep_button.isVisible()
    tap(qtbot, screen.grid.buttons["SCR.SRF"])
    tap(qtbot, screen.grid.buttons["SCR.SRF.DNT"])
    tap(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 3, timeout=10_000)
    tap(qtbot, screen.replace_button)
    qtbot.waitUntil(lambda: len(runs(site)) == 1, timeout=10_000)
    (row,) = rows(site.database_path, "SELECT reason_code, author FROM events")
    assert tuple(row) == ("SCR.SRF.DNT", "qa-marta")
    assert json.loads(str(runs(site)[0]["answers"]))["reason"] == "SCR.SRF.DNT"


def test_ci_engineer_pareto_with_csv_export(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    stops_ago(
        site,
        ("PRESS-1", timedelta(hours=5), timedelta(hours=4), "MAT.SHT"),
        ("WELD-2", timedelta(minutes=8), timedelta(minutes=3), "EQP.ELE.SNS"),
    )
    screen = open_workflows(qtbot, window, "5555")
    tap(qtbot, screen.start_buttons["CI.PARETO"])
    type_on(qtbot, screen.keypad, "2")
    qtbot.waitUntil(lambda: screen.pareto_table.rowCount() == 2, timeout=10_000)
    assert [screen.pareto_table.item(r, 0).text() for r in range(2)] == [
        "Material shortage",
        "Sensor fault",
    ]
    tap(qtbot, screen.export_button)
    qtbot.waitUntil(lambda: screen.exported is not None, timeout=10_000)
    csv_lines = Path(str(screen.exported)).read_text(encoding="utf-8").splitlines()
    assert csv_lines[1].startswith("MAT.SHT,Material shortage,60.0,1,")
    tap(qtbot, screen.next_button)
    tap(qtbot, screen.confirm_button)
    qtbot.waitUntil(lambda: len(runs(site)) == 1, timeout=10_000)
    answers = json.loads(str(runs(site)[0]["answers"]))
    assert answers["shifts"] == 2
    assert answers["pareto"]["exported"] == screen.exported
    assert answers["pareto"]["top"] == ["MAT.SHT", "EQP.ELE.SNS"]


def test_supervisor_corrects_writes_handover_and_signs_off(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    stops_ago(site, ("PRESS-1", timedelta(hours=3), timedelta(hours=2), "OTH"))
    sign_in_with_pin(qtbot, window, "2222")
    tap(qtbot, window.nav_buttons["shift"])
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    # The last shift (it ended ten minutes ago) holds the stop put under "Other".
    tap(qtbot, screen.earlier_button)
    qtbot.waitUntil(
        lambda: (
            screen.summary is not None
            and screen.summary.shift.shift_id == screen.shift.shift_id
            and screen.event_list.count() == 1
        ),
        timeout=10_000,
    )
    assert screen.summary is not None
    assert screen.summary.other_share == 1.0
    assert screen.pareto is None  # built when its tab is first opened
    screen.tabs.setCurrentIndex(1)
    assert screen.pareto is not None
    assert screen.pareto.labels == ["Other (explain in a note)"]
    screen.tabs.setCurrentIndex(2)
    screen.event_list.setCurrentRow(0)
    qtbot.keyClicks(screen.why, "maintenance report: it was the sensor")
    tap(qtbot, screen.rename_button)
    tap(qtbot, screen.reason_grid.buttons["EQP"])
    tap(qtbot, screen.reason_grid.buttons["EQP.ELE"])
    tap(qtbot, screen.reason_grid.buttons["EQP.ELE.SNS"])
    qtbot.waitUntil(
        lambda: rows(site.database_path, "SELECT reason_code FROM events")[0][0] == "EQP.ELE.SNS",
        timeout=10_000,
    )
    qtbot.keyClicks(screen.handover_text, "Sensor on Press 1 replaced; watch it")
    tap(qtbot, screen.add_note_button)
    qtbot.waitUntil(lambda: screen.handover_list.count() == 1, timeout=10_000)
    assert screen.sign_off_button.isEnabled()
    tap(qtbot, screen.sign_off_button)
    qtbot.waitUntil(lambda: screen.confirmation is not None, timeout=10_000)
    assert screen.confirmation is not None
    tap(qtbot, screen.confirmation.confirm_button)
    qtbot.waitUntil(
        lambda: len(rows(site.database_path, "SELECT 1 FROM shift_signoffs")) == 1,
        timeout=10_000,
    )
    (signed,) = rows(site.database_path, "SELECT * FROM shift_signoffs")
    assert signed["author"] == "sup-luis"
    figures = json.loads(signed["summary"])
    assert figures["other_share"] == 0.0
    assert figures["provenance"]["shift_calendar_version"] == "TEST-24H"
    qtbot.waitUntil(lambda: not screen.sign_off_button.isEnabled(), timeout=10_000)
    (revision,) = rows(
        site.database_path, "SELECT why, author FROM event_revisions WHERE change = 'recategorized'"
    )
    assert tuple(revision) == ("maintenance report: it was the sensor", "sup-luis")


def test_operator_has_no_shift_screen(qtbot: QtBot, window: MainWindow) -> None:
    sign_in_with_pin(qtbot, window, "1111")
    assert window.nav_buttons["shift"].isHidden()
    assert window.open_screen(next(e for e in SCREENS if e.key == "shift")) is None


def test_a_ticked_checklist_item_shows_a_check_mark(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    screen = open_workflows(qtbot, window, "1111")
    shift_id = site.shifts.latest_shifts(datetime.now(UTC), 1)[0].shift_id
    tap(qtbot, screen.start_buttons[f"OP.SHIFT_START:{shift_id}"])
    item = screen.check_buttons["guards"]
    empty = item.icon().pixmap(MARK_PX).toImage()
    assert not item.icon().isNull()  # an empty box before it is ticked
    tap(qtbot, item)
    assert item.isChecked()
    # The mark is a shape, not a darker grey: the ticked box, different from the empty one.
    ticked = item.icon().pixmap(MARK_PX).toImage()
    assert ticked == check_icon(True).pixmap(MARK_PX).toImage()
    assert ticked != empty
    tap(qtbot, item)
    assert item.icon().pixmap(MARK_PX).toImage() == empty
