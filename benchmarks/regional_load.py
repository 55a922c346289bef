"""A region's line PCs syncing against ``serve --workers 4`` on PostgreSQL, against a bare COPY.

``regional-server serve --workers W`` on a throwaway PostgreSQL (fsync on: real commits) on
loopback. The line PCs are simulated by a few load processes (asyncio, one keep-alive HTTP/1.1
connection per PC, written by hand because a general client library costs more CPU per request
than the server: with httpx the load generator itself was the bottleneck), on the same two
cores as the server. Three phases, one after the other:

1. **steady**: every PC syncs on its own schedule, as the sync worker does: a round every
   ``--interval`` seconds (the client's 30 s, compressed 5x), starting at a random moment;
   a round pushes the records captured since the last one (gzip, as the client sends them)
   and pulls its line's new records (pages of 500, at most 20 a round).
2. **burst**: every PC at the same moment (the network came back): ``--burst-pushes`` pushes
   of ``--burst-records`` records, each followed by a pull.
3. **catch-up**: ``--backlog-devices`` PCs, each with ``--backlog`` records waiting, drain them
   as the client's outbox does (batches of ``--batch``, the site file's default 200, one
   request after another), then pull their partner's backlog.

Requests that fail as the client sees failures (connection closed, 429, 5xx) are retried as
``sync.http.RetryPolicy`` does (3 attempts, 0.5 s x 2^n back-off plus up to 0.3 s jitter), with
the same Idempotency-Key. At the end:

- every record stored exactly once: per PC, the ids stored are the ids it sent;
- the change feed neither skipped nor repeated: per PC, what it pulled over the whole run is
  exactly what the other PC of its line sent (counted, and compared as a sum of hashes);
- no 5xx, and how many requests took longer than the client's 30 s read timeout;
- per phase: records/s, push and pull p50/p99, and a bare ``COPY`` of the same rows into the
  same table of a fresh database (the floor for getting these bytes into PostgreSQL, no HTTP,
  no checks, no per-record answers), measured in the same run.

    python benchmarks/regional_load.py [--devices 1000] [--full-backlog] [...]

The defaults stay under about three minutes on the two-core development container. The
issue's catch-up is 100 PCs x 50,000 records: ``--full-backlog`` (5,000,000 records); by
default each of the 100 PCs has 1,000 (100,000 records), the same batches at the same rate.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from figures import record  # benchmarks/figures.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regional_server import tokens  # noqa: E402
from regional_server.database import Connections  # noqa: E402
from shopfloor_core.domain.clock import utc_now  # noqa: E402
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision  # noqa: E402
from shopfloor_core.revision_rows import revision_to_row  # noqa: E402
from tests.postgres_cluster import TemporaryPostgres  # noqa: E402

# The issue's region: 50 plants x 10 lines, 500-1,000 line PCs, so one or two PCs a line; each
# pulls the other's records.
PCS_A_LINE = 2
# sync.http.RetryPolicy and Timeouts, sync.round's pull pages.
RETRIES, BACKOFF_S, JITTER_S, BACKOFF_MAX_S = 3, 0.5, 0.3, 10.0
READ_TIMEOUT_S = 30.0
RETRIED_STATUSES = {429, 500, 502, 503, 504}
PULL_PAGE, PULL_PAGES_A_ROUND = 500, 20
# Each phase's records carry their own machine, so the bare COPY can take one phase's rows.
MACHINES = {"steady": "PRESS-S", "burst": "PRESS-B", "catch-up": "PRESS-C"}


# -- the records -------------------------------------------------------------------------------
def template(device: str, line: str, machine: str) -> dict[str, Any]:
    """A note revision as the client writes it; each record is a copy with its own ids."""
    at = utc_now().replace(microsecond=0) - timedelta(hours=1)
    revision = first_revision(
        kind=EventKind.NOTE,
        machine_id=machine,
        start_utc=at,
        end_utc=at,
        reason_code=None,
        catalogue_version=None,
        quantity=None,
        note="",
        source=Source.OPERATOR,
        author="op-1",
        recorded_utc=at,
        stamp=Stamp(device, "VAL", "A", line, "Europe/Madrid"),
    )
    return dict(revision_to_row(revision))


def records(base: dict[str, Any], count: int) -> list[dict[str, Any]]:
    out = []
    for _ in range(count):
        rid = str(uuid.uuid4())
        payload = base | {"revision_id": rid, "event_id": str(uuid.uuid4())}
        payload["note"] = f"note {rid[:8]}"
        out.append({"kind": "event_revision", "id": rid, "payload": payload})
    return out


def body(device: str, batch: list[dict[str, Any]]) -> bytes:
    """A push body as sync.http sends it: JSON, gzip-compressed."""
    return gzip.compress(json.dumps({"device": device, "records": batch}).encode(), 6)


def id_hash(record_id: str) -> int:
    """Summed over a set of ids, equal sums say the same ids (in any order)."""
    return int.from_bytes(hashlib.blake2b(record_id.encode(), digest_size=8).digest(), "big")


# -- one line PC's link ------------------------------------------------------------------------
@dataclass
class Tally:
    push_s: list[float] = field(default_factory=list)
    pull_s: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    retried: int = 0
    resets: int = 0
    over_timeout: int = 0

    def add(self, other: Tally) -> None:
        self.push_s += other.push_s
        self.pull_s += other.pull_s
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        self.retried += other.retried
        self.resets += other.resets
        self.over_timeout += other.over_timeout


class Link:
    """One keep-alive HTTP/1.1 connection to the server, retried as the client retries."""

    def __init__(self, port: int, token: str, tally: Tally) -> None:
        self.port = port
        self.auth = f"Authorization: Bearer {token}\r\n".encode()
        self.tally = tally
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def call(self, method: str, target: str, extra: bytes = b"", content: bytes = b"") -> Any:
        head = (
            f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(content)}\r\n"
        ).encode()
        request = head + self.auth + extra + b"\r\n" + content
        began = time.perf_counter()
        for attempt in range(RETRIES + 1):
            try:
                status, data = await self._once(request)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                self.close()
                self.tally.resets += 1
                if attempt == RETRIES:
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            self.tally.statuses[status] = self.tally.statuses.get(status, 0) + 1
            if status in RETRIED_STATUSES and attempt < RETRIES:
                self.tally.retried += 1
                await asyncio.sleep(self._backoff(attempt))
                continue
            break
        took = time.perf_counter() - began
        (self.tally.push_s if method == "POST" else self.tally.pull_s).append(took)
        self.tally.over_timeout += took > READ_TIMEOUT_S
        if status != 200:
            raise RuntimeError(f"{method} {target}: {status} {data[:200]!r}")
        return json.loads(data)

    @staticmethod
    def _backoff(attempt: int) -> float:
        return float(min(BACKOFF_MAX_S, BACKOFF_S * 2**attempt + random.uniform(0, JITTER_S)))

    async def _once(self, request: bytes) -> tuple[int, bytes]:
        if self.reader is not None and self.reader.at_eof():
            self.close()  # closed by the server while idle: urllib3 opens a new one too
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        fields = (x.partition(":") for x in lines[1:] if x)
        headers = {name.strip().lower(): value.strip() for name, _, value in fields}
        data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, data


# -- a simulated line PC -----------------------------------------------------------------------
@dataclass
class Pc:
    name: str
    line: str
    token: str
    cursor: int = 0
    sent: int = 0
    sent_hash: int = 0
    pulled: int = 0
    pulled_hash: int = 0
    delivered: int = 0


PUSH_HEADERS = b"Content-Type: application/json\r\nContent-Encoding: gzip\r\n"


async def push(link: Link, pc: Pc, batch: list[dict[str, Any]], content: bytes) -> None:
    key = f"Idempotency-Key: {uuid.uuid4().hex}\r\n".encode()
    answer = await link.call("POST", "/v1/records", PUSH_HEADERS + key, content)
    results = answer["results"]
    pc.delivered += sum(1 for r in results if r["status"] in ("accepted", "duplicate"))
    pc.sent += len(batch)
    pc.sent_hash += sum(id_hash(str(r["id"])) for r in batch)


async def pull(link: Link, pc: Pc, *, pages: int = PULL_PAGES_A_ROUND) -> bool:
    """Pull the line's new records as a sync round does; True when none is left."""
    for _ in range(pages):
        page = await link.call("GET", f"/v1/records?after={pc.cursor}&limit={PULL_PAGE}")
        pc.cursor = page["next_cursor"]
        pc.pulled += len(page["records"])
        pc.pulled_hash += sum(id_hash(r["id"]) for r in page["records"])
        if not page["more"]:
            return True
    return False


@dataclass(frozen=True)
class Plan:
    phase: str
    port: int
    interval_s: float = 6.0
    rounds: int = 5
    per_round: int = 10
    pushes: int = 2
    per_push: int = 10
    backlog: int = 1000
    batch: int = 200


async def steady(plan: Plan, pc: Pc, link: Link, work: list[tuple[list[Any], bytes]]) -> None:
    await asyncio.sleep(random.uniform(0, plan.interval_s))
    for batch, content in work:
        began = time.monotonic()
        await push(link, pc, batch, content)
        await pull(link, pc)
        await asyncio.sleep(max(0.0, plan.interval_s - (time.monotonic() - began)))


async def at_once(plan: Plan, pc: Pc, link: Link, work: list[tuple[list[Any], bytes]]) -> None:
    for batch, content in work:
        await push(link, pc, batch, content)
        await pull(link, pc)


async def catch_up(plan: Plan, pc: Pc, link: Link, work: list[tuple[list[Any], bytes]]) -> None:
    for batch, content in work:  # the outbox's drain: one batch after the other
        await push(link, pc, batch, content)


PHASES: dict[str, Callable[..., Any]] = {"steady": steady, "burst": at_once, "catch-up": catch_up}


def prepared(plan: Plan, pc: Pc) -> list[tuple[list[Any], bytes]]:
    base = template(pc.name, pc.line, MACHINES[plan.phase])
    if plan.phase == "steady":
        sizes = [plan.per_round] * plan.rounds
    elif plan.phase == "burst":
        sizes = [plan.per_push] * plan.pushes
    else:
        sizes = [plan.batch] * (plan.backlog // plan.batch)
        sizes += [plan.backlog % plan.batch] if plan.backlog % plan.batch else []
    batches = [records(base, n) for n in sizes]
    return [(b, body(pc.name, b)) for b in batches]


def load_process(plan: Plan, pcs: list[Pc], ready: Any, results: Any) -> None:
    """One load process: its share of the PCs, each on its own connection."""
    work = [prepared(plan, pc) for pc in pcs]  # made before the clock starts
    tally = Tally()

    async def run() -> None:
        links = [Link(plan.port, pc.token, tally) for pc in pcs]
        ready.wait()
        phase = PHASES[plan.phase]
        await asyncio.gather(
            *(phase(plan, pc, lk, w) for pc, lk, w in zip(pcs, links, work, strict=True))
        )
        for link in links:
            link.close()

    asyncio.run(run())
    results.put((pcs, tally))


def run_phase(plan: Plan, pcs: list[Pc], processes: int) -> tuple[list[Pc], Tally, float]:
    """Run ``plan`` over ``pcs`` split among ``processes``; (PCs after, tally, seconds)."""
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(processes + 1)
    results = context.Queue()
    shares = [pcs[n::processes] for n in range(processes)]
    workers = [
        context.Process(target=load_process, args=(plan, share, ready, results)) for share in shares
    ]
    for worker in workers:
        worker.start()
    ready.wait()
    began = time.perf_counter()
    done = [results.get() for _ in workers]
    elapsed = time.perf_counter() - began
    for worker in workers:
        worker.join()
    tally = Tally()
    after: list[Pc] = []
    for share, part in done:
        after += share
        tally.add(part)
    order = {pc.name: n for n, pc in enumerate(pcs)}
    return sorted(after, key=lambda pc: order[pc.name]), tally, elapsed


def drain_pulls(port: int, pcs: list[Pc]) -> None:
    """After a phase, every PC pulls until nothing is left (the feed's horizon has passed)."""

    async def run() -> None:
        tally = Tally()
        links = [Link(port, pc.token, tally) for pc in pcs]
        for start in range(0, len(pcs), 100):
            group = list(zip(pcs[start : start + 100], links[start : start + 100], strict=True))

            async def until_done(pc: Pc, link: Link) -> None:
                while not await pull(link, pc):
                    pass
                link.close()

            await asyncio.gather(*(until_done(pc, link) for pc, link in group))

    asyncio.run(run())


def tree_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and every process under it.

    Less sensitive than wall time to the other work on a shared machine: what a phase cost the
    server and the database, whatever else the cores were doing meanwhile.
    """
    tick = os.sysconf("SC_CLK_TCK")
    processes: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        processes[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += processes.get(pid, (0, 0))[1]
        todo += children.get(pid, [])
    return total / tick


# -- checks and the floor ----------------------------------------------------------------------
def stored_by_device(database: str) -> dict[str, tuple[int, int]]:
    """(records, sum of id hashes) of each device, as stored."""
    held: dict[str, list[int]] = {}
    with psycopg.connect(database) as conn, conn.cursor(name="ids") as cur:
        cur.itersize = 50_000
        cur.execute("SELECT device, record_id FROM records")
        for device, rid in cur:
            kept = held.setdefault(device, [0, 0])
            kept[0] += 1
            kept[1] += id_hash(rid)
    return {device: (n, h) for device, (n, h) in held.items()}


def partners(pcs: list[Pc]) -> Iterator[tuple[Pc, list[Pc]]]:
    lines: dict[str, list[Pc]] = {}
    for pc in pcs:
        lines.setdefault(pc.line, []).append(pc)
    for pc in pcs:
        yield pc, [other for other in lines[pc.line] if other is not pc]


COLUMNS = (
    "cursor, record_id, kind, plant, area, line, device, payload, digest, received_utc, "
    "token_id, event_id, event_seq, start_utc, end_utc"
)


def bare_copy(cluster: TemporaryPostgres, database: str, machine: str) -> tuple[int, float]:
    """(rows, seconds) to COPY one phase's stored rows into the records table of a new database."""
    with tempfile.TemporaryFile() as rows:
        with psycopg.connect(database) as source, source.cursor() as cur:
            query = (
                f"COPY (SELECT {COLUMNS} FROM records WHERE payload::json->>'machine_id' = "
                f"'{machine}' ORDER BY cursor) TO STDOUT"
            )
            with cur.copy(query) as copy:
                for chunk in copy:
                    rows.write(chunk)
        rows.seek(0)
        target = cluster.create_database("bare")
        Connections(target, pool_size=1).close()  # the same schema, migrated
        with psycopg.connect(target) as conn:
            began = time.perf_counter()
            with conn.cursor() as cur, cur.copy(f"COPY records ({COLUMNS}) FROM STDIN") as copy:
                while chunk := rows.read(1 << 20):
                    copy.write(chunk)
            conn.commit()
            elapsed = time.perf_counter() - began
            count = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    return count, elapsed


# -- the run -----------------------------------------------------------------------------------
def quantile_ms(values: list[float], q: int) -> str:
    if len(values) < 2:
        return "-"
    return f"{statistics.quantiles(values, n=100)[q - 1] * 1000:,.0f} ms"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--load-processes", type=int, default=2)
    parser.add_argument("--interval", type=float, default=6.0, help="seconds between rounds")
    parser.add_argument("--rounds", type=int, default=5, help="steady rounds of each PC")
    parser.add_argument("--per-round", type=int, default=10, help="records a steady round")
    parser.add_argument("--burst-pushes", type=int, default=2)
    parser.add_argument("--burst-records", type=int, default=10)
    parser.add_argument("--backlog-devices", type=int, default=100)
    parser.add_argument("--backlog", type=int, default=1000, help="records waiting on each")
    parser.add_argument("--full-backlog", action="store_true", help="50,000 records on each")
    parser.add_argument("--batch", type=int, default=200, help="the client's batch_size")
    parser.add_argument("--phases", default="steady,burst,catch-up")
    args = parser.parse_args()
    if args.full_backlog:
        args.backlog = 50_000
    return args


def issue(connections: Connections, prefix: str, count: int) -> list[Pc]:
    pcs = []
    with connections.write() as conn:
        for n in range(count):
            name, line = f"{prefix}-{n:04d}", f"{prefix}L{n // PCS_A_LINE:04d}"
            token, _ = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="A", line=line, device=name
            )
            pcs.append(Pc(name, line, token))
    return pcs


def start_server(database: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "regional_server", "--database", database, "serve",
         "--port", str(port), "--workers", str(workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if b" 200 " in probe.recv(100):
                    return server, port
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def main() -> None:
    args = arguments()
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    # Stopped with SIGTERM, the throwaway server and its folder are still cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    cluster = TemporaryPostgres(durable=True)
    server: subprocess.Popen[bytes] | None = None
    rows: list[tuple[str, int, float, Tally, tuple[float, float]]] = []
    try:
        database = cluster.create_database("load")
        connections = Connections(database, pool_size=1)
        region = issue(connections, "PC", args.devices)
        backlog = issue(connections, "BK", args.backlog_devices)
        connections.close()
        server, port = start_server(database, args.workers)
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        plans = {
            "steady": Plan(
                "steady", port, args.interval, args.rounds, args.per_round, batch=args.batch
            ),
            "burst": Plan("burst", port, pushes=args.burst_pushes, per_push=args.burst_records),
            "catch-up": Plan("catch-up", port, backlog=args.backlog, batch=args.batch),
        }
        for phase in phases:
            pcs = backlog if phase == "catch-up" else region
            before = sum(pc.sent for pc in pcs)
            cpu = tree_cpu_s(server.pid), tree_cpu_s(postmaster)
            done, tally, elapsed = run_phase(plans[phase], pcs, args.load_processes)
            cpu = tree_cpu_s(server.pid) - cpu[0], tree_cpu_s(postmaster) - cpu[1]
            sent = sum(pc.sent for pc in done) - before
            print(f"{phase}: {sent:,} records in {elapsed:.1f} s, load average "
                  f"{os.getloadavg()[0]:.2f}")  # fmt: skip
            began = time.perf_counter()
            drain_pulls(port, done)  # what the phase's last rounds left for the next ones
            print(f"{phase}: every PC pulled what was left in {time.perf_counter() - began:.1f} s")
            if phase == "catch-up":
                backlog = done
            else:
                region = done
            rows.append((phase, sent, elapsed, tally, cpu))
        stored = stored_by_device(database)
        floors = {phase: bare_copy(cluster, database, MACHINES[phase]) for phase in phases}
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        cluster.stop()

    everyone = region + backlog
    sent = {pc.name: (pc.sent, pc.sent_hash) for pc in everyone if pc.sent}
    lost_or_twice = [name for name in sent if stored.get(name) != sent[name]]
    strangers = [name for name in stored if name not in sent]
    feed_wrong = [
        pc.name
        for pc, others in partners(everyone)
        if (pc.pulled, pc.pulled_hash)
        != (sum(o.sent for o in others), sum(o.sent_hash for o in others))
    ]
    undelivered = sum(pc.sent - pc.delivered for pc in everyone)
    print(
        f"\n{args.devices} PCs ({PCS_A_LINE} a line) + {args.backlog_devices} catching up, "
        f"--workers {args.workers}, PostgreSQL (fsync on), loopback, "
        f"{args.load_processes} load processes on the same cores"
    )
    print(
        f"exactly once: {sum(n for n, _ in stored.values()):,} records stored, "
        f"{len(lost_or_twice)} PCs with records lost or doubled, {len(strangers)} unknown; "
        f"{undelivered} records not answered accepted/duplicate"
    )
    print(f"change feed: {len(feed_wrong)} PCs pulled other than their partner's records")
    print("| phase | records | requests | 5xx | retried | > 30 s | push p50 | push p99 | "
          "pull p50 | pull p99 | records/s | bare COPY | ratio | CPU s app + db | "
          "records per CPU s |")  # fmt: skip
    print("|---" * 15 + "|")
    server_errors = 0
    for phase, count, elapsed, tally, (app_s, db_s) in rows:
        copied, copy_s = floors[phase]
        errors = sum(n for s, n in tally.statuses.items() if s >= 500)
        server_errors += errors
        rate, floor = count / elapsed, copied / copy_s
        print(
            f"| {phase} | {count:,} | {len(tally.push_s) + len(tally.pull_s):,} | {errors} | "
            f"{tally.retried + tally.resets} | {tally.over_timeout} | "
            f"{quantile_ms(tally.push_s, 50)} | {quantile_ms(tally.push_s, 99)} | "
            f"{quantile_ms(tally.pull_s, 50)} | {quantile_ms(tally.pull_s, 99)} | {rate:,.0f} | "
            f"{floor:,.0f} | {rate / floor:.3f} | {app_s:.1f} + {db_s:.1f} | "
            f"{count / (app_s + db_s):,.0f} |"
        )
        record(
            "regional_load",
            f"records/s, {phase}, --workers {args.workers}",
            round(rate),
            "records/s",
            baseline=round(floor),
            baseline_name="bare COPY of the same rows",
        )
        record("regional_load", f"push p99, {phase}", round(
            statistics.quantiles(tally.push_s, n=100)[98] * 1000), "ms")  # fmt: skip
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    assert not lost_or_twice, "each record stored exactly once"
    assert not strangers, "only records that were sent are stored"
    assert undelivered == 0, "every record answered accepted or duplicate"
    assert not feed_wrong, "the change feed neither skips nor repeats"
    assert server_errors == 0, "no 5xx"


if __name__ == "__main__":
    main()
