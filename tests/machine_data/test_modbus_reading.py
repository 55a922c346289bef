"""Reading tags from a real Modbus TCP server on loopback: types, word orders, failures."""

from __future__ import annotations

import math
import struct

import pytest
from pymodbus.constants import ExcCodes

from operator_app.machine_data.blocks import MAX_BITS, MAX_REGISTERS, plan_blocks
from operator_app.machine_data.decoding import encode_value
from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.samples import LinkState, Quality
from operator_app.site_config.tag_map import Table, Tag, ValueType, WordOrder
from tests.machine_data.conftest import connection_to, dead_connection

# The same value written byte by byte for each word order, independent of our encoder:
# ABCD is the big-endian byte string; the other orders are permutations of it.
PACK = {
    ValueType.INT16: "h",
    ValueType.UINT16: "H",
    ValueType.INT32: "i",
    ValueType.UINT32: "I",
    ValueType.FLOAT32: "f",
    ValueType.INT64: "q",
    ValueType.FLOAT64: "d",
}
SAMPLE_VALUES = {
    ValueType.INT16: -12345,
    ValueType.UINT16: 54321,
    ValueType.INT32: -123456789,
    ValueType.UINT32: 3_000_000_123,
    ValueType.FLOAT32: -273.25,
    ValueType.INT64: -(2**62) + 12345,
    ValueType.FLOAT64: 6.02214076e23,
}


def registers_for(kind: ValueType, value: float, order: WordOrder) -> list[int]:
    data = struct.pack(">" + PACK[kind], value)
    words = [data[i : i + 2] for i in range(0, len(data), 2)]
    if order in (WordOrder.CDAB, WordOrder.DCBA):
        words.reverse()
    if order in (WordOrder.BADC, WordOrder.DCBA):
        words = [w[::-1] for w in words]
    return [int.from_bytes(w, "big") for w in words]


def read_all(server: ModbusServerThread, tags: list[Tag]) -> tuple[LinkState, dict, list[str]]:
    reader = DeviceReader(connection_to(server))
    try:
        return reader.read(tags)
    finally:
        reader.close()


def settle(server: ModbusServerThread) -> None:
    """Wait until the server loop has applied every value set so far."""
    import asyncio

    assert server._loop is not None
    asyncio.run_coroutine_threadsafe(server._apply(), server._loop).result(5)


@pytest.mark.parametrize("order", list(WordOrder))
def test_every_type_in_every_word_order(plc: ModbusServerThread, order: WordOrder) -> None:
    tags = []
    address = 0
    for kind, value in SAMPLE_VALUES.items():
        tag = Tag(f"t_{kind}", Table.HOLDING_REGISTER, address, kind, order)
        plc.set_values(Table.HOLDING_REGISTER, address, registers_for(kind, value, order))
        assert encode_value(tag, value) == registers_for(kind, value, order)
        tags.append(tag)
        address += kind.registers
    settle(plc)
    link, samples, problems = read_all(plc, tags)
    assert (link, problems) == (LinkState.ONLINE, [])
    for kind, value in SAMPLE_VALUES.items():
        sample = samples[f"t_{kind}"]
        assert sample.quality is Quality.GOOD
        if kind is ValueType.FLOAT32:
            assert sample.value == pytest.approx(value)
        else:
            assert sample.value == value


def test_bits_and_bits_in_registers(plc: ModbusServerThread) -> None:
    plc.set_values(Table.COIL, 3, [True, False, True])
    plc.set_values(Table.DISCRETE_INPUT, 17, [True])
    plc.set_values(Table.HOLDING_REGISTER, 20, [0b1000_0000_0000_0100])
    settle(plc)
    tags = [
        Tag("c3", Table.COIL, 3, ValueType.BOOL),
        Tag("c4", Table.COIL, 4, ValueType.BOOL),
        Tag("c5", Table.COIL, 5, ValueType.BOOL),
        Tag("d17", Table.DISCRETE_INPUT, 17, ValueType.BOOL),
        Tag("d16", Table.DISCRETE_INPUT, 16, ValueType.BOOL),
        Tag("b2", Table.HOLDING_REGISTER, 20, ValueType.BOOL, bit=2),
        Tag("b15", Table.HOLDING_REGISTER, 20, ValueType.BOOL, bit=15),
        Tag("b0", Table.HOLDING_REGISTER, 20, ValueType.BOOL, bit=0),
    ]
    _, samples, _ = read_all(plc, tags)
    values = {name: s.value for name, s in samples.items()}
    assert values == {
        "c3": True,
        "c4": False,
        "c5": True,
        "d17": True,
        "d16": False,
        "b2": True,
        "b15": True,
        "b0": False,
    }


def test_scale_and_offset(plc: ModbusServerThread) -> None:
    plc.set_values(Table.INPUT_REGISTER, 0, [1234])
    settle(plc)
    tag = Tag("temp", Table.INPUT_REGISTER, 0, ValueType.INT16, scale=0.1, offset=-20.0)
    _, samples, _ = read_all(plc, [tag])
    assert samples["temp"].value == pytest.approx(103.4)
    assert samples["temp"].raw == 1234


def test_contiguous_tags_become_one_request(plc: ModbusServerThread) -> None:
    tags = [Tag(f"r{i}", Table.HOLDING_REGISTER, i * 2, ValueType.FLOAT32) for i in range(10)]
    tags.append(Tag("gap", Table.HOLDING_REGISTER, 40, ValueType.UINT16))
    blocks = plan_blocks(tags)
    assert [(b.start, b.count) for b in blocks] == [(0, 20), (40, 1)]
    before = plc.requests
    link, _, _ = read_all(plc, tags)
    assert link is LinkState.ONLINE
    assert plc.requests - before == 2


def test_each_read_gives_exactly_the_tags_asked_for(plc: ModbusServerThread) -> None:
    """The plan of a tuple is reused by identity; another tuple or a changed list has its own."""
    plc.set_values(Table.HOLDING_REGISTER, 0, [10, 11, 12, 13])
    settle(plc)
    every = tuple(Tag(f"r{i}", Table.HOLDING_REGISTER, i, ValueType.UINT16) for i in range(4))
    some = every[1:3]
    asked: list[Tag] = [every[0]]
    reader = DeviceReader(connection_to(plc))
    try:
        for tags, names in (
            (every, ["r0", "r1", "r2", "r3"]),
            (every, ["r0", "r1", "r2", "r3"]),
            (some, ["r1", "r2"]),
            (asked, ["r0"]),
        ):
            _, samples, _ = reader.read(tags)
            assert sorted(samples) == names
        asked.append(every[3])
        _, samples, _ = reader.read(asked)
        assert sorted(samples) == ["r0", "r3"]
        assert samples["r3"].value == 13
    finally:
        reader.close()


def test_blocks_respect_the_protocol_limits() -> None:
    registers = [Tag(f"r{i}", Table.HOLDING_REGISTER, i, ValueType.UINT16) for i in range(300)]
    bits = [Tag(f"c{i}", Table.COIL, i, ValueType.BOOL) for i in range(4500)]
    blocks = plan_blocks(registers + bits)
    assert [b.count for b in blocks if b.table is Table.COIL] == [MAX_BITS, MAX_BITS, 500]
    assert [b.count for b in blocks if b.table is Table.HOLDING_REGISTER] == [
        MAX_REGISTERS,
        MAX_REGISTERS,
        50,
    ]
    wide = [Tag(f"f{i}", Table.HOLDING_REGISTER, i * 4, ValueType.FLOAT64) for i in range(40)]
    assert all(b.count <= MAX_REGISTERS and b.count % 4 == 0 for b in plan_blocks(wide))


def test_exception_code_marks_only_its_block(plc: ModbusServerThread) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [7])
    settle(plc)
    tags = [
        Tag("ok", Table.HOLDING_REGISTER, 0, ValueType.UINT16),
        Tag("missing", Table.HOLDING_REGISTER, 5000, ValueType.UINT16),
    ]
    link, samples, problems = read_all(plc, tags)
    assert link is LinkState.DEGRADED
    assert samples["ok"].quality is Quality.GOOD
    assert samples["missing"].quality is Quality.COMM_ERROR
    assert problems == ["holding_register 5000..5000: exception 2 (illegal data address)"]


def test_a_refusing_device_keeps_last_values_as_stale(plc: ModbusServerThread) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [42])
    settle(plc)
    tag = Tag("v", Table.HOLDING_REGISTER, 0, ValueType.UINT16)
    reader = DeviceReader(connection_to(plc))
    try:
        _, first, _ = reader.read([tag])
        plc.refuse_with = ExcCodes.DEVICE_BUSY
        link, second, problems = reader.read([tag], first)
    finally:
        reader.close()
    assert link is LinkState.DEGRADED
    assert second["v"].quality is Quality.STALE
    assert second["v"].value == 42
    assert second["v"].at == first["v"].at
    assert problems == ["holding_register 0..0: exception 6 (device busy)"]


def test_a_silent_device_times_out_quickly_and_goes_offline(plc: ModbusServerThread) -> None:
    import time

    plc.reply_delay_s = 3.0
    tags = [
        Tag("a", Table.HOLDING_REGISTER, 0, ValueType.UINT16),
        Tag("b", Table.INPUT_REGISTER, 0, ValueType.UINT16),
    ]
    started = time.monotonic()
    link, samples, problems = read_all(plc, tags)
    took = time.monotonic() - started
    assert link is LinkState.OFFLINE
    assert {s.quality for s in samples.values()} == {Quality.COMM_ERROR}
    assert problems == ["no reply within 0.5 s to holding_register 0..0"]
    # One timeout, not one per block and not the library's 3 s x 4 tries.
    assert took < 1.4


def test_a_late_reply_is_never_credited_to_the_next_request(plc: ModbusServerThread) -> None:
    plc.set_values(Table.HOLDING_REGISTER, 0, [111])
    plc.set_values(Table.HOLDING_REGISTER, 10, [222])
    settle(plc)
    first = Tag("first", Table.HOLDING_REGISTER, 0, ValueType.UINT16)
    second = Tag("second", Table.HOLDING_REGISTER, 10, ValueType.UINT16)
    reader = DeviceReader(connection_to(plc, timeout_s=0.3))
    try:
        plc.reply_delay_s = 0.6
        link, _, _ = reader.read([first])
        assert link is LinkState.OFFLINE
        plc.reply_delay_s = 0.0
        # The reply to "first" (111) arrives while "second" is being asked for.
        link, samples, _ = reader.read([second])
    finally:
        reader.close()
    assert link is LinkState.ONLINE
    assert samples["second"].value == 222


def test_nothing_listening_is_offline_at_once() -> None:
    import time

    reader = DeviceReader(dead_connection())
    started = time.monotonic()
    try:
        link, samples, problems = reader.read([Tag("a", Table.COIL, 0, ValueType.BOOL)])
    finally:
        reader.close()
    assert link is LinkState.OFFLINE
    assert samples["a"].quality is Quality.COMM_ERROR
    assert samples["a"].value is None
    assert "connection refused or lost" in problems[0]
    assert time.monotonic() - started < 1.0


def test_nan_from_the_plc_is_a_bad_reading_not_a_value(plc: ModbusServerThread) -> None:
    tag = Tag("f", Table.HOLDING_REGISTER, 0, ValueType.FLOAT32)
    plc.set_values(Table.HOLDING_REGISTER, 0, encode_value(tag, math.nan))
    settle(plc)
    link, samples, problems = read_all(plc, [tag])
    assert link is LinkState.DEGRADED
    assert samples["f"].quality is Quality.COMM_ERROR
    assert problems == ["f: the PLC sent nan"]
