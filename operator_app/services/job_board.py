"""What the job screen shows for one machine: the job in force and the queue, with counts.

A thin reading over the domain's jobs (``jobs-domain``): the screen gets plain rows it can show
without asking anything else, and a scan is matched against the same rows it sees. Runs on the
store thread; nothing here decides a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class JobLine:
    job_id: str
    order_number: str | None  # the ERP's; None for an ad-hoc job
    product_code: str
    product_name: str  # in the language asked for, the code when the product has no name
    ordered: int | None  # None: an ad-hoc job has no quantity ordered
    good: int
    reject: int
    state: JobState

    @property
    def label(self) -> str:
        """How the job is named on a button: its order number, else its product code."""
        return self.order_number or self.product_code


@dataclass(frozen=True)
class MachineJobs:
    machine_id: str
    in_force: JobLine | None  # running or paused
    queue: tuple[JobLine, ...]  # waiting for this machine, in the order the plan gives


@dataclass(frozen=True)
class ScanMatch:
    """What a scanned code names on a machine: a job of the screen's, or only a product."""

    job: JobLine | None
    product_code: str | None = None


def match_scan(jobs: MachineJobs, code: str) -> ScanMatch | None:
    """An order number first (a scanner reads it from the job's paper), then a product code
    (the part's label): the job in force when it makes that product, else the first queued
    job of it, else the product alone (an ad-hoc job). Letters are compared without case,
    since scanners send capitals or not as they are set up."""
    wanted = code.strip().casefold()
    if not wanted:
        return None
    candidates = ([jobs.in_force] if jobs.in_force else []) + list(jobs.queue)
    for job in candidates:
        if job.order_number is not None and job.order_number.casefold() == wanted:
            return ScanMatch(job)
    for job in candidates:
        if job.product_code.casefold() == wanted:
            return ScanMatch(job, job.product_code)
    return None
