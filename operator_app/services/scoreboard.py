"""The shift at a glance, per machine and for the line: what the home screen and the line
display show in large type (as a Vorne XL scoreboard does).

Every figure comes from the shift summary's ISO 22400 KPIs (``shift_summary``); this module
only picks them, adds the rate of the last minutes and the stops still to name, and never
recomputes a KPI. It runs on the store thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from local_store import EventStore
from local_store.production_counts import bucket_start, counts_between
from operator_app.services.line_overview import LineOverview, line_overview
from operator_app.services.shift_summary import ShiftSummary, shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import MICRO_STOP, Catalogue
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.shifts import Shift

# The rate is what the last complete minutes made: long enough to smooth a single slow cycle,
# short enough that an operator sees a slow-down within the quarter hour.
RATE_WINDOW = timedelta(minutes=15)

OeeTarget = Callable[[str], float | None]


def no_targets(_machine_id: str) -> float | None:
    return None


@dataclass(frozen=True)
class Figures:
    """What one tile shows: a machine's, or the line's."""

    down: int  # machines down now (0 or 1 for a machine)
    since: datetime  # when the state shown began
    good: int | None  # good parts this shift; None: nothing counts parts here
    target: int | None  # parts the ideal cycle allows in the planned time so far
    rate_per_h: float | None  # parts (good and reject) an hour over the last RATE_WINDOW
    scrap: int
    oee: float | None
    oee_target: float | None
    to_name: int  # stops still waiting for a person to name them


@dataclass(frozen=True)
class MachineFigures(Figures):
    machine_id: str = ""
    name: str = ""
    open_stop: EventRevision | None = None


@dataclass(frozen=True)
class Scoreboard:
    now: datetime
    shift: Shift
    machines: tuple[MachineFigures, ...]
    line: Figures
    overview: LineOverview

    def machine(self, machine_id: str) -> MachineFigures:
        return next(m for m in self.machines if m.machine_id == machine_id)


def scoreboard(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    *,
    oee_target: OeeTarget = no_targets,
    clock: Clock = utc_now,
    rate_window: timedelta = RATE_WINDOW,
    products: Products | None = None,
) -> Scoreboard:
    """``products``: the products in force (their rates set each job's target)."""
    now = clock()
    summary = shift_summary(store, catalogue, site, clock=lambda: now, products=products)
    overview = line_overview(store)
    window_end = bucket_start(now)
    window_start = window_end - rate_window
    machines: list[MachineFigures] = []
    for machine in site.machines:
        kpi = summary.machine(machine.machine_id)
        open_stop = overview.open_downtime.get(machine.machine_id)
        rate = None
        if kpi.counted:
            buckets = counts_between(store.db, window_start, window_end, machine.machine_id)
            parts = sum(b.good + b.reject for b in buckets)
            rate = parts * (timedelta(hours=1) / rate_window)
        machines.append(
            MachineFigures(
                down=1 if open_stop is not None else 0,
                since=_since(open_stop, summary.downtimes, machine.machine_id, summary.shift, now),
                good=kpi.good if kpi.counted else None,
                target=summary.target(machine.machine_id),
                rate_per_h=rate,
                scrap=kpi.reject,
                oee=kpi.oee,
                oee_target=oee_target(machine.machine_id),
                to_name=sum(
                    1 for e in overview.uncategorized if e.machine_id == machine.machine_id
                ),
                machine_id=machine.machine_id,
                name=machine.name,
                open_stop=open_stop,
            )
        )
    line = summary.line
    return Scoreboard(
        now=now,
        shift=summary.shift,
        machines=tuple(machines),
        line=Figures(
            down=sum(m.down for m in machines),
            since=_line_since(machines),
            good=line.good if any(m.counted for m in summary.machines) else None,
            target=_line_target(summary),
            rate_per_h=_sum_known([m.rate_per_h for m in machines]),
            scrap=line.reject,
            oee=line.oee,
            oee_target=_common([m.oee_target for m in machines]),
            to_name=overview.uncategorized_count,
        ),
        overview=overview,
    )


def _since(
    open_stop: EventRevision | None,
    downtimes: Sequence[EventRevision],
    machine_id: str,
    shift: Shift,
    now: datetime,
) -> datetime:
    """A stop: since it began. Running: since the last stop of the shift ended (micro-stops
    aside), else since the shift began (as far as the records know, it has run all shift)."""
    if open_stop is not None:
        return open_stop.start_utc
    ends = [
        e.end_utc
        for e in downtimes
        if e.machine_id == machine_id and not e.voided and e.end_utc is not None
        # A micro-stop is inside run time (a performance loss): the run goes on through it.
        if e.end_utc <= now and e.reason_code != MICRO_STOP
    ]
    return max([shift.start_utc, *ends])


def _line_since(machines: Sequence[MachineFigures]) -> datetime:
    """Down: since the first machine still down stopped. Running: since the last one restarted."""
    down = [m.since for m in machines if m.down]
    return min(down) if down else max(m.since for m in machines)


def _line_target(summary: ShiftSummary) -> int | None:
    """The targets of the machines whose good parts the line's count adds up; unknown if one of
    them has no ideal cycle time (the comparison would then mislead)."""
    counted = [summary.target(m.machine_id) for m in summary.machines if m.counted]
    if not counted or any(t is None for t in counted):
        return None
    return sum(t for t in counted if t is not None)


def _sum_known(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _common(values: Sequence[float | None]) -> float | None:
    """The line's OEE target: the machines' one when they share it (the region sets targets
    per machine; averaging different ones would invent a standard)."""
    distinct = set(values)
    if len(distinct) == 1:
        return distinct.pop()
    return None
