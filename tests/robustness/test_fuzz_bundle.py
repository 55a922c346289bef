"""Fuzzed regional bundles: whatever the server hands down, the client checks it whole, never
crashes on it, and either applies a bundle that is sound or keeps the one in force.

Two levels: ``check_bundle`` on many mutated bundles (fast), and a few of them published on the
reference server on loopback and fetched through a real sync round by a line PC that keeps
capturing: nothing it captured is lost or left undelivered, whatever the bundle was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_store import EventStore
from operator_app.services.standards import active_catalogue
from regional_server.bundles import BundleShapeError
from shopfloor_core.domain.catalogue import Catalogue, load_catalogue
from sync.bundle import check_bundle
from tests.robustness.mutations import json_values, keys_of, mutated
from tests.sync.conftest import Device, ThreadServer, standard_bundle
from tests.sync.conftest import _no_proxy_from_environment as _no_proxy  # noqa: F401

GOOD = standard_bundle()
KEYS = sorted(keys_of(GOOD))


def mutated_bundle() -> st.SearchStrategy[dict[str, Any]]:
    return mutated(GOOD, KEYS, json_values, depth=5)


def as_served(bundle: dict[str, Any]) -> dict[str, Any]:
    """What arrives over HTTP: the bundle through JSON (NaN and infinities included)."""
    return json.loads(json.dumps(bundle))


@settings(max_examples=400, deadline=None)
@given(bundle=mutated_bundle())
def test_check_bundle_always_answers_with_problems_or_a_catalogue(bundle: dict[str, Any]) -> None:
    standards, problems = check_bundle(as_served(bundle), "Europe/Madrid")
    assert all(isinstance(p, str) and p for p in problems)
    assert (standards is None) == bool(problems)
    if standards is not None:
        # Accepted: the catalogue in it really is a sound one.
        assert isinstance(standards.catalogue, Catalogue)
        assert load_catalogue(bundle["catalogue"]).version == standards.catalogue.version


@settings(max_examples=200, deadline=None)
@given(sections=st.dictionaries(st.sampled_from([*GOOD, "extra"]), json_values))
def test_bundles_of_random_sections_are_refused_cleanly(sections: dict[str, Any]) -> None:
    _, problems = check_bundle(as_served(sections), "Europe/Madrid")
    assert problems  # a random document is never a sound bundle


def test_the_unmutated_bundle_is_sound() -> None:
    """Without this, the fuzz tests above could pass on a checker that refuses everything."""
    standards, problems = check_bundle(as_served(GOOD), "Europe/Madrid")
    assert problems == []
    assert standards is not None


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadServer]:
    server = ThreadServer(tmp_path_factory.mktemp("fuzz-region") / "region.sqlite3")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def device(region: ThreadServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Device]:
    made = Device(tmp_path_factory.mktemp("fuzz-device"), region, region.url, "VAL", "L1", "FZ-1")
    yield made
    made.store.close()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(bundle=mutated_bundle(), version=st.integers(min_value=0, max_value=10**6))
def test_a_line_pc_lives_through_any_served_bundle(
    region: ThreadServer, device: Device, bundle: dict[str, Any], version: int
) -> None:
    served = as_served(bundle)
    if isinstance(served.get("catalogue"), dict):
        # A fresh catalogue version each time, so "same version, other content" is not the
        # only refusal the server side ever provokes.
        served["catalogue"]["version"] = f"fuzz-{version}-{len(device.captured)}"
    before = active_catalogue(device.store)
    try:
        region.publish(served)
    except BundleShapeError:
        pass  # the server refuses to publish it: no line PC ever sees this one
    device.capture(2)
    result = device.sync_round()
    assert result.status.online, result.status.problem
    assert result.status.auth_problem is None
    after = active_catalogue(device.store)
    if result.bundle is not None and result.bundle.applied:
        assert after.version == served["catalogue"]["version"]
    else:
        assert after.version == before.version  # the bundle in force stays
    device.assert_delivered_exactly_once()
    store: EventStore = device.store
    assert store.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_fixtures_are_wired_to_a_real_server(device: Device, region: ThreadServer) -> None:
    device.capture(1)
    assert device.sync_round().status.online
    assert Path(region.database).exists()


def test_a_bundle_with_a_number_json_cannot_carry_is_refused_at_publishing(
    region: ThreadServer, device: Device
) -> None:
    """Found by the fuzz test above: published, it made the bundle endpoint answer 500."""
    bundle = standard_bundle()
    bundle["catalogue"]["version"] = "fuzz-nan"
    bundle["targets"] = {"PRESS-1": {"oee": float("nan")}}
    with pytest.raises(BundleShapeError, match="NaN"):
        region.publish(bundle)
    device.capture(1)
    assert device.sync_round().status.online


def test_a_shift_calendar_whose_default_is_no_name_is_refused_cleanly() -> None:
    """Found by the fuzz test: a list as the default pattern raised TypeError (unhashable)."""
    bundle = standard_bundle()
    bundle["shift_calendar"] = {"patterns": {}, "default": ["3x8"]}
    standards, problems = check_bundle(as_served(bundle), "Europe/Madrid")
    assert standards is None
    assert any("shift_calendar.default" in p for p in problems)
