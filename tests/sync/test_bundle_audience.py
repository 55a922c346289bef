"""A pilot bundle is for its plant's line PCs only: the signature names whom the bundle was
served to, so an answer for plant A copied or redirected to a PC of plant B is refused like a
bundle whose signature fails, and the bundle in force there stays (over loopback HTTP with the
real server, a relay in between as a proxy or a mis-set URL would be).

Compatibility both ways: a PC that does not ask for the audience (an older client) gets the
text it always verified; a PC talking to a server that does not sign the audience (an older
server) applies its bundles, until it has once had a bundle signed with its audience: from then
on an unaudienced bundle is a downgrade and is refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests

from shopfloor_core.contract import (
    BUNDLE_PATH,
    BUNDLE_SIGNATURE_HEADER,
    bundle_signed_text,
)
from sync.bundle_signature import verifies
from sync.round import RoundResult
from sync.state import SyncState
from tests.sync.conftest import Device, ThreadServer, standard_bundle
from tests.sync.test_key_rotation_attacks import Answer, Relay

PILOT_PLANT = "VAL"
OTHER_PLANT = "ZAR"


class OldServerRelay(Relay):
    """A relay that makes the server behind it look like one from before the audience: the
    line PC's request to sign it is not passed on, and the answer carries no audience."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.old_server = True

    def _forward(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        if self.old_server:
            del handler.headers[BUNDLE_SIGNATURE_HEADER]
        super()._forward(handler, method)


class Pilot:
    """The real server with a region-wide bundle, then a pilot for plant VAL; a PC of each plant."""

    def __init__(self, database: str | Path, make_device: Callable[..., Device]) -> None:
        self.server = ThreadServer(database)
        self.relay = OldServerRelay(self.server.url)
        self.relay.old_server = False
        self.region_wide = self.server.publish(standard_bundle())
        self.pc_a = make_device(self.server, plant=PILOT_PLANT)
        self.pc_b = make_device(self.server, plant=OTHER_PLANT)

    def publish_pilot(self, oee: float = 0.61) -> int:
        document = standard_bundle(targets={"PRESS-1": {"oee": oee}})
        return self.server.publish(document, plant=PILOT_PLANT)

    def answer_for(self, device: Device, *, ask_audience: bool = True) -> Answer:
        """The bundle answer the server gives ``device``'s token (as a proxy would record it)."""
        headers = {"Authorization": f"Bearer {device.token}"}
        if ask_audience:
            headers[BUNDLE_SIGNATURE_HEADER] = "audience"
        answer = requests.get(self.server.url + BUNDLE_PATH, headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def stop(self) -> None:
        self.relay.close()
        self.server.stop()


@pytest.fixture
def pilot(server_database: str | Path, make_device: Callable[..., Device]) -> Iterator[Pilot]:
    made = Pilot(server_database, make_device)
    yield made
    made.stop()


def assert_kept(result: RoundResult, in_force: int, *words: str) -> str:
    """The round refused the bundle, said why in one problem, and kept ``in_force``."""
    assert result.status.problem is None  # a refused bundle is not a failed round
    assert result.status.bundle_version == in_force
    (problem,) = result.status.bundle_problems
    for word in words:
        assert word in problem, problem
    return problem


def test_a_pilot_bundle_for_plant_a_redirected_to_a_pc_of_plant_b_is_refused(
    pilot: Pilot, caplog: pytest.LogCaptureFixture
) -> None:
    # A region-wide bundle: both plants apply it.
    assert pilot.pc_a.sync_round().status.bundle_version == pilot.region_wide
    assert pilot.pc_b.sync_round().status.bundle_version == pilot.region_wide

    piloted = pilot.publish_pilot()
    recorded = pilot.answer_for(pilot.pc_a)  # plant A's answer, as a proxy keeps it
    assert recorded["version"] == piloted
    pilot.relay.plan(lambda _: recorded)
    with caplog.at_level(logging.WARNING, logger="sync.bundle"):
        result = pilot.pc_b.sync_round(pilot.relay.url)
    problem = assert_kept(result, pilot.region_wide, "audience:", PILOT_PLANT, OTHER_PLANT)
    assert "pilot" in problem
    assert f"bundle version {piloted} refused" in caplog.text
    # Without the relay, plant B's own answer is the region's bundle it already has.
    assert pilot.pc_b.sync_round().status.bundle_version == pilot.region_wide

    # Plant A applies its pilot.
    applied = pilot.pc_a.sync_round()
    assert (applied.status.bundle_version, applied.status.bundle_problems) == (piloted, ())


def test_a_region_wide_bundle_is_applied_by_both_plants_but_not_as_served_to_the_other(
    pilot: Pilot,
) -> None:
    """The region's bundle comes with each plant's modules: each PC applies its own answer,
    and the answer served to plant A, replayed to plant B, is refused."""
    assert pilot.pc_a.sync_round().status.bundle_version == pilot.region_wide
    assert pilot.pc_b.sync_round().status.bundle_version == pilot.region_wide
    newer = pilot.server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.7}}))
    for_a = pilot.answer_for(pilot.pc_a)
    assert (for_a["plant"], for_a["audience"]) == (None, PILOT_PLANT)

    pilot.relay.plan(lambda _: for_a)
    replayed = pilot.pc_b.sync_round(pilot.relay.url)
    assert_kept(replayed, pilot.region_wide, "audience:", f"served to plant {PILOT_PLANT}")
    for pc in (pilot.pc_a, pilot.pc_b):
        applied = pc.sync_round()
        assert (applied.status.bundle_version, applied.status.bundle_problems) == (newer, ())


def test_the_server_signs_the_audience_only_for_a_pc_that_asks_for_it(pilot: Pilot) -> None:
    """An older line PC does not ask: it gets the text it always verified. A PC that asks gets
    the plant in the signed text, and that signature no longer verifies as the old text."""
    piloted = pilot.publish_pilot()
    old = pilot.answer_for(pilot.pc_a, ask_audience=False)
    new = pilot.answer_for(pilot.pc_a)
    assert old["audience"] is None
    old_text = bundle_signed_text(old["version"], old["published_utc"], old["bundle"])
    assert verifies(old["signing_key"], old["signature"], old_text)

    assert (new["version"], new["plant"], new["audience"]) == (piloted, PILOT_PLANT, PILOT_PLANT)
    envelope = {
        "version": new["version"],
        "published_utc": new["published_utc"],
        "bundle": new["bundle"],
        "plant": PILOT_PLANT,
        "audience": PILOT_PLANT,
    }
    new_text = json.dumps(
        envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    assert verifies(new["signing_key"], new["signature"], new_text)
    assert not verifies(new["signing_key"], new["signature"], old_text)


def test_the_two_forms_have_their_own_etag_so_an_upgraded_pc_fetches_its_bundle_again(
    pilot: Pilot,
) -> None:
    headers = {"Authorization": f"Bearer {pilot.pc_b.token}"}
    url = pilot.server.url + BUNDLE_PATH
    old = requests.get(url, headers=headers, timeout=10)
    asked = {**headers, BUNDLE_SIGNATURE_HEADER: "audience"}
    new = requests.get(url, headers=asked, timeout=10)
    assert old.headers["ETag"] != new.headers["ETag"]
    assert BUNDLE_SIGNATURE_HEADER in new.headers["Vary"]
    again = requests.get(url, headers={**asked, "If-None-Match": new.headers["ETag"]}, timeout=10)
    assert again.status_code == 304
    stale = requests.get(url, headers={**asked, "If-None-Match": old.headers["ETag"]}, timeout=10)
    assert stale.status_code == 200


def test_a_new_pc_applies_an_older_servers_bundles_until_it_has_had_one_signed_with_its_plant(
    pilot: Pilot,
) -> None:
    relay = pilot.relay
    relay.old_server = True
    for pc in (pilot.pc_a, pilot.pc_b):
        applied = pc.sync_round(relay.url)
        assert (applied.status.bundle_version, applied.status.bundle_problems) == (
            pilot.region_wide,
            (),
        )
    piloted = pilot.publish_pilot()
    applied = pilot.pc_a.sync_round(relay.url)
    assert (applied.status.bundle_version, applied.status.bundle_problems) == (piloted, ())
    assert SyncState(pilot.pc_b.store).get("bundle_audience_signed_since") is None

    # The region upgrades its server: plant B's PC fetches the bundle it holds once more, now
    # signed with its plant, and from then on expects one.
    relay.old_server = False
    again = pilot.pc_b.sync_round(relay.url)
    assert (again.status.bundle_version, again.status.bundle_problems) == (pilot.region_wide, ())
    assert SyncState(pilot.pc_b.store).get("bundle_audience_signed_since") == str(pilot.region_wide)

    # Plant A's pilot as an older PC of plant A fetches it (signed without its plant), replayed
    # to plant B: a downgrade, refused.
    unaudienced = pilot.answer_for(pilot.pc_a, ask_audience=False)
    relay.plan(lambda _: unaudienced)
    replayed = pilot.pc_b.sync_round(relay.url)
    assert_kept(replayed, pilot.region_wide, "audience:", "without naming the plant")


def test_a_server_put_back_to_an_older_version_is_refused_by_pcs_that_moved_on(
    pilot: Pilot,
) -> None:
    assert pilot.pc_b.sync_round(pilot.relay.url).status.bundle_version == pilot.region_wide
    pilot.relay.old_server = True
    newer = pilot.server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.7}}))
    refused = pilot.pc_b.sync_round(pilot.relay.url)
    problem = assert_kept(refused, pilot.region_wide, "audience:", "older version")
    assert f"bundle version {newer}" in problem
    pilot.relay.old_server = False
    applied = pilot.pc_b.sync_round(pilot.relay.url)
    assert (applied.status.bundle_version, applied.status.bundle_problems) == (newer, ())


def test_the_signed_audience_cannot_be_rewritten_on_the_way(pilot: Pilot) -> None:
    """A relay that renames the plant in plant A's answer breaks its signature."""
    assert pilot.pc_b.sync_round().status.bundle_version == pilot.region_wide
    pilot.publish_pilot()
    recorded = pilot.answer_for(pilot.pc_a)

    def renamed(_: Answer) -> Answer:
        return {**recorded, "plant": OTHER_PLANT, "audience": OTHER_PLANT}

    def dropped(_: Answer) -> Answer:
        return {**recorded, "plant": None, "audience": None}

    pilot.relay.plan(renamed)
    assert_kept(pilot.pc_b.sync_round(pilot.relay.url), pilot.region_wide, "does not verify")
    pilot.relay.plan(dropped)
    assert_kept(pilot.pc_b.sync_round(pilot.relay.url), pilot.region_wide, "does not verify")


def test_a_refused_replay_under_the_genuine_etag_does_not_hold_back_the_genuine_bundle(
    pilot: Pilot,
) -> None:
    """The ETag is outside the signature: a relay answers an old recorded bundle under the ETag
    of the bundle the server has now. The refusal is of that answer, not of the bundle the ETag
    names, so the genuine answer is checked and applied at the next round."""
    pc = pilot.pc_b
    recorded = pilot.answer_for(pc)  # the region's first bundle, as a proxy keeps it
    assert pc.sync_round().status.bundle_version == pilot.region_wide
    second = pilot.server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.7}}))
    assert pc.sync_round().status.bundle_version == second
    third = pilot.server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.75}}))
    pilot.relay.plan(lambda _: recorded)
    assert_kept(pc.sync_round(pilot.relay.url), second, "version:", "older")

    applied = pc.sync_round()
    assert (applied.status.bundle_version, applied.status.bundle_problems) == (third, ())
