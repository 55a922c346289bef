"""The HTTP side of the sync client: one ``requests`` session per sync thread.

Every call carries a (connect, read) timeout, ``verify=`` (the plant's CA bundle or the system
trust store; never off) and the configured proxy, passed per request: a session-wide ``verify``
is silently replaced by ``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` from the environment. Short
outages (connection refused, read timeouts, 5xx, 429) are retried inside the call by urllib3
with exponential backoff and jitter; pushes may be retried too because each batch carries an
``Idempotency-Key`` and the server stores each record once. Longer outages are the caller's to
wait out (``sync.backoff``).
"""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from operator_app.site_config.model import SyncConfig
from shopfloor_core.contract import (
    BUNDLE_PATH,
    BUNDLE_SIGNATURE_HEADER,
    CONTRACT_VERSION,
    DEVICE_PATH,
    HEARTBEAT_PATH,
    IDEMPOTENCY_KEY,
    MAX_BODY_BYTES,
    PUSH_PATH,
    RECORDS_PATH,
    SERVER_TIME,
    SIGNED_AUDIENCE,
    Bundle,
    ContractError,
    PullPage,
    RecordResult,
    parse_bundle,
    parse_pull_page,
    parse_push_answer,
    parse_server_time,
)
from shopfloor_core.domain.clock import Clock, utc_now

USER_AGENT = "operator-app-sync/1"


@dataclass(frozen=True)
class Timeouts:
    connect_s: float = 3.05
    read_s: float = 30.0


@dataclass
class HeartbeatPace:
    """When this client last sent a heartbeat (monotonic), or was told the server has none."""

    sent_at: float | None = None
    refused_at: float | None = None
    problem: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Retries inside one call; waits are backoff_s * 2**n (+ up to jitter_s), at most max_s."""

    attempts: int = 3
    backoff_s: float = 0.5
    jitter_s: float = 0.3
    max_s: float = 10.0


class SyncProblem(Exception):
    """Something kept this round from finishing; ``message`` is for plant IT."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unreachable(SyncProblem):
    """Network down, server down or failing, answers too slow: try again later."""


class AuthRefused(SyncProblem):
    """401/403: the device token is missing, expired, revoked or not allowed this."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class BatchRefused(SyncProblem):
    """The server refused a whole batch (not a per-record answer)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ServerTooOld(SyncProblem):
    """The server does not take this client's contract version: records wait for its upgrade."""


class RegionalClient:
    """The calls of the sync contract, for one device token."""

    def __init__(
        self,
        config: SyncConfig,
        token: str,
        device: str,
        *,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        clock: Clock = utc_now,
    ) -> None:
        self.base = config.server_url.rstrip("/")
        self.device = device
        self.timeouts = timeouts
        self.clock = clock
        self.verify: str | bool = str(config.ca_bundle) if config.ca_bundle else True
        self.proxies = {"http": config.proxy, "https": config.proxy} if config.proxy else {}
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = HTTPAdapter(
            max_retries=Retry(
                total=retry.attempts,
                connect=retry.attempts,
                read=retry.attempts,
                status=retry.attempts,
                other=0,
                backoff_factor=retry.backoff_s,
                backoff_jitter=retry.jitter_s,
                backoff_max=retry.max_s,
                status_forcelist=(429, 500, 502, 503, 504),
                allowed_methods=frozenset({"GET", "POST"}),
                respect_retry_after_header=True,
                raise_on_status=False,
            )
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # The server's clock minus ours, from the last answer (None before the first).
        self.clock_skew: timedelta | None = None
        self.last_answer_utc: datetime | None = None
        self.heartbeat_pace = HeartbeatPace()

    def close(self) -> None:
        self.session.close()

    # -- the calls ------------------------------------------------------------------------------
    def push(self, body: bytes, idempotency_key: str) -> list[RecordResult]:
        """POST one batch (``shopfloor_core.contract.encode_batch``), gzip-compressed."""
        response = self._call(
            "POST",
            PUSH_PATH,
            data=gzip.compress(body, compresslevel=5),
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                IDEMPOTENCY_KEY: idempotency_key,
            },
        )
        if response.status_code in (404, 405):
            # A v1 server has no push path of contract v2. Nothing is wrong with the records:
            # they wait here, whole, until the region upgrades its server.
            raise ServerTooOld(
                f"the regional server does not take sync contract v{CONTRACT_VERSION} "
                f"(HTTP {response.status_code} for {PUSH_PATH}); records wait on this PC "
                "until the region upgrades it"
            )
        if response.status_code != 200:
            raise BatchRefused(
                f"the server refused the batch: {_describe(response)}", response.status_code
            )
        return parse_push_answer(_json(response))

    def bundle(self, etag: str | None) -> Bundle | None:
        """The current bundle, or None when ``etag`` is still current or none is published."""
        # Asks the server to sign whom the bundle is for (an older server ignores it).
        headers = {BUNDLE_SIGNATURE_HEADER: SIGNED_AUDIENCE}
        if etag:
            headers["If-None-Match"] = etag
        response = self._call("GET", BUNDLE_PATH, headers=headers, at_most=MAX_BUNDLE_ANSWER_BYTES)
        if response.status_code in (304, 404):
            return None
        if response.status_code != 200:
            raise Unreachable(f"bundle: {_describe(response)}")
        return parse_bundle(_json(response), response.headers.get("ETag", ""))

    def pull(self, after: int, limit: int, scope: str = "line") -> PullPage:
        response = self._call(
            "GET", RECORDS_PATH, params={"after": after, "limit": limit, "scope": scope}
        )
        if response.status_code != 200:
            raise Unreachable(f"records: {_describe(response)}")
        return parse_pull_page(_json(response))

    def heartbeat(self, beat: dict[str, Any]) -> bool:
        """POST the device's sync state; False when the server predates heartbeats (404)."""
        response = self._call("POST", HEARTBEAT_PATH, json=beat)
        if response.status_code == 404:
            return False
        if response.status_code != 200:
            raise Unreachable(f"heartbeat: {_describe(response)}")
        return True

    def whoami(self) -> dict[str, Any]:
        response = self._call("GET", DEVICE_PATH)
        if response.status_code != 200:
            raise Unreachable(f"device: {_describe(response)}")
        data = _json(response)
        if not isinstance(data, dict):
            raise ContractError("device answer is not a JSON object")
        return data

    # -- one request ----------------------------------------------------------------------------
    def _call(
        self, method: str, path: str, *, at_most: int | None = None, **kwargs: Any
    ) -> requests.Response:
        """One request; ``at_most``: the most bytes of answer read (inflated), else refused."""
        sent = time.monotonic()
        sent_utc = self.clock()
        try:
            response = self.session.request(
                method,
                self.base + path,
                timeout=(self.timeouts.connect_s, self.timeouts.read_s),
                verify=self.verify,
                proxies=self.proxies,
                allow_redirects=False,
                stream=at_most is not None,
                **kwargs,
            )
            if at_most is not None:
                _read_bounded(response, at_most)
        except requests.exceptions.SSLError as exc:
            raise Unreachable(
                f"TLS: the server's certificate is not trusted or does not match ({_root(exc)}); "
                "check [sync] ca_bundle"
            ) from None
        except requests.exceptions.ProxyError as exc:
            raise Unreachable(f"proxy: {_root(exc)}") from None
        except requests.exceptions.Timeout:
            raise Unreachable("the server did not answer in time") from None
        except requests.exceptions.RetryError as exc:
            raise Unreachable(f"the server keeps failing ({_root(exc)})") from None
        except requests.exceptions.ConnectionError as exc:
            raise Unreachable(f"cannot reach the server ({_root(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise Unreachable(f"request failed ({_root(exc)})") from None
        self._note_server_time(response, sent, sent_utc)
        if response.status_code in (401, 403):
            raise AuthRefused(_auth_message(response), response.status_code)
        if response.status_code == 429 or response.status_code >= 500:
            raise Unreachable(f"the server is failing: {_describe(response)}")
        return response

    def _note_server_time(
        self, response: requests.Response, sent: float, sent_utc: datetime
    ) -> None:
        server = parse_server_time(response.headers.get(SERVER_TIME))
        if server is None:
            return
        # The server stamped its answer somewhere inside the round trip: assume the middle.
        half = timedelta(seconds=(time.monotonic() - sent) / 2)
        self.clock_skew = server - (sent_utc + half)
        self.last_answer_utc = self.clock()


# A bundle is the region's standards (a few hundred kB); its answer is bounded like a push body.
MAX_BUNDLE_ANSWER_BYTES = MAX_BODY_BYTES
READ_CHUNK_BYTES = 64 * 1024


def _read_bounded(response: requests.Response, at_most: int) -> None:
    """Read the answer's body, at most ``at_most`` bytes once inflated, as the server bounds
    what it reads: a hostile or broken server cannot make this PC hold and parse without end."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > at_most:
            response.close()
            raise ContractError(f"the answer is larger than {at_most // 2**20} MiB; not read")
        chunks.append(chunk)
    response._content = b"".join(chunks)  # what .json() and .text read from now on


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("Content-Type", "?")
        raise ContractError(f"the answer is not JSON ({kind}); a proxy page?") from None


def _detail(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(data, dict) and "detail" in data:
        return (
            json.dumps(data["detail"])[:300]
            if not isinstance(data["detail"], str)
            else data["detail"][:300]
        )
    return str(data)[:200]


def _describe(response: requests.Response) -> str:
    return f"HTTP {response.status_code} {_detail(response)}".strip()


def _auth_message(response: requests.Response) -> str:
    if response.status_code == 401:
        return f"the server does not accept this device's token ({_detail(response)})"
    return f"the server refuses this device ({_detail(response)})"


def _root(exc: BaseException) -> str:
    """The innermost cause, which names what actually went wrong."""
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    text = str(exc) or type(exc).__name__
    return text[:200]
