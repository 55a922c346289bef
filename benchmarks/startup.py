"""Time to first screen: the operator client against a bare PySide6 window, same run.

Each start is a new process, timed from just before it is spawned (so interpreter start and
imports count, as they do for an operator) until the window has been shown and painted once
("first screen"), and for the client also until its store is open and the line's state is
loaded ("ready"). The baseline is an empty QApplication showing one QLabel: the floor any Qt
client pays. Medians of several starts, offscreen platform, demo line, a fresh data folder.

    QT_QPA_PLATFORM=offscreen python benchmarks/startup.py [starts]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script


def child_bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Line 1")
    label.resize(1280, 800)
    label.show()

    def shown() -> None:
        print(f"first_screen {time.time()}", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()


def child_client(data_dir: str) -> None:
    from dataclasses import replace

    from PySide6.QtCore import QTimer

    from operator_app.cli.context import demo_config_path
    from operator_app.screens.app import _application, start_client
    from operator_app.site_config import load_site_config

    site = replace(load_site_config(demo_config_path()), data_dir=Path(data_dir))
    app = _application(sys.argv[:1])
    running = start_client(site)
    window = running.window
    window.show()  # type: ignore[attr-defined]
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.time())
        if len(marks) == 2:
            for key, at in marks.items():
                print(f"{key} {at}", flush=True)
            running.stop()
            app.quit()  # type: ignore[attr-defined]

    QTimer.singleShot(0, lambda: mark("first_screen"))
    # Ready: the store is open and the home screen has its first data (queued after opening).
    running.context.store_worker.opened.connect(  # type: ignore[attr-defined]
        lambda _error: QTimer.singleShot(0, lambda: mark("ready"))
    )
    app.exec()  # type: ignore[attr-defined]


def one_start(kind: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as data_dir:
        began = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, data_dir],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,
        ).stdout
    marks = {}
    for line in out.splitlines():
        name, _, at = line.partition(" ")
        if name in ("first_screen", "ready"):
            marks[name] = (float(at) - began) * 1000
    return marks


def main() -> None:
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    one_start("client")  # warm the disk cache once, as for every start but the first of a day
    results: dict[str, list[dict[str, float]]] = {"bare": [], "client": []}
    for _ in range(starts):
        for kind in results:
            results[kind].append(one_start(kind))

    def median(kind: str, mark: str) -> float:
        return statistics.median(r[mark] for r in results[kind])

    bare = median("bare", "first_screen")
    first, ready = median("client", "first_screen"), median("client", "ready")
    print(f"median of {starts} starts each, from spawn, milliseconds")
    print(f"bare PySide6 window, first screen (baseline): {bare:7.0f}")
    print(f"operator client, first screen:               {first:7.0f}")
    print(f"operator client, store open and ready:       {ready:7.0f}")
    print(f"ratio first screen client / bare: {first / bare:.2f}")
    record(
        "startup",
        "time to first screen",
        first,
        "ms",
        baseline=bare,
        baseline_name="bare PySide6 window",
    )
    record(
        "startup",
        "time to ready (store open)",
        ready,
        "ms",
        baseline=bare,
        baseline_name="bare PySide6 window",
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "bare":
            child_bare()
        else:
            child_client(sys.argv[3])
    else:
        main()
