"""The sections of a regional bundle, read into the values the client runs on.

One reader for the whole bundle: the sync client refuses a bundle with any problem
(``sync/bundle.py``) and the application applies a good one (``services/standards.py``) through
the same code, so what was checked is exactly what runs. Problems are one line each, naming
the section and key, like the site file's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from operator_app.site_config.loader import read_roster
from operator_app.site_config.model import SiteConfig
from operator_app.standards.regional_jobs import RegionalJob, read_regional_jobs
from shopfloor_core.contract import BUNDLE_SECTIONS
from shopfloor_core.domain.catalogue import (
    Catalogue,
    CatalogueError,
    CategoryKind,
    load_catalogue,
)
from shopfloor_core.domain.fault_codes import NO_FAULT_MAP, FaultMap, FaultMapError, load_fault_map
from shopfloor_core.domain.products import Products, ProductsError, load_products
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.shifts import ShiftCalendar
from shopfloor_core.domain.workflows import WorkflowError, WorkflowSet, load_workflows
from shopfloor_core.standards.reader import Problems, TableReader
from shopfloor_core.standards.shift_calendar import _regional, regional_calendar

# Parts of the client a region switches on per plant as a rollout proceeds. Capture (downtime,
# scrap, notes, the list to name) is the common language and is never switched off.
MODULES = ("trends", "workflows", "shift_summary")

# A cycle of more than a day is a typo for minutes or hours, not a machine.
MAX_IDEAL_CYCLE_S = 86_400.0


@dataclass(frozen=True)
class MachineTarget:
    """What the region sets for one machine: its OEE target and its ideal cycle time."""

    oee: float | None = None
    ideal_cycle_time_s: float | None = None


@dataclass(frozen=True)
class RegionalStandards:
    """A checked bundle: every section in the form the client uses."""

    version: int
    catalogue: Catalogue
    workflows: WorkflowSet
    # Empty when the region does not keep this plant's roster: the site file's stays in force.
    roster: tuple[Person, ...]
    shift_calendar: Mapping[str, Any]
    targets: Mapping[str, MachineTarget] = field(default_factory=dict)
    modules: Mapping[str, bool] = field(default_factory=dict)
    # Optional: a bundle without one maps no fault codes (each shows by its number).
    fault_map: FaultMap = NO_FAULT_MAP
    # Optional: without a products section the client's shipped products stay in force.
    products: Products | None = None
    # Optional: the region's queue of production orders for this plant's lines.
    jobs: tuple[RegionalJob, ...] = ()

    def applied_to(self, site: SiteConfig) -> SiteConfig:
        """``site`` as it runs under these standards: roster, shift calendar, cycle times."""
        roster = self.roster or site.roster
        shifts = site.shifts
        if site.shift_pattern is not None or site.shifts is None:
            calendar = regional_calendar(
                dict(self.shift_calendar), site.shift_pattern or "", site.timezone, Problems()
            )
            # The check refused a bundle without the site's pattern, so this is never None
            # for a bundle in force; the site's own value is the safe side if it were.
            shifts = calendar or site.shifts
        machines = tuple(
            replace(m, ideal_cycle_time_s=target.ideal_cycle_time_s)
            if (target := self.targets.get(m.machine_id)) and target.ideal_cycle_time_s
            else m
            for m in site.machines
        )
        return replace(site, roster=roster, shifts=shifts, machines=machines)


def read_standards(
    sections: Mapping[str, Any], zone: str, *, version: int = 0, shift_pattern: str | None = ""
) -> tuple[RegionalStandards | None, list[str]]:
    """The bundle's standards, or None with every problem found in any section.

    ``shift_pattern`` is the regional pattern this site follows ("" = the default; None when
    the site keeps its own shifts): a bundle that drops it would leave the line without shifts.
    """
    problems: list[str] = []
    # A section sent as null is as missing as one left out (a fuzzed bundle found this).
    missing = [s for s in BUNDLE_SECTIONS if sections.get(s) is None]
    if missing:
        problems.append(f"bundle: missing sections {', '.join(missing)}")
    catalogue = _catalogue(sections.get("catalogue"), problems)
    workflows = _workflows(sections.get("workflows"), catalogue, problems)
    roster = _roster(sections.get("roster"), problems)
    calendar = sections.get("shift_calendar")
    _check_calendar(calendar, zone, shift_pattern, problems)
    targets = _targets(sections.get("targets"), problems)
    modules = _modules(sections.get("modules"), problems)
    fault_map = _fault_codes(sections.get("fault_codes"), catalogue, problems)
    products = _products(sections.get("products"), catalogue, problems)
    jobs = read_regional_jobs(sections.get("jobs"), problems)
    if problems or catalogue is None or workflows is None or not isinstance(calendar, dict):
        return None, problems
    standards = RegionalStandards(
        version,
        catalogue,
        workflows,
        tuple(roster),
        calendar,
        targets,
        modules,
        fault_map,
        products,
        tuple(jobs),
    )
    return standards, []


def _catalogue(raw: object, problems: list[str]) -> Catalogue | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append("catalogue: must be a catalogue document")
        return None
    try:
        return load_catalogue(raw)
    except CatalogueError as error:
        problems.extend(f"catalogue: {p}" for p in error.problems)
        return None


def _workflows(raw: object, catalogue: Catalogue | None, problems: list[str]) -> WorkflowSet | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append("workflows: must be a workflow document")
        return None
    try:
        return load_workflows(raw, catalogue)
    except WorkflowError as error:
        problems.extend(f"workflows: {p}" for p in error.problems)
        return None


def _fault_codes(raw: object, catalogue: Catalogue | None, problems: list[str]) -> FaultMap:
    """The bundle's fault map, checked against the bundle's own catalogue (the one in force)."""
    if raw is None or catalogue is None:
        # Without a usable catalogue the bundle is refused for that already.
        return NO_FAULT_MAP
    try:
        return load_fault_map(raw, catalogue)
    except FaultMapError as error:
        problems.extend(f"fault_codes: {p}" for p in error.problems)
        return NO_FAULT_MAP


def _products(raw: object, catalogue: Catalogue | None, problems: list[str]) -> Products | None:
    """The bundle's products, their changeover and start-up scrap reasons checked against the
    bundle's own catalogue (a changeover must be a downtime reason a line can record)."""
    if raw is None:
        return None
    try:
        products = load_products(raw)
    except ProductsError as error:
        problems.extend(f"products: {p}" for p in error.problems)
        return None
    if catalogue is None:
        return products
    for name, code, kind in (
        ("changeover_reason", products.changeover_reason, CategoryKind.DOWNTIME),
        ("startup_scrap_reason", products.startup_scrap_reason, CategoryKind.SCRAP),
    ):
        category = catalogue.categories.get(code)
        if category is None or category.kind is not kind or not category.is_leaf:
            problems.append(
                f"products.{name}: {code!r} is not a {kind.value} reason of catalogue "
                f"{catalogue.version}"
            )
    return products


def _roster(raw: object, problems: list[str]) -> list[Person]:
    if raw is None:
        return []
    found = Problems()
    people = read_roster(TableReader({"roster": raw}, "", found), found, required=False)
    problems.extend(found)
    return people


def _check_calendar(
    raw: object, zone: str, shift_pattern: str | None, problems: list[str]
) -> ShiftCalendar | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("patterns"), dict):
        problems.append("shift_calendar: must be an object with patterns")
        return None
    found = Problems()
    for pattern in raw["patterns"]:
        _regional(raw, pattern, zone, f"shift_calendar.patterns.{pattern}", found)
    default = raw.get("default")
    if not isinstance(default, str) or default not in raw["patterns"]:
        found.add("shift_calendar.default", f"{default!r} is not one of its patterns")
    calendar = None
    if not found and shift_pattern is not None:
        calendar = regional_calendar(raw, shift_pattern, zone, found)
        if calendar is None:
            found[-1] += " (this site's [shifts] pattern)"
    problems.extend(f"shift_calendar: {p}" for p in found)
    return calendar


def _targets(raw: object, problems: list[str]) -> dict[str, MachineTarget]:
    if raw is None:
        return {}
    found = Problems()
    reader = TableReader(raw, "targets", found)
    targets = {}
    for machine_id in reader.table:
        entry = reader.table_of(machine_id)
        if entry is None:
            continue
        oee = entry.number("oee", None, low=0.0, high=1.0, exclusive_low=True)
        cycle = entry.number(
            "ideal_cycle_time_s", None, low=0.0, high=MAX_IDEAL_CYCLE_S, exclusive_low=True
        )
        entry.finish()
        targets[machine_id] = MachineTarget(oee, cycle)
    problems.extend(found)
    return targets


def _modules(raw: object, problems: list[str]) -> dict[str, bool]:
    if raw is None:
        return {}
    found = Problems()
    reader = TableReader(raw, "modules", found)
    # Names this client does not know are kept out of the answer, not refused: a region may
    # switch on a module that only newer clients have.
    modules = {name: reader.boolean(name) for name in reader.table}
    problems.extend(found)
    return {name: on for name, on in modules.items() if name in MODULES and on is not None}
