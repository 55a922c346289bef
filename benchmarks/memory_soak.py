"""Memory after an accelerated day of running: captures and store queries in a loop.

A day of a busy line compressed into minutes: on each of the demo line's machines, downtimes
started, categorized and ended, scrap and notes, with the screens' store queries in between
(open and uncategorized downtimes, recent events, the shift's events, status). The clock is
injected and runs a day forward. Resident memory is sampled along the way; after warm-up it
must stay flat. The baseline is the same process's memory after the warm-up hour.

    python benchmarks/memory_soak.py [simulated hours]
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role

OPERATOR = Person("op-soak", "Soak", Role.OPERATOR, None, None)
STEP = timedelta(seconds=20)  # one operator action every 20 s on the line: a busy day
REASONS = ("EQP.MEC.JAM", "PLN.CHG.PRD", "MAT.SHT", "OPS.ADJ", "FLW.STV")


def rss_mib() -> float:
    """Resident set size now (not the peak), from /proc; the peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def one_action(capture: CaptureService, store: EventStore, n: int, clock: Clock) -> None:
    machine = capture.site.machines[n % len(capture.site.machines)].machine_id
    if n % 7 == 3:
        capture.record_scrap(OPERATOR, machine, "SCR.MAT", 1 + n % 5)
    elif n % 29 == 11:
        capture.add_note(OPERATOR, machine, f"note {n}")
    else:
        open_now = store.open_downtimes(machine)
        if not open_now:
            capture.start_downtime(OPERATOR, machine)
        elif open_now[0].reason_code is None:
            capture.categorize(OPERATOR, open_now[0].event_id, REASONS[n % len(REASONS)])
        else:
            capture.end_downtime(OPERATOR, open_now[0].event_id)
    # What the screens ask the store thread between taps.
    store.uncategorized_downtimes()
    store.recent_events(50)
    store.events_between(clock.now - timedelta(hours=8), clock.now)
    if n % 180 == 0:
        store.status()


def main() -> None:
    hours = float(sys.argv[1]) if len(sys.argv) > 1 else 24
    folder = Path(tempfile.mkdtemp(prefix="memory-soak-"))
    site = replace(load_site_config(demo_config_path()), data_dir=folder)
    clock = Clock(datetime(2026, 11, 5, 6, 0, tzinfo=UTC))
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, bundled_catalogue(), site, clock=clock)
    actions = int(timedelta(hours=hours) / STEP)
    warm_up = int(timedelta(hours=1) / STEP)
    samples: list[tuple[float, float]] = []  # (simulated hour, RSS MiB)
    began = time.perf_counter()
    try:
        for n in range(actions):
            clock.now += STEP
            one_action(capture, store, n, clock)
            if n % max(actions // 24, 1) == 0 or n == warm_up:
                gc.collect()
                samples.append(((n + 1) * STEP / timedelta(hours=1), rss_mib()))
        gc.collect()
        samples.append((hours, rss_mib()))
        records = store.db.execute("SELECT count(*) FROM event_revisions").fetchone()[0]
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.perf_counter() - began
    after_warm_up = next(rss for hour, rss in samples if hour >= 1)
    end = samples[-1][1]
    second_half = [rss for hour, rss in samples if hour >= hours / 2]
    print(f"{hours:g} simulated hours, {actions} actions, {records} revisions, {elapsed:.0f} s")
    print("simulated hour -> RSS MiB: " + ", ".join(f"{h:.0f}h {r:.1f}" for h, r in samples))
    print(f"RSS after warm-up hour: {after_warm_up:.1f} MiB, at the end: {end:.1f} MiB")
    print(
        f"growth after warm-up: {end - after_warm_up:+.1f} MiB; "
        f"second half of the day: {max(second_half) - min(second_half):.1f} MiB range"
    )
    record(
        "memory_soak",
        f"RSS after {hours:g} h of captures and queries",
        end,
        "MiB",
        baseline=after_warm_up,
        baseline_name="same process after the warm-up hour",
    )


if __name__ == "__main__":
    main()
