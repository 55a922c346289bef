"""Shift tests: a settable clock, so every capture and summary happens at a chosen instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.conftest import person


class FixedClock:
    """The time the code under test sees; tests move it explicitly, never by waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def timed_capture(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> CaptureService:
    return CaptureService(store, catalogue, site, clock)


@pytest.fixture
def maintenance() -> Person:
    return person(Role.MAINTENANCE)


@pytest.fixture
def quality() -> Person:
    return person(Role.QUALITY)


@pytest.fixture
def ci_engineer() -> Person:
    return person(Role.CI_ENGINEER)
