"""Compile the Qt catalogues ``translations/*.ts`` into the ``.qm`` files the client loads.

One piece of code for every route that makes a client: the package build (``setup.py``, so
``pip install .`` and a wheel carry them), the PyInstaller spec, and ``dev.py`` for a working
tree. Each runs ``pyside6-lrelease`` through the Python that has PySide6-Essentials installed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "translations"

# pyside6-lrelease is a console script of PySide6-Essentials; this finds the Qt tool beside
# the package on every platform, even where the script's folder is not on PATH (a build venv).
_LRELEASE = (
    "import sys; from PySide6.scripts.pyside_tool import lrelease; "
    "sys.argv[0] = 'pyside6-lrelease'; lrelease()"
)


def catalogue_languages(sources: Path = SOURCES) -> list[str]:
    """The languages the client is translated to: ``es`` for ``operator_app_es.ts``."""
    return sorted(ts.stem.rsplit("_", 1)[1] for ts in sources.glob("operator_app_*.ts"))


def compile_catalogues(
    target: Path,
    *,
    python: str | Path = sys.executable,
    sources: Path = SOURCES,
    force: bool = True,
) -> list[Path]:
    """Compile every ``.ts`` of ``sources`` into ``target``; the ``.qm`` files written.

    Raises RuntimeError when lrelease fails or writes nothing: a client without its
    translations must not be built.
    """
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for ts in sorted(sources.glob("*.ts")):
        qm = target / f"{ts.stem}.qm"
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            command = [str(python), "-c", _LRELEASE, "-silent", str(ts), "-qm", str(qm)]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0 or not qm.exists():
                raise RuntimeError(f"pyside6-lrelease failed on {ts}: {result.stderr.strip()}")
        written.append(qm)
    if not written:
        raise RuntimeError(f"no Qt catalogues (*.ts) in {sources}")
    return written
