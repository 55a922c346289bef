"""A line's totals over a stretch of time, worked out from its raw records.

The rollups store these totals per hour (and per day); the summary adds them up and works the
ratios out with the client's own code (``kpi.machine_figures``). The same functions compute a
stretch straight from the records: the hours a rollup cannot hold yet (the part of an hour at
either end of a window, the hours a stop still going covers) and the recomputation the tests
compare the rollups with. Times are whole microseconds, so sums and differences are exact.

Records are found through end-time indexes bounded by the longest stop and the longest count
report the line ever sent (``line_extent``): a stretch of an hour reads that hour's records,
not the line's history.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from regional_server.database import Connection
from regional_server.site_rules import PlantRules
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.kpi import Counts, machine_kpi
from shopfloor_core.domain.shifts import total
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.revision_rows import row_to_revision

MICROSECOND = timedelta(microseconds=1)
# What the summary left out of a line's figures, and why: [{kind, id, reason}].
Skipped = list[dict[str, str]]


def skip(skipped: Skipped, kind: str, payload: object, reason: str) -> None:
    # Stored before the server checked every field; left out and reported, never a 500.
    ids = ("revision_id", "signoff_id", "report_id")
    found = [payload.get(k) for k in ids if isinstance(payload, dict) and payload.get(k)]
    skipped.append({"kind": kind, "id": str(found[0]) if found else "?", "reason": reason})


def us(seconds: float) -> int:
    return round(seconds * 1_000_000)


@dataclass
class MachineTotals:
    """What one machine adds to a stretch. Event figures first, then count figures."""

    events: int = 0  # non-voided event heads that start in the stretch
    stops: int = 0  # downtime heads overlapping it
    planned_down_us: int = 0  # planned-category downtime outside the calendar's stops
    down_us: int = 0  # availability losses
    scrap: int = 0  # captured scrap quantity
    good: int = 0
    plc_reject: int = 0
    buckets: int = 0  # one-minute count buckets reported
    ideal_time_s: float = 0.0  # ideal cycle time x parts, over the rated parts
    rated_parts: int = 0  # parts reported with an ideal cycle time

    def add(self, other: MachineTotals, sign: int = 1) -> None:
        # Spelled out, not a loop over FIELDS: a region's summary adds thousands of these.
        self.events += sign * other.events
        self.stops += sign * other.stops
        self.planned_down_us += sign * other.planned_down_us
        self.down_us += sign * other.down_us
        self.scrap += sign * other.scrap
        self.good += sign * other.good
        self.plc_reject += sign * other.plc_reject
        self.buckets += sign * other.buckets
        self.ideal_time_s += sign * other.ideal_time_s
        self.rated_parts += sign * other.rated_parts


EVENT_FIELDS = ("events", "stops", "planned_down_us", "down_us", "scrap")
COUNT_FIELDS = ("good", "plc_reject", "buckets", "ideal_time_s", "rated_parts")
# In the order of MachineTotals' fields (the summary builds one from a row of sums).
FIELDS = EVENT_FIELDS + COUNT_FIELDS


@dataclass
class LineTotals:
    machines: dict[str, MachineTotals] = field(default_factory=dict)
    reasons: dict[str | None, int] = field(default_factory=dict)  # microseconds
    # Per product code (contract v2 counts): [good, reject, ideal time in seconds].
    products: dict[str, list[float]] = field(default_factory=dict)

    def machine(self, machine_id: str) -> MachineTotals:
        found = self.machines.get(machine_id)
        if found is None:
            found = self.machines[machine_id] = MachineTotals()
        return found

    def add(self, other: LineTotals) -> None:
        for machine_id, figures in other.machines.items():
            self.machine(machine_id).add(figures)
        for code, spent in other.reasons.items():
            self.reasons[code] = self.reasons.get(code, 0) + spent
        for product, made in other.products.items():
            mine = self.products.setdefault(product, [0, 0, 0.0])
            for i, value in enumerate(made):
                mine[i] += value


@dataclass(frozen=True)
class Extent:
    """The longest stop and the longest count report a line ever sent: how far back to look."""

    head: timedelta = timedelta()
    report: timedelta = timedelta()


def extent(conn: Connection, plant: str, line: str) -> Extent:
    row = conn.execute(
        "SELECT longest_head_us, longest_report_us FROM line_extent WHERE plant = ? AND line = ?",
        [plant, line],
    ).fetchone()
    if row is None:
        return Extent()
    return Extent(int(row[0]) * MICROSECOND, int(row[1]) * MICROSECOND)


def extents(conn: Connection, plant: str | None) -> dict[tuple[str, str], Extent]:
    """Every line's extent (of one plant), in one read."""
    sql = "SELECT plant, line, longest_head_us, longest_report_us FROM line_extent"
    rows = conn.execute(sql + (" WHERE plant = ?" if plant else ""), [plant] if plant else [])
    return {
        (p, ln): Extent(int(h) * MICROSECOND, int(r) * MICROSECOND)
        for p, ln, h, r in rows.fetchall()
    }


def heads(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    reach: Extent,
    skipped: Skipped | None = None,
) -> list[EventRevision]:
    """The newest revision of each of the line's events that reaches into ``[start, end)``.

    Ended ones end in ``[start, end + longest stop]``; the rest are still going. A moment
    (scrap) at ``start`` belongs to the stretch, hence ``>=``.
    """
    rows = conn.execute(
        "SELECT payload FROM event_heads WHERE plant = ? AND line = ? AND end_utc >= ? "
        "AND end_utc <= ? AND start_utc < ? UNION ALL "
        "SELECT payload FROM event_heads WHERE plant = ? AND line = ? AND end_utc IS NULL "
        "AND start_utc < ?",
        [
            plant,
            line,
            to_iso(start),
            to_iso(end + reach.head),
            to_iso(end),
            plant,
            line,
            to_iso(end),
        ],
    ).fetchall()
    return readable_heads((json.loads(payload) for (payload,) in rows), skipped)


# A line whose longest stop (or count report) is more than FAR times the region's typical one
# is read on its own: one stop left open for weeks on one line must not widen every line's
# read of a window's edge to weeks of the region's stops.
FAR = 4
NEAR_ENOUGH = timedelta(hours=1)


def apart(lengths: dict[tuple[str, str], timedelta]) -> tuple[timedelta, list[tuple[str, str]]]:
    """How far the region-wide read looks past a stretch's end, and the lines read alone."""
    if not lengths:
        return timedelta(), []
    ordered = sorted(lengths.values())
    cap = max(ordered[len(ordered) // 2] * FAR, NEAR_ENOUGH)
    alone = sorted(key for key, length in lengths.items() if length > cap)
    shared = max((v for k, v in lengths.items() if v <= cap), default=timedelta())
    return shared, alone


def _reads(
    plant: str | None,
    longest: timedelta,
    alone: list[tuple[str, str]],
    reach: Callable[[tuple[str, str]], timedelta],
) -> list[tuple[timedelta, str, list[str]]]:
    """(how far past the end, condition, its values): the lines together, then each alone."""
    together = (longest, "", []) if plant is None else (longest, " AND plant = ?", [plant])
    return [together, *((reach(k), " AND plant = ? AND line = ?", list(k)) for k in alone)]


def _own(found: list[Any], scope: list[str], alone: list[tuple[str, str]]) -> list[Any]:
    """The rows of a read that are its lines': the read of the lines together leaves out
    those read alone."""
    if len(scope) == 2 or not alone:
        return found
    return [row for row in found if (row[0], row[1]) not in alone]


def region_heads(
    conn: Connection,
    plant: str | None,
    start: datetime,
    end: datetime,
    reaches: dict[tuple[str, str], Extent],
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """What ``heads`` finds for every line (of one plant) at once, as stored payloads.

    One statement bounded by the longest stop of the lines read together, then each line's
    own bound; a line whose stops reach much further is read alone (``apart``).
    """
    longest, alone = apart({key: r.head for key, r in reaches.items()})
    sql = (
        "SELECT plant, line, end_utc, payload, event_id, 0 FROM event_heads WHERE end_utc >= ? "
        "AND end_utc <= ? AND start_utc < ?{where} UNION ALL "
        "SELECT plant, line, end_utc, payload, event_id, 1 FROM event_heads "
        "WHERE end_utc IS NULL AND start_utc < ?{where} "
        "ORDER BY 1, 2, 6, 3, 5"
    )
    rows: list[Any] = []
    for reach, where, scope in _reads(plant, longest, alone, lambda key: reaches[key].head):
        found = conn.execute(
            sql.format(where=where),
            [to_iso(start), to_iso(end + reach), to_iso(end), *scope, to_iso(end), *scope],
        ).fetchall()
        rows += _own(found, scope, alone)
    bounds: dict[tuple[str, str], str] = {}
    out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for plant_code, line, ended, payload, _, _ in rows:
        key = (plant_code, line)
        bound = bounds.get(key)
        if bound is None:
            bound = bounds[key] = to_iso(end + reaches.get(key, Extent()).head)
        if ended is None or ended <= bound:
            out[key].append(json.loads(payload))
    return out


def region_count_reports(
    conn: Connection,
    plant: str | None,
    start: datetime,
    end: datetime,
    reaches: dict[tuple[str, str], Extent],
) -> dict[tuple[str, str], list[str]]:
    """What ``count_totals`` reads for every line (of one plant) at once, unparsed; a line
    whose reports reach much further than the others' is read alone (``apart``)."""
    longest, alone = apart({key: r.report for key, r in reaches.items()})
    low, high = to_iso(start), to_iso(end)
    sql = (
        "SELECT plant, line, end_utc, payload FROM records WHERE kind = 'production_count' "
        "AND end_utc > ? AND end_utc <= ? AND start_utc < ?{where} ORDER BY 1, 2, 3, cursor"
    )
    rows: list[Any] = []
    for reach, where, scope in _reads(plant, longest, alone, lambda key: reaches[key].report):
        found = conn.execute(
            sql.format(where=where), [low, to_iso(end + reach), high, *scope]
        ).fetchall()
        rows += _own(found, scope, alone)
    bounds: dict[tuple[str, str], str] = {}
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for plant_code, line, ended, payload in rows:
        key = (plant_code, line)
        bound = bounds.get(key)
        if bound is None:
            bound = bounds[key] = to_iso(end + reaches.get(key, Extent()).report)
        if ended <= bound:
            out[key].append(payload)
    return out


def readable_heads(payloads: Iterable[dict], skipped: Skipped | None) -> list[EventRevision]:  # type: ignore[type-arg]
    out = []
    for stored in payloads:
        try:
            rev = row_to_revision(stored)
        except (KeyError, ValueError, TypeError) as exc:
            if skipped is not None:
                skip(skipped, "event_revision", stored, f"invalid: {type(exc).__name__}: {exc}")
            continue
        if rev.end_utc is not None and rev.end_utc < rev.start_utc:
            if skipped is not None:
                skip(skipped, "event_revision", stored, "times: the event ends before it starts")
            continue
        if not rev.voided:
            out.append(rev)
    return out


def open_stop(rev: EventRevision) -> bool:
    return rev.kind is EventKind.DOWNTIME and rev.end_utc is None


def event_totals(
    revisions: Iterable[EventRevision],
    start: datetime,
    end: datetime,
    rules: PlantRules,
    now: datetime,
    *,
    ended_only: bool = False,
) -> LineTotals:
    """The event figures of ``[start, end)`` under the plant's catalogue and calendar.

    ``ended_only``: leave stops still going out of the time figures (a rollup cannot hold a
    stop whose end it does not know; the summary works those hours out when asked).
    """
    out = LineTotals()
    stops = rules.stops(start, end)
    calendar_us = total(stops) // MICROSECOND
    downtimes: dict[str, list[EventRevision]] = defaultdict(list)
    window = Interval(start, end)
    for rev in revisions:
        if start <= rev.start_utc < end:
            out.machine(rev.machine_id).events += 1
            if rev.kind is EventKind.SCRAP:
                out.machine(rev.machine_id).scrap += rev.quantity or 0
        if rev.kind is not EventKind.DOWNTIME or (ended_only and rev.end_utc is None):
            continue
        until = rev.end_utc if rev.end_utc is not None else max(now, rev.start_utc)
        if rev.start_utc < end and until > start:
            out.machine(rev.machine_id).stops += 1
            downtimes[rev.machine_id].append(rev)
    for machine_id, events in downtimes.items():
        figures = machine_kpi(
            machine_id, window, stops, events, Counts(counted=False), None, rules.classify, now
        )
        totals = out.machine(machine_id)
        totals.planned_down_us += us(figures.planned_stop_s) - calendar_us
        totals.down_us += us(figures.downtime_s)
        for code, seconds in figures.loss_by_reason.items():
            out.reasons[code] = out.reasons.get(code, 0) + us(seconds)
    return out


def count_totals(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    reach: Extent,
    skipped: Skipped | None = None,
) -> LineTotals:
    """Parts per machine in one-minute buckets starting in ``[start, end)``, from the reports.

    A report spans ``[first bucket, last bucket + 1 min)``, no longer than the line's longest:
    the ones overlapping the stretch end in ``(start, end + longest]``.
    """
    low, high = to_iso(start), to_iso(end)
    rows = conn.execute(
        "SELECT payload FROM records WHERE kind = 'production_count' AND plant = ? "
        "AND line = ? AND end_utc > ? AND end_utc <= ? AND start_utc < ?",
        [plant, line, low, to_iso(end + reach.report), high],
    ).fetchall()
    return reports_totals([payload for (payload,) in rows], start, end, skipped)


def reports_totals(
    rows: list[str], start: datetime, end: datetime, skipped: Skipped | None = None
) -> LineTotals:
    """The parts of the count reports ``rows`` in buckets starting in ``[start, end)``."""
    low, high = to_iso(start), to_iso(end)
    out = LineTotals()
    products = out.products
    for payload in rows:
        report = json.loads(payload)
        # Every bucket of the stretch read before any is added: a report with one bad bucket
        # is left out entirely. No helper calls per bucket: a region's window off the hour
        # walks some 100,000 of them.
        inside: list[tuple[int, int, float | None, object]] = []
        try:
            machine, cycle = str(report["machine_id"]), report.get("ideal_cycle_time_s")
            cycle = float(cycle) if cycle else None
            for b in [b for b in report["buckets"] if low <= b["bucket_utc"] < high]:
                own = b.get("ideal_s_per_part")
                per_part = float(own) if own else cycle
                inside.append((int(b["good"]), int(b["reject"]), per_part, b.get("product_code")))
        except (KeyError, TypeError, ValueError) as exc:
            if skipped is not None:
                skip(skipped, "production_count", report, f"invalid: {type(exc).__name__}: {exc}")
            continue
        if not inside:
            continue
        totals = out.machine(machine)
        for good, reject, per_part, code in inside:
            parts = good + reject
            if isinstance(code, str):
                row = products.get(code)
                if row is None:
                    row = products[code] = [0, 0, 0.0]
                row[0] += good
                row[1] += reject
                row[2] += (per_part or 0.0) * parts
            totals.good += good
            totals.plc_reject += reject
            totals.buckets += 1
            if per_part:
                totals.ideal_time_s += per_part * parts
                totals.rated_parts += parts
    return out


def rate(bucket: dict[str, Any], cycle: float | None) -> float | None:
    """A bucket's ideal time per part: its product's (contract v2), else the report's cycle."""
    own = bucket.get("ideal_s_per_part")
    return float(own) if own else cycle


def add_buckets(totals: MachineTotals, buckets: list[tuple[int, int, float | None]]) -> None:
    for good, reject, per_part in buckets:
        totals.good += good
        totals.plc_reject += reject
        totals.buckets += 1
        if per_part:
            totals.ideal_time_s += per_part * (good + reject)
            totals.rated_parts += good + reject
