"""Production orders (jobs): what a machine is making, from the queue to the end of the run.

A job names a product, the quantity ordered and, when the ERP gave one, its order number. It is
queued (from the region's bundle, a plant IT CSV file, or by a supervisor), then started on one
machine, paused and resumed, and ended. Like an event it is never edited: each change is a full
snapshot revision with who made it, when it took effect and when it was recorded.

Rules kept here, whatever a screen or a script asks:

- a machine runs at most one job at a time (a paused job still holds its machine: the tool and
  the material are still on it);
- a job runs on one machine; only a queued job starts, only a running job pauses, only a paused
  one resumes, and a running or paused job ends;
- a change never takes effect before the job's last change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import Stamp
from shopfloor_core.domain.ids import new_id

MAX_QUANTITY = 10_000_000
MAX_ORDER_NUMBER = 64


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"
    CANCELLED = "cancelled"


class JobChange(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    PAUSED = "paused"
    RESUMED = "resumed"
    ENDED = "ended"
    CANCELLED = "cancelled"


class JobSource(StrEnum):
    """Where the job came from: the region's queue, a plant IT file, a person at the line, or
    the machine's PLC reporting a product no job was queued for."""

    REGION = "region"
    CSV = "csv"
    OPERATOR = "operator"
    PLC = "plc"


# Jobs in these states hold their machine.
HOLDS_MACHINE = frozenset({JobState.RUNNING, JobState.PAUSED})
_AFTER: dict[JobChange, tuple[frozenset[JobState], JobState]] = {
    JobChange.STARTED: (frozenset({JobState.QUEUED}), JobState.RUNNING),
    JobChange.PAUSED: (frozenset({JobState.RUNNING}), JobState.PAUSED),
    JobChange.RESUMED: (frozenset({JobState.PAUSED}), JobState.RUNNING),
    JobChange.ENDED: (HOLDS_MACHINE, JobState.ENDED),
    JobChange.CANCELLED: (frozenset({JobState.QUEUED}), JobState.CANCELLED),
}


@dataclass(frozen=True)
class JobRevision:
    """One full snapshot of a job. ``seq`` counts from 1 per job."""

    revision_id: str
    job_id: str
    seq: int
    change: JobChange
    state: JobState
    product_code: str
    # The quantity ordered; None for an ad-hoc job (the machine's product change was followed
    # with no order queued for it): nothing ordered, so no progress against it.
    quantity: int | None
    order_number: str | None
    # The machine it runs (or ran) on; for a queued job, the machine it is planned for, if any.
    machine_id: str | None
    # When this change took effect on the floor (a start, a pause...); for a queued job, when
    # it was queued.
    at_utc: datetime
    products_version: str
    source: JobSource
    author: str
    recorded_utc: datetime
    why: str
    stamp: Stamp

    @property
    def holds_machine(self) -> bool:
        return self.state in HOLDS_MACHINE


def check_order(product_code: str, quantity: object, order_number: str | None) -> None:
    """What any job must be, wherever it comes from (a CSV row, the bundle, a screen)."""
    if not product_code.strip():
        raise RuleViolation("no_product", "a job needs a product code")
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise RuleViolation("bad_quantity", f"quantity {quantity!r} is not a whole number")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise RuleViolation(
            "quantity_out_of_range",
            f"quantity must be 1 to {MAX_QUANTITY:,}, not {quantity}",
            low=1,
            high=MAX_QUANTITY,
        )
    if order_number is not None and not 1 <= len(order_number.strip()) <= MAX_ORDER_NUMBER:
        raise RuleViolation(
            "bad_order_number", f"an order number is 1 to {MAX_ORDER_NUMBER} characters"
        )


def queue_job(
    *,
    product_code: str,
    quantity: int,
    order_number: str | None,
    products_version: str,
    source: JobSource,
    author: str,
    at_utc: datetime,
    stamp: Stamp,
    machine_id: str | None = None,
    job_id: str | None = None,
) -> JobRevision:
    """The first revision of a job: queued, waiting for a machine."""
    order_number = order_number.strip() if order_number and order_number.strip() else None
    check_order(product_code, quantity, order_number)
    return _first_revision(
        product_code=product_code,
        quantity=quantity,
        order_number=order_number,
        products_version=products_version,
        source=source,
        author=author,
        at_utc=at_utc,
        stamp=stamp,
        machine_id=machine_id,
        job_id=job_id,
    )


def ad_hoc_job(
    *,
    product_code: str,
    products_version: str,
    source: JobSource,
    author: str,
    at_utc: datetime,
    stamp: Stamp,
    machine_id: str,
) -> JobRevision:
    """A job nobody ordered, for the product a machine was changed over to (a PLC's product
    register, or an operator scanning a product): no quantity, no order number."""
    if not product_code.strip():
        raise RuleViolation("no_product", "a job needs a product code")
    return _first_revision(
        product_code=product_code,
        quantity=None,
        order_number=None,
        products_version=products_version,
        source=source,
        author=author,
        at_utc=at_utc,
        stamp=stamp,
        machine_id=machine_id,
        job_id=None,
    )


def _first_revision(
    *,
    product_code: str,
    quantity: int | None,
    order_number: str | None,
    products_version: str,
    source: JobSource,
    author: str,
    at_utc: datetime,
    stamp: Stamp,
    machine_id: str | None,
    job_id: str | None,
) -> JobRevision:
    moment = to_ms(at_utc)
    return JobRevision(
        revision_id=new_id(),
        job_id=job_id or new_id(),
        seq=1,
        change=JobChange.QUEUED,
        state=JobState.QUEUED,
        product_code=product_code.strip(),
        quantity=quantity,
        order_number=order_number,
        machine_id=machine_id,
        at_utc=moment,
        products_version=products_version,
        source=source,
        author=author,
        recorded_utc=moment,
        why="",
        stamp=stamp,
    )


def holder(machine_id: str, jobs: Iterable[JobRevision]) -> JobRevision | None:
    """The job holding ``machine_id`` among the current revisions ``jobs``, or None."""
    for job in jobs:
        if job.machine_id == machine_id and job.holds_machine:
            return job
    return None


def change_job(
    current: JobRevision,
    change: JobChange,
    *,
    author: str,
    at_utc: datetime,
    recorded_utc: datetime,
    machine_id: str | None = None,
    machine_holder: JobRevision | None = None,
    why: str = "",
) -> JobRevision:
    """The next revision of ``current`` after ``change``; ``RuleViolation`` if not allowed.

    ``machine_id`` is where a job starts (its planned machine if not given); ``machine_holder``
    is the job holding that machine now (the caller reads it in the same write transaction).
    """
    allowed, after = _AFTER[change]
    if current.state not in allowed:
        raise RuleViolation(
            "job_state",
            f"job {current.job_id} is {current.state.value}; it cannot be {change.value}",
            state=current.state.value,
            change=change.value,
        )
    at = to_ms(at_utc)
    if at < current.at_utc:
        raise RuleViolation(
            "before_last_change",
            f"job {current.job_id} changed last at {current.at_utc.isoformat()}; a change "
            "cannot take effect before that",
        )
    machine = current.machine_id
    if change is JobChange.STARTED:
        machine = machine_id or current.machine_id
        if not machine:
            raise RuleViolation("no_machine", "starting a job needs the machine it runs on")
        if machine_holder is not None and machine_holder.job_id != current.job_id:
            raise RuleViolation(
                "machine_busy",
                f"{machine} is running job {machine_holder.job_id} "
                f"({machine_holder.product_code}); end or pause it first",
                machine=machine,
                job=machine_holder.job_id,
            )
    elif machine_id is not None and machine_id != current.machine_id:
        raise RuleViolation(
            "other_machine", f"job {current.job_id} runs on {current.machine_id}, not {machine_id}"
        )
    return replace(
        current,
        revision_id=new_id(),
        seq=current.seq + 1,
        change=change,
        state=after,
        machine_id=machine,
        at_utc=at,
        author=author,
        recorded_utc=to_ms(recorded_utc),
        why=why.strip(),
    )


@dataclass(frozen=True)
class JobInForce:
    """What every count, scrap and stop carries: the job running on its machine, and product."""

    job_id: str
    product_code: str
    products_version: str
