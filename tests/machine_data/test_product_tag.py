"""A product_code register in the tag map, and what its readings report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from operator_app.machine_data.product_tag import ProductReported, ProductWatch
from operator_app.machine_data.samples import LinkState, PollResult, Quality, Sample
from operator_app.site_config import ConfigError, parse_site_config
from operator_app.site_config.tag_map import TagRole
from tests.machine_data.test_tag_map import BASE, MODBUS, tag

PRODUCT_MAP = """
[machines.tags.product_codes]
3 = "BRK-2201"
4 = "BRK-2210"
"""


def site_with_product_tag(extra: str = PRODUCT_MAP) -> object:
    return parse_site_config(
        BASE
        + MODBUS
        + tag("run", "coil", 0, "bool", role="running")
        + tag("recipe", "holding_register", 7, "uint16", role="product_code")
        + extra
    )


def test_a_product_code_tag_with_its_numbers_parses() -> None:
    site = site_with_product_tag()
    recipe = next(t for t in site.machine("M1").tags if t.name == "recipe")  # type: ignore[attr-defined]
    assert recipe.role is TagRole.PRODUCT_CODE
    assert recipe.product_code(3) == "BRK-2201"
    assert recipe.product_code(17) == "17"  # no entry: the number is the code
    assert recipe.product_code(0) is None


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_site_config(BASE + MODBUS + text)
    return caught.value.problems


def test_a_bad_product_code_tag_is_named() -> None:
    found = problems(
        tag("recipe", "holding_register", 7, "uint16", role="product_code")
        + tag("recipe2", "holding_register", 8, "uint16", role="product_code")
        + tag("recipe3", "holding_register", 12, "float32", role="product_code")
        + tag("temp", "holding_register", 10, "uint16")
        + '[machines.tags.product_codes]\n1 = "X"\n'
    )
    text = "\n".join(found)
    assert "tag recipe3: a product_code must be an integer type, not float32" in text
    assert "tag recipe2: product_code is already 'recipe'" in text
    assert "tag temp: only applies to a product_code tag" in text


def test_number_zero_cannot_name_a_product() -> None:
    found = problems(
        tag("recipe", "holding_register", 7, "uint16", role="product_code")
        + '[machines.tags.product_codes]\n0 = "X"\n'
    )
    assert any("product_codes.0" in p and "1 or more" in p for p in found), found


T0 = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)


def poll(seconds: int, value: int | None, quality: Quality = Quality.GOOD) -> PollResult:
    at = T0 + timedelta(seconds=seconds)
    sample = Sample("recipe", value, value, at, quality)
    return PollResult("M1", at, LinkState.ONLINE, {"recipe": sample})


def test_the_watch_reports_a_product_once_when_it_changes() -> None:
    site = site_with_product_tag()
    watch = ProductWatch(site.machine("M1"))  # type: ignore[attr-defined]
    reports = [
        watch.feed(p)
        for p in (
            poll(0, 3),  # the first reading says what runs
            poll(1, 3),
            poll(2, None, Quality.COMM_ERROR),  # says nothing
            poll(3, 0),  # between recipes: no product, the job stays
            poll(4, 4),
            poll(5, 4),
            poll(6, 17),
        )
    ]
    assert reports == [
        ProductReported("M1", 3, "BRK-2201"),
        None,
        None,
        None,
        ProductReported("M1", 4, "BRK-2210"),
        None,
        ProductReported("M1", 17, "17"),
    ]
    watch.forget()
    assert watch.feed(poll(7, 17)) == ProductReported("M1", 17, "17")
