"""A plant moves up a maturity level in a real chromium over a real server on loopback: its line
PC pushes three good weeks of stops over /v1/records with its device token and the plant stays
"connected" (adopted needs four); the champion cannot switch trends on for it; the fourth
week's backlog arrives, the page shows "adopted", trends can be switched on, and the line PC's
next bundle carries it (and nothing the level does not allow). The plant manager sees their own
plant's evidence in Spanish and no other plant's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.regional_web.conftest import CAST, START, MovableClock
from tests.regional_web.stops import week_of_stops
from tests.regional_web.test_roles_in_browser import sign_in
from tests.sync.conftest import Device, ThreadServer, standard_bundle

WEEK = timedelta(days=7)


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    # Fixed: the weeks the gates look back on end at this instant, whenever the test runs.
    return MovableClock(START)


@pytest.fixture
def people(browser: Any) -> Iterator[Callable[[str], Any]]:
    contexts: list[Any] = []

    def open_page(locale: str) -> Any:
        context = browser.new_context(locale=locale, viewport={"width": 1024, "height": 768})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def signed_in(open_page: Callable[[str], Any], server: ThreadServer, login: str) -> Any:
    page = open_page("en-GB")
    sign_in(page, server, login)
    assert page.url.endswith("/home")
    return page


def push_weeks(pc: Device, weeks: tuple[int, ...], *, named_in_shift: int) -> None:
    """Ten stops a week, in the weeks back from the server's now, captured and then synced."""
    for k in weeks:
        pc.store.append(
            week_of_stops(
                pc.site.stamp, pc.machine, START - WEEK * k, count=10, named_in_shift=named_in_shift
            )
        )
    status = pc.sync_round().status
    assert status.online, status
    assert pc.outbox_states().get("pending", 0) == 0, pc.outbox_states()


def modules_in_force(pc: Device) -> dict[str, Any]:
    active = pc.store.active_bundle()
    assert active is not None
    return dict(active[1]["modules"])


def test_a_plant_moves_from_connected_to_adopted_when_its_records_cross_the_threshold(
    web: ThreadServer, people: Callable[[str], Any], make_device: Callable[..., Device]
) -> None:
    web.publish(standard_bundle())
    pc = make_device(web, plant=CAST.own_plant)
    push_weeks(pc, (3, 2, 1), named_in_shift=10)
    # Gated modules stay off at a plant that has not reached their level, whatever the region's
    # bundle says.
    assert modules_in_force(pc)["trends"] is False

    champion = signed_in(people, web, CAST.champion)
    champion.click("text=Maturity")
    row = champion.locator(f"table.ranking tr[data-plant={CAST.own_plant}]")
    assert "Connected" in row.inner_text()
    assert "Adopted" in row.inner_text()  # its next level
    champion.click(f"table.ranking a:text('{CAST.own_plant}')")
    assert champion.inner_text("#level") == "Connected"
    gate = champion.locator("tr[data-measure=named_in_shift_share]")
    assert "fail" in gate.inner_text()
    assert "–" in gate.inner_text()  # the fourth week back has no stops yet: no evidence
    champion.locator("tr[data-module=trends] button").click()
    refused = champion.inner_text("p.problem")
    assert "Module trends needs level Adopted; plant VAL is at Connected." in refused

    # The line PC's backlog of the fourth week back arrives, 9 of 10 named within the shift.
    push_weeks(pc, (4,), named_in_shift=9)
    champion.goto(f"{web.url}/plants/{CAST.own_plant}/maturity")
    assert champion.inner_text("#level") == "Adopted"
    gate = champion.locator("tr[data-measure=named_in_shift_share]")
    assert "pass" in gate.inner_text()
    assert "90.0%" in gate.inner_text()
    champion.locator("tr[data-module=trends] button").click()
    assert "on" in champion.locator("tr[data-module=trends] .state").inner_text()
    champion.locator("tr[data-module=workflows] button").click()  # needs clean data
    assert "Module workflows needs level Clean data" in champion.inner_text("p.problem")

    pc.sync_round()
    modules = modules_in_force(pc)
    assert modules["trends"] is True
    assert modules["workflows"] is False

    # The plant manager: their plant's evidence in Spanish, no switches, no other plant.
    manager = signed_in(people, web, CAST.plant_manager)
    manager.goto(f"{web.url}/maturity")
    assert manager.url.endswith(f"/plants/{CAST.own_plant}/maturity")
    assert manager.inner_text("#level") == "Adoptada"
    named = manager.inner_text("tr[data-measure=named_in_shift_share]")
    assert "90,0\u00a0%" in named
    # Each week's figures and the shift's hours in the formula are spelled the Spanish way too.
    assert "9/10 = 90,0\u00a0%" in named
    assert " 8 h " in named
    assert "90.0%" not in named
    assert "Cómo se mide" in manager.inner_text("table.evidence thead")
    # On a tablet held portrait the long formulas keep a readable width (the table scrolls)
    # instead of stretching each row down the page.
    manager.set_viewport_size({"width": 768, "height": 1024})
    heights = manager.locator("table.evidence tbody tr").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert heights
    assert max(heights) <= 400, heights
    # On a tablet held landscape the whole table fits without scrolling sideways.
    manager.set_viewport_size({"width": 1024, "height": 768})
    table = manager.locator("table.evidence")
    fits = table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert fits
    assert manager.locator("tr[data-module] button").count() == 0
    other = manager.goto(f"{web.url}/plants/{CAST.other_plant}/maturity")
    assert other is not None
    assert other.status == 403

    admin = signed_in(people, web, CAST.admin)
    admin.click("text=Audit trail")
    trail = admin.inner_text("table.audit")
    for action in ("module switch refused", "module switched on"):
        assert action in trail


def test_the_admin_changes_the_thresholds_and_grants_a_reference_plant(
    web: ThreadServer, people: Callable[[str], Any]
) -> None:
    champion = signed_in(people, web, CAST.champion)
    champion.goto(f"{web.url}/maturity/model")
    assert champion.locator("textarea[name=content]").count() == 0  # reads, cannot change
    csrf = champion.locator("input[name=csrf]").first.get_attribute("value")
    sent = champion.request.post(
        f"{web.url}/maturity/model", form={"csrf": csrf, "content": "{}", "reason": "x"}
    )
    assert sent.status == 403

    admin = signed_in(people, web, CAST.admin)
    admin.goto(f"{web.url}/maturity/model")
    assert "The region's defaults" in admin.inner_text("main")
    text = admin.input_value("textarea[name=content]")
    admin.fill("input[name=reason]", "pilot plants reach 95 %")
    admin.fill("textarea[name=content]", text.replace('"value": 0.9', '"value": 0.95').rstrip("}"))
    admin.click("text=Save a new version")
    assert "The model is not valid JSON" in admin.inner_text("p.problem")
    admin.fill("textarea[name=content]", text.replace('"value": 0.9', '"value": 0.95'))
    admin.click("text=Save a new version")
    assert "pilot plants reach 95 %" in admin.inner_text("main")
    assert "≥ 95.0%" in admin.inner_text("table.thresholds")

    admin.goto(f"{web.url}/plants/{CAST.other_plant}/maturity")
    admin.fill("form[action$=reference] input[name=reason]", "best changeover practice")
    admin.click("text=Grant reference plant")
    assert "best changeover practice" in admin.inner_text("main")
    # Granted, but ZAR holds none of the levels before: it is not a reference plant yet.
    reference = admin.locator("tr[data-level=reference]")
    assert "pass" in reference.inner_text()
    assert "held" not in reference.inner_text()

    admin.goto(f"{web.url}/audit")
    trail = admin.inner_text("table.audit")
    for action in (
        "maturity model change refused",
        "maturity model changed",
        "reference plant granted",
    ):
        assert action in trail
