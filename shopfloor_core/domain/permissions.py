"""What each role may do: the one statement of it. Services check these; the navigation
offers a screen to the roles its action is allowed to; screens only mirror them.

A hidden button is not a permission check: every service method that changes data asks
``require(person, action)`` first, so a rule holds whatever a screen shows or a script calls.
"""

from __future__ import annotations

from enum import StrEnum

from shopfloor_core.domain.errors import PermissionDenied
from shopfloor_core.domain.roster import Person, Role


class Action(StrEnum):
    CAPTURE_DOWNTIME = "capture_downtime"
    CAPTURE_SCRAP = "capture_scrap"
    CATEGORIZE = "categorize"
    ADD_NOTE = "add_note"
    CORRECT_EVENT = "correct_event"
    SIGN_OFF_SHIFT = "sign_off_shift"
    WRITE_HANDOVER = "write_handover"
    EDIT_SIGNED_OFF = "edit_signed_off"
    VIEW_QUARANTINE = "view_quarantine"
    VIEW_SHIFT_SUMMARY = "view_shift_summary"
    RUN_WORKFLOW = "run_workflow"
    # Looking: the stops still to name, the machines' trends, the lines a supervisor covers.
    VIEW_STOPS_TO_NAME = "view_stops_to_name"
    VIEW_TRENDS = "view_trends"
    VIEW_COVERED_LINES = "view_covered_lines"
    # The client's own health: log, store, machine links (support's view).
    VIEW_DIAGNOSTICS = "view_diagnostics"
    # Undo someone else's capture in its undo window (one's own needs no more than making it).
    UNDO_ANY_CAPTURE = "undo_any_capture"
    # Andon: call maintenance, quality or the supervisor to a machine; answer such a call
    # (which calls, see ``may_answer_call``); cancel another person's call.
    RAISE_CALL = "raise_call"
    ANSWER_CALL = "answer_call"
    CANCEL_ANY_CALL = "cancel_any_call"
    # Jobs: start, pause, resume and end the production order a machine runs; queue, cancel
    # and import the line's orders (plant IT's files and the region's queue need no person).
    RUN_JOB = "run_job"
    MANAGE_JOBS = "manage_jobs"


# What everyone at the line may look at.
_LOOK = {Action.VIEW_STOPS_TO_NAME, Action.VIEW_TRENDS}
_OFF_THE_LINE = {Action.VIEW_SHIFT_SUMMARY, Action.VIEW_COVERED_LINES}

_CAPTURE = {
    Action.CAPTURE_DOWNTIME,
    Action.CAPTURE_SCRAP,
    Action.CATEGORIZE,
    Action.ADD_NOTE,
    Action.RUN_WORKFLOW,
    Action.RAISE_CALL,
}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OPERATOR: frozenset(_LOOK | _CAPTURE | {Action.WRITE_HANDOVER, Action.RUN_JOB}),
    Role.SUPERVISOR: frozenset(Action),
    Role.MAINTENANCE: frozenset(_LOOK | _OFF_THE_LINE | _CAPTURE | {Action.ANSWER_CALL}),
    Role.QUALITY: frozenset(
        _LOOK | _OFF_THE_LINE | _CAPTURE | {Action.CORRECT_EVENT, Action.ANSWER_CALL}
    ),
    Role.CI_ENGINEER: frozenset(_LOOK | _OFF_THE_LINE | {Action.ADD_NOTE, Action.RUN_WORKFLOW}),
}


def role_may(role: Role, action: Action) -> bool:
    return action in ALLOWED.get(role, frozenset())


def allowed(person: Person, action: Action) -> bool:
    return role_may(person.role, action)


def may_answer_call(person: Person, team: str) -> bool:
    """A call is answered by the team it called: maintenance calls by maintenance, quality
    calls by quality, supervisor calls by a supervisor (``team`` is the role's value)."""
    return allowed(person, Action.ANSWER_CALL) and person.role.value == team


def may_cancel_call(person: Person, caller_id: str) -> bool:
    """The caller takes their own call back; a supervisor any call of the line."""
    if person.person_id == caller_id:
        return allowed(person, Action.RAISE_CALL)
    return allowed(person, Action.CANCEL_ANY_CALL)


def require(person: Person | None, action: Action) -> Person:
    if person is None:
        raise PermissionDenied("not_signed_in", f"sign in to {action.value}")
    if not allowed(person, action):
        raise PermissionDenied(
            "not_allowed",
            f"{person.role.value} may not {action.value}",
            role=person.role.value,
            action=action.value,
        )
    return person
