"""A day of the real client, accelerated: memory, CPU, files, threads and timers per hour.

The whole client in this process, as a line PC runs it: the GUI (offscreen) with an operator
signed in, the machine monitor polling two simulated presses over Modbus TCP on loopback, the
store thread, and the sync worker sending to the reference regional server. The presses
(``operator-app simulate``) and the server run in processes of their own, so only the client's
memory, files and threads are counted. Each simulated hour the trends screen is open for its first
half and the home screen for the second; a capture (a note, every fifth a scrap) is made every
simulated minute through the same path as the screens (``AppContext.capture``).

What is accelerated and what is not:
- a simulated hour lasts ``--hour-s`` seconds of real time (9 s by default: a day in under
  four minutes): captures, screen changes and the per-hour figures follow that clock;
- the presses cycle every 0.5 s (a real press: 2 to 5 s) and their tags are polled every 0.2 s
  (the site file's default: 1 s), so polling, decoding, stop detection and tag history run five
  times as often as on a line;
- the monitor writes counts and history every 0.5 s (the client: 5 s); sync runs a round every
  second (a site: usually 30 s or more);
- everything else is real time: the trends' own refresh (10 s), Qt's event loop, SQLite.
An hour here is therefore not an hour of polling: the figures show whether something grows
with work done, which a leak does, not what a line PC's day costs in CPU.

Per simulated hour it prints resident memory (VmRSS), CPU of the process as % of one core,
open files (/proc/self/fd), threads (Python's and /proc/self/task), live QTimers (children of
the window and of the client context, and QTimer wrappers the garbage collector knows). Growth is
judged after the first hour (warm-up: trends built, caches filled), as a least-squares slope.

    QT_QPA_PLATFORM=offscreen python benchmarks/client_soak.py [--hours 24] [--hour-s 9]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout, not whichever copy is installed

PRESS_CYCLE_S = 0.5
TAG_POLL_S = 0.2
FLUSH_MS = 500
SYNC_INTERVAL_S = 1.0


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    times = os.times()
    return times.user + times.system


def count(folder: str) -> int:
    return len(os.listdir(folder))


def slope(values: list[float]) -> float:
    """Least-squares growth per step."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    return num / sum((i - mean_x) ** 2 for i in range(n))


def start_region(folder: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    import requests

    from operator_app.machine_data.modbus_server import free_port

    database = folder / "region.sqlite"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "regional_server", "--database", str(database)]
    command += ["serve", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{url}/v1/health", timeout=0.5).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError("the regional server did not start")
        time.sleep(0.1)
    return server, url, database


def start_press(port: int, seed: int) -> subprocess.Popen[bytes]:
    """A simulated press in its own process, as a PLC is: its memory and threads are not ours."""
    command = [sys.executable, "-m", "operator_app", "simulate", "--port", str(port)]
    command += ["--cycle", str(PRESS_CYCLE_S), "--seed", str(seed)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    press = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return press
        if time.monotonic() > deadline or press.poll() is not None:
            press.kill()
            raise RuntimeError("a simulated press did not start")
        time.sleep(0.1)


def issue_token(database: Path, plant: str, area: str, line: str, device: str) -> str:
    """A device token, issued as plant IT does: the regional server's own command."""
    command = [sys.executable, "-m", "regional_server", "--database", str(database)]
    command += ["issue-token", "--plant", plant, "--area", area, "--line", line]
    command += ["--device", device, "--days", "30"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def soak_site(folder: Path, ports: list[int], url: str, database: Path) -> object:
    """The demo line with two presses on the simulators, and sync to the loopback region."""
    from operator_app.cli.context import demo_config_path
    from operator_app.site_config import load_site_config
    from operator_app.site_config.model import SyncConfig
    from sync.token import write_token

    base = load_site_config(demo_config_path())
    press = next(m for m in base.machines if m.connection is not None)
    tags = tuple(replace(t, poll_interval_s=TAG_POLL_S) for t in press.tags)
    presses = [
        replace(
            press,
            machine_id=f"PRESS-{n + 1}",
            name=f"Press {n + 1}",
            tags=tags,
            connection=replace(press.connection, port=port, simulated=False),  # type: ignore[arg-type]
        )
        for n, port in enumerate(ports)
    ]
    others = tuple(m for m in base.machines if m.connection is None)
    token_file = folder / "client" / "sync-token"
    site = replace(
        base,
        data_dir=folder / "client",
        machines=(*presses, *others),
        sync=SyncConfig(url, None, None, token_file, SYNC_INTERVAL_S, 50),
    )
    write_token(token_file, issue_token(database, site.plant, site.area, site.line, site.device))
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=24, help="simulated hours (default 24)")
    # 24 hours of 9 s and the start: under four minutes.
    parser.add_argument("--hour-s", type=float, default=9.0, help="real seconds per hour")
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import operator_app.workers.machine_monitor as machine_monitor
    from operator_app.machine_data.modbus_server import free_port
    from operator_app.screens.app import _application, start_client
    from operator_app.screens.main_window import MainWindow
    from operator_app.screens.navigation import SCREENS
    from operator_app.services.capture import CaptureService
    from operator_app.services.service_call import ServiceCall
    from shopfloor_core.domain.catalogue import CategoryKind
    from shopfloor_core.domain.roster import Role

    machine_monitor.FLUSH_INTERVAL_MS = FLUSH_MS  # read when the monitor opens
    folder = Path(tempfile.mkdtemp(prefix="client-soak-"))
    ports = [free_port() for _ in range(2)]
    presses = [start_press(port, seed) for seed, port in enumerate(ports)]
    server, url, database = start_region(folder)
    try:
        site = soak_site(folder, ports, url, database)
        app = _application(sys.argv[:1])
        assert isinstance(app, QApplication)
        running = start_client(site, language="en")  # type: ignore[arg-type]
        window = running.window
        assert isinstance(window, MainWindow)
        context = window.context
        window.show()
        operator = next(p for p in context.roster if p.role is Role.OPERATOR)
        trends = next(e for e in SCREENS if e.key == "trends")
        scrap_reason = next(iter(context.catalogue.leaves(CategoryKind.SCRAP))).code
        machines = [m.machine_id for m in site.machines[:2]]  # type: ignore[attr-defined]
        minute_ms = max(1, round(args.hour_s * 1000 / 60))
        state = {"minute": 0, "captures": 0, "refused": 0}
        rows: list[tuple[float, ...]] = []

        def timers() -> tuple[int, int]:
            owned = len(window.findChildren(QTimer)) + len(context.findChildren(QTimer))
            wrapped = sum(1 for o in gc.get_objects() if isinstance(o, QTimer))
            return owned, wrapped

        def sample() -> None:
            gc.collect()
            now, cpu = time.monotonic(), cpu_s()
            last_t, last_cpu = state.get("t", now), state.get("cpu", cpu)
            busy = 100 * (cpu - last_cpu) / (now - last_t) if now > last_t else 0.0
            state["t"], state["cpu"] = now, cpu
            owned, wrapped = timers()
            row = (
                state["minute"] / 60,
                rss_mib(),
                busy,
                count("/proc/self/fd"),
                threading.active_count(),
                count("/proc/self/task"),
                owned,
                wrapped,
                len(gc.get_objects()),
            )
            rows.append(row)
            print(
                f"{row[0]:5.0f} {row[1]:9.1f} {row[2]:6.1f} {row[3]:6d} {row[4]:5d} "
                f"{row[5]:5d} {row[6]:6d} {row[7]:7d} {row[8]:8d} {state['captures']:8d}",
                flush=True,
            )

        def done(_result: object) -> None:
            state["captures"] += 1

        def refused(_error: BaseException) -> None:
            state["refused"] += 1

        def minute() -> None:
            n = state["minute"]
            machine = machines[n % len(machines)]
            if n % 5 == 4:
                call = ServiceCall(CaptureService.record_scrap, machine, scrap_reason, 1)
                context.capture(call, on_done=done, on_error=refused)
            else:
                note = ServiceCall(CaptureService.add_note, machine, f"soak minute {n}")
                context.capture(note, on_done=done, on_error=refused)
            if n % 60 == 0:
                window.open_screen(trends)
            elif n % 60 == 30:
                window.go_home()
            state["minute"] = n + 1
            if state["minute"] % 60 == 0:
                sample()
                if state["minute"] >= args.hours * 60:
                    app.quit()

        def begin() -> None:
            window.sign_in(operator)
            sample()
            ticker.start()

        ticker = QTimer()
        ticker.setInterval(minute_ms)
        ticker.timeout.connect(minute)
        context.store_worker.opened.connect(lambda _e: QTimer.singleShot(2000, begin))
        print(
            f"client soak: {args.hours} simulated hours of {args.hour_s:g} s; load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        print(" hour   RSS MiB  CPU %    fds py-th tasks timers qtimers  objects captures")
        app.exec()
        ticker.stop()
        summary(rows, state)
        # That the day was the whole client's: machines polled, trends built, records delivered.
        monitor = context.machine_monitor
        links = {m: link for m, (link, _why) in monitor.links.items()} if monitor else {}
        with sqlite3.connect(database) as region:
            delivered = region.execute("SELECT count(*) FROM records").fetchone()[0]
        print(f"machine links {links}; screens built {sorted(window.screens)}; ", end="")
        print(f"records at the regional server {delivered}")
        window.close()
        running.stop()
    finally:
        for process in (*presses, server):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def summary(rows: list[tuple[float, ...]], state: dict[str, float]) -> None:
    after_first = [r for r in rows if r[0] >= 1]
    rss = [r[1] for r in after_first]
    growth = slope(rss)
    print(
        f"captures confirmed {state['captures']:.0f}, refused {state['refused']:.0f}; "
        f"RSS after the first hour {rss[0]:.1f} MiB, at the end {rss[-1]:.1f} MiB, "
        f"peak {max(r[1] for r in rows):.1f} MiB"
    )
    print(f"RSS growth after the first hour: {growth:+.2f} MiB per simulated hour (goal <= 1)")
    for index, name in ((3, "open files"), (5, "threads"), (6, "QTimers"), (8, "Python objects")):
        values = [r[index] for r in after_first]
        print(f"{name}: {values[0]:.0f} after the first hour, {values[-1]:.0f} at the end")
    cpu = sorted(r[2] for r in after_first)
    print(f"CPU, median of the hours: {cpu[len(cpu) // 2]:.1f} % of one core (accelerated)")
    record(
        "client_soak",
        "RSS growth after the first hour, per simulated hour",
        growth,
        "MiB/h",
        baseline=rss[0],
        baseline_name="RSS after the first hour (MiB)",
    )
    record("client_soak", "peak RSS of the whole client", max(r[1] for r in rows), "MiB")
    for index, name in ((3, "open files"), (5, "threads"), (6, "QTimers")):
        values = [r[index] for r in after_first]
        record(
            "client_soak",
            f"{name} at the end",
            values[-1],
            "",
            baseline=values[0],
            baseline_name="after the first hour",
        )


if __name__ == "__main__":
    sys.exit(main())
