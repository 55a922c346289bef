"""Coalescing tags into as few read requests as the protocol allows.

Contiguous (or shared) addresses of one table become one request, within the protocol limits
of 125 registers or 2000 bits. Gaps are never bridged: many PLCs answer a read that touches an
unmapped address with an exception, which would lose the whole block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from operator_app.site_config.tag_map import Table, Tag

MAX_REGISTERS = 125
MAX_BITS = 2000


@dataclass(frozen=True)
class ReadBlock:
    table: Table
    start: int
    count: int
    tags: tuple[Tag, ...]

    @property
    def end(self) -> int:
        return self.start + self.count - 1

    def describe(self) -> str:
        return f"{self.table} {self.start}..{self.end}"


def plan_blocks(
    tags: Iterable[Tag], max_registers: int = MAX_REGISTERS, max_bits: int = MAX_BITS
) -> list[ReadBlock]:
    blocks: list[ReadBlock] = []
    by_table: dict[Table, list[Tag]] = {}
    for tag in tags:
        by_table.setdefault(tag.table, []).append(tag)
    for table in Table:
        limit = max_bits if table.is_bits else max_registers
        current: list[Tag] = []
        start = end = 0
        for tag in sorted(by_table.get(table, ()), key=lambda t: (t.address, t.last_address)):
            if current and tag.address <= end + 1 and max(end, tag.last_address) - start < limit:
                current.append(tag)
                end = max(end, tag.last_address)
                continue
            if current:
                blocks.append(ReadBlock(table, start, end - start + 1, tuple(current)))
            current, start, end = [tag], tag.address, tag.last_address
        if current:
            blocks.append(ReadBlock(table, start, end - start + 1, tuple(current)))
    return blocks
