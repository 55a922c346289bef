"""A standard changes under control, in a real chromium over a real server on loopback: the
champion proposes, cannot approve their own proposal, the admin approves and pilots it in one
plant, whose line PC applies the signed pilot bundle while another plant's keeps the standard
in force, until the rollout reaches it too."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from regional_server import proposal_forms
from tests.regional_web.conftest import CAST
from tests.regional_web.test_roles_in_browser import sign_in
from tests.sync.conftest import Device, ThreadServer, standard_bundle

SLOWER = {"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.4}}


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


def targets_in_force(device: Device) -> Any:
    active = device.store.active_bundle()
    assert active is not None
    return active[1]["targets"]


def test_a_standard_goes_from_proposal_to_pilot_to_every_plant(
    web: ThreadServer, people: Callable[[str], Any], make_device: Callable[..., Device]
) -> None:
    web.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.0}}))
    pilot_pc = make_device(web, plant=CAST.own_plant)
    other_pc = make_device(web, plant=CAST.other_plant)
    for pc in (pilot_pc, other_pc):
        status = pc.sync_round().status
        assert status.online, status
        assert targets_in_force(pc)["PRESS-1"]["ideal_cycle_time_s"] == 2.0

    champion = signed_in(people, web, CAST.champion)
    champion.click("text=Standards")
    champion.click("text=New proposal")
    champion.click("text=Set machine targets")
    # The targets in force, in words a champion types: OEE in %, the cycle in seconds.
    assert champion.input_value("input[name=machine_0]") == "PRESS-1"
    assert champion.input_value("input[name=oee_0]") == "80"
    assert champion.input_value("input[name=cycle_0]") == "2"
    champion.fill("input[name=cycle_0]", "2.4")
    champion.fill("input[name=title]", "Press cycle time after the new dies")
    champion.fill("textarea[name=reason]", "VAL presses run 2.4 s since the new dies")
    champion.click("button:has-text('Propose')")
    number = champion.url.rsplit("/", 1)[1]
    assert number.isdigit(), champion.url
    # The whole section as JSON is the admins' advanced path; sent by hand, it is refused.
    csrf = champion.locator("input[name=csrf]").first.get_attribute("value")
    typed = {"csrf": csrf, "section": "targets", "title": "t", "reason": "r"}
    by_hand = champion.request.post(
        f"{web.url}/proposals", form={**typed, "content": json.dumps(SLOWER)}
    )
    assert by_hand.status == 403
    assert "Cycle time of PRESS-1: 2.0 s → 2.4 s" in champion.inner_text("ul.changes")
    # No button to approve one's own proposal, and the server refuses it sent by hand.
    assert champion.locator("text=Approve").count() == 0
    csrf = champion.locator("input[name=csrf]").first.get_attribute("value")
    own = champion.request.post(f"{web.url}/proposals/{number}/approve", form={"csrf": csrf})
    assert own.status == 403

    admin = signed_in(people, web, CAST.admin)
    admin.goto(f"{web.url}/home")
    assert "Press cycle time after the new dies" in admin.inner_text("main")  # waiting for her
    admin.goto(f"{web.url}/proposals/{number}")
    admin.click("button[value=approve]")
    assert "Approved" in admin.inner_text("main .state")
    admin.check(f"input[name=plant][value={CAST.own_plant}]")
    admin.click("button[value=pilot]")
    assert "Piloting" in admin.inner_text("main .state")

    # The pilot plant's manager sees it on their plant's page (in Spanish, his language).
    manager = signed_in(people, web, CAST.plant_manager)
    manager.goto(f"{web.url}/plants/{CAST.own_plant}")
    assert f"Propuesta {number}: Press cycle time" in manager.inner_text("main")

    pilot_pc.sync_round()
    other_pc.sync_round()
    assert targets_in_force(pilot_pc) == SLOWER  # signed, verified, applied
    assert targets_in_force(other_pc)["PRESS-1"]["ideal_cycle_time_s"] == 2.0

    admin.click("button[value=roll-out]")
    assert "Rolled out" in admin.inner_text("main .state")
    other_pc.sync_round()
    assert targets_in_force(other_pc) == SLOWER
    history = admin.inner_text("main table")
    for step in ("proposed", "approved", "pilot started", "rolled out"):
        assert step in history
    admin.click("text=Audit trail")
    trail = admin.inner_text("table.audit")
    assert f"proposal {number}" in trail
    assert "rolled out" in trail


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 768), (768, 1024)])
def test_the_pages_fit_a_laptop_and_a_tablet_either_way(
    web: ThreadServer, people: Callable[[str], Any], width: int, height: int
) -> None:
    """No page scrolls sideways at these sizes (a table may scroll inside its own box)."""
    page = signed_in(people, web, CAST.second_admin)  # in Spanish, the longer words
    page.set_viewport_size({"width": width, "height": height})
    maturity = ("/maturity", "/maturity/model", f"/plants/{CAST.own_plant}/maturity")
    plant = f"/dashboards/{CAST.own_plant}"
    dashboards = ("/dashboards", plant, f"{plant}/lines/L1", "/dashboards/method")
    for path in (
        "/home",
        "/proposals",
        "/proposals/new",
        *(f"/proposals/new?change={form}" for form in proposal_forms.FORMS),
        "/proposals/new?change=document&section=catalogue",
        "/people",
        "/audit",
        "/account",
        *maturity,
        *dashboards,
    ):
        page.goto(f"{web.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow} px wide at {width}x{height}"
