"""Device and region credentials: bearer tokens, stored only as their SHA-256 digest.

A device token belongs to one device of one plant, area and line; it can write records of
that plant and line only, and read records of its own plant only. A region token (for the
regional office) reads every plant's summary and writes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from regional_server.database import Connection
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now

DEVICE = "device"
REGION = "region"


@dataclass(frozen=True)
class Credential:
    token_id: str
    role: str
    plant: str
    area: str
    line: str
    device: str
    expires_utc: datetime


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    conn: Connection,
    *,
    role: str,
    plant: str = "*",
    area: str = "*",
    line: str = "*",
    device: str = "*",
    valid_for: timedelta = timedelta(days=365),
    now: datetime | None = None,
) -> tuple[str, Credential]:
    """A new token (shown once, never stored) and its credential."""
    now = now or utc_now()
    token = secrets.token_urlsafe(32)
    token_id = secrets.token_hex(6)
    expires = now + valid_for
    conn.execute(
        "INSERT INTO tokens (token_id, digest, role, plant, area, line, device, issued_utc, "
        "expires_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [token_id, digest(token), role, plant, area, line, device, to_iso(now), to_iso(expires)],
    )
    return token, Credential(token_id, role, plant, area, line, device, expires)


class TokenRefused(Exception):
    """No valid credential: the answer is 401 with this reason."""


def authenticate(conn: Connection, token: str, now: datetime | None = None) -> Credential:
    row = conn.execute(
        "SELECT token_id, role, plant, area, line, device, expires_utc, revoked FROM tokens "
        "WHERE digest = ?",
        [digest(token)],
    ).fetchone()
    if row is None:
        raise TokenRefused("unknown token")
    token_id, role, plant, area, line, device, expires, revoked = row
    if revoked:
        raise TokenRefused("token revoked")
    expires_utc = from_iso(expires)
    if expires_utc <= (now or utc_now()):
        raise TokenRefused("token expired")
    return Credential(token_id, role, plant, area, line, device, expires_utc)


class CredentialCache:
    """Tokens checked in the last ``ttl_s`` seconds, so a busy worker skips most look-ups.

    A look-up is a database round trip and a trip through the connection pool, on every
    request; a line PC sends two or more requests a round. Only tokens found valid are kept,
    so refusals (and the brake on guessing) are unchanged. A revoked token is refused by every
    worker at most ``ttl_s`` after ``revoke-token``; an expired one at once, cached or not.
    """

    def __init__(
        self, ttl_s: float, *, monotonic: Callable[[], float] = time.monotonic, size: int = 20_000
    ) -> None:
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._size = size
        self._kept: dict[str, tuple[Credential, float]] = {}
        self._lock = threading.Lock()

    def recall(self, token: str, now: datetime) -> Credential | None:
        """The credential of ``token`` if it was found valid less than ``ttl_s`` ago."""
        with self._lock:
            kept = self._kept.get(digest(token))
        if kept is None or self._monotonic() - kept[1] >= self.ttl_s:
            return None
        if kept[0].expires_utc <= now:
            raise TokenRefused("token expired")
        return kept[0]

    def authenticate(
        self, token: str, now: datetime, look_up: Callable[[str], Credential]
    ) -> Credential:
        recalled = self.recall(token, now)
        if recalled is not None:
            return recalled
        key = digest(token)
        credential = look_up(token)
        with self._lock:
            if len(self._kept) >= self._size:
                self._kept.clear()  # a region has a few thousand tokens; this is a guard
            self._kept[key] = (credential, self._monotonic())
        return credential


def revoke(conn: Connection, token_id: str) -> bool:
    cursor = conn.execute("UPDATE tokens SET revoked = 1 WHERE token_id = ?", [token_id])
    return bool(cursor.rowcount)


def known_lines(conn: Connection) -> list[tuple[str, str, str]]:
    """(plant, area, line) of every device token ever issued."""
    rows = conn.execute(
        "SELECT DISTINCT plant, area, line FROM tokens WHERE role = 'device' ORDER BY 1, 3"
    ).fetchall()
    return [(p, a, line) for p, a, line in rows]
