"""Storing a batch in a few statements: copies, conflicts and bad records, one answer each.

Run on each database of ``--server-db``. A batch larger than one SQLite statement's rows
(``ROWS_A_STATEMENT``) is split there; on PostgreSQL it is one statement whatever its size.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from regional_server import records
from regional_server.database import Connection, Connections
from regional_server.records import ROWS_A_STATEMENT, Incoming, store_records
from tests.sync.test_server_database import AT, device_token, note

NOW = AT + timedelta(hours=1)


def outcomes(answers: list[records.Answer]) -> list[str]:
    return [a.outcome.value for a in answers]


def test_copies_inside_a_batch_and_across_batches_are_stored_once(
    server_database: str | Path,
) -> None:
    connections = Connections(server_database, pool_size=2)
    size = ROWS_A_STATEMENT + 100  # two SQLite statements
    sent = [note("PC-A", n) for n in range(size)]
    early, late = sent[3], sent[ROWS_A_STATEMENT + 50]  # each side of SQLite's split
    changed = Incoming(early.kind, early.record_id, early.payload | {"note": "changed"})
    try:
        with connections.write() as conn:
            who = device_token(conn, "PC-A")
            first = store_records(conn, who, [*sent, early, late, changed, late], NOW)
        with connections.write() as conn:
            again = store_records(conn, who, [late, note("PC-A", size), early], NOW)
        with connections.read() as conn:
            held = conn.execute("SELECT record_id FROM records").fetchall()
            heads = conn.execute("SELECT count(*) FROM event_heads").fetchone()[0]
    finally:
        connections.close()
    assert outcomes(first) == ["accepted"] * size + [
        "duplicate",
        "duplicate",
        "rejected",
        "duplicate",
    ]
    assert first[-2].reason.startswith("conflict")
    assert outcomes(again) == ["duplicate", "accepted", "duplicate"]
    ids = [row[0] for row in held]
    assert len(ids) == len(set(ids)) == size + 1
    assert heads == size + 1  # each note is its own event, its head kept once


def test_one_bad_record_is_refused_while_the_rest_of_its_batch_is_stored(
    server_database: str | Path,
) -> None:
    connections = Connections(server_database, pool_size=2)
    good = [note("PC-A", n) for n in range(6)]
    backwards = note("PC-A", 6)
    backwards = Incoming(
        backwards.kind,
        backwards.record_id,
        backwards.payload | {"end_utc": "2026-03-11T08:00:00.000Z"},  # before its start
    )
    elsewhere = note("PC-A", 7, line="L2")  # another line than the token's
    batch = [*good[:2], backwards, *good[2:4], elsewhere, *good[4:]]
    try:
        with connections.write() as conn:
            who = device_token(conn, "PC-A")
            answers = store_records(conn, who, batch, NOW)
        with connections.read() as conn:
            held = {row[0] for row in conn.execute("SELECT record_id FROM records").fetchall()}
    finally:
        connections.close()
    assert (
        outcomes(answers)
        == ["accepted"] * 2 + ["rejected"] + ["accepted"] * 2 + ["rejected"] + ["accepted"] * 2
    )
    assert answers[2].reason.startswith("times")
    assert answers[5].reason.startswith("scope")
    assert held == {r.record_id for r in good}


def test_what_follows_a_batch_sees_only_the_records_inserted_now(
    server_database: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []
    keep = records.after_insert

    def watched(conn: Connection, who: Any, stored: list[records.Checked]) -> None:
        seen.append([c.record.record_id for c in stored])
        keep(conn, who, stored)

    monkeypatch.setattr(records, "after_insert", watched)
    connections = Connections(server_database, pool_size=2)
    a, b, c = note("PC-A", 1), note("PC-A", 2), note("PC-A", 3)
    bad = Incoming(c.kind, "rev-bad", c.payload | {"revision_id": "rev-bad", "seq": 0})
    try:
        with connections.write() as conn:
            who = device_token(conn, "PC-A")
            store_records(conn, who, [a, b, a, bad], NOW)
            store_records(conn, who, [b, c, c], NOW)
    finally:
        connections.close()
    assert seen == [[a.record_id, b.record_id], [c.record_id]]


def test_a_batch_of_any_size_is_stored_by_the_same_statements_on_postgresql(
    server_backend: str, server_database: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statements whose text never changes are prepared once per connection by psycopg."""
    if server_backend != "postgresql":
        pytest.skip("SQLite caches the statements of each batch size itself")
    statements: list[str] = []
    for method in ("execute", "execute_arrays"):
        original = getattr(Connection, method)

        def spy(self: Connection, sql: str, params: Any = (), _original: Any = original) -> Any:
            statements.append(sql)
            return _original(self, sql, params)

        monkeypatch.setattr(Connection, method, spy)
    connections = Connections(server_database, pool_size=1)
    texts: list[set[str]] = []
    try:
        with connections.write() as conn:
            who = device_token(conn, "PC-A")
        for start, size in ((0, 1), (1, 7), (8, 300)):
            batch = [note("PC-A", n) for n in range(start, start + size)]
            with connections.write() as conn:
                statements.clear()
                answers = store_records(conn, who, [*batch, batch[0]], NOW)
                texts.append(set(statements))
            assert outcomes(answers) == ["accepted"] * size + ["duplicate"]
    finally:
        connections.close()
    assert texts[0] == texts[1] == texts[2]
    # The transaction id, the insert, the copies, the locks of the events and their heads
    # before and after, the heads, the rollups of the hour and the day, the revisions' facts.
    assert len(texts[0]) == 9, texts[0]
