"""Which saved draft still waits for its author.

A draft is kept so that a person signed out half-way finishes what they started. It is only
worth bringing back if they can still finish it: an entry their role may make (a refused
attempt leaves nothing to come back to), and for a stop's reason a stop nobody has named or
voided since. Any other draft is dropped without a word: there is nothing to tell.
"""

from __future__ import annotations

from typing import Any

from local_store.event_store import EventStore
from shopfloor_core.domain.permissions import Action, allowed
from shopfloor_core.domain.roster import Person

# The entry each draft screen makes, as the domain's permissions name it.
DRAFT_ACTIONS: dict[str, Action] = {
    "reason": Action.CATEGORIZE,
    "scrap": Action.CAPTURE_SCRAP,
    "note": Action.ADD_NOTE,
}


def may_draft(person: Person, screen: str) -> bool:
    """``person`` may make the entry the draft screen ``screen`` is for."""
    action = DRAFT_ACTIONS.get(screen)
    return action is not None and allowed(person, action)


def waiting_draft(store: EventStore, person: Person) -> dict[str, Any] | None:
    """The person's draft if it can still be finished; any other is discarded here."""
    draft = store.load_draft(person.person_id)
    if draft is None:
        return None
    if may_draft(person, str(draft.get("screen"))) and _still_open(store, draft):
        return draft
    store.discard_draft(person.person_id)
    return None


def _still_open(store: EventStore, draft: dict[str, Any]) -> bool:
    if draft.get("screen") != "reason":
        return True
    stop = store.current(str(draft.get("event_id")))
    # A reason the fault map suggested is still the person's to confirm; a named one is done.
    return (
        stop is not None and not stop.voided and (stop.reason_code is None or stop.reason_suggested)
    )
