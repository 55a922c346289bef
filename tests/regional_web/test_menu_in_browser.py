"""The menu marks the section a page belongs to, in a real chromium: a plant's maturity page is
maturity, although its address lies under the plant's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.regional_web.conftest import CAST
from tests.regional_web.test_roles_in_browser import click_and_wait, sign_in
from tests.sync.conftest import ThreadServer


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


def marked(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("header nav a[aria-current=page]").all_inner_texts()]


def test_the_menu_marks_maturity_on_a_plant_s_maturity_page(page: Any, web: ThreadServer) -> None:
    sign_in(page, web, CAST.champion)
    for address, section in [
        (f"/plants/{CAST.own_plant}/maturity", "Maturity"),
        (f"/plants/{CAST.own_plant}", "Plants"),
        ("/plants", "Plants"),
        ("/maturity", "Maturity"),
        ("/dashboards/learning", "Dashboards"),
    ]:
        page.goto(f"{web.url}{address}")
        assert marked(page) == [section], address


def test_a_plant_manager_s_dashboards_item_leads_to_their_plant_s_dashboard(
    page: Any, web: ThreadServer
) -> None:
    sign_in(page, web, CAST.plant_manager)
    page.goto(f"{web.url}/home")
    click_and_wait(page, "header nav a:text-is('Cuadros de mando')")
    assert page.url.endswith(f"/dashboards/{CAST.own_plant}")
    assert marked(page) == ["Cuadros de mando"]
