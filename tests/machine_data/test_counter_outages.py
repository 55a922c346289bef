"""Counter restarts, outages and client restarts against a real PLC on loopback, into the store.

The machine monitor polls a real Modbus TCP server whose counters the test sets as the field
trial's PLC did (good parts restart at 1000, rejects at 7); the time the client sees is a fixed
clock the test moves. Counts, kept positions and discontinuities are read from the SQLite file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.counter_positions import counter_positions, discontinuities_between
from local_store.production_counts import counts_between
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.samples import LinkState, PollResult, Quality, Sample
from operator_app.machine_data.track import MachineTrack
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import Table, Tag, TagRole, ValueType, WordOrder
from operator_app.workers.machine_monitor import MachineMonitor
from shopfloor_core.domain.catalogue import bundled_catalogue
from tests.machine_data.conftest import (
    connection_to,
    dead_connection,
    machine_with,
    with_machine,
)

T0 = datetime(2026, 11, 23, 6, 0, 10, tzinfo=UTC)
CYCLE_S = 0.5  # 120 parts a minute at most, as the trial's press
GOOD = Tag(
    "good_parts",
    Table.HOLDING_REGISTER,
    0,
    ValueType.UINT32,
    poll_interval_s=0.1,
    role=TagRole.GOOD_COUNTER,
    preset=1000,
)
REJECT = Tag(
    "reject_parts",
    Table.HOLDING_REGISTER,
    2,
    ValueType.UINT16,
    poll_interval_s=0.1,
    role=TagRole.REJECT_COUNTER,
    preset=7,
)
RUNNING = Tag("running", Table.COIL, 0, ValueType.BOOL, poll_interval_s=0.1, role=TagRole.RUNNING)


class FixedClock:
    """The time the client sees; the test moves it, never by waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def counting_site(site: SiteConfig, plc: ModbusServerThread) -> SiteConfig:
    machine = machine_with(site, "PRESS-1", connection_to(plc), (RUNNING, GOOD, REJECT))
    machine = replace(machine, ideal_cycle_time_s=CYCLE_S)
    return with_machine(site, machine)


def set_counters(plc: ModbusServerThread, good: int, reject: int) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [good >> 16, good & 0xFFFF, reject])
    plc.set_values(Table.COIL, 0, [True])


class Client:
    """One run of the client's machine monitor, with the clock it sees."""

    def __init__(self, qtbot: QtBot, site: SiteConfig, clock: FixedClock) -> None:
        self.qtbot, self.clock = qtbot, clock
        self.monitor = MachineMonitor(site, bundled_catalogue(), clock=clock, backoff_cap_s=0.3)
        self.monitor.start()

    def sees(self, good: int, reject: int) -> None:
        """Wait until a reading at the clock's time shows these counters."""

        def seen() -> bool:
            samples = self.monitor.latest.get("PRESS-1") or {}
            g, r = samples.get("good_parts"), samples.get("reject_parts")
            return (
                g is not None
                and r is not None
                and (g.raw, r.raw) == (good, reject)
                and g.at == r.at == self.clock.now
                and g.quality == "good"
            )

        self.qtbot.waitUntil(seen, timeout=5_000)

    def link(self, state: str) -> None:
        self.qtbot.waitUntil(
            lambda: self.monitor.links.get("PRESS-1", ("",))[0] == state, timeout=5_000
        )

    def stop(self) -> None:
        self.monitor.stop()


@pytest.fixture
def clients() -> Iterator[list[Client]]:
    started: list[Client] = []
    yield started
    for client in started:
        client.stop()


def stored(site: SiteConfig) -> tuple[int, int, list[int], list, dict]:
    store = EventStore.open(site.database_path)
    try:
        buckets = counts_between(store.db, T0 - timedelta(hours=1), T0 + timedelta(hours=2))
        seen = discontinuities_between(store.db, T0, T0 + timedelta(hours=2))
        kept = counter_positions(store.db, "PRESS-1")
    finally:
        store.close()
    good = sum(b.good for b in buckets)
    reject = sum(b.reject for b in buckets)
    return good, reject, [b.good for b in buckets], seen, kept


def test_a_plc_restart_at_its_presets_after_283_s_credits_only_what_it_made(
    qtbot: QtBot,
    counting_site: SiteConfig,
    plc: ModbusServerThread,
    clock: FixedClock,
    clients: list[Client],
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_counters(plc, 25_310, 9)
    client = Client(qtbot, counting_site, clock)
    clients.append(client)
    client.sees(25_310, 9)
    clock.advance(0.1)
    set_counters(plc, 25_312, 9)
    client.sees(25_312, 9)
    # The PLC goes away for 283 s and comes back with its counters restarted at their
    # presets: 6 good parts made since, no reject.
    plc.stop()
    client.link("offline")
    clock.advance(283.0)
    set_counters(plc, 1006, 7)
    with caplog.at_level(logging.WARNING, logger="operator_app.machine_data.track"):
        plc.start()
        client.sees(1006, 7)
    clock.advance(0.1)
    set_counters(plc, 1007, 7)
    client.sees(1007, 7)
    client.stop()
    clients.clear()

    good, reject, per_minute, seen, kept = stored(counting_site)
    assert (good, reject) == (2 + 6 + 1, 0)
    assert max(per_minute) <= 120
    resets = {(d.tag, d.kind, d.before, d.after, d.credited) for d in seen}
    assert resets == {
        ("good_parts", "reset", 25_312, 1006, 6),
        ("reject_parts", "reset", 9, 7, 0),
    }
    assert all(d.at == T0 + timedelta(seconds=283.1) for d in seen)
    assert all(d.before_at == T0 + timedelta(seconds=0.1) for d in seen)
    assert kept["good_parts"].value == 1007
    logged = [r.getMessage() for r in caplog.records]
    assert any("PRESS-1 good_parts: counter reset from 25312 to 1006" in m for m in logged)


def test_a_client_started_again_credits_what_the_counter_went_on_by(
    qtbot: QtBot,
    counting_site: SiteConfig,
    plc: ModbusServerThread,
    clock: FixedClock,
    clients: list[Client],
) -> None:
    set_counters(plc, 500, 7)
    first = Client(qtbot, counting_site, clock)
    clients.append(first)
    first.sees(500, 7)
    clock.advance(0.1)
    set_counters(plc, 502, 8)
    first.sees(502, 8)
    first.stop()
    clients.clear()
    # Two minutes without the client; the press made 38 good parts meanwhile.
    clock.advance(120.0)
    set_counters(plc, 540, 8)
    second = Client(qtbot, counting_site, clock)
    clients.append(second)
    second.sees(540, 8)
    second.stop()
    clients.clear()
    # A restart of 33 ms in which 2 parts were made.
    clock.advance(0.033)
    set_counters(plc, 542, 8)
    third = Client(qtbot, counting_site, clock)
    clients.append(third)
    third.sees(542, 8)
    third.stop()
    clients.clear()

    good, reject, per_minute, seen, _kept = stored(counting_site)
    assert (good, reject) == (2 + 38 + 2, 1)
    # The 38 parts were made during the two minutes, not in the minute they were seen.
    assert len(per_minute) >= 3
    gaps = [(d.tag, d.kind, d.before, d.after, d.credited) for d in seen if d.tag == "good_parts"]
    assert gaps == [("good_parts", "gap", 502, 540, 38), ("good_parts", "gap", 540, 542, 2)]


def test_the_running_client_logs_a_counter_read_with_its_words_swapped(
    site: SiteConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """Each part of a CDAB counter read as ABCD is a jump of 65,536: logged once a minute,
    with the tag's name and a hint, and kept as discontinuities; no part is invented."""
    good = Tag("good_parts", Table.HOLDING_REGISTER, 0, ValueType.UINT32, role=TagRole.GOOD_COUNTER)
    machine = machine_with(site, "PRESS-1", dead_connection(), (good,))
    track = MachineTrack(replace(machine, ideal_cycle_time_s=2.0))
    with caplog.at_level(logging.WARNING, logger="operator_app.machine_data.track"):
        for second, parts in enumerate(range(1071, 1071 + 40)):
            raw = (parts & 0xFFFF) << 16  # the low word where the high one is expected
            at = T0 + timedelta(seconds=second)
            sample = Sample("good_parts", raw, raw, at, Quality.GOOD)
            track.feed(PollResult("PRESS-1", at, LinkState.ONLINE, {"good_parts": sample}))
    assert track.drain_counts() == []
    jumps = track.drain_discontinuities()
    assert len(jumps) == 39
    assert {(d.kind, d.credited) for d in jumps} == {("jump", 0)}
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert lines[0].startswith("PRESS-1 good_parts: counter jump from 70189056 to 70254592")
    assert "check the tag's word_order (ABCD now)" in lines[0]


def test_a_kept_reading_of_a_tag_read_another_way_since_is_not_gone_on_from(
    site: SiteConfig,
) -> None:
    """The word order fixed at commissioning: the garbled value kept by the last run is not a
    reading of the same counter, and going on from it would credit 1,071 parts never made."""
    swapped = Tag(
        "good_parts", Table.HOLDING_REGISTER, 0, ValueType.UINT32, role=TagRole.GOOD_COUNTER
    )
    fixed = replace(swapped, word_order=WordOrder.CDAB)

    def track_of(tag: Tag) -> MachineTrack:
        machine = machine_with(site, "PRESS-1", dead_connection(), (tag,))
        return MachineTrack(replace(machine, ideal_cycle_time_s=2.0))

    def feed(track: MachineTrack, raw: int, at: datetime) -> None:
        sample = Sample("good_parts", raw, raw, at, Quality.GOOD)
        track.feed(PollResult("PRESS-1", at, LinkState.ONLINE, {"good_parts": sample}))

    before = track_of(swapped)
    feed(before, 70189056, T0)
    kept = {p.tag: p for p in before.positions()}
    after = track_of(fixed)
    after.resume(kept)
    feed(after, 1071, T0 + timedelta(hours=1))
    feed(after, 1072, T0 + timedelta(hours=1, seconds=1))
    assert [b.good for b in after.drain_counts()] == [1]
    # The same map goes on from its kept reading.
    again = track_of(fixed)
    again.resume({p.tag: p for p in after.positions()})
    feed(again, 1080, T0 + timedelta(hours=1, seconds=20))
    assert sum(b.good for b in again.drain_counts()) == 8
