"""A region's burst, bounded for the suite: 120 line PCs push at once to ``--workers 2``.

On SQLite one process answered ``500 database is locked`` to such a burst; on PostgreSQL with
two worker processes every push is answered 200 and every record is stored once. The figures
of a full benchmark (1,000 devices syncing, a burst and a backlog catch-up, ``--workers 4``) are
in benchmarks/regional_load.py.
"""

from __future__ import annotations

import json
import statistics
import threading
import uuid
from time import perf_counter

import pytest
import requests

from regional_server import tokens
from regional_server.database import Connection, Connections
from regional_server.records import Incoming
from tests.conftest import server_backends
from tests.postgres_cluster import TemporaryPostgres
from tests.sync.conftest import ProcessServer
from tests.sync.test_server_database import note

DEVICES = 120
BATCHES = 3
BATCH = 20


def body(device: str, batch: list[Incoming]) -> bytes:
    records = [{"kind": r.kind, "id": r.record_id, "payload": r.payload} for r in batch]
    return json.dumps({"device": device, "records": records}).encode()


@pytest.mark.slow
def test_120_devices_pushing_at_once_to_two_workers_get_no_server_error(
    request: pytest.FixtureRequest,
) -> None:
    if "postgresql" not in server_backends(request.config):
        pytest.skip("several workers need PostgreSQL, which is not in --server-db")
    cluster: TemporaryPostgres = request.getfixturevalue("postgres")
    database = cluster.create_database("load")
    connections = Connections(database, pool_size=1)
    names = [f"LOAD-{n:03d}" for n in range(DEVICES)]
    try:
        with connections.write() as conn:
            issued = {}
            for n, name in enumerate(names):
                issued[name] = tokens_for(conn, name, line=f"L{n % 10}")
    finally:
        connections.close()
    server = ProcessServer(database, workers=2)
    statuses: list[int] = []
    latencies: list[float] = []
    accepted: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(DEVICES)

    def device(name: str) -> None:
        token, line = issued[name]
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"
            session.headers["Content-Type"] = "application/json"
            start.wait(60)
            for b in range(BATCHES):
                batch = [note(name, b * BATCH + i, line=line) for i in range(BATCH)]
                began = perf_counter()
                answer = session.post(
                    f"{server.url}/v1/records",
                    data=body(name, batch),
                    headers={"Idempotency-Key": uuid.uuid4().hex},
                    timeout=(5, 30),
                )
                took = perf_counter() - began
                with lock:
                    statuses.append(answer.status_code)
                    latencies.append(took)
                    if answer.status_code == 200:
                        accepted.extend(
                            r["id"] for r in answer.json()["results"] if r["status"] == "accepted"
                        )

    threads = [threading.Thread(target=device, args=(name,)) for name in names]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        stored = server.record_ids()
    finally:
        server.stop()
    quantiles = statistics.quantiles(latencies, n=100)
    print(f"{len(statuses)} pushes: p50 {quantiles[49]:.3f} s, p99 {quantiles[98]:.3f} s")
    assert [s for s in statuses if s >= 500] == []
    assert statuses == [200] * DEVICES * BATCHES
    assert len(accepted) == DEVICES * BATCHES * BATCH
    assert sorted(stored) == sorted(accepted), "each record stored exactly once"


def tokens_for(conn: Connection, name: str, *, line: str) -> tuple[str, str]:
    token, _ = tokens.issue(
        conn,
        role=tokens.DEVICE,
        plant="VAL",
        area="A",
        line=line,
        device=name,
    )
    return token, line
