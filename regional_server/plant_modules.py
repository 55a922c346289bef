"""Modules switched on per plant, only as far as its maturity level allows.

The region's bundle says which modules exist for every plant (its ``modules`` section); a
module the maturity model gates (``modules`` of the model: the level it needs) is on at a
plant only once someone switched it on there, which the server refuses while the plant does
not hold that level. The bundle a line PC fetches carries the result, so the line shows only
what its plant has. Switching off is always allowed; every switch is kept (who, when, at
which level), none is changed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from regional_server.database import Connection
from regional_server.maturity import ModelProblem, ModelVersion, PlantMaturity
from shopfloor_core.domain.clock import to_iso


def switched(conn: Connection, plant: str) -> dict[str, bool]:
    """Each module's newest switch at the plant."""
    rows = conn.execute(
        "SELECT module, enabled FROM plant_modules WHERE plant = ? ORDER BY entry",
        [plant],
    ).fetchall()
    return {str(module): bool(enabled) for module, enabled in rows}


def switch(
    conn: Connection,
    maturity: PlantMaturity,
    model: ModelVersion,
    module: str,
    *,
    on: bool,
    actor: str,
    now: datetime,
) -> None:
    needed = model.modules.get(module)
    if needed is None:
        raise ModelProblem(
            "The maturity model does not gate a module called {module}.", module=module
        )
    level = maturity.level
    if on and not maturity.holds(needed):
        raise ModelProblem(
            "Module {module} needs level {needed}; plant {plant} is at {level}.",
            module=module,
            needed=needed,
            plant=maturity.plant,
            level=level.code if level else "-",
        )
    conn.execute(
        "INSERT INTO plant_modules (plant, module, enabled, level, actor, at_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [maturity.plant, module, int(on), level.code if level else "-", actor, to_iso(now)],
    )


def served_modules(
    region: dict[str, Any] | None, plant_switches: dict[str, bool], model: ModelVersion
) -> dict[str, Any]:
    """The modules section a plant's line PCs get: the region's, with each gated module on only
    where it was switched on (and the region has not switched it off)."""
    served = dict(region or {})
    for module in model.modules:
        served[module] = bool(served.get(module, True)) and plant_switches.get(module, False)
    return served


def served_bundle(
    conn: Connection, plant: str, document: dict[str, Any], version: int, model: ModelVersion
) -> tuple[dict[str, Any], str]:
    """The bundle document for the plant's line PCs, and its ETag (the switches change it)."""
    modules = served_modules(document.get("modules"), switched(conn, plant), model)
    served = {**document, "modules": modules}
    fingerprint = hashlib.sha256(json.dumps(modules, sort_keys=True).encode()).hexdigest()[:12]
    return served, f'"bundle-{version}-{fingerprint}"'
