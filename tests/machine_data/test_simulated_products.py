"""The simulated press runs each product at that product's ideal cycle time."""

from __future__ import annotations

import threading

import pytest
from pymodbus.client import ModbusTcpClient

from operator_app.cli import simulate
from operator_app.cli.context import UsageProblem
from operator_app.cli.main import build_parser
from operator_app.machine_data.modbus_server import free_port
from operator_app.machine_data.simulated_machine import PRODUCT_REGISTER, MachineModel


def parts_in(model: MachineModel, seconds: float, dt: float = 0.05) -> int:
    before = model.good + model.reject
    for _ in range(round(seconds / dt)):
        model.step(dt)
    return model.good + model.reject - before


def test_each_product_runs_at_its_own_cycle() -> None:
    model = MachineModel(
        ideal_cycle_s=1.0, product_cycles={1: 2.0, 2: 4.0}, seed=3, random_stops=False
    )
    model.set_product(1)
    fast = parts_in(model, 600)
    model.set_product(2)
    slow = parts_in(model, 600)
    model.set_product(9)  # no cycle known for it: the press's own
    plain = parts_in(model, 600)
    # Cycles run 0-15 % over the ideal: 600 s make 261-300 parts at 2 s, half that at 4 s.
    assert 600 / 2.0 / 1.15 - 1 <= fast <= 600 / 2.0
    assert 600 / 4.0 / 1.15 - 1 <= slow <= 600 / 4.0
    assert 600 / 1.0 / 1.15 - 1 <= plain <= 600 / 1.0
    assert model.registers()[-1][2] == [9]


def test_a_modbus_client_switches_the_product_and_the_cycle_follows() -> None:
    port = free_port()
    args = build_parser().parse_args(
        [
            "simulate",
            "--port",
            str(port),
            "--seed",
            "2",
            "--cycle",
            "0.2",
            "--product-cycle",
            "7=0.2",
            "--product-cycle",
            "8=0.9",
            "--product",
            "7",
        ]
    )
    stop = threading.Event()
    served = threading.Thread(target=simulate.run, args=(args, stop), daemon=True)
    served.start()
    client = ModbusTcpClient("127.0.0.1", port=port, timeout=1.0, retries=0)

    def registers() -> list[int]:
        reply = client.read_holding_registers(0, count=8, device_id=1)
        assert not reply.isError()
        return list(reply.registers)

    def wait_for(condition: object, tries: int = 100) -> list[int]:
        regs = registers()
        for _ in range(tries):
            if condition(regs):  # type: ignore[operator]
                break
            stop.wait(0.05)
            regs = registers()
        return regs

    try:
        for _ in range(50):
            if client.connect():
                break
            stop.wait(0.1)
        regs = wait_for(lambda r: r[6] > 0)
        assert regs[PRODUCT_REGISTER] == 7
        assert regs[6] <= 0.2 * 1.15 * 1000 + 110  # a part may end up to a tick late
        client.write_register(PRODUCT_REGISTER, 8, device_id=1)
        regs = wait_for(lambda r: r[6] >= 900)
        assert regs[PRODUCT_REGISTER] == 8
        assert 900 <= regs[6] <= 0.9 * 1.15 * 1000 + 110
    finally:
        client.close()
        stop.set()
        served.join(5)


@pytest.mark.parametrize("given", ["2", "x=1", "0=1.5", "3=-1"])
def test_a_bad_product_cycle_is_a_usage_problem(given: str) -> None:
    args = build_parser().parse_args(["simulate", "--product-cycle", given, "--print-tag-map"])
    with pytest.raises(UsageProblem, match="--product-cycle"):
        simulate.run(args)
