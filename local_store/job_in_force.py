"""Which job held a machine at a moment: what every count, scrap and stop is stamped with.

Read from the job revisions that take effect on a machine (start, pause, resume, end), so it
is right for any moment, also one in the past (a stop recorded late, a count flushed late).
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.jobs import JobChange, JobInForce

LIFECYCLE = ("started", "paused", "resumed", "ended")
_MARKS = ", ".join("?" for _ in LIFECYCLE)


def job_in_force(db: Database, machine_id: str, at: datetime) -> JobInForce | None:
    """The job that held ``machine_id`` at ``at`` (started or resumed, or paused, not ended).

    A change at exactly ``at`` is in force from ``at`` on: a part counted at the moment one job
    ends and the next starts belongs to the next.
    """
    row = db.execute(
        "SELECT job_id, change, product_code, products_version FROM job_revisions "
        f"WHERE machine_id = ? AND at_utc <= ? AND change IN ({_MARKS}) "
        # One job ending and the next starting at the same moment: the start is in force.
        "ORDER BY at_utc DESC, change = 'ended', recorded_utc DESC, seq DESC LIMIT 1",
        [machine_id, to_iso(at), *LIFECYCLE],
    ).fetchone()
    if row is None or row[1] == JobChange.ENDED.value:
        return None
    return JobInForce(row[0], row[2], row[3])
