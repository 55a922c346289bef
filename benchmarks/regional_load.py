"""A region's devices pushing and polling at once, against a bare COPY of the same records.

``serve --workers W`` on a throwaway PostgreSQL (fsync on: real commits) on loopback. Each of
D simulated line PCs (one asyncio task each, D connections) pushes B batches of R note
revisions, and after each push polls its line's records (``GET /v1/records``) from its cursor.
Then:

- every record stored exactly once, every push answered 200 (no 5xx), every pull too;
- push latency p50/p99 and records/s over the whole burst;
- *bare COPY*: the same rows copied into the same table of a fresh database in one ``COPY``:
  the floor for getting these bytes into PostgreSQL, with no HTTP, checks or per-record
  answers.

    python benchmarks/regional_load.py [devices] [batches] [records_per_batch] [workers]

Defaults 1000 2 10 4: a burst of 1,000 PCs at once (20,000 records). A backlog catch-up is
the same with fewer devices and full batches: ``100 5 200 4`` (100,000 records); the issue's
``100 250 200 4`` (100 devices x 50,000 records) takes about half an hour on the dev container.
"""

from __future__ import annotations

import asyncio
import json
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from figures import record  # benchmarks/figures.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regional_server import tokens  # noqa: E402
from regional_server.database import Connections  # noqa: E402
from regional_server.records import canonical, content_digest  # noqa: E402
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision  # noqa: E402
from shopfloor_core.revision_rows import revision_to_row  # noqa: E402
from tests.postgres_cluster import TemporaryPostgres  # noqa: E402

AT = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
# The issue's region: 50 plants x 10 lines, 500-1,000 line PCs, so one or two PCs a line; each
# pulls the other's records (a pull's size follows the PCs a line has).
PCS_A_LINE = 2


def revisions(device: str, line: str, count: int) -> list[dict[str, object]]:
    out = []
    for n in range(count):
        revision = first_revision(
            kind=EventKind.NOTE,
            machine_id="PRESS-1",
            start_utc=AT,
            end_utc=AT,
            reason_code=None,
            catalogue_version=None,
            quantity=None,
            note=f"note {n} of {device}",
            source=Source.OPERATOR,
            author="op-1",
            recorded_utc=AT,
            stamp=Stamp(device, "VAL", "A", line, "Europe/Madrid"),
        )
        row = revision_to_row(revision)
        entry: dict[str, object] = {"kind": "event_revision", "id": revision.revision_id}
        entry["payload"] = row
        out.append(entry)
    return out


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def burst(
    url: str,
    devices: list[tuple[str, str, str]],
    batches: Sequence[Sequence[Sequence[dict[str, object]]]],
) -> tuple[list[int], list[float], list[int], int]:
    """(push statuses, push latencies, pull statuses, records pulled) of every device at once."""
    statuses: list[int] = []
    latencies: list[float] = []
    pulls: list[int] = []
    pulled = 0
    resets = 0
    limits = httpx.Limits(max_connections=len(devices) + 10, max_keepalive_connections=None)
    timeout = httpx.Timeout(60.0, connect=30.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        start = asyncio.Event()

        async def retried(method: str, path: str, **options: Any) -> httpx.Response:
            # As the line PC's client does (urllib3 Retry; pushes carry an Idempotency-Key):
            # a kept-alive connection the server closed at that moment is tried again.
            nonlocal resets
            for _ in range(3):
                try:
                    return await client.request(method, path, **options)
                except httpx.TransportError:
                    resets += 1
            return await client.request(method, path, **options)

        async def device(number: int) -> None:
            nonlocal pulled
            name, _line, token = devices[number]
            auth = {"Authorization": f"Bearer {token}"}
            cursor = 0
            await start.wait()
            for batch in batches[number]:
                body = json.dumps({"device": name, "records": batch}).encode()
                headers = {
                    **auth,
                    "Content-Type": "application/json",
                    "Idempotency-Key": uuid.uuid4().hex,
                }
                began = time.perf_counter()
                answer = await retried("POST", "/v1/records", content=body, headers=headers)
                latencies.append(time.perf_counter() - began)
                statuses.append(answer.status_code)
                page = await retried("GET", "/v1/records", params={"after": cursor}, headers=auth)
                pulls.append(page.status_code)
                if page.status_code == 200:
                    found = page.json()
                    cursor = found["next_cursor"]
                    pulled += len(found["records"])

        tasks = [asyncio.create_task(device(n)) for n in range(len(devices))]
        start.set()
        await asyncio.gather(*tasks)
    print(f"connections closed under a request and retried: {resets}")
    return statuses, latencies, pulls, pulled


def bare_copy(cluster: TemporaryPostgres, rows: Sequence[Sequence[object]]) -> float:
    """Seconds to COPY the same rows into the records table of a fresh database."""
    database = cluster.create_database("bare")
    Connections(database, pool_size=1).close()  # the same schema, migrated
    with psycopg.connect(database) as conn:
        conn.execute("ALTER TABLE records DISABLE TRIGGER USER")
        began = time.perf_counter()
        with conn.cursor() as cur:
            columns = "(cursor, record_id, kind, plant, area, line, device, payload, digest, "
            columns += "received_utc, token_id)"
            with cur.copy(f"COPY records {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - began
        assert conn.execute("SELECT count(*) FROM records").fetchone() == (len(rows),)
    return elapsed


def main() -> None:
    args = [int(a) for a in sys.argv[1:5]]
    count, batch_count, batch_size, workers = args + [1000, 2, 10, 4][len(args) :]
    # Stopped with SIGTERM, the throwaway server and its folder are still cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    cluster = TemporaryPostgres(durable=True)
    server: subprocess.Popen[bytes] | None = None
    try:
        database = cluster.create_database("load")
        connections = Connections(database, pool_size=1)
        devices = []
        with connections.write() as conn:
            for n in range(count):
                name, line = f"PC-{n:04d}", f"L{n // PCS_A_LINE:04d}"
                token, _ = tokens.issue(
                    conn, role=tokens.DEVICE, plant="VAL", area="A", line=line, device=name
                )
                devices.append((name, line, token))
        connections.close()
        batches = [
            [revisions(name, line, batch_size) for _ in range(batch_count)]
            for name, line, _ in devices
        ]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "regional_server", "--database", database, "serve",
             "--port", str(port), "--workers", str(workers)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)

        total = count * batch_count * batch_size
        began = time.perf_counter()
        statuses, latencies, pulls, pulled = asyncio.run(burst(url, devices, batches))
        elapsed = time.perf_counter() - began

        with psycopg.connect(database) as conn:
            held = [row[0] for row in conn.execute("SELECT record_id FROM records")]
        sent = {str(r["id"]) for per_device in batches for b in per_device for r in b}
        stored, distinct = len(held), len(set(held))
        rows = [
            (i, r["id"], r["kind"], "VAL", "A", "L", "PC", text, content_digest(text), "t", "x")
            for i, r in enumerate(r for per_device in batches for b in per_device for r in b)
            for text in [canonical(r["payload"])]  # type: ignore[arg-type]
        ]
        copy_s = bare_copy(cluster, rows)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        cluster.stop()

    server_errors = sum(1 for s in statuses + pulls if s >= 500)
    q = statistics.quantiles(latencies, n=100)
    rate, floor = total / elapsed, total / copy_s
    print(
        f"{count} devices x {batch_count} pushes of {batch_size} records, --workers {workers}, "
        f"PostgreSQL (fsync on), loopback"
    )
    print(f"records stored: {stored:,} of {total:,} sent ({distinct:,} distinct)")
    print(f"push answers: {statuses.count(200):,} x 200, {server_errors} x 5xx (pushes + pulls)")
    print(f"pulls: {len(pulls):,}, {pulled:,} records pulled")
    print(f"push latency p50 {q[49] * 1000:,.0f} ms, p99 {q[98] * 1000:,.0f} ms")
    print(f"records/s through the API: {rate:,.0f}; bare COPY of the same rows: {floor:,.0f}")
    print(f"ratio API / bare COPY: {rate / floor:.3f}")
    record(
        "regional_load",
        f"records/s, {count} devices pushing and polling, --workers {workers}",
        round(rate),
        "records/s",
        baseline=round(floor),
        baseline_name="bare COPY of the same rows",
    )
    assert stored == distinct == total, "each record stored exactly once"
    assert set(held) == sent, "each record stored exactly once"
    assert server_errors == 0
    assert set(statuses) == {200}


if __name__ == "__main__":
    main()
