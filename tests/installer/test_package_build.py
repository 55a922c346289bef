"""The package build compiles the translations: a wheel is a complete client by itself.

Built from a copy of the sources without any compiled ``.qm`` (as a fresh clone is), the way
``pip install .`` builds it: in an isolated build environment from pyproject.toml's
``[build-system]``. A full ``pip install .`` into a fresh venv plus ``--self-test`` takes about
a minute more; docs/installer.md records that run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = shutil.ignore_patterns(
    "*.qm", "__pycache__", ".venv", "build", "dist", "*.egg-info", ".git", ".*_cache"
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_a_wheel_built_from_a_fresh_tree_carries_the_compiled_translations(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=LEFT_OUT)
    assert not list(tree.rglob("*.qm"))
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), "."],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=800,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = wheels.glob("operator_app-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        qm = Path(archive.extract("operator_app/i18n/operator_app_es.qm", tmp_path / "unpacked"))
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("LoginScreen", "Sign in") == "Iniciar sesión"
