"""The block decoder against pymodbus' own conversions, for every type and word order."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from pymodbus.client import ModbusTcpClient

from operator_app.machine_data.block_decoder import BlockDecoder
from operator_app.machine_data.blocks import ReadBlock, plan_blocks
from operator_app.machine_data.decoding import DATATYPES, raw_value
from operator_app.site_config.tag_map import Table, Tag, ValueType, WordOrder

NUMBERS = {
    ValueType.INT16: st.integers(-(2**15), 2**15 - 1),
    ValueType.UINT16: st.integers(0, 2**16 - 1),
    ValueType.INT32: st.integers(-(2**31), 2**31 - 1),
    ValueType.UINT32: st.integers(0, 2**32 - 1),
    ValueType.FLOAT32: st.floats(width=32, allow_nan=False, allow_infinity=False),
    ValueType.INT64: st.integers(-(2**63), 2**63 - 1),
    ValueType.FLOAT64: st.floats(allow_nan=False, allow_infinity=False),
}
NUMERIC = list(NUMBERS)
words = st.integers(0, 0xFFFF)


def plc_registers(tag: Tag, value: int | float) -> list[int]:
    """What a PLC holds for ``value``: pymodbus' conversion, bytes swapped for BADC and DCBA."""
    little = tag.word_order in (WordOrder.CDAB, WordOrder.DCBA)
    regs = ModbusTcpClient.convert_to_registers(
        value, DATATYPES[tag.type], word_order="little" if little else "big"
    )
    if tag.word_order in (WordOrder.BADC, WordOrder.DCBA):
        regs = [((r & 0xFF) << 8) | (r >> 8) for r in regs]
    return regs


@st.composite
def valued_tags(draw: st.DrawFn) -> tuple[list[Tag], list[int | float]]:
    """Tags of every type and word order side by side, with gaps, each with a value."""
    tags, values, address = [], [], draw(st.integers(0, 20))
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(NUMERIC))
        order = draw(st.sampled_from(list(WordOrder)))
        tags.append(Tag(f"t{i}", Table.HOLDING_REGISTER, address, kind, order))
        values.append(draw(NUMBERS[kind]))
        address += kind.registers + draw(st.sampled_from([0, 0, 0, 1, 3]))
    return tags, values


def one_block(tags: list[Tag]) -> ReadBlock:
    start = min(t.address for t in tags)
    end = max(t.last_address for t in tags)
    return ReadBlock(Table.HOLDING_REGISTER, start, end - start + 1, tuple(tags))


@settings(max_examples=300, deadline=None)
@given(valued_tags(), st.data())
def test_every_type_and_word_order_round_trips_through_pymodbus(
    case: tuple[list[Tag], list[int | float]], data: st.DataObject
) -> None:
    tags, values = case
    block = one_block(tags)
    # Unmapped words between tags hold whatever the PLC has there.
    registers = data.draw(st.lists(words, min_size=block.count, max_size=block.count))
    for tag, value in zip(tags, values, strict=True):
        at = tag.address - block.start
        registers[at : at + tag.width] = plc_registers(tag, value)
    decoder = BlockDecoder(block)
    assert decoder.raw_values(registers) == values
    # Reused buffers: a second reply decodes as freshly as the first.
    assert decoder.raw_values(registers) == values
    assert decoder.not_finite(values) == []


@st.composite
def overlapping_tags(draw: st.DrawFn) -> list[Tag]:
    """Anything a tag map may hold in one table, shared addresses and bits of words included."""
    tags = []
    for i in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from([*NUMERIC, ValueType.BOOL]))
        bit = draw(st.integers(0, 15)) if kind is ValueType.BOOL else None
        tags.append(
            Tag(
                f"t{i}",
                Table.INPUT_REGISTER,
                draw(st.integers(0, 12)),
                kind,
                draw(st.sampled_from(list(WordOrder))),
                bit=bit,
            )
        )
    return tags


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


@settings(max_examples=300, deadline=None)
@given(overlapping_tags(), st.data())
def test_a_block_decodes_as_each_tag_would_alone(tags: list[Tag], data: st.DataObject) -> None:
    """Against the per-tag pymodbus path the block decoder replaced, on any words at all."""
    for block in plan_blocks(tags):
        registers = data.draw(st.lists(words, min_size=block.count, max_size=block.count))
        expected = [
            raw_value(t, registers[t.address - block.start : t.last_address - block.start + 1])
            for t in block.tags
        ]
        decoder = BlockDecoder(block)
        got = decoder.raw_values(registers)
        assert all(same(g, e) for g, e in zip(got, expected, strict=True)), (got, expected)
        not_finite = [
            i for i, v in enumerate(expected) if isinstance(v, float) and not math.isfinite(v)
        ]
        assert decoder.not_finite(got) == not_finite


@given(st.lists(st.booleans(), min_size=1, max_size=40), st.data())
def test_bit_tables_give_each_tag_its_bit(bits: list[bool], data: st.DataObject) -> None:
    addresses = data.draw(st.sets(st.integers(0, len(bits) - 1), min_size=1))
    tags = [Tag(f"c{a}", Table.COIL, a, ValueType.BOOL) for a in sorted(addresses)]
    for block in plan_blocks(tags):
        got = BlockDecoder(block).raw_values(bits[block.start : block.start + block.count])
        assert got == [bits[t.address] for t in block.tags]


@given(
    st.lists(st.integers(-1000, 1000), min_size=1, max_size=8),
    st.floats(-100, 100),
    st.floats(-100, 100),
)
def test_scale_and_offset_apply_only_where_set(
    raws: list[int], scale: float, offset: float
) -> None:
    tags = [
        Tag(f"t{i}", Table.HOLDING_REGISTER, i, ValueType.INT16, scale=scale, offset=offset)
        if i % 2
        else Tag(f"t{i}", Table.HOLDING_REGISTER, i, ValueType.INT16)
        for i in range(len(raws))
    ]
    decoder = BlockDecoder(one_block(tags))
    values = decoder.engineering_values(raws)
    scaled = scale != 1.0 or offset != 0.0
    for i, (raw, value) in enumerate(zip(raws, values, strict=True)):
        if i % 2 and scaled:
            assert value == raw * scale + offset
        else:
            assert value == raw
            assert type(value) is int


def identical(a: object, b: object) -> bool:
    """The same value and type, telling -0.0 from 0.0 and taking NaN as itself."""
    return type(a) is type(b) and repr(a) == repr(b)


factors = st.sampled_from([1.0, 0.1, -0.1, 2.0, -1.0, 0.0, 1e-3])
terms = st.sampled_from([0.0, -0.0, 5.0, -273.15, 0.5])


@settings(max_examples=300, deadline=None)
@given(overlapping_tags(), st.data())
def test_engineering_values_are_raw_times_scale_plus_offset_exactly(
    tags: list[Tag], data: st.DataObject
) -> None:
    """Scaled or not, every type, NaN and -0.0: the plain formula's value and type, bit for bit."""
    tags = [
        replace(t, scale=data.draw(factors), offset=data.draw(terms))
        if t.type is not ValueType.BOOL and data.draw(st.booleans())
        else t
        for t in tags
    ]
    for block in plan_blocks(tags):
        registers = data.draw(st.lists(words, min_size=block.count, max_size=block.count))
        for tag in block.tags:
            # Floats that are exactly zero, negative zero or NaN in some tags.
            if tag.type in (ValueType.FLOAT32, ValueType.FLOAT64) and data.draw(st.booleans()):
                special = data.draw(st.sampled_from([0.0, -0.0, math.nan, math.inf]))
                at = tag.address - block.start
                registers[at : at + tag.width] = plc_registers(tag, special)
        decoder = BlockDecoder(block)
        raw = list(decoder.raw_values(registers))
        expected = [
            r
            if t.type is ValueType.BOOL or (t.scale == 1.0 and t.offset == 0.0)
            else r * t.scale + t.offset
            for t, r in zip(block.tags, raw, strict=True)
        ]
        got = decoder.engineering_values(raw)
        assert all(identical(g, e) for g, e in zip(got, expected, strict=True)), (got, expected)
