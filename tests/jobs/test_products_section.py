"""Products arrive as a versioned bundle section, checked like the others."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from operator_app.standards.sections import read_standards
from shopfloor_core.domain.products import bundled_products_document, load_products
from tests.sync.conftest import standard_bundle


def bundle_with(products: Any = None, jobs: Any = None) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if products is not None:
        extra["products"] = products
    if jobs is not None:
        extra["jobs"] = jobs
    return standard_bundle(**extra)


def test_the_shipped_demo_products_are_a_valid_section() -> None:
    products = load_products(bundled_products_document())
    assert len(products.products) == 8
    assert set(products.families) == {"BRK", "HNG"}
    for product in products.products.values():
        # Every one runs on both demo machines (HNG-0800 by its line's paced rate).
        assert product.ideal_s_per_part("PRESS-1", "L1") is not None
        assert product.ideal_s_per_part("WELD-2", "L1") is not None
        assert product.name_in("es") != product.name_in("en")
    standards, problems = read_standards(bundle_with(bundled_products_document()), "Europe/Madrid")
    assert problems == []
    assert standards is not None
    assert standards.products is not None
    assert standards.products.version == "2026.11-P1"


def test_a_bad_products_section_refuses_the_bundle_with_every_problem() -> None:
    document = copy.deepcopy(bundled_products_document())
    document["changeover_reason"] = "EQP.MEC.JAM.NOPE"
    document["startup_scrap_reason"] = "PLN.CHG.PRD"  # a downtime reason, not scrap
    document["products"][0]["ideal_cycle_time_s"] = {"machines": {"PRESS-1": 0}}
    document["products"][1]["family"] = "XYZ"
    document["products"].append(dict(document["products"][2]))  # given twice
    standards, problems = read_standards(bundle_with(document), "Europe/Madrid")
    assert standards is None
    assert (
        "products: products[0].ideal_cycle_time_s.machines.PRESS-1: must be seconds in (0, 86400]"
        in problems
    )
    assert "products: products[1].family: 'XYZ' is not one of the families" in problems
    assert "products: products[8].code: 'BRK-2040' is given twice" in problems
    assert len(problems) == 3  # the reasons are checked once the document itself is sound
    document = copy.deepcopy(bundled_products_document())
    document["changeover_reason"] = "EQP.MEC.JAM.NOPE"
    document["startup_scrap_reason"] = "PLN.CHG.PRD"
    _, problems = read_standards(bundle_with(document), "Europe/Madrid")
    assert problems == [
        "products.changeover_reason: 'EQP.MEC.JAM.NOPE' is not a downtime reason of catalogue "
        "2026.11-R1",
        "products.startup_scrap_reason: 'PLN.CHG.PRD' is not a scrap reason of catalogue "
        "2026.11-R1",
    ]


@pytest.mark.parametrize(
    ("jobs", "problem"),
    [
        ({"orders": "x"}, "jobs: must be an object with a list of at most 5000 orders"),
        (
            {"orders": [{"job_id": "R1", "line": "L1", "product": "BRK-1010", "quantity": 0}]},
            "jobs.orders[0].quantity: must be a whole number of parts, at least 1",
        ),
        (
            {
                "orders": [
                    {"job_id": "R1", "line": "L1", "product": "BRK-1010", "quantity": 5},
                    {"job_id": "R1", "line": "L1", "product": "BRK-1020", "quantity": 5},
                ]
            },
            "jobs.orders[1].job_id: 'R1' is given twice",
        ),
    ],
)
def test_the_regions_queue_is_checked_for_its_shape(jobs: Any, problem: str) -> None:
    standards, problems = read_standards(bundle_with(jobs=jobs), "Europe/Madrid")
    assert standards is None
    assert problems == [problem]
