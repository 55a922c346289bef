"""The built one-folder bundle starts: ``--self-test``, ``status --json`` and friends.

Builds ``build_installer.spec`` with scripts/build_installer.py unless dist/operator-app is
newer than every source it is made from (about a minute on the CI machine), then starts the
frozen program headless, the way an installer smoke test would on a line PC.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from local_store import EventStore

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "operator-app"
SUFFIX = ".exe" if os.name == "nt" else ""
SOURCES = ("operator_app", "widgets", "local_store", "sync", "translations")
BUILD_INPUTS = ("build_installer.spec", "pyproject.toml", "scripts/build_installer.py")

# The first test builds the bundle in its fixture: give it time beyond the suite's default.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def newest_source() -> float:
    files = [p for d in SOURCES for p in (ROOT / d).rglob("*") if p.is_file()]
    files += [ROOT / f for f in BUILD_INPUTS]
    return max(p.stat().st_mtime for p in files if "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def bundle() -> Path:
    exe = BUNDLE / f"operator-app{SUFFIX}"
    if not exe.exists() or exe.stat().st_mtime < newest_source():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_installer.py")],
            cwd=ROOT,
            check=True,
            timeout=1200,
        )
    assert exe.exists(), "the build made no operator-app executable"
    return BUNDLE


def run(bundle: Path, *args: object, program: str = "operator-app", stdin: str | None = None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # The frozen program must not lean on the development tree or its virtual environment.
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(bundle / f"{program}{SUFFIX}"), *(str(a) for a in args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=bundle.parent,
        timeout=300,
        check=False,
    )


def test_the_bundle_passes_its_self_test(bundle: Path) -> None:
    result = run(bundle, "--self-test")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "self-test ok" in result.stdout


def test_the_bundle_reports_status_as_json(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle, "status", "--json", "--data-dir", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["db_path"] == str(tmp_path / "data" / "operator-app.sqlite3")
    assert status["integrity_check"] == "ok"
    assert status["outbox"]["pending"] == 0
    # The frozen program migrates to the same schema as the sources.
    store = EventStore.open(tmp_path / "from-source.sqlite3")
    try:
        expected = store.status()["schema_version"]
    finally:
        store.close()
    assert status["schema_version"] == expected


def test_the_console_program_checks_the_bundled_demo_config(bundle: Path) -> None:
    demo = next((bundle / "_internal").rglob("demo_site.toml"))
    result = run(bundle, "check-config", demo, program="operator-app-cli")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
    pin = run(bundle, "hash-pin", "--stdin", program="operator-app-cli", stdin="2468\n")
    assert pin.returncode == 0
    assert pin.stdout.startswith("scrypt$")


def test_the_bundle_carries_its_data_and_leaves_out_unused_qt(bundle: Path) -> None:
    inside = bundle / "_internal"
    names = {p.name for p in inside.rglob("*")}
    assert {"catalogue.json", "demo_site.toml", "operator_app_es.qm"} <= names
    assert {"workflows.json", "detection.json", "shift_calendar.json"} <= names
    unused = ("Qt6Qml", "Qt6Quick", "Qt6Network", "Qt6Pdf", "Qt6Svg", "Qt6Sql")
    shipped = sorted(n for n in names if any(u in n for u in unused))
    assert shipped == [], f"unused Qt modules in the bundle: {shipped}"
    assert not any(n.startswith("qtbase_") and n[7:9] not in ("en", "es") for n in names)
    assert not (inside / "regional_server").exists()
    assert not any("pytest" in n for n in names)
