"""Split, merge, recategorize and annotate: new revisions with who and why, nothing deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.corrections import CorrectionService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import Change
from shopfloor_core.domain.roster import Person
from tests.shifts.conftest import FixedClock

T0 = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 10:00 in Madrid, early shift


@pytest.fixture
def corrections(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> CorrectionService:
    return CorrectionService(store, catalogue, site, clock)


def test_a_split_part_can_be_split_again_and_keeps_its_notes(
    store: EventStore,
    timed_capture: CaptureService,
    corrections: CorrectionService,
    supervisor: Person,
) -> None:
    (stop,) = timed_capture.record_downtime(
        supervisor,
        "PRESS-1",
        T0 - timedelta(hours=1),
        T0 - timedelta(minutes=10),
        reason_code="EQP.MEC.JAM",
        note="hopper jammed twice",
    )
    head, tail = corrections.split(
        supervisor, stop.event_id, T0 - timedelta(minutes=40), why="two separate jams"
    )
    assert (head.event_id, head.change, head.end_utc) == (
        stop.event_id,
        Change.SPLIT,
        T0 - timedelta(minutes=40),
    )
    assert tail.event_id != stop.event_id
    assert (tail.start_utc, tail.end_utc) == (T0 - timedelta(minutes=40), stop.end_utc)
    assert tail.note == head.note == "hopper jammed twice"
    assert stop.event_id in tail.why
    assert tail.author == supervisor.person_id

    middle, last = corrections.split(
        supervisor, tail.event_id, T0 - timedelta(minutes=20), why="operator says three jams"
    )
    assert last.note == middle.note == "hopper jammed twice"
    assert last.reason_code == "EQP.MEC.JAM"
    summary = shift_summary(
        store, corrections.catalogue, corrections.site, "current", clock=corrections.clock
    )
    assert len(summary.downtimes) == 3
    assert summary.machine("PRESS-1").loss_by_reason == {"EQP.MEC.JAM": 50 * 60.0}
    # Every revision is kept and waits in the outbox.
    revisions = store.db.execute("SELECT count(*) FROM event_revisions").fetchone()[0]
    outbox = store.db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    assert revisions == outbox == 5


def test_merge_adjacent_stops_of_the_same_reason(
    store: EventStore,
    timed_capture: CaptureService,
    corrections: CorrectionService,
    supervisor: Person,
) -> None:
    (first,) = timed_capture.record_downtime(
        supervisor,
        "PRESS-1",
        T0 - timedelta(minutes=60),
        T0 - timedelta(minutes=40),
        reason_code="MAT.SHT",
        note="coil late",
    )
    (second,) = timed_capture.record_downtime(
        supervisor,
        "PRESS-1",
        T0 - timedelta(minutes=38),
        T0 - timedelta(minutes=20),
        reason_code="MAT.SHT",
        note="still no coil",
    )
    (other,) = timed_capture.record_downtime(
        supervisor,
        "PRESS-1",
        T0 - timedelta(minutes=19),
        T0 - timedelta(minutes=10),
        reason_code="EQP.MEC.JAM",
    )
    with pytest.raises(RuleViolation) as refused:
        corrections.merge(supervisor, second.event_id, other.event_id, why="same stop")
    assert refused.value.code == "different_reasons"
    with pytest.raises(RuleViolation) as refused:
        corrections.merge(supervisor, first.event_id, second.event_id, why=" ")
    assert refused.value.code == "reason_required"

    merged, voided = corrections.merge(
        supervisor, second.event_id, first.event_id, why="one shortage"
    )
    assert merged.event_id == first.event_id
    assert merged.change is Change.MERGED
    assert (merged.start_utc, merged.end_utc) == (first.start_utc, second.end_utc)
    assert merged.note == "coil late / still no coil"
    assert voided.event_id == second.event_id
    assert voided.voided
    assert first.event_id in voided.why
    # The voided stop is still in the store with all its revisions.
    assert [r.change for r in store.history(second.event_id)] == [Change.CREATED, Change.VOIDED]
    summary = shift_summary(
        store, corrections.catalogue, corrections.site, "current", clock=corrections.clock
    )
    assert {e.event_id for e in summary.downtimes} == {first.event_id, other.event_id}
    assert summary.machine("PRESS-1").loss_by_reason["MAT.SHT"] == 40 * 60


def test_recategorize_needs_why_and_annotate_keeps_history(
    store: EventStore,
    timed_capture: CaptureService,
    corrections: CorrectionService,
    supervisor: Person,
    operator: Person,
) -> None:
    (stop,) = timed_capture.record_downtime(
        operator, "WELD-2", T0 - timedelta(minutes=30), T0 - timedelta(minutes=5)
    )
    named = corrections.recategorize(operator, stop.event_id, "EQP.ELE.SNS")
    assert named.change is Change.CATEGORIZED
    with pytest.raises(RuleViolation) as refused:
        corrections.recategorize(operator, stop.event_id, "EQP.ELE.DRV", why="drive")
    assert refused.value.code == "not_allowed"
    with pytest.raises(RuleViolation) as refused:
        corrections.recategorize(supervisor, stop.event_id, "EQP.ELE.DRV")
    assert refused.value.code == "reason_required"
    renamed = corrections.recategorize(
        supervisor, stop.event_id, "EQP.ELE.DRV", why="maintenance found the drive"
    )
    noted = corrections.annotate(supervisor, stop.event_id, "drive replaced")
    assert (renamed.reason_code, noted.note, noted.reason_code) == (
        "EQP.ELE.DRV",
        "drive replaced",
        "EQP.ELE.DRV",
    )
    assert [r.author for r in store.history(stop.event_id)] == [
        operator.person_id,
        operator.person_id,
        supervisor.person_id,
        supervisor.person_id,
    ]
