"""docs/operations.md stays true: every command has its exit codes there, with the codes the
code uses."""

from __future__ import annotations

import argparse
from pathlib import Path

from operator_app.cli.context import EXIT_ALREADY_RUNNING, EXIT_INTERNAL, EXIT_READER_GONE
from operator_app.cli.main import build_parser

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def _commands() -> list[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    raise AssertionError("operator-app has no commands")


def test_every_command_has_a_row_in_the_exit_code_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("Codes specific to each command:", 1)[1].split("### sync --once", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    missing = [c for c in _commands() if not any(r.startswith(f"| `{c}") for r in rows)]
    assert missing == []
    assert any(r.startswith("| `operator-app` (the GUI)") for r in rows)


def test_the_codes_the_code_uses_are_the_documented_ones() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"**{EXIT_ALREADY_RUNNING} another client already runs" in text
    assert f"| {EXIT_INTERNAL} | internal error" in text
    assert f"| {EXIT_READER_GONE} | the reader of the output went away" in text


def test_the_readme_links_it() -> None:
    readme = DOC.parents[1] / "README.md"
    assert "[docs/operations.md](docs/operations.md)" in readme.read_text(encoding="utf-8")
