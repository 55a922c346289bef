"""A changeover is the time between jobs on a machine.

Starting a job on a machine whose previous job ended opens a planned stop under the region's
changeover reason, from the end of the previous job, carrying the new job and its product. It
ends at the new job's first good part: start-up scrap made while setting the new job up is
still changeover time, not running time. Whether it counts against availability is the loss
bucket the region gave its changeover reason in the catalogue (docs/kpi-definitions.md).

The changeover is the incoming job's set-up time, so every revision of it carries the new job,
the job the store's ``changeovers`` table links it to. When the machine already stands in a
stop nobody named, that stop becomes the changeover; if it began before the changeover does
(the machine stopped while the previous job still ran), it is split there: the part before
stays the previous job's stop, still to be named, and only the rest is the new job's changeover,
so no minute belongs to both jobs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import (
    SYSTEM_AUTHOR_PREFIX,
    Change,
    EventKind,
    EventRevision,
    Source,
    Stamp,
    first_revision,
    revise,
)
from shopfloor_core.domain.jobs import JobRevision

# A previous job that ended longer ago than this is not the other side of a changeover: the
# machine stood for some other reason (a weekend), and the changeover starts with the new job.
MAX_CHANGEOVER_GAP = timedelta(hours=12)


def changeover_start(
    previous_end: datetime | None,
    started: JobRevision,
    signed_off_ends: Iterable[datetime] = (),
) -> datetime:
    """When the changeover before ``started`` began: the previous job's end, if recent.

    ``signed_off_ends``: the ends of signed-off shifts the changeover would reach into. A
    sign-off vouches for its shift's minutes as they were, so the changeover begins no earlier
    than the last of them (and never after the job's own start).
    """
    if previous_end is None or previous_end > started.at_utc:
        return started.at_utc
    if started.at_utc - previous_end > MAX_CHANGEOVER_GAP:
        return started.at_utc
    return min(max([previous_end, *signed_off_ends]), started.at_utc)


def changeover_stop(
    started: JobRevision,
    *,
    start_utc: datetime,
    reason_code: str,
    catalogue_version: str,
    author: str,
    recorded_utc: datetime,
    stamp: Stamp,
) -> EventRevision:
    """The open planned stop of the changeover into ``started`` (on its machine)."""
    assert started.machine_id is not None
    return first_revision(
        kind=EventKind.DOWNTIME,
        machine_id=started.machine_id,
        start_utc=start_utc,
        end_utc=None,
        reason_code=reason_code,
        catalogue_version=catalogue_version,
        quantity=None,
        note="",
        source=Source.OPERATOR,
        author=author,
        recorded_utc=recorded_utc,
        stamp=stamp,
        job_id=started.job_id,
        product_code=started.product_code,
        products_version=started.products_version,
    )


def end_changeover(
    changeover: EventRevision, first_good_utc: datetime, recorded_utc: datetime
) -> EventRevision:
    """The changeover ended by the new job's first good part (written by the machine)."""
    return revise(
        changeover,
        change=Change.ENDED,
        author=f"{SYSTEM_AUTHOR_PREFIX}{changeover.machine_id}",
        recorded_utc=recorded_utc,
        end_utc=max(first_good_utc, changeover.start_utc),
    )


def open_stop_as_changeover(
    stop: EventRevision,
    started: JobRevision,
    *,
    start_utc: datetime,
    reason_code: str,
    catalogue_version: str,
    author: str,
    recorded_utc: datetime,
    stamp: Stamp,
) -> list[EventRevision]:
    """The revisions that make the open, unnamed ``stop`` the changeover into ``started``,
    which begins at ``start_utc``; the changeover itself is the last of them.

    A stop that began before ``start_utc`` is split there (its first part keeps its job and
    stays to be named); one that began since is named the changeover and carries the new job.
    """
    if not stop.needs_naming or stop.end_utc is not None:
        raise RuleViolation("not_open_unnamed", "only an open stop nobody named is a changeover")
    start_utc = to_ms(start_utc)
    if stop.start_utc < start_utc:
        # The stop ends where the changeover begins: a lifecycle end (as the machine's own
        # would be), not a correction of what was stated, so it stays allowed once the shift
        # it began in is signed off (migrations: ``event_revisions_signed_off``).
        before = revise(
            stop,
            change=Change.ENDED,
            author=author,
            recorded_utc=recorded_utc,
            why=f"job {started.job_id} started: its changeover begins here",
            end_utc=start_utc,
        )
        changeover = changeover_stop(
            started,
            start_utc=start_utc,
            reason_code=reason_code,
            catalogue_version=catalogue_version,
            author=author,
            recorded_utc=recorded_utc,
            stamp=stamp,
        )
        return [before, replace(changeover, why=f"{before.why} (split from {stop.event_id})")]
    named = revise(
        stop,
        change=Change.CATEGORIZED,
        author=author,
        recorded_utc=recorded_utc,
        reason_code=reason_code,
        catalogue_version=catalogue_version,
    )
    return [
        replace(
            named,
            job_id=started.job_id,
            product_code=started.product_code,
            products_version=started.products_version,
        )
    ]
