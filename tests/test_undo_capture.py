"""Finding 3: a capture its author took back is a voided revision, within a time limit only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.roster import Person, Role
from shopfloor_core.domain.undo import UNDO_WINDOW
from tests.conftest import person
from tests.shifts.conftest import FixedClock

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def service(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> CaptureService:
    return CaptureService(store, catalogue, site, clock)


def test_the_author_undoes_a_stop_within_the_limit_and_nothing_is_deleted(
    service: CaptureService, store: EventStore, operator: Person, clock: FixedClock
) -> None:
    stop = service.start_downtime(operator, "PRESS-1")
    clock.advance(seconds=UNDO_WINDOW.total_seconds() - 1)
    voided = service.undo(operator, stop.event_id)
    assert (voided.change.value, voided.author, voided.recorded_utc) == (
        "voided",
        operator.person_id,
        clock.now,
    )
    history = store.history(stop.event_id)
    assert [(r.seq, r.change.value, r.voided) for r in history] == [
        (1, "created", False),
        (2, "voided", True),
    ]
    assert store.open_downtimes("PRESS-1") == []
    kinds = [r[0] for r in store.db.execute("SELECT record_kind FROM outbox")]
    assert kinds == ["event_revision", "event_revision"]  # the region learns of the undo too
    # The machine can be stopped again: the voided stop no longer blocks it.
    service.start_downtime(operator, "PRESS-1")


def test_undo_after_the_limit_is_refused(
    service: CaptureService, store: EventStore, operator: Person, clock: FixedClock
) -> None:
    scrap = service.record_scrap(operator, "WELD-2", "SCR.SRF.SCR", 3)
    clock.advance(seconds=UNDO_WINDOW.total_seconds() + 1)
    with pytest.raises(RuleViolation) as refused:
        service.undo(operator, scrap.event_id)
    assert refused.value.code == "undo_too_late"
    assert [r.change.value for r in store.history(scrap.event_id)] == ["created"]


def test_only_the_author_or_a_supervisor_undoes(
    service: CaptureService, store: EventStore, operator: Person, supervisor: Person
) -> None:
    other = Person("op-2", "Other", Role.OPERATOR, None, None)
    note = service.add_note(operator, "PRESS-1", "guard door sticks")
    with pytest.raises(PermissionDenied) as refused:
        service.undo(other, note.event_id)
    assert refused.value.code == "not_your_capture"
    with pytest.raises(PermissionDenied):
        service.undo(None, note.event_id)
    assert service.undo(supervisor, note.event_id).author == supervisor.person_id
    with pytest.raises(RuleViolation) as again:
        service.undo(supervisor, note.event_id)
    assert again.value.code == "voided"


def test_someone_elses_capture_is_refused_and_a_named_stop_is_undone_whole(
    service: CaptureService, store: EventStore, operator: Person, clock: FixedClock
) -> None:
    (stop,) = service.record_downtime(
        operator, "PRESS-1", NOW - timedelta(minutes=10), NOW - timedelta(minutes=5)
    )
    maintenance = person(Role.MAINTENANCE)
    with pytest.raises(PermissionDenied):
        service.undo(maintenance, stop.event_id)
    # The undo voids the capture however it was revised since (here: named).
    service.categorize(operator, stop.event_id, "EQP.MEC.JAM")
    assert service.undo(operator, stop.event_id).voided
