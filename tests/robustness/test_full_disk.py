"""A full disk: the capture that does not fit is refused with a clear message, none is lost.

The disk is filled at the SQLite level: ``PRAGMA max_page_count`` caps the file at its current
size, and SQLite then answers every write that needs a new page with SQLITE_FULL ("database or
disk is full") — the same error a real full volume gives, without needing root for a small
file system.
"""

from __future__ import annotations

import pytest

from local_store import EventStore, StoreUnavailable
from local_store.database import integrity_check
from operator_app.screens.messages import explain
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.roster import Person


def fill_disk(store: EventStore) -> None:
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(store: EventStore) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


def capture_until_full(capture: CaptureService, operator: Person) -> tuple[list[str], Exception]:
    confirmed: list[str] = []
    for n in range(5000):
        try:
            rev = capture.record_scrap(operator, "PRESS-1", "SCR.MAT", 1, note=f"part {n:05d}")
        except StoreUnavailable as exc:
            return confirmed, exc
        confirmed.append(rev.revision_id)
    pytest.fail("the capped store never filled up")


def test_full_disk_refuses_clearly_and_keeps_every_confirmed_capture(
    site: SiteConfig, catalogue: Catalogue, operator: Person
) -> None:
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, catalogue, site)
    before = [capture.add_note(operator, "WELD-2", "shift start")]
    fill_disk(store)

    confirmed, error = capture_until_full(capture, operator)
    assert isinstance(error, StoreUnavailable)
    assert error.reason in ("disk is full", "database or disk is full")
    assert error.path == site.database_path
    # What the operator reads: nothing saved, call IT, and why.
    message = explain(error)
    assert "Nothing was saved" in message
    assert "disk is full" in message

    # Every later attempt is refused the same way, and the store stays readable.
    with pytest.raises(StoreUnavailable):
        capture.record_scrap(operator, "PRESS-1", "SCR.MAT", 1)
    assert store.history(before[0].event_id) == [before[0]]

    # IT frees space: the same running service captures again, on the same connection.
    free_disk(store)
    after = capture.record_scrap(operator, "PRESS-1", "SCR.MAT", 3).revision_id
    store.close()

    reopened = EventStore.open(site.database_path)
    try:
        revisions = {r for (r,) in reopened.db.execute("SELECT revision_id FROM event_revisions")}
        outbox = {r for (r,) in reopened.db.execute("SELECT record_id FROM outbox")}
        assert {before[0].revision_id, *confirmed, after} == revisions == outbox
        current = reopened.db.execute("SELECT count(*) FROM events").fetchone()[0]
        assert current == len(revisions)  # one event per capture, each in the current state
        assert integrity_check(reopened.db) == "ok"
    finally:
        reopened.close()


def test_a_downtime_that_does_not_fit_leaves_the_timeline_as_it_was(
    site: SiteConfig, catalogue: Catalogue, operator: Person
) -> None:
    """A refused downtime start must not half-exist, and the store recovers fully after.

    The disk fills before the connection's first upsert: sqlite-utils once cached "no ON
    CONFLICT support" from a failed probe then and stopped writing the events projection.
    """
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, catalogue, site)
    fill_disk(store)
    capture_until_full(capture, operator)
    with pytest.raises(StoreUnavailable):
        capture.start_downtime(operator, "WELD-2")
    assert store.open_downtimes("WELD-2") == []
    free_disk(store)
    started: EventRevision = capture.start_downtime(operator, "WELD-2")
    assert [d.event_id for d in store.open_downtimes("WELD-2")] == [started.event_id]
    store.close()
