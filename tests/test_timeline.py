"""One timeline per machine, whatever order downtime is reported in."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from shopfloor_core.domain.timeline import Interval, free_parts

T0 = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_later_report_only_fills_gaps() -> None:
    recorded = [Interval(at(10), at(20)), Interval(at(30), at(40))]
    assert free_parts(recorded, Interval(at(5), at(35))) == [
        Interval(at(5), at(10)),
        Interval(at(20), at(30)),
    ]


def test_report_inside_recorded_downtime_adds_nothing() -> None:
    assert free_parts([Interval(at(0), None)], Interval(at(5), at(8))) == []
    assert free_parts([Interval(at(0), at(10))], Interval(at(0), at(10))) == []


def test_open_report_ends_at_the_next_recorded_stop_and_continues_after_it() -> None:
    recorded = [Interval(at(10), at(20))]
    assert free_parts(recorded, Interval(at(0), None)) == [
        Interval(at(0), at(10)),
        Interval(at(20), None),
    ]


def covered_minutes(intervals: list[Interval], horizon: int) -> set[int]:
    minutes: set[int] = set()
    for i in intervals:
        end = horizon if i.end is None else int((i.end - T0).total_seconds() // 60)
        start = int((i.start - T0).total_seconds() // 60)
        minutes.update(range(start, end))
    return minutes


reports = st.lists(
    st.tuples(st.integers(0, 200), st.one_of(st.none(), st.integers(0, 60))),
    min_size=1,
    max_size=25,
)


@given(reports=reports)
def test_any_order_of_reports_never_overlaps_and_loses_no_time(
    reports: list[tuple[int, int | None]],
) -> None:
    horizon = 400
    timeline: list[Interval] = []
    reported: list[Interval] = []
    for start, length in reports:
        interval = Interval(at(start), None if length is None else at(start + length))
        reported.append(interval)
        timeline.extend(free_parts(timeline, interval))
    ordered = sorted(timeline)
    for a, b in itertools.pairwise(ordered):
        assert a.end is not None
        assert a.end <= b.start
    assert all(i.end is None or i.end > i.start for i in timeline)
    assert covered_minutes(timeline, horizon) == covered_minutes(reported, horizon)
