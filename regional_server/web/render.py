"""Pages from Jinja2 templates, in the visitor's language, escaped by default."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from regional_server import accounts
from regional_server.web.context import Visit
from regional_server.web.i18n import Translator, languages

HERE = Path(__file__).resolve().parent
ENVIRONMENT = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# The menu: (path, message, action needed; None = everyone signed in).
MENU: tuple[tuple[str, str, accounts.Action | None], ...] = (
    ("/home", "Overview", None),
    ("/proposals", "Standards", None),
    ("/plants", "Plants", None),
    ("/maturity", "Maturity", None),
    ("/dashboards", "Dashboards", None),
    ("/people", "People", accounts.Action.MANAGE_PEOPLE),
    ("/audit", "Audit trail", accounts.Action.READ_AUDIT),
)
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
# Pages whose address lies under another item's: a plant's maturity is read as maturity.
MATURITY_OF_A_PLANT = re.compile(r"^/plants/[^/]+/maturity(/|$)")


def menu_item_of(here: str, menu: list[tuple[str, str]]) -> str | None:
    """The menu item's path a page belongs to: its section, else the longest path it lies under."""
    if MATURITY_OF_A_PLANT.match(here):
        here = "/maturity"
    under = [path for path, _ in menu if here == path or here.startswith(path.rstrip("/") + "/")]
    return max(under, key=len, default=None)


def page(
    request: Request,
    template: str,
    *,
    visit: Visit | None = None,
    translate: Translator | None = None,
    status: int = 200,
    **values: Any,
) -> HTMLResponse:
    translate = visit.translate if visit else translate
    assert translate is not None
    menu = []
    if visit is not None:
        for path, label, action in MENU:
            if path in ("/plants", "/dashboards") and visit.person.plant:
                path = f"{path}/{visit.person.plant}"
            if action is None or visit.may(action):
                menu.append((path, label))
    html = ENVIRONMENT.get_template(template).render(
        _=translate,
        lang=translate.language,
        languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in languages()],
        visit=visit,
        person=visit.person if visit else None,
        csrf=visit.session.csrf if visit else "",
        menu=menu,
        here=request.url.path,
        menu_here=menu_item_of(request.url.path, menu),
        role_name=ROLE_NAMES,
        **values,
    )
    return HTMLResponse(html, status_code=status)


ROLE_NAMES = {
    accounts.Role.ADMIN.value: "Regional admin",
    accounts.Role.CHAMPION.value: "Regional champion",
    accounts.Role.PLANT_MANAGER.value: "Plant manager",
    accounts.Role.VIEWER.value: "Viewer",
}
