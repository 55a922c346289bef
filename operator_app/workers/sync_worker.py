"""The sync thread: rounds with the regional server in the background, status to the GUI.

The thread owns its own ``EventStore`` connection and ``requests`` session. A round pushes the
outbox, refreshes the regional bundle and pulls the line's records (``sync.round``); the GUI
only ever receives a ``SyncStatus`` by signal. Between rounds it waits ``[sync] interval_s``
while all is well, and an exponentially growing, jittered delay while the server cannot be
reached. Stopping interrupts a long drain between two batches.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QThread, QTimer, Signal, Slot

from local_store import EventStore
from operator_app.screens.formatting import local_time
from operator_app.services.job_queue import refresh_job_queue
from operator_app.services.jobs import JobService
from operator_app.services.standards import standards_in_force
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import utc_now
from sync.backoff import Backoff
from sync.http import RegionalClient
from sync.round import SyncStatus, offline_status, run_round
from sync.token import TokenProblem, read_token, token_path

log = logging.getLogger(__name__)

# Without a usable token there is nothing to retry quickly: look for a newly enrolled one now
# and then.
TOKEN_RETRY_S = 60.0


class _SyncSide(QObject):
    """Lives in the sync thread; owns the store connection and the HTTP session."""

    status = Signal(object)
    standards_changed = Signal()

    def __init__(self, site: SiteConfig, stop: threading.Event, backoff: Backoff) -> None:
        super().__init__()
        self.site = site
        self.stop = stop
        self.backoff = backoff
        self.store: EventStore | None = None
        self.client: RegionalClient | None = None
        self.token: str | None = None
        self.timer: QTimer | None = None

    @Slot()
    def open(self) -> None:
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run_round)
        try:
            self.store = EventStore.open(self.site.database_path)
        except Exception as exc:
            log.exception("sync cannot open the store")
            self.status.emit(SyncStatus(False, 0, 0, None, problem=str(exc)))
            return
        self.run_round()

    @Slot()
    def run_round(self) -> None:
        if self.store is None or self.stop.is_set() or self.site.sync is None:
            return
        client = self._client()
        if client is None:
            return
        try:
            result = run_round(
                self.store,
                client,
                zone=self.site.timezone,
                batch_size=self.site.sync.batch_size,
                stop=self.stop,
                shift_pattern=self.site.shift_pattern,
                pull_scope=self.site.sync.pull_scope,
                plant=self.site.plant,
            )
        except Exception as exc:
            # A store error (disk full, locked) or a bug: say so, keep every record, try later.
            log.exception("sync round failed")
            self.status.emit(offline_status(self.store, str(exc)))
            self._schedule(self.backoff.failed())
            return
        status = result.status
        self.status.emit(status)
        if result.bundle is not None and result.bundle.applied:
            self.standards_changed.emit()
        self._refresh_jobs()
        if status.auth_problem:
            # The token will not get better by asking again; IT enrols a new one.
            self.client = None
            self._schedule(TOKEN_RETRY_S)
        elif status.problem:
            self._schedule(self.backoff.failed())
        else:
            self.backoff.succeeded()
            self._schedule(self.site.sync.interval_s)

    def _refresh_jobs(self) -> None:
        """The region's new orders and plant IT's job lists join the queue after each round."""
        assert self.store is not None
        try:
            standards = standards_in_force(self.store, self.site)
            service = JobService(
                self.store, standards.site, standards.catalogue, standards.products
            )
            refresh_job_queue(service, standards.jobs)
        except Exception:
            # A store error or a bug: logged; the queue is refreshed again next round.
            log.exception("job queue could not be refreshed")

    def _client(self) -> RegionalClient | None:
        assert self.store is not None
        assert self.site.sync is not None
        try:
            token = read_token(token_path(self.site))
        except TokenProblem as problem:
            self.status.emit(offline_status(self.store, str(problem), auth=True))
            self._schedule(TOKEN_RETRY_S)
            return None
        if self.client is None or token != self.token:
            if self.client is not None:
                self.client.close()
            self.client = RegionalClient(self.site.sync, token, self.site.device)
            self.token = token
        return self.client

    def _schedule(self, seconds: float) -> None:
        if self.timer is not None and not self.stop.is_set():
            self.timer.start(int(seconds * 1000))

    @Slot()
    def sync_now(self) -> None:
        if self.timer is not None and self.timer.isActive():
            self.timer.stop()
            self.run_round()

    @Slot()
    def close(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.store is not None:
            self.store.close()
            self.store = None


class SyncWorker(QObject):
    """GUI-side handle of the sync thread.

    Signals:
        status_changed(status): a ``sync.round.SyncStatus`` after every round.
        status_text(text, problem): the same as one line for the status bar, in the current
            language; ``problem`` marks an abnormal state (offline, refused, quarantine, skew).
        standards_changed(): a new regional bundle is in force; reload the catalogue.
    """

    status_changed = Signal(object)
    status_text = Signal(str, bool)
    standards_changed = Signal()
    _open = Signal()
    _close = Signal()
    _sync_now = Signal()

    def __init__(
        self, site: SiteConfig, parent: QObject | None = None, *, backoff: Backoff | None = None
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.latest: SyncStatus | None = None
        self._stop = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("sync")
        self._side = _SyncSide(site, self._stop, backoff or Backoff())
        self._side.moveToThread(self._thread)
        self._open.connect(self._side.open)
        self._close.connect(self._side.close)
        self._sync_now.connect(self._side.sync_now)
        self._side.status.connect(self._on_status)
        self._side.standards_changed.connect(self.standards_changed)

    def start(self) -> None:
        if not self._thread.isRunning():
            self._thread.start()
            self._open.emit()

    def sync_now(self) -> None:
        """Run a round now instead of at the next interval (e.g. after a requeue)."""
        self._sync_now.emit()

    def stop(self) -> None:
        """Interrupt a drain between batches, close the connection, end the thread."""
        if not self._thread.isRunning():
            return
        self._stop.set()
        self._close.emit()
        self._thread.quit()
        self._thread.wait()

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        # Each change of the link's trouble once in the log, not every round of an outage.
        problem = status.auth_problem or status.problem
        previous = (self.latest.auth_problem or self.latest.problem) if self.latest else None
        if problem != previous:
            if problem:
                log.warning("sync: %s", problem)
            elif previous:
                log.info("sync works again")
        self.latest = status
        self.status_changed.emit(status)
        self.republish()

    def republish(self) -> None:
        """Emit the status line again (after a language change)."""
        if self.latest is not None:
            text, problem = describe(self.latest, self.site.timezone)
            self.status_text.emit(text, problem)


def describe(status: SyncStatus, zone: str, now: datetime | None = None) -> tuple[str, bool]:
    """The status bar line: short whole statements joined by a separator, and whether abnormal."""
    translate = QCoreApplication.translate
    parts: list[str] = []
    if status.auth_problem:
        parts.append(
            translate(
                "SyncStatus", "Sync stopped: the regional server refuses this PC's key. Call IT."
            )
        )
    elif status.online:
        parts.append(translate("SyncStatus", "Online"))
    else:
        parts.append(translate("SyncStatus", "Offline"))
    # Counts as "label: number": no plural forms needed in any language.
    number = QLocale().toString
    parts.append(translate("SyncStatus", "waiting to send: {0}").format(number(status.waiting)))
    if status.last_success_utc is not None:
        older = (now or utc_now()) - status.last_success_utc > timedelta(hours=12)
        when = local_time(status.last_success_utc, zone, with_date=older)
        parts.append(translate("SyncStatus", "last sync {0}").format(when))
    else:
        parts.append(translate("SyncStatus", "never synced"))
    if status.quarantined:
        parts.append(
            translate("SyncStatus", "refused by the server: {0} (see Sync problems)").format(
                number(status.quarantined)
            )
        )
    if status.clock_skewed and status.clock_skew_s is not None:
        parts.append(
            translate("SyncStatus", "PC clock off by {0} s").format(round(-status.clock_skew_s))
        )
    if status.bundle_problems:
        parts.append(translate("SyncStatus", "new regional standards refused, old ones kept"))
    problem = (
        not status.online
        or bool(status.quarantined)
        or status.clock_skewed
        or bool(status.bundle_problems)
    )
    return " · ".join(parts), problem
