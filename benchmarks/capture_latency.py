"""Tap-to-durable capture latency: ``CaptureService`` against a bare SQLite insert, same run.

Both write to a real SQLite file of the store's own schema (its indexes and triggers) in the same
folder, with the same durability: WAL, ``synchronous=FULL``, one write transaction per capture
taken with ``BEGIN IMMEDIATE``, so each waits for its fsync. The baseline writes the same three
rows a capture writes (the revision, the event's current state, the outbox entry) with plain
prepared SQL and nothing else: the floor for a durable capture in this schema. A one-row
insert into a bare table would be a floor for a different, cheaper write; the service is judged
against the rows it has to write. A capture through the service also checks permission,
catalogue and timeline and reads what it decides on, inside the same transaction. Alternating
blocks, so both meet the same disk weather.

    python benchmarks/capture_latency.py [captures]
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from local_store import EventStore, open_database
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.roster import Person, Role

BLOCK = 50
OPERATOR = Person("op-bench", "Bench", Role.OPERATOR, None, None)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bare_insert(path: Path) -> Callable[[], None]:
    """The three rows of a scrap capture, as plain SQL on a store of the same schema."""
    open_database(path).conn.close()  # the store's schema, indexes and triggers
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    row = {
        "revision_id": "",
        "event_id": "",
        "seq": 1,
        "kind": "scrap",
        "machine_id": "PRESS-1",
        "start_utc": "2026-11-28T10:00:00.000Z",
        "end_utc": "2026-11-28T10:00:00.000Z",
        "reason_code": "SCR.MAT",
        "catalogue_version": "2026.11-R1",
        "quantity": 1,
        "note": "",
        "source": "operator",
        "author": "op-bench",
        "recorded_utc": "2026-11-28T10:00:00.000Z",
        "change": "created",
        "why": "",
        "device": "LINE1-PC",
        "plant": "VAL",
        "area": "ASSEMBLY",
        "line": "L1",
        "zone": "Europe/Madrid",
        "voided": 0,
    }
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    revision_sql = f"INSERT INTO event_revisions ({names}) VALUES ({marks})"
    event_sql = (
        f"INSERT INTO events ({names}, created_utc, created_by) VALUES ({marks}, ?, ?) "
        "ON CONFLICT(event_id) DO UPDATE SET "
        + ", ".join(f"{k} = excluded.{k}" for k in row if k != "event_id")
    )
    outbox_sql = (
        "INSERT INTO outbox (record_kind, record_id, payload, enqueued_utc) VALUES (?, ?, ?, ?)"
    )

    def tap() -> None:
        row["revision_id"] = row["event_id"] = new_id()
        values = list(row.values())
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(revision_sql, values)
        conn.execute(event_sql, [*values, row["recorded_utc"], row["author"]])
        conn.execute(
            outbox_sql,
            ["event_revision", row["revision_id"], json.dumps(row), row["recorded_utc"]],
        )
        conn.execute("COMMIT")

    return tap


def service_capture(folder: Path) -> Callable[[], None]:
    site = replace(load_site_config(demo_config_path()), data_dir=folder)
    capture = CaptureService(EventStore.open(site.database_path), bundled_catalogue(), site)
    machines = [m.machine_id for m in site.machines]
    turn = [0]

    def tap() -> None:
        # A realistic mix: a scrap, a downtime start, its reason, its end.
        n = turn[0]
        turn[0] += 1
        machine = machines[n % 2]
        step = (n // 2) % 4
        if step == 0:
            capture.record_scrap(OPERATOR, machine, "SCR.MAT", 1)
            return
        open_now = capture.store.open_downtimes(machine)
        if not open_now:
            capture.start_downtime(OPERATOR, machine)
        elif open_now[0].reason_code is None:
            capture.categorize(OPERATOR, open_now[0].event_id, "EQP.MEC.JAM")
        else:
            capture.end_downtime(OPERATOR, open_now[0].event_id)

    return tap


def timed(action: Callable[[], None], samples: list[float]) -> None:
    began = time.perf_counter()
    action()
    samples.append((time.perf_counter() - began) * 1000)


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    folder = Path(tempfile.mkdtemp(prefix="capture-bench-"))
    try:
        bare, ours = bare_insert(folder / "bare.sqlite3"), service_capture(folder)
        for action in (bare, ours):  # warm up: files created, caches filled
            for _ in range(20):
                action()
        bare_ms: list[float] = []
        ours_ms: list[float] = []
        while len(ours_ms) < total:
            for _ in range(BLOCK):
                timed(bare, bare_ms)
            for _ in range(BLOCK):
                timed(ours, ours_ms)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{total} captures each, WAL + synchronous=FULL, one transaction per capture")
    print(f"{'':34}{'p50 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    rows = (("bare insert, same 3 rows (baseline)", bare_ms), ("CaptureService capture", ours_ms))
    for name, samples in rows:
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        print(f"{name:34}{p50:9.2f}{p99:9.2f}{statistics.fmean(samples):9.2f}")
    for p in (50, 99):
        ratio = percentile(ours_ms, p) / percentile(bare_ms, p)
        print(f"ratio p{p} service / bare: {ratio:.2f}")
        record(
            "capture_latency",
            f"tap to durable, p{p}",
            percentile(ours_ms, p),
            "ms",
            baseline=percentile(bare_ms, p),
            baseline_name="bare insert of the same 3 rows, same durability",
        )


if __name__ == "__main__":
    main()
