"""Andon calls: an operator calls maintenance, quality or the supervisor to a machine.

A call is a record with revisions like every other: raised → acknowledged → arrived → closed,
or cancelled by its caller (or a supervisor) before anyone arrived. Each revision is a full
snapshot carrying who moved the call on and when, so the newest revision alone gives the
call's times: response (raised to arrived at the machine) and repair (arrived to closed), the
two halves of the MTTR.

Revisions of one call are written by different stations (the caller's, the technician's), so
two may be made on the same head before they meet through the region. Every station and the
region then pick the same head: the one furthest along (``head_of``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Stamp, check_note
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.permissions import Action, may_answer_call, may_cancel_call, require
from shopfloor_core.domain.roster import Person


class Team(StrEnum):
    """Who a call is for; each is answered by the role of the same name."""

    MAINTENANCE = "maintenance"
    QUALITY = "quality"
    SUPERVISOR = "supervisor"


class CallState(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    ARRIVED = "arrived"
    CLOSED = "closed"
    CANCELLED = "cancelled"


OPEN_STATES = frozenset({CallState.RAISED, CallState.ACKNOWLEDGED, CallState.ARRIVED})
# How far along a state is: of two revisions built on the same head, the one further along wins
# (a cancel or a close ends the call whatever else was made meanwhile).
_PROGRESS = {
    CallState.RAISED: 0,
    CallState.ACKNOWLEDGED: 1,
    CallState.ARRIVED: 2,
    CallState.CLOSED: 3,
    CallState.CANCELLED: 3,
}


@dataclass(frozen=True)
class CallRevision:
    """One full snapshot of a call. ``seq`` counts from 1 per call.

    ``stamp`` is where this revision was made (the station that wrote it) and the line the call
    is on; ``called_from`` is the station that raised it.
    """

    revision_id: str
    call_id: str
    seq: int
    state: CallState
    team: Team
    machine_id: str
    reason_code: str | None
    catalogue_version: str | None
    note: str
    called_from: str
    raised_utc: datetime
    raised_by: str
    author: str
    recorded_utc: datetime
    stamp: Stamp
    acknowledged_utc: datetime | None = None
    acknowledged_by: str | None = None
    arrived_utc: datetime | None = None
    arrived_by: str | None = None
    ended_utc: datetime | None = None  # closed or cancelled
    ended_by: str | None = None
    why: str = ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def acknowledge_time(self) -> timedelta | None:
        return _between(self.raised_utc, self.acknowledged_utc)

    @property
    def response_time(self) -> timedelta | None:
        """From the call to someone at the machine: the first half of the MTTR."""
        return _between(self.raised_utc, self.arrived_utc)

    @property
    def repair_time(self) -> timedelta | None:
        """From arriving to closing the call: the second half of the MTTR."""
        if self.state is not CallState.CLOSED:
            return None
        return _between(self.arrived_utc, self.ended_utc)

    def waiting(self, now: datetime) -> timedelta:
        """How long the call has lasted (until it ended)."""
        end = self.ended_utc if self.ended_utc is not None else now
        return max(end - self.raised_utc, timedelta(0))


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return max(end - start, timedelta(0))


def raise_call(
    person: Person | None,
    *,
    machine_id: str,
    team: Team,
    at: datetime,
    stamp: Stamp,
    reason_code: str | None = None,
    catalogue_version: str | None = None,
    note: str = "",
) -> CallRevision:
    caller = require(person, Action.RAISE_CALL)
    if reason_code is not None and catalogue_version is None:
        raise RuleViolation("no_catalogue_version", "a reason needs its catalogue version")
    at = to_ms(at)
    return CallRevision(
        revision_id=new_id(),
        call_id=new_id(),
        seq=1,
        state=CallState.RAISED,
        team=team,
        machine_id=machine_id,
        reason_code=reason_code,
        catalogue_version=catalogue_version if reason_code is not None else None,
        note=check_note(note),
        called_from=stamp.device,
        raised_utc=at,
        raised_by=caller.person_id,
        author=caller.person_id,
        recorded_utc=at,
        stamp=stamp,
    )


def _next(call: CallRevision, person: Person, at: datetime, stamp: Stamp) -> dict[str, object]:
    if stamp.plant != call.stamp.plant or stamp.line != call.stamp.line:
        raise RuleViolation(
            "other_line",
            f"a call of line {call.stamp.line} is answered from a station of that line",
        )
    return {
        "revision_id": new_id(),
        "seq": call.seq + 1,
        "author": person.person_id,
        "recorded_utc": to_ms(at),
        "stamp": stamp,
        "why": "",
    }


def _after(moment: datetime, previous: datetime | None) -> datetime:
    # Two stations' clocks differ by a few seconds: a step stamped before the step it follows
    # is taken as made at the same moment, so no time of the call is ever negative.
    moment = to_ms(moment)
    return moment if previous is None or moment >= previous else previous


def _answering(person: Person | None, call: CallRevision, wanted: CallState, doing: str) -> Person:
    answerer = require(person, Action.ANSWER_CALL)
    if not may_answer_call(answerer, call.team.value):
        raise PermissionDenied(
            "not_your_call",
            f"a {call.team.value} call is answered by {call.team.value}",
            role=answerer.role.value,
            team=call.team.value,
        )
    if call.state is not wanted:
        raise RuleViolation(
            f"call_{call.state.value}",
            f"cannot {doing} a call that is {call.state.value}",
            state=call.state.value,
        )
    return answerer


def acknowledge(
    call: CallRevision, person: Person | None, *, at: datetime, stamp: Stamp
) -> CallRevision:
    """Someone of the team called says they are coming."""
    answerer = _answering(person, call, CallState.RAISED, "acknowledge")
    return replace(
        call,
        state=CallState.ACKNOWLEDGED,
        acknowledged_utc=_after(at, call.raised_utc),
        acknowledged_by=answerer.person_id,
        **_next(call, answerer, at, stamp),  # type: ignore[arg-type]
    )


def arrive(
    call: CallRevision, person: Person | None, *, at: datetime, stamp: Stamp
) -> CallRevision:
    """Someone of the team is at the machine: response ends, repair begins."""
    answerer = _answering(person, call, CallState.ACKNOWLEDGED, "arrive at")
    return replace(
        call,
        state=CallState.ARRIVED,
        arrived_utc=_after(at, call.acknowledged_utc),
        arrived_by=answerer.person_id,
        **_next(call, answerer, at, stamp),  # type: ignore[arg-type]
    )


def close(
    call: CallRevision, person: Person | None, *, at: datetime, stamp: Stamp, note: str = ""
) -> CallRevision:
    """The machine is handed back. Only after someone arrived: a repair has a start."""
    answerer = _answering(person, call, CallState.ARRIVED, "close")
    return replace(
        call,
        state=CallState.CLOSED,
        ended_utc=_after(at, call.arrived_utc),
        ended_by=answerer.person_id,
        note=check_note(note) if note.strip() else call.note,
        **_next(call, answerer, at, stamp),  # type: ignore[arg-type]
    )


def cancel(
    call: CallRevision, person: Person | None, *, at: datetime, stamp: Stamp, why: str = ""
) -> CallRevision:
    """The caller (or a supervisor) takes the call back before anyone arrived."""
    if person is None:
        raise PermissionDenied("not_signed_in", "sign in to cancel a call")
    if not may_cancel_call(person, call.raised_by):
        raise PermissionDenied("not_your_call", "only the caller or a supervisor may cancel a call")
    if call.state not in (CallState.RAISED, CallState.ACKNOWLEDGED):
        raise RuleViolation(
            f"call_{call.state.value}",
            f"cannot cancel a call that is {call.state.value}",
            state=call.state.value,
        )
    fields = _next(call, person, at, stamp)
    fields["why"] = why.strip()
    return replace(
        call,
        state=CallState.CANCELLED,
        ended_utc=_after(at, call.acknowledged_utc or call.raised_utc),
        ended_by=person.person_id,
        **fields,  # type: ignore[arg-type]
    )


def head_of(revisions: Iterable[CallRevision]) -> CallRevision | None:
    """The call's current revision: the highest ``seq``; of two made on the same head, the
    one further along, then the larger revision id, so every station agrees."""
    return max(
        revisions,
        key=lambda r: (r.seq, _PROGRESS[r.state], r.revision_id),
        default=None,
    )


@dataclass(frozen=True)
class CallFigures:
    """Calls of a team over a window, and the two halves of their MTTR."""

    raised: int
    closed: int
    cancelled: int
    still_open: int
    mean_acknowledge_s: float | None
    mean_response_s: float | None  # raised → arrived (calls someone arrived at)
    mean_repair_s: float | None  # arrived → closed (closed calls)

    @property
    def mean_time_to_repair_s(self) -> float | None:
        """Response plus repair: the whole time a call kept its machine waiting for help."""
        if self.mean_response_s is None or self.mean_repair_s is None:
            return None
        return self.mean_response_s + self.mean_repair_s


def _mean(values: list[timedelta]) -> float | None:
    if not values:
        return None
    return sum(v.total_seconds() for v in values) / len(values)


def call_figures(calls: Iterable[CallRevision], team: Team | None = None) -> CallFigures:
    """Figures of the current revisions ``calls`` (of ``team``, or every team)."""
    mine = [c for c in calls if team is None or c.team is team]
    acknowledge = [t for c in mine if (t := c.acknowledge_time) is not None]
    response = [t for c in mine if (t := c.response_time) is not None]
    repair = [t for c in mine if (t := c.repair_time) is not None]
    return CallFigures(
        raised=len(mine),
        closed=sum(1 for c in mine if c.state is CallState.CLOSED),
        cancelled=sum(1 for c in mine if c.state is CallState.CANCELLED),
        still_open=sum(1 for c in mine if c.is_open),
        mean_acknowledge_s=_mean(acknowledge),
        mean_response_s=_mean(response),
        mean_repair_s=_mean(repair),
    )
