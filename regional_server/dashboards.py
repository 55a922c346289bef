"""The region's dashboards: region -> plant -> line, read from the rollups and the synced records.

Nothing here defines a figure anew. OEE, availability, performance and quality are the regional
summary's (``summary.summary``'s figures, read from the hourly and daily rollups for every week
at once by ``weekly_oee``), week by week; the data
quality shares and time to name are ``data_quality``'s (the maturity gates' own measures); the
downtime Pareto sums the daily reason rollups. What is added: who named stops (adoption) and
what the records say about each device (fleet health). Windows are whole UTC days, so the
summary reads rollups only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from regional_server import data_quality, weekly_oee
from regional_server.database import Connection
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import SYSTEM_AUTHOR_PREFIX

WEEK = timedelta(days=7)
WEEKS = 8
QUALITY_WEEKS = 4  # the maturity gates' window for the data quality shares
SHIFT_HOURS = 8  # adoption counts people per 8-hour block of UTC (no plant calendar yet)
RECENT = 500  # a device's newest records read for its last sync and clock
KPIS = ("oee", "availability", "performance", "quality")
PARETO_TOP = 10
PLANT_FIGURE_METHOD = "a plant's figure is the mean of its lines' figures (lines with a value)"
ADOPTION_METHOD = (
    "active operators = distinct people (authors not written by a machine, 'system:...') who "
    "recorded an event revision, per 8-hour block of UTC (00-08, 08-16, 16-24) with any; "
    "who names stops = people's revisions that set a reason, per author"
)
FLEET_METHOD = (
    "devices = device tokens issued to the plant; last sync = the newest record the server "
    "received from the device; clock ahead = the largest recorded time after the server's "
    "received time among the event revisions of the device's newest 500 records (a device "
    "clock running ahead); app versions and outbox backlog need device heartbeats, which this "
    "server does not receive yet"
)
PARETO_METHOD = (
    "downtime seconds per reason code over whole UTC days, summed from the daily reason "
    "rollups (availability losses as the summary classifies them, one catalogue for the region)"
)


def window_end(now: datetime) -> datetime:
    """The dashboards' windows end at the start of today (UTC): whole days, read from rollups."""
    at = now.astimezone(UTC)
    return datetime(at.year, at.month, at.day, tzinfo=UTC)


def weeks(now: datetime, count: int = WEEKS) -> list[tuple[datetime, datetime]]:
    end = window_end(now)
    return [(end - WEEK * (k + 1), end - WEEK * k) for k in reversed(range(count))]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _figure(entry: dict[str, Any], kpi: str) -> float | None:
    value = entry[kpi]["value"] if kpi == "oee" else entry[kpi]
    return float(value) if value is not None else None


@dataclass
class Trend:
    """Weekly OEE, availability, performance and quality of one plant or line."""

    name: str
    kpis: dict[str, list[float | None]] = field(default_factory=lambda: {k: [] for k in KPIS})
    catalogue_versions: set[str] = field(default_factory=set)
    calendars: set[str] = field(default_factory=set)

    def last(self, kpi: str) -> float | None:
        known = [v for v in self.kpis[kpi] if v is not None]
        return known[-1] if known else None


def trends(
    conn: Connection, now: datetime, *, plant: str | None = None, line: str | None = None
) -> tuple[list[tuple[datetime, datetime]], dict[str, Trend]]:
    """Weekly figures per plant (region), per line (a plant) or of one line."""
    spans = weeks(now)
    found: dict[str, Trend] = {}
    # Every line's weeks at once (weekly_oee), the summary's figures of each.
    grouped: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for (plant_code, line_code), entries in weekly_oee.line_weeks(
        conn, spans, now, plant=plant
    ).items():
        if line is not None and line_code != line:
            continue
        key = plant_code if plant is None else line_code
        grouped[key].append(entries)
        trend = found.setdefault(key, Trend(key))
        for entry in entries:
            if entry.get("catalogue_version"):
                trend.catalogue_versions.add(str(entry["catalogue_version"]))
            calendar = entry.get("shift_calendar") or {}
            trend.calendars.add(str(calendar.get("version") or "-"))
    for key, trend in found.items():
        for week in range(len(spans)):
            for kpi in KPIS:
                values = [
                    v for lines in grouped[key] if (v := _figure(lines[week], kpi)) is not None
                ]
                trend.kpis[kpi].append(_mean(values))
    return spans, dict(sorted(found.items()))


@dataclass(frozen=True)
class Pareto:
    reasons: list[tuple[str, float]]  # (code, seconds), largest first
    by_group: dict[str, dict[str, float]]  # code -> plant (or line) -> seconds
    groups: list[str]


def pareto(
    conn: Connection,
    start: datetime,
    end: datetime,
    *,
    plant: str | None = None,
    line: str | None = None,
) -> Pareto:
    group = "plant" if plant is None else "line"
    sql = (
        f"SELECT reason, {group}, sum(seconds_us) FROM rollup_reason_days "
        "WHERE period_utc >= ? AND period_utc < ? AND reason <> ''"
    )
    params: list[Any] = [to_iso(start), to_iso(end)]
    if plant is not None:
        sql, params = sql + " AND plant = ?", [*params, plant]
    if line is not None:
        sql, params = sql + " AND line = ?", [*params, line]
    by_group: dict[str, dict[str, float]] = defaultdict(dict)
    totals: dict[str, float] = defaultdict(float)
    groups: set[str] = set()
    for reason, key, spent in conn.execute(sql + f" GROUP BY reason, {group}", params).fetchall():
        seconds = int(spent or 0) / 1e6
        if seconds <= 0:
            continue
        by_group[reason][key] = seconds
        totals[reason] += seconds
        groups.add(key)
    top = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:PARETO_TOP]
    return Pareto(top, dict(by_group), sorted(groups))


@dataclass(frozen=True)
class Quality:
    stops: data_quality.Stops
    time_to_name: data_quality.TimeToName


def quality(conn: Connection, plant: str, now: datetime) -> Quality:
    end = window_end(now)
    start = end - WEEK * QUALITY_WEEKS
    return Quality(
        data_quality.stops(conn, plant, start, end, shift_hours=SHIFT_HOURS),
        data_quality.time_to_name(conn, plant, start, end),
    )


@dataclass(frozen=True)
class Adoption:
    shifts_with_activity: int
    mean_operators: float | None
    most_operators: int
    namers: list[tuple[str, int]]  # (author, stops named), most first


def adoption(conn: Connection, plant: str, now: datetime, line: str | None = None) -> Adoption:
    end = window_end(now)
    start = end - WEEK * QUALITY_WEEKS
    # The revisions' columns (revision_facts), not their JSON: one index range per plant.
    where = (
        "plant = ? AND recorded_utc >= ? AND recorded_utc < ? "
        f"AND author IS NOT NULL AND author NOT LIKE '{SYSTEM_AUTHOR_PREFIX}%'"
    )
    params: list[Any] = [plant, to_iso(start), to_iso(end)]
    if line is not None:
        where, params = where + " AND line = ?", [*params, line]
    block = "substr(recorded_utc, 1, 10), CAST(substr(recorded_utc, 12, 2) AS INTEGER) / 8"
    named = f"reason IS NOT NULL AND reason NOT LIKE '{data_quality.SYSTEM}%'"
    # One pass over the revisions: per 8-hour block and author, how many named a stop.
    people: dict[tuple[str, int], set[str]] = defaultdict(set)
    naming: dict[str, int] = defaultdict(int)
    for day, part, who, names in conn.execute(
        f"SELECT {block}, author, sum(CASE WHEN {named} THEN 1 ELSE 0 END) "
        f"FROM revision_facts WHERE {where} GROUP BY {block}, author",
        params,
    ).fetchall():
        people[(str(day), int(part))].add(str(who))
        naming[str(who)] += int(names or 0)
    per_shift = [len(found) for found in people.values()]
    namers = sorted(((a, n) for a, n in naming.items() if n), key=lambda an: (-an[1], an[0]))[:10]
    mean = sum(per_shift) / len(per_shift) if per_shift else None
    return Adoption(len(per_shift), mean, max(per_shift, default=0), namers)


@dataclass(frozen=True)
class Device:
    plant: str
    line: str
    device: str
    revoked: bool
    last_sync_utc: str | None
    clock_ahead_s: float | None


def fleet(conn: Connection, *, plant: str | None = None, line: str | None = None) -> list[Device]:
    sql = "SELECT plant, line, device, min(revoked) FROM tokens WHERE role = 'device'"
    params: list[Any] = []
    if plant is not None:
        sql, params = sql + " AND plant = ?", [plant]
    if line is not None:
        sql, params = sql + " AND line = ?", [*params, line]
    tokens = conn.execute(sql + " GROUP BY plant, line, device", params).fetchall()
    # A revision's recorded time from its columns (revision_facts), not its JSON.
    ahead = data_quality.seconds_between(conn, "r.received_utc", "f.recorded_utc")
    # Through the line's cursor index, newest first: a device's recent records, not its
    # history (a full scan of the region's records took 0.3 s for 10 plants x 8 weeks); both
    # figures in one pass. One statement a device: twenty in a UNION ALL cost PostgreSQL's
    # planner enough to compile it (JIT, 135 ms of 155).
    newest = f"""SELECT max(received_utc), max(ahead) FROM (
          SELECT r.received_utc,
            (SELECT {ahead} FROM revision_facts f WHERE f.record_id = r.record_id) AS ahead
          FROM (SELECT record_id, received_utc FROM records
                WHERE plant = ? AND line = ? AND device = ? ORDER BY cursor DESC LIMIT {RECENT}
          ) r
        ) newest"""
    # (The revision's row looked up one by one: a join made PostgreSQL hash the whole table.)
    found = [conn.execute(newest, [p, ln, d]).fetchone() for p, ln, d, _ in tokens]
    out = []
    for (p, ln, d, revoked), (last, skew) in zip(tokens, found, strict=True):
        out.append(
            Device(
                p,
                ln,
                d,
                bool(revoked),
                str(last) if last is not None else None,
                max(0.0, float(skew)) if skew is not None else None,
            )
        )
    return out
