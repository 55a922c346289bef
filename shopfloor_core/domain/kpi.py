"""Shift KPIs per ISO 22400-2, computed from events and counts alone (docs/kpi-definitions.md).

Time model for one machine over the elapsed part of a shift::

    elapsed = planned stop time + availability losses + run time
    planned production time (ISO: planned busy time, PBT) = elapsed - planned stop time
    run time (ISO: actual production time, APT) = planned production time - availability losses

Planned stop time is the union of the calendar's planned breaks and downtime under a planned
category (changeovers, planned maintenance, ...): it never counts against availability.
Availability losses are downtime under unplanned and delay categories, uncategorized downtime
and no-signal time. Micro-stops stay inside run time: they are a performance loss.

Every instant is attributed once: breaks first, then planned downtime, then availability
losses, then micro-stops, each taking only what nothing before it took. So the parts always add
up to the whole, whatever overlapping or out-of-order events a store holds, and every ratio is
within [0, 1] (or None when it is undefined, e.g. no planned production time yet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shopfloor_core.domain.catalogue import MICRO_STOP, Catalogue, LossBucket
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.shifts import add_holes, clip, minus_holes, subtract, total, union
from shopfloor_core.domain.timeline import Interval

FORMULA_VARIANT = "ISO22400-2/OEE-APQ/v1"
# How rejects are counted when a machine reports them and operators capture scrap too: the
# larger of the two, since both usually describe the same parts.
REJECT_RULE = "rejects = max(PLC reject count, captured scrap quantity)"


@dataclass(frozen=True)
class Provenance:
    """The rules that produced a figure, so the region can recompute it the same way."""

    catalogue_version: str
    formula_variant: str
    micro_stop_rule: str
    shift_calendar_version: str
    catalogue_versions_in_events: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "catalogue_version": self.catalogue_version,
            "formula_variant": self.formula_variant,
            "micro_stop_rule": self.micro_stop_rule,
            "shift_calendar_version": self.shift_calendar_version,
            "catalogue_versions_in_events": list(self.catalogue_versions_in_events),
        }


@dataclass(frozen=True)
class Classification:
    """How one reason code counts: its loss bucket and whether it calls for maintenance."""

    bucket: LossBucket
    maintenance: bool


Classifier = Callable[[str | None], Classification]


def classifier(catalogue: Catalogue) -> Classifier:
    """Reason code -> loss bucket under ``catalogue``; unknown and missing reasons are losses."""
    cache: dict[str | None, Classification] = {}

    def classify(code: str | None) -> Classification:
        found = cache.get(code)
        if found is not None:
            return found
        if code is None:
            found = Classification(LossBucket.UNPLANNED_DOWNTIME, False)
        elif code == MICRO_STOP:
            found = Classification(LossBucket.PERFORMANCE, False)
        else:
            try:
                category = catalogue.get(code)
                planned_maintenance = category.needs_maintenance and not category.planned
                found = Classification(category.loss, planned_maintenance)
            except RuleViolation:
                # A code from a catalogue this device no longer knows: still a loss, never
                # silently planned time.
                found = Classification(LossBucket.UNPLANNED_DOWNTIME, False)
        cache[code] = found
        return found

    return classify


@dataclass(frozen=True)
class Counts:
    good: int = 0
    plc_reject: int = 0
    captured_scrap: int = 0
    # False when the machine reported no counts at all (no counter, or no data): performance
    # and quality are then unknown, not zero.
    counted: bool = True

    @property
    def reject(self) -> int:
        return max(self.plc_reject, self.captured_scrap)

    @property
    def total(self) -> int:
        return self.good + self.reject


@dataclass(frozen=True)
class ProductParts:
    """Parts a machine made of one product under one job, with that product's ideal time per
    part on that machine (its cycle over its parts per cycle; None: the product has no rate
    there). The unit performance is built from: sum of ideal time per part over run time."""

    job_id: str | None
    product_code: str | None
    good: int
    reject: int
    ideal_s_per_part: float | None

    @property
    def total(self) -> int:
        return self.good + self.reject

    @property
    def ideal_s(self) -> float:
        """The ideal time of these parts (0 without a rate: they earn no performance)."""
        return (self.ideal_s_per_part or 0.0) * self.total


@dataclass(frozen=True)
class MachineKpi:
    machine_id: str
    elapsed_s: float
    planned_stop_s: float
    planned_production_s: float
    downtime_s: float  # availability losses
    run_s: float
    micro_stop_s: float
    good: int
    reject: int
    ideal_cycle_s: float | None
    availability: float | None
    performance: float | None
    quality: float | None
    oee: float | None
    performance_capped: bool
    counted: bool
    failures: int
    repair_s: float
    mtbf_s: float | None
    mttr_s: float | None
    # Seconds per reason code (None: uncategorized) of planned and unplanned downtime.
    loss_by_reason: dict[str | None, float] = field(default_factory=dict)
    # The ideal time of the parts made (sum over products of ideal time per part x parts):
    # the numerator of performance. None when no part made had a rate.
    ideal_time_s: float | None = None
    # What it was made of, per job and product, when jobs ran (empty: the machine's own rate).
    made: tuple[ProductParts, ...] = ()

    @property
    def total(self) -> int:
        return self.good + self.reject

    @property
    def ideal_output(self) -> int | None:
        """What the planned production time would yield at the ideal cycle: the target."""
        if not self.ideal_cycle_s:
            return None
        return int(self.planned_production_s // self.ideal_cycle_s)


def ratio(part: float, whole: float) -> float | None:
    if whole <= 0:
        return None
    return min(1.0, max(0.0, part / whole))


def machine_kpi(
    machine_id: str,
    window: Interval,
    breaks: Sequence[Interval],
    downtimes: Iterable[EventRevision],
    counts: Counts,
    ideal_cycle_s: float | None,
    classify: Classifier,
    now: datetime,
    made: Sequence[ProductParts] = (),
) -> MachineKpi:
    """KPIs of one machine over ``window`` (the elapsed part of a shift).

    ``made``: the parts per job and product when jobs ran. Performance then sums each part's
    own ideal time (its product's rate on this machine) over the run time, and the good and
    reject counts are the sums of ``made`` (each product's rejects by ``REJECT_RULE``); parts
    made outside any job are a ``ProductParts`` without a job at the machine's own rate.
    """
    assert window.end is not None
    start, end = window.start, window.end
    planned: list[Interval] = union(
        p for b in breaks if (p := clip(b, start, end, now)) is not None
    )
    losses: dict[str | None, timedelta] = {}
    unplanned: list[tuple[EventRevision, Interval, Classification]] = []
    micro: list[Interval] = []
    for event in sorted(downtimes, key=lambda e: (e.start_utc, e.event_id)):
        if event.kind is not EventKind.DOWNTIME or event.voided:
            continue
        part = clip(Interval(event.start_utc, event.end_utc), start, end, now)
        if part is None:
            continue
        kind = classify(event.reason_code)
        if kind.bucket is LossBucket.PLANNED_DOWNTIME:
            taken = minus_holes(part, planned)
            losses[event.reason_code] = losses.get(event.reason_code, timedelta()) + total(taken)
            add_holes(planned, taken)
        elif kind.bucket is LossBucket.PERFORMANCE:
            micro.append(part)
        else:
            unplanned.append((event, part, kind))

    down: list[Interval] = []
    failures = 0
    repair = timedelta()
    cursor = start
    for event, part, kind in unplanned:
        assert part.end is not None
        # Events come in start order, so earlier events can only have taken up to ``cursor``.
        if part.end <= cursor:
            continue
        trimmed = Interval(max(part.start, cursor), part.end)
        cursor = part.end
        taken = minus_holes(trimmed, planned)
        spent = total(taken)
        if not spent:
            continue
        down.extend(taken)
        losses[event.reason_code] = losses.get(event.reason_code, timedelta()) + spent
        if kind.maintenance:
            failures += 1
            repair += spent

    return machine_figures(
        machine_id,
        elapsed=end - start,
        planned_stop=total(planned),
        downtime=total(down),
        micro_stop=total(subtract(union(micro), [*planned, *down])),
        counts=counts,
        ideal_cycle_s=ideal_cycle_s,
        failures=failures,
        repair=repair,
        loss_by_reason=losses,
        made=made,
    )


def machine_figures(
    machine_id: str,
    *,
    elapsed: timedelta,
    planned_stop: timedelta,
    downtime: timedelta,
    micro_stop: timedelta,
    counts: Counts,
    ideal_cycle_s: float | None,
    failures: int = 0,
    repair: timedelta = timedelta(),
    loss_by_reason: Mapping[str | None, timedelta] | None = None,
    made: Sequence[ProductParts] = (),
) -> MachineKpi:
    """A machine's ISO 22400 figures from its time totals and counts.

    The one definition of the ratios: ``machine_kpi`` gets the totals from a shift's events,
    the regional server from its hourly rollups (the totals of a window are the sums of its
    hours', since every instant is attributed once).
    """
    planned_production = elapsed - planned_stop
    run = planned_production - downtime
    good, reject = counts.good, counts.reject
    ideal_time: float | None = None
    if made:
        good = sum(p.good for p in made)
        reject = sum(p.reject for p in made)
        rated = [p for p in made if p.ideal_s_per_part]
        ideal_time = sum(p.ideal_s for p in rated) if rated else None
    elif ideal_cycle_s:
        ideal_time = ideal_cycle_s * (good + reject)
    availability = ratio(run.total_seconds(), planned_production.total_seconds())
    performance: float | None = None
    capped = False
    if ideal_time is not None and run > timedelta() and counts.counted:
        raw = ideal_time / run.total_seconds()
        capped = raw > 1.0
        performance = min(1.0, raw)
    quality = ratio(good, good + reject) if counts.counted else None
    oee = None
    if availability is not None and performance is not None and quality is not None:
        oee = availability * performance * quality
    return MachineKpi(
        machine_id=machine_id,
        elapsed_s=elapsed.total_seconds(),
        planned_stop_s=planned_stop.total_seconds(),
        planned_production_s=planned_production.total_seconds(),
        downtime_s=downtime.total_seconds(),
        run_s=run.total_seconds(),
        micro_stop_s=micro_stop.total_seconds(),
        good=good,
        reject=reject,
        ideal_cycle_s=ideal_cycle_s,
        availability=availability,
        performance=performance,
        quality=quality,
        oee=oee,
        performance_capped=capped,
        counted=counts.counted,
        failures=failures,
        repair_s=repair.total_seconds(),
        mtbf_s=run.total_seconds() / failures if failures else None,
        mttr_s=repair.total_seconds() / failures if failures else None,
        loss_by_reason={k: v.total_seconds() for k, v in (loss_by_reason or {}).items()},
        ideal_time_s=ideal_time,
        made=tuple(made),
    )


@dataclass(frozen=True)
class ProductShare:
    """One product's (or job's) part of a machine's performance.

    ``share`` is its ideal time over the machine's run time: the shares of a machine's
    products add up to the machine's (uncapped) performance. ``own`` is its ideal time over
    the run time it had itself (its job's windows), so a product run at its own ideal rate
    shows 1.0 however slow that rate is.
    """

    key: str | None
    good: int
    reject: int
    ideal_time_s: float
    share: float | None
    own: float | None


def performance_shares(
    kpi: MachineKpi,
    *,
    by: Callable[[ProductParts], str | None] = lambda p: p.product_code,
    run_s: Callable[[str | None], float | None] = lambda _key: None,
) -> list[ProductShare]:
    """``kpi``'s performance split by product (or by job with ``by=lambda p: p.job_id``).

    ``run_s(key)``: the run time that product or job had on the machine (for ``own``).
    """
    groups: dict[str | None, list[ProductParts]] = {}
    for part in kpi.made:
        groups.setdefault(by(part), []).append(part)
    shares = []
    for key, parts in groups.items():
        ideal = sum(p.ideal_s for p in parts)
        own_run = run_s(key)
        shares.append(
            ProductShare(
                key=key,
                good=sum(p.good for p in parts),
                reject=sum(p.reject for p in parts),
                ideal_time_s=ideal,
                share=ideal / kpi.run_s if kpi.run_s > 0 else None,
                own=ideal / own_run if own_run else None,
            )
        )
    return shares


@dataclass(frozen=True)
class LineKpi:
    """The line as the sum of its machines' times and counts (time-weighted, not averaged)."""

    planned_production_s: float
    downtime_s: float
    run_s: float
    good: int
    reject: int
    availability: float | None
    performance: float | None
    quality: float | None
    oee: float | None
    failures: int
    mtbf_s: float | None
    mttr_s: float | None


def line_kpi(machines: Sequence[MachineKpi]) -> LineKpi:
    """The line's times and counts are sums over all its machines. Its ratios come from the
    machines that measure all three factors (counts and an ideal rate, beside their stops), so
    the line is never better than what was measured: mixing one machine's availability with
    another's performance put a line at 47 % beside a press at 0.6 % and a welding cell without
    counts. A line where no machine measures all three (stops logged by hand) still has the
    availability of its machines, and the quality of those that count, but no OEE."""
    planned = sum(m.planned_production_s for m in machines)
    run = sum(m.run_s for m in machines)
    counted = [m for m in machines if m.counted]
    good = sum(m.good for m in counted)
    reject = sum(m.reject for m in counted)
    # A machine down the whole window is measured too (its performance is undefined, not absent).
    measured = [m for m in machines if m.counted and m.ideal_time_s is not None]
    timed = measured or list(machines)
    availability = ratio(sum(m.run_s for m in timed), sum(m.planned_production_s for m in timed))
    measured_run = sum(m.run_s for m in measured)
    ideal_time = sum(m.ideal_time_s or 0.0 for m in measured)
    performance = min(1.0, ideal_time / measured_run) if measured_run > 0 else None
    weighed = measured or counted
    weighed_good = sum(m.good for m in weighed)
    quality = ratio(weighed_good, weighed_good + sum(m.reject for m in weighed))
    oee = None
    if measured and availability is not None and performance is not None and quality is not None:
        oee = availability * performance * quality
    failures = sum(m.failures for m in machines)
    repair = sum(m.repair_s for m in machines)
    return LineKpi(
        planned_production_s=planned,
        downtime_s=sum(m.downtime_s for m in machines),
        run_s=run,
        good=good,
        reject=reject,
        availability=availability,
        performance=performance,
        quality=quality,
        oee=oee,
        failures=failures,
        mtbf_s=run / failures if failures else None,
        mttr_s=repair / failures if failures else None,
    )
