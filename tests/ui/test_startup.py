"""Starting the GUI as plant IT does: the smoke test, and a bad site file refused with reasons."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def operator_app(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "operator_app", *args],
        capture_output=True,
        text=True,
        env=env or ENV,
        timeout=120,
        check=False,
    )


def test_self_test_builds_every_screen_in_every_language(tmp_path: Path) -> None:
    result = operator_app("--self-test", env={**ENV, "OPERATOR_APP_CONFIG": str(tmp_path / "x")})
    assert result.returncode == 0, result.stderr
    assert "self-test ok" in result.stdout


def test_the_gui_refuses_a_bad_site_file_with_the_same_lines_as_check_config(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "site.toml"
    bad.write_text('[site]\nplant = "VAL"\nlanguage = "tlh"\ninactivity_timeout_s = "soon"\n')
    gui = operator_app("--config", str(bad))
    check = operator_app("check-config", str(bad))
    assert gui.returncode == check.returncode == 2
    assert "Traceback" not in gui.stderr
    problems = [line.strip() for line in check.stdout.splitlines() + check.stderr.splitlines()]
    problems = [p for p in problems if "inactivity_timeout_s" in p or "language" in p]
    assert problems
    for problem in problems:
        assert problem in gui.stderr
