#!/usr/bin/env python3
"""One entry point for developers, CI and demos; needs nothing but python3.

    python3 dev.py demo          set everything up, start the app in demo mode
    python3 dev.py check         set everything up, run lint, types, layering and all tests
                                 (PostgreSQL's server binaries and Debian's chromium are
                                 installed too when missing and this runs as root: the server's
                                 tests run on PostgreSQL and SQLite, its web pages' in chromium)
    python3 dev.py translations  refresh translations/*.ts from the sources (pyside6-lupdate)
    python3 dev.py setup         set everything up only
    python3 dev.py --help        this list

Setting up means: a virtual environment in .venv, the project and its pinned dependencies
installed into it (again only when pyproject.toml changed), translations compiled to .qm.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".operator-app-installed"
TRANSLATIONS = ROOT / "translations"
QM_DIR = ROOT / "operator_app" / "i18n"
SOURCE_DIRS = ("operator_app", "widgets")
# Build helpers shared with setup.py and the installer spec (standard library only).
sys.path.insert(0, str(ROOT / "scripts"))


def run(*command: object, env: dict[str, str] | None = None) -> None:
    printable = " ".join(str(c) for c in command)
    print(f"+ {printable}", flush=True)
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup() -> None:
    install_dependencies()
    compile_translations()


def install_dependencies() -> None:
    if not PYTHON.exists():
        print("+ creating .venv", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev,server]")
        STAMP.write_text(wanted)


def compile_translations() -> None:
    """The working tree's .qm files, for the editable install (a wheel compiles its own)."""
    from qt_translations import compile_catalogues

    try:
        compile_catalogues(QM_DIR, python=PYTHON, sources=TRANSLATIONS, force=False)
    except RuntimeError as problem:
        sys.exit(f"dev.py: {problem}")


def python_sources() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py"))


def update_translations() -> None:
    setup()
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        run(BIN / "pyside6-lupdate", "-no-obsolete", *python_sources(), "-ts", ts)
    compile_translations()


def ensure_postgres() -> None:
    """PostgreSQL's server binaries for the regional server's tests, installed if need be.

    The tests start their own throwaway server (tests/postgres_cluster.py); nothing needs to be
    running. Missing binaries are installed from Debian's ``postgresql`` package when this runs
    as root with apt-get (as CI does). Otherwise this
    stops with what to do: install PostgreSQL, or run the server's tests on SQLite only
    (``python3 dev.py check --server-db=sqlite``).
    """
    if any(a.replace(" ", "") == "--server-db=sqlite" for a in sys.argv[2:]):
        return
    sys.path.insert(0, str(ROOT))
    from tests.postgres_cluster import postgres_bindir

    if postgres_bindir() is not None:
        return
    if os.name == "nt" or os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            "dev.py: the regional server's tests need PostgreSQL's server binaries (initdb, "
            "pg_ctl), which are not installed. Install them (Debian/Ubuntu: 'sudo apt-get "
            "install postgresql'), or run 'python3 dev.py check --server-db=sqlite'.",
            file=sys.stderr,
        )
        sys.exit(2)
    # Debian's package may also set up its default cluster (port 5432); the tests never use
    # it, they start their own on a free port.
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-q", env=env)
    run("apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql", env=env)


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium() -> None:
    """Debian's chromium for the web pages' browser tests, installed if need be.

    Playwright drives it (``executable_path``); ``playwright install`` would download a browser
    build of its own, which this project never does. Missing, it is installed from Debian's
    ``chromium`` package when this runs as root with apt-get (as CI does); otherwise this says
    how, and the browser tests fail with the same advice.
    """
    if CHROMIUM.exists() or os.name == "nt":
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            "dev.py: the web pages' browser tests need Debian's chromium at /usr/bin/chromium "
            "('sudo apt-get install chromium').",
            file=sys.stderr,
        )
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-q", env=env)
    # With its recommended fonts: the screenshots and the tests read real text.
    run("apt-get", "install", "-y", "-q", "chromium", env=env)


def check() -> None:
    setup()
    ensure_postgres()
    ensure_chromium()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(
        BIN / "mypy",
        "shopfloor_core",
        "operator_app",
        "widgets",
        "local_store",
        "sync",
        "regional_server",
    )
    run(BIN / "lint-imports")
    run(PYTHON, "-m", "pytest", *sys.argv[2:], env=env)


def demo() -> None:
    # The check first: compiling translations runs Qt's lrelease, which fails on the same
    # missing system libraries with a message that names none of the packages.
    install_dependencies()
    check_display_libraries()
    compile_translations()
    run(BIN / "operator-app", "--demo", *sys.argv[2:])


def check_display_libraries() -> None:
    """Name the Debian/Ubuntu packages Qt's X11 plugin lacks, instead of Qt's vague message."""
    platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
    if not sys.platform.startswith("linux") or not platform.startswith("xcb"):
        return
    from xcb_libraries import advice, missing_libraries, xcb_plugin

    for site_packages in sorted(VENV.glob("lib/python3*/site-packages")):
        plugin = xcb_plugin(site_packages)
        missing = missing_libraries(plugin) if plugin else []
        if missing:
            sys.exit(advice(missing))


COMMANDS = {"demo": demo, "check": check, "translations": update_translations, "setup": setup}

if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]]()
