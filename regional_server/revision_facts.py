"""The few fields of each event revision the data-quality, adoption and sync-lag measures read,
kept as columns when the revision is stored.

Those measures read every revision of a plant's window. Read from the JSON payload, PostgreSQL
parses each row's text again (``CAST(payload AS jsonb)``) and a region page took 8 s; read from
these columns it is an index range. One row per stored revision, written in the push's
transaction beside the rollups, never changed (a correction is a new revision, a new row).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from regional_server.database import POSTGRESQL, Connection, portable
from shopfloor_core.domain.clock import from_iso

SYSTEM = "SYS"  # categories only detection assigns: not a person's naming
_FALSE = (None, False, 0, "0", "false")
_COLUMNS = "record_id, plant, line, event_id, recorded_utc, lag_ms, author, reason, person_named"
ROWS_A_STATEMENT = 500
# A row: record_id, plant, line, event_id, recorded_utc, lag_ms, author, reason, person_named.
Fact = tuple[str, str, str, str, str | None, int | None, str | None, str | None, int]


def create(conn: Connection) -> None:
    portable(
        conn,
        """
        CREATE TABLE revision_facts (
            record_id TEXT PRIMARY KEY, plant TEXT NOT NULL, line TEXT NOT NULL,
            event_id TEXT NOT NULL, recorded_utc TEXT, lag_ms INTEGER, author TEXT,
            reason TEXT, person_named INTEGER NOT NULL
        ) STRICT
        """,
    )
    # When a stop was first named: the named revisions of one event.
    conn.execute(
        "CREATE INDEX idx_revision_facts_named ON revision_facts(plant, line, event_id, "
        "recorded_utc) WHERE person_named = 1"
    )
    # Adoption: a plant's revisions by recorded time.
    conn.execute("CREATE INDEX idx_revision_facts_recorded ON revision_facts(plant, recorded_utc)")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _lag_ms(recorded: Any, received: str) -> int | None:
    try:
        return round((from_iso(received) - from_iso(str(recorded))).total_seconds() * 1000)
    except (ValueError, TypeError, OverflowError):
        return None


def fact(record_id: str, plant: str, line: str, payload: dict[str, Any], received: str) -> Fact:
    """A revision's row: the same readings the measures made of the payload in SQL."""
    reason = _text(payload.get("reason_code"))
    named = (
        reason is not None
        and not reason.startswith(SYSTEM)
        and payload.get("reason_suggested") in _FALSE
    )
    return (
        record_id,
        plant,
        line,
        str(payload.get("event_id")),
        _text(payload.get("recorded_utc")),
        _lag_ms(payload.get("recorded_utc"), received),
        _text(payload.get("author")),
        reason,
        int(named),
    )


def keep(conn: Connection, rows: Sequence[Fact]) -> None:
    """Store the facts of revisions stored now (each record once: the push's new ones)."""
    if not rows:
        return
    if conn.dialect == POSTGRESQL:
        conn.execute_arrays(
            f"INSERT INTO revision_facts ({_COLUMNS}) SELECT * FROM unnest(?::text[], "
            "?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], "
            "?::bigint[]) ON CONFLICT (record_id) DO NOTHING",
            [list(column) for column in zip(*rows, strict=True)],
        )
        return
    row = "(" + ", ".join("?" * 9) + ")"
    for chunk in range(0, len(rows), ROWS_A_STATEMENT):
        part = rows[chunk : chunk + ROWS_A_STATEMENT]
        conn.execute(
            f"INSERT INTO revision_facts ({_COLUMNS}) VALUES {', '.join([row] * len(part))} "
            "ON CONFLICT (record_id) DO NOTHING",
            [value for r in part for value in r],
        )


def backfill(conn: Connection) -> None:
    """Facts of every revision already stored (a server upgraded in place)."""
    found: Iterable[Any] = conn.execute(
        "SELECT record_id, plant, line, payload, received_utc FROM records "
        "WHERE kind = 'event_revision' ORDER BY cursor"
    ).fetchall()
    keep(conn, [fact(r, p, ln, json.loads(body), rec) for r, p, ln, body, rec in found])
