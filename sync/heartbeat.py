"""The heartbeat a line PC sends with its sync rounds (``POST /v1/heartbeat``).

It tells the region what only the device knows about its sync: its version, its outbox backlog
and how long the oldest record has waited, its last successful sync, its clock skew, its last
error, its pull cursor, whether it pulled to the end, the short fingerprint of the region's
signing key it pinned, and the version of the bundle in force (so a server restored from an
older backup publishes past it). Sent at the end of a round in which the
server answered, at most once a minute unless the round's problem changed; a server older than
heartbeats answers 404 and is asked again an hour later. A heartbeat never fails a round.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from local_store import EventStore
from local_store.outbox import Outbox
from operator_app import __version__
from shopfloor_core.contract import short_fingerprint
from shopfloor_core.domain.clock import to_iso, utc_now
from sync.http import RegionalClient, SyncProblem
from sync.key_pins import pinned_fingerprint
from sync.state import SyncState

HEARTBEAT_EVERY_S = 60.0
ASK_OLD_SERVER_AGAIN_S = 3600.0
LAST_ERROR = "last_error"
LAST_ERROR_UTC = "last_error_utc"
MAX_ERROR = 500

log = logging.getLogger(__name__)


def note_error(store: EventStore, problem: str, at: datetime | None = None) -> None:
    """Keep the round's problem, so the next heartbeat that gets through reports it."""
    state = SyncState(store)
    state.put(LAST_ERROR, problem[:MAX_ERROR])
    state.put(LAST_ERROR_UTC, to_iso(at or utc_now()))


def heartbeat(
    store: EventStore,
    *,
    clock_skew_s: float | None,
    caught_up: bool,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The heartbeat body from the store's own state."""
    state = SyncState(store)
    outbox = Outbox(store)
    backlog = outbox.backlog()
    oldest = outbox.oldest_pending_utc()
    moment = now or utc_now()
    last_success = state.last_success()
    pinned = pinned_fingerprint(store)
    in_force = store.active_bundle()
    return {
        "client_version": __version__,
        "backlog": backlog.pending,
        "quarantined": backlog.quarantined,
        "oldest_waiting_s": None if oldest is None else max(0.0, (moment - oldest).total_seconds()),
        "last_success_utc": to_iso(last_success) if last_success else None,
        "clock_skew_s": clock_skew_s,
        "last_error": state.get(LAST_ERROR),
        "last_error_utc": state.get(LAST_ERROR_UTC),
        "pull_cursor": state.pull_cursor(),
        "caught_up": caught_up,
        # Which of the region's keys this PC follows: the region sees who has not moved on.
        "pinned_key": short_fingerprint(pinned) if pinned else None,
        # A restored server's next publication must pass it, or this PC refuses it as older.
        "bundle_version": in_force[0] if in_force else None,
    }


def send_if_due(
    store: EventStore,
    client: RegionalClient,
    *,
    problem: str | None,
    caught_up: bool,
) -> bool:
    """Send a heartbeat when one is due; True when the server took it."""
    now = time.monotonic()
    pace = client.heartbeat_pace
    if pace.refused_at is not None and now - pace.refused_at < ASK_OLD_SERVER_AGAIN_S:
        return False
    due = pace.sent_at is None or now - pace.sent_at >= HEARTBEAT_EVERY_S
    if not due and problem == pace.problem:
        return False
    skew = client.clock_skew.total_seconds() if client.clock_skew is not None else None
    try:
        taken = client.heartbeat(heartbeat(store, clock_skew_s=skew, caught_up=caught_up))
    except SyncProblem as failure:
        log.info("heartbeat not sent: %s", failure.message)
        return False
    pace.problem = problem
    if taken:
        pace.sent_at, pace.refused_at = now, None
    else:
        pace.refused_at = now
    return taken
