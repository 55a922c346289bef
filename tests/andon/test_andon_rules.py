"""The andon call's rules: its states, who may move it on, and its times (fixed instants)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shopfloor_core.domain import andon
from shopfloor_core.domain.andon import CallState, Team, call_figures, head_of
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Stamp
from shopfloor_core.domain.roster import Person, Role

T0 = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
PRESS_PC = Stamp("L1-PRESS-PC", "VAL", "A1", "L1", "Europe/Madrid")
MAINT_PC = Stamp("L1-MAINT-PC", "VAL", "A1", "L1", "Europe/Madrid")
OTHER_LINE_PC = Stamp("L2-PC", "VAL", "A1", "L2", "Europe/Madrid")

OPERATOR = Person("op-1", "Ana", Role.OPERATOR, None, None)
OTHER_OPERATOR = Person("op-2", "Bea", Role.OPERATOR, None, None)
MAINTENANCE = Person("mnt-1", "Marco", Role.MAINTENANCE, None, None)
QUALITY = Person("qa-1", "Quim", Role.QUALITY, None, None)
SUPERVISOR = Person("sup-1", "Sara", Role.SUPERVISOR, None, None)
CI = Person("ci-1", "Carla", Role.CI_ENGINEER, None, None)


def raised(team: Team = Team.MAINTENANCE, by: Person = OPERATOR) -> andon.CallRevision:
    return andon.raise_call(by, machine_id="PRESS-1", team=team, at=T0, stamp=PRESS_PC)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_a_call_goes_raised_acknowledged_arrived_closed_with_who_and_when() -> None:
    call = raised()
    acked = andon.acknowledge(call, MAINTENANCE, at=minutes(2), stamp=MAINT_PC)
    there = andon.arrive(acked, MAINTENANCE, at=minutes(7), stamp=MAINT_PC)
    closed = andon.close(there, MAINTENANCE, at=minutes(31), stamp=MAINT_PC, note="new seal")
    assert [r.state for r in (call, acked, there, closed)] == [
        CallState.RAISED,
        CallState.ACKNOWLEDGED,
        CallState.ARRIVED,
        CallState.CLOSED,
    ]
    assert [r.seq for r in (call, acked, there, closed)] == [1, 2, 3, 4]
    assert len({r.revision_id for r in (call, acked, there, closed)}) == 4
    assert {r.call_id for r in (acked, there, closed)} == {call.call_id}
    assert (closed.raised_by, closed.acknowledged_by, closed.arrived_by, closed.ended_by) == (
        "op-1",
        "mnt-1",
        "mnt-1",
        "mnt-1",
    )
    assert (call.author, closed.author) == ("op-1", "mnt-1")
    assert (call.stamp.device, closed.stamp.device, closed.called_from) == (
        "L1-PRESS-PC",
        "L1-MAINT-PC",
        "L1-PRESS-PC",
    )
    assert closed.acknowledge_time == timedelta(minutes=2)
    assert closed.response_time == timedelta(minutes=7)
    assert closed.repair_time == timedelta(minutes=24)
    assert closed.note == "new seal"
    assert not closed.is_open


@pytest.mark.parametrize(
    ("team", "may", "may_not"),
    [
        (Team.MAINTENANCE, MAINTENANCE, (OPERATOR, QUALITY, SUPERVISOR, CI)),
        (Team.QUALITY, QUALITY, (OPERATOR, MAINTENANCE, SUPERVISOR, CI)),
        (Team.SUPERVISOR, SUPERVISOR, (OPERATOR, MAINTENANCE, QUALITY, CI)),
    ],
)
def test_only_the_team_called_acknowledges(team: Team, may: Person, may_not: tuple[Person, ...]):
    call = raised(team)
    for person in may_not:
        with pytest.raises(PermissionDenied):
            andon.acknowledge(call, person, at=minutes(1), stamp=MAINT_PC)
    assert andon.acknowledge(call, may, at=minutes(1), stamp=MAINT_PC).acknowledged_by == (
        may.person_id
    )


def test_nobody_signed_in_cannot_do_anything() -> None:
    with pytest.raises(PermissionDenied):
        andon.raise_call(None, machine_id="PRESS-1", team=Team.QUALITY, at=T0, stamp=PRESS_PC)
    with pytest.raises(PermissionDenied):
        andon.acknowledge(raised(), None, at=minutes(1), stamp=MAINT_PC)
    with pytest.raises(PermissionDenied):
        andon.cancel(raised(), None, at=minutes(1), stamp=MAINT_PC)


def test_a_ci_engineer_does_not_raise_calls() -> None:
    with pytest.raises(PermissionDenied):
        raised(by=CI)


def test_no_arrive_before_acknowledge_and_no_close_before_arrive() -> None:
    call = raised()
    with pytest.raises(RuleViolation) as refused:
        andon.arrive(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    assert refused.value.code == "call_raised"
    with pytest.raises(RuleViolation) as refused:
        andon.close(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    assert refused.value.code == "call_raised"
    acked = andon.acknowledge(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    with pytest.raises(RuleViolation) as refused:
        andon.close(acked, MAINTENANCE, at=minutes(2), stamp=MAINT_PC)
    assert refused.value.code == "call_acknowledged"
    with pytest.raises(RuleViolation):
        andon.acknowledge(acked, MAINTENANCE, at=minutes(2), stamp=MAINT_PC)


def test_an_ended_call_stays_ended() -> None:
    there = andon.arrive(
        andon.acknowledge(raised(), MAINTENANCE, at=minutes(1), stamp=MAINT_PC),
        MAINTENANCE,
        at=minutes(2),
        stamp=MAINT_PC,
    )
    closed = andon.close(there, MAINTENANCE, at=minutes(3), stamp=MAINT_PC)
    for step in (andon.acknowledge, andon.arrive, andon.close):
        with pytest.raises(RuleViolation):
            step(closed, MAINTENANCE, at=minutes(4), stamp=MAINT_PC)
    with pytest.raises(RuleViolation):
        andon.cancel(closed, OPERATOR, at=minutes(4), stamp=PRESS_PC)


def test_the_caller_or_a_supervisor_cancels_before_anyone_arrived() -> None:
    call = raised()
    with pytest.raises(PermissionDenied):
        andon.cancel(call, OTHER_OPERATOR, at=minutes(1), stamp=PRESS_PC)
    with pytest.raises(PermissionDenied):
        andon.cancel(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    cancelled = andon.cancel(call, OPERATOR, at=minutes(1), stamp=PRESS_PC, why=" sorted it ")
    assert (cancelled.state, cancelled.ended_by, cancelled.why) == (
        CallState.CANCELLED,
        "op-1",
        "sorted it",
    )
    assert cancelled.response_time is None
    assert cancelled.repair_time is None
    acked = andon.acknowledge(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    assert andon.cancel(acked, SUPERVISOR, at=minutes(2), stamp=PRESS_PC).ended_by == "sup-1"
    there = andon.arrive(acked, MAINTENANCE, at=minutes(3), stamp=MAINT_PC)
    with pytest.raises(RuleViolation) as refused:
        andon.cancel(there, OPERATOR, at=minutes(4), stamp=PRESS_PC)
    assert refused.value.code == "call_arrived"


def test_a_call_is_answered_from_a_station_of_its_line() -> None:
    with pytest.raises(RuleViolation) as refused:
        andon.acknowledge(raised(), MAINTENANCE, at=minutes(1), stamp=OTHER_LINE_PC)
    assert refused.value.code == "other_line"


def test_a_clock_behind_the_callers_never_makes_a_negative_time() -> None:
    acked = andon.acknowledge(raised(), MAINTENANCE, at=minutes(-0.5), stamp=MAINT_PC)
    assert acked.acknowledged_utc == T0
    assert acked.acknowledge_time == timedelta(0)


def test_two_revisions_on_the_same_head_resolve_alike_everywhere() -> None:
    call = raised()
    acked = andon.acknowledge(call, MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
    cancelled = andon.cancel(call, OPERATOR, at=minutes(1), stamp=PRESS_PC)
    assert head_of([call, acked, cancelled]) == cancelled
    assert head_of([cancelled, acked, call]) == cancelled
    assert head_of([]) is None


def test_figures_split_the_mttr_into_response_and_repair() -> None:
    def done(respond: float, repair: float) -> andon.CallRevision:
        acked = andon.acknowledge(raised(), MAINTENANCE, at=minutes(1), stamp=MAINT_PC)
        there = andon.arrive(acked, MAINTENANCE, at=minutes(respond), stamp=MAINT_PC)
        return andon.close(there, MAINTENANCE, at=minutes(respond + repair), stamp=MAINT_PC)

    calls = [
        done(4, 20),
        done(10, 30),
        andon.cancel(raised(), OPERATOR, at=minutes(3), stamp=PRESS_PC),
        raised(Team.QUALITY),
    ]
    figures = call_figures(calls, Team.MAINTENANCE)
    assert (figures.raised, figures.closed, figures.cancelled, figures.still_open) == (3, 2, 1, 0)
    assert figures.mean_acknowledge_s == 60.0
    assert figures.mean_response_s == 7 * 60.0  # (4 + 10) / 2 minutes
    assert figures.mean_repair_s == 25 * 60.0  # (20 + 30) / 2 minutes
    assert figures.mean_time_to_repair_s == 32 * 60.0
    quality = call_figures(calls, Team.QUALITY)
    assert (quality.raised, quality.still_open, quality.mean_response_s) == (1, 1, None)
