"""Production orders through the job service and a real SQLite file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from local_store import EventStore
from local_store.job_in_force import job_in_force
from local_store.jobs import job_history
from local_store.production_counts import CountBucket, add_counts, counts_between
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Change
from shopfloor_core.domain.jobs import JobChange, JobRevision, JobState
from shopfloor_core.domain.roster import Person
from tests.jobs.conftest import Clock


def switched_mid_minute(
    jobs: JobService, supervisor: Person, operator: Person, clock: Clock
) -> tuple[JobRevision, JobRevision, datetime]:
    """BRK-1010 started at a whole minute, HNG-0450 after it 30 s later: (first, second, minute)."""
    first = jobs.add(supervisor, "BRK-1010", 100)
    second = jobs.add(supervisor, "HNG-0450", 100)
    minute = clock.now
    jobs.start(operator, first.job_id, "PRESS-1")
    clock.advance(seconds=30)
    jobs.switch(operator, "PRESS-1", second.job_id)
    return first, second, minute


def first_job_running(
    jobs: JobService, supervisor: Person, operator: Person, clock: Clock
) -> tuple[JobRevision, JobRevision]:
    """BRK-1010 run on the press for 30 minutes, HNG-0450 queued to come next."""
    first = jobs.add(supervisor, "BRK-1010", 100)
    second = jobs.add(supervisor, "HNG-0450", 100)
    jobs.start(operator, first.job_id, "PRESS-1")
    clock.advance(minutes=30)
    return first, second


def test_a_job_is_queued_started_paused_resumed_and_ended_as_revisions(
    jobs: JobService, store: EventStore, supervisor: Person, operator: Person, clock: Clock
) -> None:
    queued = jobs.add(supervisor, "BRK-1010", 500, order_number="4500012345")
    clock.advance(minutes=5)
    jobs.start(operator, queued.job_id, "PRESS-1")
    clock.advance(minutes=30)
    jobs.pause(operator, queued.job_id, why="material")
    clock.advance(minutes=10)
    jobs.resume(operator, queued.job_id)
    clock.advance(minutes=20)
    ended = jobs.end(operator, queued.job_id)
    history = job_history(store.db, queued.job_id)
    assert [r.change for r in history] == [
        JobChange.QUEUED,
        JobChange.STARTED,
        JobChange.PAUSED,
        JobChange.RESUMED,
        JobChange.ENDED,
    ]
    assert [r.author for r in history] == [supervisor.person_id] + [operator.person_id] * 4
    assert history[2].why == "material"
    assert ended.state is JobState.ENDED
    assert ended.machine_id == "PRESS-1"
    assert jobs.by_order_number("4500012345") == ended
    # Each revision went to the outbox for the region.
    kinds = [r[0] for r in store.db.execute("SELECT record_kind FROM outbox").fetchall()]
    assert kinds.count("job_revision") == 5


def test_a_machine_runs_one_job_at_a_time(
    jobs: JobService, supervisor: Person, operator: Person
) -> None:
    first = jobs.add(supervisor, "BRK-1010", 100)
    second = jobs.add(supervisor, "HNG-0450", 100)
    jobs.start(operator, first.job_id, "PRESS-1")
    with pytest.raises(RuleViolation) as err:
        jobs.start(operator, second.job_id, "PRESS-1")
    assert err.value.code == "machine_busy"
    jobs.pause(operator, first.job_id)
    with pytest.raises(RuleViolation) as err:
        jobs.start(operator, second.job_id, "PRESS-1")
    assert err.value.code == "machine_busy"  # a paused job still holds its machine
    jobs.start(operator, second.job_id, "WELD-2")


def test_only_allowed_roles_and_states(
    jobs: JobService, supervisor: Person, operator: Person
) -> None:
    with pytest.raises(PermissionDenied):
        jobs.add(operator, "BRK-1010", 100)
    queued = jobs.add(supervisor, "BRK-1010", 100)
    with pytest.raises(PermissionDenied):
        jobs.start(None, queued.job_id, "PRESS-1")
    with pytest.raises(RuleViolation) as err:
        jobs.pause(operator, queued.job_id)
    assert err.value.code == "job_state"
    with pytest.raises(RuleViolation) as err:
        jobs.add(supervisor, "NOPE-1", 100)
    assert err.value.code == "unknown_product"
    with pytest.raises(RuleViolation) as err:
        jobs.add(supervisor, "BRK-1010", 0)
    assert err.value.code == "quantity_out_of_range"


def test_a_product_without_a_rate_for_the_machine_does_not_start(
    jobs: JobService, supervisor: Person, operator: Person
) -> None:
    # HNG-0800 has a rate for line L1 as a whole: it runs on any machine of L1.
    paced = jobs.add(supervisor, "HNG-0800", 10)
    assert jobs.start(operator, paced.job_id, "PRESS-1").job.state is JobState.RUNNING


def test_stops_scrap_and_counts_carry_the_job_and_product(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    job = jobs.add(supervisor, "BRK-1020", 300)
    jobs.start(operator, job.job_id, "PRESS-1")
    clock.advance(minutes=3)
    stop = capture_at.start_downtime(operator, "PRESS-1")
    scrap = capture_at.record_scrap(operator, "PRESS-1", "SCR.DIM.OVR", 2)
    for saved in (store.current(stop.event_id), store.current(scrap.event_id)):
        assert saved is not None
        assert (saved.job_id, saved.product_code) == (job.job_id, "BRK-1020")
        assert saved.products_version == "2026.11-P1"
    # A later revision made from the copy returned before the store stamped it keeps the job.
    capture_at.categorize(operator, stop.event_id, "EQP.MEC.JAM")
    assert store.current(stop.event_id).job_id == job.job_id  # type: ignore[union-attr]
    # Other machines are not in this job.
    other = capture_at.start_downtime(operator, "WELD-2")
    assert store.current(other.event_id).job_id is None  # type: ignore[union-attr]


def test_a_minute_spanning_a_job_change_is_split_at_the_change(
    jobs: JobService, store: EventStore, supervisor: Person, operator: Person, clock: Clock
) -> None:
    first, second, minute = switched_mid_minute(jobs, supervisor, operator, clock)
    change = clock.now
    add_counts(
        store.db,
        [
            CountBucket("PRESS-1", change - timedelta(seconds=10), 5, 1),
            CountBucket("PRESS-1", change, 3, 0),  # made at the change: the new job's
            CountBucket("PRESS-1", change + timedelta(seconds=20), 4, 0),
        ],
    )
    buckets = counts_between(store.db, minute, minute + timedelta(minutes=1), "PRESS-1")
    assert {(b.job_id, b.product_code, b.good, b.reject) for b in buckets} == {
        (first.job_id, "BRK-1010", 5, 1),
        (second.job_id, "HNG-0450", 7, 0),
    }
    assert {b.bucket_start for b in buckets} == {minute}
    assert job_in_force(store.db, "PRESS-1", change - timedelta(milliseconds=1)) is not None


def test_switching_jobs_opens_a_changeover_that_the_first_good_part_ends(
    jobs: JobService, store: EventStore, supervisor: Person, operator: Person, clock: Clock
) -> None:
    first = jobs.add(supervisor, "BRK-1010", 100)
    second = jobs.add(supervisor, "HNG-0450", 100)
    jobs.start(operator, first.job_id, "PRESS-1")
    clock.advance(minutes=40)
    ended_at = clock.now
    started = jobs.switch(operator, "PRESS-1", second.job_id)
    changeover = started.changeover
    assert changeover is not None
    assert (changeover.reason_code, changeover.start_utc) == ("PLN.CHG.PRD", ended_at)
    assert changeover.job_id == second.job_id
    assert changeover.product_code == "HNG-0450"
    # Start-up scrap does not end it; the first good part does.
    add_counts(store.db, [CountBucket("PRESS-1", ended_at + timedelta(minutes=12), 0, 3)])
    assert store.open_downtimes("PRESS-1")
    first_good = ended_at + timedelta(minutes=17, seconds=5)
    add_counts(store.db, [CountBucket("PRESS-1", first_good, 2, 0)])
    closed = store.current(changeover.event_id)
    assert closed is not None
    assert closed.end_utc == first_good
    assert closed.change is Change.ENDED
    assert closed.author == "system:PRESS-1"


def test_the_first_job_of_a_machine_has_no_changeover(
    jobs: JobService, supervisor: Person, operator: Person
) -> None:
    job = jobs.add(supervisor, "BRK-1010", 100)
    assert jobs.start(operator, job.job_id, "PRESS-1").changeover is None


def test_a_detected_stop_at_the_change_becomes_the_changeover(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    first, second = first_job_running(jobs, supervisor, operator, clock)
    jobs.end(operator, first.job_id)
    clock.advance(minutes=1)
    stopped = capture_at.machine_stopped("PRESS-1", clock.now)
    clock.advance(minutes=4)
    started = jobs.start(operator, second.job_id, "PRESS-1")
    assert started.changeover is not None
    assert started.changeover.event_id == stopped[0].event_id
    assert started.changeover.reason_code == "PLN.CHG.PRD"
    assert len(store.open_downtimes("PRESS-1")) == 1
    # It began when no job ran; named the changeover, it is the incoming job's.
    now = store.current(stopped[0].event_id)
    assert now is not None
    assert (now.job_id, now.product_code) == (second.job_id, second.product_code)


def test_the_machine_running_again_does_not_end_the_changeover(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    _first, second = first_job_running(jobs, supervisor, operator, clock)
    changeover = jobs.switch(operator, "PRESS-1", second.job_id).changeover
    assert changeover is not None
    clock.advance(minutes=10)
    # The press cycles again making start-up scrap: still changeover, until a good part.
    capture_at.machine_restarted("PRESS-1", clock.now)
    still = store.current(changeover.event_id)
    assert still is not None
    assert still.end_utc is None
