"""Every write transaction holds SQLite's write lock before it reads what it decides on.

A deferred transaction that reads, then writes, is refused with "database is locked" at once
(SQLITE_BUSY_SNAPSHOT, no busy timeout) when another connection commits in between: that lost
captures in the field trial. These tests put another connection's commit exactly there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.roster import Person


def intruder(path: Path) -> sqlite3.Connection:
    """Another writer that never waits: it gets the lock at once or is refused at once."""
    return sqlite3.connect(str(path), timeout=0, isolation_level=None)


def test_a_write_transaction_holds_the_lock_from_its_first_statement(store: EventStore) -> None:
    assert store.path is not None
    other = intruder(store.path)
    with store.db.atomic():
        store.db.execute("SELECT count(*) FROM events").fetchone()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again once the transaction ended
    other.execute("ROLLBACK")
    other.close()


DRAFT = "INSERT INTO drafts (person_id, payload, saved_utc) VALUES (?, '{}', '')"


def got_in(other: sqlite3.Connection, person_id: str) -> bool:
    try:
        other.execute(DRAFT, [person_id])
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    return True


def test_a_commit_between_read_and_write_cannot_refuse_the_write(store: EventStore) -> None:
    assert store.path is not None
    other = intruder(store.path)
    with store.db.atomic():
        store.db.execute("SELECT count(*) FROM events").fetchone()
        # Before the fix this commit got in, and the write below was refused at once.
        intruded = got_in(other, "someone-else")
        store.db.execute(DRAFT, ["op-1"])
    other.close()
    assert not intruded
    assert store.load_draft("op-1") == {}


class RacingStore(EventStore):
    """Lets another station start a stop of the same machine right after the "down?" check."""

    def __init__(self, inner: EventStore, race: CaptureService, person: Person) -> None:
        super().__init__(inner.db, inner.path)
        self.race = race
        self.race_person = person
        self.raced: list[str] = []

    def open_downtimes(self, machine_id: str | None = None) -> list[EventRevision]:
        found = super().open_downtimes(machine_id)
        if not self.raced:
            self.raced.append("tried")
            try:
                self.race.start_downtime(self.race_person, "PRESS-1")
                self.raced.append("got in")
            except Exception as exc:  # noqa: BLE001 - what the other station saw is the point
                self.raced.append(type(exc).__name__)
        return found


def test_two_stations_cannot_both_pass_the_already_down_check(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, operator: Person
) -> None:
    assert store.path is not None
    other_store = EventStore.open(store.path)
    other_store.db.conn.execute("PRAGMA busy_timeout = 0")
    other = CaptureService(other_store, catalogue, replace(site))
    racing = RacingStore(store, other, operator)
    mine = CaptureService(racing, catalogue, site)
    try:
        mine.start_downtime(operator, "PRESS-1")
    except RuleViolation:
        pass
    open_stops = store.open_downtimes("PRESS-1")
    assert len(open_stops) == 1, racing.raced
    assert racing.raced[1] != "got in"
    other_store.close()
