"""Shift summary over one year of history for one line, against a bare aggregate query.

Builds a store with a year of synthetic history for the demo line (two machines): downtime
events (mostly micro-stops, some named stops, some unnamed), scrap records, and one-minute
production count buckets - well over 500,000 records. Then, in the same run, times:

* the bare baseline: one GROUP BY over the shift's downtime plus the count sums (what a
  hand-written report query costs, with none of the rules);
* ``shift_summary`` for the last shift of the year, and for a shift half a year earlier;
* the same summary's event read done the naive way (``EventStore.events_between``), to show
  what the bounded index ranges of ``ShiftRecords.events_overlapping`` buy;
* the CI engineer's Pareto over the last 21 shifts.

    python benchmarks/shift_summary.py [runs]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.services.shift_summary import downtime_pareto, shift_summary
from operator_app.site_config import SiteConfig, load_site_config
from shopfloor_core.domain.catalogue import MICRO_STOP, bundled_catalogue
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, Source, first_revision
from shopfloor_core.revision_rows import revision_to_row
from shopfloor_core.standards.shift_calendar import calendar_of

# History up to the present hour, so the screen opens on a current shift full of data.
YEAR_END = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
DAYS = 365
STOPS_PER_DAY = 480  # per machine: micro-stops every few minutes, a named stop now and then
NAMED = ["EQP.MEC.JAM", "MAT.SHT", "OPS.ADJ", "FLW.STV", "EQP.ELE.SNS", "PLN.CHG.PRD", "OTH"]


def build(path: Path) -> int:
    site = load_site_config(demo_config_path())
    catalogue = bundled_catalogue()
    store = EventStore.open(path)
    db = store.db
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(2026)
    start = YEAR_END - timedelta(days=DAYS)
    revisions, events, counts = [], [], []
    columns: list[str] = []
    for machine in ("PRESS-1", "WELD-2"):
        cursor = start
        while cursor < YEAR_END:
            cursor += timedelta(seconds=rng.expovariate(STOPS_PER_DAY / 86400))
            roll = rng.random()
            if roll < 0.9:
                code, length = MICRO_STOP, timedelta(seconds=rng.uniform(3, 29))
            elif roll < 0.97:
                code, length = rng.choice(NAMED), timedelta(minutes=rng.uniform(2, 30))
            else:
                code, length = None, timedelta(minutes=rng.uniform(1, 10))
            rev = first_revision(
                kind=EventKind.DOWNTIME,
                machine_id=machine,
                start_utc=cursor,
                end_utc=cursor + length,
                reason_code=code,
                catalogue_version=catalogue.version if code else None,
                quantity=None,
                note="",
                source=Source.MACHINE,
                author=f"system:{machine}",
                recorded_utc=cursor,
                stamp=site.stamp,
            )
            row = revision_to_row(rev)
            columns = list(row)
            revisions.append(tuple(row.values()))
            events.append((*row.values(), row["recorded_utc"], row["author"]))
            cursor += length
            if rng.random() < 0.02:
                scrap = first_revision(
                    kind=EventKind.SCRAP,
                    machine_id=machine,
                    start_utc=cursor,
                    end_utc=cursor,
                    reason_code="SCR.SRF.SCR",
                    catalogue_version=catalogue.version,
                    quantity=rng.randint(1, 5),
                    note="",
                    source=Source.OPERATOR,
                    author="op-ana",
                    recorded_utc=cursor,
                    stamp=site.stamp,
                )
                row = revision_to_row(scrap)
                revisions.append(tuple(row.values()))
                events.append((*row.values(), row["recorded_utc"], row["author"]))
        minute = start
        while minute < YEAR_END:
            counts.append((machine, to_iso(minute), rng.randint(20, 28), rng.randint(0, 1)))
            minute += timedelta(minutes=1)
    marks = ",".join("?" * len(columns))
    with db.atomic():
        db.conn.executemany(
            f"INSERT INTO event_revisions ({','.join(columns)}) VALUES ({marks})", revisions
        )
        event_columns = [c for c in columns if c != "event_id"]
        db.conn.executemany(
            f"INSERT INTO events (event_id, {','.join(event_columns)}, created_utc, created_by) "
            f"VALUES ({marks}, ?, ?)",
            [(e[1], e[0], *e[2:]) for e in events],
        )
        db.conn.executemany(
            "INSERT INTO production_counts (machine_id, bucket_utc, good, reject) "
            "VALUES (?, ?, ?, ?)",
            counts,
        )
    db.execute("ANALYZE")
    store.close()
    return len(revisions) + len(events) + len(counts)


def timed(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    folder = Path(tempfile.mkdtemp(prefix="shift-bench-"))
    path = folder / "operator-app.sqlite3"
    began = time.perf_counter()
    records = build(path)
    print(
        f"built {records:,} records (revisions, events, count buckets) in "
        f"{time.perf_counter() - began:.0f} s, {path.stat().st_size / 1e6:.0f} MB"
    )
    site = replace(load_site_config(demo_config_path()), data_dir=folder)
    catalogue = bundled_catalogue()
    calendar = calendar_of(site)
    store = EventStore.open(path)
    last = calendar.latest_shifts(YEAR_END - timedelta(minutes=1), 1)[0]
    middle = calendar.latest_shifts(YEAR_END - timedelta(days=182), 1)[0]
    clock = lambda: YEAR_END  # noqa: E731

    def baseline(shift_start: datetime, shift_end: datetime) -> object:
        s, e = to_iso(shift_start), to_iso(shift_end)
        downtime = store.db.execute(
            "SELECT machine_id, reason_code, count(*), "
            "sum(julianday(min(end_utc, ?)) - julianday(max(start_utc, ?))) FROM events "
            "WHERE kind = 'downtime' AND voided = 0 AND start_utc >= ? AND start_utc < ? "
            "GROUP BY machine_id, reason_code",
            [e, s, s, e],
        ).fetchall()
        produced = [
            store.db.execute(
                "SELECT sum(good), sum(reject) FROM production_counts "
                "WHERE machine_id = ? AND bucket_utc >= ? AND bucket_utc < ?",
                [m.machine_id, s, e],
            ).fetchone()
            for m in site.machines
        ]
        return downtime, produced

    rows = []
    for label, shift in (("last shift of the year", last), ("a shift 182 days earlier", middle)):
        events = len(store.events_between(shift.start_utc, shift.end_utc))
        base = timed(lambda s=shift: baseline(s.start_utc, s.end_utc), runs)
        summary = timed(lambda s=shift: shift_summary(store, catalogue, site, s, clock=clock), runs)
        naive = timed(lambda s=shift: store.events_between(s.start_utc, s.end_utc), runs)
        rows.append((label, events, base, summary, naive))
    pareto = timed(
        lambda: downtime_pareto(
            store, catalogue, site, calendar.latest_shifts(YEAR_END, 21), clock=clock
        ),
        max(1, runs // 3),
    )
    store.close()
    print(f"median of {runs} runs, milliseconds")
    print(
        f"{'shift':<26}{'events':>8}{'baseline':>10}{'summary':>10}{'ratio':>7}{'naive read':>12}"
    )
    for label, events, base, summary, naive in rows:
        print(
            f"{label:<26}{events:>8}{base:>10.1f}{summary:>10.1f}{summary / base:>7.1f}"
            f"{naive:>12.1f}"
        )
    print(f"Pareto over 21 shifts: {pareto:.0f} ms")
    for label, _events, base, summary, _naive in rows:
        record(
            "shift_summary",
            f"{label} over a year of history",
            round(summary, 1),
            "ms",
            baseline=round(base, 1),
            baseline_name="bare aggregate query",
        )
    blocked, shown = screen_open(site)
    print(
        f"supervisor screen: GUI thread busy {blocked:.0f} ms building and showing it; "
        f"figures on screen after {shown:.0f} ms (computed on the store thread)"
    )
    record("shift_summary", "supervisor screen: GUI thread busy opening it", round(blocked), "ms")


def screen_open(site: SiteConfig) -> tuple[float, float]:
    """How long the GUI thread is held when the screen opens, and when its figures appear."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from operator_app.screens.app_context import AppContext
    from operator_app.screens.supervisor import SupervisorScreen
    from operator_app.workers.store_worker import StoreWorker

    app = QApplication.instance() or QApplication(sys.argv[:1])
    worker = StoreWorker(site.database_path)
    loop = QEventLoop()
    worker.opened.connect(lambda _e: loop.quit())
    loop.exec()
    context = AppContext(site, bundled_catalogue(), worker)
    context.sign_in(next(p for p in site.roster if p.role.value == "supervisor"))
    began = time.perf_counter()
    screen = SupervisorScreen(context)
    screen.resize(1280, 800)
    screen.show()
    blocked = time.perf_counter() - began
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if screen.summary is not None else None)
    timer.start(1)
    loop.exec()
    shown = time.perf_counter() - began
    screen.close()
    worker.stop()
    del app
    return blocked * 1000, shown * 1000


if __name__ == "__main__":
    main()
