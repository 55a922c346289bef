"""Carrying what can still be read from a damaged store file into a fresh one.

Used once, at the start that found the damage. Every readable revision chain is appended again
through ``EventStore.append`` — same checks, same outbox entry — so the salvaged events are
queued for the regional server once more; the server keeps each revision id once. Part counts
come over with what of them was reported, and count reports still waiting in the outbox are
queued again under their own ids, so the region gets each part once. Jobs come over revision by
revision, with their per-job count buckets and their changeover marks.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from local_store.errors import StaleRevision
from local_store.event_store import EventStore
from local_store.jobs import append_jobs, remember_changeover, row_to_job
from local_store.production_counts import PRODUCTION_COUNT
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.revision_rows import row_to_revision

# Rows read per query: a damaged page loses at most its own range of rowids.
CHUNK = 32


def salvage_revisions(damaged: Path, fresh: Database) -> tuple[int, str | None]:
    """Copy the readable revisions (and catalogues) of ``damaged`` into the ``fresh`` store.

    Returns how many revisions were carried over and, if reading stopped early, why.
    """
    rows: list[dict[str, Any]] = []
    catalogues: list[dict[str, Any]] = []
    # Read a copy: SQLite may checkpoint or drop a WAL it opens, and the set-aside files must
    # stay exactly as they were found, for support.
    with tempfile.TemporaryDirectory(prefix="operator-app-salvage-") as scratch:
        copy = Path(scratch) / "damaged.sqlite3"
        try:
            for sidecar in ("", "-wal", "-shm"):
                if Path(f"{damaged}{sidecar}").exists():
                    shutil.copyfile(f"{damaged}{sidecar}", f"{copy}{sidecar}")
            source = sqlite3.connect(str(copy))
        except (OSError, sqlite3.Error) as exc:
            return 0, str(exc)
        try:
            stopped = _read_table(source, "event_revisions", rows)
            _read_table(source, "catalogues", catalogues)
            counts = _read_counts(source)
            jobs: list[dict[str, Any]] = []
            _read_table(source, "job_revisions", jobs)
            changeovers: list[dict[str, Any]] = []
            _read_table(source, "changeovers", changeovers)
            waiting: list[dict[str, Any]] = []
            outbox_stopped = _read_table(source, "outbox", waiting)
            if outbox_stopped and not stopped:
                # Count reports waiting there may be lost: say so in the note for IT.
                stopped = f"outbox: {outbox_stopped}"
        finally:
            source.close()
    store = EventStore(fresh)
    for catalogue in catalogues:
        try:
            store.remember_catalogue(
                catalogue["version"], json.loads(catalogue["document"]), active=False
            )
        except (ValueError, TypeError, sqlite3.Error):
            continue  # a damaged catalogue row: the bundled catalogue still labels events
    _carry_counts(store, counts, waiting)
    carried = sum(_append_chain(store, chain) for chain in _chains(rows))
    # After the events: they come with the job they were stamped with, and one stamped with
    # none must not meet a job in force it never had.
    _carry_jobs(store, jobs, changeovers)
    return carried, stopped


def _carry_jobs(
    store: EventStore, rows: list[dict[str, Any]], changeovers: list[dict[str, Any]]
) -> None:
    """Every readable job, revision by revision in order, and which stops are changeovers.

    Appended again like events (queued for the region once more; it keeps each id once). A job
    whose chain of revisions has a gap stops at the gap: its later state would be a guess.
    """
    by_job: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_job[str(row.get("job_id"))].append(row)
    for chain in by_job.values():
        chain.sort(key=lambda r: int(r.get("seq") or 0))
        for expected, row in enumerate(chain, start=1):
            try:
                if int(row["seq"]) != expected:
                    break
                with store.db.atomic():
                    append_jobs(store, [row_to_job(row)])
            except (KeyError, ValueError, TypeError, sqlite3.Error):
                break
    for row in changeovers:
        try:
            with store.db.atomic():
                remember_changeover(
                    store.db, str(row["event_id"]), str(row["job_id"]), str(row["machine_id"])
                )
        except (KeyError, sqlite3.Error):
            continue


def _read_counts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every count bucket with its reported part, or none if the table cannot be read whole
    (it has no rowid to read around a damaged page by)."""
    try:
        names = {row[1] for row in conn.execute("PRAGMA table_info(production_counts)")}
        reported = (
            "reported_good, reported_reject" if "reported_good" in names else "0, 0"
        )  # a store from before count reports: nothing of it was reported
        # A store from before jobs: every bucket is of no job. Since, a minute in which jobs
        # changed is one row per job, and each must come over.
        job = "job_id, product_code, products_version" if "job_id" in names else "'', NULL, NULL"
        return conn.execute(
            f"SELECT machine_id, bucket_utc, good, reject, {reported}, {job} FROM production_counts"
        ).fetchall()
    except sqlite3.Error:
        return []


def _carry_counts(
    store: EventStore, counts: list[tuple[Any, ...]], outbox: list[dict[str, Any]]
) -> None:
    waiting = [
        row
        for row in outbox
        if row.get("record_kind") == PRODUCTION_COUNT and row.get("state") != "delivered"
    ]
    try:
        with store.db.atomic():
            store.db.conn.executemany(
                "INSERT OR IGNORE INTO production_counts "
                "(machine_id, bucket_utc, good, reject, reported_good, reported_reject, "
                "job_id, product_code, products_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                counts,
            )
    except (sqlite3.Error, ValueError, TypeError):
        pass  # damaged rows: the revisions and the waiting reports come over all the same
    for row in waiting:
        # One at a time: a damaged payload costs its own report only.
        try:
            with store.db.atomic():
                record_id = str(row["record_id"])
                store.enqueue(PRODUCTION_COUNT, record_id, json.loads(row["payload"]))
                if row.get("state") == "quarantined":  # still set aside, with its reason
                    store.db.execute(
                        "UPDATE outbox SET state = 'quarantined', last_error = ?, "
                        "quarantined_utc = ? WHERE record_id = ?",
                        [row.get("last_error"), row.get("quarantined_utc"), record_id],
                    )
        except (sqlite3.Error, ValueError, TypeError, KeyError):
            continue


def _chains(rows: list[dict[str, Any]]) -> Iterator[list[EventRevision]]:
    """Each event's revisions 1, 2, 3 ... up to the first one missing or unreadable."""
    by_event: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        seq = row.get("seq")
        if isinstance(seq, int):
            by_event[str(row.get("event_id"))][seq] = row
    for revisions in by_event.values():
        chain: list[EventRevision] = []
        seq = 1
        while seq in revisions:
            try:
                chain.append(row_to_revision(revisions[seq]))
            except (KeyError, TypeError, ValueError):
                break
            seq += 1
        if chain:
            yield chain


def _append_chain(store: EventStore, chain: list[EventRevision]) -> int:
    try:
        store.append(chain)
    except (StaleRevision, sqlite3.Error):
        return 0
    return len(chain)


def _read_table(conn: sqlite3.Connection, table: str, out: list[dict[str, Any]]) -> str | None:
    """Every readable row of ``table``, by rowid ranges so one bad page costs only its range.

    Returns the first error met, if any (then some rows may be missing).
    """
    first_error: str | None = None
    try:
        cursor = conn.execute(f"SELECT * FROM {table} LIMIT 0")
        names = [d[0] for d in cursor.description]
        last = _last_rowid(conn, table)
    except sqlite3.Error as exc:
        return str(exc)
    for low in range(0, last + 1, CHUNK):
        try:
            rows = conn.execute(
                f"SELECT * FROM {table} WHERE rowid >= ? AND rowid < ?", [low, low + CHUNK]
            ).fetchall()
        except sqlite3.Error as exc:
            first_error = first_error or str(exc)
            continue
        out.extend(dict(zip(names, values, strict=True)) for values in rows)
    return first_error


def _last_rowid(conn: sqlite3.Connection, table: str) -> int:
    """The highest rowid to try: the table's own, else a bound from the file's size."""
    try:
        return int(conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0)
    except sqlite3.Error:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages) * 64  # no page holds more rows than this of a revision
