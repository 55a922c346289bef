"""Calls in the store and in the shift summary: revisions kept once, queued for the region,
and the MTTR's two halves from fixed instants."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from local_store import EventStore, StaleRevision
from local_store.andon_calls import ANDON_CALL_REVISION, AndonCalls
from operator_app.services.andon import AndonService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain import andon
from shopfloor_core.domain.andon import CallState, Team
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.roster import Person, Role
from tests.conftest import TEST_START

OPERATOR = Person("op-1", "Ana", Role.OPERATOR, None, None)
MAINTENANCE = Person("mnt-1", "Marco", Role.MAINTENANCE, None, None)
# Ten minutes into the suite's fixed morning, well inside the shift.
CALLED = TEST_START + timedelta(minutes=10)


class SetClock:
    def __init__(self) -> None:
        self.at = CALLED

    def __call__(self) -> datetime:
        return self.at


def answered(
    service: AndonService, clock: SetClock, respond_min: int, repair_min: int
) -> andon.CallRevision:
    clock.at = CALLED
    call = service.raise_call(OPERATOR, service.site.machines[0].machine_id, Team.MAINTENANCE)
    clock.at = CALLED + timedelta(minutes=1)
    service.acknowledge(MAINTENANCE, call.call_id)
    clock.at = CALLED + timedelta(minutes=respond_min)
    service.arrive(MAINTENANCE, call.call_id)
    clock.at = CALLED + timedelta(minutes=respond_min + repair_min)
    return service.close(MAINTENANCE, call.call_id)


def test_each_step_is_a_revision_queued_once_for_the_region(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    clock = SetClock()
    service = AndonService(store, catalogue, site, clock)
    closed = answered(service, clock, 5, 20)
    history = AndonCalls(store).history(closed.call_id)
    assert [r.state for r in history] == [
        CallState.RAISED,
        CallState.ACKNOWLEDGED,
        CallState.ARRIVED,
        CallState.CLOSED,
    ]
    queued = store.db.execute(
        "SELECT record_id FROM outbox WHERE record_kind = ?", [ANDON_CALL_REVISION]
    ).fetchall()
    assert sorted(r[0] for r in queued) == sorted(r.revision_id for r in history)
    assert AndonCalls(store).open_calls() == []
    with pytest.raises(Exception, match="append-only"):
        store.db.execute("DELETE FROM andon_revisions")


def test_a_second_call_for_the_same_team_and_machine_is_refused_while_one_is_open(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    service = AndonService(store, catalogue, site, SetClock())
    machine = site.machines[0].machine_id
    service.raise_call(OPERATOR, machine, Team.QUALITY)
    with pytest.raises(RuleViolation) as refused:
        service.raise_call(OPERATOR, machine, Team.QUALITY)
    assert refused.value.code == "already_called"
    service.raise_call(OPERATOR, machine, Team.MAINTENANCE)  # another team: its own call
    assert len(AndonCalls(store).open_calls()) == 2


def test_a_step_built_on_an_old_revision_is_refused(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    clock = SetClock()
    service = AndonService(store, catalogue, site, clock)
    call = service.raise_call(OPERATOR, site.machines[0].machine_id, Team.MAINTENANCE)
    service.acknowledge(MAINTENANCE, call.call_id)
    # Another station cancelled the call it had seen as raised: it lost the race.
    late = andon.cancel(call, OPERATOR, at=clock(), stamp=site.stamp)
    with pytest.raises(StaleRevision):
        AndonCalls(store).append(late)


def test_the_shift_summary_splits_mttr_into_response_and_repair(
    store: EventStore, catalogue: Catalogue, site: SiteConfig
) -> None:
    clock = SetClock()
    service = AndonService(store, catalogue, site, clock)
    answered(service, clock, 4, 20)
    answered(service, clock, 10, 30)
    clock.at = CALLED + timedelta(hours=1)
    summary = shift_summary(store, catalogue, site, "current", clock=clock)
    figures = summary.calls[Team.MAINTENANCE]
    assert (figures.raised, figures.closed, figures.still_open) == (2, 2, 0)
    assert figures.mean_acknowledge_s == 60.0
    assert figures.mean_response_s == 7 * 60.0
    assert figures.mean_repair_s == 25 * 60.0
    assert summary.calls[Team.QUALITY].raised == 0
