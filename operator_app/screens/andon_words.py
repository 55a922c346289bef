"""Andon calls in the operator's words, and the calls' work handed to the store thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QLocale

from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time
from operator_app.services.andon import AndonService
from operator_app.workers.store_worker import Failed
from shopfloor_core.domain.andon import CallFigures, CallRevision, CallState, Team

if TYPE_CHECKING:
    from local_store import EventStore

T = TypeVar("T")


def run_andon(
    context: AppContext,
    job: Callable[[AndonService], T],
    *,
    on_done: Callable[[T], None] | None = None,
    on_error: Failed | None = None,
) -> None:
    """Run ``job`` on the store thread with the signed-in person's services; a change that
    landed is offered to the region at once, so the other stations see it this round."""
    catalogue, site, clock = context.catalogue, context.site, context.clock

    def call(store: EventStore) -> T:
        return job(AndonService(store, catalogue, site, clock))

    def done(result: T) -> None:
        context.records_changed.emit()
        if context.sync_worker is not None:
            context.sync_worker.sync_now()
        if on_done is not None:
            on_done(result)

    context.store_worker.submit(call, on_done=done, on_error=on_error)


def team_name(team: Team) -> str:
    names = {
        Team.MAINTENANCE: QCoreApplication.translate("Andon", "Maintenance"),
        Team.QUALITY: QCoreApplication.translate("Andon", "Quality"),
        Team.SUPERVISOR: QCoreApplication.translate("Andon", "Supervisor"),
    }
    return names[team]


def machine_name(context: AppContext, machine_id: str) -> str:
    return context.machine_name(machine_id)


def person_name(context: AppContext, person_id: str | None) -> str:
    if person_id is None:
        return ""
    person = context.roster.get(person_id)
    return person.name if person is not None else person_id


def call_line(context: AppContext, call: CallRevision, now: datetime) -> str:
    """Two short lines for the calls strip: whom and where; how far along and for how long."""
    what = QCoreApplication.translate("Andon", "{0} · {1}").format(
        team_name(call.team), machine_name(context, call.machine_id)
    )
    waited = duration(call.waiting(now))
    if call.state is CallState.RAISED:
        state = QCoreApplication.translate("Andon", "called, nobody yet · {0}").format(waited)
    elif call.state is CallState.ACKNOWLEDGED:
        state = QCoreApplication.translate("Andon", "{0} is coming · {1}").format(
            person_name(context, call.acknowledged_by), waited
        )
    elif call.state is CallState.ARRIVED:
        state = QCoreApplication.translate("Andon", "{0} is there · {1}").format(
            person_name(context, call.arrived_by), waited
        )
    elif call.state is CallState.CLOSED:
        state = QCoreApplication.translate("Andon", "closed")
    else:
        state = QCoreApplication.translate("Andon", "cancelled")
    return f"{what}\n{state}"


def call_story(context: AppContext, call: CallRevision, now: datetime) -> list[str]:
    """Every step of the call so far, with who and when, for the call's own screen."""
    zone = call.stamp.zone or context.site.timezone
    lines = [
        QCoreApplication.translate("Andon", "Called at {0} by {1} (station {2}).").format(
            local_time(call.raised_utc, zone),
            person_name(context, call.raised_by),
            call.called_from,
        )
    ]
    if call.reason_code:
        lines.append(
            QCoreApplication.translate("Andon", "Reason: {0}").format(
                context.reason_label(call.reason_code)
            )
        )
    if call.acknowledged_utc is not None:
        lines.append(
            QCoreApplication.translate("Andon", "Acknowledged at {0} by {1}.").format(
                local_time(call.acknowledged_utc, zone), person_name(context, call.acknowledged_by)
            )
        )
    if call.arrived_utc is not None and call.response_time is not None:
        lines.append(
            QCoreApplication.translate(
                "Andon", "At the machine at {0} ({1}); response time {2}."
            ).format(
                local_time(call.arrived_utc, zone),
                person_name(context, call.arrived_by),
                duration(call.response_time),
            )
        )
    if call.state is CallState.CLOSED and call.ended_utc and call.repair_time is not None:
        lines.append(
            QCoreApplication.translate("Andon", "Closed at {0} by {1}; repair time {2}.").format(
                local_time(call.ended_utc, zone),
                person_name(context, call.ended_by),
                duration(call.repair_time),
            )
        )
    elif call.state is CallState.CANCELLED and call.ended_utc:
        lines.append(
            QCoreApplication.translate("Andon", "Cancelled at {0} by {1}.").format(
                local_time(call.ended_utc, zone), person_name(context, call.ended_by)
            )
        )
    else:
        lines.append(
            QCoreApplication.translate("Andon", "Open for {0}.").format(duration(call.waiting(now)))
        )
    if call.note:
        lines.append(QCoreApplication.translate("Andon", "Note: {0}").format(call.note))
    return lines


def _minutes(seconds: float | None) -> str:
    return duration(timedelta(seconds=seconds)) if seconds is not None else "—"


def shift_calls_text(calls: Mapping[Team, CallFigures]) -> str:
    """One line per team that was called in the shift: calls, and response and repair times."""
    lines = []
    locale = QLocale()
    for team, figures in calls.items():
        if not figures.raised:
            continue
        lines.append(
            QCoreApplication.translate(
                "Andon",
                "Calls for {0}: {1} ({2} closed, {3} open). Mean response {4}, mean repair {5}.",
            ).format(
                team_name(team),
                locale.toString(figures.raised),
                locale.toString(figures.closed),
                locale.toString(figures.still_open),
                _minutes(figures.mean_response_s),
                _minutes(figures.mean_repair_s),
            )
        )
    if not lines:
        return QCoreApplication.translate("Andon", "No andon calls in this shift.")
    return "\n".join(lines)
