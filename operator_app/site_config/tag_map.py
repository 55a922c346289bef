"""Per-machine Modbus settings inside ``[[machines]]``: connection, tag map, detection.

.. code-block:: toml

    [machines.modbus]
    host = "10.20.1.15"
    port = 502
    unit_id = 1

    [[machines.tags]]
    name = "good_parts"
    table = "holding_register"
    address = 100
    type = "uint32"
    word_order = "CDAB"
    role = "good_counter"

    [machines.detection]
    stop_delay_cycles = 4

Every problem is one line naming its key, so a controls engineer fixes a whole map in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib import resources
from typing import Any

from operator_app.site_config.model import Names, name_in
from operator_app.site_config.names import read_names
from shopfloor_core.domain.detection import DetectionSettings
from shopfloor_core.standards.reader import IDENTIFIER, TableReader

MAX_ADDRESS = 65535
# A device that stops answering is noticed at the first poll after its last answer, once that
# poll's request has waited the whole timeout: up to one poll interval + the timeout after it
# fell silent. Without a timeout in the site file it is this share of the poll interval (within
# the limits), so a 1 s poll notices a hung PLC within 1.4 s at any phase of the poll.
DEFAULT_TIMEOUT_SHARE = 0.4
MIN_TIMEOUT_S = 0.1
MAX_DEFAULT_TIMEOUT_S = 1.0
DEFAULT_RETENTION_DAYS = 14


class Table(StrEnum):
    COIL = "coil"
    DISCRETE_INPUT = "discrete_input"
    HOLDING_REGISTER = "holding_register"
    INPUT_REGISTER = "input_register"

    @property
    def is_bits(self) -> bool:
        return self in (Table.COIL, Table.DISCRETE_INPUT)


class ValueType(StrEnum):
    BOOL = "bool"
    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    FLOAT32 = "float32"
    INT64 = "int64"
    FLOAT64 = "float64"

    @property
    def registers(self) -> int:
        """Registers the value occupies (a bool in a bit table occupies one bit)."""
        return _REGISTERS[self]

    @property
    def bits(self) -> int:
        return 16 * self.registers

    @property
    def is_integer(self) -> bool:
        return self in (
            ValueType.INT16,
            ValueType.UINT16,
            ValueType.INT32,
            ValueType.UINT32,
            ValueType.INT64,
        )


_REGISTERS = {
    ValueType.BOOL: 1,
    ValueType.INT16: 1,
    ValueType.UINT16: 1,
    ValueType.INT32: 2,
    ValueType.UINT32: 2,
    ValueType.FLOAT32: 2,
    ValueType.INT64: 4,
    ValueType.FLOAT64: 4,
}


class WordOrder(StrEnum):
    """Byte order of a multi-register value, A being the most significant byte."""

    ABCD = "ABCD"  # big-endian words, big-endian bytes (Modbus standard)
    CDAB = "CDAB"  # low word first (many PLCs: Schneider, some Siemens drives)
    BADC = "BADC"  # bytes swapped in each word
    DCBA = "DCBA"  # fully little-endian


class TagRole(StrEnum):
    RUNNING = "running"
    GOOD_COUNTER = "good_counter"
    REJECT_COUNTER = "reject_counter"
    FAULT = "fault"  # a fault flag (bool); several may be mapped, any one up is a fault
    FAULT_CODE = "fault_code"  # the number of the active fault, 0 when there is none
    # The number of the product (recipe) the machine is set up for, 0 when none is loaded.
    PRODUCT_CODE = "product_code"
    VALUE = "value"


# Roles a machine may have once only: two running signals would contradict each other.
SINGLE_ROLES = (
    TagRole.RUNNING,
    TagRole.GOOD_COUNTER,
    TagRole.REJECT_COUNTER,
    TagRole.FAULT_CODE,
    TagRole.PRODUCT_CODE,
)


@dataclass(frozen=True)
class ModbusConnection:
    host: str
    port: int
    unit_id: int
    timeout_s: float
    history_retention_days: int = DEFAULT_RETENTION_DAYS
    # The demo's in-process simulator: served only when ``--demo`` starts it, so a config
    # that merely mentions it (tests, self-test) polls nothing and records no "no signal".
    simulated: bool = False


@dataclass(frozen=True)
class Tag:
    name: str
    table: Table
    address: int
    type: ValueType
    word_order: WordOrder = WordOrder.ABCD
    scale: float = 1.0
    offset: float = 0.0
    unit: str = ""
    poll_interval_s: float = 1.0
    low: float | None = None
    high: float | None = None
    role: TagRole = TagRole.VALUE
    # A bool kept in one bit of a register (0 = least significant); None for bit tables.
    bit: int | None = None
    label: str = ""
    # The label in other languages than ``label``'s (``[machines.tags.labels] es = "..."``).
    labels: Names = ()
    # The value a counter restarts at (a PLC's counter preset): what it shows above it after a
    # restart was made since.
    preset: int = 0
    # A product_code tag's numbers and the product codes they stand for (PLC recipe 3 is
    # product "BRK-2201"): ``[machines.tags.product_codes] 3 = "BRK-2201"``. A number without
    # an entry is taken as the product code itself ("17" for 17).
    product_codes: tuple[tuple[int, str], ...] = ()

    def product_code(self, number: int) -> str | None:
        """The product a product_code tag's reading names; None for 0 (nothing loaded)."""
        if number == 0:
            return None
        return dict(self.product_codes).get(number, str(number))

    def label_in(self, language: str) -> str:
        """What a screen calls the tag in ``language``; its name when the file gives no label."""
        return name_in(self.label, self.labels, language) or self.name

    @property
    def width(self) -> int:
        """Addresses the tag occupies in its table (bits in a bit table, else registers)."""
        return 1 if self.table.is_bits else self.type.registers

    @property
    def last_address(self) -> int:
        return self.address + self.width - 1


@dataclass(frozen=True)
class DetectionStandard:
    """The regional rule for one threshold: its default and what a machine may choose."""

    default: float
    low: float
    high: float
    per_machine: bool


@dataclass(frozen=True)
class DetectionStandards:
    version: str
    stop_delay_cycles: DetectionStandard
    micro_stop_s: DetectionStandard

    @property
    def defaults(self) -> DetectionSettings:
        return DetectionSettings(self.stop_delay_cycles.default, self.micro_stop_s.default)


def _standard(document: dict[str, Any], key: str) -> DetectionStandard:
    entry = document[key]
    low, high = float(entry["min"]), float(entry["max"])
    return DetectionStandard(float(entry["default"]), low, high, bool(entry["per_machine"]))


def detection_standards() -> DetectionStandards:
    """The bundled regional detection standard (shopfloor_core/standards/detection.json)."""
    text = resources.files("shopfloor_core.standards").joinpath("detection.json").read_text("utf-8")
    document = json.loads(text)
    return DetectionStandards(
        str(document["version"]),
        _standard(document, "stop_delay_cycles"),
        _standard(document, "micro_stop_s"),
    )


def read_machine_data(
    machine: TableReader,
) -> tuple[ModbusConnection | None, tuple[Tag, ...], DetectionSettings]:
    """Read ``modbus``, ``tags``, ``history`` and ``detection`` of one machine."""
    problems = machine.problems
    standards = detection_standards()
    connection = _read_connection(machine)
    tags = tuple(_read_tags(machine))
    modbus = machine.table.get("modbus")
    if connection is not None and tags and not (isinstance(modbus, dict) and "timeout_s" in modbus):
        fastest = min(t.poll_interval_s for t in tags)
        connection = replace(connection, timeout_s=default_timeout_s(fastest))
    detection = _read_detection(machine, standards)
    if tags and connection is None and "modbus" not in machine.table:
        problems.add(machine.key("modbus"), "is required when the machine has tags")
    if connection is not None and not tags and "tags" not in machine.table:
        problems.add(machine.key("tags"), "needs at least one tag when modbus is set")
    _check_overlaps(machine, tags)
    _check_roles(machine, tags)
    return connection, tags, detection


def default_timeout_s(poll_interval_s: float) -> float:
    """The reply timeout of a device polled every ``poll_interval_s`` when none is set."""
    share = round(DEFAULT_TIMEOUT_SHARE * poll_interval_s, 3)
    return min(MAX_DEFAULT_TIMEOUT_S, max(MIN_TIMEOUT_S, share))


def _read_connection(machine: TableReader) -> ModbusConnection | None:
    modbus = machine.table_of("modbus")
    history = machine.table_of("history")
    retention = DEFAULT_RETENTION_DAYS
    if history is not None:
        days = history.integer("retention_days", DEFAULT_RETENTION_DAYS, low=1, high=3660)
        retention = days or DEFAULT_RETENTION_DAYS
        history.finish()
    if modbus is None:
        return None
    host = modbus.string("host")
    port = modbus.integer("port", 502, low=1, high=65535)
    unit_id = modbus.integer("unit_id", 1, low=0, high=255)
    # Without one, read_machine_data derives it from the poll interval once the tags are read.
    timeout = modbus.number("timeout_s", MAX_DEFAULT_TIMEOUT_S, low=MIN_TIMEOUT_S, high=5.0)
    simulated = modbus.boolean("simulated", False)
    modbus.finish()
    if host is None or port is None or unit_id is None or timeout is None:
        return None
    return ModbusConnection(host, port, unit_id, timeout, retention, bool(simulated))


def _read_tags(machine: TableReader) -> list[Tag]:
    tags: list[Tag] = []
    names: set[str] = set()
    for entry in machine.array_of_tables("tags"):
        named = entry.table.get("name")
        if isinstance(named, str) and IDENTIFIER.match(named):
            entry.problems.labels[entry.path] = f"tag {named}"
        tag = _read_tag(entry)
        entry.finish()
        if tag is None:
            continue
        if tag.name in names:
            entry.problems.add(entry.key("name"), f"{tag.name!r} is used by another tag")
            continue
        names.add(tag.name)
        tags.append(tag)
    return tags


def _read_tag(entry: TableReader) -> Tag | None:
    problems = entry.problems
    before = len(problems)
    name = entry.string("name", pattern=IDENTIFIER, hint="use letters, digits, '-', '_' or '.'")
    label = entry.string("label", "")
    labels = read_names(entry, "labels")
    table_name = entry.string("table", choices=tuple(t.value for t in Table))
    address = entry.integer("address", low=0, high=MAX_ADDRESS)
    type_name = entry.string("type", choices=tuple(t.value for t in ValueType))
    order_name = entry.string("word_order", "ABCD", choices=tuple(w.value for w in WordOrder))
    scale = entry.number("scale", 1.0)
    offset = entry.number("offset", 0.0)
    unit = entry.string("unit", "")
    interval = entry.number("poll_interval_s", 1.0, low=0.1, high=3600.0)
    low = entry.number("low", None)
    high = entry.number("high", None)
    role_name = entry.string("role", "value", choices=tuple(r.value for r in TagRole))
    bit = entry.integer("bit", None, low=0, high=15)
    preset = entry.integer("preset", None, low=0)
    product_codes = _read_product_codes(entry)
    written = entry.table.get("address")
    if address is None and isinstance(written, int) and table_name in _REFERENCE_PREFIX:
        # 400001 cannot be an address; as a 1-based reference it is a clear mistake to name.
        hint = reference_hint(Table(table_name), written)
        if hint:
            problems.add(entry.key("address"), hint)
    if scale == 0:
        problems.add(entry.key("scale"), "must not be 0 (every reading would be 0)")
    if low is not None and high is not None and low >= high:
        problems.add(entry.key("high"), f"must be above low ({low:g}), not {high:g}")
    if (
        len(problems) > before
        or name is None
        or table_name is None
        or address is None
        or type_name is None
        or order_name is None
        or role_name is None
    ):
        return None
    table, kind, role = Table(table_name), ValueType(type_name), TagRole(role_name)
    tag = Tag(
        name=name,
        table=table,
        address=address,
        type=kind,
        word_order=WordOrder(order_name),
        scale=scale if scale is not None else 1.0,
        offset=offset or 0.0,
        unit=unit or "",
        poll_interval_s=interval or 1.0,
        low=low,
        high=high,
        role=role,
        bit=bit,
        label=label or "",
        labels=labels,
        preset=preset or 0,
        product_codes=product_codes,
    )
    for key, problem in _tag_problems(tag, preset is not None):
        problems.add(entry.key(key), problem)
    return None if len(problems) > before else tag


def _read_product_codes(entry: TableReader) -> tuple[tuple[int, str], ...]:
    """``[machines.tags.product_codes]``: PLC number = product code, numbers 1 and up."""
    table = entry.table_of("product_codes")
    if table is None:
        return ()
    codes: list[tuple[int, str]] = []
    for number in table.table:
        if not number.isdigit() or int(number) == 0:
            table.seen.add(number)
            table.problems.add(
                table.key(number), "must be the PLC's product number, 1 or more (0 is no product)"
            )
            continue
        code = table.string(number)
        if code:
            codes.append((int(number), code))
    table.finish()
    return tuple(codes)


# Modicon's 1-based references: 4xxxx holding registers, 3xxxx input registers, 1xxxx discrete
# inputs, as PLC manuals print them (five digits, or six for 65,536 registers).
_REFERENCE_PREFIX = {
    Table.HOLDING_REGISTER.value: 4,
    Table.INPUT_REGISTER.value: 3,
    Table.DISCRETE_INPUT.value: 1,
}


def reference_hint(table: Table, address: int) -> str | None:
    """What to write when ``address`` looks like a 1-based Modbus reference, else None."""
    prefix = _REFERENCE_PREFIX.get(table.value)
    if prefix is None:
        return None
    for base in (prefix * 10_000, prefix * 100_000):
        if base < address <= base + (9_999 if base < 100_000 else 65_536):
            return (
                f"{address} looks like a 1-based Modbus reference ({base + 1} = {table} 0): "
                f"if the PLC's manual says {address}, write address = {address - base - 1}"
            )
    return None


def tag_hints(machines: Sequence[tuple[int, Sequence[Tag]]], path: str = "machines") -> list[str]:
    """Lines for settings that are valid but look mistaken, keyed like the problems."""
    hints = []
    for m, tags in machines:
        for t, tag in enumerate(tags):
            hint = reference_hint(tag.table, tag.address)
            if hint:
                hints.append(f"{path}[{m}].tags[{t}].address: tag {tag.name}: {hint}")
    return hints


def _tag_problems(tag: Tag, has_preset: bool = False) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    counter = tag.role in (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER)
    if tag.product_codes and tag.role is not TagRole.PRODUCT_CODE:
        found.append(("product_codes", "only applies to a product_code tag"))
    if has_preset and not counter:
        found.append(("preset", "only applies to a good_counter or reject_counter"))
    elif has_preset and tag.type.is_integer and tag.preset >= 1 << tag.type.bits:
        found.append(
            ("preset", f"must be below {1 << tag.type.bits} for a {tag.type}, not {tag.preset}")
        )
    if tag.table.is_bits and tag.type is not ValueType.BOOL:
        fits = f"{tag.type} does not fit the {tag.table} table (one bit each): use bool"
        found.append(("type", fits))
    if not tag.table.is_bits and tag.type is ValueType.BOOL and tag.bit is None:
        found.append(("bit", f"is required for a bool in the {tag.table} table (which bit, 0-15)"))
    if tag.bit is not None and (tag.table.is_bits or tag.type is not ValueType.BOOL):
        found.append(("bit", "only applies to a bool kept in a register"))
    if tag.last_address > MAX_ADDRESS:
        found.append(
            (
                "address",
                f"{tag.type} at {tag.address} needs {tag.width} registers and runs past "
                f"{MAX_ADDRESS}",
            )
        )
    if tag.role in (TagRole.RUNNING, TagRole.FAULT) and tag.type is not ValueType.BOOL:
        found.append(("type", f"a {tag.role} tag must be bool, not {tag.type}"))
    numbers = (TagRole.FAULT_CODE, TagRole.PRODUCT_CODE)
    if tag.role in (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER, *numbers):
        if not tag.type.is_integer:
            found.append(("type", f"a {tag.role} must be an integer type, not {tag.type}"))
        if tag.scale != 1.0 or tag.offset != 0.0:
            what = "is the PLC's own number" if tag.role in numbers else "counts parts"
            found.append(("scale", f"a {tag.role} {what}: scale 1 and offset 0 only"))
    return found


def _check_overlaps(machine: TableReader, tags: tuple[Tag, ...]) -> None:
    """Two tags may share addresses only as different bits of one register."""
    index = {tag.name: i for i, tag in enumerate(_raw_tag_order(machine))}
    for table in Table:
        in_table = sorted((t for t in tags if t.table is table), key=lambda t: t.address)
        for i, first in enumerate(in_table):
            for second in in_table[i + 1 :]:
                if second.address > first.last_address:
                    break
                same_bits = (
                    first.bit is not None and second.bit is not None and first.bit != second.bit
                )
                if same_bits and first.address == second.address:
                    continue
                machine.problems.add(
                    _tag_key(machine, index, second.name, "address"),
                    f"{table} {second.address}..{second.last_address} of {second.name!r} "
                    f"overlaps {first.name!r} ({first.address}..{first.last_address})",
                )


def _tag_key(machine: TableReader, index: dict[str, int], name: str, field: str) -> str:
    return f"{machine.key('tags')}[{index.get(name, 0)}].{field}"


def _raw_tag_order(machine: TableReader) -> list[Tag]:
    """Tags by their position in the file, for problem keys (names only are needed)."""
    raw = machine.table.get("tags")
    out: list[Tag] = []
    if isinstance(raw, list):
        for item in raw:
            name = item.get("name") if isinstance(item, dict) else None
            out.append(Tag(str(name), Table.COIL, 0, ValueType.BOOL))
    return out


def _check_roles(machine: TableReader, tags: tuple[Tag, ...]) -> None:
    index = {tag.name: i for i, tag in enumerate(_raw_tag_order(machine))}
    for role in SINGLE_ROLES:
        holders = [t for t in tags if t.role is role]
        for extra in holders[1:]:
            machine.problems.add(
                _tag_key(machine, index, extra.name, "role"),
                f"{role} is already {holders[0].name!r}; a machine has one {role}",
            )
    counting = any(t.role is TagRole.GOOD_COUNTER for t in tags)
    cycle = machine.table.get("ideal_cycle_time_s")
    if counting and not isinstance(cycle, (int, float)):
        machine.problems.add(
            machine.key("ideal_cycle_time_s"),
            "is required with a good_counter (it sets the stall delay and plausible counts)",
        )


def _read_detection(machine: TableReader, standards: DetectionStandards) -> DetectionSettings:
    detection = machine.table_of("detection")
    settings = standards.defaults
    if detection is None:
        return settings
    stop_delay = _threshold(detection, "stop_delay_cycles", standards.stop_delay_cycles)
    micro = _threshold(detection, "micro_stop_s", standards.micro_stop_s)
    detection.finish()
    return DetectionSettings(
        stop_delay if stop_delay is not None else settings.stop_delay_cycles,
        micro if micro is not None else settings.micro_stop_s,
    )


def _threshold(reader: TableReader, name: str, rule: DetectionStandard) -> float | None:
    if name not in reader.table:
        return None
    if not rule.per_machine:
        reader.seen.add(name)
        reader.problems.add(
            reader.key(name),
            f"is set by the regional standard ({rule.default:g}) and cannot be changed per machine",
        )
        return None
    return reader.number(name, None, low=rule.low, high=rule.high)
