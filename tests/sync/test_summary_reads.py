"""How the region's summary reads the rollups: per machine and reason listed, without a sort.

The machine and reason rollups are keyed by line and machine (or reason), then period, and
list their keys (``rollup_machines``, ``rollup_reasons``), so a window's sums come grouped in
key order. The lists kept as records arrive are the ones the upgrade makes from rollups
already stored, and the figures are the same either way; SQLite plans the region's reads
without a temporary sort and without walking a whole table.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from regional_server import bundles, tokens
from regional_server.database import POSTGRESQL, Connection, Connections
from regional_server.records import Incoming, store_records
from regional_server.summary import summary
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id
from tests.sync.conftest import standard_bundle
from tests.sync.test_summary_rollups import MADRID_CALENDAR, T0, assert_same, report, revision

NOW = T0 + timedelta(days=2)
KEYED = {
    "rollup_hours": "machine",
    "rollup_days": "machine",
    "rollup_reason_hours": "reason",
    "rollup_reason_days": "reason",
}
# What ANALYZE says of a region of 500 lines over a month (benchmarks/regional_summary.py):
# SQLite plans with these, and plans differently for a handful of rows.
REGION_STATISTICS = [
    ("rollup_hours", "rollup_hours", "1488000 29177 2976 744 1"),
    ("rollup_hours", "idx_rollup_hours_period", "1488000 2000 40 4 1"),
    ("rollup_days", "rollup_days", "64000 1255 128 32 1"),
    ("rollup_days", "idx_rollup_days_period", "64000 2000 40 4 1"),
    ("rollup_reason_hours", "rollup_reason_hours", "1355500 26579 2711 543 1"),
    ("rollup_reason_hours", "idx_rollup_reason_hours_period", "1355500 1822 36 4 1 1"),
    ("rollup_reason_days", "rollup_reason_days", "80000 1569 160 32 1"),
    ("rollup_reason_days", "idx_rollup_reason_days_period", "80000 2500 50 5 1 1"),
    ("rollup_machines", "rollup_machines", "2000 40 4 1"),
    ("rollup_reasons", "rollup_reasons", "2500 50 5 1"),
    ("records", "sqlite_autoindex_records_1", "258784 1"),
    ("records", "idx_records_kind", "258784 5075 518 516 4"),
    ("records", "idx_records_kind_time", "258784 129392 21"),
    ("records", "idx_records_kind_end", "258784 129392 21"),
    ("records", "idx_records_line", "258784 5075 518 1"),
    ("records", "idx_records_count_end", "238944 4686 478 4"),
    ("event_heads", "sqlite_autoindex_event_heads_1", "98564 1933 198 1"),
    ("event_heads", "idx_event_heads_end", "98564 1933 198 1"),
    ("event_heads", "idx_event_heads_end_any", "98564 10"),
]


def a_region(connections: Connections) -> None:
    """Two plants of two lines: stops with reasons, scrap and count reports over two days."""
    with connections.write() as conn:
        bundles.publish(conn, standard_bundle(shift_calendar=MADRID_CALENDAR))
    for plant in ("VAL", "SEV"):
        for line in ("L1", "L2"):
            with connections.write() as conn:
                _, who = tokens.issue(
                    conn, role=tokens.DEVICE, plant=plant, area="ASSEMBLY", line=line,
                    device=f"{line}-PC",
                )  # fmt: skip
            pushed: list[Incoming] = []
            for day in range(2):
                at = T0 + timedelta(days=day)
                for n, reason in enumerate((None, "EQP.MEC.JAM", "PLN.CHG.PRD", "MAT.SHT")):
                    begin = at + timedelta(minutes=37 * n + 5)
                    end = begin + timedelta(minutes=9)
                    pushed.append(revision(new_id(), 1, "PRESS-1", begin, end, reason, line=line))
                scrap = revision(new_id(), 1, "WELD-1", at, at, None, line=line, kind="scrap")
                scrap.payload["quantity"] = 2
                pushed.append(scrap)
                for minute in (0, 15, 90, 600):
                    pushed.append(report("WELD-1", day * 1440 + minute, [20] * 15, 1, 2.5))
            for record in pushed:
                if record.kind == "event_revision":
                    record.payload["plant"] = plant
            with connections.write() as conn:
                answers = store_records(conn, who, pushed, NOW)
            assert all(a.outcome.value == "accepted" for a in answers), answers


def rollup_state(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = [*KEYED, "rollup_machines", "rollup_reasons"]
    return {
        t: sorted(tuple(r) for r in conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables
    }


def key_of(conn: Connection, table: str) -> str:
    """The columns of ``table``'s primary key, in order."""
    if conn.dialect == POSTGRESQL:
        sql = "SELECT indexdef FROM pg_indexes WHERE indexname = ?"
        found = str(conn.execute(sql, [f"{table}_pkey"]).fetchone()[0])
        return found[found.index("(") + 1 : found.index(")")]
    ddl = str(conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0])
    start = ddl.index("PRIMARY KEY") + len("PRIMARY KEY (")
    return ddl[start : ddl.index(")", start)]


def keyed_by_period_first(conn: Connection) -> None:
    """Put the tables back as the server kept them before m017_rollups_by_machine."""
    conn.execute("DROP TABLE rollup_machines")
    conn.execute("DROP TABLE rollup_reasons")
    conn.execute("DELETE FROM schema_migrations WHERE name = 'm017_rollups_by_machine'")
    for table, column in KEYED.items():
        conn.execute(f"DROP INDEX idx_{table}_period")
        key = f"period_utc, plant, line, {column}"
        if conn.dialect == POSTGRESQL:
            conn.execute(
                f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey, "
                f"ADD CONSTRAINT {table}_pkey PRIMARY KEY ({key})"
            )
            continue
        ddl = str(
            conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        )
        now_key = f"PRIMARY KEY ({key_of(conn, table)})"
        conn.execute(ddl.replace(table, f"{table}_old", 1).replace(now_key, f"PRIMARY KEY ({key})"))
        conn.execute(f"INSERT INTO {table}_old SELECT * FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_old RENAME TO {table}")


def test_the_key_lists_kept_at_push_are_what_the_upgrade_makes(server_database: str | Path) -> None:
    connections = Connections(server_database)
    window = (T0 - timedelta(hours=1), T0 + timedelta(days=1, hours=13))
    try:
        a_region(connections)
        with connections.read() as conn:
            pushed = rollup_state(conn)
            figures = summary(conn, *window, NOW)
            # Every machine and reason that has rows is listed, once.
            assert {r[:3] for r in pushed["rollup_hours"]} == set(pushed["rollup_machines"])
            reasons = {(p, ln, r) for p, ln, _, r, _ in pushed["rollup_reason_hours"]}
            assert reasons == set(pushed["rollup_reasons"])
            assert len(pushed["rollup_machines"]) == 8  # 2 plants x 2 lines x 2 machines
            # 4 lines x 3 losses: none (''), a jam, a shortage; the planned changeover is no loss
            assert len(pushed["rollup_reasons"]) == 12
        with connections.write() as conn:
            keyed_by_period_first(conn)
            assert key_of(conn, "rollup_days") == "period_utc, plant, line, machine"
    finally:
        connections.close()
    connections = Connections(server_database)  # the upgrade
    try:
        with connections.read() as conn:
            for table, column in KEYED.items():
                assert key_of(conn, table) == f"plant, line, {column}, period_utc"
            assert rollup_state(conn) == pushed
            assert summary(conn, *window, NOW) == figures
    finally:
        connections.close()


class Recorded:
    """A connection that keeps the statements run through it."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self.statements: list[tuple[str, list[Any]]] = []

    def execute(self, sql: str, params: Any = ()) -> Any:
        self.statements.append((sql, list(params)))
        return self.conn.execute(sql, params)


def test_sqlite_reads_a_regions_month_without_a_sort_or_a_whole_table(tmp_path: Path) -> None:
    connections = Connections(tmp_path / "region.sqlite3")
    try:
        a_region(connections)
        with connections.read() as conn:
            conn.execute("ANALYZE")
            conn.execute("DELETE FROM sqlite_stat1")
            for row in REGION_STATISTICS:
                conn.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", row)
            conn.execute("ANALYZE sqlite_master")  # plan with them from now on
            recorded = Recorded(conn)
            # A month ending on the hour, not at midnight: whole days and hours either side.
            summary(recorded, NOW - timedelta(days=31, hours=11), NOW - timedelta(hours=11), NOW)  # type: ignore[arg-type]
            plans = {
                sql: [str(step[3]) for step in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
                for sql, params in recorded.statements
                if sql.lstrip().upper().startswith("SELECT")
            }
    finally:
        connections.close()
    sums = {sql: plan for sql, plan in plans.items() if "FROM rollup_" in sql and "sum(" in sql}
    assert len(sums) >= 6, sums  # machines and reasons of the days and the hours either side
    for sql, plan in sums.items():
        if "rollup_product" in sql:
            continue  # per product: the few lines with contract v2 counts
        assert not any("TEMP B-TREE" in step for step in plan), (sql, plan)
    for sql, plan in plans.items():
        walked = [s for s in plan if s.startswith("SCAN ") and s.split()[1] in ("records", "r")]
        assert not walked, (sql, plan)


def test_a_week_long_stop_on_one_line_widens_only_that_lines_edge_reads(
    server_database: str | Path,
) -> None:
    connections = Connections(server_database)
    start, end = T0 + timedelta(minutes=17), T0 + timedelta(days=1, minutes=17)  # off the hour
    try:
        a_region(connections)
        with connections.write() as conn:
            _, who = tokens.issue(
                conn, role=tokens.DEVICE, plant="SEV", area="ASSEMBLY", line="L3", device="L3-PC"
            )
            week = revision(
                new_id(), 1, "PRESS-1", T0 - timedelta(days=7), T0 + timedelta(minutes=30),
                "EQP.MEC.JAM", line="L3",
            )  # fmt: skip
            week.payload["plant"] = "SEV"
            short = revision(
                new_id(), 1, "PRESS-1", end - timedelta(minutes=5), end + timedelta(minutes=3),
                "MAT.SHT", line="L3",
            )  # fmt: skip
            short.payload["plant"] = "SEV"
            assert all(
                a.outcome.value == "accepted" for a in store_records(conn, who, [week, short], NOW)
            )
        with connections.read() as conn:
            recorded = Recorded(conn)
            ours = {e["line"] + e["plant"]: e for e in summary(recorded, start, end, NOW)}  # type: ignore[arg-type]
            again = summary(conn, start, end, NOW, from_records=True)
    finally:
        connections.close()
    assert len(again) == 5
    for entry in again:
        assert_same(ours[entry["line"] + entry["plant"]], entry, entry["line"])
    assert ours["L3SEV"]["downtime_s"] > 0
    # The edges' reads of every line look an hour past the stretch at most; L3 is read alone.
    together = [
        params
        for sql, params in recorded.statements
        if "FROM event_heads WHERE end_utc >= ?" in sql and "line = ?" not in sql
    ]
    assert together
    assert all(params[1] <= to_iso(end + timedelta(hours=1)) for params in together), together
    alone = [p for sql, p in recorded.statements if "event_heads" in sql and "line = ?" in sql]
    assert any(params[-1] == "L3" for params in alone), alone
