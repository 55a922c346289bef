"""``operator-app check-config FILE``: exit 0 when valid; exit 2 with one line per problem,
each naming the file and the key, and never a traceback (missing file and bad TOML included).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from operator_app.cli.main import main
from shopfloor_core.domain.roster import hash_pin
from tests.cli.conftest import RunCli

VALID = """
[site]
plant = "VAL"
area = "ASSEMBLY"
line = "L1"
device = "L1-PC1"
timezone = "Europe/Madrid"

[[machines]]
id = "PRESS-1"
name = "Press 1"

[[roster]]
id = "op-ana"
name = "Ana"
role = "operator"
badge = "10000001"
"""

SITE_LINE = 'timezone = "Europe/Madrid"\n'
MACHINE_LINE = 'name = "Press 1"\n'
MACHINE_BLOCK = '[[machines]]\nid = "PRESS-1"\n' + MACHINE_LINE
ROSTER_LINE = 'badge = "10000001"\n'


def edited(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


# (case, file text, the keys that must be reported: exactly these, one line each)
BAD_FILES = [
    ("plant is a number", edited('plant = "VAL"', "plant = 5"), {"site.plant"}),
    (
        "timeout is text",
        edited(SITE_LINE, SITE_LINE + 'inactivity_timeout_s = "fast"\n'),
        {"site.inactivity_timeout_s"},
    ),
    (
        "timeout too short",
        edited(SITE_LINE, SITE_LINE + "inactivity_timeout_s = 3\n"),
        {"site.inactivity_timeout_s"},
    ),
    ("kiosk is text", edited(SITE_LINE, SITE_LINE + 'kiosk = "yes"\n'), {"site.kiosk"}),
    ("unknown language", edited(SITE_LINE, SITE_LINE + 'language = "fr"\n'), {"site.language"}),
    ("unknown zone", edited("Europe/Madrid", "Mars/Olympus"), {"site.timezone"}),
    ("bad identifier", edited('line = "L1"', 'line = "L 1/2"'), {"site.line"}),
    ("empty area", edited('area = "ASSEMBLY"', 'area = ""'), {"site.area"}),
    ("site missing", VALID.replace("[site]", "[sites]"), {"site", "sites"}),
    (
        "site not a table",
        "site = 3\n" + VALID.replace("[site]", "[old_site]"),
        {
            "site",
            "old_site",
        },
    ),
    ("unknown site key", edited(SITE_LINE, SITE_LINE + 'colour = "grey"\n'), {"site.colour"}),
    ("unknown top-level key", "language = 'en'\n" + VALID, {"language"}),
    (
        "scrap limit is a fraction",
        VALID + "\n[limits]\nscrap_max_quantity = 1.5\n",
        {"limits.scrap_max_quantity"},
    ),
    ("unknown limits key", VALID + "\n[limits]\nmax_scrap = 10\n", {"limits.max_scrap"}),
    (
        "cycle time is text",
        edited(MACHINE_LINE, MACHINE_LINE + 'ideal_cycle_time_s = "fast"\n'),
        {"machines[0].ideal_cycle_time_s"},
    ),
    (
        "cycle time zero",
        edited(MACHINE_LINE, MACHINE_LINE + "ideal_cycle_time_s = 0\n"),
        {"machines[0].ideal_cycle_time_s"},
    ),
    (
        "unknown machine key",
        edited(MACHINE_LINE, MACHINE_LINE + "colour = 1\n"),
        {"machines[0].colour"},
    ),
    (
        "machine id used twice",
        VALID + '\n[[machines]]\nid = "PRESS-1"\nname = "Press 1 again"\n',
        {"machines[1].id"},
    ),
    (
        "machines not tables",
        'machines = "PRESS-1"\n' + VALID.replace(MACHINE_BLOCK, ""),
        {"machines"},
    ),
    ("plaintext pin", edited(ROSTER_LINE, ROSTER_LINE + 'pin = "1234"\n'), {"roster[0].pin"}),
    (
        "pin hash not a hash",
        edited(ROSTER_LINE, ROSTER_LINE + 'pin_hash = "1234"\n'),
        {"roster[0].pin_hash"},
    ),
    ("unknown role", edited('role = "operator"', 'role = "boss"'), {"roster[0].role"}),
    ("badge too short", edited('badge = "10000001"', 'badge = "1"'), {"roster[0].badge"}),
    ("unknown roster key", edited(ROSTER_LINE, ROSTER_LINE + 'nick = "A"\n'), {"roster[0].nick"}),
    ("sync url not http", VALID + '\n[sync]\nserver_url = "ftp://region"\n', {"sync.server_url"}),
    (
        "sync over plain http",
        VALID + '\n[sync]\nserver_url = "http://region.example"\n',
        {"sync.server_url"},
    ),
    (
        "plain http refused unless explicitly a test installation",
        VALID + '\n[sync]\nserver_url = "HTTP://region.example"\nallow_plain_http = false\n',
        {"sync.server_url"},
    ),
    (
        "allow_plain_http is text",
        VALID + '\n[sync]\nserver_url = "https://region.example"\nallow_plain_http = "yes"\n',
        {"sync.allow_plain_http"},
    ),
    (
        "sync interval is text",
        VALID + '\n[sync]\nserver_url = "https://region.example"\ninterval_s = "often"\n',
        {"sync.interval_s"},
    ),
    (
        "several problems at once",
        edited('plant = "VAL"', "plant = 5").replace('role = "operator"', 'role = "boss"')
        + "\n[limits]\nscrap_max_quantity = -1\n",
        {"site.plant", "roster[0].role", "limits.scrap_max_quantity"},
    ),
]

PROBLEM_LINE = re.compile(r"^(?P<file>.+?): (?P<key>[^ :]+): (?P<what>.+)$")


def reported_keys(stderr: str, path: Path) -> list[str]:
    """The key of each problem line; every line must name the file and a key."""
    keys = []
    for line in stderr.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not a 'file: key: problem' line: {line!r}"
        assert match["file"] == str(path)
        keys.append(match["key"])
    return keys


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check-config", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_valid_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID, encoding="utf-8")
    code, out, err = check(path, capsys)
    assert (code, err) == (0, "")
    assert "ok" in out
    assert "1 machine(s)" in out


@pytest.mark.parametrize(
    ("text", "keys"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_each_problem_is_one_line_naming_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, keys: set[str]
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = check(path, capsys)
    assert code == 2
    assert out == ""
    found = reported_keys(err, path)
    assert sorted(found) == sorted(keys), err


def test_a_roster_entry_with_a_made_hash_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(edited(ROSTER_LINE, f'pin_hash = "{hash_pin("4321")}"\n'), encoding="utf-8")
    assert check(path, capsys)[0] == 0


def test_plain_http_passes_only_on_a_test_installation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "site.toml"
    text = VALID + '\n[sync]\nserver_url = "http://region.test:8000"\n'
    path.write_text(text, encoding="utf-8")
    code, _, err = check(path, capsys)
    assert code == 2
    assert "sync.server_url: plain http sends the device token in clear" in err
    assert "allow_plain_http = true" in err

    path.write_text(text + "allow_plain_http = true  # test installation\n", encoding="utf-8")
    assert check(path, capsys)[:3:2] == (0, "")


def test_the_gui_refuses_to_start_on_plain_http(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID + '\n[sync]\nserver_url = "http://region.example"\n', "utf-8")

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("the client started on a plain-http site file")

    monkeypatch.setattr("operator_app.screens.app.start_client", started)
    # No command: the GUI start reads the same file first and stops before any window.
    assert main(["--config", str(path), "--data-dir", str(tmp_path / "data")]) == 2
    assert "plain http" in capsys.readouterr().err


TAGGED = edited(
    MACHINE_LINE,
    MACHINE_LINE
    + "ideal_cycle_time_s = 2.0\n"
    + '[machines.modbus]\nhost = "10.0.0.5"\n'
    + "[[machines.tags]]\n"
    + 'name = "running"\ntable = "coil"\naddress = 0\ntype = "bool"\nrole = "running"\n'
    + "[[machines.tags]]\n"
    + 'name = "good_parts"\ntable = "holding_register"\naddress = 40001\ntype = "uint32"\n'
    + 'role = "good_counter"\n',
)


def test_an_address_written_as_a_1_based_reference_gets_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(TAGGED, encoding="utf-8")
    code, out, err = check(path, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "hint: machines[0].tags[1].address: tag good_parts: 40001 looks like a 1-based Modbus "
        "reference (40001 = holding_register 0): if the PLC's manual says 40001, "
        "write address = 0"
    ]


def test_a_tag_problem_names_the_tag_in_a_file_key_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "site.toml"
    path.write_text(TAGGED.replace('type = "uint32"', 'type = "uint24"'), encoding="utf-8")
    code, _out, err = check(path, capsys)
    assert code == 2
    assert reported_keys(err, path) == ["machines[0].tags[1].type"]
    assert ": tag good_parts: 'uint24' is not one of" in err


# -- the installed entry point, as plant IT runs it -------------------------------------------


def test_entry_point_accepts_the_valid_file(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "site.toml"
    path.write_text(VALID, encoding="utf-8")
    result = run_cli("check-config", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{path}: ok")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.toml", None, "file: not found"),
        ("bad.toml", b"[site\nplant = ", "file: not valid TOML"),
        ("latin1.toml", "plant = 'Alcalá'".encode("latin-1"), "file: is not UTF-8 text"),
        ("types.toml", edited('plant = "VAL"', "plant = [1, 2]").encode(), "site.plant: must be"),
        ("unknown.toml", (VALID + "[extra]\nx = 1\n").encode(), "extra: is not a known setting"),
        ("pin.toml", edited(ROSTER_LINE, 'pin = "1234"\n').encode(), "roster[0].pin: plaintext"),
    ],
)
def test_entry_point_reports_problems_without_a_traceback(
    tmp_path: Path, run_cli: RunCli, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run_cli("check-config", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{path}: {expected}") for line in lines), result.stderr
    reported_keys(result.stderr, path)


def test_entry_point_reports_a_directory(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("check-config", tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path}: file: is a directory, not a TOML file"
