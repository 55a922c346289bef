"""Capturing downtime, scrap and notes: the operator's core loop.

Every method checks permission and the catalogue, keeps each machine's timeline free of
overlaps, writes durably, and only then returns what was recorded.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.clock import Clock, to_ms, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import SYSTEM_AUTHOR_PREFIX as SYSTEM_AUTHOR_PREFIX
from shopfloor_core.domain.events import (
    Change,
    EventKind,
    EventRevision,
    Source,
    first_revision,
    revise,
)
from shopfloor_core.domain.permissions import Action, require
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.timeline import Interval, conflicts, free_parts
from shopfloor_core.domain.undo import undo_capture

if TYPE_CHECKING:
    from local_store import EventStore

from operator_app.services.floor_checks import FUTURE_TOLERANCE as FUTURE_TOLERANCE
from operator_app.services.floor_checks import MAX_BACKDATE as MAX_BACKDATE
from operator_app.services.floor_checks import check_machine, check_moment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MachineAuthor:
    """The PLC as an author: detection opens and closes downtime on its own."""

    machine_id: str

    @property
    def person_id(self) -> str:
        return f"{SYSTEM_AUTHOR_PREFIX}{self.machine_id}"


class CaptureService:
    def __init__(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.catalogue = catalogue
        self.site = site
        self.clock = clock

    # -- downtime -----------------------------------------------------------------------------
    @deciding_under_write_lock
    def start_downtime(
        self,
        person: Person | None,
        machine_id: str,
        *,
        at: datetime | None = None,
        reason_code: str | None = None,
        note: str = "",
    ) -> EventRevision:
        """An operator says the machine stopped (now, or a little earlier)."""
        author = require(person, Action.CAPTURE_DOWNTIME)
        now = self.clock()
        start = self._check_time(at or now, now)
        self._check_machine(machine_id)
        open_now = self.store.open_downtimes(machine_id)
        if open_now:
            raise RuleViolation(
                "already_down",
                f"{machine_id} is already down since {open_now[0].start_utc.isoformat()}",
                event_id=open_now[0].event_id,
            )
        saved = self._record_parts(
            machine_id,
            Interval(start, None),
            reason_code=reason_code,
            note=note,
            source=Source.OPERATOR,
            author=author.person_id,
        )
        return saved[-1]

    @deciding_under_write_lock
    def record_downtime(
        self,
        person: Person | None,
        machine_id: str,
        start: datetime,
        end: datetime,
        *,
        reason_code: str | None = None,
        note: str = "",
    ) -> list[EventRevision]:
        """A downtime reported after the fact; only the parts not yet recorded are added."""
        author = require(person, Action.CAPTURE_DOWNTIME)
        now = self.clock()
        self._check_machine(machine_id)
        start = self._check_time(start, now)
        end = self._check_time(end, now)
        if end <= start:
            raise RuleViolation("ends_before_start", "a downtime must end after it starts")
        return self._record_parts(
            machine_id,
            Interval(start, end),
            reason_code=reason_code,
            note=note,
            source=Source.OPERATOR,
            author=author.person_id,
        )

    @deciding_under_write_lock
    def machine_stopped(
        self,
        machine_id: str,
        at: datetime,
        *,
        reason_code: str | None = None,
        until: datetime | None = None,
        fault_code: int | None = None,
        suggested_reason: str | None = None,
        why: str = "",
    ) -> list[EventRevision]:
        """Detection saw the machine stop at ``at`` (until ``until``, or still down).

        Already-recorded downtime wins. ``fault_code`` is the PLC's fault that came with the
        stop; ``suggested_reason`` what the region's fault map makes of it, recorded as a
        suggestion a person confirms or changes (so it must be a leaf a person could choose).
        """
        self._check_machine(machine_id)
        at = to_ms(at)
        if reason_code is not None:
            self.catalogue.require_leaf(reason_code, CategoryKind.DOWNTIME, system=True)
        if suggested_reason is not None:
            try:
                self.catalogue.require_leaf(suggested_reason, CategoryKind.DOWNTIME)
            except RuleViolation as exc:
                # The map is checked against the catalogue in force before it runs; should they
                # ever part, the stop is still recorded, with its fault code and no suggestion.
                log.warning("%s: fault map suggestion not used: %s", machine_id, exc)
                suggested_reason = None
        try:
            return self._record_parts(
                machine_id,
                Interval(at, to_ms(until) if until is not None else None),
                reason_code=reason_code or suggested_reason,
                note="",
                source=Source.MACHINE,
                author=MachineAuthor(machine_id).person_id,
                system=True,
                fault_code=fault_code,
                suggested=suggested_reason is not None and reason_code is None,
                why=why,
            )
        except RuleViolation as exc:
            if exc.code == "already_recorded":
                return []
            raise

    @deciding_under_write_lock
    def machine_restarted(self, machine_id: str, at: datetime) -> list[EventRevision]:
        """Detection saw the machine run again: every open downtime of it ends at ``at``.

        Except a changeover between jobs: it ends at the new job's first good part, so the
        start-up cycles that make scrap stay changeover time.
        """
        # Imported here: the store's modules bring sqlite-utils, which the sign-in screen's
        # first paint must not wait for (tests/ui/test_startup.py).
        from local_store.jobs import is_changeover

        ended = []
        at = to_ms(at)
        for event in self.store.open_downtimes(machine_id):
            if is_changeover(self.store.db, event.event_id):
                continue
            end = max(at, event.start_utc)
            rev = revise(
                event,
                change=Change.ENDED,
                author=MachineAuthor(machine_id).person_id,
                recorded_utc=self.clock(),
                end_utc=end,
            )
            self.store.append([rev])
            ended.append(rev)
        return ended

    @deciding_under_write_lock
    def end_downtime(
        self, person: Person | None, event_id: str, *, at: datetime | None = None
    ) -> EventRevision:
        author = require(person, Action.CAPTURE_DOWNTIME)
        now = self.clock()
        event = self._event(event_id, EventKind.DOWNTIME)
        end = self._check_time(at or now, now)
        if end < event.start_utc:
            raise RuleViolation("ends_before_start", "a downtime cannot end before it starts")
        rev = revise(
            event, change=Change.ENDED, author=author.person_id, recorded_utc=now, end_utc=end
        )
        self.store.append([rev])
        return rev

    @deciding_under_write_lock
    def categorize(
        self,
        person: Person | None,
        event_id: str,
        reason_code: str,
        *,
        note: str | None = None,
        why: str = "",
    ) -> EventRevision:
        """Name the reason of a downtime or scrap. Changing a named reason is a correction."""
        author = require(person, Action.CATEGORIZE)
        event = self.store.current(event_id)
        if event is None or event.kind is EventKind.NOTE:
            raise RuleViolation("no_such_event", f"no downtime or scrap {event_id}")
        kind = CategoryKind.DOWNTIME if event.kind is EventKind.DOWNTIME else CategoryKind.SCRAP
        self.catalogue.require_leaf(reason_code, kind)
        change = Change.CATEGORIZED
        # Confirming or changing the PLC's suggestion is naming the stop, not a correction.
        if event.reason_code is not None and not event.reason_suggested:
            require(author, Action.CORRECT_EVENT)
            change = Change.RECATEGORIZED
        rev = revise(
            event,
            change=change,
            author=author.person_id,
            recorded_utc=self.clock(),
            why=why,
            reason_code=reason_code,
            catalogue_version=self.catalogue.version,
            note=note,
        )
        self.store.append([rev])
        return rev

    # -- scrap and notes ----------------------------------------------------------------------
    @deciding_under_write_lock
    def record_scrap(
        self,
        person: Person | None,
        machine_id: str,
        reason_code: str,
        quantity: int,
        *,
        note: str = "",
    ) -> EventRevision:
        author = require(person, Action.CAPTURE_SCRAP)
        self._check_machine(machine_id)
        self.catalogue.require_leaf(reason_code, CategoryKind.SCRAP)
        limit = self.site.scrap_max_quantity
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 1 <= quantity <= limit
        ):
            raise RuleViolation(
                "quantity_out_of_range",
                f"scrap quantity must be 1 to {limit}, not {quantity}",
                low=1,
                high=limit,
            )
        now = self.clock()
        rev = first_revision(
            kind=EventKind.SCRAP,
            machine_id=machine_id,
            start_utc=now,
            end_utc=now,
            reason_code=reason_code,
            catalogue_version=self.catalogue.version,
            quantity=quantity,
            note=note,
            source=Source.OPERATOR,
            author=author.person_id,
            recorded_utc=now,
            stamp=self.site.stamp,
        )
        self.store.append([rev])
        return rev

    @deciding_under_write_lock
    def add_note(self, person: Person | None, machine_id: str, text: str) -> EventRevision:
        author = require(person, Action.ADD_NOTE)
        self._check_machine(machine_id)
        if not text.strip():
            raise RuleViolation("empty_note", "a note needs some text")
        now = self.clock()
        rev = first_revision(
            kind=EventKind.NOTE,
            machine_id=machine_id,
            start_utc=now,
            end_utc=now,
            reason_code=None,
            catalogue_version=None,
            quantity=None,
            note=text,
            source=Source.OPERATOR,
            author=author.person_id,
            recorded_utc=now,
            stamp=self.site.stamp,
        )
        self.store.append([rev])
        return rev

    @deciding_under_write_lock
    def annotate(
        self, person: Person | None, event_id: str, note: str, *, why: str = ""
    ) -> EventRevision:
        author = require(person, Action.ADD_NOTE)
        event = self.store.current(event_id)
        if event is None:
            raise RuleViolation("no_such_event", f"no event {event_id}")
        rev = revise(
            event,
            change=Change.ANNOTATED,
            author=author.person_id,
            recorded_utc=self.clock(),
            why=why,
            note=note,
        )
        self.store.append([rev])
        return rev

    @deciding_under_write_lock
    def undo(self, person: Person | None, event_id: str) -> EventRevision:
        """Void a capture its author (or a supervisor) takes back within the undo window."""
        voided = undo_capture(self.store.history(event_id), person, self.clock())
        self.store.append([voided])
        return voided

    # -- rules --------------------------------------------------------------------------------
    def _record_parts(
        self,
        machine_id: str,
        reported: Interval,
        *,
        reason_code: str | None,
        note: str,
        source: Source,
        author: str,
        system: bool = False,
        fault_code: int | None = None,
        suggested: bool = False,
        why: str = "",
    ) -> list[EventRevision]:
        if reason_code is not None and not system:
            self.catalogue.require_leaf(reason_code, CategoryKind.DOWNTIME)
        recorded = self.store.downtime_intervals(machine_id, reported)
        parts = free_parts(recorded, reported)
        if not parts:
            raise RuleViolation(
                "already_recorded",
                f"downtime of {machine_id} from {reported.start.isoformat()} is already recorded",
            )
        now = self.clock()
        revisions = [
            first_revision(
                kind=EventKind.DOWNTIME,
                machine_id=machine_id,
                start_utc=part.start,
                end_utc=part.end,
                reason_code=reason_code,
                catalogue_version=self.catalogue.version if reason_code else None,
                quantity=None,
                note=note,
                source=source,
                author=author,
                recorded_utc=now,
                stamp=self.site.stamp,
                why=why,
                fault_code=fault_code,
                reason_suggested=suggested,
            )
            for part in parts
        ]
        self.store.append(revisions)
        return revisions

    def check_fits(self, machine_id: str, candidate: Interval, exclude: Sequence[str]) -> None:
        """Raise if a corrected downtime would overlap another one of the same machine."""
        clash = conflicts(
            self.store.downtime_intervals(machine_id, candidate, exclude=exclude), candidate
        )
        if clash:
            raise RuleViolation(
                "overlap",
                f"{machine_id} already has downtime from {clash[0].start.isoformat()}",
            )

    def _check_machine(self, machine_id: str) -> None:
        check_machine(self.site, machine_id)

    def _check_time(self, at: datetime, now: datetime) -> datetime:
        return check_moment(at, now, "a downtime cannot start or end in the future")

    def _event(self, event_id: str, kind: EventKind) -> EventRevision:
        event = self.store.current(event_id)
        if event is None or event.kind is not kind:
            raise RuleViolation("no_such_event", f"no {kind.value} {event_id}")
        return event
