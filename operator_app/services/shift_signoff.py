"""Handover notes and the supervisor's sign-off of a shift.

A sign-off keeps the KPI figures as they were signed, with their provenance; afterwards the
shift's events change only through marked late edits (see services/corrections.py).
"""

from __future__ import annotations

from local_store import EventStore
from local_store.shift_records import HandoverNote, ShiftRecords, SignOff
from operator_app.services.shift_summary import ShiftSummary, shift_summary
from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import NO_SIGNAL, Catalogue
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import check_note
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.permissions import Action, allowed, require
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.shifts import Shift, ShiftCalendar
from shopfloor_core.domain.signoff import SignOffFigures, check_confirmation
from shopfloor_core.standards.shift_calendar import calendar_of


class ShiftSignoffService:
    def __init__(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        clock: Clock = utc_now,
        calendar: ShiftCalendar | None = None,
        products: Products | None = None,
    ) -> None:
        self.store = store
        # The products in force: the signed figures count each part at its product's rate.
        self.products = products
        self.records = ShiftRecords(store)
        self.catalogue = catalogue
        self.site = site
        self.clock = clock
        self.calendar = calendar or calendar_of(site)

    @deciding_under_write_lock
    def add_handover_note(self, person: Person | None, shift_id: str, text: str) -> HandoverNote:
        author = require(person, Action.WRITE_HANDOVER)
        shift = self.calendar.shift_by_id(shift_id)
        now = self.clock()
        if now < shift.start_utc:
            raise RuleViolation("shift_not_started", f"shift {shift_id} has not started yet")
        if self.records.signoff(shift_id) is not None and not allowed(
            author, Action.EDIT_SIGNED_OFF
        ):
            raise RuleViolation(
                "signed_off", f"shift {shift_id} is signed off; ask a supervisor to add to it"
            )
        body = check_note(text)
        if not body:
            raise RuleViolation("empty_note", "a handover note needs some text")
        note = HandoverNote(new_id(), shift_id, author.person_id, body, now)
        self.records.add_handover_note(note)
        return note

    def preview(self, person: Person | None, shift_id: str) -> SignOffFigures:
        """The figures a supervisor confirms before signing ``shift_id`` off."""
        require(person, Action.SIGN_OFF_SHIFT)
        return signoff_figures(self._summary_to_sign(shift_id))

    @deciding_under_write_lock
    def sign_off(
        self,
        person: Person | None,
        shift_id: str,
        *,
        seen: str | None = None,
        empty_confirmed: bool = False,
    ) -> SignOff:
        """Sign off the figures whose digest is ``seen``; an empty shift also needs
        ``empty_confirmed``."""
        author = require(person, Action.SIGN_OFF_SHIFT)
        summary = self._summary_to_sign(shift_id)
        check_confirmation(signoff_figures(summary), seen, empty_confirmed)
        shift = summary.shift
        signoff = SignOff(
            signoff_id=new_id(),
            shift_id=shift.shift_id,
            shift_start_utc=shift.start_utc,
            shift_end_utc=shift.end_utc,
            calendar_version=shift.calendar_version,
            author=author.person_id,
            signed_utc=summary.now,
            summary=summary.figures(),
        )
        self.records.add_signoff(signoff)
        return signoff

    def _summary_to_sign(self, shift_id: str) -> ShiftSummary:
        shift: Shift = self.calendar.shift_by_id(shift_id)
        now = self.clock()
        if now < shift.end_utc:
            raise RuleViolation(
                "shift_not_over", f"shift {shift_id} runs until {shift.end_utc.isoformat()}"
            )
        if self.records.signoff(shift_id) is not None:
            raise RuleViolation("already_signed_off", f"shift {shift_id} is already signed off")
        return shift_summary(
            self.store,
            self.catalogue,
            self.site,
            shift,
            clock=lambda: now,
            calendar=self.calendar,
            products=self.products,
        )


def signoff_figures(summary: ShiftSummary) -> SignOffFigures:
    line = summary.line
    return SignOffFigures(
        shift_id=summary.shift.shift_id,
        oee=line.oee,
        availability=line.availability,
        performance=line.performance,
        quality=line.quality,
        downtime_s=line.downtime_s,
        good=line.good,
        reject=line.reject,
        scrap_parts=sum(e.quantity or 0 for e in summary.scrap_events),
        # A shift the client was down for holds only "no signal": nothing happened in it.
        stops=sum(1 for e in summary.downtimes if e.reason_code != NO_SIGNAL),
        unnamed=len(summary.uncategorized),
        counted=any(m.counted for m in summary.machines),
    )
