"""Fixtures for jobs: the job service on a real store, at a clock the test moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.products import Products, bundled_products
from tests.shifts.conftest import FixedClock as Clock


@pytest.fixture
def clock() -> Clock:
    # 11:00 in the demo plant, the morning shift's break (10:00-10:30) behind it.
    return Clock(datetime(2026, 3, 11, 10, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def products() -> Products:
    return bundled_products()


@pytest.fixture
def jobs(
    store: EventStore, site: SiteConfig, catalogue: Catalogue, products: Products, clock: Clock
) -> JobService:
    return JobService(store, site, catalogue, products, clock)


@pytest.fixture
def capture_at(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: Clock
) -> CaptureService:
    return CaptureService(store, catalogue, site, clock)
