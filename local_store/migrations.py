"""The store's schema, as forward-only migrations applied at every start.

A migration is never edited once released: a change to the schema is a new function at the
end. ``PRAGMA user_version`` mirrors the number applied, for ``status`` and for support.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("operator-app")


def schema_version(db: Database) -> int:
    return len(MIGRATIONS.applied(db))


_REVISION_COLUMNS = {
    "event_id": str,
    "seq": int,
    "kind": str,
    "machine_id": str,
    "start_utc": str,
    "end_utc": str,
    "reason_code": str,
    "catalogue_version": str,
    "quantity": int,
    "note": str,
    "source": str,
    "author": str,
    "recorded_utc": str,
    "change": str,
    "why": str,
    "device": str,
    "plant": str,
    "area": str,
    "line": str,
    "zone": str,
    "voided": int,
}

_NOT_NULL = {
    "event_id",
    "seq",
    "kind",
    "machine_id",
    "start_utc",
    "note",
    "source",
    "author",
    "recorded_utc",
    "change",
    "why",
    "device",
    "plant",
    "area",
    "line",
    "zone",
    "voided",
}


@MIGRATIONS()
def m001_events_and_outbox(db: Database) -> None:
    # The truth: every revision of every event, append-only.
    db.table("event_revisions").create(
        {"revision_id": str, **_REVISION_COLUMNS},
        pk="revision_id",
        not_null=_NOT_NULL,
        strict=True,
    )
    db.table("event_revisions").create_index(["event_id", "seq"], unique=True)
    # The current state of each event (its newest revision), kept in the same transaction so
    # lists and summaries never have to find the newest revision themselves.
    db.table("events").create(
        {
            "event_id": str,
            "revision_id": str,
            "created_utc": str,
            "created_by": str,
            **{k: v for k, v in _REVISION_COLUMNS.items() if k != "event_id"},
        },
        pk="event_id",
        not_null=_NOT_NULL - {"event_id"} | {"revision_id", "created_utc", "created_by"},
        strict=True,
    )
    db.table("events").create_index(["machine_id", "start_utc"])
    db.table("events").create_index(["kind", "start_utc"])
    db.execute(
        "CREATE INDEX idx_events_open ON events(machine_id) "
        "WHERE kind = 'downtime' AND end_utc IS NULL AND voided = 0"
    )
    # Records waiting for the regional server. Delivered rows are marked, not deleted, until
    # the sync client prunes them; quarantined rows wait for a supervisor.
    db.execute(
        """
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL,
            enqueued_utc TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'delivered', 'quarantined')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            delivered_utc TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_outbox_state ON outbox(state, seq)")
    # Half-made entries, kept per person so an auto-logout or another badge loses nothing.
    db.table("drafts").create(
        {"person_id": str, "payload": str, "saved_utc": str},
        pk="person_id",
        not_null={"payload", "saved_utc"},
        strict=True,
    )
    # Every catalogue version this device has used, so old events keep their labels.
    db.table("catalogues").create(
        {"version": str, "document": str, "received_utc": str, "active": int},
        pk="version",
        not_null={"document", "received_utc", "active"},
        strict=True,
    )
    # Guard the audit trail in the file itself, not only in the code above it.
    db.execute(
        "CREATE TRIGGER event_revisions_append_only_update BEFORE UPDATE ON event_revisions "
        "BEGIN SELECT RAISE(ABORT, 'event revisions are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER event_revisions_append_only_delete BEFORE DELETE ON event_revisions "
        "BEGIN SELECT RAISE(ABORT, 'event revisions are append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER events_never_deleted BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'captured events are never deleted'); END"
    )


@MIGRATIONS()
def m002_production_counts(db: Database) -> None:
    # Good and reject parts per machine per one-minute bucket, written by machine-data
    # acquisition and read by the shift summary. Counts are added, never replaced, so a
    # bucket written in several flushes still sums to what the PLC counted.
    db.execute(
        """
        CREATE TABLE production_counts (
            machine_id TEXT NOT NULL,
            bucket_utc TEXT NOT NULL,
            good INTEGER NOT NULL DEFAULT 0 CHECK (good >= 0),
            reject INTEGER NOT NULL DEFAULT 0 CHECK (reject >= 0),
            PRIMARY KEY (machine_id, bucket_utc)
        ) STRICT, WITHOUT ROWID
        """
    )


@MIGRATIONS()
def m003_tag_history(db: Database) -> None:
    # Machine tag values at one-second resolution (the last value of each second), so trends
    # survive a restart and can show a whole shift. Pruned by age, per machine's retention.
    db.execute(
        """
        CREATE TABLE tag_history (
            machine_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            second INTEGER NOT NULL,
            value REAL,
            quality TEXT NOT NULL,
            PRIMARY KEY (machine_id, tag, second)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX idx_tag_history_second ON tag_history(second)")
