"""Per-machine Modbus settings (connection, tag map, detection) inside ``[[machines]]``.

Filled in by the machine-data capability; until then a machine takes no Modbus keys.
"""

from __future__ import annotations

from typing import Any

from operator_app.site_config.reader import TableReader


def read_machine_data(machine: TableReader) -> tuple[Any, tuple[Any, ...], Any]:
    """Read ``modbus``, ``tags`` and ``detection`` of one machine: (connection, tags, detection)."""
    return None, (), None
