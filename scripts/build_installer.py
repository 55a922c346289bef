#!/usr/bin/env python3
"""Build the line-PC bundle: ``python3 scripts/build_installer.py [--smoke]``.

Sets the development environment up (dev.py), makes sure the pinned PyInstaller of the ``build``
extra is installed, and builds ``build_installer.spec`` into ``dist/operator-app/``. The spec
does the rest itself (translations, libpython's symbols), so running PyInstaller on it alone
gives the same bundle. With ``--smoke`` it then runs the bundle's ``--self-test`` and
``status --json`` as an installer smoke test. Prints the bundle's size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dev  # noqa: E402 - the project's own setup, reused rather than repeated

SPEC = ROOT / "build_installer.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "operator-app"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""


def pinned_pyinstaller() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = project["project"]["optional-dependencies"]["build"]
    return next(p for p in pins if re.match(r"(?i)^pyinstaller\b", p))


def ensure_pyinstaller() -> None:
    check = [str(dev.PYTHON), "-c", "import PyInstaller"]
    if subprocess.run(check, capture_output=True, check=False).returncode != 0:
        dev.run(dev.PYTHON, "-m", "pip", "install", "--quiet", pinned_pyinstaller())


def build() -> Path:
    dev.setup()
    ensure_pyinstaller()
    dev.run(
        dev.PYTHON,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        WORK,
        SPEC,
    )
    return BUNDLE


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def smoke_test(bundle: Path) -> dict[str, object]:
    """Start the built bundle headless: the GUI's self-test, then status on a scratch store."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    exe = bundle / f"operator-app{EXE_SUFFIX}"
    dev.run(exe, "--self-test", env=env)
    with tempfile.TemporaryDirectory() as data_dir:
        # status creates no store; an empty file is one the bundle's own migrations fill.
        (Path(data_dir) / "operator-app.sqlite3").touch()
        out = subprocess.run(
            [str(exe), "status", "--json", "--data-dir", data_dir],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
    status: dict[str, object] = json.loads(out)
    print(
        f"status --json from the bundle: schema {status['schema_version']}, "
        f"integrity {status['integrity_check']}"
    )
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the bundle's smoke test")
    args = parser.parse_args()
    bundle = build()
    size = folder_size(bundle)
    print(f"bundle: {bundle} ({size / 2**20:.1f} MiB)")
    if args.smoke:
        smoke_test(bundle)


if __name__ == "__main__":
    main()
