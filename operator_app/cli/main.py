"""Entry point: ``operator-app [--config FILE | --demo] [COMMAND]``.

Without a command it starts the GUI. Every failure a user can meet ends as a message and an
exit code, never a traceback; unexpected errors go to the log with the traceback kept there.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from local_store import StoreUnavailable
from operator_app import __version__
from operator_app.cli.context import (
    EXIT_BAD_CONFIG,
    EXIT_INTERNAL,
    EXIT_READER_GONE,
    EXIT_STORE_UNAVAILABLE,
    NoStore,
    UsageProblem,
    add_common_arguments,
    write_error_report,
)
from operator_app.site_config import ConfigError

# Each module has register(subparsers) that adds its parser with set_defaults(run=...).
COMMAND_MODULES = (
    "operator_app.cli.check_config",
    "operator_app.cli.status",
    "operator_app.cli.export",
    "operator_app.cli.hash_pin",
    "operator_app.cli.simulate",
    "operator_app.cli.probe",
    "operator_app.cli.report",
    "operator_app.cli.sync",
    "operator_app.cli.diagnostics",
    "operator_app.cli.import_jobs",
    "operator_app.cli.trust_region_key",
)

# Options of the GUI start that take a value (``--config FILE``); any other word is a command.
VALUED_OPTIONS = frozenset({"--config", "--data-dir", "--language"})

log = logging.getLogger("operator_app")


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` may name a command (or asks for help): only then are commands loaded.

    The GUI's own start needs none of them, and between them they import the store, Modbus and
    HTTP libraries, which would delay the sign-in screen.
    """
    value_next = False
    for arg in argv:
        if value_next:
            value_next = False
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return True
        else:
            value_next = arg in VALUED_OPTIONS
    return False


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="operator-app",
        description="Shop-floor operator client. Without a command, starts the touch GUI.",
    )
    parser.add_argument("--version", action="version", version=f"operator-app {__version__}")
    add_common_arguments(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build every screen on the offscreen platform and exit 0 (installer smoke test)",
    )
    parser.add_argument("--kiosk", action="store_true", help="fullscreen kiosk mode")
    parser.add_argument(
        "--line-display",
        action="store_true",
        help="the read-only line scoreboard for a large screen: no sign-in, nothing to change",
    )
    parser.add_argument("--language", help="start in this language (en, es)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if with_commands else ():
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(with_commands=names_a_command(given))
    args = parser.parse_args(given)
    try:
        code = _run(args)
        # Output still buffered would otherwise fail at exit, outside any handler.
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        return reader_went_away()
    return code


def reader_went_away() -> int:
    """``status --json | head``: the reader closed the pipe. Not an error of the command.

    As Python's documentation advises (signal module, "Note on SIGPIPE"): point standard output
    at devnull so the interpreter's final flush does not fail again, and end with the status a
    Unix tool killed by SIGPIPE reports.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_READER_GONE


def _run(args: argparse.Namespace) -> int:
    try:
        run = getattr(args, "run", None)
        if run is None:
            # The GUI resumes the collector (paused by ``__main__``) once its first screen is up.
            from operator_app.screens.app import run_gui

            return run_gui(args)
        gc.enable()
        return int(run(args))
    except ConfigError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_CONFIG
    except StoreUnavailable as exc:
        where = f" ({exc.path})" if exc.path else ""
        print(f"the local store cannot be used{where}: {exc.reason}", file=sys.stderr)
        return EXIT_STORE_UNAVAILABLE
    except NoStore as exc:
        print("operator-app: " + "\n".join(exc.lines()), file=sys.stderr)
        return EXIT_STORE_UNAVAILABLE
    except UsageProblem as exc:
        print(f"operator-app: {exc}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception:
        # Not log.exception alone: with no handler configured, logging's last resort would
        # print the traceback to the user's terminal.
        if log.hasHandlers():
            log.exception("unexpected error")
        report = write_error_report()
        where = f"in {report}" if report else "not saved (no writable log folder)"
        print(
            f"operator-app: internal error; the details are {where}. "
            "Nothing confirmed has been lost.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
