"""Events, their revisions and the outbox, written in one transaction per capture."""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from local_store.database import integrity_check, open_database
from local_store.errors import StaleRevision, StoreUnavailable, environment_problem
from local_store.job_in_force import job_in_force
from local_store.migrations import schema_version
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.revision_rows import revision_to_row, row_to_revision

EVENT_REVISION = "event_revision"

log = logging.getLogger(__name__)


@functools.cache
def _revision_statements(columns: tuple[str, ...]) -> tuple[str, str]:
    """The revision insert and the current-state upsert for a revision row of ``columns``.

    Plain prepared statements: the capture path writes these on every tap, and the generic
    table helpers look the table up again each time.
    """
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    kept = ("event_id", "created_utc", "created_by")
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in kept)
    return (
        f"INSERT INTO event_revisions ({names}) VALUES ({marks})",
        f"INSERT INTO events ({names}, created_utc, created_by) VALUES ({marks}, ?, ?) "
        f"ON CONFLICT(event_id) DO UPDATE SET {updates}",
    )


class EventStore:
    """The store as the services see it. One instance per thread."""

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path) -> EventStore:
        return cls(open_database(path), path)

    def close(self) -> None:
        self.db.conn.close()

    # -- writing ------------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction, holding the store's write lock from its first statement.

        A service reads what it decides on (is the machine already down? does this overlap?)
        inside it, so no other connection can change that before the write lands. Writes made
        inside (``append``, ``enqueue``) join it as savepoints; the whole commits durably at the
        end, or not at all. A store that cannot be written (locked past the busy timeout, disk
        full, read-only) becomes ``StoreUnavailable``, logged with its cause.
        """
        try:
            with self.db.atomic():
                yield
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from None

    def _unavailable(self, exc: sqlite3.OperationalError) -> StoreUnavailable | sqlite3.Error:
        problem = environment_problem(exc)
        if problem is None:
            return exc
        log.error("store %s cannot be written: %s", self.path, exc)
        return StoreUnavailable(problem, self.path)

    def append(self, revisions: Sequence[EventRevision]) -> None:
        """Commit ``revisions`` durably, all or none, each with its outbox entry.

        When this returns the revisions are on disk (synchronous=FULL); only then may a
        screen confirm the capture.
        """
        try:
            with self.db.atomic():
                for rev in revisions:
                    self._append_one(rev)
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" in str(exc) and "event_revisions" in str(exc):
                raise StaleRevision(str(exc)) from None
            raise
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from None

    def _append_one(self, rev: EventRevision) -> None:
        head = self.db.execute(
            "SELECT seq, created_utc, created_by, job_id, product_code, products_version "
            "FROM events WHERE event_id = ?",
            [rev.event_id],
        ).fetchone()
        expected = 1 if head is None else head[0] + 1
        if rev.seq != expected:
            raise StaleRevision(
                f"event {rev.event_id}: revision {rev.seq} but the next is {expected}"
            )
        if rev.job_id is None:
            rev = self._with_job(rev, head)
        row = revision_to_row(rev)
        insert_revision, upsert_event = _revision_statements(tuple(row))
        values = list(row.values())
        self.db.conn.execute(insert_revision, values)
        created = [head[1], head[2]] if head else [row["recorded_utc"], row["author"]]
        self.db.conn.execute(upsert_event, values + created)
        self.enqueue(EVENT_REVISION, rev.revision_id, row)

    def _with_job(self, rev: EventRevision, head: tuple[Any, ...] | None) -> EventRevision:
        """``rev`` stamped with its job: the one in force when the event began (a first
        revision), or the one its event already carries (a revision built from a copy made
        before the store stamped it)."""
        if head is not None:
            job_id, product, version = head[3], head[4], head[5]
        else:
            held = job_in_force(self.db, rev.machine_id, rev.start_utc)
            if held is None:
                return rev
            job_id, product, version = held.job_id, held.product_code, held.products_version
        if job_id is None:
            return rev
        return replace(rev, job_id=job_id, product_code=product, products_version=version)

    def enqueue(self, record_kind: str, record_id: str, payload: dict[str, Any]) -> None:
        """Add a record to the outbox; call inside the transaction that wrote the record."""
        self.db.execute(
            "INSERT INTO outbox (record_kind, record_id, payload, enqueued_utc)"
            " VALUES (?, ?, ?, ?)",
            [record_kind, record_id, json.dumps(payload, separators=(",", ":")), to_iso(utc_now())],
        )

    # -- reading ------------------------------------------------------------------------------
    def current(self, event_id: str) -> EventRevision | None:
        row = self._one("SELECT * FROM events WHERE event_id = ?", [event_id])
        return row_to_revision(row) if row else None

    def history(self, event_id: str) -> list[EventRevision]:
        rows = self._rows(
            "SELECT * FROM event_revisions WHERE event_id = ? ORDER BY seq", [event_id]
        )
        return [row_to_revision(r) for r in rows]

    def open_downtimes(self, machine_id: str | None = None) -> list[EventRevision]:
        sql = "SELECT * FROM events WHERE kind = 'downtime' AND end_utc IS NULL AND voided = 0"
        params: list[Any] = []
        if machine_id is not None:
            sql += " AND machine_id = ?"
            params.append(machine_id)
        return [row_to_revision(r) for r in self._rows(sql + " ORDER BY start_utc", params)]

    def uncategorized_downtimes(self, limit: int = 200) -> list[EventRevision]:
        """Downtime waiting for a person to name it: no reason, or only the PLC's suggestion."""
        rows = self._rows(
            "SELECT * FROM events WHERE kind = 'downtime' "
            "AND (reason_code IS NULL OR reason_suggested = 1) AND voided = 0 "
            "ORDER BY start_utc DESC LIMIT ?",
            [limit],
        )
        return [row_to_revision(r) for r in rows]

    def downtime_intervals(
        self, machine_id: str, around: Interval, *, exclude: Iterable[str] = ()
    ) -> list[Interval]:
        """Recorded downtime of ``machine_id`` that may touch ``around`` (for the timeline rule)."""
        excluded = set(exclude)
        sql = (
            "SELECT event_id, start_utc, end_utc FROM events WHERE kind = 'downtime' "
            "AND voided = 0 AND machine_id = ? AND (end_utc IS NULL OR end_utc > ?)"
        )
        params: list[Any] = [machine_id, to_iso(around.start)]
        if around.end is not None:
            sql += " AND start_utc < ?"
            params.append(to_iso(around.end))
        out = []
        for event_id, start, end in self.db.execute(sql, params).fetchall():
            if event_id in excluded:
                continue
            out.append(Interval(from_iso(start), from_iso(end) if end else None))
        return out

    def events_between(
        self, start: datetime, end: datetime, kind: EventKind | None = None
    ) -> list[EventRevision]:
        """Current events that overlap ``[start, end)``, oldest first."""
        sql = (
            "SELECT * FROM events WHERE start_utc < ? AND (end_utc IS NULL OR end_utc >= ?) "
            "AND voided = 0"
        )
        params: list[Any] = [to_iso(end), to_iso(start)]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind.value)
        return [row_to_revision(r) for r in self._rows(sql + " ORDER BY start_utc", params)]

    def recent_events(self, limit: int = 50) -> list[EventRevision]:
        rows = self._rows(
            "SELECT * FROM events WHERE voided = 0 ORDER BY start_utc DESC LIMIT ?", [limit]
        )
        return [row_to_revision(r) for r in rows]

    # -- drafts -------------------------------------------------------------------------------
    def save_draft(self, person_id: str, payload: dict[str, Any]) -> None:
        with self.db.atomic():
            self.db.table("drafts").upsert(
                {
                    "person_id": person_id,
                    "payload": json.dumps(payload),
                    "saved_utc": to_iso(utc_now()),
                },
                pk="person_id",
            )

    def load_draft(self, person_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT payload FROM drafts WHERE person_id = ?", [person_id])
        return json.loads(row["payload"]) if row else None

    def discard_draft(self, person_id: str) -> None:
        # Drafts are not captured records: once used, they go.
        with self.db.atomic():
            self.db.execute("DELETE FROM drafts WHERE person_id = ?", [person_id])

    # -- catalogues ---------------------------------------------------------------------------
    def remember_catalogue(self, version: str, document: dict[str, Any], *, active: bool) -> None:
        with self.db.atomic():
            if active:
                self.db.execute("UPDATE catalogues SET active = 0 WHERE active = 1")
            self.db.execute(
                "INSERT INTO catalogues (version, document, received_utc, active) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(version) DO UPDATE SET active = excluded.active",
                [version, json.dumps(document), to_iso(utc_now()), int(active)],
            )

    def active_catalogue_document(self) -> dict[str, Any] | None:
        row = self._one("SELECT document FROM catalogues WHERE active = 1", [])
        return json.loads(row["document"]) if row else None

    def catalogue_document(self, version: str) -> dict[str, Any] | None:
        row = self._one("SELECT document FROM catalogues WHERE version = ?", [version])
        return json.loads(row["document"]) if row else None

    def active_bundle(self) -> tuple[int, dict[str, Any]] | None:
        """The regional bundle in force (its version and sections), None before the first."""
        row = self._one("SELECT version, document FROM bundles WHERE active = 1", [])
        return (int(row["version"]), dict(json.loads(row["document"]))) if row else None

    # -- support ------------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        counts = dict(self.db.execute("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())
        outbox = dict(
            self.db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        return {
            "db_path": str(self.path) if self.path else None,
            "schema_version": schema_version(self.db),
            "records": {
                "events": counts,
                "event_revisions": self.db.execute(
                    "SELECT count(*) FROM event_revisions"
                ).fetchone()[0],
            },
            "outbox": {
                "pending": outbox.get("pending", 0),
                "quarantined": outbox.get("quarantined", 0),
                "delivered": outbox.get("delivered", 0),
            },
            "integrity_check": integrity_check(self.db),
        }

    def _rows(self, sql: str, params: Sequence[Any]) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            yield dict(zip(names, values, strict=True))

    def _one(self, sql: str, params: Sequence[Any]) -> dict[str, Any] | None:
        return next(self._rows(sql, params), None)
