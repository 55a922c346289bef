"""One client per data directory: a second start is refused, a crash's lock is taken over."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from operator_app.cli.context import EXIT_ALREADY_RUNNING, EXIT_STORE_UNAVAILABLE
from operator_app.operations.logs import log_file
from operator_app.operations.single_instance import LOCK_FILE_NAME
from tests.operations.conftest import RunCommand, StartClient, app_env, wait_for


def start_to_the_end(data_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """A client start that is expected to end by itself (a minute at most)."""
    return subprocess.run(
        [sys.executable, "-m", "operator_app", "--demo", "--data-dir", str(data_dir)],
        env=app_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _running(data_dir: Path) -> bool:
    return (data_dir / "operator-app.sqlite3").exists()


def _log_says(data_dir: Path, text: str) -> bool:
    path = log_file(data_dir)
    return path.exists() and text in path.read_text(encoding="utf-8")


def test_a_second_client_on_the_same_data_directory_is_refused(
    start_client: StartClient, run_command: RunCommand, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    first = start_client(data_dir)
    wait_for(lambda: _running(data_dir) or first.poll() is not None)
    assert first.poll() is None, first.communicate()

    second = start_to_the_end(data_dir, tmp_path)

    assert second.returncode == EXIT_ALREADY_RUNNING
    message = second.stderr
    assert "already running" in message
    assert f"process {first.pid}" in message
    assert socket.gethostname() in message
    assert str(data_dir) in message
    assert "brought to the front" in message
    assert first.poll() is None  # the first client keeps running
    wait_for(lambda: _log_says(data_dir, "a second start"))

    # Reading the store beside the running client still works.
    status = run_command("status", "--json", "--data-dir", data_dir)
    assert status.returncode in (0, 1), status.stderr
    assert json.loads(status.stdout)["db_path"] == str(data_dir / "operator-app.sqlite3")
    export = run_command(
        "export", "--csv", "--from", "2026-01-01", "--to", "2026-01-02", "--data-dir", data_dir
    )
    assert export.returncode == 0, export.stderr
    assert first.poll() is None


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def holder(lock: Path) -> str | None:
    """The process id written in the lock file; None while it is being replaced (a takeover
    removes the stale file before writing its own)."""
    try:
        return lock.read_text(encoding="utf-8").split("\n")[0]
    except FileNotFoundError:
        return None


def test_the_lock_of_a_killed_client_is_taken_over(
    start_client: StartClient, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    crashed = start_client(data_dir)
    wait_for(lambda: _running(data_dir) or crashed.poll() is not None)
    lock = data_dir / LOCK_FILE_NAME
    assert lock.exists()
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=30)
    assert holder(lock) == str(crashed.pid)  # left behind

    after = start_client(data_dir)
    wait_for(lambda: after.poll() is not None or holder(lock) == str(after.pid))
    assert after.poll() is None, after.communicate()
    wait_for(lambda: log_file(data_dir).read_text(encoding="utf-8").count("client started") == 2)


def test_a_data_directory_that_cannot_be_made_stops_the_start_with_its_reason(
    tmp_path: Path,
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    data_dir = in_the_way / "data"

    result = start_to_the_end(data_dir, tmp_path)

    assert result.returncode == EXIT_STORE_UNAVAILABLE
    assert f"({data_dir}): cannot create the data directory" in result.stderr
    assert "Traceback" not in result.stderr
