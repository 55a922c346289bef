"""Refusing a request before reading it: the token from the headers first, then a bounded body.

FastAPI reads and parses a request's body before it runs any dependency, so a token checked by
a dependency is checked too late: an unauthenticated 30 KB gzip body inflating to 31 MB of
``{}`` cost 800 MB and held every other request up for seconds. This ASGI middleware sits in
front of the API instead:

1. an address that has just failed too many tokens is answered ``429`` with ``Retry-After``;
2. the bearer token from the ``Authorization`` header is checked (``401`` without it);
3. only then is the body read, at most ``Limits.raw_bytes`` as sent and, gzip inflated as it
   arrives, at most ``Limits.inflated_bytes`` (``413`` past either, ``415`` for an encoding
   other than gzip, ``400`` for broken gzip), and its JSON objects and arrays counted before
   anything parses it (``413`` past ``Limits.json_containers``);
4. the endpoint gets the inflated body, and the credential in ``request.state.credential``.

Nothing here knows the database: the application hands in ``authenticate``.
"""

from __future__ import annotations

import json
import math
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from regional_server.tokens import Credential, TokenRefused
from shopfloor_core.contract import MAX_BODY_BYTES, SERVER_TIME

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths under the API prefix that need no token (load balancers probe health).
OPEN_PATHS = frozenset({"/v1/health"})
# Every API version's paths: contract v2 pushes to /v2/records.
GUARDED_PREFIXES = ("/v1/", "/v2/")
METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


@dataclass(frozen=True)
class Limits:
    raw_bytes: int = MAX_BODY_BYTES
    inflated_bytes: int = MAX_BODY_BYTES
    # JSON objects and arrays in one body. Parsed, each costs 56 to 64 bytes however little
    # text it takes: 32 MB of "{}," is 800 MB of dicts. Real batches stay far below: a one-minute
    # count bucket is about 60 bytes of JSON, so a full body of them is some 550,000 objects.
    json_containers: int = 1_000_000


class Refusal(Exception):
    """The request is answered ``status`` with ``detail``; nothing more of it is read."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


class FailedTokenBrake:
    """Slows down guessing: a token bucket of failed tokens per client address.

    An address may fail ``BURST`` tokens in a row; after that one more failure is allowed every
    ``REFILL_S`` seconds, and until then every request from it is answered 429 before its token
    is looked at. A line PC with a revoked token retries once a minute and is never held up.
    Addresses are kept in memory, at most ``MAX_ADDRESSES`` (the oldest forgotten first).
    """

    BURST = 20
    REFILL_S = 3.0
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        # address -> (allowance left, when it was last worked out)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _allowance(self, address: str, now: float) -> float:
        left, then = self._buckets.get(address, (float(self.BURST), now))
        return min(float(self.BURST), left + (now - then) / self.REFILL_S)

    def wait_s(self, address: str) -> float:
        """Seconds until ``address`` may try a token again; 0 when it may now."""
        with self._lock:
            if address not in self._buckets:
                return 0.0
            left = self._allowance(address, self._clock())
        return 0.0 if left >= 1.0 else (1.0 - left) * self.REFILL_S

    def failed(self, address: str) -> None:
        with self._lock:
            now = self._clock()
            left = self._allowance(address, now) - 1.0
            self._buckets[address] = (left, now)
            self._buckets.move_to_end(address)
            while len(self._buckets) > self.MAX_ADDRESSES:
                self._buckets.popitem(last=False)


async def read_bounded(receive: Receive, encoding: str, limits: Limits) -> bytes:
    """The whole body, inflated as it arrives when gzip; refused as soon as a limit is passed."""
    if encoding not in ("identity", "gzip"):
        raise Refusal(415, f"content encoding {encoding!r} is not supported (use gzip or none)")
    inflater = zlib.decompressobj(wbits=31) if encoding == "gzip" else None
    body = bytearray()
    seen = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Refusal(400, "the client went away before the body was complete")
        chunk = bytes(message.get("body", b""))
        more = bool(message.get("more_body", False))
        seen += len(chunk)
        if seen > limits.raw_bytes:
            raise Refusal(413, f"request body too large: at most {limits.raw_bytes} bytes")
        if inflater is None:
            body += chunk
            continue
        try:
            while chunk:
                # Never more than one byte past the limit, however much this chunk inflates to.
                body += inflater.decompress(chunk, limits.inflated_bytes - len(body) + 1)
                if len(body) > limits.inflated_bytes:
                    raise Refusal(
                        413,
                        "request body too large once decompressed: at most "
                        f"{limits.inflated_bytes} bytes",
                    )
                if inflater.eof:  # a gzip member ended; another may follow (RFC 1952)
                    chunk = inflater.unused_data
                    if chunk:
                        inflater = zlib.decompressobj(wbits=31)
                else:
                    chunk = inflater.unconsumed_tail
        except zlib.error:
            raise Refusal(400, "the body is not valid gzip") from None
    if inflater is not None and not inflater.eof:
        raise Refusal(400, "the body is not valid gzip (it ends early)")
    return bytes(body)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def bearer_token(scope: Scope) -> str:
    value = _header(scope, b"authorization") or ""
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    return token.strip()


class Admission:
    """The ASGI middleware: a brake, the token, a bounded body, in that order."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticate: Callable[[str], Credential],
        recall: Callable[[str], Credential | None] = lambda _token: None,
        server_time: Callable[[], str],
        limits: Limits | None = None,
        brake: FailedTokenBrake | None = None,
        prefix: str | tuple[str, ...] = "/v1/",
    ) -> None:
        self.app = app
        self.authenticate = authenticate
        # A credential checked moments ago, without a database look-up: answered on the event
        # loop, which spares the request a trip through the thread pool. None: look it up.
        self.recall = recall
        self.server_time = server_time
        self.limits = limits or Limits()
        self.brake = brake or FailedTokenBrake()
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith(self.prefix) or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        try:
            scope, receive = await self._admit(scope, receive)
        except Refusal as refusal:
            await self._answer(send, refusal)
            return
        await self.app(scope, receive, send)

    async def _admit(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        wait = self.brake.wait_s(address)
        if wait > 0:
            raise Refusal(
                429,
                "too many refused tokens from this address; try again later",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )
        token = bearer_token(scope)
        try:
            who = self.recall(token) or await run_in_threadpool(self.authenticate, token)
        except TokenRefused as refused:
            self.brake.failed(address)
            raise Refusal(401, str(refused), {"WWW-Authenticate": "Bearer"}) from None
        scope = dict(scope)
        scope["state"] = {**scope.get("state", {}), "credential": who}
        if scope.get("method") not in METHODS_WITH_BODY:
            return scope, receive
        declared = _header(scope, b"content-length")
        if declared and declared.strip().isdigit() and int(declared) > self.limits.raw_bytes:
            raise Refusal(413, f"request body too large: at most {self.limits.raw_bytes} bytes")
        encoding = (_header(scope, b"content-encoding") or "identity").strip().lower()
        body = await read_bounded(receive, encoding, self.limits)
        # Counted before parsing (a byte scan, a few ms for 32 MB); braces inside strings only
        # make the count larger, and no real batch comes near the limit.
        if body.count(b"{") + body.count(b"[") > self.limits.json_containers:
            raise Refusal(
                413,
                "request body too large: more than "
                f"{self.limits.json_containers:,} JSON objects and arrays; send fewer records",
            )
        scope["headers"] = [
            (k, v)
            for k, v in scope.get("headers", [])
            if k.lower() not in (b"content-encoding", b"content-length")
        ] + [(b"content-length", str(len(body)).encode())]
        return scope, _replay(body, receive)

    async def _answer(self, send: Send, refusal: Refusal) -> None:
        stamp = self.server_time()
        payload = json.dumps({"detail": refusal.detail, "server_time": stamp}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (SERVER_TIME.lower().encode(), stamp.encode()),
            (b"cache-control", b"no-store"),
            *((k.lower().encode(), v.encode()) for k, v in refusal.headers.items()),
        ]
        await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the endpoint the body already read, then the client's own."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
