"""Each role signs in through the sign-in page in a real chromium, over a real server on
loopback, sees what it may do, and is refused (and recorded) what it may not: the server
refuses, whatever links a page shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.regional_web.conftest import CAST, PASSWORD, MovableClock
from tests.sync.conftest import ThreadServer


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


def sign_in(page: Any, server: ThreadServer, login: str, password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/home")
    assert "/sign-in" in page.url  # nobody signed in: sent to the sign-in page first
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    click_and_wait(page)


def click_and_wait(page: Any, selector: str = "button[type=submit]") -> None:
    """Click what leads to another page and wait until that page has loaded: a click returns
    once the navigation has started, and a page still being parsed reads as empty (CI once read
    an empty menu right after signing in)."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def menu(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("header nav a").all_inner_texts()]


def status_of(page: Any, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return int(response.status)


def test_the_admin_manages_people_and_reads_the_audit_trail(page: Any, web: ThreadServer) -> None:
    sign_in(page, web, CAST.admin)
    assert page.url.endswith("/home")
    assert menu(page) == [
        "Overview",
        "Standards",
        "Plants",
        "Maturity",
        "Dashboards",
        "People",
        "Audit trail",
    ]
    page.click("text=People")
    # Adding a person starts from the least power, and each person's language is named.
    assert page.locator("form.grid select[name=role]").input_value() == "viewer"
    assert "Español" in page.inner_text("table")
    page.fill("form.grid input[name=login]", "nuria")
    page.fill("form.grid input[name=display_name]", "Nuria Nueva")
    page.select_option("form.grid select[name=role]", "viewer")
    page.fill("form.grid input[name=password]", "another long password")
    page.click("form.grid button[type=submit]")
    assert "Nuria Nueva" in page.inner_text("table")
    page.click("text=Audit trail")
    trail = page.inner_text("table.audit")
    assert "person added" in trail
    assert "nuria" in trail
    assert "signed in" in trail
    assert CAST.admin in trail


def test_a_plant_manager_sees_their_own_plant_only_and_in_their_language(
    page: Any, web: ThreadServer
) -> None:
    sign_in(page, web, CAST.plant_manager)
    # Pablo chose Spanish: the pages follow him, not the browser's English.
    assert page.locator("html").get_attribute("lang") == "es"
    assert menu(page) == ["Resumen", "Estándares", "Plantas", "Madurez", "Cuadros de mando"]
    page.click("text=Plantas")
    assert page.url.endswith(f"/plants/{CAST.own_plant}")
    # The plant page leads to the plant's dashboard as well as its maturity.
    page.click(f"main a:text-is('Cuadro de mando de {CAST.own_plant}')")
    assert page.url.endswith(f"/dashboards/{CAST.own_plant}")
    assert status_of(page, f"{web.url}/plants/{CAST.own_plant}") == 200
    # The other plant is refused by the server, not only left out of the menu.
    assert status_of(page, f"{web.url}/plants/{CAST.other_plant}") == 403
    assert "No permitido" in page.inner_text("main")
    assert status_of(page, f"{web.url}/people") == 403
    assert status_of(page, f"{web.url}/audit") == 403


def test_a_viewer_reads_every_plant_and_changes_nothing(page: Any, web: ThreadServer) -> None:
    sign_in(page, web, CAST.viewer)
    assert menu(page) == ["Overview", "Standards", "Plants", "Maturity", "Dashboards"]
    assert status_of(page, f"{web.url}/plants/{CAST.other_plant}") == 200
    assert status_of(page, f"{web.url}/people") == 403
    # A form posted by hand is refused too: the server checks the role, not the page.
    csrf = page.goto(f"{web.url}/account") and page.locator("input[name=csrf]").first.get_attribute(
        "value"
    )
    answer = page.request.post(
        f"{web.url}/people",
        form={
            "csrf": csrf,
            "login": "sneaky",
            "display_name": "S",
            "role": "regional_admin",
            "password": "long enough password",
        },
    )
    assert answer.status == 403
    with web.connections() as connections, connections.read() as conn:
        assert conn.execute("SELECT 1 FROM people WHERE login = 'sneaky'").fetchone() is None
        refused = conn.execute(
            "SELECT actor, subject FROM audit_log WHERE action = 'refused' AND actor = ?",
            [CAST.viewer],
        ).fetchall()
    assert (CAST.viewer, "/people") in [tuple(r) for r in refused]


def test_the_champion_has_no_people_or_audit_pages(page: Any, web: ThreadServer) -> None:
    sign_in(page, web, CAST.champion)
    assert menu(page) == ["Overview", "Standards", "Plants", "Maturity", "Dashboards"]
    assert status_of(page, f"{web.url}/audit") == 403


def test_signing_out_ends_the_session_on_the_server(page: Any, web: ThreadServer) -> None:
    sign_in(page, web, CAST.viewer)
    cookie = next(c for c in page.context.cookies() if c["name"] == "regional_session")
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Lax"
    page.click("text=Sign out")
    assert "/sign-in" in page.url
    # The old cookie, replayed, opens nothing: the session ended on the server.
    page.context.add_cookies([cookie])
    page.goto(f"{web.url}/home")
    assert "/sign-in" in page.url


def test_a_wrong_password_is_refused_and_the_session_expires(
    page: Any, web: ThreadServer, clock: MovableClock
) -> None:
    sign_in(page, web, CAST.champion, "not the password")
    assert "Wrong login or password." in page.inner_text("main")
    page.fill("input[name=password]", PASSWORD)
    click_and_wait(page)
    assert page.url.endswith("/home")
    clock.advance(accounts_lifetime())
    page.goto(f"{web.url}/plants")
    assert "/sign-in" in page.url


def accounts_lifetime() -> Any:
    from regional_server.accounts import SESSION_LIFETIME

    return SESSION_LIFETIME
