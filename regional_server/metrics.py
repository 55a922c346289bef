"""Prometheus metrics at ``/metrics``: requests, latencies, records stored and refused, devices.

Two kinds of figures:

- **Counted as they happen** (requests by route, method and status; latency; records stored,
  duplicated and refused by kind and reason): prometheus_client counters and a histogram.
  ``serve --workers N`` runs N processes, each counting its own requests, so they count in
  prometheus_client's multiprocess mode: each process writes its values to memory-mapped files
  in ``PROMETHEUS_MULTIPROC_DIR`` (a fresh temporary folder made by ``serve``) and a scrape,
  whichever worker answers it, adds up every process's files. Counting in the database instead
  would add a write to every request of 1,000 devices for the sake of a figure.
- **Read from the database at scrape time** (each device's backlog, oldest waiting record,
  clock skew and silence, from its latest heartbeat; whether the database answers): the same
  whichever worker answers, with no counting at all.

Access: not public by default. A scrape needs a region token (``Authorization: Bearer``, as
``regional-server issue-token --region`` makes) unless the server was started with
``--public-metrics`` (or ``REGIONAL_SERVER_PUBLIC_METRICS=1``) for a port only the monitoring
network reaches.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from starlette.middleware import Middleware

from regional_server import tokens
from regional_server.admission import ASGIApp, Message, Receive, Scope, Send
from regional_server.database import Connections
from shopfloor_core.contract import RECORD_KINDS, Outcome
from shopfloor_core.domain.clock import from_iso

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
PUBLIC_METRICS_ENV = "REGIONAL_SERVER_PUBLIC_METRICS"
METRICS_PATH = "/metrics"
ROUTE_NOTE = "regional_server.route"
# Reason codes a refusal starts with (record_checks, records); any other counts as "other",
# so a client cannot grow the number of series by sending odd records.
REFUSAL_CODES = frozenset(
    {
        "times",
        "out_of_range",
        "scope",
        "unknown_catalogue",
        "unknown_reason",
        "invalid",
        "unknown_kind",
        "conflict",
    }
)
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def public_by_default() -> bool:
    return os.environ.get(PUBLIC_METRICS_ENV, "").strip().lower() in {"1", "true", "yes"}


def refusal_code(reason: str) -> str:
    code = reason.split(":", 1)[0].strip()
    return code if code in REFUSAL_CODES else "other"


class ServerMetrics:
    """The server's counters, and the exposition of them plus the database's figures."""

    def __init__(
        self,
        connections: Connections,
        clock: Callable[[], datetime],
        *,
        public: bool | None = None,
    ) -> None:
        self.connections = connections
        self.clock = clock
        self.public = public_by_default() if public is None else public
        # Each app its own registry: the tests run many apps in one process. In multiprocess
        # mode the values live in the shared folder, and this registry is never scraped.
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "regional_requests",
            "HTTP requests answered, by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "regional_request_duration_seconds",
            "Time from a request's arrival to the end of its answer, by route template",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.stored = Counter(
            "regional_records_stored",
            "Records pushed and stored now (accepted) or already held (duplicate), by kind",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.refused = Counter(
            "regional_records_refused",
            "Records pushed and refused, by kind and reason code",
            ["kind", "reason"],
            registry=self.registry,
        )
        self._templates: set[str] = set()

    # -- counting ----------------------------------------------------------------------------
    def route_label(self, routed: str | None, path: str) -> str:
        """The route's template (``/v1/records``), never a raw path: bounded label values.

        A request the router matched names its route. One refused before routing (a bad
        token, a body too large) is labelled by its path if that is a template some request
        already matched (the API's paths have no parameters), else ``other``.
        """
        if routed is not None:
            self._templates.add(routed)
            return routed
        return path if path in self._templates else "other"

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def count_answers(self, kinds: Sequence[str], answers: Iterable[tuple[Outcome, str]]) -> None:
        """One push's answers, in the order of its records (``kinds``)."""
        for kind, (outcome, reason) in zip(kinds, answers, strict=False):
            label = kind if kind in RECORD_KINDS else "unknown"
            if outcome is Outcome.REJECTED:
                self.refused.labels(label, refusal_code(reason)).inc()
            else:
                self.stored.labels(label, outcome.value).inc()

    # -- exposition --------------------------------------------------------------------------
    def exposition(self) -> bytes:
        folder = os.environ.get(MULTIPROCESS_ENV)
        if folder:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(_Processes(Path(folder)))
        else:
            registry = CollectorRegistry()
            registry.register(_Registered(self.registry))
        registry.register(DeviceCollector(self.connections, self.clock))
        return bytes(generate_latest(registry))

    def install(self, app: FastAPI, authenticate: Callable[[str], tokens.Credential]) -> None:
        """Count every request (refusals before the body included) and serve ``/metrics``."""
        app.add_middleware(_RequestMetrics, metrics=self)  # outermost: sees every answer
        # Innermost (Starlette keeps user middleware outermost first): it sees the scope the
        # router wrote the matched route into, which the admission middleware copied.
        app.user_middleware.append(Middleware(_RouteNote))

        @app.get(METRICS_PATH, include_in_schema=False)
        def scrape(request: Request) -> Response:
            if not self.public:
                refused = _refusal(request, authenticate)
                if refused is not None:
                    return refused
            return Response(self.exposition(), media_type=CONTENT_TYPE_LATEST)


def _refusal(request: Request, authenticate: Callable[[str], tokens.Credential]) -> Response | None:
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token.strip():
        return Response("a region token is required\n", 401, challenge, "text/plain")
    try:
        who = authenticate(token.strip())
    except tokens.TokenRefused as refused:
        return Response(f"{refused}\n", 401, challenge, "text/plain")
    if who.role != tokens.REGION:
        return Response("only a region token may read the metrics\n", 403, None, "text/plain")
    return None


class _Registered:
    """A registry's collectors, handed to another registry (counters plus database figures)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterator[Metric]:
        yield from self.registry.collect()


class _Processes:
    """How many server processes have counted since start (each writes files named by pid)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def collect(self) -> Iterator[Metric]:
        pids = {path.stem.rsplit("_", 1)[-1] for path in self.folder.glob("*.db")}
        family = GaugeMetricFamily(
            "regional_server_processes_counted",
            "Server processes whose counts this scrape adds up (workers, and any that restarted)",
        )
        family.add_metric([], len(pids))
        yield family


class DeviceCollector:
    """Figures read from the database when scraped: one series per device that sent heartbeats."""

    def __init__(self, connections: Connections, clock: Callable[[], datetime]) -> None:
        self.connections = connections
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        labels = ["plant", "area", "line", "device"]
        up = GaugeMetricFamily("regional_database_up", "1 when the database answers, else 0")
        backlog = GaugeMetricFamily(
            "regional_device_backlog_records",
            "Records waiting in the device's outbox",
            labels=labels,
        )
        quarantined = GaugeMetricFamily(
            "regional_device_quarantined_records",
            "Records the server refused, set aside on the device",
            labels=labels,
        )
        oldest = GaugeMetricFamily(
            "regional_device_oldest_waiting_seconds",
            "Age of the device's oldest waiting record when it last reported (0: none waits)",
            labels=labels,
        )
        skew = GaugeMetricFamily(
            "regional_device_clock_skew_seconds",
            "The server's clock minus the device's, as the device measured it",
            labels=labels,
        )
        silent = GaugeMetricFamily(
            "regional_device_silent_seconds",
            "Seconds since the device's last heartbeat",
            labels=labels,
        )
        now = self.clock()
        try:
            with self.connections.read() as conn:
                rows = conn.execute(
                    "SELECT plant, area, line, device, received_utc, backlog, quarantined, "
                    "oldest_waiting_utc, clock_skew_s FROM device_heartbeats"
                ).fetchall()
        except Exception:  # noqa: BLE001 - a scrape of a server without its database says so
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        for plant, area, line, device, received, waiting, refused, oldest_utc, skew_s in rows:
            key = [plant, area, line, device]
            heard = from_iso(received)
            backlog.add_metric(key, waiting)
            quarantined.add_metric(key, refused)
            age = (heard - from_iso(oldest_utc)).total_seconds() if oldest_utc else 0.0
            oldest.add_metric(key, max(0.0, age))
            if skew_s is not None:
                skew.add_metric(key, skew_s)
            silent.add_metric(key, max(0.0, (now - heard).total_seconds()))
        yield from (up, backlog, quarantined, oldest, skew, silent)


class _RequestMetrics:
    """ASGI middleware: each answer's route, method, status and duration."""

    def __init__(self, app: ASGIApp, *, metrics: ServerMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        noted: dict[str, str] = {}
        scope[ROUTE_NOTE] = noted  # copied by reference into every inner copy of the scope
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            route = self.metrics.route_label(noted.get("route"), str(scope.get("path", "")))
            self.metrics.observe(
                route, str(scope.get("method", "")), status, time.perf_counter() - started
            )


class _RouteNote:
    """ASGI middleware next to the router: notes the matched route's template for the outer one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            noted = scope.get(ROUTE_NOTE)
            route = scope.get("route")
            if isinstance(noted, dict) and route is not None:
                noted["route"] = str(getattr(route, "path", "other"))
