"""The regional summary: downtime, availability and OEE by plant and line from synced records.

Every figure is recomputed here over the requested window with the client's own ISO 22400 code
(``shopfloor_core.domain.kpi``): downtime and availability from the synced event revisions (the
newest revision of each event), classified by the plant's current catalogue; performance and
quality from the synced part counts (``production_count`` records, one-minute buckets, each
with the ideal cycle time in force when reported) and the captured scrap. The server does not
know which shift pattern each site follows, so planned breaks count as run time unless they were
captured as planned downtime; the OEE of the shifts the plants signed off, which does know the
calendar, is given beside it. Each figure is labelled with its method in the answer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from regional_server import bundles, job_summary, record_checks
from regional_server.database import Connection
from shopfloor_core.andon_rows import record_to_call
from shopfloor_core.domain.andon import CallRevision, Team, call_figures, head_of
from shopfloor_core.domain.catalogue import (
    Catalogue,
    CatalogueError,
    bundled_catalogue,
    load_catalogue,
)
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.kpi import Counts, classifier, line_kpi, machine_kpi
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.revision_rows import row_to_revision

AVAILABILITY_METHOD = (
    "ISO 22400-2 availability = run time / planned production time, from synced downtime "
    "events over the window; planned stop time = downtime under planned categories only "
    "(no shift calendar on the server)"
)
OEE_METHOD = (
    "ISO 22400-2 OEE = availability x performance x quality over the window; performance = "
    "ideal cycle time x total count / run time, quality = good / total count, from the synced "
    "one-minute part counts (rejects: the larger of the PLC's rejects and the captured scrap); "
    "null when the line has no counted machine with an ideal cycle time"
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
# What the summary left out of a line's figures, and why: [{kind, id, reason}].
Skipped = list[dict[str, str]]


def _skip(skipped: Skipped, kind: str, payload: object, reason: str) -> None:
    # Stored before the server checked every field; left out and reported, never a 500.
    ids = ("revision_id", "signoff_id", "report_id")
    found = [payload.get(k) for k in ids if isinstance(payload, dict) and payload.get(k)]
    skipped.append({"kind": kind, "id": str(found[0]) if found else "?", "reason": reason})


def _catalogue(conn: Connection, plant: str) -> Catalogue:
    published = bundles.current(conn, plant)
    if published is not None:
        try:
            return load_catalogue(published.document.get("catalogue") or {})
        except CatalogueError:
            pass  # a bundle the clients refuse too; the bundled standard classifies meanwhile
    return bundled_catalogue()


def _lines(conn: Connection, plant: str | None) -> list[tuple[str, str, str]]:
    # Every record's plant, area and line are its token's, and tokens are revoked, never
    # deleted: the tokens name every line that ever synced, without reading the records.
    sql = "SELECT DISTINCT plant, area, line FROM tokens WHERE role = 'device' ORDER BY 1, 3"
    rows = [(p, a, ln) for p, a, ln in conn.execute(sql).fetchall()]
    return [r for r in rows if plant is None or r[0] == plant]


def _events(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    skipped: Skipped,
) -> list[EventRevision]:
    """The newest revision of each event of the line that overlaps ``[start, end)``.

    Read from ``event_heads`` (one row per event, kept as revisions arrive) through its
    end-time index, so a recent window does not read the line's whole history.
    """
    low, high = to_iso(start), to_iso(end)
    rows = conn.execute(
        "SELECT payload FROM event_heads WHERE plant = ? AND line = ? AND end_utc >= ? "
        "AND start_utc < ? UNION ALL "
        "SELECT payload FROM event_heads WHERE plant = ? AND line = ? AND end_utc IS NULL "
        "AND start_utc < ?",
        [plant, line, low, high, plant, line, high],
    ).fetchall()
    out = []
    for (payload,) in rows:
        stored = json.loads(payload)
        try:
            rev = row_to_revision(stored)
        except (KeyError, ValueError, TypeError) as exc:
            _skip(skipped, "event_revision", stored, f"invalid: {type(exc).__name__}: {exc}")
            continue
        if rev.end_utc is not None and rev.end_utc < rev.start_utc:
            _skip(skipped, "event_revision", stored, "times: the event ends before it starts")
            continue
        if not rev.voided:
            out.append(rev)
    return out


def _andon_calls(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    skipped: Skipped,
) -> dict[str, Any]:
    """Per team, the line's calls raised in ``[start, end)`` and the two halves of their MTTR."""
    rows = conn.execute(
        "SELECT payload FROM records WHERE plant = ? AND line = ? "
        "AND kind = 'andon_call_revision' AND start_utc >= ? AND start_utc < ?",
        [plant, line, to_iso(start), to_iso(end)],
    ).fetchall()
    revisions: dict[str, list[CallRevision]] = defaultdict(list)
    for (payload,) in rows:
        stored = json.loads(payload)
        try:
            call = record_to_call(stored)
        except (KeyError, TypeError, ValueError) as exc:
            _skip(skipped, "andon_call_revision", stored, f"invalid: {type(exc).__name__}: {exc}")
            continue
        revisions[call.call_id].append(call)
    calls = [head for r in revisions.values() if (head := head_of(r)) is not None]
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


def _signed_off_oee(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    skipped: Skipped,
) -> dict[str, Any]:
    weighted = planned = 0.0
    shifts = 0
    rows = conn.execute(
        "SELECT payload FROM records WHERE plant = ? AND line = ? AND kind = 'shift_signoff'",
        [plant, line],
    ).fetchall()
    for (payload,) in rows:
        record = json.loads(payload)
        shift_start = str(record.get("shift_start_utc", ""))
        if not (to_iso(start) <= shift_start < to_iso(end)):
            continue
        unusable = record_checks.unusable_signoff(record)
        if unusable is not None:
            _skip(skipped, "shift_signoff", record, unusable)
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


def _rate(bucket: dict[str, Any], cycle: float | None) -> float | None:
    """A bucket's ideal time per part: its product's (contract v2), else the report's cycle."""
    own = bucket.get("ideal_s_per_part")
    return float(own) if own else cycle


def _products(product_parts: dict[str, list[Any]], run_s: float) -> list[dict[str, Any]]:
    """Per product of a line: parts, ideal time, and its share of the line's performance
    (ideal time over the line's run time; the shares add up to the line's performance)."""
    return [
        {
            "product_code": code,
            "good_count": good,
            "reject_count": reject,
            "ideal_time_s": ideal,
            "performance_share": ideal / run_s if run_s > 0 else None,
        }
        for code, (good, reject, ideal) in sorted(product_parts.items())
    ]


@dataclass(frozen=True)
class _MachineCounts:
    good: int
    reject: int
    ideal_cycle_s: float | None  # weighted by the parts reported under each value


def _counts(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    skipped: Skipped,
    product_parts: dict[str, list[Any]] | None = None,
) -> dict[str, _MachineCounts]:
    """Parts per machine in buckets starting in ``[start, end)``, from the synced reports.

    ``product_parts`` (if given) gets [good, reject, ideal time] per product code.

    The reports overlapping the window come through the end-time index; their buckets are
    summed here (four times faster than ``json_each`` with ``json_extract`` per bucket, which
    parses each bucket again for every field). Bucket times are stored in one spelling (the
    contract's), so they compare as text.
    """
    low, high = to_iso(start), to_iso(end)
    rows = conn.execute(
        "SELECT payload FROM records WHERE kind = 'production_count' AND plant = ? "
        "AND line = ? AND end_utc > ? AND start_utc < ?",
        [plant, line, low, high],
    ).fetchall()
    good: dict[str, int] = defaultdict(int)
    reject: dict[str, int] = defaultdict(int)
    ideal_time: dict[str, float] = defaultdict(float)
    rated: dict[str, int] = defaultdict(int)
    for (payload,) in rows:
        report = json.loads(payload)
        try:
            machine, cycle = str(report["machine_id"]), report.get("ideal_cycle_time_s")
            cycle = float(cycle) if cycle else None
            # Contract v2: a bucket made under a job has its product's ideal time per part.
            parts = [
                (int(b["good"]), int(b["reject"]), _rate(b, cycle), b.get("product_code"))
                for b in report["buckets"]
                if low <= b["bucket_utc"] < high
            ]
        except (KeyError, TypeError, ValueError) as exc:
            _skip(skipped, "production_count", report, f"invalid: {type(exc).__name__}: {exc}")
            continue
        for made, refused, rate, product in parts:
            good[machine] += made
            reject[machine] += refused
            if rate:
                ideal_time[machine] += rate * (made + refused)
                rated[machine] += made + refused
            if product_parts is not None and isinstance(product, str):
                row = product_parts.setdefault(product, [0, 0, 0.0])
                row[0] += made
                row[1] += refused
                row[2] += (rate or 0.0) * (made + refused)
    return {
        m: _MachineCounts(good[m], reject[m], ideal_time[m] / rated[m] if rated.get(m) else None)
        for m in good
    }


def summary(
    conn: Connection,
    start: datetime,
    end: datetime,
    now: datetime,
    *,
    plant: str | None = None,
) -> list[dict[str, Any]]:
    """One entry per (plant, line) known to the region, optionally for one plant only."""
    out = []
    catalogues: dict[str, Catalogue] = {}
    for plant_code, area, line in _lines(conn, plant):
        catalogue = catalogues.setdefault(plant_code, _catalogue(conn, plant_code))
        classify = classifier(catalogue)
        skipped: Skipped = []
        events = _events(conn, plant_code, line, start, end, skipped)
        window = Interval(start, min(end, max(now, start)))
        assert window.end is not None
        by_machine: dict[str, list[EventRevision]] = defaultdict(list)
        scrap_by_machine: dict[str, int] = defaultdict(int)
        scrap = 0
        for event in events:
            if event.kind is EventKind.DOWNTIME:
                by_machine[event.machine_id].append(event)
            elif event.kind is EventKind.SCRAP and start <= event.start_utc < end:
                # A scrap entry is a moment: it belongs to the window it falls in, the start
                # included (hence ">=" on end times above), so no entry falls between windows.
                scrap += event.quantity or 0
                # Scrap counts against quality when captured in the window, as on the line.
                if window.start <= event.start_utc < window.end:
                    scrap_by_machine[event.machine_id] += event.quantity or 0
        product_parts: dict[str, list[Any]] = {}
        counted = _counts(conn, plant_code, line, window.start, window.end, skipped, product_parts)
        machines = []
        for machine_id in sorted(set(by_machine) | set(counted)):
            parts = counted.get(machine_id)
            counts = (
                Counts(parts.good, parts.reject, scrap_by_machine.get(machine_id, 0))
                if parts is not None
                else Counts(counted=False)
            )
            try:
                figures = machine_kpi(
                    machine_id,
                    window,
                    [],
                    by_machine.get(machine_id, []),
                    counts,
                    parts.ideal_cycle_s if parts is not None else None,
                    classify,
                    now,
                )
            except (ValueError, TypeError, ArithmeticError) as exc:
                # A combination of records no single check caught: the machine is left out
                # of the line's figures and each of its stops reported, never a 500.
                for event in by_machine.get(machine_id, []):
                    _skip(skipped, "event_revision", {"revision_id": event.revision_id}, str(exc))
                continue
            machines.append(figures)
        line_figures = line_kpi(machines)
        planned_stop = sum(m.planned_stop_s for m in machines)
        reasons: dict[str | None, float] = defaultdict(float)
        for m in machines:
            for code, seconds in m.loss_by_reason.items():
                reasons[code] += seconds
        top = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0] or ""))[:TOP_REASONS]
        out.append(
            {
                "plant": plant_code,
                "area": area,
                "line": line,
                "events": len(events),
                "machines": len(machines),
                "downtime_s": line_figures.downtime_s,
                "planned_downtime_s": planned_stop,
                "availability": line_figures.availability if machines else None,
                "availability_method": AVAILABILITY_METHOD,
                "downtime_by_reason": [
                    {"reason_code": code, "seconds": seconds} for code, seconds in top
                ],
                "scrap_quantity": scrap,
                "good_count": line_figures.good,
                "reject_count": line_figures.reject,
                "performance": line_figures.performance,
                "quality": line_figures.quality,
                "oee": {"value": line_figures.oee, "method": OEE_METHOD},
                "signed_off_oee": _signed_off_oee(conn, plant_code, line, start, end, skipped),
                "andon_calls": _andon_calls(conn, plant_code, line, start, end, skipped),
                "catalogue_version": catalogue.version,
                "products": _products(product_parts, line_figures.run_s),
                **job_summary.for_line(
                    conn, plant_code, line, window, now, events, classify, partial(_skip, skipped)
                ),
                "skipped": skipped,
            }
        )
    return out
