"""Pollers against real servers: down and back, one dead beside a live one, no backlog."""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.poller import DevicePoller, backoff_delay
from operator_app.machine_data.samples import LinkState, PollResult, Quality
from operator_app.site_config.tag_map import Table, Tag, ValueType
from tests.machine_data.conftest import connection_to, dead_connection

TAG = Tag("v", Table.HOLDING_REGISTER, 0, ValueType.UINT16, poll_interval_s=0.1)
T0 = datetime(2026, 11, 30, 5, 0, tzinfo=UTC)


class Results:
    def __init__(self) -> None:
        self.queue: queue.Queue[PollResult] = queue.Queue()

    def __call__(self, result: PollResult) -> None:
        self.queue.put(result)

    def wait_for(self, check: Callable[[PollResult], bool], timeout: float = 5.0) -> PollResult:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no matching poll result in time")
            result = self.queue.get(timeout=left)
            if check(result):
                return result


@pytest.fixture
def pollers() -> Iterator[list[DevicePoller]]:
    started: list[DevicePoller] = []
    yield started
    for poller in started:
        poller.stop()


def start(pollers: list[DevicePoller], poller: DevicePoller) -> DevicePoller:
    pollers.append(poller)
    poller.start()
    return poller


def test_a_device_that_goes_down_and_comes_back(
    plc: ModbusServerThread, pollers: list[DevicePoller]
) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [5])
    results = Results()
    start(
        pollers,
        DevicePoller("M1", connection_to(plc), [TAG], results, backoff_cap_s=0.5),
    )
    results.wait_for(lambda r: r.link is LinkState.ONLINE and r.samples["v"].value == 5)
    plc.stop()
    went_down = time.monotonic()
    down = results.wait_for(lambda r: r.link is LinkState.OFFLINE)
    assert time.monotonic() - went_down < 1.5
    assert down.samples["v"].quality is Quality.COMM_ERROR
    assert down.samples["v"].value == 5  # the last known value stays visible, marked bad
    plc.set_values(Table.HOLDING_REGISTER, 0, [6])
    plc.start()
    back = results.wait_for(lambda r: r.link is LinkState.ONLINE, timeout=5.0)
    assert back.samples["v"].value == 6
    assert back.samples["v"].quality is Quality.GOOD


def test_a_dead_device_never_stalls_a_live_one(
    plc: ModbusServerThread, pollers: list[DevicePoller]
) -> None:
    live, dead = Results(), Results()
    # A device that accepts the connection and never answers: the slowest kind of dead.
    silent = ModbusServerThread(dead_connection().port).start()
    silent.reply_delay_s = 60.0
    try:
        start(pollers, DevicePoller("DEAD", connection_to(silent), [TAG], dead))
        start(pollers, DevicePoller("LIVE", connection_to(plc), [TAG], live))
        dead.wait_for(lambda r: r.link is LinkState.OFFLINE)
        live.wait_for(lambda r: r.link is LinkState.ONLINE)
        started = time.monotonic()
        good = 0
        while time.monotonic() - started < 1.0:
            result = live.queue.get(timeout=1.0)
            good += result.link is LinkState.ONLINE
        # 0.1 s interval: about ten polls a second despite the neighbour's timeouts.
        assert good >= 7
    finally:
        for poller in pollers:
            poller.stop()
        silent.stop()


class DeviceTime:
    """The poller's clock in a test: time passes only while the PLC answers (``reply_s`` for
    each request it served) and while the poller waits for its next poll, never on its own.

    What a poll costs is decided here, not by how busy the test machine is: the same run
    gives the same times on an idle laptop and on a loaded CI box.
    """

    def __init__(self, plc: ModbusServerThread, reply_s: float) -> None:
        self.plc = plc
        self.reply_s = reply_s
        self.elapsed = 0.0
        self.served = plc.requests

    def now(self) -> float:
        answered = self.plc.requests - self.served
        self.served += answered
        self.elapsed += answered * self.reply_s
        return self.elapsed

    def wait(self, seconds: float, _stop: threading.Event) -> None:
        self.elapsed += seconds

    def utc(self) -> datetime:
        return T0 + timedelta(seconds=self.now())


def test_late_polls_are_skipped_not_queued(
    plc: ModbusServerThread, pollers: list[DevicePoller]
) -> None:
    """A device slow for three polls, then quick again: the polls that fell due meanwhile are
    counted as skipped, and the next ones keep the cadence instead of catching up in a burst.

    Interval and reply time are binary fractions (1/8 s, 7/16 s), so every time is exact.
    """
    interval = 0.125
    tag = Tag("v", Table.HOLDING_REGISTER, 0, ValueType.UINT16, poll_interval_s=interval)
    time_ = DeviceTime(plc, reply_s=3.5 * interval)  # each poll takes three and a half
    seen: list[PollResult] = []
    enough = threading.Event()

    def deliver(result: PollResult) -> None:
        if len(seen) < 7:
            seen.append(result)
        if len(seen) == 3:
            time_.reply_s = 0.0  # the device answers at once from the fourth poll on
        if len(seen) == 7:
            enough.set()

    poller = start(
        pollers,
        DevicePoller(
            "SLOW",
            connection_to(plc, timeout_s=2.0),
            [tag],
            deliver,
            clock=time_.utc,
            pace=time_,
        ),
    )
    assert enough.wait(30), "the poller did not deliver seven polls"  # a hang guard only
    poller.stop()
    assert all(r.link is LinkState.ONLINE for r in seen)
    ends = [(r.at - T0).total_seconds() / interval for r in seen]
    starts = [end - r.duration_s / interval for end, r in zip(ends, seen, strict=True)]
    # While slow, each poll starts the moment the previous one ends: nothing waits between.
    assert starts[:4] == [0.0, 3.5, 7.0, 10.5]
    # The polls that fell due during a slow one are skipped and counted, never queued...
    assert [r.skipped_polls for r in seen] == [0, 2, 3, 2, 0, 0, 0]
    assert poller.skipped_polls == 7
    # ...so once the device is quick again the poller is back on its cadence at once: one
    # poll per interval, not a burst of make-up polls at 10.5.
    assert starts[4:] == [11.0, 12.0, 13.0]


def test_only_due_tags_are_read(plc: ModbusServerThread, pollers: list[DevicePoller]) -> None:
    fast = TAG
    slow = Tag("slow", Table.INPUT_REGISTER, 0, ValueType.UINT16, poll_interval_s=1.0)
    results = Results()
    start(pollers, DevicePoller("M", connection_to(plc), [fast, slow], results))
    first = results.wait_for(lambda r: r.link is LinkState.ONLINE)
    later = [results.wait_for(lambda r: True) for _ in range(4)]
    # The slow tag keeps the time it was read; the fast one is re-read every poll.
    assert all(r.samples["slow"].at == first.samples["slow"].at for r in later)
    assert len({r.samples["v"].at for r in later}) == 4


def test_backoff_doubles_is_capped_and_jittered() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, 0.5, 4.0, rng) for n in range(1, 9)]
    ceilings = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert len({round(d, 6) for d in delays[3:]}) > 1  # jitter: not all at the same moment
