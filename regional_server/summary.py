"""The regional summary: downtime, availability and OEE by plant and line, read from rollups.

The figures of a window are sums of the hourly and daily rollups (``regional_server.rollups``),
kept as records arrive, worked into ratios with the client's own ISO 22400 code
(``kpi.machine_figures``, ``kpi.line_kpi``): downtime and availability from the newest revision
of each synced event, classified by the plant's current catalogue, with the plant's shift
calendar (from its bundle) giving planned production time, so breaks and time outside shifts are
not downtime, as on the line; performance and quality from the synced one-minute part counts and
the captured scrap. What a rollup cannot hold yet is worked out from the records with the same
code (``line_figures``): the part of an hour at either end of the window, and the hours from the
start of a stop still going. ``summary(..., from_records=True)`` works the whole window out from
the records: the recomputation the rollups are tested against. The OEE of the shifts the plants
signed off is given beside it. Each figure is labelled with its method in the answer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from regional_server import job_summary, record_checks
from regional_server.database import POSTGRESQL, Connection
from regional_server.line_figures import (
    EVENT_FIELDS,
    FIELDS,
    Extent,
    LineTotals,
    MachineTotals,
    Skipped,
    event_totals,
    extents,
    heads,
    readable_heads,
    region_count_reports,
    region_heads,
    reports_totals,
    skip,
)
from regional_server.site_rules import PlantRules, RulesCache
from shopfloor_core.andon_rows import record_to_call
from shopfloor_core.domain.andon import CallRevision, Team, call_figures, head_of
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.kpi import Counts, classifier, line_kpi, machine_figures
from shopfloor_core.domain.timeline import Interval

AVAILABILITY_METHOD = (
    "ISO 22400-2 availability = run time / planned production time over the window, from "
    "synced downtime events (newest revision of each) and the plant's shift calendar (from its "
    "bundle): planned production time = window - time outside shifts - planned breaks - "
    "downtime under planned categories; run time = planned production time - unplanned "
    "downtime; each instant counted once (calendar first, then planned, then unplanned "
    "downtime); read from hourly rollups kept as records arrive"
)
NO_CALENDAR_METHOD = (
    "; no shift calendar published for this plant: every hour of the window is planned time"
)
OEE_METHOD = (
    "ISO 22400-2 OEE = availability x performance x quality over the window; performance = "
    "ideal cycle time x total count / run time, quality = good / total count, from the synced "
    "one-minute part counts (rejects: the larger of the PLC's rejects and the captured scrap); "
    "null when the line has no counted machine with an ideal cycle time; read from hourly "
    "rollups kept as records arrive"
)
SIGNED_OFF_OEE_METHOD = (
    "OEE of the shifts signed off in the window (the plant's KPI snapshot, shift calendar "
    "included), weighted by planned production time; null when no shift was signed off"
)
ANDON_METHOD = (
    "andon calls raised in the window, per team called, from each call's current revision: "
    "response = arrived - raised (mean over the calls someone reached), repair = closed - "
    "arrived (mean over the closed calls); MTTR = response + repair"
)
TOP_REASONS = 10
IDEAL = FIELDS.index("ideal_time_s")  # weekly_oee builds MachineTotals from rows of sums
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def _lines(conn: Connection, plant: str | None) -> list[tuple[str, str, str]]:
    # Every record's plant, area and line are its token's, and tokens are revoked, never
    # deleted: the tokens name every line that ever synced, without reading the records.
    sql = "SELECT DISTINCT plant, area, line FROM tokens WHERE role = 'device' ORDER BY 1, 3"
    rows = [(p, a, ln) for p, a, ln in conn.execute(sql).fetchall()]
    return [r for r in rows if plant is None or r[0] == plant]


def _by_line(
    conn: Connection,
    kind: str,
    start: datetime,
    end: datetime,
    plant: str | None,
    *,
    undated: bool = False,
) -> dict[tuple[str, str], list[str]]:
    """The payloads of ``kind`` dated in ``[start, end)``, per line, for every line at once
    (one statement for the region instead of one a line); ``undated``: and those without a
    date (sign-offs stored before they carried one)."""
    where, scope = ("", []) if plant is None else (" AND plant = ?", [plant])
    sql = (
        "SELECT plant, line, payload, cursor FROM records WHERE kind = ? AND start_utc >= ? "
        f"AND start_utc < ?{where}"
    )
    params: list[Any] = [kind, to_iso(start), to_iso(end), *scope]
    if undated:
        sql += (
            " UNION ALL SELECT plant, line, payload, cursor FROM records WHERE kind = ? "
            f"AND start_utc IS NULL{where}"
        )
        params += [kind, *scope]
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for plant_code, line, payload, _ in conn.execute(sql + " ORDER BY 4", params).fetchall():
        out[(plant_code, line)].append(payload)
    return out


def _andon_calls(rows: list[str], skipped: Skipped) -> dict[str, Any]:
    """Per team, the line's calls raised in the window and the two halves of their MTTR."""
    revisions: dict[str, list[CallRevision]] = defaultdict(list)
    for payload in rows:
        stored = json.loads(payload)
        try:
            call = record_to_call(stored)
        except (KeyError, TypeError, ValueError) as exc:
            skip(skipped, "andon_call_revision", stored, f"invalid: {type(exc).__name__}: {exc}")
            continue
        revisions[call.call_id].append(call)
    calls = [head for r in revisions.values() if (head := head_of(r)) is not None]
    if not calls:  # most lines of a region's window: the same answer each time
        return {
            key: dict(value) if isinstance(value, dict) else value
            for key, value in _NO_CALLS.items()
        }
    return _call_answer(calls)


def _call_answer(calls: list[CallRevision]) -> dict[str, Any]:
    out: dict[str, Any] = {"method": ANDON_METHOD}
    for team in Team:
        figures = call_figures(calls, team)
        out[team.value] = {
            "raised": figures.raised,
            "closed": figures.closed,
            "cancelled": figures.cancelled,
            "still_open": figures.still_open,
            "mean_acknowledge_s": figures.mean_acknowledge_s,
            "mean_response_s": figures.mean_response_s,
            "mean_repair_s": figures.mean_repair_s,
            "mttr_s": figures.mean_time_to_repair_s,
        }
    return out


_NO_CALLS = _call_answer([])


def _signed_off_oee(
    rows: list[str], start: datetime, end: datetime, skipped: Skipped
) -> dict[str, Any]:
    weighted = planned = 0.0
    shifts = 0
    for payload in rows:
        record = json.loads(payload)
        shift_start = str(record.get("shift_start_utc", ""))
        if not (to_iso(start) <= shift_start < to_iso(end)):
            continue
        unusable = record_checks.unusable_signoff(record)
        if unusable is not None:
            skip(skipped, "shift_signoff", record, unusable)
            continue
        summary = record.get("summary")
        try:
            figures = json.loads(summary) if isinstance(summary, str) else summary
            line_figures = figures["line"]
            oee = line_figures["oee"]
            ppt = float(line_figures["planned_production_s"])
        except (ValueError, TypeError, KeyError):
            continue
        if oee is None or ppt <= 0:
            continue
        shifts += 1
        weighted += float(oee) * ppt
        planned += ppt
    return {
        "value": weighted / planned if planned else None,
        "shifts": shifts,
        "planned_production_s": planned,
        "method": SIGNED_OFF_OEE_METHOD,
    }


def _floor(moment: datetime, span: timedelta) -> datetime:
    moment = moment.astimezone(UTC)
    if span == DAY:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment.replace(minute=0, second=0, microsecond=0)


def _ceil(moment: datetime, span: timedelta) -> datetime:
    floor = _floor(moment, span)
    return floor if floor == moment else floor + span


def _rollup_totals(
    conn: Connection,
    start: datetime,
    end: datetime,
    plant: str | None,
    line: str | None = None,
) -> dict[tuple[str, str], LineTotals]:
    """The rollups' totals of the whole hours ``[start, end)``: whole days from the daily
    table, the hours at either side from the hourly one. A few statements for the region."""
    out: dict[tuple[str, str], LineTotals] = defaultdict(LineTotals)
    if end <= start:
        return out
    first_day, last_day = _ceil(start, DAY), _floor(end, DAY)
    parts: list[tuple[str, datetime, datetime]] = []
    if first_day < last_day:
        parts += [("days", first_day, last_day), ("hours", start, first_day)]
        parts += [("hours", last_day, end)]
    else:
        parts.append(("hours", start, end))
    where, scope = "", []
    if plant is not None:
        where, scope = " AND k.plant = ?", [plant]
    if line is not None:
        where, scope = where + " AND k.line = ?", [*scope, line]
    parts = [(t, low, high) for t, low, high in parts if low < high]
    # PostgreSQL sums bigints as numeric, decoded as Decimal: 60,000 of them for a region's
    # month. Back to bigint in the statement (a month of a machine's microseconds is far
    # from 2^63); the ideal time is a double already.
    whole = "::bigint" if conn.dialect == POSTGRESQL else ""
    sums = ", ".join(f"sum(r.{name}){'' if name == 'ideal_time_s' else whole}" for name in FIELDS)
    # A grouping per part: a union grouped once sorts its rows.
    for table, low, high in parts:
        bounds = [to_iso(low), to_iso(high), *scope]
        for row in conn.execute(
            summing_statement(conn, f"rollup_{table}", "machine", sums, where), bounds
        ).fetchall():
            figures = MachineTotals(*row[3:])
            machines = out[(row[0], row[1])].machines
            found = machines.get(row[2])
            if found is None:
                machines[row[2]] = figures
            else:
                found.add(figures)
        spent_sum = f"sum(r.seconds_us){whole}"
        for plant_code, line_code, reason, spent in conn.execute(
            summing_statement(conn, f"rollup_reason_{table}", "reason", spent_sum, where), bounds
        ).fetchall():
            reasons = out[(plant_code, line_code)].reasons
            reasons[reason or None] = reasons.get(reason or None, 0) + int(spent or 0)
        for plant_code, line_code, product, good, reject, ideal in conn.execute(
            "SELECT plant, line, product_code, sum(good), sum(reject), sum(ideal_time_s) "
            f"FROM rollup_product_{table} k WHERE period_utc >= ? AND period_utc < ?{where} "
            "GROUP BY plant, line, product_code",
            bounds,
        ).fetchall():
            row = out[(plant_code, line_code)].products.setdefault(product, [0, 0, 0.0])
            row[0] += int(good or 0)
            row[1] += int(reject or 0)
            row[2] += float(ideal or 0)
    return out


def summing_statement(conn: Connection, table: str, column: str, sums: str, where: str) -> str:
    """The statement summing ``table``'s rows of a period range per line and ``column``.

    SQLite groups by sorting: it reads per machine (or reason) listed, in key order, each
    one's rows one range of the table's key (plant, line, machine, period), already grouped
    (it takes the CROSS JOIN's order as written). PostgreSQL groups by hashing: one range of
    the period index, which measured faster than 2,000 probes of the key.
    """
    if conn.dialect == POSTGRESQL:
        return (
            f"SELECT r.plant, r.line, r.{column}, {sums} FROM {table} r WHERE "
            f"r.period_utc >= ? AND r.period_utc < ?{where.replace('k.', 'r.')} "
            f"GROUP BY r.plant, r.line, r.{column}"
        )
    listed = "rollup_machines" if column == "machine" else "rollup_reasons"
    return (
        f"SELECT k.plant, k.line, k.{column}, {sums} FROM {listed} k CROSS JOIN {table} r "
        f"WHERE r.plant = k.plant AND r.line = k.line AND r.{column} = k.{column} "
        f"AND r.period_utc >= ? AND r.period_utc < ?{where} GROUP BY k.plant, k.line, k.{column}"
    )


def _noted_skipped(
    conn: Connection, start: datetime, end: datetime, plant: str | None
) -> dict[tuple[str, str], Skipped]:
    """What the rollups of ``[start, end)`` could not use, per line."""
    sql = (
        "SELECT plant, line, record_kind, record_id, reason FROM rollup_skipped "
        "WHERE period_utc >= ? AND period_utc < ?"
    )
    params = [to_iso(start), to_iso(end)]
    if plant is not None:
        sql, params = sql + " AND plant = ?", [*params, plant]
    out: dict[tuple[str, str], Skipped] = defaultdict(list)
    for plant_code, line, kind, record_id, reason in conn.execute(sql, params).fetchall():
        out[(plant_code, line)].append({"kind": kind, "id": record_id, "reason": reason})
    return out


def _open_since(conn: Connection, plant: str | None) -> dict[tuple[str, str], datetime]:
    """The start of each line's earliest stop still going (through the heads' open index)."""
    sql = "SELECT plant, line, min(start_utc) FROM event_heads WHERE end_utc IS NULL"
    params: list[Any] = []
    if plant is not None:
        sql, params = sql + " AND plant = ?", [plant]
    rows = conn.execute(sql + " GROUP BY plant, line", params).fetchall()
    out = {}
    for plant_code, line, first in rows:
        try:
            out[(plant_code, line)] = from_iso(first)
        except (TypeError, ValueError):
            continue
    return out


def summary(
    conn: Connection,
    start: datetime,
    end: datetime,
    now: datetime,
    *,
    plant: str | None = None,
    from_records: bool = False,
) -> list[dict[str, Any]]:
    """One entry per (plant, line) known to the region, optionally for one plant only."""
    until = min(end, max(now, start))  # the part of the window that has happened
    first_hour, last_hour = _ceil(start, HOUR), _floor(until, HOUR)
    whole_hours = not from_records and first_hour < last_hour
    bulk = _rollup_totals(conn, first_hour, last_hour, plant) if whole_hours else {}
    still_going = _open_since(conn, plant) if whole_hours else {}
    noted = _noted_skipped(conn, first_hour, last_hour, plant) if whole_hours else {}
    rules = RulesCache(conn)
    reaches = extents(conn, plant)
    signoffs = _by_line(conn, "shift_signoff", start, end, plant, undated=True)
    calls = _by_line(conn, "andon_call_revision", start, end, plant)
    jobs = job_summary.revisions_by_line(conn, plant)
    # The stretches every line works out from the records, each read once for the region.
    shared = [(start, first_hour), (last_hour, until)] if whole_hours else [(start, until)]
    shared = [(low, high) for low, high in shared if low < high]
    found_heads = {s: region_heads(conn, plant, *s, reaches) for s in shared}
    found_reports = {s: region_count_reports(conn, plant, *s, reaches) for s in shared}
    at_start = region_heads(conn, plant, start, start, reaches)
    out = []
    for plant_code, area, line in _lines(conn, plant):
        plant_rules = rules(plant_code)
        skipped: Skipped = []
        reach = reaches.get((plant_code, line), Extent())
        totals = LineTotals()
        # Stretches worked out from the records: (start, end, events?, counts?).
        live: list[tuple[datetime, datetime, bool, bool]] = []
        if not whole_hours:
            live.append((start, until, True, True))
        else:
            live.append((start, first_hour, True, True))
            live.append((last_hour, until, True, True))
            held = bulk.get((plant_code, line), LineTotals())
            going = still_going.get((plant_code, line))
            cut = max(first_hour, _floor(going, HOUR)) if going is not None else last_hour
            if cut < last_hour:
                # A stop still going: its hours are worked out whole (a rollup holds only
                # stops that ended); the counts of those hours stay the rollups'.
                held = _events_until(conn, held, first_hour, cut, last_hour, plant_code, line)
                live.append((cut, last_hour, True, False))
            totals.add(held)
        for low, high, with_events, with_counts in live:
            if high <= low:
                continue
            if with_events:
                if (low, high) in found_heads:
                    stored = found_heads[(low, high)].get((plant_code, line), [])
                    found = readable_heads(stored, skipped)
                else:
                    found = heads(conn, plant_code, line, low, high, reach, skipped)
                totals.add(_event_totals(found, low, high, plant_rules, now, skipped))
            if with_counts:
                reports = found_reports[(low, high)].get((plant_code, line), [])
                totals.add(reports_totals(reports, low, high, skipped))
        seen = {(s["kind"], s["id"]) for s in skipped}
        skipped += [
            s for s in noted.get((plant_code, line), []) if (s["kind"], s["id"]) not in seen
        ]
        events = sum(m.events for m in totals.machines.values())
        going_at_start = readable_heads(at_start.get((plant_code, line), []), None)
        events += sum(1 for rev in going_at_start if rev.start_utc < start)
        entry = _figures(totals, start, until, plant_rules)
        out.append(
            {
                "plant": plant_code,
                "area": area,
                "line": line,
                "events": events,
                **entry,
                "signed_off_oee": _signed_off_oee(
                    signoffs.get((plant_code, line), []), start, end, skipped
                ),
                "andon_calls": _andon_calls(calls.get((plant_code, line), []), skipped),
                "catalogue_version": plant_rules.catalogue.version,
                **job_summary.for_line(
                    conn,
                    jobs.get((plant_code, line), []),
                    plant_code,
                    line,
                    Interval(start, until),
                    now,
                    partial(heads, conn, plant_code, line, start, until, reach),
                    classifier(plant_rules.catalogue),
                    partial(skip, skipped),
                ),
                "skipped": skipped,
            }
        )
    return out


def _events_until(
    conn: Connection,
    held: LineTotals,
    first_hour: datetime,
    cut: datetime,
    last_hour: datetime,
    plant: str,
    line: str,
) -> LineTotals:
    """``held`` with the event figures of ``[cut, last_hour)`` taken out (counts kept)."""
    later = _rollup_totals(conn, cut, last_hour, plant, line).get((plant, line), LineTotals())
    kept = LineTotals()
    kept.add(held)
    for machine_id, figures in later.machines.items():
        mine = kept.machine(machine_id)
        for name in EVENT_FIELDS:
            setattr(mine, name, getattr(mine, name) - getattr(figures, name))
    for code, spent in later.reasons.items():
        kept.reasons[code] = kept.reasons.get(code, 0) - spent
    return kept


def _event_totals(
    found: list[Any],
    low: datetime,
    high: datetime,
    rules: PlantRules,
    now: datetime,
    skipped: Skipped,
) -> LineTotals:
    try:
        return event_totals(found, low, high, rules, now)
    except (ValueError, TypeError, ArithmeticError) as exc:
        # A combination of records no single check caught: left out and reported, never a 500.
        for event in found:
            skip(skipped, "event_revision", {"revision_id": event.revision_id}, str(exc))
        return LineTotals()


def _figures(
    totals: LineTotals, start: datetime, until: datetime, rules: PlantRules
) -> dict[str, Any]:
    elapsed = until - start
    outside_s, breaks_s = rules.stop_times(start, until)
    calendar = timedelta(seconds=outside_s + breaks_s)
    machines = []
    scrap = 0
    for machine_id in sorted(totals.machines):
        m = totals.machines[machine_id]
        scrap += m.scrap
        if m.stops <= 0 and m.buckets <= 0:
            continue  # neither stopped nor counted in the window: not part of the figures
        counts = Counts(m.good, m.plc_reject, m.scrap) if m.buckets > 0 else Counts(counted=False)
        machines.append(
            machine_figures(
                machine_id,
                elapsed=elapsed,
                planned_stop=calendar + timedelta(microseconds=m.planned_down_us),
                downtime=timedelta(microseconds=m.down_us),
                micro_stop=timedelta(),
                counts=counts,
                ideal_cycle_s=m.ideal_time_s / m.rated_parts if m.rated_parts else None,
            )
        )
    line = line_kpi(machines)
    reasons = [(code, spent / 1e6) for code, spent in totals.reasons.items() if spent > 0]
    top = sorted(reasons, key=lambda kv: (-kv[1], kv[0] or ""))[:TOP_REASONS]
    method = AVAILABILITY_METHOD + ("" if rules.calendar is not None else NO_CALENDAR_METHOD)
    return {
        "machines": len(machines),
        "downtime_s": line.downtime_s,
        # Planned stop time as on the line's shift screen: breaks and planned downtime.
        "planned_downtime_s": sum(m.planned_stop_s for m in machines) - outside_s * len(machines),
        "planned_production_s": line.planned_production_s,
        "availability": line.availability if machines else None,
        "availability_method": method,
        "shift_calendar": {
            "version": rules.calendar.version if rules.calendar else None,
            "zone": rules.calendar.zone if rules.calendar else None,
            "outside_shifts_s": outside_s,
            "breaks_s": breaks_s,
        },
        "downtime_by_reason": [{"reason_code": code, "seconds": seconds} for code, seconds in top],
        "scrap_quantity": scrap,
        "good_count": line.good,
        "reject_count": line.reject,
        "performance": line.performance,
        "quality": line.quality,
        "oee": {"value": line.oee, "method": OEE_METHOD},
        # Per product (contract v2 counts): its share of the line's performance is its ideal
        # time over the line's run time, so the shares add up to the line's performance.
        "products": [
            {
                "product_code": code,
                "good_count": int(good),
                "reject_count": int(reject),
                "ideal_time_s": ideal,
                "performance_share": ideal / line.run_s if line.run_s > 0 else None,
            }
            for code, (good, reject, ideal) in sorted(totals.products.items())
        ],
    }
