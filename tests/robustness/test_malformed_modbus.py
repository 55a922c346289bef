"""Malformed Modbus replies: a fake PLC on loopback answers garbage, truncated frames, wrong
transaction ids, wrong function codes, short register lists, absurd lengths or nothing at all.

The reader never raises and never takes a bad reply for a value: the sample is stale or a
communication error, the link is degraded or offline with a reason in plain words, and once
the device answers properly again the right value comes back.
"""

from __future__ import annotations

import asyncio
import os
import queue
import struct
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.poller import DevicePoller
from operator_app.machine_data.samples import LinkState, PollResult, Quality
from operator_app.site_config.tag_map import ModbusConnection, Table, Tag, ValueType

VALUE = 1234
SPEED = Tag("speed", Table.HOLDING_REGISTER, 0, ValueType.UINT16, poll_interval_s=0.05)
COUNT = Tag("count", Table.HOLDING_REGISTER, 1, ValueType.UINT32, poll_interval_s=0.05)
TAGS = [SPEED, COUNT]
REGISTERS = [VALUE, 0, 777]  # speed, then count as two words (ABCD): 777


def frame(tid: int, unit: int, pdu: bytes) -> bytes:
    return struct.pack(">HHHB", tid, 0, len(pdu) + 1, unit) + pdu


def registers_pdu(values: list[int]) -> bytes:
    return bytes([3, 2 * len(values)]) + b"".join(struct.pack(">H", v) for v in values)


def good(tid: int, unit: int, start: int, count: int) -> bytes | None:
    return frame(tid, unit, registers_pdu(REGISTERS[start : start + count]))


# Each answers a read-holding-registers request (tid, unit, start, count) with these bytes;
# None means: say nothing and keep the connection open.
REPLIES: dict[str, Callable[[int, int, int, int], bytes | None]] = {
    "good": good,
    "garbage": lambda tid, unit, start, count: os.urandom(23),
    "zeros": lambda tid, unit, start, count: bytes(12),
    "truncated": lambda tid, unit, start, count: (good(tid, unit, start, count) or b"")[:9],
    "wrong transaction id": lambda tid, unit, start, count: good(
        (tid + 1) & 0xFFFF, unit, start, count
    ),
    "wrong function code": lambda tid, unit, start, count: frame(
        tid, unit, bytes([4, 2 * count]) + bytes(2 * count)
    ),
    "too few registers": lambda tid, unit, start, count: frame(
        tid, unit, registers_pdu(REGISTERS[start : start + count][:1])
    ),
    "byte count lies": lambda tid, unit, start, count: frame(
        tid, unit, bytes([3, 200]) + bytes(2 * count)
    ),
    "absurd length": lambda tid, unit, start, count: (
        struct.pack(">HHHB", tid, 0, 65535, unit) + bytes(20)
    ),
    "exception reply": lambda tid, unit, start, count: frame(tid, unit, bytes([0x83, 2])),
    "unknown exception code": lambda tid, unit, start, count: frame(tid, unit, bytes([0x83, 99])),
    "silence": lambda tid, unit, start, count: None,
    "hang up": lambda tid, unit, start, count: b"",
}


class FakePlc:
    """A raw asyncio TCP server on loopback whose answers the test chooses, in a thread."""

    def __init__(self) -> None:
        self.mode = "good"
        self.port = 0
        self.requests = 0
        self._server: asyncio.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> FakePlc:
        self._thread.start()
        assert self._ready.wait(5), "fake PLC did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)

    def connection(self, timeout_s: float = 0.3) -> ModbusConnection:
        return ModbusConnection("127.0.0.1", self.port, 1, timeout_s)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                header = await reader.readexactly(7)
                tid, _, length, unit = struct.unpack(">HHHB", header)
                pdu = await reader.readexactly(length - 1)
                self.requests += 1
                _, start, count = struct.unpack(">BHH", pdu[:5])
                reply = REPLIES[self.mode](tid, unit, start, count)
                if reply is None:
                    continue
                if reply == b"":
                    break
                writer.write(reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
def plc() -> Iterator[FakePlc]:
    server = FakePlc().start()
    yield server
    server.stop()


def test_the_fake_plc_speaks_modbus(plc: FakePlc) -> None:
    """Without this, every other test here could pass against a server that never answers."""
    reader = DeviceReader(plc.connection())
    try:
        link, samples, problems = reader.read(TAGS)
    finally:
        reader.close()
    assert (link, problems) == (LinkState.ONLINE, [])
    assert samples["speed"].value == VALUE
    assert samples["count"].value == 777
    assert samples["speed"].quality is Quality.GOOD


@pytest.mark.parametrize(
    "mode",
    [m for m in REPLIES if m != "good"],
)
def test_a_bad_reply_is_never_taken_for_a_value(plc: FakePlc, mode: str) -> None:
    reader = DeviceReader(plc.connection())
    try:
        plc.mode = "good"
        _, known, _ = reader.read(TAGS)
        plc.mode = mode
        link, samples, problems = reader.read(TAGS, known)
        assert link in (LinkState.DEGRADED, LinkState.OFFLINE)
        assert problems, "a bad reply needs a reason"
        assert all(isinstance(p, str) and "\n" not in p for p in problems)
        for name, sample in samples.items():
            assert sample.quality is not Quality.GOOD, (name, sample)
            # The last good value may be kept (marked stale); a value from the bad reply never.
            assert sample.value in (None, known[name].value)
        # The device answers properly again: the true values come back on the same reader.
        plc.mode = "good"
        link, samples, _ = reader.read(TAGS, samples)
        assert link is LinkState.ONLINE
        assert samples["speed"].value == VALUE
        assert samples["speed"].quality is Quality.GOOD
    finally:
        reader.close()


def test_the_poller_lives_through_every_kind_of_bad_reply(plc: FakePlc) -> None:
    results: queue.Queue[PollResult] = queue.Queue()
    poller = DevicePoller(
        "PRESS-1", plc.connection(timeout_s=0.2), TAGS, results.put, backoff_cap_s=0.2
    )
    poller.start()
    try:
        for mode in [*REPLIES, "good"]:
            plc.mode = mode
            asked = plc.requests
            deadline = time.monotonic() + 10
            # Wait until the device was asked under this mode and a result came back after it.
            while plc.requests <= asked + 1:
                assert time.monotonic() < deadline, f"no poll under {mode!r}"
                result = results.get(timeout=5)
                assert poller.alive, f"the poller died under {mode!r}"
                if mode != "good":
                    for sample in result.samples.values():
                        assert sample.value in (None, VALUE, 777)
        last = results.get(timeout=5)
        while last.link is not LinkState.ONLINE:
            last = results.get(timeout=5)
        assert last.samples["speed"].value == VALUE
        assert last.samples["speed"].quality is Quality.GOOD
    finally:
        poller.stop()
    assert not poller.alive
