"""Commands that read the store or the region's database never create one where there is none.

A mistyped ``--data-dir`` (or a server command run without ``--database``) used to create and
migrate an empty store, report it sound with nothing recorded, and leave the file behind.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from local_store import EventStore
from operator_app.cli.context import EXIT_STORE_UNAVAILABLE, demo_config_path
from operator_app.cli.main import main as operator_app
from regional_server.__main__ import main as regional_server
from regional_server.database import DATABASE_ENV, DEFAULT_DATABASE
from tests.operations.conftest import RunCommand

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_site_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPERATOR_APP_CONFIG", str(tmp_path / "no-such-site.toml"))
    monkeypatch.setenv("OPERATOR_APP_DEMO_DIR", str(tmp_path / "demo-data"))


@pytest.fixture
def site_file(tmp_path: Path) -> Path:
    """The demo line, its data directory ``data`` beside the file (not made yet)."""
    text = demo_config_path().read_text(encoding="utf-8")
    path = tmp_path / "site.toml"
    path.write_text(text.replace("kiosk = false", 'kiosk = false\ndata_dir = "data"'), "utf-8")
    return path


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


# -- operator-app -----------------------------------------------------------------------------


def test_status_with_a_mistyped_data_dir_says_there_is_no_store(
    run_command: RunCommand, tmp_path: Path
) -> None:
    mistyped = tmp_path / "var-lib-operator-ap"
    for args in (("status",), ("status", "--json")):
        result = run_command(*args, "--data-dir", mistyped)
        assert result.returncode == EXIT_STORE_UNAVAILABLE, result.stdout
        assert f"no store at {mistyped / 'operator-app.sqlite3'}" in result.stderr
        assert "--data-dir" in result.stderr
        assert "integrity" not in result.stdout
        assert "Traceback" not in result.stderr
    assert not mistyped.exists()


def test_status_names_the_data_dir_the_site_file_names(
    tmp_path: Path, site_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mistyped = tmp_path / "dat"
    code = operator_app(["status", "--config", str(site_file), "--data-dir", str(mistyped)])
    assert code == EXIT_STORE_UNAVAILABLE
    err = capsys.readouterr().err
    assert f"the site file {site_file} names {tmp_path / 'data'}" in err
    assert not mistyped.exists()
    # From the site file alone: its data directory, not yet made by a first start.
    assert operator_app(["status", "--config", str(site_file)]) == EXIT_STORE_UNAVAILABLE
    err = capsys.readouterr().err
    assert f"no store at {tmp_path / 'data' / 'operator-app.sqlite3'}" in err
    assert f"site file {site_file} names the data directory {tmp_path / 'data'}" in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--csv", "--from", "2026-11-01", "--to", "2026-11-02"],
        ["export", "--jobs", "--from", "2026-11-01", "--to", "2026-11-02", "--config", "{site}"],
    ],
    ids=["export-csv", "export-jobs"],
)
def test_reading_commands_create_no_store(
    tmp_path: Path,
    site_file: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    mistyped = tmp_path / "nowhere"
    args = [a.replace("{site}", str(site_file)) for a in command]
    assert operator_app([*args, "--data-dir", str(mistyped)]) == EXIT_STORE_UNAVAILABLE
    assert f"no store at {mistyped / 'operator-app.sqlite3'}" in capsys.readouterr().err
    assert files_under(tmp_path) == {site_file}


def test_jobs_export_from_a_bare_data_dir_is_a_usage_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was an internal error (exit 70) on a store that is there."""
    data = tmp_path / "data"
    EventStore.open(data / "operator-app.sqlite3").close()
    args = ["export", "--jobs", "--from", "2026-11-01", "--to", "2026-11-02"]
    assert operator_app([*args, "--data-dir", str(data)]) == 2
    assert "export --jobs needs the site file (--config FILE)" in capsys.readouterr().err


def test_report_from_the_site_file_creates_no_store(
    tmp_path: Path, site_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = operator_app(["report", "--config", str(site_file), "--pdf", str(tmp_path / "r.pdf")])
    assert code == EXIT_STORE_UNAVAILABLE
    assert "no store at" in capsys.readouterr().err
    assert files_under(tmp_path) == {site_file}


def test_sync_once_without_a_store_could_not_run(
    tmp_path: Path, site_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = tmp_path / "token"
    token.write_text("t" * 48)
    token.chmod(0o600)
    # A server nobody listens on: without the store check the round would create the store
    # before it found the server gone.
    site_file.write_text(
        site_file.read_text(encoding="utf-8")
        + f'\n[sync]\nserver_url = "http://127.0.0.1:9"\ntoken_file = "{token}"\n'
        + "allow_plain_http = true\n",
        encoding="utf-8",
    )
    before = files_under(tmp_path)
    code = operator_app(["sync", "--once", "--config", str(site_file)])
    assert code == 2  # could not run, not 3: the network is not the problem
    assert f"no store at {tmp_path / 'data' / 'operator-app.sqlite3'}" in capsys.readouterr().err
    assert files_under(tmp_path) == before


def test_diagnostics_says_there_is_no_store_and_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mistyped = tmp_path / "nowhere"
    out = tmp_path / "bundle.zip"
    # The bundle is still written (logs, site file): the code says whether the zip was.
    assert operator_app(["diagnostics", "--data-dir", str(mistyped), "--out", str(out)]) == 0
    assert f"no store at {mistyped / 'operator-app.sqlite3'}" in capsys.readouterr().err
    assert not mistyped.exists()


def test_status_still_reads_a_store_that_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    EventStore.open(data / "operator-app.sqlite3").close()
    assert operator_app(["status", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "integrity       ok" in out
    # A store the client has not started on yet holds no catalogue: said in words.
    assert "None" not in out
    assert "no catalogue stored yet" in out


# -- regional-server --------------------------------------------------------------------------


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder of a region's IT who forgot ``--database``."""
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    return folder


@pytest.mark.parametrize(
    "command",
    [["devices"], ["devices", "--json"], ["signing-key", "show"], ["retain", "--raw-days", "400"]],
    ids=["devices", "devices-json", "signing-key-show", "retain"],
)
def test_server_reading_commands_without_a_database_create_none(
    empty_folder: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert regional_server(command) == 2
    captured = capsys.readouterr()
    assert f"no database at {Path(DEFAULT_DATABASE).resolve()}" in captured.err
    assert "--database" in captured.err
    assert DATABASE_ENV in captured.err
    assert "0 devices" not in captured.out
    assert list(empty_folder.iterdir()) == []


def test_server_names_the_missing_database_it_was_given(
    empty_folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_ENV, "sqlite:///" + str(empty_folder / "regoin.sqlite3"))
    assert regional_server(["devices"]) == 2
    assert f"no database at {empty_folder / 'regoin.sqlite3'}" in capsys.readouterr().err
    assert list(empty_folder.iterdir()) == []


def test_server_migrate_still_creates_a_new_database(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert regional_server(["migrate"]) == 0
    assert (empty_folder / DEFAULT_DATABASE).exists()
    assert regional_server(["devices"]) == 0
    assert "0 devices" in capsys.readouterr().out
    tables = sqlite3.connect(empty_folder / DEFAULT_DATABASE)
    try:
        assert tables.execute("SELECT count(*) FROM device_heartbeats").fetchone() == (0,)
    finally:
        tables.close()


# -- dev.py -----------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_dev_py_help_lists_the_commands(flag: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), flag],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "check", "translations", "setup"):
        assert f"python3 dev.py {command}" in result.stdout


def test_dev_py_unknown_command_still_fails() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "demoo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "python3 dev.py demo" in result.stdout + result.stderr


def test_dev_py_demo_checks_qts_libraries_before_compiling_translations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Compiling .qm files runs Qt's lrelease, which dies on the same missing libraries."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    done: list[str] = []

    def missing_libraries() -> None:
        done.append("check")
        raise SystemExit("install libglib2.0-0")

    def setup() -> None:  # as dev.py's own: dependencies, then the .qm files
        done.append("install")
        dev.compile_translations()

    monkeypatch.setattr(dev, "setup", setup)
    monkeypatch.setattr(dev, "install_dependencies", lambda: done.append("install"), raising=False)
    monkeypatch.setattr(dev, "check_display_libraries", missing_libraries)
    monkeypatch.setattr(dev, "compile_translations", lambda: done.append("translations"))
    monkeypatch.setattr(dev, "run", lambda *a, **k: done.append("run"))
    with pytest.raises(SystemExit, match="libglib"):
        dev.demo()
    assert "translations" not in done
    assert done[-1] == "check"
