"""One sync round: push the outbox, refresh the bundle, pull the line's records, report.

The round never raises for a network, server or credential problem: it ends early and says so
in its status, and every record stays where it was. The caller (the sync worker, or
``operator-app sync --once``) decides when the next round runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from local_store import EventStore
from local_store.outbox import Outbox
from shopfloor_core.contract import ContractError
from sync.bundle import BundleCheck, refresh_bundle
from sync.drain import DrainReport, drain
from sync.heartbeat import note_error, send_if_due
from sync.http import AuthRefused, RegionalClient, SyncProblem
from sync.key_pins import pinned_fingerprint
from sync.state import SyncState

# Beyond this difference between the server's clock and ours, times of new records are suspect.
CLOCK_SKEW_WARN_S = 120.0
PULL_PAGE = 500
MAX_PULL_PAGES_PER_ROUND = 20


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar and ``sync --once`` report."""

    online: bool
    waiting: int
    quarantined: int
    last_success_utc: datetime | None
    auth_problem: str | None = None
    problem: str | None = None
    clock_skew_s: float | None = None
    bundle_version: int | None = None
    bundle_problems: tuple[str, ...] = ()
    delivered: int = 0
    pulled: int = 0
    # The fingerprint of the regional server's key this PC trusts, and what changed it in this
    # round (a planned rotation the pinned key endorsed, or first contact).
    signing_key: str | None = None
    key_change: str | None = None

    @property
    def clock_skewed(self) -> bool:
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > CLOCK_SKEW_WARN_S

    @property
    def everything_delivered(self) -> bool:
        return self.waiting == 0 and self.quarantined == 0


@dataclass
class RoundResult:
    status: SyncStatus
    drained: DrainReport = field(default_factory=DrainReport)
    bundle: BundleCheck | None = None


def run_round(
    store: EventStore,
    client: RegionalClient,
    *,
    zone: str,
    batch_size: int,
    stop: threading.Event | None = None,
    pull_scope: str = "line",
    shift_pattern: str | None = "",
    plant: str,
) -> RoundResult:
    state = SyncState(store)
    report = DrainReport()
    bundle: BundleCheck | None = None
    pulled = 0
    caught_up = False
    auth_problem = problem = None
    answered_before = client.last_answer_utc
    try:
        drain(store, client, batch_size, stop=stop, report=report)
        if stop is None or not stop.is_set():
            bundle = refresh_bundle(store, client, zone, shift_pattern, plant=plant)
            pulled, caught_up = pull_records(store, client, pull_scope, stop)
    except AuthRefused as denied:
        auth_problem = denied.message
    except SyncProblem as failure:
        problem = failure.message
    except ContractError as wrong:
        problem = f"the server's answer does not follow the sync contract: {wrong}"
    online = auth_problem is None and problem is None
    if online:
        state.note_success(client.last_answer_utc)
        Outbox(store).prune_delivered()
    else:
        note_error(store, auth_problem or problem or "")
    if client.last_answer_utc != answered_before and auth_problem is None:
        # The server answered in this round, so a heartbeat may get through (and report the
        # round's problem); an unreachable server is not asked once more.
        send_if_due(store, client, problem=problem, caught_up=online and caught_up)
    backlog = Outbox(store).backlog()
    refused = state.refused_bundle()
    active = state.active_bundle()
    skew = client.clock_skew.total_seconds() if client.clock_skew is not None else None
    status = SyncStatus(
        online=online,
        waiting=backlog.pending,
        quarantined=backlog.quarantined,
        last_success_utc=state.last_success(),
        auth_problem=auth_problem,
        problem=problem,
        clock_skew_s=skew,
        bundle_version=active[0] if active else None,
        bundle_problems=tuple(refused.get("problems", ())) if refused else (),
        delivered=report.delivered,
        pulled=pulled,
        signing_key=pinned_fingerprint(store),
        key_change=bundle.key_change.sentence() if bundle and bundle.key_change else None,
    )
    return RoundResult(status, report, bundle)


def offline_status(store: EventStore, problem: str, *, auth: bool = False) -> SyncStatus:
    """The status when no round can even start (no token, no [sync] section)."""
    state = SyncState(store)
    backlog = Outbox(store).backlog()
    return SyncStatus(
        online=False,
        waiting=backlog.pending,
        quarantined=backlog.quarantined,
        last_success_utc=state.last_success(),
        auth_problem=problem if auth else None,
        problem=None if auth else problem,
    )


def pull_records(
    store: EventStore, client: RegionalClient, scope: str, stop: threading.Event | None = None
) -> tuple[int, bool]:
    """Other devices' records of this line (or area), page by page from the saved cursor.

    How many came, and whether the last page said there were no more (caught up).
    """
    state = SyncState(store)
    cursor = state.pull_cursor()
    total = 0
    more = True
    for _ in range(MAX_PULL_PAGES_PER_ROUND):
        page = client.pull(cursor, PULL_PAGE, scope)
        state.save_pulled(page.records, page.next_cursor)
        total += len(page.records)
        cursor = page.next_cursor
        more = page.more
        if not page.more or (stop is not None and stop.is_set()):
            break
    return total, not more
