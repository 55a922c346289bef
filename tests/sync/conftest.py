"""Real parts for sync tests: the reference server on loopback, a faulty link, line PCs.

- ``ThreadServer``: the reference server under uvicorn in a thread (fast; for many rounds).
- ``ProcessServer``: the same started as ``python -m regional_server serve`` in a subprocess,
  so a test can kill it (SIGKILL) in the middle of a request and start it again on its file.
- ``FaultyLink``: a loopback TCP relay between a line PC and the server that forwards real
  HTTP and, on plan, loses answers, cuts requests in half, answers 500/503 like a failing
  gateway, or holds answers back longer than the client waits.
- ``Device``: a line PC: site config, its own SQLite store, captures, a sync client.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import uvicorn

from local_store import EventStore
from local_store.event_store import EVENT_REVISION
from local_store.outbox import Outbox
from operator_app.cli.context import demo_config_path
from operator_app.site_config import SiteConfig, load_site_config
from operator_app.site_config.model import SyncConfig
from regional_server import bundles, tokens
from regional_server.app import create_app
from regional_server.database import Connections
from shopfloor_core.contract import PUSH_PATH
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.events import EventKind, EventRevision, Source, first_revision
from shopfloor_core.revision_rows import revision_to_row
from shopfloor_core.standards.shift_calendar import regional_calendars
from sync.http import RegionalClient, RetryPolicy, Timeouts
from sync.round import RoundResult, run_round
from sync.token import write_token
from tests.conftest import server_backends
from tests.postgres_cluster import TemporaryPostgres

ROOT = Path(__file__).resolve().parents[2]
FAST_RETRY = RetryPolicy(attempts=2, backoff_s=0.01, jitter_s=0.01, max_s=0.05)
TEST_TIMEOUTS = Timeouts(connect_s=1.0, read_s=2.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until true; fails the test with ``what`` after ``timeout`` seconds."""
    deadline = datetime.now(UTC) + timedelta(seconds=timeout)
    pause = threading.Event()
    while not condition():
        if datetime.now(UTC) > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        pause.wait(0.02)


def healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/v1/health", timeout=0.5).status_code == 200
    except requests.RequestException:
        return False


# -- the reference server -----------------------------------------------------------------------
class Region:
    """What every kind of running server offers the tests: its database, tokens, bundles."""

    def __init__(self, database: str | Path) -> None:
        self.database = database  # a SQLite path or a postgresql:// URL
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    @contextlib.contextmanager
    def connections(self) -> Iterator[Connections]:
        connections = Connections(self.database, pool_size=1)
        try:
            yield connections
        finally:
            connections.close()

    def issue_token(
        self, plant: str, area: str, line: str, device: str, *, valid_for: timedelta | None = None
    ) -> str:
        with self.connections() as connections, connections.write() as conn:
            token, _ = tokens.issue(
                conn,
                role=tokens.DEVICE,
                plant=plant,
                area=area,
                line=line,
                device=device,
                valid_for=timedelta(days=30) if valid_for is None else valid_for,
            )
        return token

    def publish(self, document: dict[str, Any], *, plant: str | None = None) -> int:
        with self.connections() as connections, connections.write() as conn:
            return bundles.publish(conn, document, plant=plant).version

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of ``sql`` (SQLite's ``?`` placeholders), on whichever database it is."""
        with self.connections() as connections, connections.read() as conn:
            return list(conn.execute(sql, params).fetchall())

    def record_ids(self, device: str | None = None) -> list[str]:
        """Every record the server holds (of one device), one entry per stored row."""
        if device is None:
            rows = self.query("SELECT record_id FROM records")
        else:
            rows = self.query("SELECT record_id FROM records WHERE device = ?", [device])
        return [r[0] for r in rows]


class ThreadServer(Region):
    def __init__(
        self,
        database: str | Path,
        *,
        clock: Callable[[], datetime] | None = None,
        certfile: Path | None = None,
        keyfile: Path | None = None,
    ) -> None:
        super().__init__(database)
        self.app = create_app(database, clock=clock) if clock else create_app(database)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            ssl_certfile=str(certfile) if certfile else None,
            ssl_keyfile=str(keyfile) if keyfile else None,
        )
        if certfile:
            self.url = f"https://localhost:{self.port}"
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="regional-server")
        self.thread.start()
        wait_until(lambda: self.server.started, 20, "the regional server to start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.app.state.connections.close()


class ProcessServer(Region):
    def __init__(self, database: str | Path, *, workers: int = 1, wait: bool = True) -> None:
        super().__init__(database)
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.start(wait=wait)

    def start(self, *, wait: bool = True) -> None:
        command = [sys.executable, "-m", "regional_server", "--database", str(self.database)]
        command += ["serve", "--port", str(self.port), "--workers", str(self.workers)]
        # Its log goes to a file, not a pipe nobody reads (a full pipe would stop the server).
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log
        )
        if wait:
            self.wait_started()

    def wait_started(self) -> None:
        def up() -> bool:
            if self.process is not None and self.process.poll() is not None:
                self.log.seek(0)
                failure = self.log.read().decode(errors="replace")[-3000:]
                raise AssertionError(f"the regional server exited: {failure}")
            return healthy(self.url)

        wait_until(up, 30, "the regional server process to start")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush; what was committed is all that remains."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


# The server's suite runs on each database of --server-db (both by default): every test that
# takes ``region``, ``region_process`` or ``server_database`` runs once per database.
BACKEND_FIXTURES = {"region", "region_process", "server_database"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if BACKEND_FIXTURES & set(metafunc.fixturenames):
        backends = server_backends(metafunc.config)
        if metafunc.definition.get_closest_marker("one_server_db"):
            backends = backends[:1]
        metafunc.parametrize("server_backend", backends, indirect=True, scope="module")


@pytest.fixture(scope="module")
def server_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def new_database(
    server_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str | Path]:
    """Makes an empty database of the module's backend: a SQLite path or a PostgreSQL URL."""

    def make(stem: str) -> str | Path:
        if server_backend == "postgresql":
            cluster: TemporaryPostgres = request.getfixturevalue("postgres")
            return cluster.create_database(stem.replace("-", "_"))
        return tmp_path_factory.mktemp(stem) / f"{stem}.sqlite3"

    return make


@pytest.fixture
def server_database(new_database: Callable[[str], str | Path]) -> str | Path:
    """A fresh, empty database for one test, on each backend."""
    return new_database("server")


@pytest.fixture(scope="module")
def region(new_database: Callable[[str], str | Path]) -> Iterator[ThreadServer]:
    server = ThreadServer(new_database("region"))
    yield server
    server.stop()


@pytest.fixture
def region_process(new_database: Callable[[str], str | Path]) -> Iterator[ProcessServer]:
    server = ProcessServer(new_database("region-process"))
    yield server
    server.stop()


# -- a link that fails on purpose -----------------------------------------------------------------
DROP_ANSWER = "drop-answer"  # forwarded and committed; the answer never reaches the client
CUT_REQUEST = "cut-request"  # half the body reaches the server, then the link breaks
GATEWAY_503 = "503"
SERVER_500 = "500"
SLOW = "slow"  # the answer is held back longer than the client's read timeout


@dataclass
class Fault:
    kind: str
    method: str = "POST"
    path: str = PUSH_PATH  # where this client pushes (contract v2)
    hook: Callable[[], None] | None = None  # run at the moment of failure (e.g. kill the server)


class FaultyLink:
    def __init__(self, upstream_port: int, *, hold_s: float = 3.0) -> None:
        self.upstream_port = upstream_port
        self.hold_s = hold_s
        self.faults: deque[Fault] = deque()
        self.applied: list[str] = []
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self._accept, name="faulty-link", daemon=True)
        self.thread.start()

    def plan(self, *faults: Fault | str) -> None:
        with self.lock:
            for fault in faults:
                self.faults.append(fault if isinstance(fault, Fault) else Fault(fault))

    def close(self) -> None:
        self.closing.set()
        self.listener.close()

    def _next_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            if (
                self.faults
                and method == self.faults[0].method
                and path.startswith(self.faults[0].path)
            ):
                fault = self.faults.popleft()
                self.applied.append(fault.kind)
                return fault
        return None

    def _accept(self) -> None:
        while not self.closing.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client, client.makefile("rb") as reader:
            while True:
                message = _read_message(reader)
                if message is None:
                    return
                head, body = message
                method, path = head.split(b" ", 2)[:2]
                fault = self._next_fault(method.decode(), path.decode())
                kind = fault.kind if fault else None
                if kind in (GATEWAY_503, SERVER_500):
                    status = (
                        b"503 Service Unavailable"
                        if kind == GATEWAY_503
                        else (b"500 Internal Server Error")
                    )
                    text = b"upstream failure"
                    client.sendall(
                        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/plain\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(text) + text
                    )
                    continue
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port), 5)
                except OSError:
                    return  # the server is down: the client sees the connection close
                with upstream, upstream.makefile("rb") as answer_reader:
                    if kind == CUT_REQUEST:
                        upstream.sendall(head + body[: len(body) // 2])
                        if fault and fault.hook:
                            fault.hook()
                        return
                    upstream.sendall(head + body)
                    answer = _read_message(answer_reader, head_only=method == b"HEAD")
                if answer is None:
                    return
                if fault and fault.hook:
                    fault.hook()
                if kind == DROP_ANSWER:
                    return
                if kind == SLOW:
                    self.closing.wait(self.hold_s)
                try:
                    client.sendall(answer[0] + answer[1])
                except OSError:
                    return


def _read_message(reader: Any, *, head_only: bool = False) -> tuple[bytes, bytes] | None:
    """One HTTP/1.1 message (request or answer) with a Content-Length body, or None at EOF."""
    lines = []
    while True:
        try:
            line = reader.readline()
        except OSError:
            return None
        if not line:
            return None
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            break
    head = b"".join(lines)
    length = 0
    for line in lines[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    status = lines[0].split(b" ")
    no_body = head_only or (len(status) > 1 and status[1] in (b"204", b"304"))
    body = b"" if no_body else reader.read(length)
    if len(body) < length:
        return None
    return head, body


@pytest.fixture
def link_to() -> Iterator[Callable[[Region], FaultyLink]]:
    links: list[FaultyLink] = []

    def make(server: Region) -> FaultyLink:
        link = FaultyLink(server.port)
        links.append(link)
        return link

    yield make
    for link in links:
        link.close()


# -- line PCs -----------------------------------------------------------------------------------
class Device:
    def __init__(self, root: Path, server: Region, url: str, plant: str, line: str, name: str):
        self.server = server
        base = load_site_config(demo_config_path())
        self.site: SiteConfig = replace(
            base,
            plant=plant,
            line=line,
            device=name,
            data_dir=root / name,
            sync=SyncConfig(
                server_url=url,
                ca_bundle=None,
                proxy=None,
                token_file=root / name / "sync-token",
                interval_s=1.0,
                batch_size=50,
            ),
        )
        self.token = server.issue_token(plant, self.site.area, line, name)
        assert self.site.sync is not None
        assert self.site.sync.token_file is not None
        write_token(self.site.sync.token_file, self.token)
        self.store = EventStore.open(self.site.database_path)
        self.machine = self.site.machines[0].machine_id
        self.captured: list[str] = []

    def note(self, text: str, at: datetime) -> EventRevision:
        return first_revision(
            kind=EventKind.NOTE,
            machine_id=self.machine,
            start_utc=at,
            end_utc=at,
            reason_code=None,
            catalogue_version=None,
            quantity=None,
            note=text,
            source=Source.OPERATOR,
            author="op-1",
            recorded_utc=at,
            stamp=self.site.stamp,
        )

    def capture(self, count: int) -> list[str]:
        """``count`` notes, committed with their outbox entries as the capture service does."""
        now = datetime.now(UTC)
        revisions = [self.note(f"note {len(self.captured) + i}", now) for i in range(count)]
        for start in range(0, count, 1000):
            self.store.append(revisions[start : start + 1000])
        ids = [r.revision_id for r in revisions]
        self.captured.extend(ids)
        return ids

    def queue(self, count: int) -> list[str]:
        """``count`` note revisions straight into the outbox, in one transaction.

        For backlogs of tens of thousands: the payload is exactly what a capture queues, without
        the capture path's per-event checks (which ``capture`` exercises).
        """
        now = datetime.now(UTC)
        ids = []
        with self.store.db.atomic():
            for i in range(count):
                revision = self.note(f"backlog {i}", now)
                self.store.enqueue(EVENT_REVISION, revision.revision_id, revision_to_row(revision))
                ids.append(revision.revision_id)
        self.captured.extend(ids)
        return ids

    def client(self, url: str | None = None, **kwargs: Any) -> RegionalClient:
        assert self.site.sync is not None
        sync = replace(self.site.sync, server_url=url or self.site.sync.server_url)
        kwargs.setdefault("timeouts", TEST_TIMEOUTS)
        kwargs.setdefault("retry", FAST_RETRY)
        return RegionalClient(sync, self.token, self.site.device, **kwargs)

    def sync_round(self, url: str | None = None, **kwargs: Any) -> RoundResult:
        client = self.client(url, **kwargs)
        try:
            assert self.site.sync is not None
            return run_round(
                self.store,
                client,
                zone=self.site.timezone,
                batch_size=self.site.sync.batch_size,
                plant=self.site.plant,
            )
        finally:
            client.close()

    def outbox_states(self) -> dict[str, int]:
        rows = self.store.db.execute("SELECT state, count(*) FROM outbox GROUP BY state")
        return dict(rows.fetchall())

    def assert_delivered_exactly_once(self) -> None:
        """The server holds each of this device's records once, and nothing waits any more."""
        held = self.server.record_ids(self.site.device)
        assert len(held) == len(set(held)), "a record is stored twice"
        assert sorted(held) == sorted(self.captured)
        backlog = Outbox(self.store).backlog()
        assert (backlog.pending, backlog.quarantined) == (0, 0), self.outbox_states()


_device_numbers = itertools.count(1)


@pytest.fixture
def make_device(tmp_path: Path) -> Iterator[Callable[..., Device]]:
    made: list[Device] = []

    def make(
        server: Region,
        *,
        url: str | None = None,
        plant: str = "VAL",
        line: str = "L1",
        name: str | None = None,
    ) -> Device:
        # Names are unique across tests: a module's server outlives one test's devices.
        name = name or f"PC-{next(_device_numbers)}"
        device = Device(tmp_path, server, url or server.url, plant, line, name)
        made.append(device)
        return device

    yield make
    for device in made:
        device.store.close()


def standard_bundle(**changes: Any) -> dict[str, Any]:
    """A complete bundle built from the standards the client ships with."""
    document: dict[str, Any] = {
        "catalogue": dict(bundled_catalogue().document),
        "roster": [
            {"id": "sup-luis", "name": "Luis Ortega", "role": "supervisor", "badge": "40991"}
        ],
        "workflows": json.loads(
            (ROOT / "shopfloor_core" / "standards" / "workflows.json").read_text("utf-8")
        ),
        "shift_calendar": regional_calendars(),
        "targets": {"PRESS-1": {"oee": 0.8}},
        "modules": {"workflows": True, "trends": True},
    }
    document.update(changes)
    return document


@pytest.fixture(autouse=True)
def _no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Loopback tests must not be routed through a proxy a developer's shell may set.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
