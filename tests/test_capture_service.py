"""The operator's core loop through the application service and a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Change, EventKind
from shopfloor_core.domain.roster import Person, Role


def test_downtime_is_started_categorized_and_ended(
    capture: CaptureService, store: EventStore, operator: Person
) -> None:
    started = capture.start_downtime(operator, "PRESS-1")
    capture.categorize(operator, started.event_id, "EQP.MEC.JAM", note="jam at infeed")
    ended = capture.end_downtime(operator, started.event_id)
    assert [r.change for r in store.history(started.event_id)] == [
        Change.CREATED,
        Change.CATEGORIZED,
        Change.ENDED,
    ]
    assert ended.reason_code == "EQP.MEC.JAM"
    assert ended.catalogue_version == capture.catalogue.version
    assert ended.stamp.plant == "VAL"
    assert ended.stamp.zone == "Europe/Madrid"
    assert ended.note == "jam at infeed"


def test_a_machine_cannot_be_down_twice(capture: CaptureService, operator: Person) -> None:
    capture.start_downtime(operator, "PRESS-1")
    with pytest.raises(RuleViolation) as err:
        capture.start_downtime(operator, "PRESS-1")
    assert err.value.code == "already_down"
    capture.start_downtime(operator, "WELD-2")  # another machine has its own timeline


def test_detected_stop_after_operator_report_adds_nothing(
    capture: CaptureService, store: EventStore, operator: Person
) -> None:
    now = to_ms(datetime.now(UTC))
    capture.record_downtime(operator, "PRESS-1", now - timedelta(minutes=10), now)
    assert capture.machine_stopped("PRESS-1", now - timedelta(minutes=5)) != []
    added = store.open_downtimes("PRESS-1")
    assert added
    assert added[0].start_utc == now


def test_late_backdated_report_fills_only_the_gaps(
    capture: CaptureService, store: EventStore, operator: Person
) -> None:
    now = to_ms(datetime.now(UTC))
    capture.record_downtime(
        operator, "PRESS-1", now - timedelta(minutes=20), now - timedelta(minutes=10)
    )
    parts = capture.record_downtime(
        operator, "PRESS-1", now - timedelta(minutes=30), now - timedelta(minutes=5)
    )
    assert [(p.start_utc, p.end_utc) for p in parts] == [
        (now - timedelta(minutes=30), now - timedelta(minutes=20)),
        (now - timedelta(minutes=10), now - timedelta(minutes=5)),
    ]
    with pytest.raises(RuleViolation) as err:
        capture.record_downtime(
            operator, "PRESS-1", now - timedelta(minutes=25), now - timedelta(minutes=15)
        )
    assert err.value.code == "already_recorded"


def test_restart_closes_the_open_downtime(capture: CaptureService, store: EventStore) -> None:
    now = to_ms(datetime.now(UTC))
    capture.machine_stopped("PRESS-1", now - timedelta(minutes=3))
    capture.machine_restarted("PRESS-1", now)
    assert store.open_downtimes("PRESS-1") == []


def test_scrap_quantity_limits_and_reasons(capture: CaptureService, operator: Person) -> None:
    rev = capture.record_scrap(operator, "PRESS-1", "SCR.DIM.OVR", 12)
    assert rev.kind is EventKind.SCRAP
    assert rev.quantity == 12
    for bad in (0, -3, capture.site.scrap_max_quantity + 1):
        with pytest.raises(RuleViolation) as err:
            capture.record_scrap(operator, "PRESS-1", "SCR.DIM.OVR", bad)
        assert err.value.code == "quantity_out_of_range"
    with pytest.raises(RuleViolation):
        capture.record_scrap(operator, "PRESS-1", "EQP.MEC.JAM", 1)
    with pytest.raises(RuleViolation):
        capture.record_scrap(operator, "NO-SUCH-MACHINE", "SCR.DIM.OVR", 1)


def test_plants_cannot_invent_categories_free_text_goes_to_notes(
    capture: CaptureService, operator: Person
) -> None:
    started = capture.start_downtime(operator, "PRESS-1")
    with pytest.raises(RuleViolation):
        capture.categorize(operator, started.event_id, "LOCAL.NEW.REASON")
    rev = capture.categorize(operator, started.event_id, "OTH", note="hopper light flickering")
    assert rev.note == "hopper light flickering"


def test_recategorizing_is_a_correction_for_roles_that_may_correct(
    capture: CaptureService, operator: Person, supervisor: Person
) -> None:
    started = capture.start_downtime(operator, "PRESS-1")
    capture.categorize(operator, started.event_id, "MAT.SHT")
    with pytest.raises(PermissionDenied):
        capture.categorize(operator, started.event_id, "EQP.MEC.JAM", why="wrong")
    with pytest.raises(RuleViolation) as err:
        capture.categorize(supervisor, started.event_id, "EQP.MEC.JAM")
    assert err.value.code == "reason_required"
    rev = capture.categorize(supervisor, started.event_id, "EQP.MEC.JAM", why="jam seen on camera")
    assert rev.change is Change.RECATEGORIZED
    assert rev.why == "jam seen on camera"


def test_nobody_signed_in_captures_nothing(capture: CaptureService) -> None:
    with pytest.raises(PermissionDenied):
        capture.start_downtime(None, "PRESS-1")
    ci = Person("ci", "CI", Role.CI_ENGINEER, None, None)
    with pytest.raises(PermissionDenied):
        capture.record_scrap(ci, "PRESS-1", "SCR.DIM.OVR", 1)


def test_times_in_the_future_or_too_old_are_refused(
    capture: CaptureService, operator: Person
) -> None:
    now = to_ms(datetime.now(UTC))
    with pytest.raises(RuleViolation) as err:
        capture.start_downtime(operator, "PRESS-1", at=now + timedelta(hours=1))
    assert err.value.code == "in_future"
    with pytest.raises(RuleViolation) as err:
        capture.start_downtime(operator, "PRESS-1", at=now - timedelta(days=3))
    assert err.value.code == "too_old"
