"""A proposal's "Next steps" card never stands empty: whoever may take no step there reads who
takes the next one, in their language; whoever may act finds the buttons and no such line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from regional_server import accounts, proposals
from tests.regional_web.conftest import CAST, MovableClock
from tests.regional_web.test_roles_in_browser import sign_in
from tests.sync.conftest import ThreadServer

SLOWER = {"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.4}}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 768, "height": 1024})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def proposed(web: ThreadServer, clock: MovableClock) -> int:
    admin = accounts.Person(CAST.admin, "Ada Admin", accounts.Role.ADMIN, None, "en")
    with web.connections() as connections, connections.write() as conn:
        made = proposals.propose(
            conn,
            admin,
            section="targets",
            title="Press cycle time after the new dies",
            reason="VAL presses run 2.4 s since the new dies",
            content=SLOWER,
            now=clock(),
        )
    return made.number


def next_steps(page: Any) -> Any:
    return page.locator(
        "section.card:has(h2:text-is('Next steps'), h2:text-is('Siguientes pasos'))"
    )


@pytest.mark.parametrize(
    ("login", "said"),
    [
        (CAST.viewer, "Waiting for a regional admin or champion to approve or reject it."),
        (
            CAST.plant_manager,
            "Esperando a que un administrador o un champion regional la apruebe o la rechace.",
        ),
    ],
)
def test_who_may_take_no_step_reads_who_takes_the_next(
    page: Any, web: ThreadServer, proposed: int, login: str, said: str
) -> None:
    sign_in(page, web, login)
    page.goto(f"{web.url}/proposals/{proposed}")
    card = next_steps(page)
    assert card.locator("button").count() == 0
    assert card.locator("p.hint").inner_text().strip() == said


def test_who_may_review_finds_the_buttons_and_no_waiting_line(
    page: Any, web: ThreadServer, proposed: int
) -> None:
    sign_in(page, web, CAST.champion)
    page.goto(f"{web.url}/proposals/{proposed}")
    card = next_steps(page)
    assert card.locator("button[value=approve]").is_visible()
    assert card.locator("p.hint[data-next]").count() == 0
