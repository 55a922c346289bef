"""What every command resolves first: the site config and the data directory."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from dataclasses import replace
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import platformdirs

from operator_app.site_config import ConfigError, SiteConfig, load_site_config
from operator_app.site_config.data_dir import APP_NAME, demo_data_dir

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_CONFIG = 2
EXIT_STORE_UNAVAILABLE = 3
# Read, but a value cannot be right (probe): fix the tag map before trusting the machine's data.
EXIT_FLAGGED = 6  # unique across commands (sync uses 4 and 5)
# The GUI: another client already runs on this data directory (sysexits' EX_TEMPFAIL).
EXIT_ALREADY_RUNNING = 75
EXIT_INTERNAL = 70
# The reader of the output went away (``status --json | head``): 128 + SIGPIPE, as a shell
# reports for any Unix tool in that case.
EXIT_READER_GONE = 141


class UsageProblem(Exception):
    """The command line or its environment cannot work as given; the message says why."""


class NoStore(Exception):
    """A command that reads the store found none where it looked, and created none.

    Opening would create and migrate an empty store: a mistyped ``--data-dir`` would then look
    like a sound PC with nothing recorded, and leave a stray data folder behind.
    """

    def __init__(self, path: Path, where_from: str) -> None:
        super().__init__(f"no store at {path}")
        self.path = path
        self.where_from = where_from

    def lines(self) -> list[str]:
        return [
            f"no store at {self.path}",
            f"  {self.where_from}",
            f"  A line PC's data directory holds {self.path.name} (with logs/ beside it);",
            "  the client creates it at its first start. Check the path; nothing was created.",
        ]


def default_config_path() -> Path:
    env = os.environ.get("OPERATOR_APP_CONFIG")
    if env:
        return Path(env)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        return base / APP_NAME / "site.toml"
    return Path("/etc") / APP_NAME / "site.toml"


def demo_config_path() -> Path:
    return Path(str(resources.files("operator_app.demo").joinpath("demo_site.toml")))


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """--config, --data-dir and --demo, accepted before or after the command name.

    SUPPRESS keeps a subcommand's unset option from hiding the same option given earlier.
    """
    parser.add_argument(
        "--config", type=Path, default=argparse.SUPPRESS, help="site configuration file (TOML)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        help="data directory (overrides the config)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the bundled demo line and a demo data directory",
    )


def resolve_site(args: argparse.Namespace) -> SiteConfig:
    """The config the command works on; raises ConfigError with the problems if it is bad."""
    if getattr(args, "demo", False):
        site = load_site_config(demo_config_path())
        site = replace(site, data_dir=demo_data_dir())
    else:
        site = load_site_config(getattr(args, "config", None) or default_config_path())
    if getattr(args, "data_dir", None):
        site = replace(site, data_dir=Path(args.data_dir))
    return site


def resolve_database(args: argparse.Namespace) -> Path:
    """The store file: from --data-dir alone when given, so IT can inspect a bare data folder."""
    if getattr(args, "data_dir", None) and not getattr(args, "config", None):
        return Path(args.data_dir) / "operator-app.sqlite3"
    return resolve_site(args).database_path


def existing_store(path: Path, args: argparse.Namespace) -> Path:
    """``path`` when a store is there; else NoStore, saying where the path came from."""
    # A file where the data folder should be: opening says why no store can be there.
    if path.exists() or (path.parent.exists() and not path.parent.is_dir()):
        return path
    raise NoStore(path, _store_named_by(args, path.parent))


def _store_named_by(args: argparse.Namespace, data_dir: Path) -> str:
    """Which option or file chose the data directory, and the one the site file names."""
    config = getattr(args, "config", None)
    if getattr(args, "data_dir", None):
        said = f"The data directory {args.data_dir} was given with --data-dir"
        configured = _configured_data_dir(config or default_config_path())
        if configured is not None and configured != Path(args.data_dir):
            said += f"; the site file {config or default_config_path()} names {configured}"
        return said + "."
    if getattr(args, "demo", False):
        return "The demo's data directory: start the demo once (operator-app --demo) to make it."
    site_file = config or default_config_path()
    return f"The site file {site_file} names the data directory {data_dir} (data_dir)."


def _configured_data_dir(config: Path) -> Path | None:
    try:
        return load_site_config(config).data_dir
    except (ConfigError, OSError):
        return None


def error_report_files() -> list[Path]:
    """Where commands write their internal errors, first choice first."""
    return [
        Path(folder) / "operator-app-errors.log"
        for folder in (
            platformdirs.user_log_dir(APP_NAME, appauthor=False),
            tempfile.gettempdir(),
        )
    ]


def write_error_report() -> Path | None:
    """Append the current exception's traceback to a log file; the file, or None if unwritable.

    A user sees one line and where the details are, never the traceback itself.
    """
    details = f"--- {datetime.now(UTC).isoformat()} operator-app {' '.join(sys.argv[1:])}\n"
    details += traceback.format_exc()
    for report in error_report_files():
        try:
            report.parent.mkdir(parents=True, exist_ok=True)
            with report.open("a", encoding="utf-8") as out:
                out.write(details)
        except OSError:
            continue
        return report
    return None
