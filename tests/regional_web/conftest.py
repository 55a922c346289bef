"""Real parts for the regional web pages: the server under uvicorn on loopback (on each
database of --server-db), a clock the test moves, people of every role, and Debian's chromium
driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from regional_server import accounts
from tests.conftest import server_backends
from tests.sync import conftest as sync_parts
from tests.sync.conftest import ThreadServer

# The server's test fixtures, shared: each database of --server-db, fresh databases, no proxy.
server_backend = sync_parts.server_backend
new_database = sync_parts.new_database
server_database = sync_parts.server_database
_no_proxy_from_environment = sync_parts._no_proxy_from_environment
make_device = sync_parts.make_device

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a long enough password"
# Within the suite's clock (tests/conftest.py): tokens issued "now" are valid at this instant.
START = datetime(2026, 3, 11, 9, 17, tzinfo=UTC)


class MovableClock:
    """The server's clock: fixed until a test moves it (sessions and the brake read it)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, by: timedelta) -> None:
        with self._lock:
            self.now += by


@dataclass(frozen=True)
class Cast:
    """Who signs in: a login of each role (the plant manager runs VAL; ZAR is another plant)."""

    admin: str = "ada"
    champion: str = "carla"
    plant_manager: str = "pablo"
    viewer: str = "vera"
    second_admin: str = "alberto"
    own_plant: str = "VAL"
    other_plant: str = "ZAR"


CAST = Cast()


def add_cast(server: ThreadServer, now: datetime) -> None:
    with server.connections() as connections, connections.write() as conn:
        for login, name, role, plant, language in [
            (CAST.admin, "Ada Admin", accounts.Role.ADMIN, None, "en"),
            (CAST.second_admin, "Alberto Admin", accounts.Role.ADMIN, None, "es"),
            (CAST.champion, "Carla Champion", accounts.Role.CHAMPION, None, None),
            (CAST.plant_manager, "Pablo Planta", accounts.Role.PLANT_MANAGER, "VAL", "es"),
            (CAST.viewer, "Vera Viewer", accounts.Role.VIEWER, None, "en"),
        ]:
            accounts.add_person(
                conn,
                login=login,
                display_name=name,
                role=role,
                password=PASSWORD,
                plant=plant,
                language=language,
                now=now,
            )
    for plant in (CAST.own_plant, CAST.other_plant):
        server.issue_token(plant, "A1", "L1", f"PC-{plant}")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every test on a server or a database runs once per database of --server-db.
    if {"web", "server_database"} & set(metafunc.fixturenames):
        metafunc.parametrize(
            "server_backend", server_backends(metafunc.config), indirect=True, scope="module"
        )


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(scope="module")
def web(
    request: pytest.FixtureRequest, server_backend: str, clock: MovableClock
) -> Iterator[ThreadServer]:
    """The regional server with the cast, on each database; one per module."""
    make: Callable[[str], str | Path] = request.getfixturevalue("new_database")
    server = ThreadServer(make("web"), clock=clock)
    add_cast(server, clock())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = "Debian's chromium is needed at /usr/bin/chromium: 'apt-get install chromium'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, clicks_wait_for_their_page():
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        if os.environ.get("REGIONAL_WEB_SLOW_NETWORK"):
            throttle_every_page(launched, int(os.environ["REGIONAL_WEB_SLOW_NETWORK"]))
        yield launched
        launched.close()


def throttle_every_page(browser: Any, bytes_per_second: int) -> None:
    """Pages arrive slowly, so a test that reads a page before it has loaded fails every time
    instead of once in a while in CI: REGIONAL_WEB_SLOW_NETWORK=20000 pytest tests/regional_web."""
    new_context = browser.new_context

    def throttled(**options: Any) -> Any:
        context = new_context(**options)

        def slow(page: Any) -> None:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": 50,
                    "downloadThroughput": bytes_per_second,
                    "uploadThroughput": bytes_per_second * 10,
                },
            )

        context.on("page", slow)
        return context

    browser.new_context = throttled


@contextmanager
def clicks_wait_for_their_page() -> Iterator[None]:
    """Every click in these tests returns once the page it leads to has loaded.

    The pages are rendered by the server, so nearly every click (a link, a form's button)
    leads to another page, and Playwright's click returns as soon as that page starts to
    arrive: a test that then reads the page (a menu, a table) can read it half-parsed. CI did,
    once in a while; REGIONAL_WEB_SLOW_NETWORK makes it happen every time. A click that leads
    nowhere costs nothing more: the page in place has long loaded."""
    from playwright.sync_api import Locator, Page

    page_click, locator_click = Page.click, Locator.click

    def click_on_page(self: Any, *args: Any, **kwargs: Any) -> None:
        page_click(self, *args, **kwargs)
        self.wait_for_load_state("load")

    def click_on_locator(self: Any, *args: Any, **kwargs: Any) -> None:
        locator_click(self, *args, **kwargs)
        self.page.wait_for_load_state("load")

    Page.click, Locator.click = click_on_page, click_on_locator  # type: ignore[method-assign]
    try:
        yield
    finally:
        Page.click, Locator.click = page_click, locator_click  # type: ignore[method-assign]
