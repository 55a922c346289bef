"""Storing pushed records exactly once, and handing them out again through a cursor.

A record is keyed by its id. The first copy is stored; a later copy with the same content is a
duplicate (the answer to an earlier push was lost); a later copy with other content is refused,
since a revision never changes once made. Each record is checked on its own, so one bad record
never holds back the rest of its batch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from regional_server import bundles, record_checks, revision_facts, rollups, site_rules
from regional_server.database import POSTGRESQL, Connection
from regional_server.tokens import Credential
from shopfloor_core.andon_rows import record_to_call
from shopfloor_core.contract import (
    ANDON_CALL_REVISION,
    EVENT_REVISION,
    JOB_REVISION,
    MAX_COUNT_BUCKETS,
    PRODUCTION_COUNT,
    RECORD_KINDS,
    Outcome,
)
from shopfloor_core.domain.clock import from_iso, to_iso, utc_now
from shopfloor_core.revision_rows import row_to_revision

SHIFT_SIGNOFF = "shift_signoff"
# The id field each record kind carries in its payload (late edits have a composite id).
ID_FIELDS = {
    EVENT_REVISION: "revision_id",
    "shift_handover_note": "note_id",
    SHIFT_SIGNOFF: "signoff_id",
    "workflow_run": "run_id",
    PRODUCTION_COUNT: "report_id",
    ANDON_CALL_REVISION: "revision_id",
    JOB_REVISION: "revision_id",
}
REVISION_FIELDS = {
    "revision_id": str,
    "event_id": str,
    "seq": int,
    "kind": str,
    "machine_id": str,
    "start_utc": str,
    "recorded_utc": str,
    "author": str,
    "device": str,
    "plant": str,
    "area": str,
    "line": str,
}
# Fields a revision must carry, each text or null.
REVISION_TEXT_OR_NULL = ("end_utc", "reason_code", "catalogue_version", "note", "why", "zone")
IDEMPOTENCY_KEYS_KEPT = timedelta(days=2)
CONFLICT = "conflict: a record with this id is stored with other content"
# Rows a multi-row statement carries: 500 x 15 values stays under SQLite's 32,766 variables.
ROWS_A_STATEMENT = 500
# Bounds of a count bucket: no machine makes a million parts a minute, and sums of counts a
# thousand times larger still fit SQLite's integers; years far off are a clock or a bug.
MAX_PARTS_A_MINUTE = 1_000_000
BUCKET_YEARS = (2000, 2100)


@dataclass(frozen=True)
class Incoming:
    kind: str
    record_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Answer:
    record_id: str
    outcome: Outcome
    reason: str = ""


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def problem(
    record: Incoming, who: Credential, known: record_checks.Knowledge | None = None
) -> str | None:
    """Why ``record`` can never be stored as sent, or None: its shape, then its content."""
    shape = _shape_problem(record, who)
    if shape is not None:
        return shape
    known = known or record_checks.Knowledge(utc_now())
    return record_checks.refusal(record.kind, record.record_id, record.payload, who, known)


def _shape_problem(record: Incoming, who: Credential) -> str | None:
    if record.kind not in RECORD_KINDS:
        return f"unknown_kind: {record.kind!r} is not a record kind of contract v1"
    if not record.record_id or len(record.record_id) > 200:
        return "invalid: the id must be 1 to 200 characters"
    id_field = ID_FIELDS.get(record.kind)
    if id_field is not None and record.payload.get(id_field) != record.record_id:
        return f"invalid: payload.{id_field} differs from the record id"
    if record.kind == PRODUCTION_COUNT:
        return _count_problem(record.payload)
    if record.kind == ANDON_CALL_REVISION:
        return _call_problem(record.payload, who)
    if record.kind != EVENT_REVISION:
        return None
    for name, kind in REVISION_FIELDS.items():
        value = record.payload.get(name)
        if not isinstance(value, kind) or isinstance(value, bool) or value == "":
            return f"invalid: payload.{name} is missing or not a {kind.__name__}"
    if record.payload["seq"] < 1:
        return "invalid: payload.seq must be at least 1"
    for name in ("start_utc", "recorded_utc", "end_utc"):
        value = record.payload.get(name)
        if value is None and name == "end_utc":
            continue
        try:
            from_iso(str(value))
        except ValueError:
            return f"invalid: payload.{name} is not an ISO 8601 time with a zone"
    readable = _revision_problem(record.payload)
    if readable is not None:
        return readable
    plant, line = record.payload["plant"], record.payload["line"]
    if (plant, line) != (who.plant, who.line):
        return (
            f"scope: the record is of plant {plant} line {line}; this device may write "
            f"plant {who.plant} line {who.line} only"
        )
    return None


def _call_problem(payload: dict[str, Any], who: Credential) -> str | None:
    """An andon call revision: readable as one, and of the sending station's line.

    The station that writes a revision need not be the one that raised the call (the
    maintenance station acknowledges a press's call), but both are of the call's line.
    """
    try:
        call = record_to_call(payload)
    except (KeyError, ValueError, TypeError) as exc:
        return f"invalid: not an andon call revision of contract v1 ({exc})"
    if (call.stamp.plant, call.stamp.line) != (who.plant, who.line):
        return (
            f"scope: the call is of plant {call.stamp.plant} line {call.stamp.line}; this "
            f"device may write plant {who.plant} line {who.line} only"
        )
    return None


def _revision_problem(payload: dict[str, Any]) -> str | None:
    """The rest of a revision, so that every stored one can be read back (summary, pull)."""
    for name in REVISION_TEXT_OR_NULL:
        if name not in payload:
            return f"invalid: payload.{name} must be given, as text or null"
        if payload[name] is not None and not isinstance(payload[name], str):
            return f"invalid: payload.{name} must be text or null"
    quantity = payload.get("quantity", "missing")
    if quantity is not None and not _count(quantity):
        return "invalid: payload.quantity must be a whole number >= 0 or null"
    if payload.get("voided", "missing") not in (True, False):  # 0 and 1 too, as stored
        return "invalid: payload.voided must be true or false"
    try:
        row_to_revision(payload)
    except (KeyError, ValueError, TypeError) as exc:
        return f"invalid: not an event revision of contract v1 ({exc})"
    return None


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


def _parts(value: Any) -> bool:
    return _count(value) and value <= MAX_PARTS_A_MINUTE


def _count_problem(payload: dict[str, Any]) -> str | None:
    machine = payload.get("machine_id")
    if not isinstance(machine, str) or not machine:
        return "invalid: payload.machine_id is missing or not a str"
    cycle = payload.get("ideal_cycle_time_s")
    if cycle is not None and (
        not isinstance(cycle, int | float) or isinstance(cycle, bool) or not 0 < cycle <= 86400
    ):
        return "invalid: payload.ideal_cycle_time_s must be null or in (0, 86400] seconds"
    buckets = payload.get("buckets")
    if not isinstance(buckets, list) or not 1 <= len(buckets) <= MAX_COUNT_BUCKETS:
        return f"invalid: payload.buckets must be a list of 1 to {MAX_COUNT_BUCKETS} buckets"
    seen = set()
    for i, bucket in enumerate(buckets):
        if not isinstance(bucket, dict):
            return f"invalid: payload.buckets[{i}] is not an object"
        text = str(bucket.get("bucket_utc"))
        try:
            start = from_iso(text)
        except ValueError:
            return f"invalid: payload.buckets[{i}].bucket_utc is not an ISO 8601 time with a zone"
        if start.second or start.microsecond:
            return f"invalid: payload.buckets[{i}].bucket_utc is not the start of a minute"
        if not BUCKET_YEARS[0] <= start.year <= BUCKET_YEARS[1]:
            return (
                f"invalid: payload.buckets[{i}].bucket_utc is outside the years "
                f"{BUCKET_YEARS[0]} to {BUCKET_YEARS[1]}"
            )
        # One spelling only, so the summary compares bucket times as text inside SQLite.
        if text != to_iso(start):
            return (
                f"invalid: payload.buckets[{i}].bucket_utc must be written in UTC as "
                f"{to_iso(start)}"
            )
        # Contract v2: a minute in which jobs changed comes as one bucket per job.
        key = (start, bucket.get("job_id"))
        if key in seen:
            return f"invalid: payload.buckets[{i}].bucket_utc appears twice for one job"
        seen.add(key)
        if not _parts(bucket.get("good")) or not _parts(bucket.get("reject")):
            return (
                f"invalid: payload.buckets[{i}] needs whole good and reject counts from 0 to "
                f"{MAX_PARTS_A_MINUTE:,}"
            )
    return None


def _span(record: Incoming) -> tuple[str | None, str | None]:
    """The ``[start_utc, end_utc)`` a stored record covers, for the summary's indexes."""
    if record.kind == EVENT_REVISION:
        # In the one spelling ``to_iso`` writes, whatever the device sent: the summary compares
        # these columns as text.
        start, end = record.payload["start_utc"], record.payload.get("end_utc")
        return to_iso(from_iso(start)), to_iso(from_iso(end)) if end else None
    if record.kind == ANDON_CALL_REVISION:
        ended = record.payload.get("ended_utc")
        return (
            to_iso(from_iso(str(record.payload["raised_utc"]))),
            to_iso(from_iso(str(ended))) if ended else None,
        )
    if record.kind == SHIFT_SIGNOFF:
        # As sent, not respelled: the summary compares the sign-off's shift start as text,
        # and this column lets it read only the window's sign-offs.
        shift_start = record.payload.get("shift_start_utc")
        return (shift_start if isinstance(shift_start, str) else None), None
    if record.kind == PRODUCTION_COUNT:
        starts = [from_iso(str(b["bucket_utc"])) for b in record.payload["buckets"]]
        return to_iso(min(starts)), to_iso(max(starts) + timedelta(minutes=1))
    return None, None


def fold_event_head(conn: Connection, plant: str, line: str, payload: dict[str, Any]) -> None:
    """Make ``payload`` its event's head on the line if it is newer than the one kept."""
    fold_event_heads(conn, plant, line, [payload])


def fold_event_heads(
    conn: Connection, plant: str, line: str, payloads: list[dict[str, Any]]
) -> None:
    """Make each payload its event's head on the line if it is newer than the one kept.

    A payload whose times cannot be read (stored before every field was checked) is left out.
    """
    heads = []
    for payload in payloads:
        try:
            start = to_iso(from_iso(str(payload["start_utc"])))
            end = to_iso(from_iso(str(payload["end_utc"]))) if payload.get("end_utc") else None
            heads.append(
                (str(payload["event_id"]), int(payload["seq"]), start, end, canonical(payload))
            )
        except (KeyError, ValueError, TypeError, OverflowError):
            continue
    _keep_newest_heads(conn, plant, line, heads)


# An event head: (event_id, seq, start_utc, end_utc, payload text), times as to_iso writes them.
Head = tuple[str, int, str, str | None, str]


def _keep_newest_heads(conn: Connection, plant: str, line: str, heads: list[Head]) -> None:
    """One statement for a batch: of several revisions of one event the first with the highest
    seq is kept, as one by one in order would."""
    newest: dict[str, Head] = {}
    for head in heads:
        kept = newest.get(head[0])
        if kept is None or head[1] > kept[1]:
            newest[head[0]] = head
    rows = list(newest.values())
    if not rows:
        return
    if conn.dialect == POSTGRESQL:
        conn.execute_arrays(
            "INSERT INTO event_heads (plant, line, event_id, seq, start_utc, end_utc, payload) "
            "SELECT ?, ?, e, s, st, en, p FROM unnest(?::text[], ?::bigint[], ?::text[], "
            f"?::text[], ?::text[]) AS t(e, s, st, en, p) {_NEWER_HEAD}",
            [plant, line, *(list(column) for column in zip(*rows, strict=True))],
        )
        return
    for chunk in range(0, len(rows), ROWS_A_STATEMENT):
        part = rows[chunk : chunk + ROWS_A_STATEMENT]
        conn.execute(
            "INSERT INTO event_heads (plant, line, event_id, seq, start_utc, end_utc, payload) "
            f"VALUES {_rows(len(part), 7)} {_NEWER_HEAD}",
            [value for row in part for value in (plant, line, *row)],
        )


_NEWER_HEAD = (
    "ON CONFLICT (plant, line, event_id) DO UPDATE SET seq = excluded.seq, "
    "start_utc = excluded.start_utc, end_utc = excluded.end_utc, payload = excluded.payload "
    "WHERE excluded.seq > event_heads.seq"
)


def _rows(count: int, width: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return ", ".join([row] * count)


def check_idempotency_key(
    conn: Connection, who: Credential, key: str, body_digest: str, now: datetime
) -> bool:
    """False when ``key`` was used before for a different batch (a client bug, refused)."""
    # Each device clears its own old keys: concurrent pushes of different devices never touch
    # the same rows (on PostgreSQL they would otherwise wait for, or deadlock on, each other).
    conn.execute(
        "DELETE FROM idempotency_keys WHERE token_id = ? AND first_utc < ?",
        [who.token_id, to_iso(now - IDEMPOTENCY_KEYS_KEPT)],
    )
    # Insert first: a retry racing its own first attempt waits for it instead of failing on
    # the key (SQLite's single writer never races; PostgreSQL's writers do).
    inserted = conn.execute(
        "INSERT INTO idempotency_keys (token_id, key, digest, first_utc) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (token_id, key) DO NOTHING",
        [who.token_id, key, body_digest, to_iso(now)],
    )
    if inserted.rowcount:
        return True
    row = conn.execute(
        "SELECT digest FROM idempotency_keys WHERE token_id = ? AND key = ?", [who.token_id, key]
    ).fetchone()
    return row is not None and bool(row[0] == body_digest)


def store_records(
    conn: Connection,
    who: Credential,
    records: list[Incoming],
    now: datetime | None = None,
) -> list[Answer]:
    """Store each new record once; call inside a write transaction."""
    moment = now or utc_now()
    received = to_iso(moment)
    known = record_checks.Knowledge(
        moment,
        lambda: record_checks.catalogues_of(
            b.document for b in bundles.published_newest_first(conn, who.plant)
        ),
        published_products=lambda: record_checks.products_of(
            b.document for b in bundles.published_newest_first(conn, who.plant)
        ),
    )
    answers: list[Answer | None] = []
    ready: list[Checked] = []
    for record in records:
        try:
            refused = problem(record, who, known)
            if refused is None:
                start_utc, end_utc = _span(record)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            # A payload the checks above let through and still cannot be stored: refused on
            # its own, so it neither fails its batch (a 500) nor blocks the device's outbox.
            refused = f"invalid: the record cannot be stored ({type(exc).__name__}: {exc})"
        if refused is not None:
            answers.append(Answer(record.record_id, Outcome.REJECTED, refused))
            continue
        text = canonical(record.payload)
        answers.append(None)  # decided below, with the rest of the batch
        ready.append(
            Checked(len(answers) - 1, record, text, content_digest(text), start_utc, end_utc)
        )
    return _store_ready(conn, who, received, ready, answers)


@dataclass(frozen=True, eq=False)
class Checked:
    """A record that passed every check, with what its row needs (times as to_iso writes)."""

    answer_at: int  # its place among the batch's answers
    record: Incoming
    text: str
    digest: str
    start_utc: str | None
    end_utc: str | None


def _store_ready(
    conn: Connection,
    who: Credential,
    received: str,
    ready: list[Checked],
    answers: list[Answer | None],
) -> list[Answer]:
    """Insert the checked records, a few statements a batch instead of one or two a record.

    Only the first copy of an id in the batch is offered to the insert; inserted rows come
    back through RETURNING. A copy that was not inserted (stored before, or a later copy in
    this batch) is a duplicate if it is stored with the same content by the same line, else a
    conflict.
    """
    first_copy: dict[str, Checked] = {}
    for item in ready:
        first_copy.setdefault(item.record.record_id, item)
    inserted = _insert(conn, who, received, list(first_copy.values()))
    accepted = [
        first_copy[i.record.record_id] is i and i.record.record_id in inserted for i in ready
    ]
    held = _held(
        conn, [item.record.record_id for item, new in zip(ready, accepted, strict=True) if not new]
    )
    stored: list[Checked] = []
    for item, new in zip(ready, accepted, strict=True):
        rid = item.record.record_id
        if new:
            answers[item.answer_at] = Answer(rid, Outcome.ACCEPTED)
            stored.append(item)
        elif held.get(rid) == (item.digest, who.plant, who.line):
            answers[item.answer_at] = Answer(rid, Outcome.DUPLICATE)
        else:
            answers[item.answer_at] = Answer(rid, Outcome.REJECTED, CONFLICT)
    after_insert(conn, who, stored)
    # The measures' columns of each new revision (they need the server's received time).
    revision_facts.keep(
        conn,
        [
            revision_facts.fact(c.record.record_id, who.plant, who.line, c.record.payload, received)
            for c in stored
            if c.record.kind == EVENT_REVISION
        ],
    )
    return [a for a in answers if a is not None]


def after_insert(conn: Connection, who: Credential, stored: list[Checked]) -> None:
    """What follows from the records this batch stored, in the push's transaction.

    ``stored`` holds the records inserted now, in the order sent: never a duplicate (sent
    again, or twice in the batch), a conflict or a refused record, so whatever is kept up to
    date from them here counts each record once.
    """
    heads = [
        (
            str(c.record.payload["event_id"]),
            int(c.record.payload["seq"]),
            c.start_utc,
            c.end_utc,
            c.text,
        )
        for c in stored
        if c.record.kind == EVENT_REVISION and c.start_utc is not None
    ]
    reports = [
        (c.record.payload, c.start_utc, c.end_utc)
        for c in stored
        if c.record.kind == PRODUCTION_COUNT and c.start_utc and c.end_utc
    ]
    # The rollups follow the heads and counts (regional_server/rollups.py).
    deltas = rollups.Deltas()
    if heads:
        events = [head[0] for head in heads]
        rollups.lock_events(conn, who.plant, who.line, events)
        before = rollups.current_heads(conn, who.plant, who.line, events)
        _keep_newest_heads(conn, who.plant, who.line, heads)
        after = rollups.current_heads(conn, who.plant, who.line, events)
        rules = partial(site_rules.plant_rules, conn, who.plant)
        deltas.add(rollups.heads_changed(conn, who.plant, who.line, before, after, rules))
    if reports:
        deltas.add(rollups.count_deltas(conn, who.plant, who.line, reports))
    rollups.add(conn, who.plant, who.line, deltas)


# The columns a record's row takes from the record itself; the rest come from the token.
_RECORD_COLUMNS = (
    "cursor, record_id, kind, payload, digest, event_id, event_seq, start_utc, end_utc"
)
_TOKEN_COLUMNS = "plant, area, line, device, received_utc, token_id"
# PostgreSQL: one statement whatever the batch size, each column an array. Its text never
# changes, so psycopg prepares it once per connection; a VALUES list of 15 parameters a row
# was a new statement for every batch size, parsed and planned on both sides every time.
_INSERT_ARRAYS = (
    f"INSERT INTO records ({_RECORD_COLUMNS}, {_TOKEN_COLUMNS}) "
    "SELECT c, r, k, p, d, e, s, st, en, ?, ?, ?, ?, ?, ? FROM unnest(?::bigint[], ?::text[], "
    "?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) "
    "AS t(c, r, k, p, d, e, s, st, en) ON CONFLICT (record_id) DO NOTHING RETURNING record_id"
)


def _insert(conn: Connection, who: Credential, received: str, ready: list[Checked]) -> set[str]:
    """The ids of ``ready`` (one copy of each) inserted now; the others are stored already."""
    rows = []
    for item in ready:
        event = item.record.payload if item.record.kind == EVENT_REVISION else {}
        rows.append(
            [
                conn.feed_cursor(),
                item.record.record_id,
                item.record.kind,
                item.text,
                item.digest,
                event.get("event_id"),
                event.get("seq"),
                item.start_utc,
                item.end_utc,
            ]
        )
    token = [who.plant, who.area, who.line, who.device, received, who.token_id]
    if not rows:
        return set()
    if conn.dialect == POSTGRESQL:
        columns = [list(column) for column in zip(*rows, strict=True)]
        found = conn.execute_arrays(_INSERT_ARRAYS, [*token, *columns]).fetchall()
        return {row[0] for row in found}
    inserted: set[str] = set()
    for chunk in range(0, len(rows), ROWS_A_STATEMENT):
        part = rows[chunk : chunk + ROWS_A_STATEMENT]
        found = conn.execute(
            f"INSERT INTO records ({_RECORD_COLUMNS}, {_TOKEN_COLUMNS}) "
            f"VALUES {_rows(len(part), 15)} ON CONFLICT(record_id) DO NOTHING "
            "RETURNING record_id",
            [value for row in part for value in (*row, *token)],
        ).fetchall()
        inserted.update(row[0] for row in found)
    return inserted


def _held(conn: Connection, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    """(digest, plant, line) of each of ``ids`` that is stored."""
    if not ids:
        return {}
    if conn.dialect == POSTGRESQL:
        found = conn.execute_arrays(
            "SELECT record_id, digest, plant, line FROM records WHERE record_id = ANY(?::text[])",
            [ids],
        ).fetchall()
        return {rid: (digest, plant, line) for rid, digest, plant, line in found}
    held: dict[str, tuple[str, str, str]] = {}
    for chunk in range(0, len(ids), ROWS_A_STATEMENT):
        part = ids[chunk : chunk + ROWS_A_STATEMENT]
        found = conn.execute(
            "SELECT record_id, digest, plant, line FROM records "
            f"WHERE record_id IN ({', '.join('?' * len(part))})",
            part,
        ).fetchall()
        held.update((rid, (digest, plant, line)) for rid, digest, plant, line in found)
    return held


def pull(
    conn: Connection, who: Credential, *, after: int, limit: int, area_wide: bool
) -> tuple[list[dict[str, Any]], int, bool]:
    """Other devices' records of the caller's line (or area), oldest first, past ``after``.

    Count reports stay on the server: they feed the region's figures, no station's screen,
    and would be most of what a supervisor station pulls and keeps. Records of transactions
    still running (PostgreSQL) wait for a later pull, so the cursor never passes one of them.
    """
    column, value = ("area", who.area) if area_wide else ("line", who.line)
    rows = conn.execute(
        f"SELECT cursor, kind, record_id, device, plant, area, line, payload FROM records "
        f"WHERE plant = ? AND {column} = ? AND cursor > ? AND device <> ? "
        f"AND kind <> 'production_count' AND {conn.feed_horizon} "
        f"ORDER BY cursor LIMIT ?",
        [who.plant, value, after, who.device, limit + 1],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    records = [
        {
            "cursor": c,
            "kind": kind,
            "id": rid,
            "device": device,
            "plant": plant,
            "area": area,
            "line": line,
            "payload": json.loads(payload),
        }
        for c, kind, rid, device, plant, area, line, payload in rows
    ]
    next_cursor = rows[-1][0] if rows else after
    return records, next_cursor, more
