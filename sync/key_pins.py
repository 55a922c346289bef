"""The regional server's signing key this line PC trusts (its pin), and every change of it.

The key in force is in ``sync_state``; each change (first contact, a planned rotation the
pinned key endorsed, plant IT's re-trust) is also written to ``signing_key_pins`` with the key
before, when and how, in the same transaction, and logged. Nothing is overwritten without a
trace (migration m015).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from local_store import EventStore
from shopfloor_core.contract import key_fingerprint
from shopfloor_core.domain.clock import to_iso, utc_now
from sync.state import SyncState

log = logging.getLogger(__name__)

PINNED_KEY = "bundle_signing_key"

# How a pin came about (signing_key_pins.how).
FIRST_CONTACT = "first contact"
ENDORSED = "endorsed by the key pinned before"
RE_TRUSTED = "re-trusted by plant IT"


@dataclass(frozen=True)
class PinChange:
    key: str
    fingerprint: str
    previous_key: str | None
    how: str
    changed_utc: str
    detail: str

    def sentence(self) -> str:
        """The change in one line, for the log and the sync status."""
        return f"the regional server's signing key {self.fingerprint} is pinned ({self.how})"


def pinned_key(store: EventStore) -> str | None:
    return SyncState(store).get(PINNED_KEY)


def pinned_fingerprint(store: EventStore) -> str | None:
    key = pinned_key(store)
    return key_fingerprint(key) if key else None


def pin(
    store: EventStore, key: str, how: str, *, detail: str = "", now: datetime | None = None
) -> PinChange:
    """Trust ``key`` from now on, keeping the key before in the history."""
    change = PinChange(
        key=key,
        fingerprint=key_fingerprint(key),
        previous_key=pinned_key(store),
        how=how,
        changed_utc=to_iso(now or utc_now()),
        detail=detail,
    )
    with store.db.atomic():
        store.db.execute(
            "INSERT INTO signing_key_pins (key, fingerprint, previous_key, how, changed_utc, "
            "detail) VALUES (?, ?, ?, ?, ?, ?)",
            [key, change.fingerprint, change.previous_key, how, change.changed_utc, detail],
        )
        SyncState(store).put(PINNED_KEY, key)  # nests in this transaction
    before = key_fingerprint(change.previous_key) if change.previous_key else "none"
    log.warning("%s; the key pinned before: %s", change.sentence(), before)
    return change


def pin_history(store: EventStore) -> list[PinChange]:
    """Every pin, oldest first."""
    rows = store.db.execute(
        "SELECT key, fingerprint, previous_key, how, changed_utc, detail "
        "FROM signing_key_pins ORDER BY entry"
    ).fetchall()
    return [PinChange(*row) for row in rows]
