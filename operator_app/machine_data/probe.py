"""Commissioning: read every tag of a machine once and say what came back.

For a controls engineer checking a tag map against a PLC: value, unit and quality of each tag,
and in plain words why anything is not good.
"""

from __future__ import annotations

from dataclasses import dataclass

from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.samples import LinkState, Quality
from operator_app.site_config.model import MachineConfig


@dataclass(frozen=True)
class ProbeLine:
    tag: str
    where: str  # "holding_register 4 float32 ABCD"
    value: bool | int | float | None
    raw: bool | int | float | None
    unit: str
    quality: Quality


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

    def as_dict(self) -> dict[str, object]:
        return {
            "machine": self.machine_id,
            "endpoint": self.endpoint,
            "link": self.link.value,
            "ok": self.ok,
            "tags": [
                {
                    "tag": line.tag,
                    "where": line.where,
                    "value": line.value,
                    "raw": line.raw,
                    "unit": line.unit,
                    "quality": line.quality.value,
                }
                for line in self.lines
            ],
            "problems": list(self.problems),
        }


def probe_machine(machine: MachineConfig) -> ProbeReport:
    connection = machine.connection
    if connection is None or not machine.tags:
        raise ValueError(f"{machine.machine_id} has no Modbus tag map")
    reader = DeviceReader(connection)
    try:
        link, samples, problems = reader.read(machine.tags)
    finally:
        reader.close()
    lines = []
    for tag in machine.tags:
        sample = samples[tag.name]
        where = f"{tag.table} {tag.address} {tag.type}"
        if tag.type.registers > 1:
            where += f" {tag.word_order}"
        if tag.bit is not None:
            where += f" bit {tag.bit}"
        lines.append(ProbeLine(tag.name, where, sample.value, sample.raw, tag.unit, sample.quality))
    endpoint = f"{connection.host}:{connection.port} unit {connection.unit_id}"
    return ProbeReport(machine.machine_id, endpoint, link, tuple(lines), tuple(problems))
