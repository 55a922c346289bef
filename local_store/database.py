"""Opening the SQLite file with the pragmas the plant's data depends on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from local_store.migrations import MIGRATIONS, schema_version

# Checkpoints keep the WAL near this size and truncate it back to the limit afterwards, so a
# nearly full disk does not end with a WAL that can never be checkpointed.
WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024
WAL_AUTOCHECKPOINT_PAGES = 500
BUSY_TIMEOUT_MS = 5000


class StoreUnavailable(Exception):
    """The store cannot be used for a reason IT can act on (disk full, locked, damaged, read-only).

    Distinct from a bug: screens show it as a message, and nothing confirmed is lost.
    """

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


ENVIRONMENT_ERRORS = (
    "disk is full",
    "database or disk is full",
    "database is locked",
    "unable to open database",
    "readonly database",
    "disk i/o error",
    "file is not a database",
    "database disk image is malformed",
)


def environment_problem(error: sqlite3.Error) -> str | None:
    """The user-actionable cause behind an SQLite error, or None for a programming error."""
    text = str(error).lower()
    for marker in ENVIRONMENT_ERRORS:
        if marker in text:
            return marker
    return None


def open_database(path: Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the store at ``path``, set its pragmas and migrate it forward."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreUnavailable(f"cannot switch to WAL journal (got {mode})", path)
        # FULL: in WAL mode every commit fsyncs the WAL, so a confirmed capture survives a
        # power cut. At a few captures a minute the cost is nothing.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            MIGRATIONS.apply(db)
            conn.execute(f"PRAGMA user_version = {schema_version(db)}")
    except PermissionError as exc:
        raise StoreUnavailable(f"no permission to open the store ({exc})", path) from None
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the data directory ({exc.strerror})", path) from None
    except sqlite3.Error as exc:
        problem = environment_problem(exc)
        if problem is None:
            raise
        raise StoreUnavailable(problem, path) from None
    return db


def integrity_check(db: Database) -> str:
    """'ok', or the first problems SQLite reports."""
    rows = db.conn.execute("PRAGMA integrity_check(20)").fetchall()
    return "; ".join(str(r[0]) for r in rows)
