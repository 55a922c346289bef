"""Detected stops are captured under the region's catalogue in force, not the bundled one."""

from __future__ import annotations

import copy

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.domain.catalogue import Catalogue, load_catalogue
from operator_app.domain.clock import utc_now
from operator_app.site_config import SiteConfig
from operator_app.workers.machine_monitor import _MonitorSide


def newer(catalogue: Catalogue, version: str) -> Catalogue:
    document = copy.deepcopy(dict(catalogue.document))
    document["version"] = version
    return load_catalogue(document)


def test_the_monitor_uses_the_catalogue_in_force_and_follows_a_new_one(
    qtbot: QtBot, site: SiteConfig, store: EventStore, catalogue: Catalogue
) -> None:
    regional = newer(catalogue, "2027.01-R1")
    store.remember_catalogue(regional.version, dict(regional.document), active=True)
    side = _MonitorSide(site, catalogue, utc_now)
    side.open()
    try:
        assert side.capture is not None
        assert side.capture.catalogue.version == "2027.01-R1"
        later = newer(catalogue, "2027.02-R1")
        side.use_catalogue(later)
        assert side.capture.catalogue.version == "2027.02-R1"
    finally:
        if side._flush_timer is not None:
            side._flush_timer.stop()
        if side.store is not None:
            side.store.close()
