"""The fault map as a section of the regional standards: optional, versioned like the
catalogue, checked against the catalogue in force, refused whole with a line naming the entry."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from local_store import EventStore
from operator_app.services.standards import standards_in_force
from operator_app.site_config import SiteConfig
from operator_app.standards.sections import read_standards
from regional_server.bundles import BundleShapeError, check_shape
from shopfloor_core.domain.fault_codes import NO_FAULT_MAP, bundled_fault_map_document
from tests.sync.conftest import ThreadServer, standard_bundle
from tests.sync.test_end_to_end import MakeDevice

ZONE = "Europe/Madrid"


def fault_codes(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(bundled_fault_map_document())
    document.update(changes)
    return document


def test_a_bundle_with_a_fault_map_runs_it() -> None:
    standards, problems = read_standards(standard_bundle(fault_codes=fault_codes()), ZONE)
    assert problems == []
    assert standards is not None
    assert standards.fault_map.version == "FC-2026.11-R1"
    assert standards.fault_map.reason_for(101) == "EQP.MEC.JAM"


def test_a_bundle_without_one_maps_no_code() -> None:
    standards, problems = read_standards(standard_bundle(), ZONE)
    assert problems == []
    assert standards is not None
    assert standards.fault_map == NO_FAULT_MAP
    assert standards.fault_map.reason_for(101) is None


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            fault_codes(codes=[{"code": 101, "reason": "EQP.MEC"}]),
            "fault_codes: codes[0].reason: EQP.MEC has sub-categories; choose one of them",
        ),
        (
            fault_codes(codes=[{"code": 101, "reason": "SYS.NOSIG"}]),
            "fault_codes: codes[0].reason: SYS.NOSIG is assigned by the system only",
        ),
        (
            fault_codes(catalogue_version="2026.10-R3"),
            "fault_codes: catalogue_version: '2026.10-R3' is not the catalogue in force",
        ),
        ("a list of codes", "fault_codes: must be a fault map document"),
    ],
)
def test_a_bad_fault_map_refuses_the_bundle_with_a_line_naming_the_entry(
    section: Any, expected: str
) -> None:
    standards, problems = read_standards(standard_bundle(fault_codes=section), ZONE)
    assert standards is None
    assert any(p.startswith(expected) for p in problems), problems


def test_a_map_follows_its_catalogues_version() -> None:
    """A region that issues a new catalogue must issue the map for it: an old map is refused."""
    bundle = standard_bundle(fault_codes=fault_codes())
    bundle["catalogue"] = dict(bundle["catalogue"], version="2027.01-R1")
    standards, problems = read_standards(bundle, ZONE)
    assert standards is None
    assert problems == [
        "fault_codes: catalogue_version: '2026.11-R1' is not the catalogue in force "
        "('2027.01-R1'); map the codes against that version"
    ]
    bundle["fault_codes"] = fault_codes(catalogue_version="2027.01-R1")
    assert read_standards(bundle, ZONE)[1] == []


def test_the_regional_server_accepts_the_section() -> None:
    assert check_shape(standard_bundle(fault_codes=fault_codes()))["fault_codes"]
    with pytest.raises(BundleShapeError, match=r"unknown sections: fault_code$"):
        check_shape(standard_bundle(fault_code=fault_codes()))


def test_before_any_bundle_the_bundled_map_is_in_force(site: SiteConfig, store: EventStore) -> None:
    standards = standards_in_force(store, site)
    assert standards.bundle_version is None
    assert standards.fault_map.version == "FC-2026.11-R1"


def test_through_sync_a_bad_map_is_refused_and_a_good_one_applied(
    server_database: str | Path, make_device: MakeDevice
) -> None:
    server = ThreadServer(server_database)
    try:
        device = make_device(server)
        good = server.publish(standard_bundle(fault_codes=fault_codes(version="FC-2027.1")))
        applied = device.sync_round()
        assert applied.bundle is not None
        assert applied.bundle.applied
        in_force = standards_in_force(device.store, device.site)
        assert (in_force.bundle_version, in_force.fault_map.version) == (good, "FC-2027.1")

        bad = fault_codes(version="FC-2027.2", codes=[{"code": 417, "reason": "EQP.ELE"}])
        server.publish(standard_bundle(fault_codes=bad))
        refused = device.sync_round()
        assert refused.bundle is not None
        assert not refused.bundle.applied
        assert (
            "fault_codes: codes[0].reason: EQP.ELE has sub-categories; choose one of them"
            in refused.status.bundle_problems
        )
        # The last good map stays in force.
        assert standards_in_force(device.store, device.site).fault_map.version == "FC-2027.1"
    finally:
        server.stop()
