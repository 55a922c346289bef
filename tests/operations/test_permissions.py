"""The data directory holds badges and PIN hashes: the client's account only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from local_store import EventStore
from operator_app.operations.logs import log_file
from tests.operations.conftest import RunCommand, StartClient, wait_for

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX modes; Windows gets an ACL")


def _modes(data_dir: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(data_dir.stat().st_mode)}
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = Path(root, name)
            found[str(path.relative_to(data_dir))] = stat.S_IMODE(path.lstat().st_mode)
    return found


@POSIX_ONLY
def test_after_the_first_start_only_the_clients_account_can_read_the_data(
    start_client: StartClient, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    # Left by an earlier install that knew nothing of this: world-readable.
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    old_note = data_dir / "notes-from-it.txt"
    old_note.write_text("handover", encoding="utf-8")
    os.chmod(old_note, 0o644)
    old_umask = os.umask(0o022)  # the client must not rely on a strict umask around it
    try:
        client = start_client(data_dir)
    finally:
        os.umask(old_umask)
    wait_for(
        lambda: (
            client.poll() is not None
            or (log_file(data_dir).exists() and (data_dir / "operator-app.sqlite3-wal").exists())
        )
    )
    assert client.poll() is None, client.communicate()

    modes = _modes(data_dir)
    for name in ("operator-app.sqlite3", "operator-app.sqlite3-wal", "operator-app.lock"):
        assert name in modes
    assert "logs/operator-app.log" in modes
    too_open = {
        name: oct(mode) for name, mode in modes.items() if mode & (stat.S_IRWXG | stat.S_IRWXO)
    }
    assert too_open == {}
    assert modes["."] == 0o700
    assert modes["logs"] == 0o700
    assert modes["notes-from-it.txt"] == 0o600


@POSIX_ONLY
def test_a_widened_mode_shows_in_status(run_command: RunCommand, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    EventStore.open(data_dir / "operator-app.sqlite3").close()  # status creates no store
    assert run_command("status", "--data-dir", data_dir).returncode == 0
    for path in [data_dir, *data_dir.iterdir()]:
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
    private = json.loads(run_command("status", "--json", "--data-dir", data_dir).stdout)
    assert private["permissions"] == {"private": True, "too_open": []}

    store = data_dir / "operator-app.sqlite3"
    os.chmod(store, 0o644)  # someone "fixed" a backup job's access by hand

    result = run_command("status", "--json", "--data-dir", data_dir)
    assert result.returncode == 0  # a warning: the store itself is sound
    status = json.loads(result.stdout)
    assert status["permissions"] == {"private": False, "too_open": [f"{store} is 0644"]}
    assert status["log_file"] == str(data_dir / "logs" / "operator-app.log")
    text = run_command("status", "--data-dir", data_dir).stdout
    assert f"warning: readable by other accounts: {store} is 0644" in text


@pytest.mark.skipif(os.name != "nt", reason="the ACL path runs on Windows only")
def test_on_windows_the_data_directory_keeps_no_inherited_entries(tmp_path: Path) -> None:
    import subprocess

    from operator_app.operations.permissions import lock_down

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "operator-app.sqlite3").write_bytes(b"")
    lock_down(data_dir)
    acl = subprocess.run(
        ["icacls", str(data_dir)], capture_output=True, text=True, check=True
    ).stdout
    assert "(I)" not in acl  # inherited entries (Users, Authenticated Users) are gone
    assert os.environ["USERNAME"].lower() in acl.lower()
