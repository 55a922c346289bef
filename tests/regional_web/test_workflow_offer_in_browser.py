"""A plant's best workflow offered to the region, in a real chromium over a real server on
loopback: the learning page shows how often each plant ran each workflow and how long it took
(from workflow_run records pushed through the server's own checks), and the champion starts a
proposal from the best plant's row, prefilled with that plant's workflow and the evidence."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from regional_server import dashboards, records
from regional_server.web import numbers
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id
from tests.regional_web.conftest import CAST, START, MovableClock
from tests.regional_web.stops import store_as_line_pc
from tests.regional_web.test_roles_in_browser import sign_in
from tests.sync.conftest import ThreadServer, standard_bundle

WORKFLOW = "OP.SHIFT_START"


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock(START)


def run(started: datetime, minutes: float, person: str) -> dict[str, Any]:
    return {
        "run_id": new_id(),
        "workflow_code": WORKFLOW,
        "workflow_version": "pilot" if person.startswith("val") else "region",
        "person_id": person,
        "role": "operator",
        "subject_key": "",
        "machine_id": None,
        "started_utc": to_iso(started),
        "completed_utc": to_iso(started + timedelta(minutes=minutes)),
        "answers": "{}",
        "outcome": "{}",
    }


def push_runs(web: ThreadServer, plant: str, minutes: list[float]) -> None:
    day = dashboards.window_end(START) - timedelta(days=3)
    incoming = [
        records.Incoming("workflow_run", r["run_id"], r)
        for k, m in enumerate(minutes)
        for r in [run(day + timedelta(hours=k), m, f"{plant.lower()}-op-{k % 2}")]
    ]
    with web.connections() as connections, connections.write() as conn:
        store_as_line_pc(
            conn,
            plant,
            incoming,
            issued=START - timedelta(days=30),
            received=day + timedelta(days=1),
        )


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


def test_a_champion_offers_the_pilot_plant_s_workflow_to_the_region(
    page: Any, web: ThreadServer
) -> None:
    region = standard_bundle()
    web.publish(region)
    # VAL pilots a shorter start-of-shift window; ZAR runs the region's.
    piloted = copy.deepcopy(region)
    for w in piloted["workflows"]["workflows"]:
        if w["code"] == WORKFLOW:
            w["trigger"]["within_min"] = 45
    web.publish(piloted, plant=CAST.own_plant)
    push_runs(web, CAST.own_plant, [4, 5, 6, 5])
    push_runs(web, CAST.other_plant, [12, 15])

    sign_in(page, web, CAST.champion)
    page.goto(f"{web.url}/dashboards/learning")
    row = page.locator(f"#workflows tr[data-workflow='{WORKFLOW}'][data-plant='{CAST.own_plant}']")
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[3:6] == ["4", "2", numbers.duration(5 * 60, "en")]
    other = page.locator(f"#workflows tr[data-plant='{CAST.other_plant}'] td")
    assert other.nth(3).inner_text().strip() == "2"

    row.locator("button", has_text="Offer to the region").click()
    assert "/proposals/new" in page.url
    assert page.input_value("input[name=title]") == (
        f"{CAST.own_plant}'s workflow {WORKFLOW} for the region"
    )
    reason = page.input_value("textarea[name=reason]")
    assert "4 times by 2 people" in reason
    assert f"{CAST.other_plant}: 2 runs" in reason
    offered = json.loads(page.input_value("textarea[name=content]"))
    chosen = next(w for w in offered["workflows"] if w["code"] == WORKFLOW)
    assert chosen["trigger"]["within_min"] == 45
    assert offered["version"] != region["workflows"]["version"]

    page.click("text=Propose")
    assert page.url.rsplit("/", 1)[1].isdigit(), page.url  # proposed, not sent back
    assert "Role workflows" in page.inner_text("main")
