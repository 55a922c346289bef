"""check-config catches a bad tag map with one line per problem, naming the key."""

from __future__ import annotations

import pytest

from operator_app.site_config import ConfigError, parse_site_config
from operator_app.site_config.tag_map import (
    ModbusConnection,
    Table,
    TagRole,
    ValueType,
    WordOrder,
    detection_standards,
    tag_hints,
)

BASE = """
[site]
plant = "VAL"
area = "A"
line = "L1"
timezone = "Europe/Madrid"

[[roster]]
id = "op"
name = "Op"
role = "operator"
badge = "12345678"

[[machines]]
id = "M1"
name = "Press"
ideal_cycle_time_s = 2.0
"""

MODBUS = """
[machines.modbus]
host = "10.0.0.5"
"""


def tag(name: str, table: str, address: int, kind: str, **extra: object) -> str:
    lines = ["[[machines.tags]]", f'name = "{name}"', f'table = "{table}"']
    lines += [f"address = {address}", f'type = "{kind}"']
    for key, value in extra.items():
        lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    return "\n".join(lines) + "\n"


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_site_config(BASE + text)
    return caught.value.problems


def test_a_full_map_parses_with_defaults() -> None:
    site = parse_site_config(
        BASE
        + MODBUS
        + tag("run", "coil", 0, "bool", role="running")
        + tag("good", "holding_register", 10, "uint32", word_order="CDAB", role="good_counter")
        + tag("temp", "input_register", 0, "float32", unit="°C", low=10, high=80)
        + tag("ready", "holding_register", 12, "bool", bit=3)
        + tag("alarm", "holding_register", 12, "bool", bit=4, role="fault")
    )
    machine = site.machine("M1")
    # No timeout_s: 0.4 of the 1 s poll, so a hung PLC is noticed within 1.4 s.
    assert machine.connection == ModbusConnection("10.0.0.5", 502, 1, 0.4)
    by_name = {t.name: t for t in machine.tags}
    assert by_name["good"].type is ValueType.UINT32
    assert by_name["good"].word_order is WordOrder.CDAB
    assert by_name["good"].role is TagRole.GOOD_COUNTER
    assert by_name["temp"].table is Table.INPUT_REGISTER
    assert (by_name["temp"].low, by_name["temp"].high, by_name["temp"].unit) == (10, 80, "°C")
    assert by_name["run"].poll_interval_s == 1.0
    assert machine.detection == detection_standards().defaults


def test_overlapping_addresses_are_named() -> None:
    found = problems(
        MODBUS
        + tag("a", "holding_register", 10, "float32")
        + tag("b", "holding_register", 11, "uint16")
    )
    assert found == [
        "machines[0].tags[1].address: tag b: holding_register 11..11 of 'b' overlaps 'a' (10..11)"
    ]


def test_same_address_in_different_tables_is_fine() -> None:
    site = parse_site_config(
        BASE + MODBUS + tag("a", "holding_register", 0, "uint16") + tag("b", "coil", 0, "bool")
    )
    assert len(site.machine("M1").tags) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            tag("a", "coil", 0, "float32"),
            "machines[0].tags[0].type: tag a: float32 does not fit the coil table (one bit each): "
            "use bool",
        ),
        (
            tag("a", "holding_register", 65534, "float64"),
            "machines[0].tags[0].address: tag a: float64 at 65534 needs 4 registers and runs "
            "past 65535",
        ),
        (
            tag("a", "holding_register", 70000, "uint16"),
            "machines[0].tags[0].address: tag a: must be at most 65535, not 70000",
        ),
        (
            tag("a", "holding_register", 0, "int32", word_order="ACBD"),
            "machines[0].tags[0].word_order: tag a: 'ACBD' is not one of ABCD, CDAB, BADC, DCBA",
        ),
        (
            tag("a", "holding_register", 0, "int24"),
            "machines[0].tags[0].type: tag a: 'int24' is not one of bool, int16, uint16, int32, "
            "uint32, float32, int64, float64",
        ),
        (
            tag("a", "input_register", 0, "bool"),
            "machines[0].tags[0].bit: tag a: is required for a bool in the input_register table "
            "(which bit, 0-15)",
        ),
        (
            tag("a", "holding_register", 0, "float32", role="good_counter"),
            "machines[0].tags[0].type: tag a: a good_counter must be an integer type, not float32",
        ),
        (
            tag("a", "holding_register", 0, "uint16", role="running"),
            "machines[0].tags[0].type: tag a: a running tag must be bool, not uint16",
        ),
        (
            tag("a", "holding_register", 0, "uint16", scale=0),
            "machines[0].tags[0].scale: tag a: must not be 0 (every reading would be 0)",
        ),
        (
            tag("a", "holding_register", 0, "uint16", adress=3),
            "machines[0].tags[0].adress: tag a: is not a known setting (misspelt?)",
        ),
    ],
)
def test_each_bad_tag_gives_one_line(text: str, expected: str) -> None:
    assert problems(MODBUS + text) == [expected]


def test_duplicate_roles_and_names() -> None:
    found = problems(
        MODBUS
        + tag("run", "coil", 0, "bool", role="running")
        + tag("run2", "coil", 1, "bool", role="running")
        + tag("run", "coil", 2, "bool")
    )
    assert found == [
        "machines[0].tags[2].name: tag run: 'run' is used by another tag",
        "machines[0].tags[1].role: tag run2: running is already 'run'; a machine has one running",
    ]


def test_connection_problems() -> None:
    found = problems(
        '[machines.modbus]\nhost = ""\nport = 0\nunit_id = 300\ntimeout_s = 30\n'
        + tag("a", "coil", 0, "bool")
    )
    assert found == [
        "machines[0].modbus.host: must not be empty",
        "machines[0].modbus.port: must be at least 1, not 0",
        "machines[0].modbus.unit_id: must be at most 255, not 300",
        "machines[0].modbus.timeout_s: must be at most 5.0, not 30.0",
    ]


def test_tags_without_connection_and_the_reverse() -> None:
    assert problems(tag("a", "coil", 0, "bool")) == [
        "machines[0].modbus: is required when the machine has tags"
    ]
    assert problems(MODBUS) == ["machines[0].tags: needs at least one tag when modbus is set"]


def test_detection_follows_the_regional_standard() -> None:
    standards = detection_standards()
    assert standards.stop_delay_cycles.per_machine
    assert not standards.micro_stop_s.per_machine
    site = parse_site_config(
        BASE
        + MODBUS
        + tag("a", "coil", 0, "bool")
        + "[machines.detection]\nstop_delay_cycles = 5\n"
    )
    detection = site.machine("M1").detection
    assert detection.stop_delay_cycles == 5
    assert detection.micro_stop_s == standards.micro_stop_s.default
    found = problems(
        MODBUS
        + tag("a", "coil", 0, "bool")
        + "[machines.detection]\nstop_delay_cycles = 50\nmicro_stop_s = 5\n"
    )
    assert found == [
        "machines[0].detection.stop_delay_cycles: must be at most 10.0, not 50.0",
        "machines[0].detection.micro_stop_s: is set by the regional standard (30) and cannot be "
        "changed per machine",
    ]


def test_a_counter_needs_the_ideal_cycle_time() -> None:
    text = BASE.replace("ideal_cycle_time_s = 2.0\n", "") + MODBUS
    text += tag("good", "holding_register", 0, "uint16", role="good_counter")
    with pytest.raises(ConfigError) as caught:
        parse_site_config(text)
    assert caught.value.problems == [
        "machines[0].ideal_cycle_time_s: is required with a good_counter (it sets the stall "
        "delay and plausible counts)"
    ]


def test_every_tag_problem_names_the_tag() -> None:
    """A map of forty tags is fixed by name, not by counting to ``tags[23]``."""
    found = problems(
        MODBUS
        + tag("run", "coil", 0, "bool", role="running")
        + tag("good_parts", "holding_register", 70000, "uint32")
        + tag("oil_temp", "input_register", 0, "float32", scale=0)
        + tag("spare", "holding_register", 0, "uint16", adress=3)
    )
    assert found == [
        "machines[0].tags[1].address: tag good_parts: must be at most 65535, not 70000",
        "machines[0].tags[2].scale: tag oil_temp: must not be 0 (every reading would be 0)",
        "machines[0].tags[3].adress: tag spare: is not a known setting (misspelt?)",
    ]


def test_a_six_digit_reference_gets_a_hint_beside_its_problem() -> None:
    found = problems(MODBUS + tag("good_parts", "holding_register", 400_101, "uint32"))
    assert found == [
        "machines[0].tags[0].address: tag good_parts: must be at most 65535, not 400101",
        "machines[0].tags[0].address: tag good_parts: 400101 looks like a 1-based Modbus "
        "reference (400001 = holding_register 0): if the PLC's manual says 400101, "
        "write address = 100",
    ]


@pytest.mark.parametrize(
    ("table", "address", "expected"),
    [
        ("holding_register", 40001, 0),
        ("holding_register", 40101, 100),
        ("input_register", 30011, 10),
        ("discrete_input", 10001, 0),
    ],
)
def test_a_five_digit_reference_is_valid_but_hinted(
    table: str, address: int, expected: int
) -> None:
    site = parse_site_config(
        BASE + MODBUS + tag("t", table, address, "uint16" if "reg" in table else "bool")
    )
    hints = tag_hints([(0, site.machine("M1").tags)])
    assert len(hints) == 1
    assert hints[0].startswith(
        f"machines[0].tags[0].address: tag t: {address} looks like a 1-based"
    )
    assert f"write address = {expected}" in hints[0]


def test_ordinary_addresses_get_no_hint() -> None:
    site = parse_site_config(
        BASE
        + MODBUS
        + tag("a", "holding_register", 100, "uint16")
        + tag("b", "coil", 40001, "bool")
    )
    assert tag_hints([(0, site.machine("M1").tags)]) == []


def test_a_counter_preset_is_read_and_checked() -> None:
    site = parse_site_config(
        BASE
        + MODBUS
        + tag("good", "holding_register", 0, "uint32", role="good_counter", preset=1000)
        + tag("bad", "holding_register", 2, "uint16", role="reject_counter", preset=7)
    )
    assert {t.name: t.preset for t in site.machine("M1").tags} == {"good": 1000, "bad": 7}
    assert problems(
        MODBUS
        + tag("bad", "holding_register", 2, "uint16", role="reject_counter", preset=70000)
        + tag("temp", "holding_register", 3, "uint16", preset=5)
        + tag("neg", "holding_register", 4, "uint16", role="good_counter", preset=-1)
    ) == [
        "machines[0].tags[0].preset: tag bad: must be below 65536 for a uint16, not 70000",
        "machines[0].tags[1].preset: tag temp: only applies to a good_counter or reject_counter",
        "machines[0].tags[2].preset: tag neg: must be at least 0, not -1",
    ]
