"""A damaged store's jobs and per-job counts come over to the fresh one whole."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from local_store import EventStore
from local_store.database import open_database
from local_store.jobs import job_history, jobs_in
from local_store.production_counts import CountBucket, add_counts, counts_between
from local_store.salvage import salvage_revisions
from operator_app.services.jobs import JobService
from shopfloor_core.domain.jobs import JobState
from shopfloor_core.domain.roster import Person
from tests.jobs.test_job_service import switched_mid_minute
from tests.shifts.conftest import FixedClock as Clock


def test_salvage_keeps_both_jobs_of_a_split_minute_and_the_jobs_themselves(
    jobs: JobService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
    tmp_path: Path,
) -> None:
    first, second, minute = switched_mid_minute(jobs, supervisor, operator, clock)
    add_counts(
        store.db,
        [
            CountBucket("PRESS-1", minute + timedelta(seconds=10), 5, 1),
            CountBucket("PRESS-1", minute + timedelta(seconds=40), 7, 0),
        ],
    )
    fresh = open_database(tmp_path / "fresh.sqlite3")
    salvage_revisions(store.path, fresh)  # type: ignore[arg-type]
    buckets = counts_between(fresh, minute, minute + timedelta(minutes=1), "PRESS-1")
    assert sorted((b.job_id, b.good, b.reject) for b in buckets) == sorted(
        [(first.job_id, 5, 1), (second.job_id, 7, 0)]
    )
    assert [len(job_history(fresh, j.job_id)) for j in (first, second)] == [3, 2]
    assert [j.job_id for j in jobs_in(fresh, (JobState.RUNNING,))] == [second.job_id]
