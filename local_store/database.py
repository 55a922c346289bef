"""Opening the SQLite file with the pragmas the plant's data depends on."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from local_store.errors import StoreUnavailable, environment_problem
from local_store.migrations import MIGRATIONS, schema_version

# Checkpoints keep the WAL near this size and truncate it back to the limit afterwards, so a
# nearly full disk does not end with a WAL that can never be checkpointed.
WAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024
WAL_AUTOCHECKPOINT_PAGES = 500
BUSY_TIMEOUT_MS = 5000

# Damage SQLite reports for the file itself. Unlike "locked" or "read-only", nothing but a new
# file helps, so the store sets the damaged one aside and starts afresh (see open_database).
DAMAGE_MARKERS = ("file is not a database", "database disk image is malformed")
# Every table is checked (when the tables are) except these: tag history can grow to gigabytes
# and only feeds trends. Damage there surfaces as an error when a trend reads it; losing some
# trend history is tolerable, losing captures is not.
NOT_CHECKED = frozenset({"tag_history"})
DAMAGED_INFIX = ".damaged-"
KEPT_WAL = "-wal.kept"

log = logging.getLogger(__name__)

# Stores whose start-up check has been decided in this process (see open_database).
_checked: set[Path] = set()
_checked_lock = threading.Lock()


class StoreDatabase(Database):
    """A ``Database`` whose transactions take SQLite's write lock at their first statement.

    sqlite-utils opens ``atomic()`` with a plain (deferred) ``BEGIN``: the transaction reads
    under a snapshot and asks for the write lock only at its first write. If another
    connection (the machine monitor's, the sync worker's) committed in between, SQLite refuses
    that write at once with "database is locked" (SQLITE_BUSY_SNAPSHOT); the busy timeout
    never applies, and a confirmed capture was lost that way. ``BEGIN IMMEDIATE`` takes the
    lock first, waiting up to the busy timeout, so what a transaction reads cannot change
    before it writes, and two writers can never both pass the same check. Nested blocks stay
    savepoints inside the outer transaction.

    Plain reads need no transaction: WAL readers never wait for the writer.
    """

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # a savepoint in the transaction already holding it
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


class _Damaged(Exception):
    """The file itself is damaged (internal: turned into a recovery or a StoreUnavailable)."""


def open_database(path: Path, *, migrate: bool = True, check: bool | None = None) -> Database:
    """Open (creating if needed) the store at ``path``, set its pragmas and migrate it forward.

    A file that is not a database, or whose schema is damaged, is always caught here. The
    tables themselves are checked (``quick_check``, which reads the whole of them: seconds for
    a year of history on a cold disk) when ``check`` is True, or, by default, at the first
    opening in this process after an unclean shutdown, when damage is likely: a power cut or
    a crash leaves the WAL behind, a clean close removes it.

    The opening that migrates is the one made at start: a damaged file found there is set
    aside under a timestamped name (kept for IT, with a note beside it: ``recovery_notices``),
    a fresh store is started, and what can still be read is copied into it. Openings that do
    not migrate report damage as ``StoreUnavailable``.
    """
    if check is None:
        check = migrate and _first_after_unclean_shutdown(path)
    kept_wal = _keep_wal(path) if migrate else None
    try:
        db = _open(path, migrate=migrate, check=check)
    except _Damaged as damage:
        if not migrate:
            raise StoreUnavailable(str(damage), path) from None
        problem = str(damage)
    else:
        _discard(kept_wal)
        return db
    aside = set_aside(path, problem)
    try:
        db = _open(path, migrate=True, check=False)
    except _Damaged as again:
        raise StoreUnavailable(f"the fresh store is damaged too: {again}", path) from None
    # Imported here: carrying records over needs the event store, which needs this module.
    from local_store.salvage import salvage_revisions

    salvaged, stopped = salvage_revisions(aside, db)
    write_recovery_note(path, aside, problem, salvaged, stopped)
    return db


def _first_after_unclean_shutdown(path: Path) -> bool:
    """True once per store and process, if a WAL was left behind by the last run."""
    with _checked_lock:
        if path in _checked:
            return False
        _checked.add(path)
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _open(path: Path, *, migrate: bool, check: bool) -> Database:
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        db = StoreDatabase(conn)
        # sqlite-utils 4.2.1 probes ON CONFLICT support lazily, by writing a scratch table at
        # the first upsert, and caches "unsupported" for good if that write fails (disk full,
        # locked). From then on its fallback upsert silently skips rows of tables with NOT NULL
        # columns: the events projection would stop being written. SQLite has had ON CONFLICT
        # since 3.24, older than any Python we run on, so settle the answer here.
        db._supports_on_conflict = sqlite3.sqlite_version_info >= (3, 24)
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
        # Reading the schema catches a damaged first page or schema at no cost.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if check:
            problem = _quick_check(conn)
            if problem:
                raise _Damaged(problem)
        if migrate:
            MIGRATIONS.apply(db)
            conn.execute(f"PRAGMA user_version = {schema_version(db)}")
    except PermissionError as exc:
        _close(conn)
        raise StoreUnavailable(f"no permission to open the store ({exc})", path) from None
    except OSError as exc:
        _close(conn)
        raise StoreUnavailable(f"cannot create the data directory ({exc.strerror})", path) from None
    except sqlite3.Error as exc:
        _close(conn)
        problem = environment_problem(exc)
        if problem in DAMAGE_MARKERS:
            raise _Damaged(problem) from None
        if problem is None:
            raise
        raise StoreUnavailable(problem, path) from None
    except (_Damaged, StoreUnavailable):
        _close(conn)
        raise
    return db


def _keep_wal(path: Path) -> Path | None:
    """A second name for a WAL left by a crash, before SQLite looks at it.

    SQLite deletes the WAL when a connection to a damaged file closes, and after a power cut
    the WAL holds the newest confirmed captures. A hard link costs nothing and keeps them for
    ``set_aside`` if the file turns out damaged; otherwise it is dropped again.
    """
    wal = Path(f"{path}-wal")
    kept = Path(f"{path}{KEPT_WAL}")
    try:
        kept.unlink(missing_ok=True)
        if wal.exists() and wal.stat().st_size > 0:
            os.link(wal, kept)
            return kept
    except OSError:
        pass  # no hard links here: the WAL is still read normally, just not kept aside
    return None


def _discard(kept: Path | None) -> None:
    if kept is not None:
        try:
            kept.unlink(missing_ok=True)
        except OSError:
            pass


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        conn.close()


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problem ``quick_check`` finds (bulk tables aside), or None when sound."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table in NOT_CHECKED or table.startswith("sqlite_"):
            continue
        rows = conn.execute(f"PRAGMA quick_check({table})").fetchall()
        result = "; ".join(str(r[0]) for r in rows)
        if result != "ok":
            detail = " ".join(result.split())[:200]
            return f"database disk image is malformed ({table}: {detail})"
    return None


# -- damaged files ----------------------------------------------------------------------------


def set_aside(path: Path, problem: str) -> Path:
    """Rename the damaged store (and its WAL, which may hold the newest captures); never delete.

    The new name is ``<stem>.damaged-<UTC time><suffix>`` beside the original.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.stem}{DAMAGED_INFIX}{stamp}{path.suffix}")
    try:
        # The WAL as found at start (KEPT_WAL) wins over what SQLite left of it.
        for sidecar, target in (("-wal", "-wal"), (KEPT_WAL, "-wal"), ("-shm", "-shm"), ("", "")):
            source = Path(f"{path}{sidecar}")
            if source.exists():
                source.replace(Path(f"{aside}{target}"))
    except OSError as exc:
        raise StoreUnavailable(
            f"the store file is damaged ({problem}) and cannot be set aside ({exc.strerror})",
            path,
        ) from None
    log.error("store %s is damaged (%s); set aside as %s", path, problem, aside.name)
    return aside


def write_recovery_note(
    path: Path, aside: Path, problem: str, salvaged: int, stopped: str | None
) -> None:
    """The message for IT, beside the set-aside file, shown by the GUI and ``status``."""
    note = [
        f"The store {path.name} was found damaged at start: {problem}.",
        f"It was set aside as {aside.name} (with its -wal file, if any) and a fresh store",
        "was started in its place.",
        f"{salvaged} event revision(s) could be read from it and were carried over; they are",
        "queued again for the regional server, which keeps each revision once.",
    ]
    if stopped:
        note.append(f"Reading stopped early ({stopped}); more may be recoverable with")
        note.append(f"  sqlite3 {aside.name} .recover > recovered.sql")
    note.append("Keep the set-aside file until support has looked at it, then archive it")
    note.append("together with this note; the notice disappears once both are moved away.")
    aside.with_suffix(".txt").write_text("\n".join(note) + "\n", encoding="utf-8")


def recovery_notices(path: Path) -> list[str]:
    """The notes left by ``write_recovery_note`` beside the store at ``path``, oldest first.

    They stay until IT removes the set-aside file and its note, so the GUI and ``status`` can
    show them on every start until someone has dealt with them.
    """
    pattern = f"{path.stem}{DAMAGED_INFIX}*.txt"
    return [p.read_text(encoding="utf-8") for p in sorted(path.parent.glob(pattern))]


def integrity_check(db: Database) -> str:
    """'ok', or the first problems SQLite reports."""
    try:
        rows = db.conn.execute("PRAGMA integrity_check(20)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows)
