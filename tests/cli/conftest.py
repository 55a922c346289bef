"""Run ``operator-app`` as plant IT does: the installed entry point, in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from operator_app.cli.context import demo_config_path

SCRIPT = "operator-app.exe" if os.name == "nt" else "operator-app"
ENTRY_POINT = Path(sys.executable).with_name(SCRIPT)

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """``run_cli("status", "--json", stdin=None)``: the entry point's exit code and output."""
    assert ENTRY_POINT.exists(), f"the operator-app entry point is not installed at {ENTRY_POINT}"
    env = {
        **os.environ,
        "OPERATOR_APP_CONFIG": str(tmp_path / "no-such-site.toml"),
        "OPERATOR_APP_DEMO_DIR": str(tmp_path / "demo-data"),
        "QT_QPA_PLATFORM": "offscreen",
    }

    def run(*args: object, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ENTRY_POINT), *(str(a) for a in args)],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    """The demo site with its data in ``tmp_path/data`` (relative to the file, as IT may write)."""
    text = demo_config_path().read_text(encoding="utf-8")
    text = text.replace("kiosk = false", 'kiosk = false\ndata_dir = "data"')
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path
