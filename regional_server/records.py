"""Storing pushed records exactly once, and handing them out again through a cursor.

A record is keyed by its id. The first copy is stored; a later copy with the same content is a
duplicate (the answer to an earlier push was lost); a later copy with other content is refused,
since a revision never changes once made. Each record is checked on its own, so one bad record
never holds back the rest of its batch.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from operator_app.domain.clock import from_iso, to_iso, utc_now
from regional_server.tokens import Credential
from sync.contract import (
    EVENT_REVISION,
    MAX_COUNT_BUCKETS,
    PRODUCTION_COUNT,
    RECORD_KINDS,
    Outcome,
)

# The id field each record kind carries in its payload (late edits have a composite id).
ID_FIELDS = {
    EVENT_REVISION: "revision_id",
    "shift_handover_note": "note_id",
    "shift_signoff": "signoff_id",
    "workflow_run": "run_id",
    PRODUCTION_COUNT: "report_id",
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
IDEMPOTENCY_KEYS_KEPT = timedelta(days=2)


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


def problem(record: Incoming, who: Credential) -> str | None:
    """Why ``record`` can never be stored as sent, or None."""
    if record.kind not in RECORD_KINDS:
        return f"unknown_kind: {record.kind!r} is not a record kind of contract v1"
    if not record.record_id or len(record.record_id) > 200:
        return "invalid: the id must be 1 to 200 characters"
    id_field = ID_FIELDS.get(record.kind)
    if id_field is not None and record.payload.get(id_field) != record.record_id:
        return f"invalid: payload.{id_field} differs from the record id"
    if record.kind == PRODUCTION_COUNT:
        return _count_problem(record.payload)
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
    plant, line = record.payload["plant"], record.payload["line"]
    if (plant, line) != (who.plant, who.line):
        return (
            f"scope: the record is of plant {plant} line {line}; this device may write "
            f"plant {who.plant} line {who.line} only"
        )
    return None


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


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
        # One spelling only, so the summary compares bucket times as text inside SQLite.
        if text != to_iso(start):
            return (
                f"invalid: payload.buckets[{i}].bucket_utc must be written in UTC as "
                f"{to_iso(start)}"
            )
        if start in seen:
            return f"invalid: payload.buckets[{i}].bucket_utc appears twice"
        seen.add(start)
        if not _count(bucket.get("good")) or not _count(bucket.get("reject")):
            return f"invalid: payload.buckets[{i}] needs whole good and reject counts >= 0"
    return None


def _span(record: Incoming) -> tuple[str | None, str | None]:
    """The ``[start_utc, end_utc)`` a stored record covers, for the summary's indexes."""
    if record.kind == EVENT_REVISION:
        return record.payload.get("start_utc"), record.payload.get("end_utc")
    if record.kind == PRODUCTION_COUNT:
        starts = [from_iso(str(b["bucket_utc"])) for b in record.payload["buckets"]]
        return to_iso(min(starts)), to_iso(max(starts) + timedelta(minutes=1))
    return None, None


def check_idempotency_key(
    conn: sqlite3.Connection, who: Credential, key: str, body_digest: str, now: datetime
) -> bool:
    """False when ``key`` was used before for a different batch (a client bug, refused)."""
    conn.execute(
        "DELETE FROM idempotency_keys WHERE first_utc < ?", [to_iso(now - IDEMPOTENCY_KEYS_KEPT)]
    )
    row = conn.execute(
        "SELECT digest FROM idempotency_keys WHERE token_id = ? AND key = ?", [who.token_id, key]
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO idempotency_keys (token_id, key, digest, first_utc) VALUES (?, ?, ?, ?)",
            [who.token_id, key, body_digest, to_iso(now)],
        )
        return True
    return bool(row[0] == body_digest)


def store_records(
    conn: sqlite3.Connection,
    who: Credential,
    records: list[Incoming],
    now: datetime | None = None,
) -> list[Answer]:
    """Store each new record once; call inside a write transaction."""
    received = to_iso(now or utc_now())
    answers = []
    for record in records:
        refused = problem(record, who)
        if refused is not None:
            answers.append(Answer(record.record_id, Outcome.REJECTED, refused))
            continue
        text = canonical(record.payload)
        digest = content_digest(text)
        event = record.payload if record.kind == EVENT_REVISION else {}
        start_utc, end_utc = _span(record)
        cursor = conn.execute(
            "INSERT INTO records (record_id, kind, plant, area, line, device, payload, digest, "
            "received_utc, token_id, event_id, event_seq, start_utc, end_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(record_id) DO NOTHING",
            [
                record.record_id,
                record.kind,
                who.plant,
                who.area,
                who.line,
                who.device,
                text,
                digest,
                received,
                who.token_id,
                event.get("event_id"),
                event.get("seq"),
                start_utc,
                end_utc,
            ],
        )
        if cursor.rowcount:
            answers.append(Answer(record.record_id, Outcome.ACCEPTED))
            continue
        stored = conn.execute(
            "SELECT digest, plant, line FROM records WHERE record_id = ?", [record.record_id]
        ).fetchone()
        if stored is not None and stored[0] == digest and stored[1:] == (who.plant, who.line):
            answers.append(Answer(record.record_id, Outcome.DUPLICATE))
        else:
            answers.append(
                Answer(
                    record.record_id,
                    Outcome.REJECTED,
                    "conflict: a record with this id is stored with other content",
                )
            )
    return answers


def pull(
    conn: sqlite3.Connection, who: Credential, *, after: int, limit: int, area_wide: bool
) -> tuple[list[dict[str, Any]], int, bool]:
    """Other devices' records of the caller's line (or area), oldest first, past ``after``."""
    column, value = ("area", who.area) if area_wide else ("line", who.line)
    rows = conn.execute(
        f"SELECT cursor, kind, record_id, device, plant, area, line, payload FROM records "
        f"WHERE plant = ? AND {column} = ? AND cursor > ? AND device <> ? "
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
