"""The regional summary over synced records, against a bare aggregate of the same numbers.

The reference server's store gets a month of two lines of one plant, as the line PCs push it:
four machines a line, a count report per machine every 15 minutes (15 one-minute buckets), and
about 40 stops a machine a day, each in two revisions (detected, then named), all through the
server's own checks (``store_records``). Then, median of 5:

- *bare aggregate*: the same counts and stop durations from flat, indexed tables
  (``SUM ... GROUP BY machine``), with no JSON, no revisions and no KPI rules: the floor for
  reading the numbers the summary needs.
- *summary*: ``regional_server.summary.summary`` for the plant: newest revision of each event,
  the catalogue's loss buckets, count reports opened with ``json_each``, ISO 22400 figures.

    python benchmarks/regional_summary.py [days]
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from regional_server import tokens
from regional_server.database import Connection, Connections
from regional_server.records import Incoming, store_records
from regional_server.summary import summary
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id

MACHINES = ("PRESS-1", "PRESS-2", "WELD-1", "PACK-1")
LINES = ("L1", "L2")
REASONS = ("EQP.MEC.JAM", "MAT.SHT", "PLN.CHG.PRD", "OPS.NOP", "EQP.ELE.SNS")
STOPS_A_DAY = 40
REPEATS = 5


def month_of(line: str, days: int, end: datetime, rng: random.Random) -> tuple[list, list, list]:
    """Records as pushed, and the flat rows of the same counts and stops."""
    records: list[Incoming] = []
    counts: list[tuple[str, str, str, int, int]] = []
    stops: list[tuple[str, str, str, str, float]] = []
    start = end - timedelta(days=days)
    for machine in MACHINES:
        at = start
        while at < end:
            buckets = []
            for minute in range(15):
                bucket = to_iso(at + timedelta(minutes=minute))
                good, reject = rng.randint(15, 30), rng.choice((0, 0, 0, 1))
                buckets.append({"bucket_utc": bucket, "good": good, "reject": reject})
                counts.append((line, machine, bucket, good, reject))
            report = new_id()
            payload = {
                "report_id": report,
                "machine_id": machine,
                "ideal_cycle_time_s": 2.0,
                "buckets": buckets,
            }
            records.append(Incoming("production_count", report, payload))
            at += timedelta(minutes=15)
        for _ in range(STOPS_A_DAY * days):
            begin = start + timedelta(seconds=rng.uniform(0, days * 86400 - 900))
            finish = begin + timedelta(seconds=rng.uniform(60, 600))
            event = new_id()
            reason = rng.choice(REASONS)
            for seq, code in ((1, None), (2, reason)):
                revision = {
                    "revision_id": new_id(),
                    "event_id": event,
                    "seq": seq,
                    "kind": "downtime",
                    "machine_id": machine,
                    "start_utc": to_iso(begin),
                    "end_utc": to_iso(finish),
                    "reason_code": code,
                    "catalogue_version": "2026.11-R1",
                    "quantity": None,
                    "note": "",
                    "source": "machine",
                    "change": "created" if seq == 1 else "categorized",
                    "why": "",
                    "zone": "Europe/Madrid",
                    "recorded_utc": to_iso(finish),
                    "author": "system:" + machine,
                    "device": f"{line}-PC",
                    "plant": "VAL",
                    "area": "ASSEMBLY",
                    "line": line,
                    "voided": False,
                }
                records.append(Incoming("event_revision", revision["revision_id"], revision))
            stops.append((line, machine, to_iso(begin), to_iso(finish), (finish - begin).seconds))
    return records, counts, stops


def bare(conn, start: datetime, end: datetime) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    low, high = to_iso(start), to_iso(end)
    good = 0
    down = 0.0
    for line in LINES:
        for _machine, g, _r in conn.execute(
            "SELECT machine, sum(good), sum(reject) FROM flat_counts "
            "WHERE line = ? AND bucket_utc >= ? AND bucket_utc < ? GROUP BY machine",
            [line, low, high],
        ):
            good += g
        down += conn.execute(
            "SELECT coalesce(sum(seconds), 0) FROM flat_stops "
            "WHERE line = ? AND start_utc < ? AND end_utc > ?",
            [line, high, low],
        ).fetchone()[0]
    return good, down


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def sqlite_of(conn: Connection) -> sqlite3.Connection:
    """The SQLite connection under the server's, for bulk inserts of the floor's rows."""
    assert isinstance(conn.raw, sqlite3.Connection)
    return conn.raw


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    rng = random.Random(22400)
    end = datetime.now(UTC).replace(second=0, microsecond=0)
    with tempfile.TemporaryDirectory(prefix="regional-summary-") as name:
        connections = Connections(Path(name) / "region.sqlite3")
        with connections.read() as conn:  # SQLite: this thread's one connection
            conn.execute(
                "CREATE TABLE flat_counts (line TEXT, machine TEXT, bucket_utc TEXT, good INT, "
                "reject INT)"
            )
            conn.execute("CREATE INDEX flat_counts_line ON flat_counts(line, bucket_utc)")
            conn.execute(
                "CREATE TABLE flat_stops (line TEXT, machine TEXT, start_utc TEXT, end_utc TEXT, "
                "seconds REAL)"
            )
            conn.execute("CREATE INDEX flat_stops_line ON flat_stops(line, start_utc)")
            total = 0
            began = time.perf_counter()
            for line in LINES:
                with connections.write() as tx:
                    _, who = tokens.issue(
                        tx,
                        role=tokens.DEVICE,
                        plant="VAL",
                        area="ASSEMBLY",
                        line=line,
                        device=f"{line}-PC",
                    )
                records, counts, stops = month_of(line, days, end, rng)
                with connections.write() as tx:
                    answers = store_records(tx, who, records)
                    sqlite_of(tx).executemany(
                        "INSERT INTO flat_counts VALUES (?, ?, ?, ?, ?)", counts
                    )
                    sqlite_of(tx).executemany(
                        "INSERT INTO flat_stops VALUES (?, ?, ?, ?, ?)", stops
                    )
                refused = [a for a in answers if a.outcome.value != "accepted"]
                assert not refused, refused[:3]
                total += len(records)
            load_s = time.perf_counter() - began
            conn.execute("ANALYZE")

            figures = {}
            for label, span in (
                ("last 24 h", timedelta(days=1)),
                (f"{days} days", timedelta(days=days)),
            ):
                start = end - span
                lines = summary(conn, start, end, end, plant="VAL")
                good, _down = bare(conn, start, end)
                assert sum(entry["good_count"] for entry in lines) == good, (
                    "summary and floor differ"
                )
                ours = timed(lambda s=start: summary(conn, s, end, end, plant="VAL"))
                floor = timed(lambda s=start: bare(conn, s, end))
                figures[label] = (ours, floor)
        connections.close()

    print(
        f"{len(LINES)} lines x {len(MACHINES)} machines, {days} days: {total:,} records "
        f"stored through the server's checks at {total / load_s:,.0f}/s"
    )
    for label, (ours, floor) in figures.items():
        print(
            f"summary of the plant over the {label}: {ours * 1000:,.1f} ms; bare aggregate "
            f"{floor * 1000:,.1f} ms; ratio {ours / floor:.1f}"
        )
        record(
            "regional_summary",
            f"plant summary over the {label} ({len(LINES)} lines, synced records)",
            round(ours * 1000, 1),
            "ms",
            baseline=round(floor * 1000, 1),
            baseline_name="bare aggregate of the same counts and stops",
        )


if __name__ == "__main__":
    main()
