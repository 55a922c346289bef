"""A stop the machine began under the outgoing job, split where the changeover begins: the
stored revisions, a shift signed off meanwhile, and what the operator and supervisor see.

The part before the job change stays the outgoing job's stop, still to be named; the rest is
the incoming job's changeover (``domain.changeover.open_stop_as_changeover``).
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest

from local_store import EventStore
from local_store.jobs import changeover_of
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from operator_app.services.shift_signoff import ShiftSignoffService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.events import Change, Source
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.jobs.conftest import Clock
from tests.jobs.test_job_kpis import run_at


def test_the_split_keeps_every_revision_and_queues_both_for_the_region(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, clock.now, 10, 30)
    clock.advance(minutes=10)
    (stopped,) = capture_at.machine_stopped("PRESS-1", clock.now)
    clock.advance(minutes=4)
    switched_at = clock.now
    jobs.switch(operator, "PRESS-1", incoming.job_id)

    history = store.history(stopped.event_id)
    # The machine's own revision is still there as written; the operator's job change adds one.
    assert [(r.seq, r.author, r.end_utc) for r in history] == [
        (1, "system:PRESS-1", None),
        (2, operator.person_id, switched_at),
    ]
    assert (history[0].revision_id, history[0].change) == (stopped.revision_id, Change.CREATED)
    assert history[0].job_id == outgoing.job_id
    assert history[1].recorded_utc == switched_at
    assert incoming.job_id in history[1].why
    assert history[1].source is Source.MACHINE
    changeover = changeover_of(store, incoming.job_id)
    assert changeover is not None
    (first,) = store.history(changeover.event_id)
    assert stopped.event_id in first.why
    assert (first.start_utc, first.end_utc, first.author) == (
        switched_at,
        None,
        operator.person_id,
    )
    # Both revisions wait in the outbox for the region, in the order they were written.
    queued = [
        json.loads(p)
        for (p,) in store.db.execute(
            "SELECT payload FROM outbox WHERE record_kind = 'event_revision' ORDER BY rowid"
        ).fetchall()
    ]
    ids = [(q["event_id"], q["seq"]) for q in queued]
    assert ids[-2:] == [(stopped.event_id, 2), (changeover.event_id, 1)]


def test_a_job_change_after_the_shift_was_signed_off_still_splits_the_stop(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    """The press stops ten minutes before the shift ends and stands; the supervisor signs the
    shift off (an unnamed stop does not hold a sign-off up); the next shift's operator starts
    the next job. Ending the stop where the changeover begins is no correction of the signed
    shift: it describes the present, as the machine ending the stop would."""
    shift = calendar_of(site).latest_shifts(clock.now, 1)[0]
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    clock.now = shift.end_utc - timedelta(minutes=40)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, clock.now, 30, 30)
    (stopped,) = capture_at.machine_stopped("PRESS-1", shift.end_utc - timedelta(minutes=10))
    clock.now = shift.end_utc + timedelta(minutes=5)
    signoffs = ShiftSignoffService(store, catalogue, site, clock, products=products)
    signoffs.sign_off(
        supervisor, shift.shift_id, seen=signoffs.preview(supervisor, shift.shift_id).digest
    )
    clock.advance(minutes=5)
    switched_at = clock.now

    started = jobs.switch(operator, "PRESS-1", incoming.job_id)

    assert started.changeover is not None
    assert started.changeover.start_utc == switched_at
    before = store.current(stopped.event_id)
    assert before is not None
    assert (before.end_utc, before.needs_naming, before.job_id) == (
        switched_at,
        True,
        outgoing.job_id,
    )
    assert jobs.running_on("PRESS-1") is not None
    assert len(store.history(stopped.event_id)) == 2


def test_the_machine_running_again_while_the_job_changes_is_decided_under_the_lock(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    """The machine monitor (its own connection) writes that the press runs again at the very
    moment the operator taps "next job", right after the station looked for the press's open
    stop. Read under the write lock, the stop cannot end between that look and the split: the
    split lands, and the monitor then finds only the changeover open (which running does not
    end). Read outside it (the job service's methods without ``deciding_under_write_lock``,
    tried), the monitor's end slips in between the look and the write and this test fails."""
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, clock.now, 20, 30)
    (stopped,) = capture_at.machine_stopped("PRESS-1", clock.now + timedelta(minutes=20))
    clock.advance(minutes=23)
    switched_at = clock.now
    looked, monitor_done = threading.Event(), threading.Event()
    outcome: list[object] = []

    def operator_taps_next_job() -> None:
        station = EventStore.open(site.database_path)

        def traced(sql: str) -> None:
            if "end_utc IS NULL" in sql and "kind = 'downtime'" in sql:
                looked.set()
                if not station.db.conn.in_transaction:
                    # Outside a write transaction nothing holds the monitor back: let it in.
                    monitor_done.wait(timeout=10)

        station.db.conn.set_trace_callback(traced)
        try:
            service = JobService(station, site, catalogue, products, clock)
            outcome.append(service.switch(operator, "PRESS-1", incoming.job_id))
        except Exception as exc:  # noqa: BLE001 - the thread's failure, asserted below
            outcome.append(exc)
        finally:
            station.close()

    tap = threading.Thread(target=operator_taps_next_job)
    monitor_store = EventStore.open(site.database_path)
    try:
        tap.start()
        assert looked.wait(timeout=10)
        monitor = CaptureService(monitor_store, catalogue, site, clock)
        ended_by_monitor = monitor.machine_restarted("PRESS-1", switched_at)
        monitor_done.set()
        tap.join(timeout=30)
    finally:
        monitor_done.set()
        monitor_store.close()

    (started,) = outcome
    assert not isinstance(started, Exception), started
    assert ended_by_monitor == []
    history = store.history(stopped.event_id)
    assert [(r.seq, r.author, r.end_utc) for r in history] == [
        (1, "system:PRESS-1", None),
        (2, operator.person_id, switched_at),
    ]
    changeover = changeover_of(store, incoming.job_id)
    assert changeover is not None
    assert (changeover.start_utc, changeover.end_utc, changeover.job_id) == (
        switched_at,
        None,
        incoming.job_id,
    )


@pytest.mark.parametrize("stood", [True, False], ids=["press stood", "press ran"])
def test_a_changeover_from_a_job_ended_in_a_signed_off_shift_starts_after_it(
    stood: bool,
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    """Job A ends two minutes before the shift does, the press already stopped under it; the
    shift is signed off; after the handover the next shift starts job B. The changeover runs
    from A's end, which lies in the signed-off shift: the minutes the supervisor vouched for
    stay as signed (the stop still A's, unnamed), and B's changeover begins where the signed
    shift ends. Refusing the whole job start is no answer: the operator cannot start B."""
    shift = calendar_of(site).latest_shifts(clock.now, 1)[0]
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    clock.now = shift.end_utc - timedelta(minutes=40)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, clock.now, 30, 30)
    if stood:
        (stopped,) = capture_at.machine_stopped("PRESS-1", shift.end_utc - timedelta(minutes=10))
    clock.now = shift.end_utc - timedelta(minutes=2)
    jobs.end(operator, outgoing.job_id)
    clock.now = shift.end_utc + timedelta(minutes=5)
    signoffs = ShiftSignoffService(store, catalogue, site, clock, products=products)
    shown = signoffs.preview(supervisor, shift.shift_id)
    signoffs.sign_off(supervisor, shift.shift_id, seen=shown.digest)
    clock.advance(minutes=5)

    started = jobs.start(operator, incoming.job_id, "PRESS-1")

    assert started.changeover is not None
    assert (started.changeover.start_utc, started.changeover.job_id) == (
        shift.end_utc,
        incoming.job_id,
    )
    if stood:
        before = store.current(stopped.event_id)
        assert before is not None
        assert (before.end_utc, before.needs_naming, before.job_id) == (
            shift.end_utc,
            True,
            outgoing.job_id,
        )


def test_what_the_floor_sees_of_a_split_stop_and_a_press_that_runs_and_stops_again(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    """The press stops under job A at t+20; job B starts at t+23; while it is set up the press
    runs a few strokes (t+25) and stops again (t+26); B's first good part comes at t+28. The
    operator has one stop to name, A's three minutes; the supervisor's Pareto shows five
    minutes of changeover and three unnamed, nothing twice and nothing of A's as changeover."""
    t = clock.now
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, t, 20, 30)
    (stopped,) = capture_at.machine_stopped("PRESS-1", t + timedelta(minutes=20))
    clock.now = t + timedelta(minutes=23)
    jobs.switch(operator, "PRESS-1", incoming.job_id)
    clock.now = t + timedelta(minutes=25)
    # Set-up strokes do not end the changeover, and a stop inside it is already recorded.
    assert capture_at.machine_restarted("PRESS-1", clock.now) == []
    clock.now = t + timedelta(minutes=26)
    assert capture_at.machine_stopped("PRESS-1", clock.now) == []
    run_at(store, t + timedelta(minutes=28), 10, 30, second=0)
    clock.now = t + timedelta(minutes=38)

    to_name = store.uncategorized_downtimes()
    assert [(e.event_id, e.start_utc, e.end_utc) for e in to_name] == [
        (stopped.event_id, t + timedelta(minutes=20), t + timedelta(minutes=23))
    ]
    summary = shift_summary(store, catalogue, site, clock=clock, products=products)
    assert [e.event_id for e in summary.uncategorized] == [stopped.event_id]
    bars = {(b.reason_code, b.stops): b.seconds for b in summary.pareto}
    assert bars[(products.changeover_reason, 1)] == 5 * 60
    assert bars[(None, 1)] == 3 * 60
    by_job = {j.job_id: j for j in summary.jobs}
    assert (by_job[outgoing.job_id].changeover_s, by_job[incoming.job_id].changeover_s) == (
        0,
        5 * 60,
    )

    # The operator names A's stop on the reason screen: only those three minutes change.
    capture_at.categorize(operator, stopped.event_id, "EQP.MEC.JAM")
    summary = shift_summary(store, catalogue, site, clock=clock, products=products)
    assert summary.uncategorized == ()
    bars = {b.reason_code: b.seconds for b in summary.pareto}
    assert (bars["EQP.MEC.JAM"], bars[products.changeover_reason]) == (3 * 60, 5 * 60)
    assert None not in bars
