"""``operator-app --line-display`` as plant IT starts it: the real entry point, to a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from operator_app.operations.logs import log_file
from tests.operations.conftest import app_env, wait_for


def log_says(data_dir: Path, text: str) -> bool:
    path = log_file(data_dir)
    return path.exists() and text in path.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt", reason="SIGTERM")
def test_the_line_display_starts_shows_the_figures_and_stops_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    display = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "operator_app",
            "--demo",
            "--line-display",
            "--data-dir",
            str(data_dir),
        ],
        env=app_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: log_says(data_dir, "line display showing") or display.poll() is not None)
        assert display.poll() is None, display.communicate()
        display.send_signal(signal.SIGTERM)
        _out, err = display.communicate(timeout=30)
    finally:
        if display.poll() is None:
            display.kill()
            display.communicate(timeout=30)
    assert display.returncode == 0, err
    assert "internal error" not in err
