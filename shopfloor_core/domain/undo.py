"""Taking back a capture made by mistake, for a short while after it was made.

An undo deletes nothing: it is a ``voided`` revision of the event with who undid it and when,
so the store, the sync stream and the region all keep what happened. Only the person who made
the capture may undo it (or a supervisor), only within ``UNDO_WINDOW`` of its recording, and
only a capture (not a split part or a merge), whatever a screen offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Change, EventRevision, revise
from shopfloor_core.domain.permissions import Action, allowed
from shopfloor_core.domain.roster import Person

# Long enough to notice a wrong tap on the confirmation; after it, a correction with a reason.
UNDO_WINDOW = timedelta(seconds=20)


def undo_capture(
    history: Sequence[EventRevision], person: Person | None, now: datetime
) -> EventRevision:
    """The revision that voids the event whose revisions are ``history`` (oldest first)."""
    if person is None:
        raise PermissionDenied("not_signed_in", "sign in to undo a capture")
    if not history:
        raise RuleViolation("no_such_event", "nothing to undo")
    captured, current = history[0], history[-1]
    if current.voided:
        raise RuleViolation("voided", f"event {current.event_id} is already voided")
    if captured.change is not Change.CREATED:
        raise RuleViolation("not_a_capture", f"event {current.event_id} came from a correction")
    if captured.author != person.person_id and not allowed(person, Action.UNDO_ANY_CAPTURE):
        raise PermissionDenied(
            "not_your_capture",
            f"{person.person_id} may not undo a capture by {captured.author}",
            author=captured.author,
        )
    age = now - captured.recorded_utc
    if age > UNDO_WINDOW:
        raise RuleViolation(
            "undo_too_late",
            f"captured {age.total_seconds():.0f} s ago; undo is possible for "
            f"{UNDO_WINDOW.total_seconds():.0f} s, after that ask for a correction",
            seconds=UNDO_WINDOW.total_seconds(),
        )
    return revise(
        current,
        change=Change.VOIDED,
        author=person.person_id,
        recorded_utc=now,
        why=f"undone by {person.person_id} {age.total_seconds():.1f} s after the capture",
    )
