"""Every section of the regional bundle runs the line once it is in force, not the catalogue only:
roster, role workflows, shift calendar, targets and modules, checked by the same reader that
applies them, kept across a restart without network."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.cli.main import main as cli_main
from operator_app.screens.app import start_client
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.standards import standards_in_force
from operator_app.site_config import SiteConfig
from operator_app.standards.sections import read_standards
from shopfloor_core.domain.roster import Role
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.sync.conftest import Device, ThreadServer, standard_bundle

ZONE = "Europe/Madrid"


def regional_bundle(**changes: Any) -> dict[str, Any]:
    """The region's next standard: its own roster, a 2x12 calendar, targets, trends off."""
    bundle = standard_bundle(
        roster=[
            {"id": "mnt-rosa", "name": "Rosa Vidal", "role": "maintenance", "badge": "77001"},
            {"id": "op-ana", "name": "Ana García", "role": "operator", "badge": "10000001"},
        ],
        targets={"PRESS-1": {"oee": 0.85, "ideal_cycle_time_s": 1.5}, "OTHER-PLANT-M": {}},
        modules={"trends": False, "workflows": True, "a_module_of_newer_clients": True},
    )
    calendar = copy.deepcopy(bundle["shift_calendar"])
    calendar["version"] = "EU-2027.2"
    calendar["default"] = "2x12"
    bundle["shift_calendar"] = calendar
    workflows = copy.deepcopy(bundle["workflows"])
    workflows["version"] = "WF-2027.2"
    bundle["workflows"] = workflows
    bundle.update(changes)
    return bundle


# -- the reader ---------------------------------------------------------------------------------
def test_a_sound_bundle_reads_into_every_standard() -> None:
    standards, problems = read_standards(regional_bundle(), ZONE, version=9)
    assert problems == []
    assert standards is not None
    assert [p.person_id for p in standards.roster] == ["mnt-rosa", "op-ana"]
    assert standards.roster[0].role is Role.MAINTENANCE
    assert standards.workflows.version == "WF-2027.2"
    assert standards.targets["PRESS-1"].oee == 0.85
    assert standards.targets["PRESS-1"].ideal_cycle_time_s == 1.5
    # Names only newer clients know are left out, not refused.
    assert standards.modules == {"trends": False, "workflows": True}


@pytest.mark.parametrize(
    ("section", "value", "expected"),
    [
        ("targets", {"PRESS-1": {"oee": 1.5}}, "targets.PRESS-1.oee: must be at most 1.0"),
        ("targets", {"PRESS-1": {"oee": 0}}, "targets.PRESS-1.oee: must be greater than 0"),
        (
            "targets",
            {"PRESS-1": {"ideal_cycle_time_s": -2}},
            "targets.PRESS-1.ideal_cycle_time_s: must be greater than 0",
        ),
        ("targets", {"PRESS-1": {"oe": 0.8}}, "targets.PRESS-1.oe: is not a known setting"),
        ("targets", {"PRESS-1": 0.8}, "targets.PRESS-1: must be a table"),
        ("modules", {"trends": "no"}, "modules.trends: must be true or false"),
        (
            "roster",
            [{"id": "x", "name": "X", "role": "operator"}],
            "roster[0]: needs a badge or a pin_hash to sign in",
        ),
        (
            "roster",
            [
                {"id": "a", "name": "A", "role": "operator", "badge": "5555"},
                {"id": "b", "name": "B", "role": "operator", "badge": "5555"},
            ],
            "roster[1].badge: is used by another person",
        ),
        (
            "roster",
            [{"id": "a", "name": "A", "role": "operator", "badge": "5555", "pin": "1234"}],
            "roster[0].pin: plaintext PINs are refused",
        ),
    ],
)
def test_a_bad_section_is_refused_with_a_line_naming_the_key(
    section: str, value: Any, expected: str
) -> None:
    standards, problems = read_standards(regional_bundle(**{section: value}), ZONE)
    assert standards is None
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    "section", ["catalogue", "roster", "workflows", "shift_calendar", "targets", "modules"]
)
def test_a_section_sent_as_null_is_refused_as_missing(section: str) -> None:
    standards, problems = read_standards(regional_bundle(**{section: None}), ZONE)
    assert standards is None
    assert problems == [f"bundle: missing sections {section}"]


def test_a_calendar_without_the_sites_pattern_is_refused() -> None:
    bundle = regional_bundle()
    del bundle["shift_calendar"]["patterns"]["3x8-5d"]
    # A site following the region's default is unaffected; one on 3x8-5d would lose its shifts.
    assert read_standards(bundle, ZONE, shift_pattern="")[1] == []
    assert read_standards(bundle, ZONE, shift_pattern=None)[1] == []
    standards, problems = read_standards(bundle, ZONE, shift_pattern="3x8-5d")
    assert standards is None
    assert any("'3x8-5d'" in p and "this site's [shifts] pattern" in p for p in problems)


def test_the_site_runs_under_the_bundle(site: SiteConfig) -> None:
    standards, _ = read_standards(regional_bundle(), ZONE)
    assert standards is not None
    assert site.shift_pattern == ""  # the demo line follows the region's default pattern
    applied = standards.applied_to(site)
    assert [p.person_id for p in applied.roster] == ["mnt-rosa", "op-ana"]
    calendar = calendar_of(applied)
    assert calendar.version == "EU-2027.2/2x12"
    assert len(calendar.shifts) == 2
    assert applied.machine("PRESS-1").ideal_cycle_time_s == 1.5
    # What only the plant knows stays the site file's.
    assert applied.machines[1] == site.machines[1]
    assert (applied.device, applied.data_dir) == (site.device, site.data_dir)

    # A site with its own shifts keeps them; a region without a roster leaves the file's.
    own = replace(site, shift_pattern=None)
    unmanaged, _ = read_standards(regional_bundle(roster=[]), ZONE)
    assert unmanaged is not None
    kept = unmanaged.applied_to(own)
    assert kept.shifts is own.shifts
    assert kept.roster == site.roster


def test_before_any_bundle_the_defaults_and_the_site_file_run(
    site: SiteConfig, store: EventStore
) -> None:
    standards = standards_in_force(store, site)
    assert standards.bundle_version is None
    assert standards.site == site
    assert standards.module_on("trends")
    assert standards.module_on("workflows")
    assert standards.oee_target("PRESS-1") is None


# -- through sync and the running client --------------------------------------------------------
def test_a_published_bundle_changes_who_signs_in_what_runs_and_what_is_shown(
    qtbot: QtBot,
    region: ThreadServer,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    device = make_device(region, name="STD-PC")
    assert device.site.sync is not None
    device.site = replace(device.site, sync=replace(device.site.sync, interval_s=0.2))
    device.store.close()
    running = start_client(device.site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    context = running.context
    trends = next(e for e in SCREENS if e.key == "trends")
    shift = next(e for e in SCREENS if e.key == "shift")
    try:
        qtbot.waitUntil(lambda: context.standards is not None, timeout=10_000)
        assert context.standards is not None
        assert context.standards.bundle_version is None
        # Before the region says otherwise: the site file's roster, every module.
        window.badge_scanned("10000002")
        assert context.person is not None
        assert context.person.person_id == "sup-luis"
        assert window.nav_buttons["trends"].isVisibleTo(window)

        # Luis stays at the screen while the region publishes a roster without him.
        version = region.publish(regional_bundle())
        qtbot.waitUntil(
            lambda: context.standards is not None and context.standards.bundle_version == version,
            timeout=20_000,
        )
        assert context.workflows.version == "WF-2027.2"
        assert calendar_of(context.site).version == "EU-2027.2/2x12"

        # The region's roster: Luis is not on it any more, and is signed out at once; Rosa is.
        assert context.person is None
        assert window.stack.currentWidget() is window.login
        assert "Luis Ortega is signed out" in window.toast.text()
        window.badge_scanned("10000002")
        assert context.person is None
        window.badge_scanned("77001")
        assert context.person is not None
        assert context.person.name == "Rosa Vidal"

        # Trends are switched off for this plant: no button, and no way round it.
        assert not window.nav_buttons["trends"].isVisibleTo(window)
        assert window.open_screen(trends) is None
        assert window.nav_buttons["workflows"].isVisibleTo(window)

        # The shift screen shows the region's calendar and OEE target.
        screen = window.open_screen(shift)
        assert isinstance(screen, SupervisorScreen)
        qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
        assert "EU-2027.2/2x12" in screen.provenance_label.text()
        item = screen.kpi_table.item(0, 2)
        assert item is not None
        assert item.text() == "85.0"
        window.sign_out()

        # A new name for Ana keeps her signed in; another role signs her out.
        window.badge_scanned("10000001")
        ana = context.person
        assert ana is not None
        assert ana.role is Role.OPERATOR
        roster = regional_bundle()["roster"]
        renamed = [dict(p, name="Ana García López") if p["id"] == "op-ana" else p for p in roster]
        version = region.publish(regional_bundle(roster=renamed))
        qtbot.waitUntil(lambda: context.standards.bundle_version == version, timeout=20_000)
        assert context.person is not None
        assert context.person.name == "Ana García López"
        assert "Ana García López" in window.person_label.text()
        promoted = [dict(p, role="quality") if p["id"] == "op-ana" else p for p in renamed]
        version = region.publish(regional_bundle(roster=promoted))
        qtbot.waitUntil(lambda: context.standards.bundle_version == version, timeout=20_000)
        assert context.person is None
        window.badge_scanned("10000001")
        assert context.person is not None
        assert context.person.role is Role.QUALITY
    finally:
        running.stop()

    # A restart without network: the last good bundle is still the standard in force.
    offline = replace(device.site, sync=None)
    restarted = start_client(offline, language="en")
    qtbot.addWidget(restarted.window)
    try:
        qtbot.waitUntil(lambda: restarted.context.standards is not None, timeout=10_000)
        assert restarted.context.standards is not None
        assert restarted.context.standards.bundle_version == version
        assert restarted.context.roster.by_badge("77001") is not None
        assert not restarted.context.module_on("trends")
    finally:
        restarted.stop()

    # Plant IT sees which standards run the PC.
    capsys.readouterr()
    assert cli_main(["status", "--json", "--data-dir", str(device.site.data_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["standards"]["bundle_version"] == version
    assert status["standards"]["modules_off"] == ["trends"]
