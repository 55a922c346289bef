"""Contract v2 on the wire: jobs and products reach the region, an old region says no cleanly."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn
from starlette.responses import JSONResponse

from local_store.outbox import Outbox
from local_store.production_counts import CountBucket, add_counts, queue_count_reports
from operator_app.services.jobs import JobService
from regional_server import admission
from regional_server.app import create_app
from shopfloor_core.contract import PUSH_PATH
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.products import bundled_products
from shopfloor_core.domain.roster import Person, Role
from tests.shifts.conftest import FixedClock
from tests.sync.conftest import Device, Region, ThreadServer, wait_until
from tests.sync.test_regional_summary import summary_of

SUPERVISOR = Person("sup-1", "Sup", Role.SUPERVISOR, None, None)
OPERATOR = Person("op-1", "Op", Role.OPERATOR, None, None)


class ServedApp(ThreadServer):
    """The reference server built with ``options``, served as ``wrap`` makes of it."""

    def __init__(
        self,
        database: str | Path,
        wrap: Callable[[Any], Any] = lambda app: app,
        **options: Any,
    ) -> None:
        Region.__init__(self, database)
        self.app = create_app(database, **options)
        config = uvicorn.Config(
            wrap(self.app), host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="served-app")
        self.thread.start()
        wait_until(lambda: self.server.started, 20, "the regional server to start")


def v1_only(app: Any) -> Any:
    """The regional server as it was before contract v2: /v2/records is not found there."""

    async def serve(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and str(scope.get("path", "")).startswith("/v2/"):
            await JSONResponse({"detail": "Not Found"}, status_code=404)(scope, receive, send)
            return
        await app(scope, receive, send)

    return serve


@pytest.fixture
def old_region(new_database: Callable[[str], str | Path]) -> Iterator[ServedApp]:
    server = ServedApp(new_database("old-region"), v1_only)
    yield server
    server.stop()


def run_two_jobs(device: Device) -> JobService:
    """Two jobs on the press, parts for each, a scrap: records of every v2 kind queued."""
    clock = FixedClock(device_now())
    jobs = JobService(device.store, device.site, bundled_catalogue(), bundled_products(), clock)
    first = jobs.add(SUPERVISOR, "BRK-1010", 100, order_number="4500020001")
    second = jobs.add(SUPERVISOR, "HNG-0450", 100)
    jobs.start(OPERATOR, first.job_id, "PRESS-1")
    t0 = clock.now
    add_counts(device.store.db, [CountBucket("PRESS-1", t0 + timedelta(seconds=20), 10, 1)])
    clock.advance(seconds=40)
    jobs.switch(OPERATOR, "PRESS-1", second.job_id)
    add_counts(device.store.db, [CountBucket("PRESS-1", t0 + timedelta(seconds=50), 5, 0)])
    queue_count_reports(
        device.store,
        lambda m: device.site.machine(m).ideal_cycle_time_s,
        ideal_s_per_part=lambda m, p: bundled_products().get(p).ideal_s_per_part(m, "L1"),
    )
    return jobs


def device_now() -> datetime:
    """A whole minute a little before the (test) clock's now, so every record is in the past."""
    return datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=5)


def test_an_old_region_refuses_cleanly_and_every_record_waits(
    old_region: ServedApp, region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = make_device(old_region)
    run_two_jobs(device)
    queued = Outbox(device.store).backlog().pending
    assert queued >= 6
    result = device.sync_round()
    assert result.status.problem is not None
    assert "contract v2" in result.status.problem
    assert (result.status.waiting, result.status.quarantined) == (queued, 0)
    assert old_region.record_ids(device.site.device) == []
    # The same records, once the region runs a v2 server, all arrive.
    device.token = region.issue_token("VAL", device.site.area, "L1", device.site.device)
    assert device.site.sync is not None
    device.site = replace(device.site, sync=replace(device.site.sync, server_url=region.url))
    result = device.sync_round()
    assert result.status.problem is None
    assert (result.status.waiting, result.status.quarantined) == (0, 0)
    assert len(region.record_ids(device.site.device)) == queued


def test_the_region_keeps_job_and_product_and_sums_per_product(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = make_device(region, line="L7")  # a line of its own in the module's region
    jobs = run_two_jobs(device)
    assert device.sync_round().status.everything_delivered
    kinds = {
        k
        for (k,) in region.query("SELECT kind FROM records WHERE device = ?", [device.site.device])
    }
    assert {"job_revision", "production_count", "event_revision"} <= kinds
    (changeover,) = [
        json.loads(p)
        for (p,) in region.query(
            "SELECT payload FROM records WHERE kind = 'event_revision' AND device = ?",
            [device.site.device],
        )
        if json.loads(p)["reason_code"] == "PLN.CHG.PRD" and json.loads(p)["seq"] == 1
    ]
    assert changeover["product_code"] == "HNG-0450"
    assert changeover["products_version"] == "2026.11-P1"
    start = device_now() - timedelta(minutes=1)
    line = summary_of(region, start, start + timedelta(minutes=10), "L7")
    products = {p["product_code"]: p for p in line["products"]}
    assert (products["BRK-1010"]["good_count"], products["BRK-1010"]["reject_count"]) == (10, 1)
    assert products["BRK-1010"]["ideal_time_s"] == pytest.approx(11 * 2.0)
    assert products["HNG-0450"]["ideal_time_s"] == pytest.approx(5 * 1.8)
    assert jobs.queue() == []


def test_a_record_naming_a_product_the_region_never_had_is_quarantined(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = make_device(region)
    run_two_jobs(device)
    # Rewrite one queued job revision as a line with another products version would send it.
    row = device.store.db.execute(
        "SELECT seq, payload FROM outbox WHERE record_kind = 'job_revision' ORDER BY seq LIMIT 1"
    ).fetchone()
    payload = json.loads(row[1])
    payload["products_version"] = "1999-X"
    device.store.db.execute(
        "UPDATE outbox SET payload = ? WHERE seq = ?", [json.dumps(payload), row[0]]
    )
    result = device.sync_round()
    assert result.status.quarantined == 1
    (refused,) = Outbox(device.store).quarantined()
    assert refused.reason.startswith("unknown_products:")
    assert result.status.waiting == 0  # the rest of the batch went through


@pytest.mark.one_server_db
def test_the_v2_push_path_is_admitted_like_v1(server_database: str | Path) -> None:
    """A body over the limit is refused before it is read, on the v2 push path as on v1."""
    server = ServedApp(server_database, limits=admission.Limits(200, 200))
    try:
        token = server.issue_token("VAL", "ASSEMBLY", "L1", "PC-SMALL")
        body = json.dumps({"device": "PC-SMALL", "records": [], "pad": "x" * 1000}).encode()
        for path in ("/v1/records", PUSH_PATH):
            answer = requests.post(
                f"{server.url}{path}",
                data=body,
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": "k" * 16,
                },
                timeout=5,
            )
            assert answer.status_code == 413, (path, answer.text)
    finally:
        server.stop()
