"""Captured events and their revisions.

An event (a downtime, a scrap, a note) is never edited in place. Each change appends a full
snapshot revision carrying who made it, when and why; the newest revision is the event's
current state. The store keeps every revision and the sync client ships every revision, so the
region can audit each correction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.ids import new_id


class EventKind(StrEnum):
    DOWNTIME = "downtime"
    SCRAP = "scrap"
    NOTE = "note"


class Source(StrEnum):
    """Who reported the event first: an operator's tap, or the PLC's signals."""

    OPERATOR = "operator"
    MACHINE = "machine"


class Change(StrEnum):
    """What a revision did. Lifecycle changes need no reason; corrections do."""

    CREATED = "created"
    ENDED = "ended"
    CATEGORIZED = "categorized"
    RECATEGORIZED = "recategorized"
    ANNOTATED = "annotated"
    RETIMED = "retimed"
    SPLIT = "split"
    MERGED = "merged"
    VOIDED = "voided"


# Changes that alter what was already stated need a reason in the audit trail.
CORRECTIONS = frozenset(
    {Change.RECATEGORIZED, Change.RETIMED, Change.SPLIT, Change.MERGED, Change.VOIDED}
)

MAX_NOTE_LENGTH = 500


def renaming_is_correction(event: EventRevision) -> bool:
    """Whether giving ``event`` another reason corrects someone's answer (and so needs a why).

    Naming a stop nobody named yet, or confirming a reason the PLC's fault only suggested, is
    a capture; replacing a reason a person gave is a correction.
    """
    return event.reason_code is not None and not event.reason_suggested


# Authors that are not people: the PLC's detection writes as "system:<machine id>".
SYSTEM_AUTHOR_PREFIX = "system:"


def by_a_person(author: str) -> bool:
    return not author.startswith(SYSTEM_AUTHOR_PREFIX)


@dataclass(frozen=True)
class Stamp:
    """Where a record was made, in ISA-95 terms, and on which device."""

    device: str
    plant: str
    area: str
    line: str
    zone: str  # IANA zone of the plant, e.g. Europe/Madrid; times themselves are UTC


@dataclass(frozen=True)
class EventRevision:
    """One full snapshot of an event. ``seq`` counts from 1 per event."""

    revision_id: str
    event_id: str
    seq: int
    kind: EventKind
    machine_id: str
    start_utc: datetime
    end_utc: datetime | None
    reason_code: str | None
    catalogue_version: str | None
    quantity: int | None
    note: str
    source: Source
    author: str
    recorded_utc: datetime
    change: Change
    why: str
    stamp: Stamp
    voided: bool = False
    # The PLC's fault code when the stop was detected (0: its fault flag without a code).
    fault_code: int | None = None
    # The reason came from the region's fault map, not from a person: the operator is still
    # asked to confirm or change it, and doing so is naming it, not correcting someone.
    reason_suggested: bool = False
    # The job running on the machine when the event began, its product and the products
    # version that names it (None: no job ran, or a record from before jobs existed). Stamped
    # by the store in the transaction that writes the first revision; later revisions keep it.
    job_id: str | None = None
    product_code: str | None = None
    products_version: str | None = None

    @property
    def is_open(self) -> bool:
        return self.kind is EventKind.DOWNTIME and self.end_utc is None

    @property
    def is_uncategorized(self) -> bool:
        return self.kind is not EventKind.NOTE and self.reason_code is None

    @property
    def needs_naming(self) -> bool:
        """Still waiting for a person: no reason yet, or only the PLC's suggestion."""
        return self.is_uncategorized or (self.reason_suggested and not self.voided)

    def duration(self, until: datetime) -> timedelta:
        end = self.end_utc if self.end_utc is not None else until
        return max(end - self.start_utc, timedelta(0))


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise RuleViolation(
            "note_too_long",
            f"note is {len(note)} characters, at most {MAX_NOTE_LENGTH}",
            limit=MAX_NOTE_LENGTH,
        )
    return note


def first_revision(
    *,
    kind: EventKind,
    machine_id: str,
    start_utc: datetime,
    end_utc: datetime | None,
    reason_code: str | None,
    catalogue_version: str | None,
    quantity: int | None,
    note: str,
    source: Source,
    author: str,
    recorded_utc: datetime,
    stamp: Stamp,
    event_id: str | None = None,
    why: str = "",
    fault_code: int | None = None,
    reason_suggested: bool = False,
    job_id: str | None = None,
    product_code: str | None = None,
    products_version: str | None = None,
) -> EventRevision:
    start_utc = to_ms(start_utc)
    end_utc = to_ms(end_utc) if end_utc is not None else None
    if end_utc is not None and end_utc < start_utc:
        raise RuleViolation("ends_before_start", "an event cannot end before it starts")
    if reason_code is not None and catalogue_version is None:
        raise RuleViolation("no_catalogue_version", "a reason needs its catalogue version")
    if reason_suggested and reason_code is None:
        raise RuleViolation("no_reason", "a suggested reason needs a reason")
    return EventRevision(
        revision_id=new_id(),
        event_id=event_id or new_id(),
        seq=1,
        kind=kind,
        machine_id=machine_id,
        start_utc=start_utc,
        end_utc=end_utc,
        reason_code=reason_code,
        catalogue_version=catalogue_version,
        quantity=quantity,
        note=check_note(note),
        source=source,
        author=author,
        recorded_utc=to_ms(recorded_utc),
        change=Change.CREATED,
        why=why.strip(),
        stamp=stamp,
        fault_code=fault_code,
        reason_suggested=reason_suggested,
        job_id=job_id,
        product_code=product_code,
        products_version=products_version,
    )


def revise(
    current: EventRevision,
    *,
    change: Change,
    author: str,
    recorded_utc: datetime,
    why: str = "",
    start_utc: datetime | None = None,
    end_utc: datetime | None = None,
    reason_code: str | None = None,
    catalogue_version: str | None = None,
    quantity: int | None = None,
    note: str | None = None,
) -> EventRevision:
    """The next revision of ``current``. What an event is (kind, machine, identity) never changes.

    Raises ``RuleViolation`` when a correction comes without a reason, or when the change would
    leave the event inconsistent.
    """
    if current.voided:
        raise RuleViolation("voided", "this event was voided and cannot change any more")
    why = why.strip()
    if change in CORRECTIONS and not why:
        raise RuleViolation("reason_required", "a correction needs a reason (why)")
    updates: dict[str, object] = {}
    if change is Change.ENDED:
        if current.end_utc is not None:
            raise RuleViolation("already_ended", "this downtime has already ended")
        if end_utc is None:
            raise RuleViolation("no_end", "ending a downtime needs its end time")
        updates["end_utc"] = to_ms(end_utc)
    elif change in (Change.CATEGORIZED, Change.RECATEGORIZED):
        if reason_code is None or catalogue_version is None:
            raise RuleViolation("no_reason", "categorizing needs a reason and its catalogue")
        if (
            change is Change.CATEGORIZED
            and current.reason_code is not None
            and not current.reason_suggested
        ):
            raise RuleViolation(
                "already_categorized", "already categorized; recategorize with a reason"
            )
        updates["reason_code"] = reason_code
        updates["catalogue_version"] = catalogue_version
        # A person named it (confirmed the PLC's suggestion or chose another): no longer a
        # suggestion.
        updates["reason_suggested"] = False
    elif change is Change.ANNOTATED:
        if note is None:
            raise RuleViolation("no_note", "annotating needs a note")
        updates["note"] = check_note(note)
    elif change is Change.RETIMED or change is Change.SPLIT or change is Change.MERGED:
        if start_utc is not None:
            updates["start_utc"] = to_ms(start_utc)
        if end_utc is not None:
            updates["end_utc"] = to_ms(end_utc)
    elif change is Change.VOIDED:
        updates["voided"] = True
    if quantity is not None:
        updates["quantity"] = quantity
    if note is not None and "note" not in updates:
        updates["note"] = check_note(note)
    revised = replace(
        current,
        revision_id=new_id(),
        seq=current.seq + 1,
        author=author,
        recorded_utc=to_ms(recorded_utc),
        change=change,
        why=why,
        **updates,  # type: ignore[arg-type]
    )
    if revised.end_utc is not None and revised.end_utc < revised.start_utc:
        raise RuleViolation("ends_before_start", "an event cannot end before it starts")
    return revised
