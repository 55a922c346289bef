"""The shift calendar in a real zone: DST nights, boundaries, rotations and the site file."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from local_store import EventStore
from local_store.production_counts import CountBucket, add_counts
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import ConfigError, SiteConfig, parse_site_config
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.shifts import split_by_shift
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.reader import Problems
from shopfloor_core.standards.shift_calendar import (
    calendar_of,
    default_calendar,
    read_shift_calendar,
    regional_calendars,
)
from tests.shifts.conftest import FixedClock

MADRID = "Europe/Madrid"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_night_shift_is_7_hours_when_clocks_spring_forward() -> None:
    night = default_calendar(MADRID).shift_by_id("2026-03-28.N")
    assert night.start_utc == utc(2026, 3, 28, 21)  # 22:00 CET
    assert night.end_utc == utc(2026, 3, 29, 4)  # 06:00 CEST
    assert night.duration == timedelta(hours=7)
    # The 02:00 break falls in the gap: it starts when the clocks jump (01:00 UTC).
    assert [b.start for b in night.breaks] == [utc(2026, 3, 29, 1)]


def test_night_shift_is_9_hours_when_clocks_fall_back() -> None:
    night = default_calendar(MADRID).shift_by_id("2026-10-24.N")
    assert night.start_utc == utc(2026, 10, 24, 20)  # 22:00 CEST
    assert night.end_utc == utc(2026, 10, 25, 5)  # 06:00 CET
    assert night.duration == timedelta(hours=9)
    ordinary = default_calendar(MADRID).shift_by_id("2026-06-01.N")
    assert ordinary.duration == timedelta(hours=8)


@pytest.mark.parametrize(
    ("shift_id", "now", "elapsed_h"),
    [("2026-03-28.N", utc(2026, 3, 29, 5), 7), ("2026-10-24.N", utc(2026, 10, 25, 6), 9)],
)
def test_dst_night_summary_uses_utc_durations(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    supervisor: Person,
    shift_id: str,
    now: datetime,
    elapsed_h: int,
) -> None:
    clock = FixedClock(now)
    night = calendar_of(site).shift_by_id(shift_id)
    # A stop of one real hour across the clock change, half of it inside the planned break.
    (brk,) = night.breaks
    capture = CaptureService(store, catalogue, site, clock)
    capture.record_downtime(
        supervisor, "PRESS-1", brk.start - timedelta(minutes=30), brk.start + timedelta(minutes=30)
    )
    add_counts(
        store.db,
        [CountBucket("PRESS-1", night.start_utc + timedelta(minutes=m), 20, 1) for m in range(60)],
    )
    summary = shift_summary(store, catalogue, site, shift_id, clock=clock)
    press = summary.machine("PRESS-1")
    assert press.elapsed_s == elapsed_h * 3600
    assert press.planned_stop_s == 30 * 60
    assert press.downtime_s == 30 * 60
    assert press.run_s == elapsed_h * 3600 - 3600
    assert press.availability == pytest.approx(press.run_s / (elapsed_h * 3600 - 1800))
    assert (press.good, press.reject) == (1200, 60)
    assert press.performance == pytest.approx(2.0 * 1260 / press.run_s)
    assert summary.provenance.shift_calendar_version == "EU-2026.1/3x8"


def test_downtime_across_a_shift_boundary_is_split_for_reporting_only(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, supervisor: Person
) -> None:
    clock = FixedClock(utc(2026, 6, 10, 13))
    calendar = calendar_of(site)
    early, late = calendar.shift_by_id("2026-06-10.E"), calendar.shift_by_id("2026-06-10.L")
    assert early.end_utc == late.start_utc == utc(2026, 6, 10, 12)  # 14:00 CEST
    capture = CaptureService(store, catalogue, site, clock)
    (stop,) = capture.record_downtime(
        supervisor,
        "PRESS-1",
        utc(2026, 6, 10, 11, 30),
        utc(2026, 6, 10, 12, 30),
        reason_code="EQP.MEC.JAM",
    )
    pieces = split_by_shift(Interval(stop.start_utc, stop.end_utc), [early, late], clock())
    assert [(s.shift_id, p.end - p.start) for s, p in pieces if p.end] == [
        ("2026-06-10.E", timedelta(minutes=30)),
        ("2026-06-10.L", timedelta(minutes=30)),
    ]
    before = shift_summary(store, catalogue, site, "2026-06-10.E", clock=clock)
    current = shift_summary(store, catalogue, site, "current", clock=clock)
    assert current.shift.shift_id == "2026-06-10.L"
    for summary in (before, current):
        assert summary.machine("PRESS-1").loss_by_reason == {"EQP.MEC.JAM": 1800.0}
        assert summary.machine("PRESS-1").failures == 1
        assert [e.event_id for e in summary.downtimes] == [stop.event_id]
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_rotation_and_days_off() -> None:
    four_crew = read_shift_calendar({"pattern": "4-crew-2x12"}, MADRID, Problems())
    assert four_crew is not None
    anchor = date(2026, 1, 5)
    assert four_crew.shift_on(anchor, "D").crew == "A"  # type: ignore[union-attr]
    assert four_crew.shift_on(anchor + timedelta(days=2), "D").crew == "B"  # type: ignore[union-attr]
    assert four_crew.shift_on(anchor + timedelta(days=14), "D").crew == "C"  # type: ignore[union-attr]
    weekdays = read_shift_calendar({"pattern": "3x8-5d"}, MADRID, Problems())
    assert weekdays is not None
    saturday = date(2026, 6, 13)
    assert weekdays.shift_on(saturday, "E") is None
    assert weekdays.shift_at(utc(2026, 6, 13, 10)) is None
    assert weekdays.shift_at(utc(2026, 6, 12, 10)).shift_id == "2026-06-12.E"  # type: ignore[union-attr]


def test_every_regional_pattern_is_valid() -> None:
    for name in regional_calendars()["patterns"]:
        problems = Problems()
        assert read_shift_calendar({"pattern": name}, MADRID, problems) is not None, problems
        assert not problems


def demo_with(extra: str) -> str:
    return demo_config_path().read_text(encoding="utf-8") + "\n" + extra


def test_site_file_picks_a_regional_pattern_or_defines_its_own() -> None:
    site = parse_site_config(demo_with('[shifts]\npattern = "2x12"\n'))
    assert calendar_of(site).version == "EU-2026.1/2x12"
    own = parse_site_config(
        demo_with(
            '[shifts]\nversion = "VAL-L1-7"\nname = "2x8"\n'
            '[[shifts.shift]]\ncode = "A"\nname = "Morning"\nstart = 07:00:00\nend = "15:00"\n'
            'breaks = [{ start = "11:00", minutes = 20 }]\n'
            '[[shifts.shift]]\ncode = "B"\nname = "Afternoon"\nstart = "15:00"\nend = "23:00"\n'
        )
    )
    calendar = calendar_of(own)
    assert calendar.version == "VAL-L1-7"
    assert calendar.zone == MADRID
    morning = calendar.shift_by_id("2026-06-10.A")
    assert morning.duration == timedelta(hours=8)
    assert morning.break_time() == timedelta(minutes=20)
    assert calendar.shift_at(utc(2026, 6, 10, 22)) is None  # midnight local: nobody works


def test_site_file_problems_name_each_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_site_config(
            demo_with(
                '[shifts]\nversion = "V1"\n'
                '[[shifts.shift]]\ncode = "E"\nname = "Early"\nstart = "6:00"\nend = "14:00"\n'
                '[[shifts.shift]]\ncode = "E"\nname = "Late"\nstart = "14:00"\nend = "22:00"\n'
                'colour = "red"\n'
                '[shifts.rotation]\nanchor = "2026-01-05"\ndays = [["A"]]\n'
            )
        )
    assert caught.value.problems == [
        "shifts.shift[0].start: must be a time like 06:00, not '6:00'",
        "shifts.shift[1].colour: is not a known setting (misspelt?)",
        "shifts.shift[1].code: 'E' is used by another shift",
        "shifts.rotation.days[0]: must name 2 crew(s), one per shift, or '-' for none",
    ]
    with pytest.raises(ConfigError) as caught:
        parse_site_config(demo_with('[shifts]\npattern = "5x5"\n'))
    assert caught.value.problems == [
        "shifts.pattern: '5x5' is not a regional shift pattern (2x12, 3x8, 3x8-5d, 4-crew-2x12)"
    ]
