"""The Qt side of machine data: pollers in, store writes and GUI signals out.

Each machine with a tag map has a ``DevicePoller`` thread. Their results are queued to the
monitor thread, which owns its own ``EventStore`` connection: it runs stop detection, writes
downtime through ``CaptureService``, adds part counts and tag history in batches, and tells
the GUI by signals. Nothing here runs on the GUI thread except the thin ``MachineMonitor``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from local_store import EventStore
from local_store.client_watch import mark_resumed, mark_stopped, never_watched, pending_stop
from local_store.counter_positions import counter_positions, save_counting
from local_store.production_counts import queue_count_reports
from local_store.tag_history import prune, record_points
from operator_app.machine_data.demo import monitored_machines
from operator_app.machine_data.downtime_writer import (
    settle_open_stops,
    write_settlement,
    write_transition,
)
from operator_app.machine_data.poller import BACKOFF_CAP_S, DevicePoller
from operator_app.machine_data.product_jobs import follow_product
from operator_app.machine_data.product_tag import ProductReported, ProductWatch
from operator_app.machine_data.samples import LinkState, PollResult
from operator_app.machine_data.track import MachineTrack
from operator_app.services.capture import CaptureService
from operator_app.services.standards import StandardsInForce, standards_in_force
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.client_watch import (
    ClientStopped,
    OpenStop,
    Settlement,
    at_first_reading,
    at_first_watch,
    when_client_stops,
)
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.detection import MachineState, StopDetector, TransitionKind
from shopfloor_core.domain.fault_codes import NO_FAULT_MAP
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.standards.shift_calendar import calendar_of

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 5000
PRUNE_EVERY = timedelta(hours=1)
# Counts go to the region in reports of this many minutes (and at shutdown): fresh enough for
# a regional view, and about a hundred small records a machine a day rather than thousands.
COUNT_REPORT_EVERY = timedelta(minutes=15)


class _MonitorSide(QObject):
    """Lives in the monitor thread; owns the store connection and every machine's track."""

    polled = Signal(object)  # PollResult, emitted from poller threads, queued to this thread
    machine_state = Signal(str, str)
    stopped_since = Signal(str, object)
    connection_changed = Signal(str, str, str)
    tag_values = Signal(str, object)
    downtime_detected = Signal(str, str, object)
    downtime_fault = Signal(str, str, object)
    downtime_ended = Signal(str)
    records_changed = Signal()
    problem = Signal(str, str)

    def __init__(self, site: SiteConfig, catalogue: Catalogue, clock: Clock) -> None:
        super().__init__()
        self.site = site
        self.catalogue = catalogue
        self.clock = clock
        self.fault_map = NO_FAULT_MAP
        self.store: EventStore | None = None
        self.capture: CaptureService | None = None
        self.tracks = {m.machine_id: MachineTrack(m) for m in monitored_machines(site)}
        self.product_watches = {m.machine_id: ProductWatch(m) for m in monitored_machines(site)}
        # Machines whose earlier run left something to settle at their first good reading,
        # with that run's stop mark (None: it did not end cleanly).
        self._unsettled: dict[str, ClientStopped | None] = {}
        # Machines this store has never read: the shift's time before their first good reading
        # is no signal (client_watch.at_first_watch).
        self._first_watch: set[str] = set()
        self._last_prune = clock() - PRUNE_EVERY
        # The first flush reports what an earlier run counted but never reported (a crash).
        self._last_report = clock() - COUNT_REPORT_EVERY
        # The products in force (their ideal time per part goes with each count bucket).
        self.products: Products = bundled_products()
        self._flush_timer: QTimer | None = None
        self.polled.connect(self.on_poll)

    @Slot(object)
    def use_standards(self, standards: StandardsInForce) -> None:
        """A new regional bundle is in force: stops from now on are captured under its
        catalogue, and counts and stalls are judged by its ideal cycle times."""
        self.catalogue = standards.catalogue
        self.site = standards.site
        self.fault_map = standards.fault_map
        self.products = standards.products
        for machine in monitored_machines(self.site):
            track = self.tracks.get(machine.machine_id)
            if track is not None:
                track.use_ideal_cycle(machine.ideal_cycle_time_s)
        if self.store is not None:
            self.capture = CaptureService(self.store, self.catalogue, self.site, self.clock)

    @Slot()
    def open(self) -> None:
        try:
            self.store = EventStore.open(self.site.database_path)
        except Exception as exc:
            log.exception("machine monitor cannot open the store")
            self.problem.emit("", str(exc))
            return
        # The standards in force are the region's latest, which may be newer than the bundled
        # ones: its catalogue for the stops, its ideal cycle times for counts and stalls.
        standards = standards_in_force(self.store, self.site)
        self.catalogue, self.site = standards.catalogue, standards.site
        self.fault_map = standards.fault_map
        self.products = standards.products
        self.tracks = {m.machine_id: MachineTrack(m) for m in monitored_machines(self.site)}
        self.product_watches = {
            m.machine_id: ProductWatch(m) for m in monitored_machines(self.site)
        }
        for mid, track in self.tracks.items():
            track.resume(counter_positions(self.store.db, mid))
        self.capture = CaptureService(self.store, self.catalogue, self.site, self.clock)
        # What an earlier run left open is settled at the first good reading (client_watch).
        for mid, track in self.tracks.items():
            mark = pending_stop(self.store.db, mid)
            if track.detector is None:
                continue
            if mark or self.store.open_downtimes(mid):
                self._unsettled[mid] = mark
            elif never_watched(self.store.db, mid):
                self._first_watch.add(mid)
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self.flush)
        self._flush_timer.start()

    @Slot(object)
    def on_poll(self, result: PollResult) -> None:
        track = self.tracks.get(result.machine_id)
        if track is None:
            return
        update = track.feed(result)
        mid = result.machine_id
        if update.link_changed:
            message = "; ".join(update.problems)
            if update.link is not LinkState.ONLINE:
                log.warning("%s: %s %s", mid, update.link, message)
            self.connection_changed.emit(mid, update.link.value, message)
        self.tag_values.emit(mid, result.samples)
        watch = self.product_watches.get(mid)
        reported = watch.feed(result) if watch is not None else None
        if reported is not None:
            self._follow_product(reported, result.at)
        for transition in update.transitions:
            self._write(mid, transition)
        read = update.state in (MachineState.RUNNING, MachineState.STOPPED)
        if mid in self._unsettled and read:
            self._settle_restart(mid, track, result.at)
        if mid in self._first_watch and read:
            self._settle_first_watch(mid, result.at)
        if update.state_changed:
            # Before the state: a card that shows "Stopped" knows since when at once.
            detector = track.detector
            stopped = update.state is MachineState.STOPPED
            self.stopped_since.emit(mid, detector.stop_start if stopped and detector else None)
            self.machine_state.emit(mid, update.state.value)

    def _settle_restart(self, mid: str, track: MachineTrack, at: datetime) -> None:
        assert track.detector is not None
        mark = self._unsettled[mid]
        running = track.detector.shows_running

        def decide(stops: list[OpenStop]) -> Settlement:
            return at_first_reading(stops, mark, at, running=running)

        def settle(capture: CaptureService) -> Settlement:
            # One transaction: the mark is dealt with exactly when its settlement is written.
            with capture.store.write():
                plan = settle_open_stops(capture, mid, decide)
                if mark is not None:
                    mark_resumed(capture.store.db, mid, at)
            return plan

        plan = self._store_call(mid, settle)
        if plan is None:
            return  # tried again at the next reading
        if plan.settled:
            del self._unsettled[mid]
        else:
            self._unsettled[mid] = None
        if plan.endings:
            self.downtime_ended.emit(mid)

    def _settle_first_watch(self, mid: str, at: datetime) -> None:
        shift = calendar_of(self.site).shift_at(at)
        plan = at_first_watch(shift.window if shift is not None else None, at)

        def settle(capture: CaptureService) -> Settlement:
            # With its mark, so a later start knows this machine has been watched since ``at``.
            with capture.store.write():
                write_settlement(capture, mid, plan)
                mark_resumed(capture.store.db, mid, at)
            return plan

        if self._store_call(mid, settle) is None:
            return  # tried again at the next reading
        self._first_watch.discard(mid)
        if plan.no_signal is not None:
            self.records_changed.emit()

    def _follow_product(self, reported: ProductReported, at: datetime) -> None:
        """The PLC says another product runs: its job comes into force (rules: the domain's)."""
        mid = reported.machine_id
        if self.capture is None:
            self.product_watches[mid].forget()  # heard again once the store is open
            return
        try:
            follow_product(self.capture, reported, at)
        except Exception as exc:  # noqa: BLE001 - an unknown product must not stop acquisition
            # Said once: the watch reports the number again only when it changes.
            log.warning("%s: product %s from the PLC not followed: %s", mid, reported.number, exc)
            self.problem.emit(mid, str(exc))
            return
        self.records_changed.emit()

    def _write(self, mid: str, transition: Any) -> None:
        written = self._store_call(
            mid, lambda c: write_transition(c, mid, transition, self.fault_map)
        )
        if written is None:
            return
        if transition.kind is TransitionKind.DOWNTIME_OPENED and written.revisions:
            first = written.revisions[0]
            if first.fault_code is not None:
                # Before the prompt, so it asks with the fault's number or suggested reason.
                self.downtime_fault.emit(mid, first.event_id, first)
            self.downtime_detected.emit(mid, first.event_id, first.start_utc)
        if transition.kind in (TransitionKind.DOWNTIME_CLOSED, TransitionKind.SIGNAL_RESTORED):
            self.downtime_ended.emit(mid)

    def _store_call(self, mid: str, fn: Callable[[CaptureService], Any]) -> Any:
        if self.capture is None:
            return None
        try:
            result = fn(self.capture)
        except Exception as exc:
            # A rule or a full disk must not stop acquisition; the operator sees the message.
            log.exception("%s: detected downtime could not be written", mid)
            self.problem.emit(mid, str(exc))
            return None
        self.records_changed.emit()
        return result

    def _ideal_cycle(self, machine_id: str) -> float | None:
        track = self.tracks.get(machine_id)
        return track.machine.ideal_cycle_time_s if track is not None else None

    def _ideal_per_part(self, machine_id: str, product_code: str) -> float | None:
        found = self.products.products.get(product_code)
        return found.ideal_s_per_part(machine_id, self.site.line) if found else None

    @Slot()
    def flush(self, *, report: bool = False) -> None:
        if self.store is None:
            return
        counts = [b for track in self.tracks.values() for b in track.drain_counts()]
        points = [p for track in self.tracks.values() for p in track.drain_points()]
        positions = [p for track in self.tracks.values() for p in track.positions()]
        seen = [d for track in self.tracks.values() for d in track.drain_discontinuities()]
        try:
            now = self.clock()
            save_counting(self.store.db, counts, positions, seen, now=now)
            record_points(self.store.db, points)
            # A wall clock set back must not hold reports back until it catches up.
            due = not self._last_report <= now < self._last_report + COUNT_REPORT_EVERY
            if report or due:
                self._last_report = now
                queue_count_reports(
                    self.store, self._ideal_cycle, now=now, ideal_s_per_part=self._ideal_per_part
                )
            if now - self._last_prune >= PRUNE_EVERY:
                self._last_prune = now
                for track in self.tracks.values():
                    keep = timedelta(days=track.machine.connection.history_retention_days)
                    prune(self.store.db, track.machine.machine_id, keep, now)
        except Exception as exc:
            log.exception("machine data could not be stored")
            self.problem.emit("", str(exc))

    def _stop_watching(self) -> None:
        """Mark each machine's last reading, end what is open there, and make the time until
        the client reads it again no signal. The mark comes first: a start finishes the rest."""
        if self.capture is None:
            return
        now = self.clock()
        for mid, track in self.tracks.items():
            if track.detector is not None:
                try:
                    self._stop_watching_one(mid, track.detector, now)
                except Exception as exc:
                    # The mark or the rest is missing: the next start settles what is open.
                    log.exception("%s: stopping to watch could not be recorded", mid)
                    self.problem.emit(mid, str(exc))

    def _stop_watching_one(self, mid: str, detector: StopDetector, now: datetime) -> None:
        assert self.capture is not None
        last = detector.last_good_at
        earlier = self._unsettled.get(mid)
        if last is None and earlier is not None:
            last = earlier.last_reading_utc  # not read in this run: unwatched since then
        mark_stopped(self.capture.store.db, mid, now, last)
        for transition in detector.stop_watching():
            write_transition(self.capture, mid, transition)
        settle_open_stops(self.capture, mid, lambda stops: when_client_stops(stops, last))

    @Slot()
    def flush_and_report(self) -> None:
        self.flush(report=True)

    @Slot()
    def close(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.stop()
        self.flush(report=True)
        self._stop_watching()
        if self.store is not None:
            self.store.close()
            self.store = None
            self.capture = None


class MachineMonitor(QObject):
    """GUI-side handle of machine data.

    Signals:
        machine_state(machine_id, state): a ``MachineState`` value.
        stopped_since(machine_id, start): when the PLC's signals say the machine stopped (a
            UTC datetime, also while detection still holds the stop back), or None.
        connection_changed(machine_id, link, message): a ``LinkState`` value and why.
        tag_values(machine_id, samples): ``dict[str, Sample]`` after every poll.
        downtime_detected(machine_id, event_id, start): a stop that needs a reason.
        downtime_fault(machine_id, event_id, revision): that stop came with the PLC's fault
            (``revision.fault_code``; a suggested reason when the fault map knows the code).
        downtime_ended(machine_id): detection closed the machine's downtime.
        records_changed(): detection wrote to the store.
        problem(machine_id, message): something could not be done (already logged).
    """

    machine_state = Signal(str, str)
    stopped_since = Signal(str, object)
    connection_changed = Signal(str, str, str)
    tag_values = Signal(str, object)
    downtime_detected = Signal(str, str, object)
    downtime_fault = Signal(str, str, object)
    downtime_ended = Signal(str)
    records_changed = Signal()
    problem = Signal(str, str)
    _open = Signal()
    _standards = Signal(object)

    def __init__(
        self,
        site: SiteConfig,
        catalogue: Catalogue,
        parent: QObject | None = None,
        *,
        clock: Clock = utc_now,
        backoff_cap_s: float = BACKOFF_CAP_S,
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.states: dict[str, str] = {}
        self.stops_since: dict[str, datetime | None] = {}
        self.links: dict[str, tuple[str, str]] = {}
        self.latest: dict[str, dict[str, Any]] = {}
        self._thread = QThread()
        self._thread.setObjectName("machine-monitor")
        self._side = _MonitorSide(site, catalogue, clock)
        self._side.moveToThread(self._thread)
        self._open.connect(self._side.open)
        self._standards.connect(self._side.use_standards)
        for name in (
            "stopped_since",
            "machine_state",
            "connection_changed",
            "tag_values",
            "downtime_detected",
            "downtime_fault",
            "downtime_ended",
            "records_changed",
            "problem",
        ):
            getattr(self._side, name).connect(getattr(self, name))
        self.machine_state.connect(lambda mid, state: self.states.__setitem__(mid, state))
        self.stopped_since.connect(lambda mid, at: self.stops_since.__setitem__(mid, at))
        self.connection_changed.connect(
            lambda mid, link, message: self.links.__setitem__(mid, (link, message))
        )
        self.tag_values.connect(lambda mid, samples: self.latest.__setitem__(mid, samples))
        self.pollers = [
            DevicePoller(
                m.machine_id,
                m.connection,
                m.tags,
                self._side.polled.emit,
                clock=clock,
                backoff_cap_s=backoff_cap_s,
            )
            for m in monitored_machines(site)
        ]
        # pymodbus logs every failed request with a frame dump; the monitor reports each
        # change of a device's link once, in plain words, instead.
        logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
        self._started = False

    @property
    def machine_ids(self) -> list[str]:
        return [p.machine_id for p in self.pollers]

    def set_standards(self, standards: StandardsInForce | None) -> None:
        if standards is not None:
            self._standards.emit(standards)

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._thread.start()
        self._open.emit()
        for poller in self.pollers:
            poller.start()

    def save_now(self) -> None:
        """Write pending counts and history and queue count reports; polling goes on."""
        if self._started and self._thread.isRunning():
            QMetaObject.invokeMethod(
                self._side, "flush_and_report", Qt.ConnectionType.BlockingQueuedConnection
            )

    def stop(self) -> None:
        """Stop polling, write what is pending, close the store connection, end the thread."""
        if not self._started:
            return
        self._started = False
        for poller in self.pollers:
            poller.stop()
        if self._thread.isRunning():
            QMetaObject.invokeMethod(
                self._side, "close", Qt.ConnectionType.BlockingQueuedConnection
            )
            self._thread.quit()
            self._thread.wait()
