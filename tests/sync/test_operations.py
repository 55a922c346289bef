"""Running the region: health that checks the database, Prometheus metrics, device heartbeats.

Real servers on loopback on both databases; the metrics of several workers from a real
``regional-server serve --workers 2`` process on PostgreSQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from regional_server import database, tokens
from regional_server.__main__ import main
from regional_server.database import MIGRATIONS, Connections
from shopfloor_core.contract import PUSH_PATH, RECORDS_PATH
from shopfloor_core.domain.clock import to_iso, utc_now
from shopfloor_core.revision_rows import revision_to_row
from sync.heartbeat import ASK_OLD_SERVER_AGAIN_S, send_if_due
from tests.conftest import server_backends
from tests.postgres_cluster import TemporaryPostgres
from tests.sync.conftest import (
    GATEWAY_503,
    Device,
    Fault,
    FaultyLink,
    ProcessServer,
    Region,
    ThreadServer,
    wait_until,
)

# Where a push is counted: the line PC pushes on contract v2, a v1 client on /v1/records.
ROUTES = (RECORDS_PATH, PUSH_PATH)


def region_token(server: Region) -> str:
    with server.connections() as connections, connections.write() as conn:
        token, _ = tokens.issue(conn, role=tokens.REGION)
    return token


def scrape(server: Region, token: str) -> str:
    answer = requests.get(
        f"{server.url}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain")
    return answer.text


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one series of a scrape, None when it is not there."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and line.split(" ")[0] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def devices_json(database: str | Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["--database", str(database), "devices", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["devices"]
    return {d["device"]: d for d in listed}


# -- health -----------------------------------------------------------------------------------
def test_health_says_which_database_and_migration_it_runs(
    region: ThreadServer, server_backend: str
) -> None:
    answer = requests.get(f"{region.url}/v1/health", timeout=5)  # no token: probes have none
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["database"] == server_backend
    assert body["migration"] == MIGRATIONS[-1].__name__
    assert body["reason"] is None


def test_health_answers_503_with_the_reason_when_the_database_is_gone(
    server_database: str | Path, server_backend: str, request: pytest.FixtureRequest
) -> None:
    server = ThreadServer(server_database)
    try:
        assert requests.get(f"{server.url}/v1/health", timeout=5).status_code == 200
        if server_backend == "postgresql":
            cluster: TemporaryPostgres = request.getfixturevalue("postgres")
            name = str(server_database).rsplit("/", 1)[1]

            with psycopg.connect(cluster.url(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        else:
            path = Path(server_database)
            for gone in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                gone.unlink(missing_ok=True)
        started = time.monotonic()
        answer = requests.get(f"{server.url}/v1/health", timeout=30)
        took = time.monotonic() - started
    finally:
        server.stop()
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["migration"] is None
    assert body["reason"]
    assert took < 5.0, f"a load balancer waited {took:.1f} s for the answer"


# -- metrics ----------------------------------------------------------------------------------
def test_metrics_are_for_region_tokens_only(region: ThreadServer) -> None:
    url = f"{region.url}/metrics"
    assert requests.get(url, timeout=5).status_code == 401
    wrong = requests.get(url, headers={"Authorization": "Bearer not-a-token"}, timeout=5)
    assert wrong.status_code == 401
    device = region.issue_token("VAL", "A", "L1", "METRICS-PC")
    refused = requests.get(url, headers={"Authorization": f"Bearer {device}"}, timeout=5)
    assert refused.status_code == 403
    assert "regional_requests_total" in scrape(region, region_token(region))


def test_metrics_count_requests_and_records_stored_and_refused(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    token = region_token(region)
    before = scrape(region, token)
    device = make_device(region, name="COUNTED-PC", line="LMET")
    device.capture(3)
    assert device.sync_round().status.everything_delivered
    # A record of another line: refused by scope, one by one.
    wrong = device.note("another line's", utc_now())
    body = {
        "device": "COUNTED-PC",
        "records": [
            {
                "kind": "event_revision",
                "id": wrong.revision_id,
                "payload": {**revision_to_row(wrong), "line": "ELSEWHERE"},
            }
        ],
    }
    answer = requests.post(
        f"{region.url}/v1/records",
        json=body,
        headers={"Authorization": f"Bearer {device.token}", "Idempotency-Key": "refused-1"},
        timeout=5,
    )
    assert answer.json()["results"][0]["status"] == "rejected"
    after = scrape(region, token)

    def grew(name: str, **labels: str) -> float:
        return (sample(after, name, **labels) or 0.0) - (sample(before, name, **labels) or 0.0)

    stored = {"kind": "event_revision", "outcome": "accepted"}
    assert grew("regional_records_stored_total", **stored) == 3
    assert grew("regional_records_refused_total", kind="event_revision", reason="scope") == 1
    pushes = [{"route": route, "method": "POST", "status": "200"} for route in ROUTES]
    assert sum(grew("regional_requests_total", **push) for push in pushes) >= 2
    assert sum(grew("regional_request_duration_seconds_count", route=r) for r in ROUTES) >= 3
    # Refused before the body was read, and still counted (under its route, not its path).
    requests.get(f"{region.url}/v1/records?after=5", timeout=5)
    last = scrape(region, token)
    unauthenticated = {"route": "/v1/records", "method": "GET", "status": "401"}
    assert (sample(last, "regional_requests_total", **unauthenticated) or 0) >= 1
    assert "?after" not in last


@pytest.fixture
def postgres_only(request: pytest.FixtureRequest) -> TemporaryPostgres:
    if "postgresql" not in server_backends(request.config):
        pytest.skip("several workers need PostgreSQL")
    cluster: TemporaryPostgres = request.getfixturevalue("postgres")
    return cluster


@pytest.mark.peer_process
def test_metrics_add_up_the_requests_of_every_worker(postgres_only: TemporaryPostgres) -> None:
    server = ProcessServer(postgres_only.create_database("metrics"), workers=2)
    try:
        token = region_token(server)
        health = {"route": "/v1/health", "method": "GET", "status": "200"}

        def burst() -> None:
            # New connections, side by side: the workers share the listening socket.
            with ThreadPoolExecutor(8) as pool:
                codes = list(
                    pool.map(
                        lambda _: requests.get(f"{server.url}/v1/health", timeout=10).status_code,
                        range(24),
                    )
                )
            assert codes == [200] * 24

        def both_workers_counted() -> bool:
            burst()
            return sample(scrape(server, token), "regional_server_processes_counted") == 2

        wait_until(both_workers_counted, 60, "both workers to answer requests")
        counted = sample(scrape(server, token), "regional_requests_total", **health)
        assert counted is not None
        burst()
        # Whichever worker answers a scrape, it counts every worker's requests.
        for _ in range(8):
            again = scrape(server, token)
            assert sample(again, "regional_requests_total", **health) == counted + 24
            assert sample(again, "regional_server_processes_counted") == 2
    finally:
        server.stop()


# -- heartbeats -------------------------------------------------------------------------------
def test_a_sync_round_sends_a_heartbeat_that_devices_lists(
    region: ThreadServer,
    make_device: Callable[..., Device],
    link_to: Callable[[Region], FaultyLink],
    capsys: pytest.CaptureFixture[str],
) -> None:
    device = make_device(region, name="BEATING-PC", line="LHB")
    old_client = region.issue_token("VAL", device.site.area, "LHB", "OLD-CLIENT-PC")
    assert old_client
    device.capture(4)
    assert device.sync_round().status.everything_delivered

    listed = devices_json(region.database, capsys)
    beat = listed["BEATING-PC"]
    assert beat["client_version"] == "0.1.0"
    assert (beat["backlog"], beat["quarantined"], beat["oldest_waiting_utc"]) == (0, 0, None)
    assert beat["last_success_utc"] is not None
    assert isinstance(beat["clock_skew_s"], float)
    assert beat["silent"] is False
    assert beat["line"] == "LHB"
    # A line PC of a version without heartbeats syncs as before, and is listed as never heard.
    assert listed["OLD-CLIENT-PC"]["silent"] is True
    assert listed["OLD-CLIENT-PC"]["heartbeat_utc"] is None

    # Records waiting, and a round whose pulls fail at a gateway: the heartbeat says so.
    link = link_to(region)
    link.plan(*(Fault(GATEWAY_503, method="GET", path="/v1/records") for _ in range(3)))
    device.capture(2)
    status = device.sync_round(link.url).status
    assert status.problem is not None
    beat = devices_json(region.database, capsys)["BEATING-PC"]
    assert beat["last_error"]
    assert "503" in beat["last_error"]
    assert beat["last_error_utc"] is not None
    history = region.query(
        "SELECT count(*) FROM device_heartbeat_history WHERE device = ?", ["BEATING-PC"]
    )
    assert history[0][0] == 2

    capsys.readouterr()
    assert main(["--database", str(region.database), "devices"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"OLD-CLIENT-PC .*never heard\s+SILENT", text)
    assert "BEATING-PC" in text
    assert "HTTP 503" in text


def test_devices_reads_the_heartbeats_once(
    region: ThreadServer,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The listing's versions, keys and bundles come from one reading of each device's newest
    heartbeat, not one reading per column it shows."""
    device = make_device(region, name="READ-ONCE-PC", line="LRO")
    device.capture(1)
    assert device.sync_round().status.everything_delivered
    statements: list[str] = []
    execute = database.Connection.execute

    def noted(conn: database.Connection, sql: str, params: Sequence[Any] = ()) -> Any:
        statements.append(sql)
        return execute(conn, sql, params)

    monkeypatch.setattr(database.Connection, "execute", noted)
    listed = devices_json(region.database, capsys)["READ-ONCE-PC"]
    assert listed["client_version"] == "0.1.0"
    read = [sql for sql in statements if "device_heartbeats" in sql]
    assert len(read) == 1, read


def test_backlog_oldest_waiting_and_silence_reach_the_metrics(
    region: ThreadServer, capsys: pytest.CaptureFixture[str]
) -> None:
    token = region.issue_token("VAL", "A", "LBL", "BACKLOG-PC")
    answer = requests.post(
        f"{region.url}/v1/heartbeat",
        json={
            "client_version": "0.1.0",
            "backlog": 1234,
            "quarantined": 2,
            "oldest_waiting_s": 5400.0,
            "last_success_utc": to_iso(utc_now()),
            "clock_skew_s": -3.5,
            "last_error": None,
            "pull_cursor": 17,
            "caught_up": True,
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
    text = scrape(region, region_token(region))
    labels = {"plant": "VAL", "line": "LBL", "device": "BACKLOG-PC"}
    assert sample(text, "regional_device_backlog_records", **labels) == 1234
    assert sample(text, "regional_device_quarantined_records", **labels) == 2
    oldest = sample(text, "regional_device_oldest_waiting_seconds", **labels)
    assert oldest == pytest.approx(5400.0, abs=1.0)
    assert sample(text, "regional_device_clock_skew_seconds", **labels) == -3.5
    assert (sample(text, "regional_device_silent_seconds", **labels) or 0) < 60
    assert sample(text, "regional_database_up") == 1
    listed = devices_json(region.database, capsys)["BACKLOG-PC"]
    assert listed["backlog"] == 1234

    # A region token sends no heartbeats; a malformed one is refused whole.
    refused = requests.post(
        f"{region.url}/v1/heartbeat",
        json={"client_version": "x", "backlog": 0},
        headers={"Authorization": f"Bearer {region_token(region)}"},
        timeout=5,
    )
    assert refused.status_code == 403
    malformed = requests.post(
        f"{region.url}/v1/heartbeat",
        json={"client_version": "x", "backlog": -1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert malformed.status_code == 422
    # A skew too small for PostgreSQL's REAL (found by schemathesis: "underflow", a 500) is a
    # skew of no milliseconds.
    tiny = requests.post(
        f"{region.url}/v1/heartbeat",
        json={"client_version": "x", "backlog": 0, "clock_skew_s": 1.1125369292536007e-308},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    assert tiny.status_code == 200, tiny.text
    assert devices_json(region.database, capsys)["BACKLOG-PC"]["clock_skew_s"] == 0.0


@pytest.mark.one_server_db
def test_a_server_without_heartbeats_is_asked_again_an_hour_later(
    region: ThreadServer, make_device: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    device = make_device(region, name="NEW-CLIENT-PC", line="LOLD")
    client = device.client()
    calls: list[int] = []

    def old_server(beat: dict[str, object]) -> bool:
        calls.append(1)
        return False  # RegionalClient.heartbeat's answer to a 404 (the test below)

    monkeypatch.setattr(client, "heartbeat", old_server)
    clock = [1000.0]
    monkeypatch.setattr("sync.heartbeat.time.monotonic", lambda: clock[0])
    try:
        assert not send_if_due(device.store, client, problem=None, caught_up=True)
        clock[0] += 120
        assert not send_if_due(device.store, client, problem=None, caught_up=True)
        assert len(calls) == 1
        clock[0] += ASK_OLD_SERVER_AGAIN_S
        send_if_due(device.store, client, problem=None, caught_up=True)
        assert len(calls) == 2
    finally:
        client.close()


@pytest.mark.one_server_db
def test_the_client_reads_a_404_as_a_server_without_heartbeats(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = make_device(region, name="PROBE-PC", line="LOLD")
    client = device.client()
    try:
        assert client.heartbeat({"client_version": "0.1.0", "backlog": 0}) is True
        client.base = f"{region.url}/old-server"  # every /v1 path is then unknown: 404
        assert client.heartbeat({"client_version": "0.1.0", "backlog": 0}) is False
    finally:
        client.close()


def test_an_open_sqlite_file_is_checked_not_only_its_connection(tmp_path: Path) -> None:
    path = tmp_path / "region.sqlite3"
    connections = Connections(path)
    try:
        assert connections.probe(1.0) == MIGRATIONS[-1].__name__
        with sqlite3.connect(path) as other:
            assert other.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
        path.rename(tmp_path / "moved.sqlite3")
        with pytest.raises(FileNotFoundError):
            connections.probe(1.0)
    finally:
        connections.close()
