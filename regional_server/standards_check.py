"""Would a line PC take this bundle? The checks the server can make with the shared core.

The catalogue, the role workflows and the fault-code map are checked by the shared core's own
loaders, the ones the line PC runs. The shift calendar, targets and modules are checked for
their shape here; the line PC checks them again in full against its site (zone, pattern) and
refuses a bundle it cannot use, keeping the one it has.
"""

from __future__ import annotations

import math
from typing import Any

from shopfloor_core.domain.catalogue import Catalogue, CatalogueError, load_catalogue
from shopfloor_core.domain.fault_codes import FaultMapError, load_fault_map
from shopfloor_core.domain.workflows import WorkflowError, load_workflows


def bundle_problems(bundle: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    catalogue: Catalogue | None = None
    try:
        catalogue = load_catalogue(bundle.get("catalogue") or {})
    except CatalogueError as error:
        problems.extend(f"catalogue: {p}" for p in error.problems)
    if bundle.get("workflows") is not None:
        try:
            load_workflows(bundle["workflows"], catalogue)
        except WorkflowError as error:
            problems.append(f"workflows: {error}")
    if bundle.get("fault_codes") is not None and catalogue is not None:
        try:
            load_fault_map(bundle["fault_codes"], catalogue)
        except FaultMapError as error:
            problems.extend(f"fault_codes: {p}" for p in error.problems)
    problems.extend(_modules(bundle.get("modules")))
    problems.extend(_targets(bundle.get("targets")))
    problems.extend(_calendar(bundle.get("shift_calendar")))
    return problems


def _modules(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return ["modules: must be a table of module names"]
    return [
        f"modules.{k}: must be true or false" for k, v in raw.items() if not isinstance(v, bool)
    ]


def _targets(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return ["targets: must be a table of machines"]
    problems = []
    for machine, settings in raw.items():
        if not isinstance(settings, dict):
            problems.append(f"targets.{machine}: must be a table")
            continue
        for name, value in settings.items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if not number or not math.isfinite(value) or value <= 0:
                problems.append(f"targets.{machine}.{name}: must be a number greater than 0")
            elif name == "oee" and value > 1:
                problems.append(f"targets.{machine}.oee: must be at most 1.0")
    return problems


def _calendar(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return ["shift_calendar: must be a calendar document"]
    patterns = raw.get("patterns")
    if not isinstance(patterns, dict) or not patterns:
        return ["shift_calendar.patterns: must name at least one pattern"]
    if raw.get("default") not in patterns:
        return ["shift_calendar.default: must be one of the patterns"]
    return []
