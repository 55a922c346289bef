"""Finding 9 at the service: a sign-off confirms the figures that were shown, and an empty
shift is signed off only when that is confirmed as well."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.shift_signoff import ShiftSignoffService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
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


def signoff_count(store: EventStore) -> int:
    return int(store.db.execute("SELECT count(*) FROM shift_signoffs").fetchone()[0])


def test_the_preview_shows_figures_and_what_is_unnamed(
    signoffs: ShiftSignoffService,
    timed_capture: CaptureService,
    operator: Person,
    supervisor: Person,
    clock: FixedClock,
    store: EventStore,
) -> None:
    clock.now = DURING
    timed_capture.record_downtime(
        operator, "PRESS-1", DURING - timedelta(minutes=50), DURING - timedelta(minutes=20)
    )
    timed_capture.record_scrap(operator, "WELD-2", "SCR.SRF.SCR", 4)
    clock.now = AFTER
    shown = signoffs.preview(supervisor, EARLY)
    assert (shown.stops, shown.unnamed, shown.scrap_parts, shown.downtime_s) == (1, 1, 4, 1800)
    assert shown.availability is not None
    assert shown.availability < 1
    assert not shown.empty
    # One tap is not a sign-off: without the figures seen it is refused.
    with pytest.raises(RuleViolation) as refused:
        signoffs.sign_off(supervisor, EARLY)
    assert refused.value.code == "signoff_not_confirmed"
    # A stop captured late changes the figures: what was shown is no longer what is signed.
    clock.now = AFTER + timedelta(minutes=1)
    timed_capture.record_downtime(
        operator, "WELD-2", DURING - timedelta(minutes=5), DURING, reason_code="EQP.MEC.JAM"
    )
    with pytest.raises(RuleViolation) as refused:
        signoffs.sign_off(supervisor, EARLY, seen=shown.digest)
    assert refused.value.code == "figures_changed"
    assert signoff_count(store) == 0
    again = signoffs.preview(supervisor, EARLY)
    assert (again.stops, again.unnamed) == (2, 1)
    signed = signoffs.sign_off(supervisor, EARLY, seen=again.digest)
    assert signed.summary["machines"]["WELD-2"]["downtime_s"] == 300
    assert signoff_count(store) == 1


def test_an_empty_shift_is_signed_off_only_when_confirmed_as_empty(
    signoffs: ShiftSignoffService, supervisor: Person, clock: FixedClock, store: EventStore
) -> None:
    clock.now = AFTER
    shown = signoffs.preview(supervisor, EARLY)
    assert shown.empty
    assert (shown.stops, shown.good, shown.counted) == (0, 0, False)
    with pytest.raises(RuleViolation) as refused:
        signoffs.sign_off(supervisor, EARLY, seen=shown.digest)
    assert refused.value.code == "empty_shift"
    assert signoff_count(store) == 0
    signoffs.sign_off(supervisor, EARLY, seen=shown.digest, empty_confirmed=True)
    assert signoff_count(store) == 1
