"""The validated site configuration as immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopfloor_core.domain.events import Stamp
from shopfloor_core.domain.roster import Person

SUPPORTED_LANGUAGES = ("en", "es")

# A name the site file gives in more languages than its first: (language, name) pairs.
Names = tuple[tuple[str, str], ...]


def name_in(default: str, names: Names, language: str) -> str:
    """The name for ``language``, else the one the site file gave first."""
    return next((name for lang, name in names if lang == language), default)


@dataclass(frozen=True)
class MachineConfig:
    machine_id: str
    name: str
    ideal_cycle_time_s: float | None
    # The Modbus connection and tag map, validated by operator_app.site_config.tag_map; the
    # parsed form lives here so acquisition never re-reads the file.
    connection: Any = None
    tags: tuple[Any, ...] = ()
    detection: Any = None
    # The name in other languages than ``name``'s (``[machines.names] es = "Prensa 1"``).
    names: Names = ()

    def name_in(self, language: str) -> str:
        return name_in(self.name, self.names, language)


@dataclass(frozen=True)
class SyncConfig:
    server_url: str
    ca_bundle: Path | None
    proxy: str | None
    token_file: Path | None
    interval_s: float
    batch_size: int
    # Whose records this station pulls: its own line's other stations, or its whole area's.
    pull_scope: str = "line"


@dataclass(frozen=True)
class SiteConfig:
    source: Path | None
    plant: str
    area: str
    line: str
    device: str
    timezone: str
    language: str
    data_dir: Path
    inactivity_timeout_s: int
    kiosk: bool
    scrap_max_quantity: int
    machines: tuple[MachineConfig, ...]
    roster: tuple[Person, ...]
    sync: SyncConfig | None = None
    shifts: Any = None
    # The regional shift pattern the site follows ("" = the region's default), so a newer
    # regional calendar replaces it; None when the site file lists its own shifts.
    shift_pattern: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Touch PCs type free text on the screen; a PC with a physical keyboard turns it off.
    on_screen_keyboard: bool = True
    # The products this line runs (codes of the region's products section): never a rate,
    # which only the region sets. Empty: the line may run any product of the region.
    products: tuple[str, ...] = ()
    # Where plant IT drops job lists (CSV) for this line; None: no folder is watched.
    job_import_folder: Path | None = None

    @property
    def stamp(self) -> Stamp:
        return Stamp(
            device=self.device,
            plant=self.plant,
            area=self.area,
            line=self.line,
            zone=self.timezone,
        )

    def machine(self, machine_id: str) -> MachineConfig:
        for machine in self.machines:
            if machine.machine_id == machine_id:
                return machine
        raise KeyError(machine_id)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "operator-app.sqlite3"
