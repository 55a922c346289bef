"""Pollers against real servers: down and back, one dead beside a live one, no backlog."""

from __future__ import annotations

import queue
import random
import time
from collections.abc import Callable, Iterator

import pytest

from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.poller import DevicePoller, backoff_delay
from operator_app.machine_data.samples import LinkState, PollResult, Quality
from operator_app.site_config.tag_map import Table, Tag, ValueType
from tests.machine_data.conftest import connection_to, dead_connection

TAG = Tag("v", Table.HOLDING_REGISTER, 0, ValueType.UINT16, poll_interval_s=0.1)


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


def test_late_polls_are_skipped_not_queued(
    plc: ModbusServerThread, pollers: list[DevicePoller]
) -> None:
    plc.reply_delay_s = 0.35  # each poll takes three and a half intervals
    results = Results()
    poller = start(
        pollers,
        DevicePoller("SLOW", connection_to(plc, timeout_s=2.0), [TAG], results),
    )
    first = results.wait_for(lambda r: r.link is LinkState.ONLINE)
    second = results.wait_for(lambda r: True)
    gap = (second.at - first.at).total_seconds()
    assert 0.3 <= gap < 0.6  # the next poll follows the slow one, no burst of make-up polls
    assert second.skipped_polls >= 2
    assert poller.skipped_polls >= 2


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
