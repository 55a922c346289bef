"""The store's schema, as forward-only migrations applied at every start.

A migration is never edited once released: a change to the schema is a new function at the
end. ``PRAGMA user_version`` mirrors the number applied, for ``status`` and for support.
"""

from __future__ import annotations

import base64
import hashlib

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


@MIGRATIONS()
def m004_shift_records(db: Database) -> None:
    # Shift handover notes, sign-offs, edits made after a sign-off and workflow completions:
    # append-only records that sync like events (see local_store/shift_records.py).
    db.execute(
        """
        CREATE TABLE shift_handover_notes (
            note_id TEXT PRIMARY KEY, shift_id TEXT NOT NULL, author TEXT NOT NULL,
            text TEXT NOT NULL, recorded_utc TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_handover_shift ON shift_handover_notes(shift_id, recorded_utc)")
    db.execute(
        """
        CREATE TABLE shift_signoffs (
            signoff_id TEXT PRIMARY KEY, shift_id TEXT NOT NULL UNIQUE,
            shift_start_utc TEXT NOT NULL, shift_end_utc TEXT NOT NULL,
            calendar_version TEXT NOT NULL, author TEXT NOT NULL, signed_utc TEXT NOT NULL,
            summary TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_signoffs_window ON shift_signoffs(shift_start_utc, shift_end_utc)")
    db.execute(
        """
        CREATE TABLE late_edits (
            revision_id TEXT NOT NULL, event_id TEXT NOT NULL, shift_id TEXT NOT NULL,
            signoff_id TEXT NOT NULL, author TEXT NOT NULL, why TEXT NOT NULL CHECK (why <> ''),
            recorded_utc TEXT NOT NULL,
            PRIMARY KEY (revision_id, shift_id)
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_late_edits_shift ON late_edits(shift_id)")
    db.execute(
        """
        CREATE TABLE workflow_runs (
            run_id TEXT PRIMARY KEY, workflow_code TEXT NOT NULL, workflow_version TEXT NOT NULL,
            person_id TEXT NOT NULL, role TEXT NOT NULL, subject_key TEXT NOT NULL,
            machine_id TEXT, started_utc TEXT NOT NULL, completed_utc TEXT NOT NULL,
            answers TEXT NOT NULL, outcome TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute(
        "CREATE INDEX idx_workflow_runs_subject ON workflow_runs(workflow_code, subject_key)"
    )
    db.execute("CREATE INDEX idx_workflow_runs_completed ON workflow_runs(completed_utc)")
    for table in ("shift_handover_notes", "shift_signoffs", "late_edits", "workflow_runs"):
        for verb in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_append_only_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )
    # Events that may overlap a window yet started more than a day before it: few, and found
    # through this index, so a shift's events are two index ranges however long the history.
    db.execute(
        "CREATE INDEX idx_events_long ON events(start_utc) WHERE end_utc IS NULL "
        "OR julianday(end_utc) - julianday(start_utc) > 1.0"
    )
    # Once a shift is signed off, a person's revision of an event inside it needs its late-edit
    # mark (written by the correction service, with a reason) in the same transaction. Machine
    # detection, ending a stop, and naming or annotating a stop that runs on past the shift stay
    # free: they describe the present, not the signed-off past.
    db.execute(
        """
        CREATE TRIGGER event_revisions_signed_off BEFORE INSERT ON event_revisions
        WHEN NEW.author NOT LIKE 'system:%' AND NEW.change <> 'ended'
            AND NOT EXISTS (SELECT 1 FROM late_edits WHERE revision_id = NEW.revision_id)
            AND EXISTS (
                SELECT 1 FROM shift_signoffs s
                WHERE (
                    (s.shift_start_utc < COALESCE(NEW.end_utc, '9999')
                        AND s.shift_end_utc > NEW.start_utc)
                    OR EXISTS (
                        SELECT 1 FROM events e WHERE e.event_id = NEW.event_id
                        AND s.shift_start_utc < COALESCE(e.end_utc, '9999')
                        AND s.shift_end_utc > e.start_utc
                    )
                )
                AND NOT (
                    NEW.change IN ('categorized', 'annotated')
                    AND (NEW.end_utc IS NULL OR NEW.end_utc > s.shift_end_utc)
                )
            )
        BEGIN
            SELECT RAISE(ABORT, 'shift signed off: a correction needs a supervisor and a reason');
        END
        """
    )


@MIGRATIONS()
def m005_sync(db: Database) -> None:
    # When a record was set aside (the reason is the outbox row's last_error), so a supervisor
    # sees how long it has waited; delivered rows are pruned by delivered_utc.
    db.execute("ALTER TABLE outbox ADD COLUMN quarantined_utc TEXT")
    db.execute(
        "CREATE INDEX idx_outbox_delivered ON outbox(delivered_utc) WHERE state = 'delivered'"
    )
    # What the sync client remembers between rounds: pull cursor, bundle ETag, last success.
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT")
    # Regional bundles as received; exactly one is active once any was applied. The catalogue
    # inside also goes to `catalogues`, so events keep the version they were captured under.
    db.execute(
        """
        CREATE TABLE bundles (
            version INTEGER PRIMARY KEY, etag TEXT NOT NULL, document TEXT NOT NULL,
            published_utc TEXT NOT NULL, received_utc TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
        ) STRICT
        """
    )
    db.execute("CREATE UNIQUE INDEX idx_bundles_active ON bundles(active) WHERE active = 1")
    # Other devices' records of this line or area, pulled through the server's cursor for
    # supervisor views. Kept apart from this device's own event tables and outbox.
    db.execute(
        """
        CREATE TABLE regional_records (
            record_id TEXT PRIMARY KEY, kind TEXT NOT NULL, device TEXT NOT NULL,
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL,
            payload TEXT NOT NULL, server_cursor INTEGER NOT NULL, received_utc TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_regional_records_line ON regional_records(plant, line, kind)")


@MIGRATIONS()
def m006_pulled_events(db: Database) -> None:
    # The newest pulled revision of each of the other stations' events, kept up to date as
    # pages arrive, so a supervisor's view of the lines it covers reads an index, not every
    # pulled record's JSON (a second of the store thread for a week of an area's records).
    db.execute(
        """
        CREATE TABLE pulled_events (
            event_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, kind TEXT NOT NULL,
            plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL, device TEXT NOT NULL,
            start_utc TEXT NOT NULL, end_utc TEXT, voided INTEGER NOT NULL, payload TEXT NOT NULL
        ) STRICT
        """
    )
    # Views ask for what overlaps a recent window: ended after its start, or still open.
    db.execute("CREATE INDEX idx_pulled_events_end ON pulled_events(end_utc)")
    # Records pulled before this version: newest revision first, so OR IGNORE keeps it; a
    # payload missing a field is left out here as it is when pulled (OR IGNORE on NOT NULL).
    db.execute(
        """
        INSERT OR IGNORE INTO pulled_events
        SELECT json_extract(payload, '$.event_id'), json_extract(payload, '$.seq'),
               json_extract(payload, '$.kind'), plant, area, line, device,
               json_extract(payload, '$.start_utc'), json_extract(payload, '$.end_utc'),
               coalesce(json_extract(payload, '$.voided'), 0), payload
        FROM regional_records WHERE kind = 'event_revision' AND json_valid(payload)
        ORDER BY json_extract(payload, '$.seq') DESC
        """
    )


@MIGRATIONS()
def m007_count_reports(db: Database) -> None:
    # How much of each bucket has gone into a count report for the region, so parts reach the
    # outbox exactly once however often a bucket is added to. Buckets counted before this
    # version start at zero reported: their history reaches the region too.
    db.execute("ALTER TABLE production_counts ADD COLUMN reported_good INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "ALTER TABLE production_counts ADD COLUMN reported_reject INTEGER NOT NULL DEFAULT 0"
    )
    # Reports look for what is not reported yet: an index over just those buckets, so a year
    # of history is not scanned every few minutes.
    db.execute(
        "CREATE INDEX idx_production_counts_unreported "
        "ON production_counts(machine_id, bucket_utc) "
        "WHERE good > reported_good OR reject > reported_reject"
    )


@MIGRATIONS()
def m008_counter_positions(db: Database) -> None:
    # Where the client is in following each PLC counter: the last reading whose parts are in
    # production_counts, written in the same transaction as them, so a client started again
    # goes on from it and credits what the counter moved on meanwhile exactly once. It is the
    # counting's bookmark, not a record: one row per counter, moved on at every flush. Its
    # source (table, address, type, word order) tells a reading of the same registers from one
    # of a tag map changed since, which is not gone on from.
    db.execute(
        """
        CREATE TABLE counter_positions (
            machine_id TEXT NOT NULL, tag TEXT NOT NULL, value INTEGER NOT NULL,
            read_utc TEXT NOT NULL, source TEXT NOT NULL, PRIMARY KEY (machine_id, tag)
        ) STRICT
        """
    )
    # What a supervisor must be able to see: every reset, impossible jump and gap of a counter,
    # with the values before and after, when, and what was credited for it.
    db.execute(
        """
        CREATE TABLE counter_discontinuities (
            discontinuity_id TEXT PRIMARY KEY, machine_id TEXT NOT NULL, tag TEXT NOT NULL,
            kind TEXT NOT NULL, before_value INTEGER, after_value INTEGER NOT NULL,
            before_utc TEXT, at_utc TEXT NOT NULL, credited INTEGER NOT NULL,
            preset INTEGER NOT NULL, recorded_utc TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_counter_discontinuities_at ON counter_discontinuities(at_utc)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER counter_discontinuities_append_only_{verb.lower()} "
            f"BEFORE {verb} ON counter_discontinuities "
            "BEGIN SELECT RAISE(ABORT, 'counter discontinuities are append-only'); END"
        )


@MIGRATIONS()
def m009_client_watch(db: Database) -> None:
    # When the client stopped watching each machine (with its last good reading) and when it
    # read it again, so the time between is no signal, never running nor an open stop. Rows
    # are only added; the id keeps their order whatever the PC clock did.
    db.execute(
        """
        CREATE TABLE client_watch (
            id INTEGER PRIMARY KEY,
            machine_id TEXT NOT NULL,
            mark TEXT NOT NULL CHECK (mark IN ('stopped', 'resumed')),
            at_utc TEXT NOT NULL,
            last_reading_utc TEXT
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_client_watch_machine ON client_watch(machine_id, id)")


@MIGRATIONS()
def m010_fault_code(db: Database) -> None:
    # The PLC's fault code that came with a detected stop (0: the fault flag without a code),
    # and whether the reason is the region's fault map's suggestion still waiting for a person.
    # Revisions written before this version had neither: no code, and every reason a person's.
    for table in ("event_revisions", "events"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN fault_code INTEGER")
        db.execute(f"ALTER TABLE {table} ADD COLUMN reason_suggested INTEGER NOT NULL DEFAULT 0")


@MIGRATIONS()
def m011_andon_calls(db: Database) -> None:
    # Every revision of every andon call of the line: this station's own (queued for the
    # region in the same transaction) and the other stations', pulled. Calls are answered from
    # another station than they were raised at, so one table holds both. Only ever added to.
    db.execute(
        """
        CREATE TABLE andon_revisions (
            revision_id TEXT PRIMARY KEY, call_id TEXT NOT NULL, seq INTEGER NOT NULL,
            state TEXT NOT NULL, machine_id TEXT NOT NULL, plant TEXT NOT NULL,
            line TEXT NOT NULL, device TEXT NOT NULL, raised_utc TEXT NOT NULL,
            recorded_utc TEXT NOT NULL, own INTEGER NOT NULL CHECK (own IN (0, 1)),
            payload TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_andon_revisions_call ON andon_revisions(call_id, seq)")
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER andon_revisions_append_only_{verb.lower()} "
            f"BEFORE {verb} ON andon_revisions "
            "BEGIN SELECT RAISE(ABORT, 'andon call revisions are append-only'); END"
        )
    # The current revision of each call (``shopfloor_core.domain.andon.head_of``), kept with
    # every revision added, so the calls strip reads open calls from an index.
    db.execute(
        """
        CREATE TABLE andon_calls (
            call_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL,
            open INTEGER NOT NULL CHECK (open IN (0, 1)), raised_utc TEXT NOT NULL,
            ended_utc TEXT, payload TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_andon_calls_open ON andon_calls(open, raised_utc)")
    db.execute("CREATE INDEX idx_andon_calls_raised ON andon_calls(raised_utc)")


@MIGRATIONS()
def m012_person_language(db: Database) -> None:
    # The language each person chose for themselves on this PC, applied at their next sign-in
    # before the roster's. Choices are only added: the latest row of a person is in force.
    db.execute(
        """
        CREATE TABLE person_languages (
            id INTEGER PRIMARY KEY,
            person_id TEXT NOT NULL,
            language TEXT NOT NULL,
            chosen_utc TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_person_languages_person ON person_languages(person_id, id)")


@MIGRATIONS()
def m013_jobs(db: Database) -> None:
    # Every record carries the job in force on its machine and the product it made, with the
    # products version that names it. Events from before this version had no job: null.
    for table in ("event_revisions", "events"):
        for column in ("job_id", "product_code", "products_version"):
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    db.execute("CREATE INDEX idx_events_job ON events(job_id) WHERE job_id IS NOT NULL")
    # Production orders: every revision (queued, started, paused, resumed, ended, cancelled),
    # only ever added to, and the newest revision of each job beside it for the queue.
    db.execute(
        """
        CREATE TABLE job_revisions (
            revision_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, seq INTEGER NOT NULL,
            change TEXT NOT NULL, state TEXT NOT NULL, product_code TEXT NOT NULL,
            quantity INTEGER NOT NULL, order_number TEXT, machine_id TEXT,
            at_utc TEXT NOT NULL, products_version TEXT NOT NULL, source TEXT NOT NULL,
            author TEXT NOT NULL, recorded_utc TEXT NOT NULL, why TEXT NOT NULL,
            device TEXT NOT NULL, plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL,
            zone TEXT NOT NULL, UNIQUE (job_id, seq)
        ) STRICT
        """
    )
    # "Which job was in force on this machine at this moment" reads this index.
    db.execute(
        "CREATE INDEX idx_job_revisions_machine ON job_revisions(machine_id, at_utc) "
        "WHERE change IN ('started', 'paused', 'resumed', 'ended')"
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER job_revisions_append_only_{verb.lower()} "
            f"BEFORE {verb} ON job_revisions "
            "BEGIN SELECT RAISE(ABORT, 'job revisions are append-only'); END"
        )
    db.execute(
        """
        CREATE TABLE jobs (
            job_id TEXT PRIMARY KEY, revision_id TEXT NOT NULL, seq INTEGER NOT NULL,
            state TEXT NOT NULL, product_code TEXT NOT NULL, order_number TEXT,
            machine_id TEXT, queued_utc TEXT NOT NULL, payload TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_jobs_state ON jobs(state, queued_utc)")
    db.execute(
        "CREATE UNIQUE INDEX idx_jobs_order_number ON jobs(order_number) "
        "WHERE order_number IS NOT NULL"
    )
    # Plant IT's job files, by the SHA-256 of their content: a file dropped twice (or under
    # another name) is not imported again. The report says which rows were refused and why.
    db.execute(
        """
        CREATE TABLE job_imports (
            digest TEXT PRIMARY KEY, file_name TEXT NOT NULL, imported_utc TEXT NOT NULL,
            accepted INTEGER NOT NULL, refused INTEGER NOT NULL, report TEXT NOT NULL
        ) STRICT
        """
    )
    # Count buckets per job: a minute in which one job ended and the next began is two rows,
    # split at the change. '' is "no job" (a key column cannot be null). Rebuilt, not altered,
    # since SQLite cannot change a primary key; every bucket is carried over as it was.
    db.execute(
        """
        CREATE TABLE production_counts_by_job (
            machine_id TEXT NOT NULL,
            bucket_utc TEXT NOT NULL,
            job_id TEXT NOT NULL DEFAULT '',
            product_code TEXT,
            products_version TEXT,
            good INTEGER NOT NULL DEFAULT 0 CHECK (good >= 0),
            reject INTEGER NOT NULL DEFAULT 0 CHECK (reject >= 0),
            reported_good INTEGER NOT NULL DEFAULT 0,
            reported_reject INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (machine_id, bucket_utc, job_id)
        ) STRICT, WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO production_counts_by_job (machine_id, bucket_utc, good, reject, "
        "reported_good, reported_reject) SELECT machine_id, bucket_utc, good, reject, "
        "reported_good, reported_reject FROM production_counts"
    )
    db.execute("DROP TABLE production_counts")
    db.execute("ALTER TABLE production_counts_by_job RENAME TO production_counts")
    db.execute(
        "CREATE INDEX idx_production_counts_unreported "
        "ON production_counts(machine_id, bucket_utc) "
        "WHERE good > reported_good OR reject > reported_reject"
    )
    # Which stops are the changeover before a job: the stop ends at the job's first good part
    # (not when the machine runs again, since start-up scrap is still part of the changeover).
    db.execute(
        """
        CREATE TABLE changeovers (
            event_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, machine_id TEXT NOT NULL
        ) STRICT
        """
    )
    db.execute("CREATE INDEX idx_changeovers_job ON changeovers(job_id)")


@MIGRATIONS()
def m014_ad_hoc_jobs(db: Database) -> None:
    # An ad-hoc job (a machine changed over to a product no order was queued for) has no
    # quantity ordered: the column becomes nullable. Rebuilt, not altered (SQLite cannot drop a
    # NOT NULL); every revision is carried over as it was, and the append-only triggers and the
    # machine index come back with the table.
    db.execute(
        """
        CREATE TABLE job_revisions_nullable (
            revision_id TEXT PRIMARY KEY, job_id TEXT NOT NULL, seq INTEGER NOT NULL,
            change TEXT NOT NULL, state TEXT NOT NULL, product_code TEXT NOT NULL,
            quantity INTEGER, order_number TEXT, machine_id TEXT,
            at_utc TEXT NOT NULL, products_version TEXT NOT NULL, source TEXT NOT NULL,
            author TEXT NOT NULL, recorded_utc TEXT NOT NULL, why TEXT NOT NULL,
            device TEXT NOT NULL, plant TEXT NOT NULL, area TEXT NOT NULL, line TEXT NOT NULL,
            zone TEXT NOT NULL, UNIQUE (job_id, seq)
        ) STRICT
        """
    )
    db.execute("INSERT INTO job_revisions_nullable SELECT * FROM job_revisions")
    db.execute("DROP TABLE job_revisions")
    db.execute("ALTER TABLE job_revisions_nullable RENAME TO job_revisions")
    db.execute(
        "CREATE INDEX idx_job_revisions_machine ON job_revisions(machine_id, at_utc) "
        "WHERE change IN ('started', 'paused', 'resumed', 'ended')"
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER job_revisions_append_only_{verb.lower()} "
            f"BEFORE {verb} ON job_revisions "
            "BEGIN SELECT RAISE(ABORT, 'job revisions are append-only'); END"
        )


@MIGRATIONS()
def m015_signing_key_pins(db: Database) -> None:
    # Every change of the regional server's key this PC trusts (sync/key_pins.py): the key in
    # force stays in sync_state, and each pin, with the one before, when and how, is kept here.
    db.execute(
        """
        CREATE TABLE signing_key_pins (
            entry INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL,
            fingerprint TEXT NOT NULL, previous_key TEXT, how TEXT NOT NULL,
            changed_utc TEXT NOT NULL, detail TEXT NOT NULL
        ) STRICT
        """
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER signing_key_pins_append_only_{verb.lower()} "
            f"BEFORE {verb} ON signing_key_pins "
            "BEGIN SELECT RAISE(ABORT, 'the history of pinned keys is append-only'); END"
        )
    # A key pinned before this history was kept starts it, so its successor has a predecessor.
    row = db.execute("SELECT value FROM sync_state WHERE key = 'bundle_signing_key'").fetchone()
    if row is not None:
        digest = hashlib.sha256(base64.b64decode(row[0])).hexdigest().upper()
        db.execute(
            "INSERT INTO signing_key_pins (key, fingerprint, previous_key, how, changed_utc, "
            "detail) VALUES (?, ?, NULL, 'first contact', "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'pinned before this history was kept')",
            [row[0], ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))],
        )
