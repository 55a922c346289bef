"""The demo line's machines: a simulated press for every loopback Modbus connection."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from operator_app.site_config.model import MachineConfig, SiteConfig

if TYPE_CHECKING:
    from operator_app.machine_data.simulated_machine import SimulatedMachine


def monitored_machines(site: SiteConfig) -> list[MachineConfig]:
    """Machines whose data is polled: a tag map, and not a simulator nobody started."""
    return [
        m
        for m in site.machines
        if m.connection is not None and m.tags and not m.connection.simulated
    ]


def start_demo_machines(
    site: SiteConfig, counters: Mapping[str, tuple[int | None, int | None]] | None = None
) -> tuple[SiteConfig, list[SimulatedMachine]]:
    """Start a simulator per ``simulated`` connection on a free port and point the site at it.

    ``counters``: per machine, the (good, reject) counter values to carry on from, as the
    last run of the demo left them.
    """
    # Here, not at the top: the client asks ``monitored_machines`` before its first paint.
    from operator_app.machine_data.modbus_server import free_port
    from operator_app.machine_data.simulated_machine import SimulatedMachine

    machines = []
    started: list[SimulatedMachine] = []
    for machine in site.machines:
        connection = machine.connection
        if connection is None or not connection.simulated:
            machines.append(machine)
            continue
        port = free_port()
        simulator = SimulatedMachine(
            port,
            unit_id=connection.unit_id,
            ideal_cycle_s=machine.ideal_cycle_time_s or 2.0,
        )
        if counters and machine.machine_id in counters:
            simulator.carry_on_from(*counters[machine.machine_id])
        started.append(simulator.start())
        connection = replace(connection, host="127.0.0.1", port=port, simulated=False)
        machines.append(replace(machine, connection=connection))
    return replace(site, machines=tuple(machines)), started
