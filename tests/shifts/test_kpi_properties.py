"""KPI properties under any event sequence: ratios in [0, 1], parts adding up to the whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopfloor_core.domain.catalogue import MICRO_STOP, NO_SIGNAL, bundled_catalogue
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.domain.kpi import Counts, classifier, line_kpi, machine_kpi
from shopfloor_core.domain.shifts import add_holes, minus_holes, subtract, union
from shopfloor_core.domain.timeline import Interval

CATALOGUE = bundled_catalogue()
CLASSIFY = classifier(CATALOGUE)
START = datetime(2026, 3, 28, 21, tzinfo=UTC)
STAMP = Stamp("pc", "VAL", "A", "L1", "Europe/Madrid")
CODES = [None, MICRO_STOP, NO_SIGNAL, "PLN.CHG.PRD", "PLN.BRK.MTG", "EQP.MEC.JAM", "MAT.SHT", "OTH"]
RATIOS = ("availability", "performance", "quality", "oee")

minutes = st.integers(min_value=-120, max_value=600)
events = st.lists(
    st.tuples(minutes, st.one_of(st.none(), st.integers(0, 300)), st.sampled_from(CODES)),
    max_size=25,
)
breaks = st.lists(st.tuples(st.integers(0, 480), st.integers(1, 60)), max_size=3)
counts = st.builds(Counts, st.integers(0, 50_000), st.integers(0, 5_000), st.integers(0, 5_000))


def downtime(offset: int, length: int | None, code: str | None):  # type: ignore[no-untyped-def]
    begin = START + timedelta(minutes=offset)
    return first_revision(
        kind=EventKind.DOWNTIME,
        machine_id="M",
        start_utc=begin,
        end_utc=None if length is None else begin + timedelta(minutes=length),
        reason_code=code,
        catalogue_version=CATALOGUE.version if code else None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author="t",
        recorded_utc=START,
        stamp=STAMP,
    )


@settings(max_examples=300, deadline=None)
@given(
    events,
    breaks,
    counts,
    st.integers(0, 480),
    st.one_of(st.none(), st.floats(0.1, 120)),
)
def test_ratios_stay_within_0_and_1_and_parts_add_up(
    raw_events: list[tuple[int, int | None, str | None]],
    raw_breaks: list[tuple[int, int]],
    count: Counts,
    elapsed_min: int,
    cycle: float | None,
) -> None:
    now = START + timedelta(minutes=elapsed_min)
    window = Interval(START, now)
    planned_breaks = [
        Interval(START + timedelta(minutes=b), START + timedelta(minutes=b + n))
        for b, n in raw_breaks
    ]
    kpi = machine_kpi(
        "M",
        window,
        planned_breaks,
        [downtime(*e) for e in raw_events],
        count,
        cycle,
        CLASSIFY,
        now,
    )
    for name in RATIOS:
        value = getattr(kpi, name)
        assert value is None or 0.0 <= value <= 1.0, (name, value)
    # The elapsed time is planned stops + availability losses + run time, none negative.
    assert kpi.elapsed_s == elapsed_min * 60
    assert min(kpi.planned_stop_s, kpi.downtime_s, kpi.run_s, kpi.micro_stop_s) >= 0
    assert abs(kpi.planned_stop_s + kpi.downtime_s + kpi.run_s - kpi.elapsed_s) < 1e-6
    assert kpi.micro_stop_s <= kpi.run_s + 1e-6
    # The losses by reason add up to the downtime and the planned downtime they explain.
    unplanned = sum(
        s for code, s in kpi.loss_by_reason.items() if not CATALOGUE.get(code or "OTH").planned
    )
    planned = sum(
        s for code, s in kpi.loss_by_reason.items() if code and CATALOGUE.get(code).planned
    )
    assert abs(unplanned - kpi.downtime_s) < 1e-6
    assert planned <= kpi.planned_stop_s + 1e-6
    assert kpi.good + kpi.reject == count.total
    assert kpi.repair_s <= kpi.downtime_s + 1e-6
    line = line_kpi([kpi, kpi])
    for name in RATIOS:
        value = getattr(line, name)
        assert value is None or 0.0 <= value <= 1.0, (name, value)
    assert abs(line.run_s + line.downtime_s - line.planned_production_s) < 1e-6
    if line.oee is not None:
        assert line.oee <= min(line.availability or 0, line.performance or 0, line.quality or 0)


def test_planned_downtime_does_not_count_against_availability() -> None:
    now = START + timedelta(hours=8)
    changeover = downtime(60, 60, "PLN.CHG.PRD")
    jam = downtime(200, 30, "EQP.MEC.JAM")
    kpi = machine_kpi(
        "M", Interval(START, now), [], [changeover, jam], Counts(10_000), 2.0, CLASSIFY, now
    )
    assert kpi.planned_stop_s == 3600
    assert kpi.planned_production_s == 7 * 3600
    assert kpi.downtime_s == 1800
    assert kpi.availability == (7 * 3600 - 1800) / (7 * 3600)
    assert (kpi.failures, kpi.mttr_s, kpi.mtbf_s) == (1, 1800, 7 * 3600 - 1800)


spans = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=30)


def minute_set(intervals: list[Interval]) -> set[int]:
    return {
        m
        for i in intervals
        if i.end is not None
        for m in range(
            int((i.start - START).total_seconds() // 60), int((i.end - START).total_seconds() // 60)
        )
    }


def span(offset: int, length: int) -> Interval:
    return Interval(START + timedelta(minutes=offset), START + timedelta(minutes=offset + length))


@settings(max_examples=300, deadline=None)
@given(item=st.tuples(st.integers(0, 200), st.integers(0, 60)), taken=spans, added=spans)
def test_holes_cut_out_of_a_span_leave_exactly_the_minutes_not_taken(
    item: tuple[int, int], taken: list[tuple[int, int]], added: list[tuple[int, int]]
) -> None:
    # The fast path of the KPI loops (bisection into kept-sorted holes) against plain sets.
    holes = union([span(*t) for t in taken])
    whole = span(*item)
    left = minus_holes(whole, holes)
    assert minute_set(left) == minute_set([whole]) - minute_set(holes)
    assert left == subtract([whole], holes)
    for offset, length in added:
        add_holes(holes, minus_holes(span(offset, length), holes))
    assert holes == sorted(holes)
    assert minute_set(holes) == minute_set([span(*t) for t in taken + added])
    assert minute_set(minus_holes(whole, holes)) == minute_set([whole]) - minute_set(holes)


def a_machine(
    raw_events: list[tuple[int, int | None, str | None]], count: Counts, cycle: float | None
):  # type: ignore[no-untyped-def]
    now = START + timedelta(hours=8)
    events = [downtime(*e) for e in raw_events]
    return machine_kpi("M", Interval(START, now), [], events, count, cycle, CLASSIFY, now)


@settings(max_examples=200, deadline=None)
@given(events, counts, st.floats(0.1, 120), events, st.one_of(st.none(), st.floats(0.1, 120)))
def test_a_machine_that_measures_less_never_moves_the_line_s_oee(
    measured_events: list[tuple[int, int | None, str | None]],
    count: Counts,
    cycle: float,
    other_events: list[tuple[int, int | None, str | None]],
    other_cycle: float | None,
) -> None:
    """A machine without counts (stops logged by hand) beside one that measures all three: the
    line's ratios are the measuring machine's, whatever the other's availability."""
    press = a_machine(measured_events, count, cycle)
    by_hand = a_machine(other_events, Counts(counted=False), other_cycle)
    line = line_kpi([press, by_hand])
    for name in RATIOS:
        assert getattr(line, name) == pytest.approx(getattr(press, name)), name
    # A line of machines that all log stops by hand keeps its availability, with no OEE.
    manual = line_kpi([by_hand, by_hand])
    assert manual.availability == pytest.approx(by_hand.availability)
    assert manual.oee is None
