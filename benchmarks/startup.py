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

Every start runs from compiled bytecode, as an installed client does (pip compiles it on
install, the PyInstaller bundle carries only bytecode): the children's bytecode goes to a
temporary ``PYTHONPYCACHEPREFIX`` (the checkout stays clean), written by one warm-up start of
each kind, whatever ``PYTHONDONTWRITEBYTECODE`` says in the calling shell. Without it a
checkout compiled some hundred source files at every start of the client, and none of the
bare window's.

"Cold" is the first start on a fresh data folder (the store is created and migrated), "warm"
the next start on the same folder; by default the page cache is warm for both, as for a client
restarted on a running PC. With ``--drop-caches`` (root only, Linux) the page cache is dropped
(``sync; echo 3 > /proc/sys/vm/drop_caches``) before every cold start, the bare window's
included, so cold means a start after boot; on a shared machine that slows everyone's next file
reads, so it is never the default. The bare window, the cold and the warm client start in turn
(interleaved), so a burst of load from elsewhere hits all of them alike; each ratio is taken
against the bare start of the same round, and the medians of the ratios are printed beside the
medians of the times, with the load average. Offscreen platform.

    QT_QPA_PLATFORM=offscreen python benchmarks/startup.py [starts] [--drop-caches]
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
                print(f"first_paint {time.monotonic()} {time.process_time()}", flush=True)
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


def child_env(bytecode: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        # This checkout's code, whichever copy the interpreter has installed.
        "PYTHONPATH": str(ROOT),
        "OPERATOR_APP_STARTUP_MARKS": "1",
        "PYTHONPYCACHEPREFIX": str(bytecode),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def drop_page_cache() -> None:
    """Forget every file's cached pages, as after a boot (root only)."""
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")


def one_start(
    kind: str, env: dict[str, str], site: Path | None = None, data_dir: Path | None = None
) -> dict[str, float]:
    """Milliseconds from the spawn to each mark the child printed."""
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
        name, *values = line.split()
        if name in wanted:
            marks[name] = (float(values[0]) - began) * 1000
            marks[f"{name} cpu"] = float(values[1]) * 1000
        if wanted <= set(marks):
            break
    if kind != "bare":
        child.send_signal(signal.SIGTERM)  # the same shutdown as a close
    try:
        child.wait(timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if not wanted <= set(marks):
        raise RuntimeError(f"{kind} start printed only {sorted(marks)}")
    return marks


def main() -> None:
    from operator_app.machine_data.modbus_server import free_port
    from operator_app.machine_data.simulated_machine import SimulatedMachine

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    drop_caches = "--drop-caches" in sys.argv[1:]
    if drop_caches and not os.access("/proc/sys/vm/drop_caches", os.W_OK):
        raise SystemExit("--drop-caches needs root on Linux (/proc/sys/vm/drop_caches)")
    starts = int(args[0]) if args else 7
    press = SimulatedMachine(free_port(), ideal_cycle_s=2.0, seed=1).start()
    kinds = ("bare", "bare cold", "cold", "warm") if drop_caches else ("bare", "cold", "warm")
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    load = [os.getloadavg()]
    try:
        with tempfile.TemporaryDirectory(prefix="startup-bench-") as folder:
            env = child_env(Path(folder) / "bytecode")
            site = site_file(Path(folder), press.port)
            # Bytecode written and the disk cache filled, once for each kind.
            one_start("bare", env)
            one_start("cold", env, site, Path(folder) / "warm-up")
            for n in range(starts):
                data_dir = Path(folder) / f"data-{n}"
                if drop_caches:
                    drop_page_cache()
                    results["bare cold"].append(one_start("bare", env))
                results["bare"].append(one_start("bare", env))
                if drop_caches:
                    drop_page_cache()
                results["cold"].append(one_start("cold", env, site, data_dir))
                results["warm"].append(one_start("warm", env, site, data_dir))
                load.append(os.getloadavg())
    finally:
        press.stop()

    def median(kind: str, mark: str) -> float:
        return statistics.median(r[mark] for r in results[kind])

    def ratio(kind: str, mark: str, base_mark: str = "first_paint") -> float:
        """Median over the rounds of this start against the bare start of the same round."""
        base = "bare cold" if drop_caches and kind == "cold" else "bare"
        pairs = zip(results[kind], results[base], strict=True)
        return statistics.median(r[mark] / b[base_mark] for r, b in pairs)

    one_minute = sorted(x[0] for x in load)
    print(
        f"median of {starts} rounds (bare, cold, warm in turn), from spawn, milliseconds; "
        f"{os.cpu_count()} CPUs, load average (1 min) {one_minute[0]:.1f} to {one_minute[-1]:.1f}"
        f"{'; page cache dropped before each cold start' if drop_caches else ''}"
    )
    print("ratios: median over the rounds of each start against the bare start of its round")
    bare, bare_cpu = median("bare", "first_paint"), median("bare", "first_paint cpu")
    print(f"bare PySide6 window, first paint (baseline):  {bare:7.0f}   CPU {bare_cpu:5.0f}")
    if drop_caches:
        bare_cold = median("bare cold", "first_paint")
        print(f"bare PySide6 window, first paint, cold cache: {bare_cold:7.0f}")
    for kind in ("cold", "warm"):
        for mark, what in (("first_paint", "first paint"), ("ready", "ready (store, PLC)")):
            took, cpu = median(kind, mark), median(kind, f"{mark} cpu")
            print(
                f"operator client {kind}, {what + ':':21}{took:7.0f}  ({ratio(kind, mark):.2f}x)"
                f"  CPU {cpu:5.0f} ({ratio(kind, f'{mark} cpu', 'first_paint cpu'):.2f}x)"
            )
        base = median("bare cold" if drop_caches and kind == "cold" else "bare", "first_paint")
        record(
            "startup",
            f"time to first paint, {kind}",
            median(kind, "first_paint"),
            "ms",
            baseline=base,
            baseline_name="bare PySide6 window",
        )
        record(
            "startup",
            f"time to ready (store open, machine data running), {kind}",
            median(kind, "ready"),
            "ms",
            baseline=base,
            baseline_name="bare PySide6 window",
        )
    record(
        "startup",
        "CPU to first paint, warm",
        median("warm", "first_paint cpu"),
        "ms",
        baseline=bare_cpu,
        baseline_name="bare PySide6 window",
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_bare()
    else:
        main()
