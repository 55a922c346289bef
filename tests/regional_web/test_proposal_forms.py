"""The proposal forms map what a champion types to the section the JSON editor would be given,
refuse a field they cannot use with a message for that field, and what they make still passes
the standards checks of any proposal (on each database of --server-db)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regional_server import bundles, proposal_forms, proposals, tokens
from regional_server.accounts import Role
from regional_server.database import Connections
from regional_server.proposal_forms import FormProblems, content_for
from regional_server.standards_diff import describe
from tests.regional_web.conftest import START
from tests.regional_web.test_proposals import ADMIN, CHAMPION, Person

CATALOGUE = proposals.bundled_standards()["catalogue"]
NEXT = "2026.11-R2"


def node(document: dict[str, Any], code: str) -> dict[str, Any]:
    def find(nodes: list[Any]) -> dict[str, Any] | None:
        for n in nodes:
            if n["code"] == code:
                return n  # type: ignore[no-any-return]
            found = find(n.get("children", []))
            if found:
                return found
        return None

    found = find(document["downtime"]) or find(document["scrap"])
    assert found is not None, code
    return found


def problems_of(form: str, in_force: Any, fields: dict[str, str]) -> dict[str, str]:
    with pytest.raises(FormProblems) as refused:
        content_for(form, in_force, fields)
    return {k: v.message.format(**v.values) for k, v in refused.value.problems.items()}


def words(section: str, before: Any, after: Any) -> list[str]:
    return [c.english() for c in describe(section, before, after)]


def test_adding_a_category_makes_the_document_the_json_editor_would_get() -> None:
    fields = {
        "version": NEXT,
        "parent": "FLW",
        "code": "flw.fork",  # typed in lower case: codes are capitals
        "label_en": "Forklift blocking the line",
        "label_es": "  Carretilla   bloqueando la línea ",
    }
    made = content_for("add", CATALOGUE, fields)
    by_hand = copy.deepcopy(CATALOGUE)
    by_hand["version"] = NEXT
    node(by_hand, "FLW")["children"].append(
        {
            "code": "FLW.FORK",
            "labels": {"en": "Forklift blocking the line", "es": "Carretilla bloqueando la línea"},
        }
    )
    assert made == by_hand
    assert proposals.bundled_standards()["catalogue"] == CATALOGUE  # the one in force untouched
    assert words("catalogue", CATALOGUE, made) == [
        f"Version {CATALOGUE['version']} → {NEXT}",
        "Category FLW.FORK “Forklift blocking the line” added under FLW",
    ]


def test_a_new_top_category_says_which_loss_it_counts_as() -> None:
    fields = {"version": NEXT, "parent": "downtime", "code": "ENV", "label_en": "Weather"}
    fields |= {"label_es": "Meteorología", "loss": "unplanned_downtime"}
    made = content_for("add", CATALOGUE, fields)
    assert made["downtime"][-1] == {
        "code": "ENV",
        "labels": {"en": "Weather", "es": "Meteorología"},
        "loss": "unplanned_downtime",
        "planned": False,
        "needs_maintenance": False,
    }
    assert problems_of("add", CATALOGUE, {**fields, "loss": ""}) == {
        "loss": "Choose the loss a new top category counts as."
    }


def test_renaming_keeps_the_code_and_the_languages_left_empty() -> None:
    fields = {"version": NEXT, "code": "OPS.ADJ", "label_en": "", "label_es": "Reglaje"}
    made = content_for("rename", CATALOGUE, fields)
    assert node(made, "OPS.ADJ")["labels"] == {"en": "Adjustment or setting", "es": "Reglaje"}
    assert words("catalogue", CATALOGUE, made)[1:] == [
        f"Category OPS.ADJ renamed (es): “{node(CATALOGUE, 'OPS.ADJ')['labels']['es']}” → “Reglaje”"
    ]
    same = {**fields, "label_es": node(CATALOGUE, "OPS.ADJ")["labels"]["es"]}
    assert problems_of("rename", CATALOGUE, same) == {
        "label_en": "Change the name in at least one language."
    }


def test_retiring_maps_the_history_and_a_parent_left_empty_becomes_a_leaf() -> None:
    made = content_for(
        "retire", CATALOGUE, {"version": NEXT, "code": "OPS.ADJ", "successor": "OPS.STU"}
    )
    assert "OPS.ADJ" not in str(made["downtime"])
    assert made["code_map"] == {"OPS.ADJ": ["OPS.STU"]}
    assert words("catalogue", CATALOGUE, made)[1] == (
        "Category OPS.ADJ “Adjustment or setting” retired; its history counts as OPS.STU"
    )
    # SCR.TST has two children: retiring both leaves SCR.TST itself to capture under.
    once = content_for(
        "retire", CATALOGUE, {"version": NEXT, "code": "SCR.TST.FUN", "successor": "SCR.TST"}
    )
    twice = content_for(
        "retire", once, {"version": "2026.11-R3", "code": "SCR.TST.LEK", "successor": "SCR.TST"}
    )
    assert "children" not in node(twice, "SCR.TST")
    # The map is kept from version to version.
    assert twice["code_map"] == {"SCR.TST.FUN": ["SCR.TST"], "SCR.TST.LEK": ["SCR.TST"]}
    assert problems_of(
        "retire", CATALOGUE, {"version": NEXT, "code": "OPS", "successor": "OTH"}
    ) == {"code": "OPS has sub-categories: retire or split those one by one."}
    assert problems_of(
        "retire", CATALOGUE, {"version": NEXT, "code": "OTH", "successor": "OTH"}
    ) == {"successor": "Its history goes to another category, not itself."}


def test_splitting_puts_the_parts_in_its_place_with_its_settings_and_maps_its_history() -> None:
    fields = {"version": NEXT, "code": "UTL.NET"}
    fields |= {"code_0": "UTL.LAN", "label_en_0": "Plant network", "label_es_0": "Red de planta"}
    fields |= {
        "code_1": "UTL.WAN",
        "label_en_1": "Internet link",
        "label_es_1": "Enlace a internet",
    }
    fields |= {"code_2": "", "label_en_2": "", "label_es_2": ""}  # a row left empty
    made = content_for("split", CATALOGUE, fields)
    utilities = node(made, "UTL")["children"]
    assert [c["code"] for c in utilities] == ["UTL.AIR", "UTL.PWR", "UTL.CLW", "UTL.LAN", "UTL.WAN"]
    # UTL.NET did not call maintenance: neither do its parts.
    assert utilities[3] == {
        "code": "UTL.LAN",
        "labels": {"en": "Plant network", "es": "Red de planta"},
        "needs_maintenance": False,
    }
    assert made["code_map"] == {"UTL.NET": ["UTL.LAN", "UTL.WAN"]}
    told = "Category UTL.NET “Network or IT” retired; its history counts as UTL.LAN, UTL.WAN"
    assert told in words("catalogue", CATALOGUE, made)
    one_part = {k: v for k, v in fields.items() if not k.endswith("_1")}
    assert problems_of("split", CATALOGUE, one_part) == {
        "code_1": "A split needs two or more new categories."
    }


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        ({"code": ""}, {"code": "Give the new category a code."}),
        (
            {"code": "FLW FORK"},
            {"code": "A code is capital letters and digits in parts joined by dots, like FLW.NEW."},
        ),
        ({"code": "OPS.FORK"}, {"code": "A code under FLW starts with FLW.."}),
        ({"code": "FLW.BLK"}, {"code": "The code FLW.BLK is already used."}),
        ({"label_es": " "}, {"label_es": "Give the name in this language too."}),
        (
            {"label_en": "x" * 81},
            {"label_en": "At most 80 characters: operators read it on a button."},
        ),
        (
            {"version": CATALOGUE["version"]},
            {
                "version": f"The version in force is {CATALOGUE['version']}: "
                "a change needs a new version."
            },
        ),
        ({"parent": "OTH"}, {"parent": "No category can be added under OTH."}),
        (
            {"loss": "delay"},
            {"loss": "Below FLW a category counts as its parent: leave this as it is."},
        ),
        (
            {"parent": "", "version": ""},
            {
                "parent": "Choose where the new category goes.",
                "version": "Give the new version a name.",
            },
        ),
    ],
)
def test_a_field_the_form_cannot_use_gets_its_own_message(
    change: dict[str, str], problems: dict[str, str]
) -> None:
    fields = {"version": NEXT, "parent": "FLW", "code": "FLW.FORK", "label_en": "Forklift"}
    fields |= {"label_es": "Carretilla"}
    assert problems_of("add", CATALOGUE, {**fields, **change}) == problems


def test_a_retired_code_is_not_given_to_a_new_category() -> None:
    retired = content_for(
        "retire", CATALOGUE, {"version": NEXT, "code": "FLW.BLK", "successor": "FLW.STV"}
    )
    fields = {"version": "X2", "parent": "FLW", "code": "FLW.BLK", "label_en": "a", "label_es": "b"}
    assert problems_of("add", retired, fields) == {
        "code": "The code FLW.BLK was retired: its history belongs to other codes. Choose another."
    }


def test_targets_are_typed_in_percent_and_seconds_as_people_type_numbers() -> None:
    in_force = {"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.0}, "WELD-2": {"oee": 0.7}}
    rows = proposal_forms.target_rows(in_force)
    assert rows == [
        {"machine": "PRESS-1", "oee": "80", "cycle": "2"},
        {"machine": "WELD-2", "oee": "70", "cycle": ""},
    ]
    fields = {"machine_0": "PRESS-1", "oee_0": "85", "cycle_0": "2,4"}  # a Spanish comma
    fields |= {"machine_1": "WELD-2", "oee_1": "", "cycle_1": ""}  # taken out
    fields |= {"machine_2": "LASER-3", "oee_2": "62.5", "cycle_2": "40"}
    fields |= {"machine_3": "", "oee_3": "", "cycle_3": ""}
    made = content_for("targets", in_force, fields)
    assert made == {
        "PRESS-1": {"oee": 0.85, "ideal_cycle_time_s": 2.4},
        "LASER-3": {"oee": 0.625, "ideal_cycle_time_s": 40.0},
    }
    assert words("targets", in_force, made) == [
        "Targets for LASER-3 added: "
        + describe("targets", {}, {"L": made["LASER-3"]})[0].values["values"],
        "Cycle time of PRESS-1: 2.0 s → 2.4 s",
        "OEE target of PRESS-1: 0.8 → 0.85",
        "Targets for WELD-2 removed",
    ]
    bad = {"machine_0": "PRESS-1", "oee_0": "120", "cycle_0": "fast"}
    bad |= {"machine_1": "PRESS-1", "oee_1": "80", "cycle_1": "2"}
    bad |= {"machine_2": "", "oee_2": "50", "cycle_2": ""}
    assert problems_of("targets", in_force, bad) == {
        "oee_0": "An OEE target is a percentage above 0 and at most 100.",
        "cycle_0": "Type a number, like 2.4.",
        "machine_1": "PRESS-1 is set twice.",
        "machine_2": "Name the machine these targets are for.",
    }
    unchanged = {"machine_0": "PRESS-1", "oee_0": "80", "cycle_0": "2"}
    unchanged |= {"machine_1": "WELD-2", "oee_1": "70", "cycle_1": ""}
    assert problems_of("targets", in_force, unchanged) == {
        "machine_0": "Change at least one target."
    }


def test_a_module_the_section_leaves_out_is_on_and_only_a_switch_is_a_change() -> None:
    assert [proposal_forms.module_on({}, m) for m in proposal_forms.MODULES] == [True] * 3
    made = content_for("modules", {}, {"module_trends": "on", "module_workflows": "on"})
    assert made == {"shift_summary": False, "trends": True, "workflows": True}
    assert words("modules", {}, made) == ["Module shift_summary switched off"]
    every = {f"module_{m}": "on" for m in proposal_forms.MODULES}
    assert problems_of("modules", {}, every) == {"modules": "Switch at least one module on or off."}


def test_the_next_version_is_suggested_from_the_one_in_force() -> None:
    assert proposal_forms.next_version("2026.11-R1") == "2026.11-R2"
    assert proposal_forms.next_version("EU-2026.09") == "EU-2026.10"
    assert proposal_forms.next_version("draft") == "draft-2"


@pytest.fixture
def region(server_database: str | Path) -> Iterator[Connections]:
    connections = Connections(server_database)
    with connections.write() as conn:
        tokens.issue(conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="PC")
        bundles.publish(conn, proposals.bundled_standards(), now=START)
    yield connections
    connections.close()


def propose(region: Connections, who: Person, section: str, content: Any) -> proposals.Proposal:
    with region.write() as conn:
        return proposals.propose(
            conn, who, section=section, title="t", reason="r", content=content, now=START
        )


def test_a_form_s_proposal_is_the_json_editor_s_and_passes_the_same_checks(
    region: Connections,
) -> None:
    fields = {"version": NEXT, "code": "OPS.ADJ", "code_0": "OPS.SET", "code_1": "OPS.TUN"}
    fields |= {"label_en_0": "Setting change", "label_es_0": "Cambio de ajuste"}
    fields |= {"label_en_1": "Fine tuning", "label_es_1": "Ajuste fino"}
    with region.read() as conn:
        in_force = proposals.section_in_force(conn, "catalogue")
    from_form = propose(region, CHAMPION, "catalogue", content_for("split", in_force, fields))
    by_hand = copy.deepcopy(CATALOGUE)
    by_hand["version"], by_hand["code_map"] = NEXT, {"OPS.ADJ": ["OPS.SET", "OPS.TUN"]}
    children = node(by_hand, "OPS")["children"]
    children[0:1] = [
        {"code": "OPS.SET", "labels": {"en": "Setting change", "es": "Cambio de ajuste"}},
        {"code": "OPS.TUN", "labels": {"en": "Fine tuning", "es": "Ajuste fino"}},
    ]
    from_json = propose(
        region, Person("alberto", "A", Role.ADMIN, None, None), "catalogue", by_hand
    )
    assert from_form.content == from_json.content == by_hand
    assert [c.english() for c in from_form.changes()] == [c.english() for c in from_json.changes()]
    # What a line PC would refuse, a form cannot propose either: the catch-all has no successor.
    retire_other = content_for(
        "retire", in_force, {"version": NEXT, "code": "OTH", "successor": "OPS.INS"}
    )
    with pytest.raises(proposals.Refused, match="needs one leaf marked is_other"):
        propose(region, ADMIN, "catalogue", retire_other)
