"""Commissioning: read every tag of a machine and say what came back, and what looks wrong.

For a controls engineer checking a tag map against a PLC: value, unit and quality of each tag,
the registers as the PLC sent them (in hex), and in plain words why anything is not good. A
value that was read but cannot be right is *flagged*: outside the tag's limits, a float no
sensor gives (NaN, infinite, astronomically large or small), or a counter that moved by whole
multiples of 65,536 between two reads a poll interval apart, which is what a 32-bit counter
read with its words the wrong way round does. A wrong word order otherwise looks "good".
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from operator_app.machine_data.decoding import BadReading, raw_value
from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole, ValueType
from shopfloor_core.domain.counters import WORD

# Beyond these magnitudes a float is a decoding mistake, not a measurement: no sensor of a
# production machine reads a billion units, and a non-zero value below 1e-20 is the bit pattern
# of a float read with its words or bytes the wrong way round.
ABSURD_HIGH = 1e9
ABSURD_LOW = 1e-20
COUNTER_ROLES = (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER)


@dataclass(frozen=True)
class ProbeLine:
    tag: str
    where: str  # "holding_register 4 float32 ABCD"
    value: bool | int | float | None
    raw: bool | int | float | None
    unit: str
    quality: Quality
    registers: tuple[int, ...] = ()  # as the PLC sent them; empty for bit tables
    flags: tuple[str, ...] = ()

    @property
    def registers_hex(self) -> str:
        return " ".join(f"0x{word:04X}" for word in self.registers)


@dataclass(frozen=True)
class ProbeReport:
    machine_id: str
    endpoint: str
    link: LinkState
    lines: tuple[ProbeLine, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.link is LinkState.ONLINE and all(
            line.quality is Quality.GOOD for line in self.lines
        )

    @property
    def flagged(self) -> bool:
        return any(line.flags for line in self.lines)

    def as_dict(self) -> dict[str, object]:
        return {
            "machine": self.machine_id,
            "endpoint": self.endpoint,
            "link": self.link.value,
            "ok": self.ok,
            "flagged": self.flagged,
            "tags": [
                {
                    "tag": line.tag,
                    "where": line.where,
                    "value": _json_number(line.value),
                    "raw": _json_number(line.raw),
                    "registers": line.registers_hex,
                    "unit": line.unit,
                    "quality": line.quality.value,
                    "flags": list(line.flags),
                }
                for line in self.lines
            ],
            "problems": list(self.problems),
        }


def _json_number(value: bool | int | float | None) -> bool | int | float | str | None:
    # JSON has no NaN or infinity; say what the PLC sent rather than write invalid JSON.
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def value_flags(tag: Tag, value: bool | int | float | None) -> list[str]:
    """Why a value that was read cannot be right, in plain words (empty when it may be)."""
    if value is None or isinstance(value, bool):
        return []
    found = []
    number = float(value)
    if tag.type in (ValueType.FLOAT32, ValueType.FLOAT64):
        if not math.isfinite(number):
            found.append(f"{number} is not a measurement: check the word_order ({tag.word_order})")
            return found
        if abs(number) >= ABSURD_HIGH or 0 < abs(number) < ABSURD_LOW:
            found.append(
                f"{number:.6g} is no sensor's value: check the word_order ({tag.word_order})"
            )
    if tag.low is not None and number < tag.low:
        found.append(f"{number:.6g} is below the tag's low limit {tag.low:g}")
    if tag.high is not None and number > tag.high:
        found.append(f"{number:.6g} is above the tag's high limit {tag.high:g}")
    return found


def counter_flags(tag: Tag, first: Sample | None, second: Sample | None) -> list[str]:
    """A counter read twice that moved by whole multiples of 65,536."""
    if (
        first is None
        or second is None
        or first.quality is not Quality.GOOD
        or second.quality is not Quality.GOOD
        or not isinstance(first.raw, int)
        or not isinstance(second.raw, int)
    ):
        return []
    moved = (int(second.raw) - int(first.raw)) % (1 << tag.type.bits)
    if moved == 0 or moved % WORD or tag.type.registers < 2:
        return []
    return [
        f"moved from {first.raw} to {second.raw}, by {moved // WORD} x 65536, in one poll "
        f"interval: its words are probably the wrong way round, check the word_order "
        f"({tag.word_order} now; try {_other_order(tag)})"
    ]


def _other_order(tag: Tag) -> str:
    return {"ABCD": "CDAB", "CDAB": "ABCD", "BADC": "DCBA", "DCBA": "BADC"}[tag.word_order.value]


def probe_machine(
    machine: MachineConfig, *, wait: Callable[[float], None] = time.sleep
) -> ProbeReport:
    """Read every tag, then the counters again a poll interval later (``wait`` sleeps)."""
    connection = machine.connection
    if connection is None or not machine.tags:
        raise ValueError(f"{machine.machine_id} has no Modbus tag map")
    reader = DeviceReader(connection)
    try:
        link, samples, problems = reader.read(machine.tags)
        registers = dict(reader.registers)
        counters = [t for t in machine.tags if t.role in COUNTER_ROLES]
        again: dict[str, Sample] = {}
        if counters and link is not LinkState.OFFLINE:
            wait(max(t.poll_interval_s for t in counters))
            again = reader.read(counters)[1]
    finally:
        reader.close()
    lines = []
    for tag in machine.tags:
        sample = samples[tag.name]
        words = registers.get(tag.name, ())
        flags = value_flags(
            tag, sample.value if sample.quality is Quality.GOOD else _sent(tag, words)
        )
        if tag.role in COUNTER_ROLES:
            flags += counter_flags(tag, sample, again.get(tag.name))
        lines.append(
            ProbeLine(
                tag.name,
                _where(tag),
                sample.value,
                sample.raw,
                tag.unit,
                sample.quality,
                words,
                tuple(flags),
            )
        )
    endpoint = f"{connection.host}:{connection.port} unit {connection.unit_id}"
    return ProbeReport(machine.machine_id, endpoint, link, tuple(lines), tuple(problems))


def _sent(tag: Tag, words: tuple[int, ...]) -> float | None:
    """The float in registers the reader refused (NaN, infinity), to flag it for what it is."""
    if not words or tag.type not in (ValueType.FLOAT32, ValueType.FLOAT64):
        return None
    try:
        value = raw_value(tag, words)
    except BadReading:
        return None
    return float(value) if not math.isfinite(value) else None


def _where(tag: Tag) -> str:
    where = f"{tag.table} {tag.address} {tag.type}"
    if tag.type.registers > 1:
        where += f" {tag.word_order}"
    if tag.bit is not None:
        where += f" bit {tag.bit}"
    return where
