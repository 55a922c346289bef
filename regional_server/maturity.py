"""Rollout gates: the region's maturity model, each plant's level and the evidence for it.

The model is data (the ``maturity_models`` table, every version kept with who and why): an
ordered list of levels, each gated by thresholds on measures of the plant's synced records,
and the level each module needs. A plant holds a level when every gate of it passes and it
holds the level before; its level is the highest it holds. Every gate's result carries its
evidence: the measured value, the window, pass or fail, and where it came from.

The measures are in ``data_quality`` (SQL aggregates); the OEE trend reads the regional
summary's weekly figures (``weekly_oee``: every week of every plant in a few statements).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from regional_server import bundles, data_quality, summary, weekly_oee
from regional_server.database import Connection
from regional_server.proposals import Refused
from shopfloor_core.domain.clock import from_iso, to_iso

WEEK = timedelta(days=7)
OPS = ("at_least", "at_most", "above")
MAX_WEEKS = 26
# Which catalogue classified the stops, as the evidence's source names it.
CATALOGUE = "catalogue {version}"
BUNDLED_CATALOGUE = "bundled catalogue"

DEFAULT_MODEL: dict[str, Any] = {
    "levels": [
        {
            "code": "connected",
            "name": "Connected",
            "gates": [{"measure": "days_since_sync", "op": "at_most", "value": 7}],
        },
        {
            "code": "adopted",
            "name": "Adopted",
            "gates": [
                {
                    "measure": "named_in_shift_share",
                    "op": "at_least",
                    "value": 0.9,
                    "weeks": 4,
                    "shift_hours": 8,
                }
            ],
        },
        {
            "code": "clean_data",
            "name": "Clean data",
            "gates": [
                {"measure": "other_share", "op": "at_most", "value": 0.05, "weeks": 4},
                {"measure": "no_signal_share", "op": "at_most", "value": 0.02, "weeks": 4},
                {"measure": "sync_lag_p95_s", "op": "at_most", "value": 3600, "weeks": 4},
            ],
        },
        {
            "code": "kpi_movement",
            "name": "KPI movement",
            "gates": [{"measure": "oee_weekly_slope", "op": "above", "value": 0, "weeks": 8}],
        },
        {
            "code": "reference",
            "name": "Reference plant",
            "gates": [{"measure": "reference_granted", "op": "at_least", "value": 1}],
        },
    ],
    # The level a plant must hold before a module may be switched on for it.
    "modules": {"shift_summary": "connected", "trends": "adopted", "workflows": "clean_data"},
}


class ModelProblem(Refused):
    """A model or a step the region cannot use; ``message`` (English) with ``values`` says why."""


# -- the measures ---------------------------------------------------------------------------------
Figure = int | float | str | None


@dataclass(frozen=True)
class Detail:
    """One line of a measure's evidence: an English message with its figures kept apart, so a
    page spells both its reader's way (a float is a share, read in per cent; None: no figure)."""

    message: str
    values: Mapping[str, Figure] = field(default_factory=dict)


@dataclass(frozen=True)
class Measured:
    value: float | None  # None: nothing to measure in the window
    start_utc: str | None
    end_utc: str | None
    source: str  # the records and formula it came from
    detail: list[Detail] = field(default_factory=list)  # e.g. each week's figure


class Measures:
    """The measures of one plant at one instant, each window queried once."""

    def __init__(
        self,
        conn: Connection,
        plant: str,
        now: datetime,
        region: weekly_oee.RegionWeeks | None = None,
    ) -> None:
        self.conn, self.plant, self.now = conn, plant, now
        # Weekly figures: the region's, read once for every plant, else this plant's.
        self.weekly = region or weekly_oee.RegionWeeks(conn, now, plant)
        self._stops: dict[tuple[datetime, datetime, float], data_quality.Stops] = {}
        published = bundles.current(conn, plant)
        catalogue = published.document.get("catalogue", {}) if published else {}
        version = catalogue.get("version") if isinstance(catalogue, dict) else None
        self.catalogue = CATALOGUE.format(version=version) if version else BUNDLED_CATALOGUE

    def stops(self, start: datetime, end: datetime, hours: float) -> data_quality.Stops:
        key = (start, end, hours)
        if key not in self._stops:
            self._stops[key] = data_quality.stops(
                self.conn, self.plant, start, end, shift_hours=hours
            )
        return self._stops[key]

    def weeks(self, count: int) -> list[tuple[datetime, datetime]]:
        """The last ``count`` whole weeks up to now, oldest first."""
        return [(self.now - WEEK * (k + 1), self.now - WEEK * k) for k in reversed(range(count))]

    def measure(self, gate: Mapping[str, Any]) -> Measured:
        return MEASURES[gate["measure"]](self, gate)


def _days_since_sync(m: Measures, gate: Mapping[str, Any]) -> Measured:
    last = data_quality.last_received(m.conn, m.plant)
    # A device's clock ahead of the server's is no reason to be more than connected.
    value = max(0.0, (m.now - from_iso(last)).total_seconds() / 86400) if last else None
    return Measured(value, last, to_iso(m.now), "records.received_utc: the newest of the plant")


def _named_in_shift(m: Measures, gate: Mapping[str, Any]) -> Measured:
    hours = float(gate.get("shift_hours", 8))
    weeks = m.weeks(int(gate.get("weeks", 4)))
    shares = [m.stops(a, b, hours) for a, b in weeks]
    values = [s.named_in_shift_share for s in shares]
    # Held for every week: the worst week decides, and a week without stops has no evidence.
    value = None if any(v is None for v in values) else min(v for v in values if v is not None)
    detail = [
        Detail(
            "{week}: {named}/{to_name} = {share}",
            {"week": s.start_utc[:10], "named": s.named_in_shift, "to_name": s.to_name, "share": v},
        )
        for s, v in zip(shares, values, strict=True)
    ]
    source = f"{data_quality.STOPS_FORMULA.format(hours=hours)}; worst week; {m.catalogue}"
    return Measured(value, to_iso(weeks[0][0]), to_iso(weeks[-1][1]), source, detail)


def _window(m: Measures, gate: Mapping[str, Any]) -> tuple[datetime, datetime]:
    return m.now - WEEK * int(gate.get("weeks", 4)), m.now


def _other_share(m: Measures, gate: Mapping[str, Any]) -> Measured:
    a, b = _window(m, gate)
    s = m.stops(a, b, 8.0)
    source = f"{data_quality.OTHER_FORMULA}; {m.catalogue}"
    detail = [Detail("{other}/{named}", {"other": s.other, "named": s.named})]
    return Measured(s.other_share, s.start_utc, s.end_utc, source, detail)


def _no_signal_share(m: Measures, gate: Mapping[str, Any]) -> Measured:
    a, b = _window(m, gate)
    s = m.stops(a, b, 8.0)
    source = f"{data_quality.NO_SIGNAL_FORMULA}; {m.catalogue}"
    detail = [Detail("{no_signal}/{stops}", {"no_signal": s.no_signal, "stops": s.stops})]
    return Measured(s.no_signal_share, s.start_utc, s.end_utc, source, detail)


def _sync_lag(m: Measures, gate: Mapping[str, Any]) -> Measured:
    a, b = _window(m, gate)
    lag = data_quality.sync_lag(m.conn, m.plant, a, b)
    detail = [Detail("event revisions: {count}", {"count": lag.revisions})]
    return Measured(lag.p95_s, to_iso(a), to_iso(b), data_quality.LAG_FORMULA, detail)


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of the points (x, y): y's change per unit of x."""
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def _oee_slope(m: Measures, gate: Mapping[str, Any]) -> Measured:
    weeks = m.weeks(int(gate.get("weeks", 8)))
    found = m.weekly(weeks)
    points = [(a, weekly_oee.plant_oee(found, m.plant, i)) for i, (a, _) in enumerate(weeks)]
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    detail = [Detail("{week}: {oee}", {"week": to_iso(a)[:10], "oee": v}) for a, v in points]
    # A trend needs most of its weeks: fewer than half measured says nothing.
    value = None
    if len(known) >= max(2, len(weeks) // 2):
        value = slope([(float(i), v) for i, v in known])
    source = f"least-squares slope of weekly OEE per week; {summary.OEE_METHOD}; {m.catalogue}"
    return Measured(value, to_iso(weeks[0][0]), to_iso(weeks[-1][1]), source, detail)


def _reference_granted(m: Measures, gate: Mapping[str, Any]) -> Measured:
    grant = reference_grant(m.conn, m.plant)
    value = 1.0 if grant and grant["granted"] else 0.0
    detail = []
    if grant:
        when = grant["at_utc"][:16].replace("T", " ")
        values = {"who": grant["actor"], "when": when, "reason": grant["reason"]}
        detail.append(Detail("{who} {when} UTC: {reason}", values))
    return Measured(value, None, None, "granted by a regional admin with a reason", detail)


MEASURES: dict[str, Callable[[Measures, Mapping[str, Any]], Measured]] = {
    "days_since_sync": _days_since_sync,
    "named_in_shift_share": _named_in_shift,
    "other_share": _other_share,
    "no_signal_share": _no_signal_share,
    "sync_lag_p95_s": _sync_lag,
    "oee_weekly_slope": _oee_slope,
    "reference_granted": _reference_granted,
}


# -- the model ------------------------------------------------------------------------------------
def check_model(document: object) -> dict[str, Any]:
    """The model if the region can use it, else ``ModelProblem`` saying what is wrong."""
    if not isinstance(document, dict) or not isinstance(document.get("levels"), list):
        raise ModelProblem("A model is an object with a list of levels.")
    codes: list[str] = []
    for level in document["levels"]:
        if not isinstance(level, dict) or not isinstance(level.get("code"), str):
            raise ModelProblem("Each level needs a code.")
        code = level["code"]
        if code in codes:
            raise ModelProblem("Level {code} appears twice.", code=code)
        codes.append(code)
        gates = level.get("gates")
        if not isinstance(gates, list) or not gates:
            raise ModelProblem("Level {code} needs at least one gate.", code=code)
        for gate in gates:
            _check_gate(code, gate)
    if not codes:
        raise ModelProblem("A model is an object with a list of levels.")
    modules = document.get("modules", {})
    if not isinstance(modules, dict):
        raise ModelProblem("modules maps each module to the level it needs.")
    for module, level in modules.items():
        if level not in codes:
            raise ModelProblem(
                "Module {module} needs level {level}, which the model does not have.",
                module=module,
                level=level,
            )
    return document


def _check_gate(code: str, gate: object) -> None:
    if not isinstance(gate, dict) or gate.get("measure") not in MEASURES:
        raise ModelProblem(
            "A gate of level {code} measures one of: {known}.",
            code=code,
            known=", ".join(MEASURES),
        )
    value = gate.get("value")
    if gate.get("op") not in OPS or isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelProblem(
            "A gate of level {code} needs op (at_least, at_most or above) and a number.",
            code=code,
        )
    weeks = gate.get("weeks", 1)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ModelProblem(
            "A gate of level {code} covers 1 to {most} weeks.", code=code, most=MAX_WEEKS
        )
    hours = gate.get("shift_hours", 8)
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24:
        raise ModelProblem("A shift is more than 0 and at most 24 hours long.")
    if not math.isfinite(float(value)):
        raise ModelProblem(
            "A gate of level {code} needs op (at_least, at_most or above) and a number.",
            code=code,
        )


@dataclass(frozen=True)
class ModelVersion:
    version: int  # 0: the defaults, never changed by anyone
    document: dict[str, Any]
    actor: str
    reason: str
    at_utc: str

    @property
    def levels(self) -> list[dict[str, Any]]:
        return list(self.document["levels"])

    @property
    def modules(self) -> dict[str, str]:
        return dict(self.document.get("modules", {}))

    def rank(self, code: str | None) -> int:
        """0 for no level, 1 for the first..."""
        codes = [level["code"] for level in self.levels]
        return codes.index(code) + 1 if code in codes else 0


DEFAULTS = ModelVersion(0, DEFAULT_MODEL, "-", "defaults", "")


def model_in_force(conn: Connection) -> ModelVersion:
    row = conn.execute(
        "SELECT version, document, actor, reason, at_utc FROM maturity_models "
        "ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return DEFAULTS
    return ModelVersion(int(row[0]), json.loads(row[1]), row[2], row[3], row[4])


def model_history(conn: Connection) -> list[ModelVersion]:
    rows = conn.execute(
        "SELECT version, document, actor, reason, at_utc FROM maturity_models ORDER BY version DESC"
    ).fetchall()
    return [ModelVersion(int(r[0]), json.loads(r[1]), r[2], r[3], r[4]) for r in rows]


def change_model(
    conn: Connection, document: object, *, actor: str, reason: str, now: datetime
) -> ModelVersion:
    checked = check_model(document)
    if not reason.strip():
        raise ModelProblem("A change to the model needs its reason.")
    text = json.dumps(checked, sort_keys=True, ensure_ascii=False, allow_nan=False)
    row = conn.execute(
        "INSERT INTO maturity_models (document, actor, reason, at_utc) VALUES (?, ?, ?, ?) "
        "RETURNING version",
        [text, actor, reason.strip(), to_iso(now)],
    ).fetchone()
    return ModelVersion(int(row[0]), checked, actor, reason.strip(), to_iso(now))


# -- reference plants -----------------------------------------------------------------------------
def reference_grant(conn: Connection, plant: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT granted, reason, actor, at_utc FROM reference_grants WHERE plant = ? "
        "ORDER BY entry DESC LIMIT 1",
        [plant],
    ).fetchone()
    if row is None:
        return None
    return {"granted": bool(row[0]), "reason": row[1], "actor": row[2], "at_utc": row[3]}


def grant_reference(
    conn: Connection, plant: str, *, granted: bool, reason: str, actor: str, now: datetime
) -> None:
    if not reason.strip():
        raise ModelProblem("Granting or withdrawing a reference plant needs its reason.")
    conn.execute(
        "INSERT INTO reference_grants (plant, granted, reason, actor, at_utc) "
        "VALUES (?, ?, ?, ?, ?)",
        [plant, int(granted), reason.strip(), actor, to_iso(now)],
    )


# -- evaluating a plant ---------------------------------------------------------------------------
def passes(op: str, value: float | None, threshold: float) -> bool:
    if value is None:
        return False
    if op == "at_least":
        return value >= threshold
    if op == "at_most":
        return value <= threshold
    return value > threshold


def shortfall(op: str, value: float | None, threshold: float) -> float:
    """How far a value is from passing, relative to its threshold (0 when it passes)."""
    if passes(op, value, threshold):
        return 0.0
    if value is None:
        return 1.0
    scale = abs(threshold) if threshold else 1.0
    return min(1.0, abs(value - threshold) / scale)


@dataclass(frozen=True)
class GateResult:
    gate: dict[str, Any]
    measured: Measured
    passed: bool
    shortfall: float


@dataclass(frozen=True)
class LevelResult:
    code: str
    name: str
    gates: list[GateResult]
    passed: bool  # every gate of this level passes
    held: bool  # and every level before it is held


@dataclass(frozen=True)
class PlantMaturity:
    plant: str
    model_version: int
    levels: list[LevelResult]

    @property
    def level(self) -> LevelResult | None:
        held = [result for result in self.levels if result.held]
        return held[-1] if held else None

    @property
    def next_level(self) -> LevelResult | None:
        return next((result for result in self.levels if not result.held), None)

    def holds(self, code: str) -> bool:
        return any(result.held and result.code == code for result in self.levels)

    @property
    def readiness(self) -> tuple[int, int, float]:
        """Gates of the next level passed, their number, and the failing ones' total shortfall."""
        upcoming = self.next_level
        if upcoming is None:
            return (0, 0, 0.0)
        passed = sum(1 for gate in upcoming.gates if gate.passed)
        return (passed, len(upcoming.gates), sum(gate.shortfall for gate in upcoming.gates))


def evaluate(
    conn: Connection,
    plant: str,
    now: datetime,
    model: ModelVersion,
    *,
    up_to_next: bool = False,
    region: weekly_oee.RegionWeeks | None = None,
) -> PlantMaturity:
    """The plant's levels with the evidence of every gate; ``up_to_next`` measures only up to
    the first level it does not hold (what the ranking needs: the OEE trend of a plant not yet
    clean is the costliest measure and decides nothing). ``region``: the region's weekly
    figures, shared when every plant is evaluated at the same instant."""
    measures = Measures(conn, plant, now, region)
    results: list[LevelResult] = []
    held_so_far = True
    for level in model.levels:
        if up_to_next and not held_so_far:
            name = str(level.get("name", level["code"]))
            results.append(LevelResult(level["code"], name, [], False, False))
            continue
        gates = []
        for gate in level["gates"]:
            measured = measures.measure(gate)
            threshold = float(gate["value"])
            gates.append(
                GateResult(
                    dict(gate),
                    measured,
                    passes(gate["op"], measured.value, threshold),
                    shortfall(gate["op"], measured.value, threshold),
                )
            )
        passed = all(gate.passed for gate in gates)
        held_so_far = held_so_far and passed
        results.append(
            LevelResult(
                level["code"], str(level.get("name", level["code"])), gates, passed, held_so_far
            )
        )
    return PlantMaturity(plant, model.version, results)


def ranked_for_next_step(
    found: Sequence[PlantMaturity], model: ModelVersion
) -> list[PlantMaturity]:
    """Candidate plants, readiest first: most of the next level's gates passing, then the
    failing ones closest, then the plant furthest along; plants at the top level come last."""

    def key(result: PlantMaturity) -> tuple[int, float, float, int, str]:
        passed, total, short = result.readiness
        fraction = passed / total if total else -1.0
        level = result.level
        return (
            int(total == 0),
            -fraction,
            short,
            -model.rank(level.code if level else None),
            result.plant,
        )

    return sorted(found, key=key)
