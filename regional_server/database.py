"""The regional server's database: SQLite (embedded default) or PostgreSQL (production).

One data layer for both (docs/regional-server.md argues the choice): the server's SQL is
written once, in SQLite's spelling with ``?`` placeholders, and ``Connection`` hands it to
psycopg 3 with ``%s`` on PostgreSQL. The few places where the two differ are here: the schema
types (``portable``), how the change feed numbers records (``Connection.feed_cursor``) and
which of them a pull may see yet (``Connection.feed_horizon``).

The location comes from ``--database`` or ``REGIONAL_SERVER_DATABASE``: a path, a
``sqlite:///path`` URL or a ``postgresql://user:password@host:port/name`` URL.

Writers take the write lock up front on SQLite (``BEGIN IMMEDIATE``), so two devices pushing
at once queue instead of failing; on PostgreSQL they run side by side. Migrations run when a
server starts: one process applies them while the others wait (an advisory lock on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), then find nothing left to do.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from shopfloor_core.domain.clock import to_iso, utc_now

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

DATABASE_ENV = "REGIONAL_SERVER_DATABASE"
POOL_SIZE_ENV = "REGIONAL_SERVER_POOL_SIZE"
DEFAULT_DATABASE = "regional-server.sqlite3"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"
BUSY_TIMEOUT_S = 15.0
# A migration may rewrite a large file; a second process starting meanwhile waits this long.
MIGRATION_WAIT_S = 300.0
DEFAULT_POOL_SIZE = 10
POOL_WAIT_S = 20.0
# The advisory lock that lets one process migrate a PostgreSQL database at a time.
MIGRATION_LOCK = 0x7265_6769_6F6E  # "region"
# A PostgreSQL feed cursor is (transaction id << FEED_ORDINAL_BITS) | the record's ordinal in
# its transaction: 2^20 records a transaction, 2^42 transactions (a century at 1,000/s).
FEED_ORDINAL_BITS = 20


@dataclass(frozen=True)
class DatabaseUrl:
    dialect: str
    target: str  # the SQLite file, or the libpq URL

    @property
    def path(self) -> Path:
        return Path(self.target)

    def __str__(self) -> str:
        return self.target if self.dialect == POSTGRESQL else f"sqlite:///{self.target}"


def database_url(value: str | Path | None = None) -> DatabaseUrl:
    """A path, a ``sqlite:///path`` URL or a ``postgresql://`` URL (``postgres://`` too)."""
    raw = str(value or os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE)
    scheme, found, rest = raw.partition("://")
    if not found:
        return DatabaseUrl(SQLITE, raw)
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise ValueError("a SQLite URL is sqlite:///path/to/file (three slashes)")
        return DatabaseUrl(SQLITE, rest[1:])
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return DatabaseUrl(POSTGRESQL, f"postgresql://{rest}")
    raise ValueError(
        f"unsupported database {scheme!r}: give a file path, sqlite:///path or postgresql://..."
    )


def redacted(url: DatabaseUrl) -> str:
    """The URL without its password, for logs and messages."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", str(url))


class Rows(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    # The server's SQL has no literal '?' or '%'; a '%' is escaped all the same.
    return sql.replace("%", "%%").replace("?", "%s")


@lru_cache(maxsize=64)
def _binary_format(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%b")


class Connection:
    """One connection of either database, speaking SQLite's ``?`` placeholders to both."""

    def __init__(
        self,
        raw: sqlite3.Connection | psycopg.Connection[Any],
        dialect: str,
        feed_origin: int = 0,
    ) -> None:
        self.raw = raw
        self.dialect = dialect
        self.feed_origin = feed_origin  # see keep_feed_ahead
        self._xid: int | None = None
        self._ordinal = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        if self.dialect == SQLITE:
            assert isinstance(self.raw, sqlite3.Connection)
            return self.raw.execute(sql, params)
        return self.raw.execute(_pyformat(sql), params)

    def execute_arrays(self, sql: str, params: Sequence[Any]) -> Rows:
        """PostgreSQL only: ``sql`` with each ``?`` bound in binary format.

        For statements that take whole columns as arrays (``unnest(?::text[])``): psycopg
        writes a text-format array by escaping each element with a regular expression, which
        for a batch of JSON payloads cost more than the rest of the push.
        """
        assert self.dialect == POSTGRESQL
        return self.raw.execute(_binary_format(sql), params)

    def begin(self, *, immediate: bool) -> None:
        self._xid, self._ordinal = None, 0
        if self.dialect == SQLITE:
            self.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        else:
            self.execute("BEGIN")

    def feed_cursor(self) -> int | None:
        """The pull cursor of the next record this transaction stores (None: the database's).

        SQLite has one writer at a time, so its autoincrement numbers records in commit order.
        PostgreSQL commits side by side: a sequence could hand 10 to a transaction that
        commits after the one holding 11, and a puller that saw 11 would skip 10 for ever.
        So a record's cursor starts with its transaction's id, and a pull shows only records
        of transactions older than every one still running (``feed_horizon``).
        """
        if self.dialect == SQLITE:
            return None
        if self._xid is None:
            self._xid = int(self.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()[0])
        if self._ordinal >= 1 << FEED_ORDINAL_BITS:
            raise ValueError("too many records in one transaction for the change feed")
        cursor = ((self._xid + self.feed_origin) << FEED_ORDINAL_BITS) | self._ordinal
        self._ordinal += 1
        return cursor

    @property
    def feed_horizon(self) -> str:
        """A condition on ``cursor``: the records a pull may hand out now (see feed_cursor).

        Every transaction with an id below the snapshot's xmin has ended, so no record can
        appear below the horizon later; records above it wait for the next pull.
        """
        if self.dialect == SQLITE:
            return "TRUE"
        horizon = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        return f"cursor < (({horizon} + {int(self.feed_origin)}) << {FEED_ORDINAL_BITS})"


# -- migrations ---------------------------------------------------------------------------------
Migration = Callable[[Connection], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Append ``function`` to the schema's history; never edit one that was released."""
    MIGRATIONS.append(function)
    return function


def portable(conn: Connection, ddl: str) -> None:
    """Run DDL written for SQLite, in PostgreSQL's words where they differ.

    Text is compared byte by byte on both (ISO times are compared as text), whole numbers are
    64-bit on both, autoincrement keys become identity columns, STRICT is SQLite's only.
    """
    if conn.dialect == POSTGRESQL:
        ddl = ddl.replace(
            "INTEGER PRIMARY KEY AUTOINCREMENT",
            "BIGINT PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY",
        )
        ddl = re.sub(r"\bINTEGER\b", "BIGINT", ddl)
        ddl = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)
        ddl = re.sub(r"\)\s*STRICT\s*$", ")", ddl.rstrip())
    conn.execute(ddl)


@migration
def m001_region(conn: Connection) -> None:
    portable(
        conn,
        """
        CREATE TABLE tokens (
            token_id TEXT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, role TEXT NOT NULL
                CHECK (role IN ('device', 'region')),
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL, device TEXT NOT NULL,
            issued_utc TEXT NOT NULL, expires_utc TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0
        ) STRICT
        """,
    )
    # Every revision exactly once: the record id is the key, the cursor orders the pull.
    portable(
        conn,
        """
        CREATE TABLE records (
            cursor INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL, device TEXT NOT NULL,
            payload TEXT NOT NULL, digest TEXT NOT NULL, received_utc TEXT NOT NULL,
            token_id TEXT NOT NULL,
            event_id TEXT, event_seq INTEGER, start_utc TEXT, end_utc TEXT
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_records_line ON records(plant, line, cursor)")
    conn.execute("CREATE INDEX idx_records_area ON records(plant, area, cursor)")
    conn.execute(
        "CREATE INDEX idx_records_events ON records(plant, line, kind, start_utc) "
        "WHERE event_id IS NOT NULL"
    )
    conn.execute("CREATE INDEX idx_records_event ON records(event_id, event_seq)")
    portable(
        conn,
        """
        CREATE TABLE idempotency_keys (
            token_id TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,
            first_utc TEXT NOT NULL, PRIMARY KEY (token_id, key)
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_idempotency_age ON idempotency_keys(first_utc)")
    portable(
        conn,
        """
        CREATE TABLE bundles (
            version INTEGER PRIMARY KEY AUTOINCREMENT, plant TEXT,
            document TEXT NOT NULL, published_utc TEXT NOT NULL, note TEXT NOT NULL
        ) STRICT
        """,
    )
    if conn.dialect == SQLITE:
        for verb in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER records_append_only_{verb.lower()} BEFORE {verb} ON records "
                "BEGIN SELECT RAISE(ABORT, 'synced records are never changed'); END"
            )
    else:
        conn.execute(
            "CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'synced records are never changed'; END $$"
        )
        conn.execute(
            "CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records "
            "FOR EACH ROW EXECUTE FUNCTION records_append_only()"
        )


@migration
def m002_count_reports(conn: Connection) -> None:
    # Part counts arrive as production_count records spanning [start_utc, end_utc); the
    # summary finds a line's reports over a window through this index.
    conn.execute(
        "CREATE INDEX idx_records_counts ON records(plant, line, start_utc) "
        "WHERE kind = 'production_count'"
    )


@migration
def m003_summary_windows(conn: Connection) -> None:
    # The summary asks for what a window holds: records that end after its start, which for
    # the usual recent window is the newest few. An index on start times only bounds the other
    # side, and reads the line's whole history. Event revisions carry their stop's times
    # (end_utc NULL while still down).
    conn.execute("DROP INDEX idx_records_counts")
    conn.execute(
        "CREATE INDEX idx_records_count_end ON records(plant, line, end_utc) "
        "WHERE kind = 'production_count'"
    )
    conn.execute(
        "CREATE INDEX idx_records_event_end ON records(plant, line, end_utc) "
        "WHERE kind = 'event_revision'"
    )


@migration
def m004_event_heads(conn: Connection) -> None:
    # The newest revision of each event of each line, kept as revisions arrive, with its times
    # in the one spelling the summary compares as text. The summary reads this, not every
    # revision: one row per event (two revisions with one seq cannot count a stop twice), the
    # stop's current times (a stop's first revision has no end), never another line's event.
    portable(
        conn,
        """
        CREATE TABLE event_heads (
            plant TEXT NOT NULL, line TEXT NOT NULL, event_id TEXT NOT NULL,
            seq INTEGER NOT NULL, start_utc TEXT NOT NULL, end_utc TEXT,
            payload TEXT NOT NULL,
            PRIMARY KEY (plant, line, event_id)
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_event_heads_end ON event_heads(plant, line, end_utc)")
    conn.execute("DROP INDEX idx_records_event_end")
    # Imported here: the records module needs this one's connections.
    from regional_server.records import fold_event_head

    rows = conn.execute(
        "SELECT plant, line, payload FROM records WHERE kind = 'event_revision' ORDER BY cursor"
    ).fetchall()
    for plant, line, payload in rows:
        fold_event_head(conn, plant, line, json.loads(payload))


@migration
def m005_feed_origin(conn: Connection) -> None:
    # What PostgreSQL feed cursors add to transaction ids (see keep_feed_ahead); one row.
    portable(conn, "CREATE TABLE feed_origin (xid_offset INTEGER NOT NULL) STRICT")
    conn.execute("INSERT INTO feed_origin (xid_offset) VALUES (0)")


def _append_only(conn: Connection, table: str, why: str) -> None:
    """Triggers that refuse UPDATE and DELETE on ``table`` (an audit trail is never edited)."""
    if conn.dialect == SQLITE:
        for verb in ("UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_append_only_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{why}'); END"
            )
        return
    conn.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{why}'; END $$"
    )
    conn.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )


@migration
def m006_regional_people(conn: Connection) -> None:
    # The people of the regional web pages (regional_server/accounts.py): accounts, their
    # sessions (only a digest of the cookie is kept), failed sign-ins for the brake, and the
    # audit trail of every action, which nobody may edit.
    portable(
        conn,
        """
        CREATE TABLE people (
            login TEXT PRIMARY KEY, display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN
                ('regional_admin', 'regional_champion', 'plant_manager', 'viewer')),
            plant TEXT, language TEXT, password_hash TEXT NOT NULL,
            created_utc TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
            CHECK ((role = 'plant_manager') = (plant IS NOT NULL))
        ) STRICT
        """,
    )
    portable(
        conn,
        """
        CREATE TABLE web_sessions (
            digest TEXT PRIMARY KEY, login TEXT NOT NULL REFERENCES people(login),
            csrf TEXT NOT NULL, address TEXT NOT NULL,
            created_utc TEXT NOT NULL, expires_utc TEXT NOT NULL, ended_utc TEXT
        ) STRICT
        """,
    )
    portable(
        conn,
        "CREATE TABLE sign_in_failures (subject TEXT NOT NULL, at_utc TEXT NOT NULL) STRICT",
    )
    conn.execute("CREATE INDEX idx_sign_in_failures ON sign_in_failures(subject, at_utc)")
    portable(
        conn,
        """
        CREATE TABLE audit_log (
            entry INTEGER PRIMARY KEY AUTOINCREMENT, at_utc TEXT NOT NULL,
            actor TEXT NOT NULL, role TEXT NOT NULL, address TEXT NOT NULL,
            action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL
        ) STRICT
        """,
    )
    _append_only(conn, "audit_log", "the audit trail is never changed")


@migration
def m007_standards_proposals(conn: Connection) -> None:
    # Standards under change control (regional_server/proposals.py): a proposal carries the
    # section it would change, as it was in force when proposed and as proposed; its steps
    # (proposed, approved, pilot started...) are its history and are never changed.
    portable(
        conn,
        """
        CREATE TABLE proposals (
            number INTEGER PRIMARY KEY AUTOINCREMENT, section TEXT NOT NULL,
            title TEXT NOT NULL, reason TEXT NOT NULL, proposer TEXT NOT NULL,
            proposed_utc TEXT NOT NULL, base TEXT NOT NULL, content TEXT NOT NULL,
            state TEXT NOT NULL, plants TEXT NOT NULL DEFAULT '[]'
        ) STRICT
        """,
    )
    portable(
        conn,
        """
        CREATE TABLE proposal_steps (
            step INTEGER PRIMARY KEY AUTOINCREMENT, number INTEGER NOT NULL,
            at_utc TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            note TEXT NOT NULL, plants TEXT NOT NULL, bundle_versions TEXT NOT NULL
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_proposal_steps ON proposal_steps(number, step)")
    _append_only(conn, "proposal_steps", "the history of a proposal is never changed")


# Transactions a restore may leave between the newest restored cursor and the first new one.
FEED_MARGIN = 1_000_000


def keep_feed_ahead(conn: Connection) -> int:
    """The feed origin, moved on if the database's records are ahead of its transaction ids.

    A database restored from ``pg_dump`` into another server (or a new one) keeps its records'
    cursors but not the transaction counter they came from: new records would be numbered
    below the ones devices have already pulled, and never reach them. So at start the offset
    added to transaction ids is raised until new cursors come after every stored one. Runs
    under the migration lock, before any worker serves.
    """
    if conn.dialect != POSTGRESQL:
        return 0
    origin = int(conn.execute("SELECT xid_offset FROM feed_origin").fetchone()[0])
    top = conn.execute("SELECT max(cursor) FROM records").fetchone()[0]
    xid = int(conn.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()[0])
    if top is not None and int(top) >> FEED_ORDINAL_BITS >= xid + origin:
        origin = (int(top) >> FEED_ORDINAL_BITS) - xid + FEED_MARGIN
        conn.execute("UPDATE feed_origin SET xid_offset = ?", [origin])
    return origin


def _applied(conn: Connection) -> set[str]:
    portable(
        conn,
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(name TEXT PRIMARY KEY, applied_utc TEXT NOT NULL) STRICT",
    )
    names = {row[0] for row in conn.execute("SELECT name FROM schema_migrations").fetchall()}
    if not names and conn.dialect == SQLITE:
        # Files made before this runner were migrated by sqlite-utils, which kept its own list.
        legacy = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if legacy is not None:
            names = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'regional-server'"
                ).fetchall()
            }
            for name in sorted(names):
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_utc) VALUES (?, ?)",
                    [name, to_iso(utc_now())],
                )
    return names


def migrate(url: DatabaseUrl) -> list[str]:
    """Bring the schema up to date; the names of the migrations applied now.

    All pending migrations run in one transaction (both databases roll DDL back), under a
    lock that a second process starting at the same moment waits for; it then finds them
    applied. The change feed's origin is checked in the same transaction (keep_feed_ahead).
    """
    return _migrate(url)[0]


def _migrate(url: DatabaseUrl) -> tuple[list[str], int]:
    conn = _open(url, timeout_s=MIGRATION_WAIT_S)
    try:
        conn.begin(immediate=True)
        try:
            if conn.dialect == POSTGRESQL:
                conn.execute("SELECT pg_advisory_xact_lock(?)", [MIGRATION_LOCK])
            applied = _applied(conn)
            done = []
            for step in MIGRATIONS:
                if step.__name__ not in applied:
                    step(conn)
                    conn.execute(
                        "INSERT INTO schema_migrations (name, applied_utc) VALUES (?, ?)",
                        [step.__name__, to_iso(utc_now())],
                    )
                    done.append(step.__name__)
            origin = keep_feed_ahead(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return done, origin
    finally:
        conn.raw.close()


def _open(url: DatabaseUrl, *, timeout_s: float = BUSY_TIMEOUT_S) -> Connection:
    if url.dialect == POSTGRESQL:
        import psycopg

        return Connection(psycopg.connect(url.target, autocommit=True), POSTGRESQL)
    url.path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off only so close() can run at shutdown; each connection is used
    # by the one thread that made it.
    raw = sqlite3.connect(
        url.target, timeout=timeout_s, isolation_level=None, check_same_thread=False
    )
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = NORMAL")
    return Connection(raw, SQLITE)


class Connections:
    """Where requests get a connection: per thread for SQLite, from a pool for PostgreSQL.

    FastAPI runs sync endpoints on a thread pool. A SQLite file is opened once per thread; a
    PostgreSQL server is shared by every worker process, so each process holds at most
    ``pool_size`` connections (workers x pool_size must stay under max_connections).
    """

    def __init__(self, database: str | Path | DatabaseUrl, *, pool_size: int | None = None):
        self.url = database if isinstance(database, DatabaseUrl) else database_url(database)
        self._local = threading.local()
        self._all: list[Connection] = []
        self._lock = threading.Lock()
        self._pool: ConnectionPool[Any] | None = None
        self.feed_origin = _migrate(self.url)[1]
        if self.url.dialect == POSTGRESQL:
            from psycopg_pool import ConnectionPool

            size = pool_size or int(os.environ.get(POOL_SIZE_ENV, DEFAULT_POOL_SIZE))
            self._pool = ConnectionPool(
                self.url.target,
                min_size=1,
                max_size=size,
                kwargs={"autocommit": True},
                # A connection the database dropped (restart, failover) is replaced before a
                # request gets it, not after the request fails with it.
                check=ConnectionPool.check_connection,
                timeout=POOL_WAIT_S,
                open=True,
                name="regional-server",
            )

    @property
    def dialect(self) -> str:
        return self.url.dialect

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        if self._pool is not None:
            with self._pool.connection() as raw:
                yield Connection(raw, POSTGRESQL, self.feed_origin)
            return
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _open(self.url)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads, each statement on its own (autocommit)."""
        with self._connection() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction, committed when the block ends, rolled back if it raises."""
        with self._connection() as conn:
            conn.begin(immediate=True)
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def probe(self, timeout_s: float) -> str:
        """The newest migration applied, read within ``timeout_s`` (raises when it cannot be).

        For health checks: a pool whose database is gone answers in ``timeout_s``, not after
        the 20 s a request waits for a connection.
        """
        sql = "SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1"
        if self._pool is not None:
            with self._pool.connection(timeout=timeout_s) as raw, raw.transaction():
                raw.execute(f"SET LOCAL statement_timeout = {int(timeout_s * 1000)}")
                row = raw.execute(sql).fetchone()
        else:
            if not self.url.path.exists():
                # An open SQLite connection goes on writing into a file that was deleted or
                # moved away: every record from then on would be lost with it.
                raise FileNotFoundError(f"the database file {self.url.target} is gone")
            with self._connection() as conn:
                row = conn.execute(sql).fetchone()
        if row is None:
            raise LookupError("the database has no migrations applied")
        return str(row[0])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        with self._lock:
            for conn in self._all:
                conn.raw.close()
            self._all.clear()


@migration
def m008_operations(conn: Connection) -> None:
    # The newest heartbeat of each device (what `regional-server devices` lists and /metrics
    # reports), and a day of earlier ones to see a trend. Keyed by plant and device: a device
    # enrolled again with a new token stays one row.
    portable(
        conn,
        """
        CREATE TABLE device_heartbeats (
            plant TEXT NOT NULL, device TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL,
            token_id TEXT NOT NULL, received_utc TEXT NOT NULL, client_version TEXT NOT NULL,
            backlog INTEGER NOT NULL, quarantined INTEGER NOT NULL, oldest_waiting_utc TEXT,
            last_success_utc TEXT, clock_skew_s REAL, last_error TEXT, last_error_utc TEXT,
            pull_cursor INTEGER, caught_up_utc TEXT,
            PRIMARY KEY (plant, device)
        ) STRICT
        """,
    )
    portable(
        conn,
        """
        CREATE TABLE device_heartbeat_history (
            plant TEXT NOT NULL, device TEXT NOT NULL, received_utc TEXT NOT NULL,
            backlog INTEGER NOT NULL, quarantined INTEGER NOT NULL, clock_skew_s REAL,
            last_error TEXT
        ) STRICT
        """,
    )
    conn.execute(
        "CREATE INDEX idx_heartbeat_history "
        "ON device_heartbeat_history(plant, device, received_utc)"
    )
    # Each retention run, with what it deleted. A run in progress (finished_utc NULL, visible
    # only inside its own transaction) is what lets the append-only trigger allow its deletes.
    portable(
        conn,
        """
        CREATE TABLE retention_runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT, started_utc TEXT NOT NULL,
            finished_utc TEXT, raw_days INTEGER NOT NULL, cutoff_utc TEXT NOT NULL,
            deleted TEXT NOT NULL DEFAULT '{}', held_back TEXT NOT NULL DEFAULT '{}'
        ) STRICT
        """,
    )
    refusal = "synced records are never changed (only a retention run deletes old ones)"
    if conn.dialect == SQLITE:
        conn.execute("DROP TRIGGER records_append_only_delete")
        conn.execute(
            "CREATE TRIGGER records_append_only_delete BEFORE DELETE ON records "
            "WHEN NOT EXISTS (SELECT 1 FROM retention_runs WHERE finished_utc IS NULL) "
            f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
        )
    else:
        conn.execute("DROP TRIGGER records_append_only ON records")
        conn.execute(
            "CREATE TRIGGER records_append_only BEFORE UPDATE ON records "
            "FOR EACH ROW EXECUTE FUNCTION records_append_only()"
        )
        conn.execute(
            "CREATE FUNCTION records_retention_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN IF NOT EXISTS (SELECT 1 FROM retention_runs WHERE finished_utc IS NULL) "
            f"THEN RAISE EXCEPTION '{refusal}'; END IF; RETURN NULL; END $$"
        )
        conn.execute(
            "CREATE TRIGGER records_retention_only BEFORE DELETE ON records "
            "FOR EACH STATEMENT EXECUTE FUNCTION records_retention_only()"
        )


@migration
def m009_maturity(conn: Connection) -> None:
    # Rollout gates (regional_server/maturity.py): the region's maturity model, each version
    # kept with who changed it and why; the reference-plant grants; the modules switched on or
    # off per plant. All three are histories: the newest row is in force, none is ever changed.
    portable(
        conn,
        """
        CREATE TABLE maturity_models (
            version INTEGER PRIMARY KEY AUTOINCREMENT, document TEXT NOT NULL,
            actor TEXT NOT NULL, reason TEXT NOT NULL, at_utc TEXT NOT NULL
        ) STRICT
        """,
    )
    portable(
        conn,
        """
        CREATE TABLE reference_grants (
            entry INTEGER PRIMARY KEY AUTOINCREMENT, plant TEXT NOT NULL,
            granted INTEGER NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL,
            at_utc TEXT NOT NULL
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_reference_grants ON reference_grants(plant, entry)")
    portable(
        conn,
        """
        CREATE TABLE plant_modules (
            entry INTEGER PRIMARY KEY AUTOINCREMENT, plant TEXT NOT NULL, module TEXT NOT NULL,
            enabled INTEGER NOT NULL, level TEXT NOT NULL, actor TEXT NOT NULL,
            at_utc TEXT NOT NULL
        ) STRICT
        """,
    )
    conn.execute("CREATE INDEX idx_plant_modules ON plant_modules(plant, module, entry)")
    # The measures read a plant's synced records by when they arrived.
    conn.execute("CREATE INDEX idx_records_received ON records(plant, received_utc)")
    # Plants already running keep the modules their line PCs show today: without these
    # entries an upgrade would switch every gated module off under them. New plants start
    # with every gated module off until their level allows it.
    region = conn.execute(
        "SELECT document FROM bundles WHERE plant IS NULL ORDER BY version DESC LIMIT 1"
    ).fetchone()
    if region is not None:
        # Imported here: the maturity module needs this one's connections.
        from regional_server.maturity import DEFAULT_MODEL

        modules = json.loads(region[0]).get("modules") or {}
        plants = conn.execute(
            "SELECT plant FROM tokens WHERE role = 'device' UNION SELECT plant FROM bundles "
            "WHERE plant IS NOT NULL"
        ).fetchall()
        for (plant,) in plants:
            for module in DEFAULT_MODEL["modules"]:
                conn.execute(
                    "INSERT INTO plant_modules (plant, module, enabled, level, actor, at_utc) "
                    "VALUES (?, ?, ?, '-', 'upgrade', ?)",
                    [plant, module, int(bool(modules.get(module, True))), to_iso(utc_now())],
                )
    for table in ("maturity_models", "reference_grants", "plant_modules"):
        _append_only(conn, table, f"the history in {table} is never changed")


@migration
def m010_rollups(conn: Connection) -> None:
    # Summaries are reads: per line, machine and hour (and day) totals kept as records arrive
    # (regional_server/rollups.py), made here from every record already stored.
    from regional_server import rollups

    rollups.create(conn)
    # A line's sign-offs and andon calls without reading its other records.
    conn.execute("CREATE INDEX idx_records_kind ON records(plant, line, kind, start_utc)")
    rollups.backfill(conn)


@migration
def m011_region_summary_reads(conn: Connection) -> None:
    # The region's summary reads each kind once for every line (sign-offs and andon calls of
    # the window, a line's job revisions), not once per line: by kind and time, whatever the
    # line. Sign-offs stored from now on carry their shift start in start_utc; the ones stored
    # before keep it NULL (records are never changed) and are read with it.
    conn.execute("CREATE INDEX idx_records_kind_time ON records(kind, start_utc)")
    # The heads and count reports near a window's ends, for every line in one statement.
    conn.execute("CREATE INDEX idx_event_heads_end_any ON event_heads(end_utc)")
    # By kind first: on (end_utc) alone SQLite took the (kind, start_utc) index and read the
    # region's whole history of count reports (3.4 s for a region's day off the hour).
    conn.execute("CREATE INDEX idx_records_kind_end ON records(kind, end_utc)")


@migration
def m012_revision_facts(conn: Connection) -> None:
    # The fields the data-quality, adoption and sync-lag measures read of every revision, as
    # columns (regional_server/revision_facts.py), made here from every revision stored.
    from regional_server import revision_facts

    revision_facts.create(conn)
    revision_facts.backfill(conn)


@migration
def m013_signing_key_history(conn: Connection) -> None:
    # Every bundle-signing key the server has used, in order (regional_server/signing.py): a
    # rotation's row carries the previous key's endorsement of the new one, which bundles
    # serve so line PCs can move to the new key. Never edited: it is the keys' history.
    portable(
        conn,
        """
        CREATE TABLE signing_keys (
            entry INTEGER PRIMARY KEY AUTOINCREMENT, public_key TEXT NOT NULL UNIQUE,
            fingerprint TEXT NOT NULL, since_utc TEXT NOT NULL, how TEXT NOT NULL
                CHECK (how IN ('first use', 'rotated', 'replaced')),
            endorsed_by TEXT, endorsement TEXT, actor TEXT NOT NULL,
            CHECK ((endorsed_by IS NULL) = (endorsement IS NULL))
        ) STRICT
        """,
    )
    _append_only(conn, "signing_keys", "the signing key history is never changed")


@migration
def m014_heartbeat_pinned_key(conn: Connection) -> None:
    # The short fingerprint of the bundle-signing key each line PC pinned, from its heartbeats
    # (regional_server/key_followers.py): `regional-server devices` marks the PCs that have not
    # moved to the region's current key. Null for clients that do not say.
    portable(conn, "ALTER TABLE device_heartbeats ADD COLUMN pinned_key TEXT")


@migration
def m015_event_head_columns(conn: Connection) -> None:
    # The head's kind, voided and reason, which the data-quality measures filter every stop
    # on, as columns: PostgreSQL parsed each head's JSON three times a stop (regional_server/
    # data_quality.py, add_head_columns).
    from regional_server import data_quality

    data_quality.add_head_columns(conn)


@migration
def m016_heartbeat_bundle_version(conn: Connection) -> None:
    # The bundle version in force on each line PC, from its heartbeats: a publication never
    # takes a version at or below one a PC holds (regional_server/bundles.py), so a server
    # restored from an older backup does not hand out versions the PCs refuse or take for the
    # one they have. Null for clients that do not say.
    portable(conn, "ALTER TABLE device_heartbeats ADD COLUMN bundle_version INTEGER")


@migration
def m017_rollups_by_machine(conn: Connection) -> None:
    # The region's summary sums each machine's (and reason's) rollup rows over a window:
    # keyed by machine, then period, and read per machine listed, they need no sort
    # (regional_server/rollups.py, rekey). Reads by period keep an index.
    from regional_server import rollups

    rollups.rekey(conn)
