"""No open stop outlives a client restart while the PLC says the machine runs, whoever named it.

Real parts: the simulated press over Modbus TCP on loopback, the machine monitor, real SQLite
files. A clean stop (the monitor closed) and a crash (the store as a dead client left it) both
restart against a press that runs; the stop ends where the rule says and the availability
figure holds only the stop's real length (plus no-signal time when the client was down).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from operator_app.workers.machine_monitor import MachineMonitor
from shopfloor_core.domain.catalogue import NO_SIGNAL, bundled_catalogue
from shopfloor_core.domain.clock import from_iso, utc_now
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.kpi import Counts, classifier, machine_kpi
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.timeline import Interval
from tests.machine_data.test_live_machine import live_site, press, rows  # noqa: F401

MACHINE = "PRESS-1"
NAMED = "EQP.MEC.BRK"


@pytest.fixture
def monitors(live_site: SiteConfig) -> Iterator[list[MachineMonitor]]:  # noqa: F811
    started: list[MachineMonitor] = []
    yield started
    for monitor in started:
        monitor.stop()


def new_monitor(site: SiteConfig, started: list[MachineMonitor]) -> MachineMonitor:
    monitor = MachineMonitor(site, bundled_catalogue(), backoff_cap_s=0.5)
    started.append(monitor)
    monitor.start()
    return monitor


def open_downtimes(site: SiteConfig) -> list[str]:
    found = rows(
        site.database_path,
        "SELECT event_id FROM events WHERE kind = 'downtime' AND end_utc IS NULL AND voided = 0",
    )
    return [r["event_id"] for r in found]


def current(site: SiteConfig, event_id: str) -> EventRevision:
    store = EventStore.open(site.database_path)
    try:
        event = store.current(event_id)
    finally:
        store.close()
    assert event is not None
    return event


def downtimes(site: SiteConfig) -> list[EventRevision]:
    store = EventStore.open(site.database_path)
    try:
        return store.events_between(datetime(2000, 1, 1, tzinfo=UTC), utc_now() + timedelta(days=1))
    finally:
        store.close()


def assert_availability_loses_only(
    site: SiteConfig, lost: timedelta, start: datetime, last_end: datetime
) -> None:
    """Windows from ``start`` to hours after ``last_end`` (fixed times, no wall clock): the
    press's availability losses are ``lost``, however long the shift goes on after it."""
    for hours in (1, 8):
        end = last_end + timedelta(hours=hours)
        kpi = machine_kpi(
            MACHINE,
            Interval(start, end),
            (),
            downtimes(site),
            Counts(),
            0.3,
            classifier(bundled_catalogue()),
            end,
        )
        assert kpi.downtime_s == pytest.approx(lost.total_seconds())
        assert kpi.availability == pytest.approx(1 - lost / (end - start))


def with_store(site: SiteConfig) -> Iterator[CaptureService]:
    store = EventStore.open(site.database_path)
    try:
        yield CaptureService(store, bundled_catalogue(), site)
    finally:
        store.close()


def test_a_named_detected_stop_ends_at_the_last_reading_when_the_client_stops(
    qtbot: QtBot,
    live_site: SiteConfig,  # noqa: F811
    press: SimulatedMachine,  # noqa: F811
    operator: Person,
    monitors: list[MachineMonitor],
) -> None:
    began = utc_now()
    first = new_monitor(live_site, monitors)
    qtbot.waitUntil(lambda: first.states.get(MACHINE) == "running", timeout=8_000)
    press.hold(True)
    with qtbot.waitSignal(first.downtime_detected, timeout=10_000) as detected:
        pass
    event_id = detected.args[1]
    for capture in with_store(live_site):
        capture.categorize(operator, event_id, NAMED)
    first.stop()
    stopped_at = utc_now()

    # The client is down; the press runs again meanwhile; then the client starts again.
    press.hold(False)
    restarted_at = utc_now()
    new_monitor(live_site, monitors)
    qtbot.waitUntil(lambda: not open_downtimes(live_site), timeout=10_000)

    stop = current(live_site, event_id)
    mark = rows(live_site.database_path, "SELECT * FROM client_watch WHERE mark = 'stopped'")
    assert len(mark) == 1
    last_reading = from_iso(mark[0]["last_reading_utc"])
    assert stop.reason_code == NAMED  # still the operator's name for it
    assert stop.end_utc == last_reading <= stopped_at
    # (Inside a shift, the time before the first reading ever is no signal too: not this one.)
    silent = [
        e for e in downtimes(live_site) if e.reason_code == NO_SIGNAL and e.start_utc >= began
    ]
    assert len(silent) == 1
    assert silent[0].start_utc == last_reading
    assert silent[0].end_utc is not None
    assert restarted_at <= silent[0].end_utc <= utc_now()

    # Availability loses the stop and the time nobody watched, and nothing more.
    lost = silent[0].end_utc - stop.start_utc
    first_watch = [
        e for e in downtimes(live_site) if e.reason_code == NO_SIGNAL and e.start_utc < began
    ]
    start = first_watch[0].end_utc if first_watch else stop.start_utc - timedelta(minutes=10)
    assert start is not None
    assert_availability_loses_only(live_site, lost, start, silent[0].end_utc)


@pytest.mark.parametrize("opened_by", ["detection", "operator"])
def test_a_stop_a_crash_left_open_ends_at_the_first_reading_that_shows_running(
    qtbot: QtBot,
    live_site: SiteConfig,  # noqa: F811
    press: SimulatedMachine,  # noqa: F811
    monitors: list[MachineMonitor],
    operator: Person,
    opened_by: str,
) -> None:
    # What a client killed during a stop leaves: the stop open, named by an operator, no mark.
    began = utc_now() - timedelta(minutes=3)
    for capture in with_store(live_site):
        if opened_by == "detection":
            opened = capture.machine_stopped(MACHINE, began)[0]
            capture.categorize(operator, opened.event_id, NAMED)
        else:
            opened = capture.start_downtime(operator, MACHINE, at=began, reason_code=NAMED)
    restarted_at = utc_now()
    monitor = new_monitor(live_site, monitors)
    qtbot.waitUntil(lambda: not open_downtimes(live_site), timeout=10_000)

    stop = current(live_site, opened.event_id)
    assert stop.reason_code == NAMED
    assert stop.end_utc is not None
    assert restarted_at <= stop.end_utc <= utc_now()
    qtbot.waitUntil(lambda: monitor.states.get(MACHINE) == "running", timeout=5_000)
    assert [e for e in downtimes(live_site) if e.reason_code == NO_SIGNAL] == []
    lost = stop.end_utc - stop.start_utc
    assert_availability_loses_only(live_site, lost, began - timedelta(minutes=5), stop.end_utc)
