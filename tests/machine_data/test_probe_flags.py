"""The commissioning trap: a tag map with a wrong word order must not look "good" in the probe.

A real Modbus server on loopback holds what the field trial's PLC held: a good-parts counter
and an oil temperature stored low word first (CDAB) while the map says ABCD. The probe read them
as 70189056 parts and 5.8e35 °C, "good", exit 0. Between its two reads of the counters the test
lets the PLC count one part (no sleeping: the probe's wait is the test's hook).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pymodbus.client import ModbusTcpClient

from operator_app.cli import probe as probe_command
from operator_app.cli.main import main
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.machine_data.probe import ProbeReport, probe_machine
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import Table, Tag, TagRole, ValueType, WordOrder
from tests.machine_data.conftest import connection_to, machine_with
from tests.machine_data.test_tag_map import BASE

GOOD = Tag(
    "good_parts",
    Table.HOLDING_REGISTER,
    0,
    ValueType.UINT32,
    poll_interval_s=0.5,
    role=TagRole.GOOD_COUNTER,
)
OIL = Tag(
    "oil_temperature",
    Table.HOLDING_REGISTER,
    10,
    ValueType.FLOAT32,
    unit="°C",
    low=10.0,
    high=80.0,
)
SPEED = Tag("speed", Table.HOLDING_REGISTER, 20, ValueType.UINT16, low=0.0, high=100.0)
RUNNING = Tag("running", Table.COIL, 0, ValueType.BOOL, role=TagRole.RUNNING)


def hold(plc: ModbusServerThread, address: int, words: list[int]) -> None:
    """Set registers and wait until the server answers with them (it applies them in a tick)."""
    plc.set_values(Table.HOLDING_REGISTER, address, words)
    client = ModbusTcpClient(plc.host, port=plc.port, timeout=1.0, retries=0)
    try:
        for _ in range(100):
            reply = client.read_holding_registers(address, count=len(words), device_id=1)
            if not reply.isError() and list(reply.registers) == words:
                return
            time.sleep(0.02)  # the server's own tick, not the code under test
    finally:
        client.close()
    raise AssertionError(f"the server never held {words} at {address}")


def field_plc(plc: ModbusServerThread) -> None:
    # 1071 parts and 42.12 °C, each stored low word first (CDAB).
    hold(plc, 0, [0x042F, 0x0000])
    hold(plc, 10, [0x7AE0, 0x4228])
    hold(plc, 20, [42])
    plc.set_values(Table.COIL, 0, [True])


def counting_one_part(plc: ModbusServerThread) -> Callable[[float], None]:
    def wait(seconds: float) -> None:
        assert seconds == GOOD.poll_interval_s  # a poll interval apart, as the client reads
        hold(plc, 0, [0x0430, 0x0000])  # 1072, low word first

    return wait


def probe(site: SiteConfig, plc: ModbusServerThread, *tags: Tag) -> ProbeReport:
    machine = machine_with(site, "PRESS-1", connection_to(plc), tags)
    return probe_machine(machine, wait=counting_one_part(plc))


def test_a_wrong_word_order_is_flagged_with_the_registers_in_hex(
    site: SiteConfig, plc: ModbusServerThread
) -> None:
    field_plc(plc)
    report = probe(site, plc, RUNNING, GOOD, OIL, SPEED)
    lines = {line.tag: line for line in report.lines}
    assert lines["good_parts"].value == 70189056  # as the field trial saw it
    assert lines["good_parts"].registers_hex == "0x042F 0x0000"
    assert lines["oil_temperature"].registers_hex == "0x7AE0 0x4228"
    assert len(lines["good_parts"].flags) == 1
    assert "by 1 x 65536" in lines["good_parts"].flags[0]
    assert "word_order (ABCD now; try CDAB)" in lines["good_parts"].flags[0]
    oil = lines["oil_temperature"].flags
    assert any("is no sensor's value: check the word_order" in f for f in oil)
    assert any("5.82208e+35 is above the tag's high limit 80" in f for f in oil)
    assert lines["speed"].flags == ()
    assert lines["running"].flags == ()
    assert report.ok
    assert report.flagged


def test_the_right_word_order_flags_nothing(site: SiteConfig, plc: ModbusServerThread) -> None:
    field_plc(plc)
    good = replace(GOOD, word_order=WordOrder.CDAB)
    oil = replace(OIL, word_order=WordOrder.CDAB)
    report = probe(site, plc, RUNNING, good, oil, SPEED)
    lines = {line.tag: line for line in report.lines}
    assert lines["good_parts"].value == 1071
    assert abs(float(lines["oil_temperature"].value or 0) - 42.12) < 0.01
    assert not report.flagged


def test_values_outside_limits_and_nan_are_flagged(
    site: SiteConfig, plc: ModbusServerThread
) -> None:
    hold(plc, 10, [0x7FC0, 0x0000])  # NaN
    hold(plc, 20, [250])
    report = probe(site, plc, OIL, SPEED)
    lines = {line.tag: line for line in report.lines}
    assert lines["speed"].flags == ("250 is above the tag's high limit 100",)
    assert lines["oil_temperature"].registers_hex == "0x7FC0 0x0000"
    assert lines["oil_temperature"].flags == (
        "nan is not a measurement: check the word_order (ABCD)",
    )
    assert report.as_dict()["tags"][0]["raw"] is None


def site_file(tmp_path: Path, plc: ModbusServerThread) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(
        BASE.replace('id = "M1"', 'id = "PRESS-1"')
        + f"""
[machines.modbus]
host = "{plc.host}"
port = {plc.port}

[[machines.tags]]
name = "good_parts"
table = "holding_register"
address = 0
type = "uint32"
role = "good_counter"
poll_interval_s = 0.5

[[machines.tags]]
name = "oil_temperature"
table = "holding_register"
address = 10
type = "float32"
unit = "°C"
low = 10
high = 80
""",
        encoding="utf-8",
    )
    return path


def test_the_probe_command_prints_hex_and_flags_and_exits_6(
    tmp_path: Path,
    plc: ModbusServerThread,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    field_plc(plc)
    monkeypatch.setattr(
        probe_command,
        "probe_machine",
        functools.partial(probe_machine, wait=counting_one_part(plc)),
    )
    code = main(["probe", "--config", str(site_file(tmp_path, plc))])
    out = capsys.readouterr().out
    assert code == 6
    assert "0x042F 0x0000" in out
    assert "0x7AE0 0x4228" in out
    assert "FLAGGED" in out
    assert "! good_parts: moved from 70189056 to 70254592, by 1 x 65536" in out
    assert "! oil_temperature: 5.82208e+35 is above the tag's high limit 80" in out
