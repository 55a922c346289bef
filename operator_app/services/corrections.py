"""Corrections from the shift summary: recategorize, split, merge, annotate.

Each is a new revision with who and why, checked here whatever a screen offers. Once a shift is
signed off, a correction touching it also needs the right to edit signed-off shifts and a
reason, and is marked as made after sign-off (a late-edit record per signed-off shift).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from local_store import EventStore
from local_store.shift_records import LateEdit, ShiftRecords
from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.corrections import merge_downtimes, split_downtime
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import (
    Change,
    EventKind,
    EventRevision,
    renaming_is_correction,
    revise,
)
from shopfloor_core.domain.permissions import Action, require
from shopfloor_core.domain.roster import Person


class CorrectionService:
    def __init__(
        self, store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: Clock = utc_now
    ) -> None:
        self.store = store
        self.records = ShiftRecords(store)
        self.catalogue = catalogue
        self.site = site
        self.clock = clock

    @deciding_under_write_lock
    def recategorize(
        self, person: Person | None, event_id: str, reason_code: str, *, why: str = ""
    ) -> EventRevision:
        """Name or rename the reason of a downtime or scrap record."""
        event = self._event(event_id)
        if event.kind is EventKind.NOTE:
            raise RuleViolation("no_such_event", f"{event_id} is a note, not downtime or scrap")
        if renaming_is_correction(event):
            author = require(person, Action.CORRECT_EVENT)
            change = Change.RECATEGORIZED
        else:
            author = require(person, Action.CATEGORIZE)
            change = Change.CATEGORIZED
        kind = CategoryKind.DOWNTIME if event.kind is EventKind.DOWNTIME else CategoryKind.SCRAP
        self.catalogue.require_leaf(reason_code, kind)
        rev = revise(
            event,
            change=change,
            author=author.person_id,
            recorded_utc=self.clock(),
            why=why,
            reason_code=reason_code,
            catalogue_version=self.catalogue.version,
        )
        self.save(author, [event], [rev], why)
        return rev

    @deciding_under_write_lock
    def split(
        self, person: Person | None, event_id: str, at: datetime, *, why: str
    ) -> tuple[EventRevision, EventRevision]:
        author = require(person, Action.CORRECT_EVENT)
        event = self._event(event_id)
        head, tail = split_downtime(event, at, author=author.person_id, now=self.clock(), why=why)
        self.save(author, [event], [head, tail], why)
        return head, tail

    @deciding_under_write_lock
    def merge(
        self, person: Person | None, first_id: str, second_id: str, *, why: str
    ) -> tuple[EventRevision, EventRevision]:
        author = require(person, Action.CORRECT_EVENT)
        if not why.strip():
            raise RuleViolation("reason_required", "a correction needs a reason (why)")
        first, second = self._event(first_id), self._event(second_id)
        if first.start_utc > second.start_utc:
            first, second = second, first
        between: list[EventRevision] = []
        if first.end_utc is not None and second.start_utc > first.end_utc:
            between = [
                e
                for e in self.records.events_overlapping(
                    first.end_utc, second.start_utc, (EventKind.DOWNTIME,)
                )
                if e.machine_id == first.machine_id
            ]
        merged, voided = merge_downtimes(
            first, second, author=author.person_id, now=self.clock(), why=why, between=between
        )
        self.save(author, [first, second], [merged, voided], why)
        return merged, voided

    @deciding_under_write_lock
    def annotate(
        self, person: Person | None, event_id: str, note: str, *, why: str = ""
    ) -> EventRevision:
        author = require(person, Action.ADD_NOTE)
        event = self._event(event_id)
        rev = revise(
            event,
            change=Change.ANNOTATED,
            author=author.person_id,
            recorded_utc=self.clock(),
            why=why,
            note=note,
        )
        self.save(author, [event], [rev], why)
        return rev

    # -- sign-off rule ------------------------------------------------------------------------
    def save(
        self,
        author: Person,
        before: Sequence[EventRevision],
        revisions: Sequence[EventRevision],
        why: str,
    ) -> None:
        """Write ``revisions``; if they touch a signed-off shift, only as a marked late edit."""
        touched = {}
        for rev in (*before, *revisions):
            for signoff in self.records.signoffs_touching(rev.start_utc, rev.end_utc):
                touched[signoff.shift_id] = signoff
        if not touched:
            self.store.append(revisions)
            return
        require(author, Action.EDIT_SIGNED_OFF)
        if not why.strip():
            raise RuleViolation(
                "reason_required", "the shift is signed off: a change needs a reason (why)"
            )
        now = self.clock()
        edits = [
            LateEdit(
                revision_id=rev.revision_id,
                event_id=rev.event_id,
                shift_id=signoff.shift_id,
                signoff_id=signoff.signoff_id,
                author=author.person_id,
                why=why.strip(),
                recorded_utc=now,
            )
            for rev in revisions
            for signoff in touched.values()
        ]
        self.records.append_late(revisions, edits)

    def _event(self, event_id: str) -> EventRevision:
        event = self.store.current(event_id)
        if event is None:
            raise RuleViolation("no_such_event", f"no event {event_id}")
        return event
