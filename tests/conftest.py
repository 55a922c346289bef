"""Shared fixtures: a real site config, a real SQLite store in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig, load_site_config
from shopfloor_core.domain.catalogue import Catalogue, bundled_catalogue
from shopfloor_core.domain.roster import Person, Role, Roster
from tests.postgres_cluster import TemporaryPostgres

ROOT = Path(__file__).resolve().parent.parent
SERVER_BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--server-db",
        default=",".join(SERVER_BACKENDS),
        help="databases the regional server's tests run on (default: sqlite,postgresql)",
    )


def server_backends(config: pytest.Config) -> list[str]:
    chosen = [b.strip() for b in str(config.getoption("--server-db")).split(",") if b.strip()]
    unknown = set(chosen) - set(SERVER_BACKENDS)
    if unknown or not chosen:
        raise pytest.UsageError(f"--server-db takes {' and/or '.join(SERVER_BACKENDS)}")
    return chosen


@pytest.fixture(scope="session")
def postgres() -> Iterator[TemporaryPostgres]:
    """One PostgreSQL server for the session; each test or module makes its own database."""
    cluster = TemporaryPostgres()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Screens are tested with the .qm built from the current .ts, as the installer ships it."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts in sorted((ROOT / "translations").glob("*.ts")):
        qm = ROOT / "operator_app" / "i18n" / f"{ts.stem}.qm"
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


# The suite runs on a clock that starts at the same instant, mid-morning shift of a Wednesday
# in the demo plant's zone, and ticks on from there (monotonic across tests, so servers that
# outlive a test see time go forward). A test that records "30 minutes ago" and reads "this
# shift" then gets the same answer at whatever hour it is run: one that did not failed for 30
# minutes after every shift change. Tests of shifts, days and DST pass their own instants on top.
# OPERATOR_APP_TEST_START moves the start, to try the suite at another phase. Qt timers, socket
# timeouts and waits run on monotonic clocks, which are left alone.
TEST_START = datetime(2026, 3, 11, 10, 17, tzinfo=ZoneInfo("Europe/Madrid"))


@pytest.fixture(scope="session", autouse=True)
def _fixed_clock() -> Iterator[None]:
    start = os.environ.get("OPERATOR_APP_TEST_START")
    with time_machine.travel(datetime.fromisoformat(start) if start else TEST_START, tick=True):
        yield


@pytest.fixture(autouse=True)
def _clock_of_another_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test whose peer is another process (a server started with its own interpreter) shares
    that process's clock, the real one: only times it compares with the peer depend on it."""
    if request.node.get_closest_marker("peer_process") is None:
        yield
        return
    real_now = datetime.fromtimestamp(time_machine.escape_hatch.time.time(), UTC)
    with time_machine.travel(real_now, tick=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def _server_signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A regional server on PostgreSQL keeps its bundle-signing key in the user's folder: the
    suite's servers (module-scoped ones too, set up before any test's monkeypatch) use one of
    their own."""
    with pytest.MonkeyPatch.context() as patch:
        key = tmp_path_factory.mktemp("signing") / "bundle-signing-key.pem"
        patch.setenv("REGIONAL_SERVER_SIGNING_KEY", str(key))
        yield


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real machine or user data directories."""
    monkeypatch.setenv("OPERATOR_APP_DEMO_DIR", str(tmp_path / "demo-data"))
    monkeypatch.setenv("OPERATOR_APP_CONFIG", str(tmp_path / "no-such-site.toml"))


class SlowFinger:
    """The tap guards' clock for tests: every reading is an hour after the last, as if the
    tester never tapped twice quickly. Tests of the guard itself set a clock they move."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        self.seconds += 3600.0
        return self.seconds


@pytest.fixture(autouse=True)
def _taps_never_guarded_by_the_wall_clock() -> Iterator[None]:
    from widgets.tap_guard import set_default_clock

    previous = set_default_clock(SlowFinger())
    yield
    set_default_clock(previous)


@pytest.fixture
def site(tmp_path: Path) -> SiteConfig:
    return replace(load_site_config(demo_config_path()), data_dir=tmp_path / "data")


@pytest.fixture
def store(site: SiteConfig) -> Iterator[EventStore]:
    opened = EventStore.open(site.database_path)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return bundled_catalogue()


@pytest.fixture
def capture(store: EventStore, catalogue: Catalogue, site: SiteConfig) -> CaptureService:
    return CaptureService(store, catalogue, site)


@pytest.fixture
def roster(site: SiteConfig) -> Roster:
    return Roster(site.roster)


def person(role: Role) -> Person:
    return Person(f"{role.value}-1", role.value.title(), role, None, None)


@pytest.fixture
def operator() -> Person:
    return person(Role.OPERATOR)


@pytest.fixture
def supervisor() -> Person:
    return person(Role.SUPERVISOR)
