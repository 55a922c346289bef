"""A changeover is the time between jobs on a machine.

Starting a job on a machine whose previous job ended opens a planned stop under the region's
changeover reason, from the end of the previous job, carrying the new job and its product. It
ends at the new job's first good part: start-up scrap made while setting the new job up is
still changeover time, not running time. Whether it counts against availability is the loss
bucket the region gave its changeover reason in the catalogue (docs/kpi-definitions.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

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


def changeover_start(previous_end: datetime | None, started: JobRevision) -> datetime:
    """When the changeover before ``started`` began: the previous job's end, if recent."""
    if previous_end is None or previous_end > started.at_utc:
        return started.at_utc
    if started.at_utc - previous_end > MAX_CHANGEOVER_GAP:
        return started.at_utc
    return previous_end


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
