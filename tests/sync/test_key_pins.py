"""The line PC's pinned key keeps its history: a key pinned before the history existed starts
it, every change adds a row with the key before, and no row can be changed or deleted."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from local_store import EventStore
from regional_server.signing import public_text
from shopfloor_core.contract import key_fingerprint
from sync.key_pins import PINNED_KEY, RE_TRUSTED, pin, pin_history, pinned_key
from sync.state import SyncState

AT = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)


def test_a_key_pinned_before_the_history_starts_it_and_changes_follow(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    old, new = public_text(Ed25519PrivateKey.generate()), public_text(Ed25519PrivateKey.generate())
    store = EventStore.open(path)
    # As a store of schema 14 held it: the pin alone, no history.
    SyncState(store).put(PINNED_KEY, old)
    store.db.execute("DROP TABLE signing_key_pins")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_signing_key_pins'")
    store.close()

    store = EventStore.open(path)
    try:
        (start,) = pin_history(store)
        assert (start.key, start.fingerprint, start.previous_key) == (
            old,
            key_fingerprint(old),
            None,
        )
        assert "before this history was kept" in start.detail

        change = pin(store, new, RE_TRUSTED, detail="fingerprint given", now=AT)
        assert pinned_key(store) == new
        assert pin_history(store)[-1] == change
        assert (change.previous_key, change.how, change.changed_utc) == (
            old,
            RE_TRUSTED,
            "2026-11-28T09:30:00.000Z",
        )
        for statement in ("UPDATE signing_key_pins SET key = 'x'", "DELETE FROM signing_key_pins"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                store.db.execute(statement)
        assert len(pin_history(store)) == 2
    finally:
        store.close()
