"""Registers to engineering values and back, for every type and word order of a tag map.

pymodbus converts big-endian ("ABCD") and low-word-first ("CDAB") values; the byte-swapped
orders (BADC, DCBA) are those two with the bytes of each register swapped first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from pymodbus.client import ModbusTcpClient

from operator_app.machine_data.samples import Value
from operator_app.site_config.tag_map import Tag, ValueType, WordOrder

DATATYPE = ModbusTcpClient.DATATYPE
# pymodbus' name of each numeric tag type.
DATATYPES = {
    ValueType.INT16: DATATYPE.INT16,
    ValueType.UINT16: DATATYPE.UINT16,
    ValueType.INT32: DATATYPE.INT32,
    ValueType.UINT32: DATATYPE.UINT32,
    ValueType.FLOAT32: DATATYPE.FLOAT32,
    ValueType.INT64: DATATYPE.INT64,
    ValueType.FLOAT64: DATATYPE.FLOAT64,
}


class BadReading(ValueError):
    """A reply that cannot be a value of the tag (wrong length, NaN, ...)."""


def _swap_bytes(registers: Sequence[int]) -> list[int]:
    return [((r & 0xFF) << 8) | (r >> 8) for r in registers]


def _word_order(order: WordOrder) -> Literal["big", "little"]:
    return "little" if order in (WordOrder.CDAB, WordOrder.DCBA) else "big"


def raw_value(tag: Tag, registers: Sequence[int] | None = None, bit: bool | None = None) -> Value:
    """The PLC's value before scaling: a bool from a bit, else the number in the registers."""
    if tag.type is ValueType.BOOL:
        if tag.table.is_bits:
            if bit is None:
                raise BadReading(f"{tag.name}: no bit in the reply")
            return bool(bit)
        if not registers:
            raise BadReading(f"{tag.name}: no register in the reply")
        return bool((registers[0] >> (tag.bit or 0)) & 1)
    if registers is None or len(registers) != tag.type.registers:
        got = 0 if registers is None else len(registers)
        raise BadReading(f"{tag.name}: {tag.type} needs {tag.type.registers} registers, got {got}")
    regs = list(registers)
    if tag.word_order in (WordOrder.BADC, WordOrder.DCBA):
        regs = _swap_bytes(regs)
    value = ModbusTcpClient.convert_from_registers(
        regs, DATATYPES[tag.type], word_order=_word_order(tag.word_order)
    )
    if not isinstance(value, (int, float)):
        raise BadReading(f"{tag.name}: not a number")
    return value


def engineering_value(tag: Tag, raw: Value) -> Value:
    """Scaled value for people; bools and counters pass unchanged."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and not math.isfinite(raw):
        raise BadReading(f"{tag.name}: the PLC sent {raw}")
    if tag.scale == 1.0 and tag.offset == 0.0:
        return raw
    return raw * tag.scale + tag.offset


def encode_value(tag: Tag, raw: Value) -> list[int]:
    """Registers a PLC would hold for ``raw`` (used by the simulator and tests)."""
    if tag.type is ValueType.BOOL:
        return [(1 << (tag.bit or 0)) if raw else 0]
    regs = ModbusTcpClient.convert_to_registers(
        raw, DATATYPES[tag.type], word_order=_word_order(tag.word_order)
    )
    if tag.word_order in (WordOrder.BADC, WordOrder.DCBA):
        regs = _swap_bytes(regs)
    return regs
