"""The shift summary: KPIs, losses, data quality and sign-off state, from the local store alone.

Nothing here asks the network: during an outage the supervisor sees the same figures, and the
region can recompute them from the synced events with the rules named in the provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from local_store import EventStore
from local_store.andon_calls import AndonCalls
from local_store.counter_positions import CounterDiscontinuity, discontinuities_between
from local_store.production_counts import counts_between
from local_store.shift_records import HandoverNote, LateEdit, ShiftRecords, SignOff
from operator_app.services.job_figures import (
    JobFigures,
    ProductFigures,
    job_figures,
    parts_made,
    product_figures,
    target_parts,
)
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import detection_standards
from shopfloor_core.domain.andon import CallFigures, Team, call_figures
from shopfloor_core.domain.catalogue import MICRO_STOP, Catalogue, LossBucket
from shopfloor_core.domain.clock import Clock, to_iso, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.kpi import (
    FORMULA_VARIANT,
    Counts,
    LineKpi,
    MachineKpi,
    Provenance,
    classifier,
    line_kpi,
    machine_kpi,
)
from shopfloor_core.domain.naming import naming_shares, still_to_name
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.domain.shifts import Shift, ShiftCalendar, clip, span_within
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.shift_calendar import calendar_of


@dataclass(frozen=True)
class MicroStopRule:
    """What a micro-stop is under the detection standard: screens say it in their language."""

    shorter_than_s: float
    reason_code: str
    detection_version: str


def micro_stop_terms() -> MicroStopRule:
    standard = detection_standards()
    return MicroStopRule(standard.micro_stop_s.default, MICRO_STOP, standard.version)


def micro_stop_rule() -> str:
    """The rule as recorded with the figures (English, for the record and the region)."""
    rule = micro_stop_terms()
    return (
        f"stops shorter than {rule.shorter_than_s:g} s are micro-stops "
        f"({rule.reason_code}): performance loss, inside run time "
        f"(detection {rule.detection_version})"
    )


@dataclass(frozen=True)
class ParetoBar:
    reason_code: str | None  # None: not named yet
    seconds: float
    stops: int
    planned: bool


@dataclass(frozen=True)
class ScrapLine:
    reason_code: str | None
    quantity: int
    records: int


@dataclass(frozen=True)
class HourOutput:
    machine_id: str
    hour_start: datetime
    good: int
    reject: int
    target: int | None  # parts the ideal cycle allows in the hour's planned time


@dataclass(frozen=True)
class ShiftSummary:
    shift: Shift
    now: datetime
    machines: tuple[MachineKpi, ...]
    line: LineKpi
    provenance: Provenance
    pareto: tuple[ParetoBar, ...]
    scrap: tuple[ScrapLine, ...]
    downtimes: tuple[EventRevision, ...]
    scrap_events: tuple[EventRevision, ...]
    uncategorized: tuple[EventRevision, ...]
    categorized_share: float | None  # of the downtime a person should name, by time
    other_share: float | None  # of the same, put under the catalogue's "Other"
    hours: tuple[HourOutput, ...]
    signoff: SignOff | None
    handover: tuple[HandoverNote, ...]
    late_edits: tuple[LateEdit, ...]
    # Resets, impossible jumps and gaps of the PLC counters: how far the counts can be trusted.
    counter_discontinuities: tuple[CounterDiscontinuity, ...] = ()
    # Andon calls of the line raised in the shift, per team called: the MTTR in its two halves
    # (response: call to someone at the machine; repair: arrival to the call closed).
    calls: Mapping[Team, CallFigures] = field(default_factory=dict)
    # Per job that held a machine in the shift, and per product and machine (ISO 22400 per
    # job: its own availability, performance at its product's rate, quality and OEE).
    jobs: tuple[JobFigures, ...] = ()
    products: tuple[ProductFigures, ...] = ()

    @property
    def is_over(self) -> bool:
        return self.now >= self.shift.end_utc

    @property
    def late_revision_ids(self) -> frozenset[str]:
        return frozenset(e.revision_id for e in self.late_edits)

    def machine(self, machine_id: str) -> MachineKpi:
        for kpi in self.machines:
            if kpi.machine_id == machine_id:
                return kpi
        raise KeyError(machine_id)

    def target(self, machine_id: str) -> int | None:
        """The machine's target to this minute, each job's time at its product's rate."""
        return target_parts(
            self.machine(machine_id), [j for j in self.jobs if j.machine_id == machine_id]
        )

    def figures(self) -> dict[str, Any]:
        """The KPI snapshot kept with a sign-off, and what the region compares against."""

        def kpi(k: MachineKpi | LineKpi) -> dict[str, Any]:
            return {
                "planned_production_s": k.planned_production_s,
                "downtime_s": k.downtime_s,
                "run_s": k.run_s,
                "good": k.good,
                "reject": k.reject,
                "availability": k.availability,
                "performance": k.performance,
                "quality": k.quality,
                "oee": k.oee,
                "mtbf_s": k.mtbf_s,
                "mttr_s": k.mttr_s,
            }

        return {
            "shift_id": self.shift.shift_id,
            "start_utc": to_iso(self.shift.start_utc),
            "end_utc": to_iso(self.shift.end_utc),
            "computed_utc": to_iso(self.now),
            "provenance": self.provenance.as_dict(),
            "line": kpi(self.line),
            "machines": {m.machine_id: kpi(m) for m in self.machines},
            # Per order as well: what was vouched for a job stays, whatever is corrected later.
            "jobs": [
                {
                    "job_id": j.job_id,
                    "order_number": j.order_number,
                    "product_code": j.product_code,
                    "machine_id": j.machine_id,
                    "ordered": j.ordered,
                    "started_utc": to_iso(j.started_utc),
                    "ended_utc": to_iso(j.ended_utc) if j.ended_utc is not None else None,
                    "changeover_s": j.changeover_s,
                    "startup_scrap": j.startup_scrap,
                    "scrap_by_reason": [
                        {"reason_code": code, "parts": parts}
                        for code, parts in j.scrap_by_reason.items()
                    ],
                    "share": j.share,
                    **kpi(j.kpi),
                }
                for j in self.jobs
            ],
            "categorized_share": self.categorized_share,
            "other_share": self.other_share,
        }


def resolve_shift(calendar: ShiftCalendar, shift_id: str, now: datetime) -> Shift:
    """``current`` (or the last one started, between shifts) or a ``YYYY-MM-DD.CODE`` id."""
    if shift_id == "current":
        latest = calendar.latest_shifts(now, 1)
        if not latest:
            raise RuleViolation("unknown_shift", "no shift has been worked yet")
        return latest[0]
    return calendar.shift_by_id(shift_id)


def shift_summary(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    shift: Shift | str = "current",
    *,
    clock: Clock = utc_now,
    calendar: ShiftCalendar | None = None,
    products: Products | None = None,
) -> ShiftSummary:
    """The summary of ``shift``; ``products``: the products in force (default: shipped)."""
    now = clock()
    products = products or bundled_products()
    calendar = calendar or calendar_of(site)
    if isinstance(shift, str):
        shift = resolve_shift(calendar, shift, now)
    records = ShiftRecords(store)
    window = shift.elapsed(now)
    assert window.end is not None
    events = records.events_overlapping(
        shift.start_utc, shift.end_utc, (EventKind.DOWNTIME, EventKind.SCRAP)
    )
    downtimes = [e for e in events if e.kind is EventKind.DOWNTIME]
    scrap_events = [
        e for e in events if e.kind is EventKind.SCRAP and window.start <= e.start_utc < window.end
    ]
    classify = classifier(catalogue)
    kpis: list[MachineKpi] = []
    hours: list[HourOutput] = []
    jobs: list[JobFigures] = []
    product_rows: list[ProductFigures] = []
    for machine in site.machines:
        buckets = counts_between(store.db, window.start, window.end, machine.machine_id)
        machine_scrap = [e for e in scrap_events if e.machine_id == machine.machine_id]
        machine_downtimes = [e for e in downtimes if e.machine_id == machine.machine_id]
        counts = Counts(
            good=sum(b.good for b in buckets),
            plc_reject=sum(b.reject for b in buckets),
            captured_scrap=sum(e.quantity or 0 for e in machine_scrap),
            counted=bool(buckets),
        )
        # Per job and product once any job ran: each part at its own product's ideal time.
        made = (
            parts_made(machine, site.line, buckets, machine_scrap, products)
            if buckets and any(b.job_id for b in buckets)
            else []
        )
        kpi = machine_kpi(
            machine.machine_id,
            window,
            shift.breaks,
            machine_downtimes,
            counts,
            machine.ideal_cycle_time_s,
            classify,
            now,
            made=made,
        )
        kpis.append(kpi)
        product_rows.extend(product_figures(kpi))
        jobs.extend(
            job_figures(
                store,
                machine,
                window,
                shift.breaks,
                machine_downtimes,
                kpi,
                machine_scrap,
                classify,
                now,
                products.startup_scrap_reason,
                products,
                site.line,
            )
        )
        hours.extend(_hours(shift, now, machine.machine_id, machine.ideal_cycle_time_s, buckets))
    line = line_kpi(kpis)

    pareto_s: dict[str | None, float] = {}
    for kpi in kpis:
        for code, seconds in kpi.loss_by_reason.items():
            pareto_s[code] = pareto_s.get(code, 0.0) + seconds
    stops: dict[str | None, int] = {}
    for event in downtimes:
        if clip(Interval(event.start_utc, event.end_utc), window.start, window.end, now):
            stops[event.reason_code] = stops.get(event.reason_code, 0) + 1
    naming = naming_shares(downtimes, catalogue, window.start, window.end, now)
    pareto = sorted(
        (
            ParetoBar(code, seconds, stops.get(code, 0), _planned(classify(code).bucket))
            for code, seconds in pareto_s.items()
            if seconds > 0
        ),
        key=lambda b: (-b.seconds, b.reason_code or ""),
    )
    scrap_lines: dict[str | None, list[int]] = {}
    for event in scrap_events:
        line_ = scrap_lines.setdefault(event.reason_code, [0, 0])
        line_[0] += event.quantity or 0
        line_[1] += 1
    versions = sorted({e.catalogue_version for e in events if e.catalogue_version})
    return ShiftSummary(
        shift=shift,
        now=now,
        machines=tuple(kpis),
        line=line,
        provenance=Provenance(
            catalogue_version=catalogue.version,
            formula_variant=FORMULA_VARIANT,
            micro_stop_rule=micro_stop_rule(),
            shift_calendar_version=shift.calendar_version,
            catalogue_versions_in_events=tuple(versions),
        ),
        pareto=tuple(pareto),
        scrap=tuple(
            ScrapLine(code, q, n)
            for code, (q, n) in sorted(scrap_lines.items(), key=lambda kv: -kv[1][0])
        ),
        downtimes=tuple(downtimes),
        scrap_events=tuple(scrap_events),
        uncategorized=still_to_name(downtimes),
        categorized_share=naming.named_share,
        other_share=naming.other_share,
        hours=tuple(hours),
        signoff=records.signoff(shift.shift_id),
        handover=tuple(records.handover_notes(shift.shift_id)),
        late_edits=tuple(records.late_edits(shift.shift_id)),
        calls=line_calls(store, site, shift),
        counter_discontinuities=tuple(discontinuities_between(store.db, window.start, window.end)),
        jobs=tuple(jobs),
        products=tuple(product_rows),
    )


def recent_shifts(site: SiteConfig, count: int = 21, *, clock: Clock = utc_now) -> list[Shift]:
    """The current shift and the ones before it, newest first (for choosing a shift)."""
    return calendar_of(site).latest_shifts(clock(), count)


def _planned(bucket: LossBucket) -> bool:
    return bucket is LossBucket.PLANNED_DOWNTIME


def _hours(
    shift: Shift,
    now: datetime,
    machine_id: str,
    ideal_cycle_s: float | None,
    buckets: Sequence[Any],
) -> list[HourOutput]:
    out: list[HourOutput] = []
    start = shift.start_utc
    while start < min(shift.end_utc, now):
        end = min(start + timedelta(hours=1), shift.end_utc)
        good = sum(b.good for b in buckets if start <= b.bucket_start < end)
        reject = sum(b.reject for b in buckets if start <= b.bucket_start < end)
        target = None
        if ideal_cycle_s:
            planned = (end - start) - sum(
                (span_within(b, start, end) for b in shift.breaks), timedelta()
            )
            target = int(planned.total_seconds() // ideal_cycle_s)
        out.append(HourOutput(machine_id, start, good, reject, target))
        start = end
    return out


def line_calls(store: EventStore, site: SiteConfig, shift: Shift) -> dict[Team, CallFigures]:
    """Per team, the andon calls raised on this line in ``shift`` (this station's and the line's
    other stations', as pulled), from each call's current revision."""
    raised = AndonCalls(store).raised_between(shift.start_utc, shift.end_utc)
    mine = [c for c in raised if (c.stamp.plant, c.stamp.line) == (site.plant, site.line)]
    return {team: call_figures(mine, team) for team in Team}


def downtime_pareto(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    shifts: Sequence[Shift],
    *,
    clock: Clock = utc_now,
) -> list[tuple[str | None, float, int]]:
    """(reason, seconds, stops) over ``shifts``, biggest first, attributed as the KPIs are."""
    now = clock()
    records = ShiftRecords(store)
    classify = classifier(catalogue)
    seconds: dict[str | None, float] = {}
    stops: dict[str | None, int] = {}
    for shift in shifts:
        window = shift.elapsed(now)
        downtimes = records.events_overlapping(
            shift.start_utc, shift.end_utc, (EventKind.DOWNTIME,)
        )
        for machine in site.machines:
            mine = [e for e in downtimes if e.machine_id == machine.machine_id]
            kpi = machine_kpi(
                machine.machine_id, window, shift.breaks, mine, Counts(), None, classify, now
            )
            for code, spent in kpi.loss_by_reason.items():
                seconds[code] = seconds.get(code, 0.0) + spent
        for event in downtimes:
            if clip(Interval(event.start_utc, event.end_utc), window.start, window.end or now, now):
                stops[event.reason_code] = stops.get(event.reason_code, 0) + 1
    return sorted(
        ((code, spent, stops.get(code, 0)) for code, spent in seconds.items() if spent > 0),
        key=lambda row: (-row[1], row[0] or ""),
    )
