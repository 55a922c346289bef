"""One job per changeover: the stop's revisions, the ``changeovers`` row and the per-job figures.

The machine stops during a job, and a few minutes later the operator taps "next job". The
changeover is set-up time of the incoming order (docs/kpi-definitions.md, "Changeover and ISO
22400"): it runs from the previous job's end to the new job's first good part and carries the
new job. The minutes the machine stood before the job ended stay a stop of the job that was
running, still to be named (nobody has said why it stopped then).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from local_store import EventStore
from local_store.jobs import changeover_of, job_history, job_to_row
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from regional_server import job_summary
from regional_server.database import Connections
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.changeover import open_stop_as_changeover
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.kpi import classifier
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.timeline import Interval
from tests.jobs.conftest import Clock
from tests.jobs.test_job_kpis import idle_until_now, run_at


def test_a_stop_before_the_job_change_leaves_the_changeover_to_the_incoming_job(
    jobs: JobService,
    capture_at: CaptureService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
    tmp_path: Path,
) -> None:
    idle_until_now(capture_at, site, clock, operator)
    outgoing = jobs.add(supervisor, "HNG-0450", 200)
    incoming = jobs.add(supervisor, "BRK-2040", 200)
    jobs.start(operator, outgoing.job_id, "PRESS-1")
    run_at(store, clock.now, 20, 30)
    clock.advance(minutes=20)
    (stopped,) = capture_at.machine_stopped("PRESS-1", clock.now)
    # The press stopped while the first job ran: the store stamps the stop with it.
    assert {r.job_id for r in store.history(stopped.event_id)} == {outgoing.job_id}
    clock.advance(minutes=3)
    switched_at = clock.now
    started = jobs.switch(operator, "PRESS-1", incoming.job_id)
    clock.advance(minutes=5)
    run_at(store, clock.now, 10, 36, second=0)  # the first good part ends the changeover
    clock.advance(minutes=10)

    changeover = changeover_of(store, incoming.job_id)
    assert changeover is not None
    assert started.changeover is not None
    assert started.changeover.event_id == changeover.event_id
    # Every revision of the changeover names the job the changeovers table links it to.
    assert {r.job_id for r in store.history(changeover.event_id)} == {incoming.job_id}
    assert changeover.reason_code == products.changeover_reason
    assert (changeover.start_utc, changeover.end_utc) == (
        switched_at,
        switched_at + timedelta(minutes=5),
    )
    # The three minutes before the job change: the first job's own stop, still to be named.
    before = store.current(stopped.event_id)
    assert before is not None
    assert (before.job_id, before.end_utc, before.needs_naming) == (
        outgoing.job_id,
        switched_at,
        True,
    )

    summary = shift_summary(store, catalogue, site, clock=clock, products=products)
    by_job = {r.job_id: r for r in summary.jobs}
    assert by_job[incoming.job_id].changeover_s == 5 * 60
    assert by_job[outgoing.job_id].changeover_s == 0
    # The changeover is planned time of the incoming job only; the unnamed stop is a loss of
    # the outgoing one; no minute is counted in both jobs.
    assert by_job[incoming.job_id].kpi.planned_stop_s == 5 * 60
    assert by_job[outgoing.job_id].kpi.planned_stop_s == 0
    assert by_job[outgoing.job_id].kpi.downtime_s == 3 * 60
    assert by_job[incoming.job_id].kpi.downtime_s == 0
    press = summary.machine("PRESS-1")
    assert sum(r.kpi.elapsed_s for r in by_job.values()) == 38 * 60
    assert press.planned_stop_s >= 5 * 60

    # The region's per-job rows, from the same records as synced (job revisions, each event's
    # newest revision): the changeover is the incoming job's there too.
    payloads = [
        json.dumps(job_to_row(r))
        for job in (outgoing, incoming)
        for r in job_history(store.db, job.job_id)
    ]
    shift = summary.shift
    events = [
        e for e in store.events_between(shift.start_utc, clock.now) if e.machine_id == "PRESS-1"
    ]
    region = Connections(tmp_path / "region.sqlite3")
    try:
        with region.read() as conn:
            rows = job_summary.for_line(
                conn,
                payloads,
                site.plant,
                site.line,
                Interval(shift.start_utc, clock.now),
                clock.now,
                lambda: events,
                classifier(catalogue),
                lambda kind, payload, reason: pytest.fail(f"{kind} skipped: {reason}"),
            )["jobs"]
    finally:
        region.close()
    by_id = {r["job_id"]: r for r in rows}
    assert by_id[incoming.job_id]["changeover_s"] == 5 * 60
    assert by_id[incoming.job_id]["started_utc"] == to_iso(switched_at)
    assert by_id[outgoing.job_id]["changeover_s"] is None


def test_only_an_open_stop_nobody_named_becomes_a_changeover(
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
    job = jobs.add(supervisor, "BRK-2040", 200)
    started = jobs.start(operator, job.job_id, "PRESS-1").job
    (named,) = capture_at.machine_stopped("PRESS-1", clock.now, reason_code="SYS.NOSIG")
    for stop in (named, replace(named, end_utc=clock.now)):
        with pytest.raises(RuleViolation) as refused:
            open_stop_as_changeover(
                stop,
                started,
                start_utc=clock.now,
                reason_code=products.changeover_reason,
                catalogue_version=catalogue.version,
                author=operator.person_id,
                recorded_utc=clock.now,
                stamp=site.stamp,
            )
        assert refused.value.code == "not_open_unnamed"
