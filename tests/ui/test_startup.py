"""Starting the GUI as plant IT does: the smoke test, and a bad site file refused with reasons."""

from __future__ import annotations

import os
import signal
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


# The sign-in screen is built and painted with only what it needs: the store (sqlite-utils pulls
# in numpy and scans plugin entry points), machine data (pymodbus), trends (pyqtgraph), sync
# (requests), the local socket that answers a second start (QtNetwork) and the regional standards
# and workflows load after the first paint. After the event loop runs, they do load: the check
# sees.
FIRST_PAINT_PROBE = """
import sys
from dataclasses import replace
from pathlib import Path

from operator_app.cli.main import build_parser, names_a_command
from operator_app.cli.context import demo_config_path
from operator_app.screens.app import _application, start_client
from operator_app.site_config import load_site_config
from operator_app.site_config.model import SyncConfig

HEAVY = (
    "numpy",
    "pyqtgraph",
    "pymodbus",
    "sqlite_utils",
    "requests",
    "PySide6.QtNetwork",
    "operator_app.services.standards",
    "shopfloor_core.domain.workflows",
)
build_parser(with_commands=names_a_command(["--config", "site.toml"]))
site = load_site_config(demo_config_path())
machines = tuple(
    replace(m, connection=replace(m.connection, port=9, simulated=False)) if m.connection else m
    for m in site.machines
)
sync = SyncConfig("http://127.0.0.1:9", None, None, None, 3600.0, 50)
site = replace(site, data_dir=Path(sys.argv[1]), machines=machines, sync=sync)
from operator_app.operations.startup import attach_window, claim_data_dir

claim = claim_data_dir(site.data_dir)
app = _application(sys.argv[:1])
running = start_client(site, language="en", after_first_paint=True)
window = running.window
attach_window(claim, window, kiosk=False)
window.show()
assert not window.grab().isNull()
print("before", sorted(m for m in HEAVY if m in sys.modules))
from PySide6.QtCore import QEventLoop, QTimer

loop = QEventLoop()
window.context.store_worker.opened.connect(lambda _e: QTimer.singleShot(0, loop.quit))
QTimer.singleShot(60_000, loop.quit)
loop.exec()
print("after", sorted(m for m in HEAVY if m in sys.modules))
print("monitor", window.context.machine_monitor is not None)
print("sync", window.context.sync_worker is not None)
running.stop()
claim.release()
"""


def test_the_sign_in_screen_is_painted_before_store_machine_data_trends_or_sync_load(
    tmp_path: Path,
) -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env={**ENV, "PYTHONPATH": str(root)},
        cwd=root,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["before"] == "[]"
    # Once painted, the client goes on to open its store, machine data and sync.
    assert "sqlite_utils" in lines["after"]
    assert "PySide6.QtNetwork" in lines["after"]  # listening for a second start
    assert lines["monitor"] == "True"
    assert lines["sync"] == "True"


def test_only_a_command_or_help_loads_the_command_modules() -> None:
    from operator_app.cli.main import names_a_command

    assert not names_a_command([])
    assert not names_a_command(["--config", "status", "--kiosk", "--language", "es"])
    assert not names_a_command(["--demo", "--data-dir", "/tmp/x", "--self-test"])
    assert names_a_command(["--config", "site.toml", "status"])
    assert names_a_command(["check-config", "site.toml"])
    assert names_a_command(["--help"])


def test_the_cycle_collector_is_paused_until_the_first_paint(tmp_path: Path) -> None:
    """Starting allocates what lives all day: collecting cycles then is wasted time."""
    env = {**ENV, "OPERATOR_APP_STARTUP_MARKS": "1"}
    command = [sys.executable, "-m", "operator_app", "--demo", "--data-dir", str(tmp_path)]
    marks: dict[str, str] = {}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as client:
        assert client.stdout is not None
        for line in client.stdout:
            name, *values = line.split()
            if name in ("first_paint", "ready"):
                marks[name] = values[-1]
            if len(marks) == 2:
                break
        client.send_signal(signal.SIGTERM)
        client.wait(timeout=60)
    assert marks == {"first_paint": "off", "ready": "on"}


def test_a_command_runs_with_the_cycle_collector() -> None:
    probe = (
        "import gc; gc.disable()\n"
        "from operator_app.cli.context import demo_config_path\n"
        "from operator_app.cli.main import main\n"
        "code = main(['check-config', str(demo_config_path())])\n"
        "print(code, gc.isenabled())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
        check=False,
    )
    assert result.stdout.split()[-2:] == ["0", "True"], result.stdout + result.stderr
