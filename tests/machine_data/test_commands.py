"""`operator-app probe` and `operator-app simulate` through the real entry point."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from pymodbus.client import ModbusTcpClient

from operator_app.cli import simulate
from operator_app.cli.context import demo_config_path
from operator_app.cli.main import build_parser, main
from operator_app.machine_data.modbus_server import free_port
from operator_app.machine_data.simulated_machine import SimulatedMachine


def config_for(tmp_path: Path, port: int) -> Path:
    text = demo_config_path().read_text(encoding="utf-8")
    text = text.replace("port = 5020", f"port = {port}").replace("simulated = true\n", "")
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_probe_reads_every_tag_of_the_simulator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_press = SimulatedMachine(free_port(), seed=5, random_stops=False).start()
    try:
        config = config_for(tmp_path, with_press.port)
        code = main(["probe", "--config", str(config), "--machine", "PRESS-1", "--json"])
    finally:
        with_press.stop()
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report[0]["link"] == "online"
    tags = {t["tag"]: t for t in report[0]["tags"]}
    assert set(tags) == {
        "running",
        "fault",
        "good_parts",
        "reject_parts",
        "fault_code",
        "oil_temperature",
        "cycle_time",
        "press_force",
        "energy",
    }
    assert all(t["quality"] == "good" for t in tags.values())
    assert tags["running"]["value"] is True
    assert 20 < tags["oil_temperature"]["value"] < 60
    assert tags["oil_temperature"]["unit"] == "°C"


def test_probe_of_an_unreachable_plc_says_so_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["probe", "--config", str(config_for(tmp_path, free_port()))])
    out = capsys.readouterr().out
    assert code == 1
    assert "PRESS-1 at 127.0.0.1:" in out
    assert "offline" in out
    assert "connection refused or lost" in out


def test_simulate_serves_a_machine_any_modbus_client_can_read() -> None:
    port = free_port()
    args = build_parser().parse_args(["simulate", "--port", str(port), "--seed", "1"])
    stop = threading.Event()
    served = threading.Thread(target=simulate.run, args=(args, stop), daemon=True)
    served.start()
    client = ModbusTcpClient("127.0.0.1", port=port, timeout=1.0, retries=0)
    try:
        reply = None
        for _ in range(50):
            if client.connect():
                reply = client.read_holding_registers(0, count=8, device_id=1)
                break
            stop.wait(0.1)
        assert reply is not None
        assert not reply.isError()
        assert len(reply.registers) == 8
        # Writing the hold coil stops the machine, as an operator's button would.
        client.write_coil(8, True, device_id=1)
        for _ in range(30):
            if not client.read_coils(0, count=1, device_id=1).bits[0]:
                break
            stop.wait(0.1)
        assert client.read_coils(0, count=1, device_id=1).bits[0] is False
    finally:
        client.close()
        stop.set()
        served.join(5)
