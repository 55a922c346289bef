"""The dashboards in a real chromium over a simulated region (three plants, eight weeks of
records pushed through the server's own checks): region -> plant -> line, every figure linked
to how it is computed, the plant manager kept to their own plant and language, and the figures
on the page the ones the dashboards' reading code gives for the same database.

DASHBOARD_SCREENSHOTS=docs saves a screenshot of each page there."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regional_server import dashboards, other_notes, proposals, standards_diff
from regional_server.web import numbers
from tests.regional_web.conftest import CAST, START, MovableClock
from tests.regional_web.simulated_region import simulate
from tests.regional_web.test_roles_in_browser import sign_in, status_of
from tests.sync.conftest import ThreadServer

PLANTS = [CAST.own_plant, CAST.other_plant, "BIL"]


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    # The suite's fixed instant: the dashboards' weeks end at the start of its day.
    return MovableClock(START)


@pytest.fixture(scope="module")
def region(web: ThreadServer) -> ThreadServer:
    with web.connections() as connections:
        simulate(
            connections,
            dashboards.window_end(START),
            names=PLANTS,
            lines=1,
            weeks=dashboards.WEEKS,
            stops_a_day=6,
        )
    return web


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("DASHBOARD_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"regional-{name}.png"), full_page=True)


def timed_goto(page: Any, url: str) -> float:
    began = time.perf_counter()
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    return time.perf_counter() - began


def test_a_champion_walks_region_plant_line_and_each_figure_says_how(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.champion)
    timed_goto(page, f"{region.url}/dashboards")
    assert [
        t.strip() for t in page.locator("table.figures tbody td:first-child").all_inner_texts()
    ] == sorted(PLANTS)
    # Four weekly charts and the Pareto, drawn by the server.
    assert page.locator("#kpis svg.chart").count() == 4
    assert page.locator("#pareto svg.chart rect").count() > 0
    with region.connections() as connections, connections.read() as conn:
        _, trends = dashboards.trends(conn, START)
        quality = {p: dashboards.quality(conn, p, START) for p in PLANTS}
    for plant in PLANTS:
        row = page.locator(f"table.figures tr[data-group='{plant}'] td")
        assert row.nth(1).inner_text().strip() == numbers.percent(trends[plant].last("oee"), "en")
        assert trends[plant].last("oee") is not None
    # The simulated plants name worse the later they come: the page tells them apart.
    other = {
        p: page.locator(f"#data-quality tr[data-plant='{p}'] td").nth(2).inner_text()
        for p in PLANTS
    }
    assert other[CAST.own_plant] == numbers.percent(quality[CAST.own_plant].stops.other_share, "en")
    assert quality["BIL"].stops.other_share > quality[CAST.own_plant].stops.other_share  # type: ignore[operator]
    shot(page, "dashboard-region-en-1366")
    # Every figure's link leads to a method that is on the method page.
    anchors = {
        href.split("#", 1)[1]
        for href in page.locator("a[href^='/dashboards/method#']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    }
    page.click("text=How each figure is computed")
    for anchor in anchors:
        assert page.locator(f"[id='{anchor}']").count() == 1, anchor
    assert "ISO 22400-2 OEE" in page.inner_text("#oee + dd")
    shot(page, "dashboard-method-en-1366")
    timed_goto(page, f"{region.url}/dashboards")
    page.click(f"table.figures a:text-is('{CAST.other_plant}')")
    assert page.url.endswith(f"/dashboards/{CAST.other_plant}")
    shot(page, "dashboard-plant-en-1366")
    page.click("table.figures a:text-is('L1')")
    assert page.url.endswith(f"/dashboards/{CAST.other_plant}/lines/L1")
    devices = page.locator("#fleet tr[data-device]")
    assert f"{CAST.other_plant}-L1-PC" in devices.evaluate_all(
        "rows => rows.map(r => r.dataset.device)"
    )
    assert set(page.locator("#fleet tr[data-device] td:nth-child(2)").all_inner_texts()) == {"L1"}
    shot(page, "dashboard-line-en-1366")


def test_a_plant_manager_sees_only_their_plant_in_spanish(page: Any, region: ThreadServer) -> None:
    sign_in(page, region, CAST.plant_manager)
    page.goto(f"{region.url}/dashboards")
    assert page.url.endswith(f"/dashboards/{CAST.own_plant}")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Cuadro de mando" in page.inner_text("h1")
    assert page.locator("#data-quality tr[data-plant]").count() == 1
    shot(page, "dashboard-plant-es-1366")
    assert status_of(page, f"{region.url}/dashboards/{CAST.other_plant}") == 403
    assert status_of(page, f"{region.url}/dashboards/{CAST.other_plant}/lines/L1") == 403


def test_a_spanish_reader_gets_decimal_commas_in_figures_tables_and_charts(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.plant_manager)  # reads Spanish
    page.goto(f"{region.url}/dashboards/{CAST.own_plant}")
    row = page.locator(f"#data-quality tr[data-plant='{CAST.own_plant}'] td")
    share = row.nth(1).inner_text().strip()
    assert re.fullmatch(r"\d+,\d\s%", share), share
    bars = page.locator("#pareto svg.chart > text:not([text-anchor])").all_text_contents()
    assert bars
    assert all(re.fullmatch(r"\d+,\d h", b) for b in bars), bars
    page.context.clear_cookies()
    sign_in(page, region, CAST.second_admin)  # reads Spanish too, and the whole region
    page.goto(f"{region.url}/dashboards/learning")
    hours = page.locator("#same-loss tr[data-reason] td:nth-child(2)").all_inner_texts()
    assert hours
    assert all(re.fullmatch(r"\d+,\d", h.strip()) for h in hours), hours


@pytest.mark.parametrize(
    ("login", "path"),
    [(CAST.champion, "/dashboards"), (CAST.plant_manager, f"/dashboards/{CAST.own_plant}")],
)
def test_every_chart_label_lies_inside_its_drawing(
    page: Any, region: ThreadServer, login: str, path: str
) -> None:
    # The champion reads English, the plant manager Spanish (longer category names).
    sign_in(page, region, login)
    page.goto(f"{region.url}{path}")
    outside = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text')].flatMap(t => {
            const box = t.getBBox(), width = t.ownerSVGElement.viewBox.baseVal.width;
            return box.x < 0 || box.x + box.width > width + 0.5 ? [t.textContent] : [];
        })"""
    )
    assert outside == []


def test_each_page_answers_and_its_time_is_printed(page: Any, region: ThreadServer) -> None:
    # Measured, not asserted: the figures are in docs/performance.md.
    sign_in(page, region, CAST.viewer)
    for path in (
        "/dashboards",
        f"/dashboards/{CAST.own_plant}",
        f"/dashboards/{CAST.own_plant}/lines/L1",
    ):
        print(f"{path}: {timed_goto(page, f'{region.url}{path}') * 1000:.0f} ms")


@pytest.mark.parametrize("width", [1024, 768])
def test_the_pages_with_their_charts_fit_a_tablet(
    page: Any, region: ThreadServer, width: int
) -> None:
    sign_in(page, region, CAST.champion)
    page.set_viewport_size({"width": width, "height": 1024})
    for path in ("/dashboards", f"/dashboards/{CAST.own_plant}"):
        timed_goto(page, f"{region.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow} px wide at {width}"


def test_notes_that_say_the_same_in_other_words_are_one_group() -> None:
    same = {
        "Forklift blocking the line",
        "forklift  blocking the line!",
        "FORKLIFT blocking—the line",
    }
    assert {other_notes.normal_form(n) for n in same} == {"forklift blocking the line"}
    assert other_notes.normal_form("Esperando liberación de calidad") == (
        "esperando liberacion de calidad"
    )
    assert other_notes.normal_form("Waiting for QA") != other_notes.normal_form("Waiting for QC")


def test_a_champion_starts_a_proposal_from_a_group_of_other_notes(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.champion)
    timed_goto(page, f"{region.url}/dashboards")
    page.click("a[href='/dashboards/learning']")
    with region.connections() as connections, connections.read() as conn:
        spans = dashboards.weeks(START)
        groups = other_notes.groups(conn, spans[0][0], spans[-1][1])
    forklift = next(g for g in groups if g.key == "forklift blocking the line")
    assert len(forklift.plants) > 1  # the same words, written two ways, from several plants
    row = page.locator(f"#other-notes tr[data-group='{forklift.key}']")
    assert row.locator("td").nth(1).inner_text() == str(forklift.stops)
    # The same loss is one row with a figure for each plant.
    assert page.locator("table.same-loss thead th").count() == 1 + len(PLANTS)
    shot(page, "dashboard-learning-en-1366")
    row.locator("button").click()
    assert "/proposals/new" in page.url
    assert page.input_value("input[name=title]") == f"A category for: {forklift.said}"
    reason = page.input_value("textarea[name=reason]")
    assert f"{forklift.stops} stops were named 'Other'" in reason
    assert ", ".join(forklift.plants) in reason


def test_a_viewer_sees_the_groups_without_starting_proposals(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.viewer)
    timed_goto(page, f"{region.url}/dashboards/learning")
    assert page.locator("#other-notes tr[data-group]").count() > 0
    assert page.locator("#other-notes button").count() == 0


def test_the_pareto_names_categories_in_the_page_s_language_with_the_code_after(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.plant_manager)  # reads Spanish
    page.goto(f"{region.url}/dashboards/{CAST.own_plant}")
    labels = page.locator("#pareto svg.chart text[text-anchor='end']").all_text_contents()
    assert labels
    with region.connections() as connections, connections.read() as conn:
        nodes = standards_diff.catalogue_nodes(proposals.section_in_force(conn, "catalogue"))
    for label in labels:
        name, code = label.rsplit(" ", 1)
        assert nodes[code]["labels"]["es"] == name.strip(), label

    page.context.clear_cookies()
    sign_in(page, region, CAST.champion)  # reads English
    page.goto(f"{region.url}/dashboards/learning")
    first = page.locator("#same-loss tr[data-reason]").first
    code = first.get_attribute("data-reason")
    assert code is not None
    assert first.locator("td").first.inner_text().strip() == (
        f"{nodes[code]['labels']['en']} {code}"
    )


def test_the_method_page_reads_its_formulas_in_the_reader_s_language(
    page: Any, region: ThreadServer
) -> None:
    sign_in(page, region, CAST.plant_manager)  # reads Spanish
    page.goto(f"{region.url}/dashboards/method")
    shown = [t.strip() for t in page.locator("dl.methods dd").all_inner_texts()]
    assert len(shown) >= 12
    left = [text for text in shown if any(w in text for w in ("the window", " the ", " per "))]
    assert left == []
