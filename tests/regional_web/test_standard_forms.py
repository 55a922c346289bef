"""The shift calendar, fault-code map and products forms map what a champion types to the
section the JSON editor would be given, refuse a field they cannot use with a message for that
field, and what they make passes the checks of any proposal (on each database of --server-db)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from regional_server import calendar_form, fault_code_form, proposals
from regional_server.database import Connections
from regional_server.proposal_forms import FormProblems, content_for
from regional_server.web import standard_form_fields
from shopfloor_core.domain.products import bundled_products_document, load_products
from shopfloor_core.standards.reader import Problems
from shopfloor_core.standards.shift_calendar import regional_calendar
from tests.regional_web.conftest import START
from tests.regional_web.test_proposal_forms import problems_of, region, words
from tests.regional_web.test_proposals import CHAMPION

STANDARDS = proposals.bundled_standards()
CALENDAR = STANDARDS["shift_calendar"]
FAULTS = STANDARDS["fault_codes"]
CATALOGUE = STANDARDS["catalogue"]
PRODUCTS = bundled_products_document()


def form_of(form: str, in_force: Any, **asked: str) -> dict[str, str]:
    """The fields as the page fills them from the standard in force (what a browser sends)."""
    fields = standard_form_fields.prefilled(form, in_force, dict(asked), STANDARDS)
    return {k: v for k, v in fields.items() if k != "change"}


# -- shift calendar ----------------------------------------------------------------------------
def test_a_shift_pattern_changed_in_the_form_is_the_document_the_json_editor_would_get() -> None:
    fields = form_of("shifts", CALENDAR, pattern="3x8-5d")
    assert fields["version"] == "EU-2026.2"
    assert [fields.get(f"day_{d}") for d in range(7)] == ["yes"] * 5 + [None, None]
    fields |= {"start_0": "5:30", "end_0": "13.30", "start_1": "13:30", "end_1": "22:00"}
    fields |= {"break_start_0_1": "12:00", "break_minutes_0_1": "10", "day_5": "yes"}
    made = content_for("shifts", CALENDAR, fields)

    by_hand = copy.deepcopy(CALENDAR)
    by_hand["version"] = "EU-2026.2"
    pattern = by_hand["patterns"]["3x8-5d"]
    early, late = pattern["shift"][0], pattern["shift"][1]
    early |= {"start": "05:30", "end": "13:30"}
    early["breaks"].append({"start": "12:00", "minutes": 10})
    late["start"] = "13:30"
    pattern["rotation"]["days"][5] = ["A", "B", "C"]  # Saturday worked, by the usual crews
    assert made == by_hand
    assert regional_calendar(made, "3x8-5d", "Europe/Madrid", Problems()) is not None
    assert words("shift_calendar", CALENDAR, made) == [
        "Version EU-2026.1 → EU-2026.2",
        "Shift E of 3x8-5d: 06:00–14:00 → 05:30–13:30",
        "Breaks of shift E of 3x8-5d: 10:00 (30 min) → 10:00 (30 min), 12:00 (10 min)",
        "Shift L of 3x8-5d: 14:00–22:00 → 13:30–22:00",
        "3x8-5d: shifts now run on Saturdays",
    ]


def test_a_new_pattern_for_a_plant_runs_its_days_and_can_become_the_default() -> None:
    fields = form_of("shifts", CALENDAR, pattern="new")
    assert fields["pattern"] == ""
    fields |= {"pattern": "2x8", "name": "2x8 ZAR", "default": "yes"}
    fields |= {"shift_code_0": "m", "shift_name_0": "Morning", "start_0": "06:00", "end_0": "14:00"}
    fields |= {"shift_code_1": "A", "shift_name_1": "Afternoon", "start_1": "14:00"}
    fields |= {"end_1": "22:00", "day_4": "", "day_6": "yes"}  # Monday-Thursday and Sunday
    made = content_for("shifts", CALENDAR, fields)
    assert made["default"] == "2x8"
    assert made["patterns"]["2x8"] == {
        "name": "2x8 ZAR",
        "shift": [
            {"code": "M", "name": "Morning", "start": "06:00", "end": "14:00", "breaks": []},
            {"code": "A", "name": "Afternoon", "start": "14:00", "end": "22:00", "breaks": []},
        ],
        "rotation": {
            "anchor": "2026-01-05",
            "days": [["A", "B"]] * 4 + [["-", "-"], ["-", "-"], ["A", "B"]],
        },
    }
    assert words("shift_calendar", CALENDAR, made)[1:4] == [
        "Default shift pattern 3x8 → 2x8",
        "Shift pattern 2x8 “2x8 ZAR” added: M Morning 06:00–14:00, A Afternoon 14:00–22:00",
        "2x8: no shifts on Fridays any more",
    ]


def test_a_shift_field_the_form_cannot_use_gets_its_own_message() -> None:
    fields = form_of("shifts", CALENDAR, pattern="3x8")
    fields |= {"version": "EU-2026.1", "shift_code_1": "E", "start_0": "25:00", "end_2": ""}
    fields |= {"shift_name_0": " ", "break_minutes_1_0": "200", "default": ""}
    fields |= {f"day_{d}": "" for d in range(7)}
    assert problems_of("shifts", CALENDAR, fields) == {
        "version": "The version in force is EU-2026.1: a change needs a new version.",
        "shift_code_1": "E is another shift's code.",
        "shift_name_0": "Name the shift, like Early.",
        "start_0": "A time of day like 06:00.",
        "end_2": "A time of day like 06:00.",
        "break_minutes_1_0": "Whole minutes, 1 to 180.",
        "days": "Tick at least one day.",
        "default": "This is the region's default pattern: make another one the default first.",
    }
    unchanged = form_of("shifts", CALENDAR, pattern="2x12")
    assert problems_of("shifts", CALENDAR, unchanged) == {
        "shift_code_0": "Change at least one shift, break or day."
    }


def test_a_pattern_whose_crews_rotate_over_weeks_keeps_its_rotation() -> None:
    fields = form_of("shifts", CALENDAR, pattern="4-crew-2x12")
    assert not any(k.startswith("day_") for k in fields)
    made = content_for("shifts", CALENDAR, {**fields, "start_0": "07:00", "end_1": "07:00"})
    rotation = CALENDAR["patterns"]["4-crew-2x12"]["rotation"]
    assert made["patterns"]["4-crew-2x12"]["rotation"] == rotation
    fewer = {**fields, "shift_code_1": "", "shift_name_1": "", "start_1": "", "end_1": ""}
    fewer |= {f"break_{p}_1_{m}": "" for p in ("start", "minutes") for m in range(2)}
    assert "rotate over 28 days" in problems_of("shifts", CALENDAR, fewer)["shift_code_0"]
    assert calendar_form.weekly(CALENDAR["patterns"]["4-crew-2x12"]) is False


# -- fault-code map ------------------------------------------------------------------------------
def test_fault_codes_are_added_changed_and_taken_out_by_rows() -> None:
    fields = form_of("fault_codes", FAULTS)
    rows = len(FAULTS["codes"])
    assert fields["fault_0"] == "101"
    assert fields["reason_0"] == "EQP.MEC.JAM"
    assert fields[f"fault_{rows + 2}"] == ""
    assert f"fault_{rows + 3}" not in fields
    fields |= {"reason_1": "EQP.MEC.CNV", "fault_2": "", "reason_2": "", "text_2": ""}
    fields |= {f"fault_{rows}": " 950 ", f"reason_{rows}": "UTL.PWR", f"text_{rows}": "Phase loss"}
    made = content_for("fault_codes", FAULTS, fields, STANDARDS)
    by_hand = copy.deepcopy(FAULTS)
    by_hand["version"] = "FC-2026.11-R2"
    by_hand["codes"][1]["reason"] = "EQP.MEC.CNV"
    del by_hand["codes"][2]
    by_hand["codes"].append({"code": 950, "reason": "UTL.PWR", "plc_text": "Phase loss"})
    assert made == by_hand
    assert words("fault_codes", FAULTS, made) == [
        "Version FC-2026.11-R1 → FC-2026.11-R2",
        "Fault code 102 now means EQP.MEC.CNV (was EQP.MEC.JAM)",
        "Fault code 110 removed",
        "Fault code 950 added, meaning UTL.PWR",
    ]


def test_a_fault_code_row_the_form_cannot_use_gets_its_own_message() -> None:
    fields = form_of("fault_codes", FAULTS)
    rows = len(FAULTS["codes"])
    fields |= {"fault_0": "0", "fault_1": "110", "reason_3": "EQP"}  # not a leaf
    fields |= {"reason_4": "", f"text_{rows}": "Orphan text", "reason_5": "SCR.PRC.SET"}
    with pytest.raises(FormProblems) as refused:
        content_for("fault_codes", FAULTS, fields, STANDARDS)
    assert {k: p.message.format(**p.values) for k, p in refused.value.problems.items()} == {
        "fault_0": "A fault number is a whole number from 1 (0 means no fault).",
        "fault_2": "Fault 110 is already in row 2.",
        "reason_3": "EQP is not a downtime category operators can choose.",
        "reason_4": "Choose the category this fault suggests.",
        "reason_5": "SCR.PRC.SET is not a downtime category operators can choose.",
        f"fault_{rows}": "Give the fault number this text is for.",
    }


def test_a_region_that_mapped_no_codes_starts_its_map_in_the_form() -> None:
    fields = form_of("fault_codes", None)
    assert (fields["version"], fields["fault_0"], fields["fault_2"]) == ("1", "", "")
    fields |= {"version": "FC-1", "fault_0": "101", "reason_0": "EQP.MEC.JAM"}
    made = content_for("fault_codes", None, fields, STANDARDS)
    assert made == {
        "schema": "operator-app/fault-codes@1",
        "version": "FC-1",
        "catalogue_version": CATALOGUE["version"],
        "codes": [{"code": 101, "reason": "EQP.MEC.JAM"}],
    }
    assert words("fault_codes", None, made) == [
        "Version — → FC-1",
        "Fault code 101 added, meaning EQP.MEC.JAM",
    ]


def test_the_reasons_offered_are_the_leaves_an_operator_may_choose() -> None:
    offered = dict(fault_code_form.reason_choices(CATALOGUE, "es"))
    assert "EQP.MEC.JAM" in offered
    assert "EQP" not in offered
    assert "EQP.MEC" not in offered
    assert all(not code.startswith("SCR") for code in offered)


# -- products ------------------------------------------------------------------------------------
def test_a_product_added_in_the_form_is_the_document_the_json_editor_would_get() -> None:
    fields = form_of("product", None)  # nothing published: the shipped products are in force
    assert fields["version"] == "2026.11-P2"
    fields |= {"code": "hng-0900", "name_en": "Hinge 90 mm", "name_es": "Bisagra 90 mm"}
    fields |= {"family": "HNG", "parts": "2", "id_0": "PRESS-1", "cycle_0": "3,5"}
    fields |= {"where_1": "lines", "id_1": "L2", "cycle_1": "7"}
    made = content_for("product", None, fields)
    by_hand = copy.deepcopy(PRODUCTS)
    by_hand["version"] = "2026.11-P2"
    by_hand["products"].append(
        {
            "code": "HNG-0900",
            "names": {"en": "Hinge 90 mm", "es": "Bisagra 90 mm"},
            "family": "HNG",
            "parts_per_cycle": 2,
            "ideal_cycle_time_s": {"machines": {"PRESS-1": 3.5}, "lines": {"L2": 7.0}},
        }
    )
    assert made == by_hand
    assert load_products(made).get("HNG-0900").ideal_s_per_part("PRESS-1", "L1") == 1.75
    assert words("products", None, made) == [
        "Version 2026.11-P1 → 2026.11-P2",
        "Product HNG-0900 “Hinge 90 mm” added: family HNG, 2 part(s) a cycle",
        "Cycle time of HNG-0900 on line L2: — s → 7.0 s",
        "Cycle time of HNG-0900 on machine PRESS-1: — s → 3.5 s",
    ]


def test_a_rate_is_changed_and_a_product_retired() -> None:
    fields = form_of("rates", PRODUCTS, product="BRK-1020")
    assert (fields["id_0"], fields["cycle_0"], fields["parts"]) == ("PRESS-1", "2.4", "1")
    fields |= {"cycle_0": "2,2", "cycle_1": ""}  # WELD-2 taken out
    made = content_for("rates", PRODUCTS, fields)
    assert made["products"][1]["ideal_cycle_time_s"] == {"machines": {"PRESS-1": 2.2}}
    assert words("products", PRODUCTS, made)[1:] == [
        "Cycle time of BRK-1020 on machine PRESS-1: 2.4 s → 2.2 s",
        "Cycle time of BRK-1020 on machine WELD-2: 5.0 s → — s",
    ]
    retired = content_for("retire_product", PRODUCTS, {"version": "P9", "product": "HNG-0800"})
    assert [p["code"] for p in retired["products"]] == [
        p["code"] for p in PRODUCTS["products"] if p["code"] != "HNG-0800"
    ]
    assert words("products", PRODUCTS, retired)[1:] == [
        "Product HNG-0800 “Gate hinge 80 mm (paced line)” retired"
    ]


def test_a_product_field_the_form_cannot_use_gets_its_own_message() -> None:
    fields = form_of("product", PRODUCTS)
    fields |= {"code": "BRK-1010", "name_en": "", "name_es": "Soporte", "family": "XX"}
    fields |= {"parts": "0", "id_0": "PRESS-1", "cycle_0": "dos", "cycle_1": "3"}
    fields |= {"id_2": "WELD-2", "cycle_2": "90000"}
    assert problems_of("product", PRODUCTS, fields) == {
        "code": "The product BRK-1010 is already in the list.",
        "name_en": "Give the English name: screens fall back to it.",
        "family": "Choose the product's family.",
        "parts": "A whole number of parts, 1 to 1000.",
        "cycle_0": "Type a number, like 2,4.",
        "id_1": "Name the machine or line this time is for.",
        "cycle_2": "A cycle time is in seconds, above 0 and at most a day (86400).",
    }
    assert problems_of("rates", PRODUCTS, form_of("rates", PRODUCTS, product="BRK-1010")) == {
        "cycle_0": "Change at least one rate."
    }
    assert problems_of("retire_product", PRODUCTS, {"version": "P9"}) == {
        "product": "Choose a product."
    }


# -- through the proposal checks -----------------------------------------------------------------
__all__ = ["region"]  # the fixture, used by name: the standards in force published


def test_each_form_s_document_passes_the_checks_of_any_proposal(region: Connections) -> None:
    with region.read() as conn:
        in_force = proposals.region_in_force(conn)
    made = {
        "shift_calendar": content_for(
            "shifts",
            in_force["shift_calendar"],
            {**form_of("shifts", in_force["shift_calendar"]), "end_2": "06:30"},
        ),
        "fault_codes": content_for(
            "fault_codes",
            in_force["fault_codes"],
            {**form_of("fault_codes", in_force["fault_codes"]), "reason_0": "EQP.MEC.CNV"},
            in_force,
        ),
        "products": content_for(
            "retire_product",
            in_force.get("products"),
            {"version": "2026.11-P2", "product": "HNG-0800"},
        ),
    }
    for section, content in made.items():
        with region.write() as conn:
            proposal = proposals.propose(
                conn, CHAMPION, section=section, title="t", reason="r", content=content, now=START
            )
        assert proposal.content == content
        assert proposal.changes(), section
