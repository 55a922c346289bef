"""A real Modbus TCP server on loopback per test, and tag/site helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from operator_app.machine_data.modbus_server import ModbusServerThread, free_port
from operator_app.site_config.model import MachineConfig, SiteConfig
from operator_app.site_config.tag_map import ModbusConnection, Tag


@pytest.fixture
def plc() -> Iterator[ModbusServerThread]:
    server = ModbusServerThread(free_port()).start()
    yield server
    server.stop()


def connection_to(server: ModbusServerThread, timeout_s: float = 0.5) -> ModbusConnection:
    return ModbusConnection(server.host, server.port, server.unit_id, timeout_s)


def dead_connection(timeout_s: float = 0.5) -> ModbusConnection:
    """A port where nothing listens: connection refused at once."""
    return ModbusConnection("127.0.0.1", free_port(), 1, timeout_s)


def with_machine(site: SiteConfig, machine: MachineConfig) -> SiteConfig:
    others = tuple(m for m in site.machines if m.machine_id != machine.machine_id)
    return replace(site, machines=(machine, *others))


def machine_with(
    site: SiteConfig, machine_id: str, connection: ModbusConnection, tags: tuple[Tag, ...]
) -> MachineConfig:
    return replace(site.machine(machine_id), connection=connection, tags=tags)
