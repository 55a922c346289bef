"""docs/configuration.md stays true: its example is valid and its keys are the loader's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from operator_app.cli.context import demo_config_path
from operator_app.site_config import ConfigError, parse_site_config

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def example_under(heading: str) -> str:
    """The first TOML block of the section ``heading`` of docs/configuration.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"\n{heading}\n", 1)
    assert len(section) == 2, f"docs/configuration.md has no section {heading!r}"
    example = re.search(r"```toml\n(.*?)```", section[1], re.S)
    assert example, f"section {heading!r} has no TOML example"
    return example.group(1)


def test_the_documented_example_is_valid() -> None:
    site = parse_site_config(example_under("## Example"))
    assert [m.machine_id for m in site.machines] == ["PRESS-1", "WELD-2"]
    assert site.sync is not None


def test_the_documented_shift_calendar_is_valid() -> None:
    site = parse_site_config(example_under("## Example") + example_under("## `[shifts]`"))
    assert getattr(site.shifts, "version", None) == "VAL-2026-1"


@pytest.mark.parametrize(
    ("table", "keys"),
    [
        (
            "site",
            [
                "plant",
                "area",
                "line",
                "device",
                "timezone",
                "language",
                "data_dir",
                "inactivity_timeout_s",
                "kiosk",
                "on_screen_keyboard",
            ],
        ),
        ("limits", ["scrap_max_quantity"]),
        ("jobs", ["import_folder"]),
        (
            "sync",
            [
                "server_url",
                "allow_plain_http",
                "ca_bundle",
                "proxy",
                "token_file",
                "interval_s",
                "batch_size",
            ],
        ),
    ],
)
def test_documented_keys_are_the_ones_the_loader_knows(table: str, keys: list[str]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    base = demo_config_path().read_text(encoding="utf-8")
    if table == "sync":
        base += '\n[sync]\nserver_url = "https://region.example.com"\n'
    if f"[{table}]\n" not in base:
        base += f"\n[{table}]\n"
    for key in [*keys, "not_a_key_xyz"]:
        # The value may be of the wrong type; what matters is whether the key is known.
        probe = base.replace(f"[{table}]\n", f"[{table}]\n{key} = 1\n", 1)
        if f"\n{key} = " in base.split(f"[{table}]\n", 1)[1].split("\n[", 1)[0]:
            probe = base  # already set in the demo file
        try:
            parse_site_config(probe)
            problems: list[str] = []
        except ConfigError as exc:
            problems = exc.problems
        unknown = f"{table}.{key}: is not a known setting (misspelt?)" in problems
        assert unknown == (key == "not_a_key_xyz"), (key, problems)
        if key != "not_a_key_xyz":
            assert f"| `{key}` |" in doc, f"[{table}] {key} is not documented"
