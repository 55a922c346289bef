"""Shared fixtures: a real site config, a real SQLite store in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.domain.catalogue import Catalogue, bundled_catalogue
from operator_app.domain.roster import Person, Role, Roster
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig, load_site_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Screens are tested with the .qm built from the current .ts, as the installer ships it."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    for ts in sorted((ROOT / "translations").glob("*.ts")):
        qm = ROOT / "operator_app" / "i18n" / f"{ts.stem}.qm"
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)


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
