"""The regional server's database under several writers: migrations at start, the change feed.

Run on each database of ``--server-db``; the out-of-order commits only PostgreSQL can have are
tested on it alone (SQLite takes one writer at a time, so its commits are always in order).
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from regional_server import records, tokens
from regional_server.database import (
    MIGRATIONS,
    Connection,
    Connections,
    database_url,
    redacted,
)
from regional_server.records import Incoming, store_records
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.revision_rows import revision_to_row
from tests.conftest import server_backends
from tests.postgres_cluster import TemporaryPostgres
from tests.sync.conftest import ProcessServer

AT = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)


def note(device: str, number: int, line: str = "L1") -> Incoming:
    """A note revision as a line PC of ``line`` pushes it."""
    revision = first_revision(
        kind=EventKind.NOTE,
        machine_id="PRESS-1",
        start_utc=AT,
        end_utc=AT,
        reason_code=None,
        catalogue_version=None,
        quantity=None,
        note=f"note {number} of {device}",
        source=Source.OPERATOR,
        author="op-1",
        recorded_utc=AT,
        stamp=Stamp(device, "VAL", "A", line, "Europe/Madrid"),
    )
    return Incoming("event_revision", revision.revision_id, revision_to_row(revision))


def device_token(conn: Connection, device: str, line: str = "L1") -> tokens.Credential:
    _, credential = tokens.issue(
        conn,
        role=tokens.DEVICE,
        plant="VAL",
        area="A",
        line=line,
        device=device,
        now=AT,
    )
    return credential


class Puller:
    """A station of the line that pulls page by page, as the sync client does."""

    def __init__(self, connections: Connections, who: tokens.Credential, page: int) -> None:
        self.connections = connections
        self.who = who
        self.page = page
        self.cursor = 0
        self.pulled: list[str] = []

    def pull(self) -> None:
        with self.connections.read() as conn:
            while True:
                found, self.cursor, more = records.pull(
                    conn, self.who, after=self.cursor, limit=self.page, area_wide=False
                )
                self.pulled.extend(r["id"] for r in found)
                if not more:
                    return


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest) -> str:
    if "postgresql" not in server_backends(request.config):
        pytest.skip("PostgreSQL is not in --server-db")
    cluster: TemporaryPostgres = request.getfixturevalue("postgres")
    return cluster.create_database("feed")


@pytest.mark.parametrize("commits_first", ["older", "younger"])
def test_a_pull_between_out_of_order_commits_neither_skips_nor_repeats(
    postgres_database: str, commits_first: str
) -> None:
    connections = Connections(postgres_database, pool_size=3)
    try:
        with connections.write() as conn:
            writers = [device_token(conn, "PC-A"), device_token(conn, "PC-B")]
            station = Puller(connections, device_token(conn, "PC-SUP"), page=1)
        with contextlib.ExitStack() as older, contextlib.ExitStack() as younger:
            # The older transaction writes first (so it holds the lower id), the younger next.
            first = older.enter_context(connections.write())
            stored = [r.record_id for r in store_records(first, writers[0], [note("PC-A", 1)])]
            second = younger.enter_context(connections.write())
            stored += [r.record_id for r in store_records(second, writers[1], [note("PC-B", 1)])]
            ordered = [younger, older] if commits_first == "younger" else [older, younger]
            ordered[0].close()
            station.pull()  # between the two commits
            ordered[1].close()
        station.pull()
        station.pull()
    finally:
        connections.close()
    assert len(station.pulled) == len(set(station.pulled)), "a record was pulled twice"
    assert sorted(station.pulled) == sorted(stored), "a record was skipped"


def test_pulls_during_concurrent_pushes_get_every_record_once(server_database: str | Path) -> None:
    connections = Connections(server_database, pool_size=8)
    rounds, batch = 12, 3
    chosen = random.Random(16)
    pauses = [[chosen.uniform(0, 0.01) for _ in range(rounds)] for _ in range(5)]
    try:
        with connections.write() as conn:
            writers = [device_token(conn, f"PC-{n}") for n in range(5)]
            station = Puller(connections, device_token(conn, "PC-SUP"), page=4)
        stored: list[str] = []
        lock = threading.Lock()
        done = threading.Event()

        def push(number: int) -> None:
            who = writers[number]
            for i in range(rounds):
                with connections.write() as conn:
                    batch_records = [note(who.device, i * batch + k) for k in range(batch)]
                    answers = store_records(conn, who, batch_records)
                    # Held open a moment, so transactions overlap and commit in any order.
                    threading.Event().wait(pauses[number][i])
                with lock:
                    stored.extend(a.record_id for a in answers if a.outcome.value == "accepted")

        def pull_meanwhile() -> None:
            while not done.is_set():
                station.pull()

        threads = [threading.Thread(target=push, args=(n,)) for n in range(len(writers))]
        puller = threading.Thread(target=pull_meanwhile)
        puller.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        done.set()
        puller.join(60)
        station.pull()
    finally:
        connections.close()
    assert len(stored) == len(writers) * rounds * batch
    assert len(station.pulled) == len(set(station.pulled)), "a record was pulled twice"
    assert sorted(station.pulled) == sorted(stored), "a record was skipped"


def test_a_database_restored_from_pg_dump_serves_on_and_its_feed_goes_on(
    postgres_database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    cluster: TemporaryPostgres = request.getfixturevalue("postgres")
    connections = Connections(postgres_database, pool_size=2)
    try:
        with connections.write() as conn:
            token, writer = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="PC-A"
            )
            station = Puller(connections, device_token(conn, "PC-SUP"), page=10)
        with connections.write() as conn:
            # As on a server that had run many more transactions than the one restored into:
            # the restored cursors are ahead of the new server's transaction ids.
            conn.feed_origin = 10**9
            before = [a.record_id for a in store_records(conn, writer, [note("PC-A", 1)])]
        station.pull()
    finally:
        connections.close()
    dump = tmp_path / "region.dump"
    subprocess.run(
        [cluster.bindir / "pg_dump", "--format=custom", f"--file={dump}", postgres_database],
        check=True,
    )
    restored = cluster.create_database("restored")
    subprocess.run(
        [cluster.bindir / "pg_restore", "--no-owner", f"--dbname={restored}", dump], check=True
    )

    again = Connections(restored, pool_size=2)
    try:
        with again.read() as conn:
            assert tokens.authenticate(conn, token).token_id == writer.token_id
        with again.write() as conn:
            after = [a.record_id for a in store_records(conn, writer, [note("PC-A", 2)])]
        station.connections = again
        station.pull()
    finally:
        again.close()
    assert station.pulled == before + after


def test_two_servers_starting_at_once_on_a_new_database_both_come_up(
    server_database: str | Path,
) -> None:
    servers = [ProcessServer(server_database, wait=False) for _ in range(3)]
    try:
        for server in servers:
            server.wait_started()
        applied = servers[0].query("SELECT name FROM schema_migrations")
    finally:
        for server in servers:
            server.stop()
    # Each migration ran once: the others waited for the lock, then found nothing to do.
    assert sorted(name for (name,) in applied) == sorted(m.__name__ for m in MIGRATIONS)


def test_a_file_migrated_by_sqlite_utils_keeps_its_history(tmp_path: Path) -> None:
    path = tmp_path / "before.sqlite3"
    Connections(path).close()
    # As the server left files before this runner: the same schema, sqlite-utils' own list.
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE schema_migrations")
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at)")
        conn.executemany(
            "INSERT INTO _sqlite_migrations VALUES ('regional-server', ?, 'then')",
            [(m.__name__,) for m in MIGRATIONS],
        )
    connections = Connections(path)  # re-running m001 would fail: its tables exist
    try:
        with connections.read() as conn:
            names = conn.execute("SELECT name FROM schema_migrations").fetchall()
    finally:
        connections.close()
    assert len(names) == len(MIGRATIONS)


def test_database_urls() -> None:
    assert database_url("region.sqlite3").dialect == "sqlite"
    assert database_url("sqlite:////var/lib/region.sqlite3").target == "/var/lib/region.sqlite3"
    pg = database_url("postgres://region:s3cret@db.plant:5432/region")
    assert (pg.dialect, pg.target) == (
        "postgresql",
        "postgresql://region:s3cret@db.plant:5432/region",
    )
    assert "s3cret" not in redacted(pg)
    for wrong in ("mysql://x/y", "sqlite://relative.db"):
        with pytest.raises(ValueError, match="sqlite:///"):
            database_url(wrong)


def test_a_batch_answers_each_record_once_stored_copies_and_conflicts(
    server_database: str | Path,
) -> None:
    connections = Connections(server_database, pool_size=2)
    first, second, other = note("PC-A", 1), note("PC-A", 2), note("PC-B", 3, line="L2")
    changed = Incoming(second.kind, second.record_id, second.payload | {"note": "changed"})
    stop = note("PC-A", 4).payload | {"kind": "downtime", "end_utc": None}
    ended = stop | {"revision_id": "rev-ended", "seq": 2, "end_utc": "2026-03-11T09:05:00.000Z"}
    try:
        with connections.write() as conn:
            writer, elsewhere = device_token(conn, "PC-A"), device_token(conn, "PC-B", line="L2")
            sent = [
                first,
                first,
                second,
                changed,
                Incoming("event_revision", stop["revision_id"], stop),
                Incoming("event_revision", "rev-ended", ended),
            ]
            answers = store_records(conn, writer, sent)
        with connections.write() as conn:
            again = store_records(conn, writer, [first, changed, note("PC-A", 5)])
            stolen = store_records(
                conn,
                elsewhere,
                [
                    Incoming(
                        first.kind,
                        first.record_id,
                        other.payload | {"revision_id": first.record_id},
                    )
                ],
            )
        with connections.read() as conn:
            held = conn.execute("SELECT count(*) FROM records").fetchone()[0]
            head = conn.execute(
                "SELECT seq, end_utc FROM event_heads WHERE event_id = ?", [stop["event_id"]]
            ).fetchone()
    finally:
        connections.close()
    outcomes = [a.outcome.value for a in answers]
    assert outcomes == ["accepted", "duplicate", "accepted", "rejected", "accepted", "accepted"]
    assert answers[3].reason.startswith("conflict")
    assert [a.outcome.value for a in again] == ["duplicate", "rejected", "accepted"]
    assert [a.outcome.value for a in stolen] == ["rejected"]
    assert held == 5
    assert tuple(head) == (2, "2026-03-11T09:05:00.000Z")
