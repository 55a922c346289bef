"""Detected stops follow the regional standards in force: catalogue and ideal cycle times."""

from __future__ import annotations

import copy
from dataclasses import replace

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.services.standards import StandardsInForce
from operator_app.site_config import SiteConfig
from operator_app.workers.machine_monitor import _MonitorSide
from shopfloor_core.domain.catalogue import Catalogue, load_catalogue
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.domain.workflows import bundled_workflows


def newer(catalogue: Catalogue, version: str) -> Catalogue:
    document = copy.deepcopy(dict(catalogue.document))
    document["version"] = version
    return load_catalogue(document)


def test_the_monitor_uses_the_catalogue_in_force_and_follows_a_new_one(
    qtbot: QtBot, site: SiteConfig, store: EventStore, catalogue: Catalogue
) -> None:
    regional = newer(catalogue, "2027.01-R1")
    store.remember_catalogue(regional.version, dict(regional.document), active=True)
    # PRESS-1 polled (its simulator is never needed: nothing here reads the PLC).
    site = replace(
        site,
        machines=tuple(
            replace(m, connection=replace(m.connection, simulated=False), ideal_cycle_time_s=2.0)
            if m.machine_id == "PRESS-1"
            else m
            for m in site.machines
        ),
    )
    side = _MonitorSide(site, catalogue, utc_now)
    side.open()
    try:
        assert side.capture is not None
        assert side.capture.catalogue.version == "2027.01-R1"
        later = newer(catalogue, "2027.02-R1")
        machine = "PRESS-1"
        faster = replace(
            side.site,
            machines=tuple(
                replace(m, ideal_cycle_time_s=0.5) if m.machine_id == machine else m
                for m in side.site.machines
            ),
        )
        side.use_standards(StandardsInForce(7, later, bundled_workflows(later), faster))
        assert side.capture.catalogue.version == "2027.02-R1"
        # Counts and stalls are judged by the region's ideal cycle time from now on.
        track = side.tracks[machine]
        assert track.machine.ideal_cycle_time_s == 0.5
        assert track.detector is not None
        assert track.detector.ideal_cycle_s == 0.5
        assert all(c.tracker.ideal_cycle_s == 0.5 for c in track._counters.values())
    finally:
        if side._flush_timer is not None:
            side._flush_timer.stop()
        if side.store is not None:
            side.store.close()
