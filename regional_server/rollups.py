"""Rollups: each line's totals per machine and hour (and day), kept as records arrive.

``rollup_hours`` and ``rollup_days`` hold, per (plant, line, machine, period), the event figures
(events started, stops, planned and unplanned downtime in microseconds, scrap) and the count
figures (good, PLC rejects, buckets, ideal-time-weighted parts); ``rollup_reason_hours`` and
``rollup_reason_days`` the downtime per reason code ('' for none) per line. They are written in
the transaction that stores the records, so the summary reads sums of a few rows per line.

- **Counts** are additive: each stored bucket adds to its hour and day (``INSERT ... ON CONFLICT
  DO UPDATE SET good = good + excluded.good``). A duplicate is never stored, so never counted.
- **Events** are not: a stop's minutes go to the first reason that takes them (calendar,
  planned, unplanned; see ``kpi.machine_kpi``), and a correction moves a stop or changes its
  reason. So the line-hours a new head touches, and those its previous head touched, are
  worked out again from the heads (``line_figures.event_totals``) and the difference with
  what the rollup held is added to the hour and its day: the rollup of an hour always equals
  a recomputation of that hour from the records. On PostgreSQL a transaction that changes a
  line's heads holds that line's advisory lock, so two pushes never interleave their reading
  of the old heads with the other's writing; the additive upserts never lose a count.
- A stop still going has no end yet: it adds nothing to the time figures until it ends, and
  the summary works the hours from its start onwards out from the heads.

The figures depend on the plant's catalogue and calendar; when a bundle changes either, the
plant's event figures are rebuilt from the heads kept (``refresh_rules``). Rollups stand alone:
they keep no reference to a record, so retention may delete raw records and keep them.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from regional_server.database import POSTGRESQL, Connection, portable
from regional_server.line_figures import (
    FIELDS,
    MICROSECOND,
    LineTotals,
    MachineTotals,
    Skipped,
    add_buckets,
    event_totals,
    extent,
    rate,
    readable_heads,
)
from regional_server.site_rules import PlantRules, RulesCache
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import EventKind, EventRevision

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
ROWS_A_STATEMENT = 500
# Hours further apart than this are worked out from separate reads of the heads.
HOURS_READ_TOGETHER = 48
# Advisory locks of lines: a second key space beside the migration lock's.
LINE_LOCK_SPACE = 0x726F6C6C  # "roll"
EVENT_LOCK_SPACE = 0x68656164  # "head"
TIME_FIELDS = ("planned_down_us", "down_us")


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_of(moment: datetime) -> datetime:
    return hour_of(moment).replace(hour=0)


# -- schema -------------------------------------------------------------------------------------
def create(conn: Connection) -> None:
    real = "DOUBLE PRECISION" if conn.dialect == POSTGRESQL else "REAL"
    # Keyed by period first: a window's rows lie together, read in one range of the key
    # (SQLite stores the table in its key's order).
    without_rowid = "" if conn.dialect == POSTGRESQL else ", WITHOUT ROWID"
    for table in ("rollup_hours", "rollup_days"):
        portable(
            conn,
            f"""
            CREATE TABLE {table} (
                plant TEXT NOT NULL, line TEXT NOT NULL, machine TEXT NOT NULL,
                period_utc TEXT NOT NULL,
                events INTEGER NOT NULL DEFAULT 0, stops INTEGER NOT NULL DEFAULT 0,
                planned_down_us INTEGER NOT NULL DEFAULT 0,
                down_us INTEGER NOT NULL DEFAULT 0, scrap INTEGER NOT NULL DEFAULT 0,
                good INTEGER NOT NULL DEFAULT 0, plc_reject INTEGER NOT NULL DEFAULT 0,
                buckets INTEGER NOT NULL DEFAULT 0, ideal_time_s {real} NOT NULL DEFAULT 0,
                rated_parts INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (period_utc, plant, line, machine)
            ) STRICT
            """
            + without_rowid,
        )
    for table in ("rollup_reason_hours", "rollup_reason_days"):
        portable(
            conn,
            f"""
            CREATE TABLE {table} (
                plant TEXT NOT NULL, line TEXT NOT NULL, period_utc TEXT NOT NULL,
                reason TEXT NOT NULL, seconds_us INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (period_utc, plant, line, reason)
            ) STRICT
            """
            + without_rowid,
        )
    for table in ("rollup_product_hours", "rollup_product_days"):
        portable(
            conn,
            f"""
            CREATE TABLE {table} (
                period_utc TEXT NOT NULL, plant TEXT NOT NULL, line TEXT NOT NULL,
                product_code TEXT NOT NULL, good INTEGER NOT NULL DEFAULT 0,
                reject INTEGER NOT NULL DEFAULT 0, ideal_time_s {real} NOT NULL DEFAULT 0,
                PRIMARY KEY (period_utc, plant, line, product_code)
            ) STRICT
            """
            + without_rowid,
        )
    portable(
        conn,
        """
        CREATE TABLE line_extent (
            plant TEXT NOT NULL, line TEXT NOT NULL,
            longest_head_us INTEGER NOT NULL DEFAULT 0,
            longest_report_us INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (plant, line)
        ) STRICT
        """,
    )
    portable(
        conn,
        "CREATE TABLE rollup_rules (plant TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) STRICT",
    )
    portable(
        conn,
        """
        CREATE TABLE rollup_skipped (
            plant TEXT NOT NULL, line TEXT NOT NULL, period_utc TEXT NOT NULL,
            record_kind TEXT NOT NULL, record_id TEXT NOT NULL, reason TEXT NOT NULL,
            PRIMARY KEY (plant, line, record_kind, record_id)
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_rollup_skipped_period ON rollup_skipped(period_utc, plant)")
    # The summary finds a line's stops still going without reading its ended ones.
    conn.execute(
        "CREATE INDEX idx_event_heads_open ON event_heads(plant, line, start_utc) "
        "WHERE end_utc IS NULL"
    )


def backfill(conn: Connection) -> None:
    """Roll up every stored record (a server upgraded in place); inside the migration."""
    reports = conn.execute(
        "SELECT plant, line, payload, start_utc, end_utc FROM records "
        "WHERE kind = 'production_count' ORDER BY cursor"
    ).fetchall()
    by_line: dict[tuple[str, str], list[tuple[dict[str, Any], str, str]]] = defaultdict(list)
    for plant, line, payload, start, end in reports:
        by_line[(plant, line)].append((json.loads(payload), start, end))
    # Run by the migration that made the rollups, before the one that lists their keys.
    listed = _keys_listed(conn)
    for (plant, line), found in by_line.items():
        add(conn, plant, line, count_deltas(conn, plant, line, found), list_keys=listed)
    rules = RulesCache(conn)
    for plant, line in conn.execute("SELECT DISTINCT plant, line FROM event_heads").fetchall():
        rebuild_line(conn, plant, line, rules(plant), with_counts_of_heads=True, list_keys=listed)
    for (plant,) in conn.execute("SELECT DISTINCT plant FROM tokens").fetchall():
        _remember_rules(conn, plant, rules(plant).fingerprint)


# Tables keyed by line and what they are summed per, then the period (``rekey``), and the
# keys each holds: a window's sums are read per key, in key order, with no sort.
KEYED = (
    ("rollup_hours", "machine", "rollup_machines"),
    ("rollup_days", "machine", "rollup_machines"),
    ("rollup_reason_hours", "reason", "rollup_reasons"),
    ("rollup_reason_days", "reason", "rollup_reasons"),
)


def rekey(conn: Connection) -> None:
    """Key the machine and reason rollups by (plant, line, machine or reason, period) and list
    their keys (``rollup_machines``, ``rollup_reasons``); inside the migration.

    Keyed by period first, a region's window was one range of rows but had to be sorted to be
    summed per machine (SQLite sorts to group): two thirds of the time of a region's summary.
    Keyed by machine first and read per machine listed, the rows come in group order. An index
    by period keeps the reads by period (a push's hours, the dashboards' Pareto) as they were.
    """
    without_rowid = "" if conn.dialect == POSTGRESQL else ", WITHOUT ROWID"
    for driver, column in (("rollup_machines", "machine"), ("rollup_reasons", "reason")):
        portable(
            conn,
            f"CREATE TABLE IF NOT EXISTS {driver} (plant TEXT NOT NULL, line TEXT NOT NULL, "
            f"{column} TEXT NOT NULL, PRIMARY KEY (plant, line, {column})) STRICT" + without_rowid,
        )
    for table, column, driver in KEYED:
        key = f"plant, line, {column}, period_utc"
        if conn.dialect == POSTGRESQL:
            conn.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey, ADD CONSTRAINT "
                f"{table}_pkey PRIMARY KEY ({key})"
            )
        else:
            ddl = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
            ).fetchone()[0]
            old_key = ddl[ddl.index("PRIMARY KEY") : ddl.index(")", ddl.index("PRIMARY KEY")) + 1]
            # The name as written, quoted or not (a renamed table's is quoted).
            named = re.sub(rf'^CREATE TABLE\s+"?{table}"?', f"CREATE TABLE {table}_rekeyed", ddl)
            conn.execute(named.replace(old_key, f"PRIMARY KEY ({key})"))
            conn.execute(f"INSERT INTO {table}_rekeyed SELECT * FROM {table}")
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {table}_rekeyed RENAME TO {table}")
        # Reads by period (a push's hours, the dashboards' Pareto and weekly figures): on SQLite
        # the index holds the sums too, so those reads find one range of it as they found one
        # of the table before; PostgreSQL reads its heap, and an upsert that changes no indexed
        # column stays a heap-only update.
        sums = ", ".join(FIELDS) if column == "machine" else "seconds_us"
        held = f", {sums}" if conn.dialect != POSTGRESQL else ""
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS idx_{table}_period ON {table}(period_utc, plant, line, "
            f"{column}{held})"
        )
        conn.execute(
            f"INSERT INTO {driver} (plant, line, {column}) SELECT DISTINCT plant, line, "
            # WHERE: SQLite would read ON CONFLICT as a join's ON without one.
            f"{column} FROM {table} WHERE TRUE ON CONFLICT (plant, line, {column}) DO NOTHING"
        )


def _listing(table: str, plant: str, line: str, keys: list[str] | None) -> tuple[str, list[Any]]:
    """PostgreSQL: the hours' upsert lists its machines (or reasons) in the same statement,
    in key order."""
    if not keys:
        return "", []
    driver, column = ("rollup_machines", "machine")
    if table == "rollup_reason_hours":
        driver, column = ("rollup_reasons", "reason")
    sql = (
        f"WITH listed AS (INSERT INTO {driver} (plant, line, {column}) SELECT ?::text, "
        f"?::text, k FROM unnest(?::text[]) AS v(k) ON CONFLICT (plant, line, {column}) "
        "DO NOTHING) "
    )
    return sql, [plant, line, keys]


def _keys_listed(conn: Connection) -> bool:
    if conn.dialect == POSTGRESQL:
        return conn.execute("SELECT to_regclass('rollup_machines') IS NOT NULL").fetchone()[0]  # type: ignore[no-any-return]
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rollup_machines'"
    return conn.execute(sql).fetchone() is not None


def _list_keys(conn: Connection, plant: str, line: str, driver: str, keys: list[str]) -> None:
    """Note the machines (or reasons) a push adds rows for: the summary reads per key listed."""
    column = "machine" if driver == "rollup_machines" else "reason"
    for chunk in range(0, len(keys), ROWS_A_STATEMENT):
        part = keys[chunk : chunk + ROWS_A_STATEMENT]
        conn.execute(
            f"INSERT INTO {driver} (plant, line, {column}) VALUES {_rows(len(part), 3)} "
            f"ON CONFLICT (plant, line, {column}) DO NOTHING",
            [v for key in part for v in (plant, line, key)],
        )


# -- counts -------------------------------------------------------------------------------------
def count_deltas(
    conn: Connection, plant: str, line: str, reports: Sequence[tuple[dict[str, Any], str, str]]
) -> Deltas:
    """What newly stored count reports (payload, start_utc, end_utc) add to their hours."""
    deltas = Deltas()
    hours = deltas.machines
    longest = timedelta()
    for payload, start, end in reports:
        try:
            machine = str(payload["machine_id"])
            cycle = payload.get("ideal_cycle_time_s")
            cycle = float(cycle) if cycle else None
            by_hour: dict[str, list[tuple[int, int, float | None]]] = defaultdict(list)
            for bucket in payload["buckets"]:
                moment = from_iso(str(bucket["bucket_utc"]))
                hour = to_iso(hour_of(moment))
                made = (int(bucket["good"]), int(bucket["reject"]), rate(bucket, cycle))
                by_hour[hour].append(made)
                if isinstance(bucket.get("product_code"), str):
                    row = deltas.products.setdefault((bucket["product_code"], hour), [0, 0, 0.0])
                    row[0] += made[0]
                    row[1] += made[1]
                    row[2] += (made[2] or 0.0) * (made[0] + made[1])
            longest = max(longest, from_iso(end) - from_iso(start))
        except (KeyError, TypeError, ValueError) as exc:
            # Stored before every field was checked: left out, and reported by the summary.
            conn.execute(
                "INSERT INTO rollup_skipped (plant, line, period_utc, record_kind, record_id, "
                "reason) VALUES (?, ?, ?, 'production_count', ?, ?) ON CONFLICT "
                "(plant, line, record_kind, record_id) DO NOTHING",
                [
                    plant,
                    line,
                    start,
                    str(payload.get("report_id", "?")),
                    f"invalid: {type(exc).__name__}: {exc}",
                ],
            )
            continue
        for hour, buckets in by_hour.items():
            add_buckets(hours[(machine, hour)], buckets)
    if longest:
        _widen(conn, plant, line, timedelta(), longest)
    return deltas


# -- events -------------------------------------------------------------------------------------
def lock_line(conn: Connection, plant: str, line: str) -> None:
    """Serialize the transactions that rework a line's downtime (PostgreSQL; SQLite has one
    writer), held until commit: the hours one push works out are never worked out by another
    push of the line at the same time. Taken after ``lock_events``."""
    if conn.dialect == POSTGRESQL:
        key = zlib.crc32(f"{plant}\x00{line}".encode())
        conn.execute("SELECT pg_advisory_xact_lock(?, ?)", [LINE_LOCK_SPACE, key - (1 << 31)])


def lock_events(conn: Connection, plant: str, line: str, event_ids: Iterable[str]) -> None:
    """Serialize the head swaps of each event (PostgreSQL): taken before the old heads are
    read, in one order, so two pushes of one event never both subtract the same old head, or
    miss one the other just made."""
    if conn.dialect != POSTGRESQL:
        return
    keys = sorted({zlib.crc32(f"{plant}\x00{line}\x00{e}".encode()) - (1 << 31) for e in event_ids})
    # One statement of fixed text whatever the batch (prepared once per connection), taking
    # the locks in key order.
    conn.execute_arrays(
        "SELECT pg_advisory_xact_lock(?::integer, k) FROM unnest(?::integer[]) AS v(k) ORDER BY k",
        [EVENT_LOCK_SPACE, keys],
    )


# A head's times as event_heads keeps them (text, in the one spelling fold_event_heads writes).
Span = tuple[str, str | None]


class Heads:
    """Heads of some events as held at one moment: their times and their readable revisions."""

    def __init__(self, rows: Sequence[tuple[str, str | None, str]]) -> None:
        self.spans: list[Span] = [(start, end) for start, end, _ in rows]
        self.revisions = readable_heads((json.loads(p) for _, _, p in rows), None)

    @property
    def stops(self) -> list[EventRevision]:
        return [r for r in self.revisions if r.kind is EventKind.DOWNTIME]


def current_heads(conn: Connection, plant: str, line: str, event_ids: Iterable[str]) -> Heads:
    """The heads held now for ``event_ids`` (before a batch moves them, and after)."""
    ids = sorted(set(event_ids))
    found: list[tuple[str, str | None, str]] = []
    if conn.dialect == POSTGRESQL:
        found = conn.execute_arrays(
            "SELECT start_utc, end_utc, payload FROM event_heads WHERE plant = ? AND line = ? "
            "AND event_id = ANY(?::text[])",
            [plant, line, ids],
        ).fetchall()
        return Heads(found)
    for chunk in range(0, len(ids), ROWS_A_STATEMENT):
        part = ids[chunk : chunk + ROWS_A_STATEMENT]
        found += conn.execute(
            "SELECT start_utc, end_utc, payload FROM event_heads WHERE plant = ? AND line = ? "
            f"AND event_id IN ({', '.join('?' * len(part))})",
            [plant, line, *part],
        ).fetchall()
    return Heads(found)


def hours_of(spans: Iterable[Span]) -> set[datetime]:
    """The hours whose figures a head is part of: its start's, and each its stop covers."""
    hours: set[datetime] = set()
    for start_text, end_text in spans:
        try:
            start = from_iso(start_text)
            end = from_iso(end_text) if end_text else None
        except (TypeError, ValueError):
            continue
        first = hour_of(start)
        hours.add(first)
        hour = first + HOUR
        while end is not None and hour < end:
            hours.add(hour)
            hour += HOUR
    return hours


def contributions(revisions: Iterable[EventRevision], sign: int, into: Deltas) -> None:
    """What each head adds on its own: an event where it starts, its scrap there, a stop in
    each hour it covers. These add up (unlike a stop's minutes), so a head swap is the new
    head's minus the old one's."""
    for rev in revisions:
        start = hour_of(rev.start_utc)
        here = into.machine(rev.machine_id, to_iso(start))
        here.events += sign
        if rev.kind is EventKind.SCRAP:
            here.scrap += sign * (rev.quantity or 0)
        if rev.kind is EventKind.DOWNTIME and rev.end_utc is not None:
            hour = start
            while hour < rev.end_utc:
                if rev.end_utc > hour and rev.start_utc < hour + HOUR:
                    into.machine(rev.machine_id, to_iso(hour)).stops += sign
                hour += HOUR


def heads_changed(
    conn: Connection,
    plant: str,
    line: str,
    before: Heads,
    after: Heads,
    rules: Callable[[], PlantRules],
) -> Deltas:
    """What a batch's head swaps change: per head for what adds up, and the downtime of the
    hours any stop among them covers worked out again (under the line's lock)."""
    deltas = Deltas()
    contributions(before.revisions, -1, deltas)
    contributions(after.revisions, 1, deltas)
    if before.stops or after.stops:
        lock_line(conn, plant, line)
        widen_extent(conn, plant, line, after.spans)
        stops: list[Span] = [
            (to_iso(r.start_utc), to_iso(r.end_utc) if r.end_utc else None)
            for r in [*before.stops, *after.stops]
        ]
        deltas.add(refresh_hours(conn, plant, line, hours_of(stops), rules()))
    return deltas


def rebuild_line(
    conn: Connection,
    plant: str,
    line: str,
    rules: PlantRules,
    *,
    with_counts_of_heads: bool = False,
    list_keys: bool = True,
) -> None:
    """Work again the downtime of every hour of every head the line holds (new rules); with
    ``with_counts_of_heads``, add each head's own contribution too (the migration).

    Heads that end before they start (stored before the server checked times) are found
    here, once: no hour's read reaches them.
    """
    lock_line(conn, plant, line)
    rows = conn.execute(
        "SELECT start_utc, end_utc, payload FROM event_heads WHERE plant = ? AND line = ?",
        [plant, line],
    ).fetchall()
    for start, end, payload in rows:
        if end is not None and end < start:
            stored = json.loads(payload)
            entry = {
                "kind": "event_revision",
                "id": str(stored.get("revision_id", "?")),
                "reason": "times: the event ends before it starts",
            }
            first = hour_of(from_iso(start))
            _note_skipped(
                conn,
                plant,
                line,
                first,
                first + HOUR,
                [entry],
                "event_revision",
                [(payload, start)],
            )
    held = Heads(rows)
    widen_extent(conn, plant, line, held.spans)
    deltas = Deltas()
    if with_counts_of_heads:
        contributions(held.revisions, 1, deltas)
    deltas.add(refresh_hours(conn, plant, line, hours_of(held.spans), rules))
    add(conn, plant, line, deltas, list_keys=list_keys)


def widen_extent(conn: Connection, plant: str, line: str, spans: Sequence[Span]) -> None:
    longest = timedelta()
    for start, end in spans:
        try:
            if end:
                longest = max(longest, from_iso(end) - from_iso(start))
        except (TypeError, ValueError):
            continue
    if longest > extent(conn, plant, line).head:
        # Only when it grows: an upsert would lock the line's row for every push.
        _widen(conn, plant, line, longest, timedelta())


def refresh_hours(
    conn: Connection, plant: str, line: str, hours: set[datetime], rules: PlantRules
) -> Deltas:
    """The changes that set the downtime of ``hours`` to a recomputation from the heads.

    Only the time figures (planned and unplanned downtime, per reason): a stop's minutes go
    to the first cause that takes them, so they depend on the other stops of the hour. Call
    under the line's lock (``lock_line``).
    """
    deltas = Deltas()
    if not hours:
        return deltas
    reach = extent(conn, plant, line)
    ordered = sorted(hours)
    runs: list[list[datetime]] = [[ordered[0]]]
    for hour in ordered[1:]:
        if hour - runs[-1][-1] > HOURS_READ_TOGETHER * HOUR:
            runs.append([hour])
        else:
            runs[-1].append(hour)
    new: dict[datetime, LineTotals] = {}
    for run in runs:
        start, end = run[0], run[-1] + HOUR
        rows = conn.execute(
            "SELECT payload, start_utc FROM event_heads WHERE plant = ? AND line = ? "
            "AND end_utc >= ? AND end_utc <= ? AND start_utc < ? UNION ALL "
            "SELECT payload, start_utc FROM event_heads WHERE plant = ? AND line = ? "
            "AND end_utc IS NULL AND start_utc >= ? AND start_utc < ?",
            [
                plant,
                line,
                to_iso(start),
                to_iso(end + reach.head),
                to_iso(end),
                plant,
                line,
                to_iso(start),
                to_iso(end),
            ],
        ).fetchall()
        skipped: Skipped = []
        revisions = readable_heads((json.loads(p) for p, _ in rows), skipped)
        _note_skipped(conn, plant, line, start, end, skipped, "event_revision", rows)
        for hour in run:
            near = [
                r
                for r in revisions
                if r.start_utc < hour + HOUR and (r.end_utc is None or r.end_utc >= hour)
            ]
            new[hour] = event_totals(near, hour, hour + HOUR, rules, hour + HOUR, ended_only=True)
    old = _held(conn, plant, line, list(new))
    for hour, totals in new.items():
        key = to_iso(hour)
        was = old.get(key, LineTotals())
        for machine in set(totals.machines) | set(was.machines):
            now_, then = totals.machines.get(machine), was.machines.get(machine)
            delta = deltas.machine(machine, key)
            for name in TIME_FIELDS:
                setattr(
                    delta,
                    name,
                    getattr(delta, name)
                    + (getattr(now_, name) if now_ else 0)
                    - (getattr(then, name) if then else 0),
                )
        for code in set(totals.reasons) | set(was.reasons):
            change = totals.reasons.get(code, 0) - was.reasons.get(code, 0)
            if change:
                deltas.reasons[(code or "", key)] += change
    return deltas


def _note_skipped(
    conn: Connection,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    skipped: Skipped,
    kind: str,
    rows: Sequence[Any],
) -> None:
    """Keep what the hours ``[start, end)`` could not use, for the summary to report."""
    # Kept once noted: the record stays stored, even when a later revision replaces it.
    starts = {}
    for payload, begin in rows:
        found = json.loads(payload).get("revision_id")
        starts[str(found)] = begin
    for entry in skipped:
        begin = starts.get(entry["id"])
        period = to_iso(hour_of(from_iso(begin))) if begin else to_iso(start)
        if not start <= from_iso(period) < end:
            continue
        conn.execute(
            "INSERT INTO rollup_skipped (plant, line, period_utc, record_kind, record_id, "
            "reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plant, line, record_kind, record_id) "
            "DO UPDATE SET period_utc = excluded.period_utc, reason = excluded.reason",
            [plant, line, period, entry["kind"], entry["id"], entry["reason"]],
        )


def _held(conn: Connection, plant: str, line: str, hours: list[datetime]) -> dict[str, LineTotals]:
    keys = sorted(to_iso(h) for h in hours)
    out: dict[str, LineTotals] = defaultdict(LineTotals)
    for chunk in range(0, len(keys), ROWS_A_STATEMENT):
        part = keys[chunk : chunk + ROWS_A_STATEMENT]
        marks = ", ".join("?" * len(part))
        for row in conn.execute(
            f"SELECT period_utc, machine, {', '.join(TIME_FIELDS)} FROM rollup_hours "
            f"WHERE plant = ? AND line = ? AND period_utc IN ({marks})",
            [plant, line, *part],
        ).fetchall():
            totals = out[row[0]].machine(row[1])
            for name, value in zip(TIME_FIELDS, row[2:], strict=True):
                setattr(totals, name, int(value))
        for period, reason, spent in conn.execute(
            "SELECT period_utc, reason, seconds_us FROM rollup_reason_hours "
            f"WHERE plant = ? AND line = ? AND period_utc IN ({marks})",
            [plant, line, *part],
        ).fetchall():
            out[period].reasons[reason or None] = int(spent)
    return out


class Deltas:
    """What a transaction adds to the rollups: per (machine, hour) and per (reason, hour)."""

    def __init__(self) -> None:
        self.machines: dict[tuple[str, str], MachineTotals] = defaultdict(MachineTotals)
        self.reasons: dict[tuple[str, str], int] = defaultdict(int)
        # (product code, hour): [good, reject, ideal time in seconds]
        self.products: dict[tuple[str, str], list[float]] = {}

    def machine(self, machine: str, hour: str) -> MachineTotals:
        return self.machines[(machine, hour)]

    def add(self, other: Deltas) -> None:
        for key, delta in other.machines.items():
            self.machines[key].add(delta)
        for key, change in other.reasons.items():
            self.reasons[key] += change
        for key, figures in other.products.items():
            mine = self.products.setdefault(key, [0, 0, 0.0])
            for i, value in enumerate(figures):
                mine[i] += value


def add(conn: Connection, plant: str, line: str, deltas: Deltas, *, list_keys: bool = True) -> None:
    """Add the deltas to their hours and days: one upsert per table and chunk, rows in key
    order (two transactions then never wait for each other in a circle). ``list_keys``: and
    note their machines and reasons (not before the migration that made those lists)."""
    machines = {k: d for k, d in deltas.machines.items() if any(getattr(d, n) for n in FIELDS)}
    reasons = {k: c for k, c in deltas.reasons.items() if c}
    # The keys listed, in order: by the hours' upsert itself on PostgreSQL (one statement of
    # fixed text), by a statement of their own on SQLite.
    keys = {
        "rollup_hours": sorted({m for m, _ in machines}) if list_keys else [],
        "rollup_reason_hours": sorted({code for code, _ in reasons}) if list_keys else [],
    }
    if conn.dialect != POSTGRESQL:
        _list_keys(conn, plant, line, "rollup_machines", keys["rollup_hours"])
        _list_keys(conn, plant, line, "rollup_reasons", keys["rollup_reason_hours"])
    days: dict[tuple[str, str], MachineTotals] = defaultdict(MachineTotals)
    for (machine, hour), delta in machines.items():
        days[(machine, to_iso(day_of(from_iso(hour))))].add(delta)
    for table, rows in (("rollup_hours", machines), ("rollup_days", days)):
        values = [
            [plant, line, machine, period, *(getattr(d, n) for n in FIELDS)]
            for (machine, period), d in sorted(rows.items())
        ]
        columns = ", ".join(FIELDS)
        sets = ", ".join(f"{n} = {table}.{n} + excluded.{n}" for n in FIELDS)
        if conn.dialect == POSTGRESQL:
            if values:
                # Fixed text whatever the batch: each column an array (prepared once).
                arrays = [list(column) for column in zip(*values, strict=True)][2:]
                types = [
                    "text",
                    "text",
                    *("float8" if n == "ideal_time_s" else "bigint" for n in FIELDS),
                ]
                listing, listed = _listing(table, plant, line, keys.get(table))
                conn.execute_arrays(
                    f"{listing}INSERT INTO {table} (plant, line, machine, period_utc, {columns}) "
                    f"SELECT ?, ?, * FROM unnest({', '.join(f'?::{t}[]' for t in types)}) "
                    f"ON CONFLICT (period_utc, plant, line, machine) DO UPDATE SET {sets}",
                    [*listed, plant, line, *arrays],
                )
            continue
        for chunk in range(0, len(values), ROWS_A_STATEMENT):
            part = values[chunk : chunk + ROWS_A_STATEMENT]
            conn.execute(
                f"INSERT INTO {table} (plant, line, machine, period_utc, {columns}) "
                f"VALUES {_rows(len(part), 4 + len(FIELDS))} "
                f"ON CONFLICT (period_utc, plant, line, machine) DO UPDATE SET {sets}",
                [v for row in part for v in row],
            )
    _add_products(conn, plant, line, deltas.products)
    day_reasons: dict[tuple[str, str], int] = defaultdict(int)
    for (code, hour), change in reasons.items():
        day_reasons[(code, to_iso(day_of(from_iso(hour))))] += change
    for table, found in (("rollup_reason_hours", reasons), ("rollup_reason_days", day_reasons)):
        values = [
            [plant, line, period, code, change] for (code, period), change in sorted(found.items())
        ]
        if conn.dialect == POSTGRESQL:
            if values:
                arrays = [list(column) for column in zip(*values, strict=True)][2:]
                listing, listed = _listing(table, plant, line, keys.get(table))
                conn.execute_arrays(
                    f"{listing}INSERT INTO {table} (plant, line, period_utc, reason, seconds_us) "
                    "SELECT ?, ?, * FROM unnest(?::text[], ?::text[], ?::bigint[]) "
                    "ON CONFLICT (period_utc, plant, line, reason) "
                    f"DO UPDATE SET seconds_us = {table}.seconds_us + excluded.seconds_us",
                    [*listed, plant, line, *arrays],
                )
            continue
        for chunk in range(0, len(values), ROWS_A_STATEMENT):
            part = values[chunk : chunk + ROWS_A_STATEMENT]
            conn.execute(
                f"INSERT INTO {table} (plant, line, period_utc, reason, seconds_us) "
                f"VALUES {_rows(len(part), 5)} ON CONFLICT (period_utc, plant, line, reason) "
                f"DO UPDATE SET seconds_us = {table}.seconds_us + excluded.seconds_us",
                [v for row in part for v in row],
            )


def _add_products(
    conn: Connection, plant: str, line: str, products: dict[tuple[str, str], list[float]]
) -> None:
    days: dict[tuple[str, str], list[float]] = {}
    for (code, hour), figures in products.items():
        row = days.setdefault((code, to_iso(day_of(from_iso(hour)))), [0, 0, 0.0])
        for i, value in enumerate(figures):
            row[i] += value
    for table, found in (("rollup_product_hours", products), ("rollup_product_days", days)):
        for (code, period), (good, reject, ideal) in sorted(found.items()):
            conn.execute(
                f"INSERT INTO {table} (period_utc, plant, line, product_code, good, reject, "
                "ideal_time_s) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (period_utc, plant, "
                f"line, product_code) DO UPDATE SET good = {table}.good + excluded.good, "
                f"reject = {table}.reject + excluded.reject, "
                f"ideal_time_s = {table}.ideal_time_s + excluded.ideal_time_s",
                [period, plant, line, code, int(good), int(reject), float(ideal)],
            )


def _widen(conn: Connection, plant: str, line: str, head: timedelta, report: timedelta) -> None:
    conn.execute(
        "INSERT INTO line_extent (plant, line, longest_head_us, longest_report_us) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (plant, line) DO UPDATE SET "
        "longest_head_us = CASE WHEN excluded.longest_head_us > line_extent.longest_head_us "
        "THEN excluded.longest_head_us ELSE line_extent.longest_head_us END, "
        "longest_report_us = CASE WHEN excluded.longest_report_us > "
        "line_extent.longest_report_us THEN excluded.longest_report_us "
        "ELSE line_extent.longest_report_us END",
        [plant, line, head // MICROSECOND, report // MICROSECOND],
    )


def _rows(count: int, width: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return ", ".join([row] * count)


# -- rules --------------------------------------------------------------------------------------
def _remember_rules(conn: Connection, plant: str, fingerprint: str) -> None:
    conn.execute(
        "INSERT INTO rollup_rules (plant, fingerprint) VALUES (?, ?) "
        "ON CONFLICT (plant) DO UPDATE SET fingerprint = excluded.fingerprint",
        [plant, fingerprint],
    )


def refresh_rules(conn: Connection, plant: str | None = None) -> list[str]:
    """After a bundle: rebuild the event figures of each plant whose rules changed.

    The hours of every head kept are worked out again under the new catalogue and calendar;
    hours whose records retention already removed keep the figures they had.
    """
    sql = "SELECT DISTINCT plant FROM tokens"
    plants = [p for (p,) in conn.execute(sql).fetchall() if plant is None or p == plant]
    rebuilt = []
    rules = RulesCache(conn)
    for code in plants:
        row = conn.execute(
            "SELECT fingerprint FROM rollup_rules WHERE plant = ?", [code]
        ).fetchone()
        if row is not None and row[0] == rules(code).fingerprint:
            continue
        lines = conn.execute(
            "SELECT DISTINCT line FROM event_heads WHERE plant = ?", [code]
        ).fetchall()
        for (line,) in lines:
            rebuild_line(conn, code, line, rules(code))
        _remember_rules(conn, code, rules(code).fingerprint)
        rebuilt.append(code)
    return rebuilt
