"""``status --json``, ``export --csv`` and ``hash-pin --stdin`` against a real store file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from local_store import EventStore
from operator_app.cli.main import main
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Person, verify_pin
from tests.cli.conftest import RunCli


@pytest.fixture
def filled_store(site_file: Path, catalogue: Catalogue, operator: Person) -> dict[str, str]:
    """Two downtimes (one categorized and ended, one open), a scrap and a note; their ids."""
    site = load_site_config(site_file)
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, catalogue, site)
        now = datetime.now(UTC)
        jam = capture.record_downtime(
            operator,
            "PRESS-1",
            now - timedelta(hours=2),
            now - timedelta(hours=1, minutes=50),
            reason_code="EQP.MEC.JAM",
        )[0]
        open_dt = capture.start_downtime(operator, "WELD-2")
        scrap = capture.record_scrap(operator, "PRESS-1", "SCR.DIM.OVR", 12, note="burr")
        note = capture.add_note(operator, "WELD-2", "fixture loose")
    finally:
        store.close()
    return {
        "jam": jam.event_id,
        "open": open_dt.event_id,
        "scrap": scrap.event_id,
        "note": note.event_id,
        "db": str(site.database_path),
    }


# -- status -----------------------------------------------------------------------------------


def test_status_json_describes_the_store(
    run_cli: RunCli, site_file: Path, filled_store: dict[str, str]
) -> None:
    result = run_cli("status", "--json", "--config", site_file)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    db = sqlite3.connect(filled_store["db"])
    try:
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
        revisions = db.execute("SELECT count(*) FROM event_revisions").fetchone()[0]
    finally:
        db.close()
    assert status["db_path"] == filled_store["db"]
    assert status["schema_version"] == user_version >= 1
    assert status["records"]["events"] == {"downtime": 2, "scrap": 1, "note": 1}
    assert status["records"]["event_revisions"] == revisions == 4
    assert status["outbox"]["pending"] == 4
    assert status["outbox"]["pending_by_kind"] == {"event_revision": 4}
    assert status["outbox"]["quarantined"] == 0
    assert status["integrity_check"] == "ok"
    # No regional bundle reached this store: the bundled defaults run it.
    assert status["standards"]["bundle_version"] is None
    assert status["standards"]["modules_off"] == []
    assert status["standards"]["fault_map_version"] == "FC-2026.11-R1"


def test_status_on_a_bare_data_dir_and_as_text(
    run_cli: RunCli, site_file: Path, filled_store: dict[str, str]
) -> None:
    data_dir = Path(filled_store["db"]).parent
    as_json = json.loads(run_cli("status", "--json", "--data-dir", data_dir).stdout)
    assert as_json["records"]["events"]["downtime"] == 2
    text = run_cli("--data-dir", data_dir, "status")
    assert text.returncode == 0
    assert "integrity       ok" in text.stdout
    assert "4 waiting" in text.stdout
    assert "standards       bundled defaults (no regional bundle yet)" in text.stdout


def test_status_with_a_bad_config_names_the_problem(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "site.toml"
    bad.write_text("[site]\nplant = 5\n", encoding="utf-8")
    result = run_cli("status", "--config", bad)
    assert result.returncode == 2
    assert f"{bad}: site.plant: must be a string, not an integer" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


# -- export -----------------------------------------------------------------------------------


def export_rows(result_stdout: str) -> dict[str, dict[str, str]]:
    return {row["event_id"]: row for row in csv.DictReader(io.StringIO(result_stdout))}


def test_export_writes_codes_and_labels(
    run_cli: RunCli, site_file: Path, filled_store: dict[str, str], catalogue: Catalogue
) -> None:
    today = datetime.now(UTC).date()
    result = run_cli(
        "export",
        "--csv",
        "--config",
        site_file,
        "--from",
        (today - timedelta(days=1)).isoformat(),
        "--to",
        (today + timedelta(days=2)).isoformat(),
    )
    assert result.returncode == 0, result.stderr
    rows = export_rows(result.stdout)
    assert set(rows) == {filled_store[k] for k in ("jam", "open", "scrap", "note")}
    jam = rows[filled_store["jam"]]
    assert jam["reason_code"] == "EQP.MEC.JAM"
    assert jam["reason_label"] == catalogue.label("EQP.MEC.JAM", "en") == "Jam"
    assert jam["reason_path"] == " > ".join(n.label("en") for n in catalogue.path("EQP.MEC.JAM"))
    assert jam["catalogue_version"] == catalogue.version
    assert jam["duration_s"] == "600"
    assert (jam["plant"], jam["area"], jam["line"], jam["zone"]) == (
        "VAL",
        "ASSEMBLY",
        "L1",
        "Europe/Madrid",
    )
    scrap = rows[filled_store["scrap"]]
    assert (scrap["kind"], scrap["quantity"], scrap["note"]) == ("scrap", "12", "burr")
    assert scrap["reason_label"] == catalogue.label("SCR.DIM.OVR", "en")
    opened = rows[filled_store["open"]]
    assert (opened["end_utc"], opened["reason_code"], opened["reason_label"]) == ("", "", "")


def test_export_in_spanish_to_a_file_from_a_bare_data_dir(
    run_cli: RunCli, tmp_path: Path, filled_store: dict[str, str], catalogue: Catalogue
) -> None:
    out = tmp_path / "out" / "events.csv"
    out.parent.mkdir()
    now = datetime.now(UTC)
    result = run_cli(
        "export",
        "--csv",
        "--data-dir",
        Path(filled_store["db"]).parent,
        "--language",
        "es",
        "--from",
        (now - timedelta(hours=3)).isoformat(),
        "--to",
        (now + timedelta(hours=1)).isoformat(),
        "-o",
        out,
    )
    assert result.returncode == 0, result.stderr
    rows = export_rows(out.read_text(encoding="utf-8"))
    assert rows[filled_store["jam"]]["reason_label"] == catalogue.label("EQP.MEC.JAM", "es")
    assert rows[filled_store["jam"]]["reason_label"] != catalogue.label("EQP.MEC.JAM", "en")


def test_export_keeps_to_the_time_range(
    filled_store: dict[str, str], site_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # From 100 minutes ago: the jam (2 h to 1 h 50 ago) ended before it.
    start = (datetime.now(UTC) - timedelta(minutes=100)).isoformat()
    end = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    code = main(["export", "--csv", "--config", str(site_file), "--from", start, "--to", end])
    assert code == 0
    rows = export_rows(capsys.readouterr().out)
    assert filled_store["jam"] not in rows
    assert {filled_store[k] for k in ("open", "scrap", "note")} <= set(rows)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("yesterday", "2026-01-02", "'yesterday' is not an ISO 8601 date or time"),
        ("2026-01-02", "2026-01-01", "--to must be after --from"),
    ],
)
def test_export_refuses_bad_ranges(
    site_file: Path, capsys: pytest.CaptureFixture[str], start: str, end: str, message: str
) -> None:
    code = main(["export", "--csv", "--config", str(site_file), "--from", start, "--to", end])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"operator-app: {message}"


def test_export_to_an_unwritable_place_is_a_message(
    run_cli: RunCli, site_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "events.csv"
    result = run_cli(
        "export",
        "--csv",
        "--config",
        site_file,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
        "-o",
        target,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"operator-app: cannot write {target}: No such file or directory"
    )


# -- hash-pin ---------------------------------------------------------------------------------


def test_hash_pin_from_stdin_makes_a_hash_the_roster_accepts(
    run_cli: RunCli, site_file: Path, tmp_path: Path
) -> None:
    result = run_cli("hash-pin", "--stdin", stdin="4711\n")
    assert result.returncode == 0, result.stderr
    made = result.stdout.strip()
    assert made.startswith("scrypt$")
    assert "4711" not in made
    assert verify_pin("4711", made)
    assert not verify_pin("4712", made)
    # Pasted into a roster entry, check-config accepts it.
    text = site_file.read_text(encoding="utf-8") + (
        f'\n[[roster]]\nid = "op-new"\nname = "New"\nrole = "operator"\npin_hash = "{made}"\n'
    )
    site_file.write_text(text, encoding="utf-8")
    assert run_cli("check-config", site_file).returncode == 0


def test_two_hashes_of_one_pin_differ(run_cli: RunCli) -> None:
    first = run_cli("hash-pin", "--stdin", stdin="4711\n").stdout
    second = run_cli("hash-pin", "--stdin", stdin="4711\n").stdout
    assert first != second  # salted


@pytest.mark.parametrize("pin", ["", "12", "12a4", "123456789"])
def test_hash_pin_refuses_what_is_not_a_pin(pin: str, run_cli: RunCli) -> None:
    result = run_cli("hash-pin", "--stdin", stdin=pin + "\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "operator-app: a PIN is 4 to 8 digits"


def test_site_fixture_and_file_agree(site_file: Path) -> None:
    """The file the CLI tests use keeps its data beside it, never in a machine-wide folder."""
    site = load_site_config(site_file)
    assert site.data_dir == site_file.parent / "data"
