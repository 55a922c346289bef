"""The regional server's SQLite file: schema (forward migrations) and per-thread connections.

The location comes from ``--database`` or ``REGIONAL_SERVER_DATABASE``, as a path or a
``sqlite:///path`` URL. Every request thread opens its own connection; writers take the lock
up front (``BEGIN IMMEDIATE``) so two devices pushing at once queue instead of failing.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

DATABASE_ENV = "REGIONAL_SERVER_DATABASE"
DEFAULT_DATABASE = "regional-server.sqlite3"
BUSY_TIMEOUT_S = 15.0

MIGRATIONS = Migrations("regional-server")


def database_path(value: str | None = None) -> Path:
    """A path or a ``sqlite:///`` URL (the form other deployments' tooling expects)."""
    raw = value or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE
    if raw.startswith("sqlite:///"):
        raw = raw[len("sqlite:///") :]
    elif "://" in raw:
        raise ValueError(f"only SQLite databases are supported, not {raw.split('://')[0]}")
    return Path(raw)


@MIGRATIONS()
def m001_region(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE tokens (
            token_id TEXT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, role TEXT NOT NULL
                CHECK (role IN ('device', 'region')),
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL, device TEXT NOT NULL,
            issued_utc TEXT NOT NULL, expires_utc TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """
    )
    # Every revision exactly once: the record id is the key, the cursor orders the pull.
    db.execute(
        """
        CREATE TABLE records (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL, device TEXT NOT NULL,
            payload TEXT NOT NULL, digest TEXT NOT NULL, received_utc TEXT NOT NULL,
            token_id TEXT NOT NULL,
            event_id TEXT, event_seq INTEGER, start_utc TEXT, end_utc TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_records_line ON records(plant, line, cursor)")
    db.execute("CREATE INDEX idx_records_area ON records(plant, area, cursor)")
    db.execute(
        "CREATE INDEX idx_records_events ON records(plant, line, kind, start_utc) "
        "WHERE event_id IS NOT NULL"
    )
    db.execute("CREATE INDEX idx_records_event ON records(event_id, event_seq)")
    db.execute(
        """
        CREATE TABLE idempotency_keys (
            token_id TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,
            first_utc TEXT NOT NULL, PRIMARY KEY (token_id, key)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_idempotency_age ON idempotency_keys(first_utc)")
    db.execute(
        """
        CREATE TABLE bundles (
            version INTEGER PRIMARY KEY AUTOINCREMENT, plant TEXT,
            document TEXT NOT NULL, published_utc TEXT NOT NULL, note TEXT NOT NULL
        ) STRICT
        """
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER records_append_only_{verb.lower()} BEFORE {verb} ON records "
            "BEGIN SELECT RAISE(ABORT, 'synced records are never changed'); END"
        )


@MIGRATIONS()
def m002_count_reports(db: Database) -> None:
    # Part counts arrive as production_count records spanning [start_utc, end_utc); the
    # summary finds a line's reports over a window through this index.
    db.execute(
        "CREATE INDEX idx_records_counts ON records(plant, line, start_utc) "
        "WHERE kind = 'production_count'"
    )


@MIGRATIONS()
def m003_summary_windows(db: Database) -> None:
    # The summary asks for what a window holds: records that end after its start, which for
    # the usual recent window is the newest few. An index on start times only bounds the other
    # side, and reads the line's whole history. Event revisions carry their stop's times
    # (end_utc NULL while still down).
    db.execute("DROP INDEX idx_records_counts")
    db.execute(
        "CREATE INDEX idx_records_count_end ON records(plant, line, end_utc) "
        "WHERE kind = 'production_count'"
    )
    db.execute(
        "CREATE INDEX idx_records_event_end ON records(plant, line, end_utc) "
        "WHERE kind = 'event_revision'"
    )


@MIGRATIONS()
def m004_event_heads(db: Database) -> None:
    # The newest revision of each event of each line, kept as revisions arrive, with its times
    # in the one spelling the summary compares as text. The summary reads this, not every
    # revision: one row per event (two revisions with one seq cannot count a stop twice), the
    # stop's current times (a stop's first revision has no end), never another line's event.
    db.execute(
        """
        CREATE TABLE event_heads (
            plant TEXT NOT NULL, line TEXT NOT NULL, event_id TEXT NOT NULL,
            seq INTEGER NOT NULL, start_utc TEXT NOT NULL, end_utc TEXT,
            payload TEXT NOT NULL,
            PRIMARY KEY (plant, line, event_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_event_heads_end ON event_heads(plant, line, end_utc)")
    db.execute("DROP INDEX idx_records_event_end")
    # Imported here: the records module needs this one's connections.
    from regional_server.records import fold_event_head

    rows = db.execute(
        "SELECT plant, line, payload FROM records WHERE kind = 'event_revision' ORDER BY cursor"
    ).fetchall()
    for plant, line, payload in rows:
        fold_event_head(db.conn, plant, line, json.loads(payload))


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off only so close() can run at shutdown; each connection is used
    # by the one thread that made it.
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def migrate(path: Path) -> None:
    conn = connect(path)
    try:
        MIGRATIONS.apply(Database(conn))
    finally:
        conn.close()


class Connections:
    """One connection per thread (FastAPI runs sync endpoints on a thread pool)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        migrate(path)

    def get(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        conn = self.get()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
