"""Decoding a whole block reply at once: one ``struct`` call per block, not one per tag.

A poll of a machine reads a few blocks of dozens of tags; converting tag by tag (a list slice,
a word swap and a pymodbus conversion each) cost more than the network round trip. Here each
block is compiled once into ``struct.Struct`` formats, and every reply is packed into a reused
byte buffer and unpacked in one call.

Word orders need no swapping of values: the registers are packed once big-endian and, when
some tag needs it, once little-endian (each register's bytes swapped); every word order is then
one of those two buffers read with a big- or little-endian format:

=========  =================  ========================================================
order      buffer             why
=========  =================  ========================================================
ABCD       big-endian words   the Modbus standard: the bytes as sent
CDAB       little-endian      words reversed = all bytes reversed once each word's swapped
BADC       little-endian      bytes swapped in each word, words in order
DCBA       big-endian         all bytes reversed: a little-endian value
=========  =================  ========================================================

``tests/machine_data/test_block_decoder.py`` checks this against pymodbus'
``convert_to_registers`` for every type and word order.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import add, itemgetter, mul

from operator_app.machine_data.blocks import ReadBlock
from operator_app.machine_data.samples import Value
from operator_app.site_config.tag_map import Tag, ValueType, WordOrder

_CODES = {
    ValueType.INT16: "h",
    ValueType.UINT16: "H",
    ValueType.INT32: "i",
    ValueType.UINT32: "I",
    ValueType.FLOAT32: "f",
    ValueType.INT64: "q",
    ValueType.FLOAT64: "d",
}
_FLOATS = (ValueType.FLOAT32, ValueType.FLOAT64)
# (buffer packed with little-endian words, format read little-endian) per word order.
_LAYOUT = {
    WordOrder.ABCD: (False, False),
    WordOrder.CDAB: (True, True),
    WordOrder.BADC: (True, False),
    WordOrder.DCBA: (False, True),
}


@dataclass(frozen=True)
class _Run:
    """Tags read by one format from one buffer: in address order, none overlapping."""

    little_words: bool
    unpack: struct.Struct
    byte_offset: int
    indices: tuple[int, ...]  # where each value goes in the block's list of tags


def _runs(block: ReadBlock) -> list[_Run]:
    groups: dict[tuple[bool, bool], list[list[tuple[int, Tag]]]] = {}
    order = sorted(
        ((i, t) for i, t in enumerate(block.tags) if t.type is not ValueType.BOOL),
        key=lambda item: item[1].address,
    )
    for i, tag in order:
        runs = groups.setdefault(_LAYOUT[tag.word_order], [])
        # Tags that share addresses (a 32-bit value and its low word, say) go to another run.
        home = next((r for r in runs if r[-1][1].last_address < tag.address), None)
        if home is None:
            runs.append([(i, tag)])
        else:
            home.append((i, tag))
    compiled = []
    for (little_words, little_values), runs in groups.items():
        for run in runs:
            first = run[0][1].address
            fmt, at = ["<" if little_values else ">"], first
            for _, tag in run:
                if tag.address > at:
                    fmt.append(f"{2 * (tag.address - at)}x")
                fmt.append(_CODES[tag.type])
                at = tag.last_address + 1
            compiled.append(
                _Run(
                    little_words,
                    struct.Struct("".join(fmt)),
                    2 * (first - block.start),
                    tuple(i for i, _ in run),
                )
            )
    return compiled


def _picker(indices: tuple[int, ...]) -> Callable[[Sequence[Value]], Sequence[Value]]:
    """Picks the values at ``indices`` in one C call; always a sequence, even of one value."""
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    return itemgetter(*indices)


class BlockDecoder:
    """The raw and scaled values of every tag of one block, from the block's reply.

    Not thread-safe: it reuses its buffers from reply to reply (one reader per device thread).
    """

    def __init__(self, block: ReadBlock) -> None:
        self.block = block
        tags = block.tags
        self.names = tuple(t.name for t in tags)
        self._is_bits = block.table.is_bits
        self._offsets = tuple(t.address - block.start for t in tags)
        # Bits of one table, one tag per address from the first: the reply's first bits.
        self._bit_count = len(tags) if self._offsets == tuple(range(len(tags))) else 0
        self._runs = _runs(block) if not self._is_bits else []
        self._whole = len(self._runs) == 1 and self._runs[0].indices == tuple(range(len(tags)))
        self._register_bits = tuple(
            (i, t.address - block.start, t.bit or 0)
            for i, t in enumerate(tags)
            if t.type is ValueType.BOOL and not self._is_bits
        )
        self._floats = tuple(i for i, t in enumerate(tags) if t.type in _FLOATS)
        self._pick_floats = _picker(self._floats)
        self._scaled = tuple(
            (i, t.scale, t.offset)
            for i, t in enumerate(tags)
            if t.type is not ValueType.BOOL and (t.scale != 1.0 or t.offset != 0.0)
        )
        # A block of numbers only is scaled by two maps in C. A tag without a scale or offset
        # gets ``* 1 + 0`` if it is an integer and ``* 1 + -0.0`` if it is a float: both leave
        # the value exactly as it is (``-0.0`` stays ``-0.0``) and its type too.
        scaled = {i: (scale, offset) for i, scale, offset in self._scaled}
        self._by_maps = bool(scaled) and all(t.type is not ValueType.BOOL for t in tags)
        self._factors = tuple(scaled[i][0] if i in scaled else 1 for i in range(len(tags)))
        self._terms = tuple(
            scaled[i][1] if i in scaled else -0.0 if t.type in _FLOATS else 0
            for i, t in enumerate(tags)
        )
        count = block.count
        self._big = bytearray(2 * count)
        self._little = bytearray(2 * count)
        self._pack_big = struct.Struct(f">{count}H")
        self._pack_little = struct.Struct(f"<{count}H")
        self._needs_big = any(not r.little_words for r in self._runs)
        self._needs_little = any(r.little_words for r in self._runs)
        self._raw: list[Value] = [0] * len(tags)

    def raw_values(self, reply: Sequence[int] | Sequence[bool]) -> list[Value]:
        """The PLC's values in the order of ``block.tags``; ``reply`` is the block's words or bits.

        The caller checks the reply's length first. The list is reused by the next call.
        """
        if self._is_bits:
            if self._bit_count:
                return list(map(bool, reply[: self._bit_count]))
            return [bool(reply[o]) for o in self._offsets]
        if self._needs_big:
            self._pack_big.pack_into(self._big, 0, *reply)
        if self._needs_little:
            self._pack_little.pack_into(self._little, 0, *reply)
        if self._whole:
            run = self._runs[0]
            raw = list(run.unpack.unpack_from(self._little if run.little_words else self._big))
        else:
            raw = self._raw
            for run in self._runs:
                buffer = self._little if run.little_words else self._big
                for i, value in zip(
                    run.indices, run.unpack.unpack_from(buffer, run.byte_offset), strict=True
                ):
                    raw[i] = value
        for i, word, bit in self._register_bits:
            raw[i] = bool((reply[word] >> bit) & 1)
        return raw

    def not_finite(self, raw: Sequence[Value]) -> list[int]:
        """Indices of floats the PLC sent as NaN or infinity (no value one can show)."""
        floats = self._floats
        # NaN and infinity carry through a sum: a finite sum means every value is finite.
        if not floats or math.isfinite(sum(self._pick_floats(raw))):
            return []
        return [i for i in floats if not math.isfinite(raw[i])]

    def engineering_values(self, raw: Sequence[Value]) -> Sequence[Value]:
        """Scaled values: ``raw`` itself when no tag has a scale or offset.

        Only tags with a scale or offset change (``raw * scale + offset``); the others keep
        their value and type.
        """
        if not self._scaled:
            return raw
        if self._by_maps:
            return list(map(add, map(mul, raw, self._factors), self._terms))
        values = list(raw)
        for i, scale, offset in self._scaled:
            values[i] = raw[i] * scale + offset
        return values
