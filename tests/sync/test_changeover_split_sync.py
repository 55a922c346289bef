"""A stop split at a job change reaches the region as the original stop's new revision and a
new stop, the changeover: the region's line figures, its Pareto of stop reasons and its per-job
rows count each minute of that stop once, whatever order the records arrive in, and however
often.

The line PC writes: job A running from t0 (30 parts a minute); the press stops at t0+20 and
nobody names it; at t0+23 the operator starts job B (the stop is split there: three minutes stay
job A's unnamed stop, the rest is job B's changeover); job B's first good part at t0+28 ends the
changeover; job B ends at t0+38.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from local_store.jobs import changeover_of
from local_store.outbox import Outbox
from local_store.production_counts import CountBucket, add_counts, queue_count_reports
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from shopfloor_core.contract import Outcome, encode_batch
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.domain.roster import Person, Role
from tests.conftest import TEST_START
from tests.sync.conftest import Device, ThreadServer
from tests.sync.test_regional_summary import summary_of

SUPERVISOR = Person("sup-1", "Sup", Role.SUPERVISOR, None, None)
OPERATOR = Person("op-1", "Op", Role.OPERATOR, None, None)
MINUTE = timedelta(minutes=1)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def made_with_a_split_stop(device: Device, catalogue: Catalogue, t0: datetime) -> dict[str, Any]:
    products: Products = bundled_products()
    clock = Clock(t0)
    jobs = JobService(device.store, device.site, catalogue, products, clock)
    capture = CaptureService(device.store, catalogue, device.site, clock)
    a = jobs.add(SUPERVISOR, "HNG-0450", 2000)
    b = jobs.add(SUPERVISOR, "BRK-2040", 2000)
    jobs.start(OPERATOR, a.job_id, "PRESS-1")
    add_counts(
        device.store.db,
        [CountBucket("PRESS-1", t0 + m * MINUTE + timedelta(seconds=30), 30, 0) for m in range(20)],
    )
    (stopped,) = capture.machine_stopped("PRESS-1", t0 + 20 * MINUTE)
    clock.now = t0 + 23 * MINUTE
    jobs.switch(OPERATOR, "PRESS-1", b.job_id)
    add_counts(
        device.store.db,
        [CountBucket("PRESS-1", t0 + (28 + m) * MINUTE, 30, 0) for m in range(10)],
    )
    clock.now = t0 + 38 * MINUTE
    jobs.end(OPERATOR, b.job_id)
    queue_count_reports(device.store, {"PRESS-1": 2.0}.get)
    changeover = changeover_of(device.store, b.job_id)
    assert changeover is not None
    assert (changeover.start_utc, changeover.end_utc) == (t0 + 23 * MINUTE, t0 + 28 * MINUTE)
    return {"a": a.job_id, "b": b.job_id, "stop": stopped.event_id, "changeover": changeover}


def deliver_reversed_twice(device: Device) -> None:
    """Every queued record pushed over HTTP newest first, then all of them again one by one."""
    rows = Outbox(device.store).pending_batch(10_000)
    client = device.client()
    try:
        records = [(r.record_kind, r.record_id, r.payload) for r in reversed(rows)]
        first = client.push(encode_batch(client.device, records), "push-reversed-all")
        assert {r.outcome for r in first} == {Outcome.ACCEPTED}, first
        for i, record in enumerate(records):
            (again,) = client.push(encode_batch(client.device, [record]), f"push-again-{i:04d}")
            assert again.outcome is Outcome.DUPLICATE, again
    finally:
        client.close()


@pytest.mark.parametrize("delivery", ["in order", "reversed and twice"])
def test_the_region_counts_a_split_stop_once(
    region: ThreadServer,
    make_device: Callable[..., Device],
    catalogue: Catalogue,
    delivery: str,
) -> None:
    device = make_device(region, name=f"SPLIT-{delivery[:2].upper()}", line="LSPLIT")
    t0 = (TEST_START - timedelta(hours=3)).astimezone(UTC).replace(second=0)
    made = made_with_a_split_stop(device, catalogue, t0)
    if delivery == "in order":
        assert device.sync_round().status.everything_delivered
    else:
        deliver_reversed_twice(device)
        assert device.sync_round().status.everything_delivered

    line = summary_of(region, t0, t0 + 38 * MINUTE, "LSPLIT")
    assert line["skipped"] == []
    # Three unnamed minutes under job A, five minutes of changeover: each minute once.
    assert line["downtime_s"] == 3 * 60
    assert line["planned_downtime_s"] == 5 * 60
    assert line["availability"] == pytest.approx((38 - 5 - 3) / (38 - 5))
    changeover = made["changeover"]
    assert {r["reason_code"]: r["seconds"] for r in line["downtime_by_reason"]} == {
        changeover.reason_code: 5 * 60,
        None: 3 * 60,
    }
    jobs = {j["job_id"]: j for j in line["jobs"]}
    assert jobs[made["a"]]["changeover_s"] is None
    assert jobs[made["a"]]["run_s"] == 20 * 60
    assert jobs[made["a"]]["ended_utc"] == jobs[made["b"]]["started_utc"]
    assert jobs[made["b"]]["changeover_s"] == 5 * 60
    assert jobs[made["b"]]["run_s"] == 10 * 60
    assert jobs[made["b"]]["availability"] == 1.0
    # The region holds the stop's newest revision (its end at the job change) once.
    heads = region.query("SELECT seq, end_utc FROM event_heads WHERE event_id = ?", [made["stop"]])
    assert [(seq, end is not None) for seq, end in heads] == [(2, True)]
