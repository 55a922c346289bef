"""Sign-off and its rules, proven on the services themselves (no screen involved)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from local_store.shift_records import SignOff
from operator_app.services.capture import CaptureService
from operator_app.services.corrections import CorrectionService
from operator_app.services.shift_signoff import ShiftSignoffService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.roster import Person
from tests.shifts.conftest import FixedClock

EARLY = "2026-06-10.E"  # 06:00-14:00 CEST = 04:00-12:00 UTC
DURING = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
AFTER = datetime(2026, 6, 10, 12, 30, tzinfo=UTC)


@pytest.fixture
def signoffs(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> ShiftSignoffService:
    return ShiftSignoffService(store, catalogue, site, clock)


@pytest.fixture
def corrections(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> CorrectionService:
    return CorrectionService(store, catalogue, site, clock)


def a_stop(capture: CaptureService, person: Person, clock: FixedClock) -> str:
    clock.now = DURING
    (stop,) = capture.record_downtime(
        person,
        "PRESS-1",
        DURING - timedelta(minutes=50),
        DURING - timedelta(minutes=20),
        reason_code="EQP.MEC.JAM",
        note="jam",
    )
    return stop.event_id


def confirmed_sign_off(signoffs: ShiftSignoffService, supervisor: Person) -> SignOff:
    """Sign off as the screen does: with the digest of the figures shown."""
    return signoffs.sign_off(supervisor, EARLY, seen=signoffs.preview(supervisor, EARLY).digest)


def test_operator_cannot_sign_off(
    signoffs: ShiftSignoffService, operator: Person, clock: FixedClock, store: EventStore
) -> None:
    clock.now = AFTER
    with pytest.raises(PermissionDenied):
        signoffs.sign_off(operator, EARLY)
    with pytest.raises(PermissionDenied):
        signoffs.sign_off(None, EARLY)
    assert store.db.execute("SELECT count(*) FROM shift_signoffs").fetchone()[0] == 0


def test_supervisor_signs_off_once_the_shift_is_over_with_a_snapshot(
    signoffs: ShiftSignoffService,
    supervisor: Person,
    operator: Person,
    timed_capture: CaptureService,
    clock: FixedClock,
    store: EventStore,
) -> None:
    a_stop(timed_capture, operator, clock)
    note = signoffs.add_handover_note(operator, EARLY, "Press 1 hopper needs a look")
    with pytest.raises(RuleViolation) as refused:
        signoffs.sign_off(supervisor, EARLY)
    assert refused.value.code == "shift_not_over"
    clock.now = AFTER
    signed = confirmed_sign_off(signoffs, supervisor)
    assert signed.summary["machines"]["PRESS-1"]["downtime_s"] == 1800
    assert signed.summary["provenance"]["formula_variant"] == "ISO22400-2/OEE-APQ/v1"
    with pytest.raises(RuleViolation) as refused:
        signoffs.sign_off(supervisor, EARLY, seen=signed.summary["shift_id"])
    assert refused.value.code == "already_signed_off"
    # Operators write handover notes until the sign-off, not after it.
    with pytest.raises(RuleViolation) as refused:
        signoffs.add_handover_note(operator, EARLY, "one more thing")
    assert refused.value.code == "signed_off"
    kinds = [r[0] for r in store.db.execute("SELECT record_kind FROM outbox ORDER BY seq")]
    assert kinds[-2:] == ["shift_handover_note", "shift_signoff"]
    assert note.shift_id == EARLY


def test_operator_cannot_edit_a_signed_off_shift(
    signoffs: ShiftSignoffService,
    corrections: CorrectionService,
    timed_capture: CaptureService,
    supervisor: Person,
    operator: Person,
    clock: FixedClock,
    store: EventStore,
) -> None:
    event_id = a_stop(timed_capture, operator, clock)
    clock.now = AFTER
    confirmed_sign_off(signoffs, supervisor)
    with pytest.raises(PermissionDenied):
        corrections.annotate(operator, event_id, "jam cleared by hand")
    with pytest.raises(PermissionDenied):
        corrections.recategorize(operator, event_id, "EQP.MEC.BRK", why="broken")
    with pytest.raises(PermissionDenied):
        corrections.split(operator, event_id, DURING - timedelta(minutes=30), why="two")
    # Around the services, the store itself refuses an unmarked change to a signed-off shift.
    with pytest.raises(sqlite3.IntegrityError, match="signed off"):
        timed_capture.annotate(operator, event_id, "sneaked in")
    assert [r.note for r in store.history(event_id)] == ["jam"]


def test_supervisor_edits_after_sign_off_need_a_reason_and_are_marked(
    signoffs: ShiftSignoffService,
    corrections: CorrectionService,
    timed_capture: CaptureService,
    supervisor: Person,
    operator: Person,
    clock: FixedClock,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
) -> None:
    event_id = a_stop(timed_capture, operator, clock)
    clock.now = AFTER
    confirmed_sign_off(signoffs, supervisor)
    with pytest.raises(RuleViolation) as refused:
        corrections.annotate(supervisor, event_id, "jam cleared by hand")
    assert refused.value.code == "reason_required"
    head, tail = corrections.split(
        supervisor, event_id, DURING - timedelta(minutes=35), why="two jams on the video"
    )
    summary = shift_summary(store, catalogue, site, EARLY, clock=clock)
    assert summary.late_revision_ids == {head.revision_id, tail.revision_id}
    assert {e.why for e in summary.late_edits} == {"two jams on the video"}
    assert {e.author for e in summary.late_edits} == {supervisor.person_id}
    kinds = [r[0] for r in store.db.execute("SELECT record_kind FROM outbox")]
    assert kinds.count("late_edit") == 2
    # Stops outside the signed-off shift stay free for everyone.
    clock.now = AFTER + timedelta(minutes=20)
    (later,) = timed_capture.record_downtime(
        operator, "PRESS-1", AFTER, AFTER + timedelta(minutes=10)
    )
    corrections.annotate(operator, later.event_id, "fine")
