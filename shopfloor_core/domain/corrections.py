"""Splitting and merging downtime: corrections as new revisions, nothing deleted.

Split: the event keeps its id and ends at the split moment (a ``split`` revision); the rest
becomes a new event whose first revision is a ``split`` too, carrying the same reason, notes and
source, and naming the event it came from in its ``why``. Either part can be split again.

Merge: two stops of one machine with the same reason that follow each other (at most
``MAX_MERGE_GAP`` apart, nothing else recorded between them) become the first one stretched
over both (a ``merged`` revision); the second gets a ``voided`` revision naming the first. Its
revisions stay in the store and in the sync stream.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import (
    MAX_NOTE_LENGTH,
    Change,
    EventKind,
    EventRevision,
    first_revision,
    revise,
)

MAX_MERGE_GAP = timedelta(minutes=5)


def split_downtime(
    event: EventRevision, at: datetime, *, author: str, now: datetime, why: str
) -> tuple[EventRevision, EventRevision]:
    """(the event ending at ``at``, the new event starting at ``at``)."""
    if event.kind is not EventKind.DOWNTIME:
        raise RuleViolation("not_downtime", "only downtime can be split")
    at = to_ms(at)
    if at <= event.start_utc or (event.end_utc is not None and at >= event.end_utc):
        raise RuleViolation("split_outside", "the split moment must lie inside the stop")
    if at > now:
        raise RuleViolation("in_future", "a stop cannot be split in the future")
    head = revise(event, change=Change.SPLIT, author=author, recorded_utc=now, why=why, end_utc=at)
    tail = first_revision(
        kind=event.kind,
        machine_id=event.machine_id,
        start_utc=at,
        end_utc=event.end_utc,
        reason_code=event.reason_code,
        catalogue_version=event.catalogue_version,
        quantity=event.quantity,
        note=event.note,
        source=event.source,
        author=author,
        recorded_utc=now,
        stamp=event.stamp,
    )
    tail = replace(tail, change=Change.SPLIT, why=f"{head.why} (split from {event.event_id})")
    return head, tail


def merge_downtimes(
    first: EventRevision,
    second: EventRevision,
    *,
    author: str,
    now: datetime,
    why: str,
    between: list[EventRevision],
) -> tuple[EventRevision, EventRevision]:
    """(the first stretched over both, the second voided). ``between``: downtime in the gap."""
    if first.start_utc > second.start_utc:
        first, second = second, first
    if first.kind is not EventKind.DOWNTIME or second.kind is not EventKind.DOWNTIME:
        raise RuleViolation("not_downtime", "only downtime can be merged")
    if first.event_id == second.event_id:
        raise RuleViolation("same_event", "choose two different stops")
    if first.machine_id != second.machine_id:
        raise RuleViolation("different_machines", "stops of different machines cannot merge")
    if first.reason_code is None or first.reason_code != second.reason_code:
        raise RuleViolation("different_reasons", "only stops with the same reason can merge")
    if first.end_utc is None:
        raise RuleViolation("not_adjacent", "the earlier stop is still open")
    gap = second.start_utc - first.end_utc
    others = [e for e in between if e.event_id not in (first.event_id, second.event_id)]
    if gap < timedelta(0) or gap > MAX_MERGE_GAP or others:
        raise RuleViolation(
            "not_adjacent",
            f"the stops are not next to each other (gap {gap}, at most {MAX_MERGE_GAP})",
        )
    note = first.note
    if second.note and second.note != first.note:
        note = f"{first.note} / {second.note}" if first.note else second.note
    if len(note) > MAX_NOTE_LENGTH:
        raise RuleViolation("note_too_long", "the two notes together are too long to merge")
    voided = revise(
        second,
        change=Change.VOIDED,
        author=author,
        recorded_utc=now,
        why=f"{why.strip()} (merged into {first.event_id})",
    )
    merged = revise(
        first,
        change=Change.MERGED,
        author=author,
        recorded_utc=now,
        why=f"{why.strip()} (merged with {second.event_id})",
        end_utc=second.end_utc,
        note=note,
    )
    if second.end_utc is None:
        # revise() cannot set an end back to open; the merged stop is open like the second.
        merged = replace(merged, end_utc=None)
    return merged, voided
