"""Build the regional server's wheels: ``shopfloor-core`` and ``regional-server``.

    python3 packaging/build_server_wheels.py [OUT]        (default OUT: dist/server)

The sources stay where the client's build finds them (``shopfloor_core/``, ``regional_server/``
at the top of the tree), and setuptools builds only what sits below a project's folder: so each
distribution is staged in a temporary folder (its ``pyproject.toml`` from ``packaging/``, its
package, a ``VERSION`` and, for the server, a ``requirements.txt``) and built there with
``pip wheel``. The version is the root project's; the server's dependencies are the root
``server`` extra plus ``shopfloor-core`` of that version, so they are named once.

Install on a server host: ``pip install OUT/shopfloor_core-*.whl OUT/regional_server-*.whl``.
Standard library only; pip fetches setuptools for the isolated build (from its cache when it can).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
CORE, SERVER = "shopfloor-core", "regional-server"
# distribution -> the package it carries
PACKAGES = {CORE: "shopfloor_core", SERVER: "regional_server"}
LEFT_OUT = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")


def root_project() -> dict[str, object]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert isinstance(project, dict)
    return project


def server_requirements(project: dict[str, object]) -> list[str]:
    extras = project.get("optional-dependencies")
    assert isinstance(extras, dict)
    return [*extras["server"], f"shopfloor-core=={project['version']}"]


def stage(distribution: str, into: Path, version: str, requirements: list[str] | None) -> Path:
    folder = into / distribution
    folder.mkdir()
    shutil.copy2(PACKAGING / distribution / "pyproject.toml", folder / "pyproject.toml")
    package = PACKAGES[distribution]
    shutil.copytree(ROOT / package, folder / package, ignore=LEFT_OUT)
    (folder / "VERSION").write_text(f"{version}\n", "utf-8")
    if requirements is not None:
        (folder / "requirements.txt").write_text("\n".join(requirements) + "\n", "utf-8")
    return folder


def build(out: Path, *, timeout_s: float = 600) -> list[Path]:
    """Build both wheels into ``out`` (replacing older ones); return their paths."""
    project = root_project()
    version = str(project["version"])
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.whl"):
        if old.name.startswith(tuple(p + "-" for p in PACKAGES.values())):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="server-wheels-") as staging:
        folders = [
            stage(CORE, Path(staging), version, None),
            stage(SERVER, Path(staging), version, server_requirements(project)),
        ]
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
        subprocess.run([*command, *map(str, folders)], check=True, timeout=timeout_s)
    return sorted(
        wheel for package in PACKAGES.values() for wheel in out.glob(f"{package}-{version}-*.whl")
    )


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "dist" / "server"
    for wheel in build(out.resolve()):
        print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
