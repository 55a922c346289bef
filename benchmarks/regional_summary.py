"""The regional summary over synced records, against a bare aggregate of the same numbers.

The reference server's store gets a month of two lines of one plant, as the line PCs push it:
four machines a line, a count report per machine every 15 minutes (15 one-minute buckets), and
about 40 stops a machine a day, each in two revisions (detected, then named), all through the
server's own checks (``store_records``). Then, median of 5:

- *bare aggregate*: the same counts and stop durations from flat, indexed tables
  (``SUM ... GROUP BY machine``), with no JSON, no revisions and no KPI rules: the floor for
  reading the numbers the summary needs.
- *summary*: ``regional_server.summary.summary`` for the plant, read from the rollups kept as
  the records were stored (``regional_server/rollups.py``), with the region's shift calendar.
- *recomputed*: the same summary worked out from the raw records (``from_records=True``): what
  every request cost before the rollups.

Then the region: the two lines' rollups (and the records near the windows' ends, which a
window not starting on the hour reads) copied by bulk ``INSERT ... SELECT`` into 500 lines of
50 plants, and the region's summary over 31 days (whole hours) and over the last 24 hours (not
on the hour), against a bare ``SUM ... GROUP BY`` over the daily rollup table for the same
31 days: the floor for reading those rows.

    python benchmarks/regional_summary.py [days] [region lines] [database URL]

Without a URL the store is a SQLite file in a temporary folder; with a ``postgresql://`` URL
(an empty database) the same run goes to PostgreSQL.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from regional_server import bundles, tokens
from regional_server.database import POSTGRESQL, Connection, Connections, database_url
from regional_server.line_figures import FIELDS
from regional_server.records import Incoming, store_records
from regional_server.summary import summary, summing_statement
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id

MACHINES = ("PRESS-1", "PRESS-2", "WELD-1", "PACK-1")
LINES = ("L1", "L2")
REASONS = ("EQP.MEC.JAM", "MAT.SHT", "PLN.CHG.PRD", "OPS.NOP", "EQP.ELE.SNS")
STOPS_A_DAY = 40
REPEATS = 5
ROOT = Path(__file__).resolve().parents[1]


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
    return timed_both(fn)[0]


def timed_both(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Medians of wall time and of this process's CPU time: on a loaded machine the CPU time
    (SQLite's reads included, PostgreSQL's server not) moves far less than the wall time."""
    runs, cpu = [], []
    for _ in range(REPEATS):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(runs), statistics.median(cpu)


def region_of(conn: Connection, lines: int, end: datetime, days: int) -> int:
    """Copy the two lines' rollups into ``lines`` lines of ten-line plants (bulk, in SQL).

    Also copied: the stops and count reports the windows' ends read (the last 25 hours, and an
    hour either side of the month's start), so those reads find what a real region holds.
    """
    copies = (lines - len(LINES)) // len(LINES)
    conn.execute("CREATE TEMP TABLE copies (n INTEGER, plant TEXT, suffix TEXT)")
    insert_many(
        conn,
        "INSERT INTO copies VALUES (?, ?, ?)",
        [(n, f"P{n // 5:02d}", f"-{n % 5}") for n in range(copies)],
    )
    conn.execute("BEGIN")
    for table in ("rollup_hours", "rollup_days"):
        rest = ", ".join(["machine", "period_utc", *FIELDS])
        conn.execute(
            f"INSERT INTO {table} (plant, line, {rest}) SELECT copies.plant, "
            f"t.line || copies.suffix, {rest} FROM {table} t, copies WHERE t.plant = 'VAL'"
        )
    for table in ("rollup_reason_hours", "rollup_reason_days"):
        conn.execute(
            f"INSERT INTO {table} (plant, line, period_utc, reason, seconds_us) SELECT "
            f"copies.plant, t.line || copies.suffix, period_utc, reason, seconds_us "
            f"FROM {table} t, copies WHERE t.plant = 'VAL'"
        )
    for table, column in (("rollup_machines", "machine"), ("rollup_reasons", "reason")):
        conn.execute(
            f"INSERT INTO {table} (plant, line, {column}) SELECT copies.plant, "
            f"t.line || copies.suffix, {column} FROM {table} t, copies WHERE t.plant = 'VAL'"
        )
    conn.execute(
        "INSERT INTO line_extent SELECT copies.plant, t.line || copies.suffix, "
        "longest_head_us, longest_report_us FROM line_extent t, copies"
    )
    near = [
        to_iso(end - timedelta(hours=25)),
        to_iso(end + timedelta(hours=1)),
        to_iso(end - timedelta(days=days, hours=1)),
        to_iso(end - timedelta(days=days) + timedelta(hours=2)),
    ]
    conn.execute(
        "INSERT INTO event_heads SELECT copies.plant, t.line || copies.suffix, event_id, seq, "
        "start_utc, end_utc, payload FROM event_heads t, copies WHERE "
        "(end_utc >= ? AND end_utc < ?) OR (end_utc >= ? AND end_utc < ?)",
        near,
    )
    conn.execute(
        "INSERT INTO records (record_id, kind, plant, area, line, device, payload, digest, "
        "received_utc, token_id, start_utc, end_utc) SELECT record_id || copies.n, kind, "
        "copies.plant, area, t.line || copies.suffix, device, payload, digest, received_utc, "
        "token_id, start_utc, end_utc FROM records t, copies WHERE kind = 'production_count' "
        "AND ((end_utc >= ? AND end_utc < ?) OR (end_utc >= ? AND end_utc < ?))",
        near,
    )
    conn.execute(
        "INSERT INTO tokens (token_id, digest, role, plant, area, line, device, issued_utc, "
        "expires_utc) SELECT t.token_id || copies.n, t.digest || copies.n, role, copies.plant, "
        "area, t.line || copies.suffix, device, issued_utc, expires_utc FROM tokens t, copies "
        "WHERE role = 'device'"
    )
    conn.execute("COMMIT")
    return copies * len(LINES) + len(LINES)


def bare_rollups(conn: Connection, start: datetime, end: datetime) -> int:
    """The floor: the window's rollup rows (whole days from the daily table, the hours either
    side from the hourly one) summed per machine, nothing worked out; read as the summary reads
    them (per machine listed on SQLite, one range of the period index on PostgreSQL)."""
    first = (start + timedelta(hours=23, minutes=59)).replace(hour=0, minute=0)
    last = end.replace(hour=0, minute=0)
    sums = "sum(r.good), sum(r.plc_reject), sum(r.down_us), sum(r.planned_down_us), sum(r.scrap)"
    good = 0
    for table, low, high in (
        ("rollup_days", first, last),
        ("rollup_hours", start, min(first, end)),
        ("rollup_hours", max(last, first), end),
    ):
        if high <= low:
            continue
        sql = summing_statement(conn, table, "machine", sums, "")
        rows = conn.execute(sql, [to_iso(low), to_iso(high)]).fetchall()
        good += sum(int(r[3]) for r in rows)
    return good


def insert_many(conn: Connection, sql: str, rows: list[tuple[object, ...]]) -> None:
    """Bulk inserts of the floor's rows, through the driver under the server's connection."""
    if conn.dialect == POSTGRESQL:
        with conn.raw.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.executemany(sql.replace("?", "%s"), rows)
    else:
        conn.raw.executemany(sql, rows)  # type: ignore[union-attr]


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 31
    region_lines = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    rng = random.Random(22400)
    # On the hour: a window ending now starts on the hour too, and is whole hours.
    end = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    calendar = json.loads(
        (ROOT / "shopfloor_core" / "standards" / "shift_calendar.json").read_text("utf-8")
    )
    with tempfile.TemporaryDirectory(prefix="regional-summary-") as name:
        url = database_url(sys.argv[3] if len(sys.argv) > 3 else Path(name) / "region.sqlite3")
        connections = Connections(url)
        with connections.read() as conn:  # this thread's one connection, throughout
            with connections.write() as tx:
                bundles.publish(tx, region_bundle(calendar | {"zone": "Europe/Madrid"}))
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
                    answers = store_records(tx, who, records, end)
                    insert_many(tx, "INSERT INTO flat_counts VALUES (?, ?, ?, ?, ?)", counts)
                    insert_many(tx, "INSERT INTO flat_stops VALUES (?, ?, ?, ?, ?)", stops)
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
                again = summary(conn, start, end, end, plant="VAL", from_records=True)
                good, _down = bare(conn, start, end)
                assert sum(entry["good_count"] for entry in lines) == good, (
                    "summary and floor differ"
                )
                for ours_line, raw_line in zip(lines, again, strict=True):
                    assert ours_line["downtime_s"] == raw_line["downtime_s"], "rollups differ"
                ours = timed(lambda s=start: summary(conn, s, end, end, plant="VAL"))
                raw = timed(
                    lambda s=start: summary(conn, s, end, end, plant="VAL", from_records=True)
                )
                floor = timed(lambda s=start: bare(conn, s, end))
                figures[label] = (ours, raw, floor)

            began = time.perf_counter()
            region = region_of(conn, region_lines, end, days)
            conn.execute("ANALYZE")
            copy_s = time.perf_counter() - began
            month = end - timedelta(days=days)
            answer = summary(conn, month, end, end)
            assert len(answer) == region, (len(answer), region)
            assert sum(e["good_count"] for e in answer) == bare_rollups(conn, month, end)
            region_month, month_cpu = timed_both(lambda: summary(conn, month, end, end))
            region_floor, floor_cpu = timed_both(lambda: bare_rollups(conn, month, end))
            later = end + timedelta(minutes=17)  # a window ending off the hour
            region_day = timed(lambda: summary(conn, later - timedelta(days=1), later, later))
        on = "" if connections.dialect != POSTGRESQL else ", PostgreSQL"
        connections.close()

    print(
        f"{len(LINES)} lines x {len(MACHINES)} machines, {days} days: {total:,} records "
        f"stored through the server's checks and rollups at {total / load_s:,.0f}/s"
    )
    for label, (ours, raw, floor) in figures.items():
        print(
            f"summary of the plant over the {label}: {ours * 1000:,.1f} ms from rollups; "
            f"{raw * 1000:,.1f} ms recomputed from the records; bare aggregate "
            f"{floor * 1000:,.1f} ms; ratio to bare {ours / floor:.1f}"
        )
        record(
            "regional_summary",
            f"plant summary over the {label} ({len(LINES)} lines, rollups{on})",
            round(ours * 1000, 1),
            "ms",
            baseline=round(raw * 1000, 1),
            baseline_name="the same summary recomputed from the raw records",
        )
    print(
        f"region of {region} lines ({region // 10} plants{on}), rollups copied in {copy_s:.1f} s: "
        f"summary over {days} days {region_month * 1000:,.1f} ms; bare SUM over the daily "
        f"rollups {region_floor * 1000:,.1f} ms; ratio {region_month / region_floor:.1f}; "
        f"last 24 h off the hour {region_day * 1000:,.1f} ms; recomputing from the records "
        f"would take about {figures[f'{days} days'][1] / len(LINES) * region:,.1f} s"
    )
    print(
        f"CPU time of this process: summary over {days} days {month_cpu * 1000:,.1f} ms; bare "
        f"SUM {floor_cpu * 1000:,.1f} ms"
    )
    record(
        "regional_summary",
        f"region summary over {days} days ({region} lines, rollups{on})",
        round(region_month * 1000, 1),
        "ms",
        baseline=round(region_floor * 1000, 1),
        baseline_name="bare SUM ... GROUP BY over the daily rollup rows",
    )


def region_bundle(calendar: dict[str, object]) -> dict[str, object]:
    """The region's standards as the client ships them, with the plants' zone."""
    standards = ROOT / "shopfloor_core" / "standards"
    return {
        "catalogue": json.loads((standards / "catalogue.json").read_text("utf-8")),
        "roster": [],
        "workflows": json.loads((standards / "workflows.json").read_text("utf-8")),
        "shift_calendar": calendar,
        "targets": {},
        "modules": {},
    }


if __name__ == "__main__":
    main()
