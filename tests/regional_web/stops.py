"""Stops as line PCs record them, for the maturity tests: a machine's downtime, then (or never)
a person naming it, each a real event revision of the shared core."""

from __future__ import annotations

from datetime import datetime, timedelta

from regional_server import records, tokens
from regional_server.database import Connection
from regional_server.proposals import bundled_standards
from shopfloor_core.domain.events import (
    Change,
    EventKind,
    EventRevision,
    Source,
    Stamp,
    first_revision,
    revise,
)

CATALOGUE_VERSION = str(bundled_standards()["catalogue"]["version"])
JAM = "EQP.MEC.JAM"
OTHER = "OTH"
NO_SIGNAL = "SYS.NOSIG"


def stop(
    stamp: Stamp,
    machine: str,
    start: datetime,
    *,
    named_after: timedelta | None,
    reason: str = JAM,
    lasts: timedelta = timedelta(minutes=10),
) -> list[EventRevision]:
    """The revisions of one stop: detected by the machine, named ``named_after`` its start."""
    system = reason.startswith("SYS")
    first = first_revision(
        kind=EventKind.DOWNTIME,
        machine_id=machine,
        start_utc=start,
        end_utc=start + lasts,
        reason_code=reason if system else None,
        catalogue_version=CATALOGUE_VERSION if system else None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author="plc",
        recorded_utc=start + lasts,
        stamp=stamp,
    )
    if named_after is None or system:
        return [first]
    named = revise(
        first,
        change=Change.CATEGORIZED,
        author="op-1",
        recorded_utc=start + max(named_after, lasts),
        reason_code=reason,
        catalogue_version=CATALOGUE_VERSION,
    )
    return [first, named]


def week_of_stops(
    stamp: Stamp,
    machine: str,
    week_start: datetime,
    *,
    count: int,
    named_in_shift: int,
    other: int = 0,
    no_signal: int = 0,
) -> list[EventRevision]:
    """``count`` person-named-or-not stops over a week (the first ``named_in_shift`` named within
    the shift, the rest named 12 hours after they started), ``other`` of the named in "Other", plus
    ``no_signal`` stops without signal."""
    revisions: list[EventRevision] = []
    step = timedelta(days=6) / max(1, count + no_signal)
    for i in range(count):
        late = i >= named_in_shift
        revisions += stop(
            stamp,
            machine,
            week_start + step * i + timedelta(hours=1),
            named_after=timedelta(hours=12) if late else timedelta(minutes=30),
            reason=OTHER if i < other else JAM,
        )
    for j in range(no_signal):
        revisions += stop(
            stamp,
            machine,
            week_start + step * (count + j) + timedelta(hours=1),
            named_after=None,
            reason=NO_SIGNAL,
        )
    return revisions


def store_as_line_pc(
    conn: Connection,
    plant: str,
    incoming: list[records.Incoming],
    *,
    issued: datetime,
    received: datetime,
) -> None:
    """Store records as the server does for a push from the plant's line PC, all accepted."""
    credential = tokens.issue(
        conn,
        role=tokens.DEVICE,
        plant=plant,
        area="A1",
        line="L1",
        device=f"PC-{plant}",
        now=issued,
        valid_for=timedelta(days=3650),
    )[1]
    answers = records.store_records(conn, credential, incoming, now=received)
    assert all(a.outcome.value == "accepted" for a in answers), answers[:3]
