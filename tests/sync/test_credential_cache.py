"""Tokens found valid are trusted for a few seconds without a look-up; revocation still holds.

Run on each database of ``--server-db``, with a hand-moved monotonic clock for the cache.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from regional_server import tokens
from regional_server.database import Connections
from tests.sync.test_server_database import AT


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_revoked_token_is_refused_once_its_cached_check_is_older_than_the_cache_time(
    server_database: str | Path,
) -> None:
    connections = Connections(server_database, pool_size=2)
    ticks = Ticks()
    cache = tokens.CredentialCache(10.0, monotonic=ticks)
    looked_up: list[str] = []

    def look_up(token: str) -> tokens.Credential:
        looked_up.append(token)
        with connections.read() as conn:
            return tokens.authenticate(conn, token, AT)

    try:
        with connections.write() as conn:
            token, credential = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="PC-A", now=AT
            )
        assert cache.recall(token, AT) is None  # never checked: the request looks it up
        assert cache.authenticate(token, AT, look_up) == credential
        ticks.now += 9.0
        assert cache.recall(token, AT) == credential
        assert cache.authenticate(token, AT, look_up) == credential
        assert len(looked_up) == 1  # the later requests trusted the first one's check
        with connections.write() as conn:
            assert tokens.revoke(conn, credential.token_id)
        ticks.now += 1.0
        assert cache.recall(token, AT) is None
        with pytest.raises(tokens.TokenRefused, match="revoked"):
            cache.authenticate(token, AT, look_up)
        with pytest.raises(tokens.TokenRefused, match="revoked"):
            cache.authenticate(token, AT, look_up)  # refusals are never kept
        assert len(looked_up) == 3
    finally:
        connections.close()


def test_a_cached_token_past_its_expiry_is_refused_at_once(server_database: str | Path) -> None:
    connections = Connections(server_database, pool_size=2)
    cache = tokens.CredentialCache(10.0, monotonic=Ticks())

    def look_up(token: str) -> tokens.Credential:
        with connections.read() as conn:
            return tokens.authenticate(conn, token, AT)

    try:
        with connections.write() as conn:
            token, credential = tokens.issue(
                conn,
                role=tokens.DEVICE,
                plant="VAL",
                area="A",
                line="L1",
                device="PC-A",
                now=AT,
                valid_for=timedelta(hours=1),
            )
        assert cache.authenticate(token, AT, look_up) == credential
        with pytest.raises(tokens.TokenRefused, match="expired"):
            cache.authenticate(token, AT + timedelta(hours=1), look_up)
        with pytest.raises(tokens.TokenRefused, match="unknown"):
            cache.authenticate("not-a-token", AT, look_up)
    finally:
        connections.close()
