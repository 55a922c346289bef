"""Time to first screen: the operator client against a bare PySide6 window, same run.

Each start is a new process, timed from just before it is spawned (so interpreter start and
imports count, as they do for an operator) until its first paint, and for the client also until
it is ready: store open and every polled machine's link reported once (machine data running).

The client is started as plant IT starts it (``python -m operator_app --config site.toml``)
with ``OPERATOR_APP_STARTUP_MARKS`` set, so it prints monotonic timestamps at the first paint of
the sign-in screen and when ready; it is then ended with SIGTERM, as a service manager does. The
site is the demo line with its press read over Modbus TCP from a simulated machine this script
serves on loopback. The baseline is an empty QApplication showing one QLabel, timed at the
label's first paint: the floor any Qt client pays.

"Cold" is a fresh interpreter on a fresh data folder (the store is created and migrated); the
page cache cannot be dropped here, so a cold start of the machine itself is not measured.
"Warm" is the next start on the same folder. Medians of several starts, offscreen platform.

    QT_QPA_PLATFORM=offscreen python benchmarks/startup.py [starts]
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout, not whichever copy is installed


def child_bare() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Line 1")
    label.resize(1280, 800)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(f"first_paint {time.monotonic()}", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    watch = FirstPaint()
    label.installEventFilter(watch)
    label.show()
    app.exec()


def site_file(folder: Path, port: int) -> Path:
    """The demo line with its press served by this script's simulator, not by ``--demo``."""
    from operator_app.cli.context import demo_config_path

    text = demo_config_path().read_text(encoding="utf-8")
    text = text.replace("port = 5020", f"port = {port}").replace(
        "simulated = true", "simulated = false"
    )
    path = folder / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_start(
    kind: str, site: Path | None = None, data_dir: Path | None = None
) -> dict[str, float]:
    """Milliseconds from the spawn to each mark the child printed."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        # This checkout's code, whichever copy the interpreter has installed.
        "PYTHONPATH": str(ROOT),
        "OPERATOR_APP_STARTUP_MARKS": "1",
    }
    if kind == "bare":
        command = [sys.executable, __file__, "--child", "bare"]
        wanted = {"first_paint"}
    else:
        command = [sys.executable, "-m", "operator_app", "--config", str(site)]
        command += ["--data-dir", str(data_dir)]
        wanted = {"first_paint", "ready"}
    marks: dict[str, float] = {}
    began = time.monotonic()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    assert child.stdout is not None
    for line in child.stdout:
        name, _, at = line.strip().partition(" ")
        if name in wanted:
            marks[name] = (float(at) - began) * 1000
        if set(marks) == wanted:
            break
    if kind != "bare":
        child.send_signal(signal.SIGTERM)  # the same shutdown as a close
    try:
        child.wait(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if set(marks) != wanted:
        raise RuntimeError(f"{kind} start printed only {sorted(marks)}")
    return marks


def main() -> None:
    from operator_app.machine_data.modbus_server import free_port
    from operator_app.machine_data.simulated_machine import SimulatedMachine

    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    press = SimulatedMachine(free_port(), ideal_cycle_s=2.0, seed=1).start()
    results: dict[str, list[dict[str, float]]] = {"bare": [], "cold": [], "warm": []}
    try:
        with tempfile.TemporaryDirectory(prefix="startup-bench-") as folder:
            site = site_file(Path(folder), press.port)
            one_start("cold", site, Path(folder) / "warm-up")  # the disk cache, once
            for n in range(starts):
                data_dir = Path(folder) / f"data-{n}"
                results["bare"].append(one_start("bare"))
                results["cold"].append(one_start("cold", site, data_dir))
                results["warm"].append(one_start("warm", site, data_dir))
    finally:
        press.stop()

    def median(kind: str, mark: str) -> float:
        return statistics.median(r[mark] for r in results[kind])

    bare = median("bare", "first_paint")
    print(f"median of {starts} starts each, from spawn, milliseconds; load average at the end: ")
    print(f"  {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"bare PySide6 window, first paint (baseline):  {bare:7.0f}")
    for kind in ("cold", "warm"):
        first, ready = median(kind, "first_paint"), median(kind, "ready")
        print(f"operator client {kind}, first paint:          {first:7.0f}  ({first / bare:.2f}x)")
        print(f"operator client {kind}, ready (store, PLC):   {ready:7.0f}  ({ready / bare:.2f}x)")
        record(
            "startup",
            f"time to first paint, {kind}",
            first,
            "ms",
            baseline=bare,
            baseline_name="bare PySide6 window",
        )
        record(
            "startup",
            f"time to ready (store open, machine data running), {kind}",
            ready,
            "ms",
            baseline=bare,
            baseline_name="bare PySide6 window",
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_bare()
    else:
        main()
