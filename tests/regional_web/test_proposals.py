"""The rules of standards under change control, on each database: who may take which step, a
reviewer reads the change in words, plants get bundles of their own only through a pilot, and
retired categories keep their history through a mapping."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from regional_server import accounts, bundles, proposals, tokens
from regional_server.accounts import Forbidden, Person, Role
from regional_server.database import Connections
from regional_server.standards_diff import describe
from tests.regional_web.conftest import START

ADMIN = Person("ada", "Ada", Role.ADMIN, None, None)
SECOND_ADMIN = Person("alberto", "Alberto", Role.ADMIN, None, None)
CHAMPION = Person("carla", "Carla", Role.CHAMPION, None, None)
MANAGER = Person("pablo", "Pablo", Role.PLANT_MANAGER, "VAL", None)
VIEWER = Person("vera", "Vera", Role.VIEWER, None, None)


@pytest.fixture
def region(server_database: str | Path) -> Iterator[Connections]:
    connections = Connections(server_database)
    with connections.write() as conn:
        for plant in ("VAL", "ZAR", "MAD"):
            tokens.issue(conn, role=tokens.DEVICE, plant=plant, area="A", line="L1", device="PC")
        bundles.publish(conn, proposals.bundled_standards(), now=START)
    yield connections
    connections.close()


def targets_with(cycle_s: float) -> dict[str, Any]:
    return {"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": cycle_s}}


def test_the_change_is_told_in_words() -> None:
    base = proposals.bundled_standards()["catalogue"]
    changed = copy.deepcopy(base)
    changed["version"] = "2027.1-R1"
    operation = next(n for n in changed["downtime"] if n["code"] == "OPS")
    adjustment = next(n for n in operation["children"] if n["code"] == "OPS.ADJ")
    operation["children"].remove(adjustment)
    operation["children"].append(
        {"code": "OPS.SET", "labels": {"en": "Setting change", "es": "Cambio de ajuste"}}
    )
    operation["children"][0]["labels"]["en"] = "Quality hold"
    changed["code_map"] = {"OPS.ADJ": ["OPS.SET"]}
    words = [c.english() for c in describe("catalogue", base, changed)]
    assert "Version 2026.11-R1 → 2027.1-R1" in words
    assert (
        "Category OPS.ADJ “Adjustment or setting” retired; its history counts as OPS.SET" in words
    )
    assert "Category OPS.SET “Setting change” added under OPS" in words
    renamed = operation["children"][0]["code"]
    assert any(w.startswith(f"Category {renamed} renamed (en): ") for w in words)

    assert [c.english() for c in describe("targets", targets_with(2.0), targets_with(2.4))] == [
        "Cycle time of PRESS-1: 2.0 s → 2.4 s"
    ]
    assert [c.english() for c in describe("modules", {"trends": True}, {"trends": False})] == [
        "Module trends switched off"
    ]


def test_a_proposal_goes_from_pilot_to_every_plant_and_back(region: Connections) -> None:
    now = START
    # A viewer proposes nothing; a plant manager proposes, and the region decides.
    with pytest.raises(Forbidden), region.write() as conn:
        proposals.propose(
            conn, VIEWER, section="targets", title="t", reason="r", content={}, now=now
        )
    with region.write() as conn:
        made = proposals.propose(
            conn,
            MANAGER,
            section="targets",
            title="Press cycle time",
            reason="VAL's presses run 2.4 s since the new dies",
            content=targets_with(2.4),
            now=now,
        )
    assert made.state is proposals.State.PROPOSED
    assert [c.english() for c in made.changes()] == [
        "Targets for PRESS-1 added: "
        + str(describe("targets", {}, targets_with(2.4))[0].values["values"])
    ]
    # Nobody approves their own proposal, and a viewer or plant manager approves nothing.
    for who in (MANAGER, VIEWER):
        with pytest.raises(Forbidden), region.write() as conn:
            proposals.review(conn, who, made.number, approve=True, note="", now=now)
    with pytest.raises(Forbidden), region.write() as conn:
        proposals.pilot(conn, MANAGER, made.number, plants=["VAL"], note="", now=now)
    with region.write() as conn:
        # Not yet approved: no pilot, whoever asks.
        with pytest.raises(proposals.Refused, match="is proposed"):
            proposals.pilot(conn, CHAMPION, made.number, plants=["VAL"], note="", now=now)
        proposals.review(conn, CHAMPION, made.number, approve=True, note="ok", now=now)
        with pytest.raises(proposals.Refused, match="Unknown plants"):
            proposals.pilot(conn, CHAMPION, made.number, plants=["XXX"], note="", now=now)
        proposals.pilot(conn, CHAMPION, made.number, plants=["VAL"], note="first", now=now)
        # Only the pilot plant has it; the rest of the region keeps the standard in force.
        assert bundles.current(conn, "VAL").document["targets"] == targets_with(2.4)
        assert bundles.current(conn, "ZAR").document["targets"] == {}
        proposals.pilot(conn, CHAMPION, made.number, plants=["ZAR"], note="second", now=now)
        assert proposals.get(conn, made.number).plants == ["VAL", "ZAR"]
    with pytest.raises(Forbidden), region.write() as conn:
        proposals.roll_out(conn, CHAMPION, made.number, note="", now=now)
    with region.write() as conn:
        proposals.roll_out(conn, ADMIN, made.number, note="", now=now + timedelta(days=7))
        for plant in ("VAL", "ZAR", "MAD"):
            in_force = bundles.current(conn, plant)
            assert in_force.plant is None
            assert in_force.document["targets"] == targets_with(2.4)
        proposals.roll_back(conn, ADMIN, made.number, note="slower", now=now)
        assert bundles.current(conn, "MAD").document["targets"] == {}
        steps = [s.action for s in proposals.history(conn, made.number)]
    assert steps == [
        "proposed",
        "approved",
        "pilot started",
        "pilot started",
        "rolled out",
        "rolled back",
    ]


def test_a_pilot_rolled_back_gives_its_plants_the_region_s_bundle(region: Connections) -> None:
    with region.write() as conn:
        made = proposals.propose(
            conn,
            CHAMPION,
            section="modules",
            title="Trends off",
            reason="r",
            content={"trends": False},
            now=START,
        )
        proposals.review(conn, ADMIN, made.number, approve=True, note="", now=START)
        proposals.pilot(conn, CHAMPION, made.number, plants=["MAD"], note="", now=START)
        assert bundles.current(conn, "MAD").document["modules"] == {"trends": False}
        proposals.roll_back(conn, CHAMPION, made.number, note="operators missed them", now=START)
        assert bundles.current(conn, "MAD").document["modules"] == {}
        with pytest.raises(proposals.Refused, match="is rolled_back"):
            proposals.roll_out(conn, ADMIN, made.number, note="", now=START)


def test_what_the_line_would_refuse_cannot_be_proposed(region: Connections) -> None:
    base = proposals.bundled_standards()["catalogue"]
    retired = copy.deepcopy(base)
    retired["version"] = "2027.1-R1"
    material = next(n for n in retired["downtime"] if n["code"] == "MAT")
    material["children"] = [c for c in material["children"] if c["code"] != "MAT.PCK"]
    same_version = copy.deepcopy(base)
    same_version["downtime"][0]["labels"]["en"] = "Planned"
    cases = [
        (retired, "MAT.PCK is retired: map it"),
        ({**retired, "code_map": {"MAT.PCK": ["MAT.NOPE"]}}, "unknown codes MAT.NOPE"),
        (same_version, "changed content needs a new version"),
        (base, "changes nothing"),
        ({**base, "version": "x", "downtime": []}, "downtime"),
    ]
    for content, expected in cases:
        with pytest.raises(proposals.Refused, match=expected), region.write() as conn:
            proposals.propose(
                conn,
                CHAMPION,
                section="catalogue",
                title="t",
                reason="r",
                content=content,
                now=START,
            )
    with region.write() as conn:
        mapped = proposals.propose(
            conn,
            CHAMPION,
            section="catalogue",
            title="Packaging is material",
            reason="nobody tells packaging from material shortage",
            content={**retired, "code_map": {"MAT.PCK": ["MAT.SHT"]}},
            now=START,
        )
    assert mapped.state is proposals.State.PROPOSED


def test_a_rollout_never_undoes_a_change_made_since(region: Connections) -> None:
    with region.write() as conn:
        first = proposals.propose(
            conn,
            CHAMPION,
            section="targets",
            title="a",
            reason="r",
            content=targets_with(2.2),
            now=START,
        )
        second = proposals.propose(
            conn,
            CHAMPION,
            section="targets",
            title="b",
            reason="r",
            content=targets_with(2.6),
            now=START,
        )
        for made in (first, second):
            proposals.review(conn, SECOND_ADMIN, made.number, approve=True, note="", now=START)
            proposals.pilot(conn, CHAMPION, made.number, plants=["VAL"], note="", now=START)
        proposals.roll_out(conn, ADMIN, first.number, note="", now=START)
        with pytest.raises(proposals.Refused, match="changed since proposal"):
            proposals.roll_out(conn, ADMIN, second.number, note="", now=START)


def test_accounts_decide_roles_not_pages() -> None:
    assert accounts.may(MANAGER, accounts.Action.READ_PLANT, plant="VAL")
    assert not accounts.may(MANAGER, accounts.Action.READ_PLANT, plant="ZAR")
    assert not accounts.may(MANAGER, accounts.Action.READ_PLANT)
    assert accounts.may(VIEWER, accounts.Action.READ_PLANT, plant="ZAR")
    assert not accounts.may(VIEWER, accounts.Action.PROPOSE)
    assert accounts.may(MANAGER, accounts.Action.PROPOSE)
    assert not accounts.may(MANAGER, accounts.Action.PROPOSE_AS_DOCUMENT)
    assert not accounts.may(CHAMPION, accounts.Action.PROPOSE_AS_DOCUMENT)
    assert not accounts.may(CHAMPION, accounts.Action.ROLL_OUT)


def test_a_step_decided_on_a_state_that_moved_meanwhile_is_refused(region: Connections) -> None:
    """Two reviewers at once (PostgreSQL runs them side by side): the second one's step, decided
    on the state both read, changes nothing and publishes nothing."""
    with region.write() as conn:
        made = proposals.propose(
            conn,
            CHAMPION,
            section="modules",
            title="t",
            reason="r",
            content={"trends": False},
            now=START,
        )
        proposals.review(conn, ADMIN, made.number, approve=True, note="", now=START)
    with pytest.raises(proposals.Refused, match="changed by someone else"), region.write() as c:
        proposals._move(c, made, proposals.State.REJECTED, [])
    with region.read() as conn:
        assert proposals.get(conn, made.number).state is proposals.State.APPROVED


def test_a_retired_code_counts_as_its_successors_through_later_retirements() -> None:
    from regional_server.code_history import successors

    catalogue = {"code_map": {"OPS.ADJ": ["OPS.SET", "OPS.TUN"], "OPS.TUN": ["OPS.FIN"]}}
    assert successors("OPS.ADJ", catalogue) == ["OPS.SET", "OPS.FIN"]
    assert successors("MAT.SHT", catalogue) == ["MAT.SHT"]
    assert successors("X", {"code_map": {"X": ["Y"], "Y": ["X"]}}) == []
    assert successors("X", {}) == ["X"]
