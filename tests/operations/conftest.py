"""The real client and its commands in subprocesses, against a data directory of the test's own.

``PYTHONPATH`` points at this checkout, so the entry point runs the code under test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import ENTRY_POINT

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60


def app_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OPERATOR_APP_CONFIG": str(tmp_path / "no-such-site.toml"),
        "OPERATOR_APP_DEMO_DIR": str(tmp_path / "demo-data"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def wait_for(condition: Callable[[], bool], timeout_s: float = START_TIMEOUT_S) -> None:
    """Poll ``condition`` until it holds; a process start has no signal a test can wait on."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout_s} s: {condition}")
        time.sleep(0.05)


RunCommand = Callable[..., subprocess.CompletedProcess[str]]
StartClient = Callable[[Path], subprocess.Popen[str]]


@pytest.fixture
def run_command(tmp_path: Path) -> RunCommand:
    """``run_command("status", "--json")``: the installed entry point, run to its end."""
    env = app_env(tmp_path)

    def run(
        *args: object, stdin: str | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ENTRY_POINT), *(str(a) for a in args)],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def start_client(tmp_path: Path) -> Iterator[StartClient]:
    """Start the real demo client on a data directory; every one started is killed at the end."""
    started: list[subprocess.Popen[str]] = []
    env = app_env(tmp_path)

    def start(data_dir: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "operator_app", "--demo", "--data-dir", str(data_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
