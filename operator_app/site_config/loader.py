"""Load and validate the site configuration file.

Never raises anything but ``ConfigError``: a missing file, bad TOML and wrong types all end
up as one line per problem naming the key, for ``check-config`` and the GUI alike.
"""

from __future__ import annotations

import re
import socket
import tomllib
import zoneinfo
from pathlib import Path

from operator_app.site_config.data_dir import machine_data_dir
from operator_app.site_config.model import (
    SUPPORTED_LANGUAGES,
    MachineConfig,
    SiteConfig,
    SyncConfig,
)
from operator_app.site_config.names import read_names
from operator_app.site_config.tag_map import read_machine_data
from shopfloor_core.domain.roster import Person, Role, pin_hash_problem
from shopfloor_core.standards.reader import Problems, TableReader
from shopfloor_core.standards.shift_calendar import followed_pattern, read_shift_calendar

BADGE = re.compile(r"^[0-9A-Za-z]{4,32}$")
EMPLOYEE_NUMBER = re.compile(r"^[0-9]{1,12}$")
MAX_SCRAP_QUANTITY = 100_000


class ConfigError(Exception):
    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source = source
        self.problems = problems

    def lines(self) -> list[str]:
        """One line per problem, naming the file and the key: what every front end prints."""
        return [f"{self.source}: {problem}" for problem in self.problems]


def load_site_config(path: Path | str) -> SiteConfig:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file: not found"]) from None
    except IsADirectoryError:
        raise ConfigError(str(path), ["file: is a directory, not a TOML file"]) from None
    except PermissionError:
        raise ConfigError(str(path), ["file: cannot be read (permission denied)"]) from None
    except UnicodeDecodeError:
        raise ConfigError(str(path), ["file: is not UTF-8 text"]) from None
    except OSError as exc:
        raise ConfigError(str(path), [f"file: cannot be read ({exc.strerror})"]) from None
    return parse_site_config(text, source=path)


def parse_site_config(text: str, *, source: Path | None = None) -> SiteConfig:
    name = str(source) if source else "<config>"
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, [f"file: not valid TOML ({exc})"]) from None
    problems = Problems()
    root = TableReader(document, "", problems)
    config = _read(root, problems, source)
    root.finish()
    if problems or config is None:
        raise ConfigError(name, list(problems))
    return config


def _zone(value: str) -> str | None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"{value!r} is not an IANA time zone such as Europe/Madrid"
    return None


def _read(root: TableReader, problems: Problems, source: Path | None) -> SiteConfig | None:
    site = root.table_of("site", required=True) or TableReader({}, "site", Problems())
    plant = site.identifier("plant")
    area = site.identifier("area")
    line = site.identifier("line")
    device = site.identifier("device", socket.gethostname()[:64] or "line-pc")
    timezone = site.check("timezone", site.string("timezone"), _zone)
    language = site.string("language", "en", choices=SUPPORTED_LANGUAGES)
    data_dir_raw = site.string("data_dir", "")
    inactivity = site.integer("inactivity_timeout_s", 120, low=15, high=3600)
    kiosk = site.boolean("kiosk", False)
    keyboard = site.boolean("on_screen_keyboard", True)
    site.finish()

    data_dir = machine_data_dir()
    if data_dir_raw:
        data_dir = Path(data_dir_raw).expanduser()
        if not data_dir.is_absolute() and source is not None:
            # Relative to the config file, so a config and its data can travel together.
            data_dir = (source.parent / data_dir).resolve()

    limits = root.table_of("limits")
    scrap_max = 9999
    if limits is not None:
        scrap_max = (
            limits.integer("scrap_max_quantity", 9999, low=1, high=MAX_SCRAP_QUANTITY) or 9999
        )
        limits.finish()

    machines = _read_machines(root, problems)
    roster = read_roster(root, problems)
    sync = _read_sync(root)
    shifts = read_shift_calendar(root.raw("shifts"), timezone or "UTC", problems)
    products = _read_products(root)
    job_folder = _read_jobs(root, source)

    if problems or not (plant and area and line and device and timezone and language):
        return None
    return SiteConfig(
        source=source,
        plant=plant,
        area=area,
        line=line,
        device=device,
        timezone=timezone,
        language=language,
        data_dir=data_dir,
        inactivity_timeout_s=inactivity or 120,
        kiosk=bool(kiosk),
        on_screen_keyboard=keyboard is not False,
        scrap_max_quantity=scrap_max,
        machines=tuple(machines),
        roster=tuple(roster),
        sync=sync,
        shifts=shifts,
        shift_pattern=followed_pattern(root.raw("shifts")),
        products=products,
        job_import_folder=job_folder,
    )


def _read_products(root: TableReader) -> tuple[str, ...]:
    """``[products] runs = [...]``: which of the region's products this line makes.

    Codes only: a rate is the region's (its products section), so a site file that sets one
    is told so rather than having it silently ignored.
    """
    table = root.table_of("products")
    if table is None:
        return ()
    runs = table.raw("runs")
    codes: list[str] = []
    if runs is not None:
        if not isinstance(runs, list) or not all(isinstance(c, str) and c for c in runs):
            table.problems.add(table.key("runs"), "must be a list of product codes")
        else:
            codes = list(dict.fromkeys(runs))
    for name in sorted(set(table.table) - {"runs"}):
        table.seen.add(name)
        table.problems.add(
            table.key(name),
            "is not a setting of a site file: products and their ideal cycle times come from "
            "the region's products section; a site only lists which it runs (runs = [...])",
        )
    table.finish()
    return tuple(codes)


def _read_jobs(root: TableReader, source: Path | None) -> Path | None:
    """``[jobs] import_folder``: where plant IT drops job lists (CSV) for this line."""
    table = root.table_of("jobs")
    if table is None:
        return None
    raw = table.string("import_folder", "")
    table.finish()
    if not raw:
        return None
    folder = Path(raw).expanduser()
    if not folder.is_absolute() and source is not None:
        folder = (source.parent / folder).resolve()
    return folder


def _read_machines(root: TableReader, problems: Problems) -> list[MachineConfig]:
    machines: list[MachineConfig] = []
    seen: set[str] = set()
    for entry in root.array_of_tables("machines", required=True):
        machine_id = entry.identifier("id")
        name = entry.string("name")
        names = read_names(entry, "names")
        cycle = entry.number("ideal_cycle_time_s", None, low=0.0, exclusive_low=True, high=86400)
        connection, tags, detection = read_machine_data(entry)
        entry.finish()
        if machine_id in seen:
            problems.add(entry.key("id"), f"{machine_id!r} is used by another machine")
            continue
        if machine_id and name:
            seen.add(machine_id)
            machines.append(
                MachineConfig(
                    machine_id=machine_id,
                    name=name,
                    names=names,
                    ideal_cycle_time_s=cycle,
                    connection=connection,
                    tags=tags,
                    detection=detection,
                )
            )
    return machines


def read_roster(root: TableReader, problems: Problems, *, required: bool = True) -> list[Person]:
    """The ``roster`` array of ``root``: the site file's, or a regional bundle's."""
    people: list[Person] = []
    seen_ids: set[str] = set()
    seen_badges: set[str] = set()
    seen_numbers: set[str] = set()
    roles = tuple(r.value for r in Role)
    for entry in root.array_of_tables("roster", required=required):
        person_id = entry.identifier("id")
        name = entry.string("name")
        role = entry.string("role", choices=roles)
        badge = entry.string("badge", None, pattern=BADGE, hint="4 to 32 letters or digits")
        number = entry.string(
            "employee_number", None, pattern=EMPLOYEE_NUMBER, hint="1 to 12 digits"
        )
        pin_hash = entry.check("pin_hash", entry.string("pin_hash", None), pin_hash_problem)
        language = entry.string("language", None, choices=SUPPORTED_LANGUAGES)
        if "pin" in entry.table:
            entry.seen.add("pin")
            problems.add(
                entry.key("pin"),
                "plaintext PINs are refused; use pin_hash from 'operator-app hash-pin'",
            )
        entry.finish()
        # A badge or hash that is present but wrong has its own line already.
        if person_id and not ({"badge", "pin_hash"} & entry.table.keys()):
            problems.add(entry.path, "needs a badge or a pin_hash to sign in")
        if person_id in seen_ids:
            problems.add(entry.key("id"), f"{person_id!r} is used by another person")
            continue
        if badge and badge in seen_badges:
            problems.add(entry.key("badge"), "is used by another person")
            continue
        if number and number in seen_numbers:
            problems.add(entry.key("employee_number"), "is used by another person")
            continue
        if person_id and name and role:
            seen_ids.add(person_id)
            if badge:
                seen_badges.add(badge)
            if number:
                seen_numbers.add(number)
            people.append(
                Person(person_id, name, Role(role), badge, pin_hash, number, language=language)
            )
    return people


def _read_sync(root: TableReader) -> SyncConfig | None:
    sync = root.table_of("sync")
    if sync is None:
        return None
    url = sync.string(
        "server_url",
        pattern=re.compile(r"^https?://[^\s/]+"),
        hint="an http(s) URL such as https://region.example.com",
    )
    ca_bundle = sync.string("ca_bundle", "")
    proxy = sync.string("proxy", "")
    token_file = sync.string("token_file", "")
    interval = sync.number("interval_s", 30.0, low=1.0, high=3600.0)
    batch = sync.integer("batch_size", 200, low=1, high=5000)
    scope = sync.string("pull_scope", "line", choices=("line", "area"))
    plain_http_allowed = sync.boolean("allow_plain_http", False)
    sync.finish()
    if url and url.lower().startswith("http://") and not plain_http_allowed:
        # The device token travels in every request: in clear over plain http.
        sync.problems.add(
            sync.key("server_url"),
            "plain http sends the device token in clear: use https://, or on a test "
            "installation only set allow_plain_http = true in [sync]",
        )
        return None
    if not url:
        return None
    return SyncConfig(
        server_url=url.rstrip("/"),
        ca_bundle=Path(ca_bundle) if ca_bundle else None,
        proxy=proxy or None,
        token_file=Path(token_file) if token_file else None,
        interval_s=interval or 30.0,
        batch_size=batch or 200,
        pull_scope=scope or "line",
    )
