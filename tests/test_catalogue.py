"""The regional catalogue: shape rules, validation and property tests."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shopfloor_core.domain.catalogue import (
    MAX_CHOICES_PER_SCREEN,
    Catalogue,
    CatalogueError,
    CategoryKind,
    LossBucket,
    load_catalogue,
    load_catalogue_json,
)
from shopfloor_core.domain.errors import RuleViolation


def test_bundled_catalogue_is_realistic(catalogue: Catalogue) -> None:
    downtime_leaves = [c for c in catalogue.leaves(CategoryKind.DOWNTIME) if c.selectable]
    scrap_leaves = list(catalogue.leaves(CategoryKind.SCRAP))
    assert len(downtime_leaves) >= 25
    assert len(scrap_leaves) >= 12
    assert set(catalogue.languages) >= {"en", "es"}


def test_no_screen_offers_more_than_ten_choices_and_leaves_are_three_taps_away(
    catalogue: Catalogue,
) -> None:
    for kind in CategoryKind:
        assert len(catalogue.choices(kind)) <= MAX_CHOICES_PER_SCREEN
        for leaf in catalogue.leaves(kind):
            assert len(catalogue.path(leaf.code)) <= 3
    for category in catalogue.categories.values():
        assert len(category.children) <= MAX_CHOICES_PER_SCREEN


def test_top_level_buckets_map_onto_iso_22400(catalogue: Catalogue) -> None:
    roots = {catalogue.get(c).loss for c in catalogue.roots[CategoryKind.DOWNTIME]}
    assert LossBucket.PLANNED_DOWNTIME in roots
    assert LossBucket.UNPLANNED_DOWNTIME in roots
    assert LossBucket.DELAY in roots
    assert catalogue.get("PLN.CHG.PRD").planned
    assert catalogue.get("PLN.CHG.PRD").loss.counts_against == "none"
    assert catalogue.get("EQP.MEC.JAM").loss.counts_against == "availability"
    assert catalogue.get("EQP.MEC.JAM").needs_maintenance
    assert catalogue.get("SCR.SRF.SCR").loss.counts_against == "quality"


def test_every_label_exists_in_every_language(catalogue: Catalogue) -> None:
    for category in catalogue.categories.values():
        for language in catalogue.languages:
            assert category.labels[language].strip()


def test_system_categories_cannot_be_picked_by_operators(catalogue: Catalogue) -> None:
    assert "SYS" not in {c.code for c in catalogue.choices(CategoryKind.DOWNTIME)}
    with pytest.raises(RuleViolation) as err:
        catalogue.require_leaf("SYS.NOSIG", CategoryKind.DOWNTIME)
    assert err.value.code == "system_category"
    assert catalogue.require_leaf("SYS.NOSIG", CategoryKind.DOWNTIME, system=True)


def test_only_leaves_of_the_right_kind_are_accepted(catalogue: Catalogue) -> None:
    with pytest.raises(RuleViolation, match="sub-categories"):
        catalogue.require_leaf("EQP.MEC", CategoryKind.DOWNTIME)
    with pytest.raises(RuleViolation) as err:
        catalogue.require_leaf("SCR.MAT", CategoryKind.DOWNTIME)
    assert err.value.code == "wrong_category_kind"
    with pytest.raises(RuleViolation) as err:
        catalogue.require_leaf("MADE.UP.BY.PLANT", CategoryKind.DOWNTIME)
    assert err.value.code == "unknown_category"


def test_bad_documents_report_every_problem(catalogue: Catalogue) -> None:
    document: dict[str, Any] = copy.deepcopy(dict(catalogue.document))
    document["version"] = ""
    document["downtime"][0]["labels"].pop("es")
    document["downtime"][1]["code"] = document["downtime"][0]["code"]
    document["scrap"] = [
        {"code": f"S{i}", "labels": {"en": "x", "es": "x"}, "loss": "quality"} for i in range(12)
    ]
    with pytest.raises(CatalogueError) as err:
        load_catalogue(document)
    text = "\n".join(err.value.problems)
    assert "version" in text
    assert "missing es" in text
    assert "code used twice" in text
    assert "12 choices on one screen" in text


def test_not_json_is_a_catalogue_error() -> None:
    with pytest.raises(CatalogueError):
        load_catalogue_json("{not json")
    with pytest.raises(CatalogueError):
        load_catalogue_json("[]")


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["code", "labels", "children", "loss", "planned"]), children
        )
    ),
    max_leaves=12,
)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    document=st.dictionaries(st.sampled_from(["version", "languages", "downtime", "scrap"]), junk)
)
def test_any_document_either_loads_or_says_why(document: dict[str, Any]) -> None:
    problems: tuple[str, ...] | list[str] = ()
    try:
        load_catalogue(document)
    except CatalogueError as exc:
        problems = exc.problems
        assert problems, "a refused catalogue must say why"


@given(data=st.data())
def test_attributes_of_any_leaf_are_consistent(catalogue: Catalogue, data: st.DataObject) -> None:
    leaf = data.draw(st.sampled_from(sorted(c.code for c in catalogue.categories.values())))
    category = catalogue.get(leaf)
    assert category.planned == (category.loss is LossBucket.PLANNED_DOWNTIME)
    path = catalogue.path(leaf)
    assert path[-1] is category
    assert all(p.kind is category.kind for p in path)
    assert json.dumps(dict(category.labels))
