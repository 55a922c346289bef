"""Retake the regional web pages' screenshots in docs/ (headless Debian chromium, Playwright).

    .venv/bin/python docs/make_regional_screenshots.py [--out FOLDER] [--walk] [part of a name...]

--out writes the shots into FOLDER instead of docs/ (to look before replacing); --walk takes,
instead of the docs' shots, every page as each of its people reads it: the regional admin on a
1366 laptop in English, the champion on a 1024 tablet in Spanish and the plant manager on a
tablet held portrait (768) in Spanish, each page whole (to see what is below the fold).

A throwaway regional server on loopback, at a fixed clock, with the people of each role, three
plants and a proposal piloted in one of them; the pages are taken as their people see them, at
the sizes the pages are made for: a 1366x768 laptop, a 1024x768 tablet held landscape and a
768x1024 tablet held portrait, in English and Spanish.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import uvicorn
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regional_server import (  # noqa: E402
    accounts,
    audit,
    bundles,
    maturity,
    plant_modules,
    proposals,
    records,
    tokens,
)
from regional_server.app import create_app  # noqa: E402
from regional_server.database import Connection  # noqa: E402
from shopfloor_core.contract import EVENT_REVISION  # noqa: E402
from shopfloor_core.domain.events import Stamp  # noqa: E402
from shopfloor_core.revision_rows import revision_to_row  # noqa: E402
from tests.regional_web.stops import week_of_stops  # noqa: E402

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
MOMENT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
PASSWORD = "screenshots only"
PORT = 8763


def region(folder: Path) -> object:
    app = create_app(folder / "region.sqlite3", clock=lambda: MOMENT)
    connections = app.state.connections
    with connections.write() as conn:
        for login, name, role, plant, language in [
            ("ada", "Ada Martín", accounts.Role.ADMIN, None, "en"),
            ("carla", "Carla Ruiz", accounts.Role.CHAMPION, None, "es"),
            ("pablo", "Pablo Sanz", accounts.Role.PLANT_MANAGER, "VAL", "es"),
            ("vera", "Vera Gil", accounts.Role.VIEWER, None, "en"),
        ]:
            accounts.add_person(
                conn,
                login=login,
                display_name=name,
                role=role,
                password=PASSWORD,
                plant=plant,
                language=language,
                now=MOMENT,
            )
            note(conn, audit.COMMAND_LINE, "person added", login, {"role": role.value})
        devices = {}
        for plant in ("MAD", "VAL", "ZAR"):
            devices[plant] = tokens.issue(
                conn, role=tokens.DEVICE, plant=plant, area="A", line="L1", device="PC1"
            )[1]
        base = proposals.bundled_standards()
        base["targets"] = {"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.0}}
        base["modules"] = {"trends": True, "workflows": True}
        bundles.publish(conn, base, now=MOMENT)
        carla = accounts.Person("carla", "Carla Ruiz", accounts.Role.CHAMPION, None, "es")
        ada = accounts.Person("ada", "Ada Martín", accounts.Role.ADMIN, None, "en")
        catalogue = proposals.section_in_force(conn, "catalogue")
        split = dict(catalogue, version="2027.1-R1", code_map={"OPS.ADJ": ["OPS.SET", "OPS.TUN"]})
        split["downtime"] = [dict(n) for n in catalogue["downtime"]]
        operation = next(n for n in split["downtime"] if n["code"] == "OPS")
        operation["children"] = [c for c in operation["children"] if c["code"] != "OPS.ADJ"] + [
            {"code": "OPS.SET", "labels": {"en": "Setting change", "es": "Cambio de ajuste"}},
            {"code": "OPS.TUN", "labels": {"en": "Fine tuning", "es": "Ajuste fino"}},
        ]
        made = proposals.propose(
            conn,
            carla,
            section="catalogue",
            title="Split 'Adjustment' into setting change and fine tuning",
            reason="38 'Other' notes at VAL and ZAR in November say 'fine tuning' or 'ajuste "
            "fino'; they are not setting changes and hide a speed loss.",
            content=split,
            now=MOMENT,
        )
        note(conn, "carla", "proposed", "proposal 1", {"section": "catalogue"})
        proposals.review(conn, ada, made.number, approve=True, note="clear case", now=MOMENT)
        note(conn, "ada", "approved", "proposal 1", {"section": "catalogue"})
        proposals.pilot(conn, carla, made.number, plants=["VAL"], note="4 weeks", now=MOMENT)
        note(conn, "carla", "pilot started", "proposal 1", {"plants": "VAL"})
        note(conn, "carla", "proposed", "proposal 2", {"section": "targets"})
        proposals.propose(
            conn,
            carla,
            section="targets",
            title="Press cycle time after the new dies",
            reason="VAL presses run 2.4 s since the new dies (week 47)",
            content={"PRESS-1": {"oee": 0.8, "ideal_cycle_time_s": 2.4}},
            now=MOMENT,
        )
        synced_stops(conn, devices)
    return app


# Four weeks of stops a plant (20 a week to name, 1 in "Other", 1 without signal): VAL names
# 19 within the shift every week (adopted), ZAR 16 (connected), MAD missed the oldest week.
MATURITY = {"VAL": ((4, 3, 2, 1), 19), "ZAR": ((4, 3, 2, 1), 16), "MAD": ((3, 2, 1), 19)}


def synced_stops(conn: Connection, devices: dict[str, tokens.Credential]) -> None:
    week = timedelta(days=7)
    for plant, (weeks, named) in MATURITY.items():
        stamp = Stamp(device="PC1", plant=plant, area="A", line="L1", zone="Europe/Madrid")
        for k in weeks:
            revisions = week_of_stops(
                stamp,
                "PRESS-1",
                MOMENT - week * k,
                count=20,
                named_in_shift=named,
                other=1,
                no_signal=1,
            )
            incoming = [
                records.Incoming(EVENT_REVISION, r.revision_id, revision_to_row(r))
                for r in revisions
            ]
            arrived = max(r.recorded_utc for r in revisions) + timedelta(minutes=5)
            records.store_records(conn, devices[plant], incoming, now=arrived)
    model = maturity.model_in_force(conn)
    val = maturity.evaluate(conn, "VAL", MOMENT, model)
    plant_modules.switch(conn, val, model, "shift_summary", on=True, actor="carla", now=MOMENT)
    plant_modules.switch(conn, val, model, "trends", on=True, actor="carla", now=MOMENT)
    note(conn, "carla", "module switched on", "VAL", {"module": "trends", "level": "adopted"})


def note(conn: Connection, actor: str, action: str, subject: str, detail: dict[str, str]) -> None:
    """The audit entry the pages would have written for a step the script takes directly."""
    roles = {"ada": "regional_admin", "carla": "regional_champion"}
    audit.record(
        conn,
        actor=actor,
        role=roles.get(actor, audit.COMMAND_LINE),
        address="192.0.2.14",
        action=action,
        subject=subject,
        detail=detail,
        now=MOMENT,
    )


# A group of "Other" notes as the learning page hands it to the add-a-category form.
FROM_NOTES = urlencode(
    {
        "change": "add",
        "label": "Forklift blocking the line",
        "title": "A category for: Forklift blocking the line",
        "reason": "41 stops were named 'Other' with the note 'Forklift blocking the line' (or the "
        "same words written otherwise) in 3 plants (MAD, VAL, ZAR) from 2026-10-05 to 2026-11-30.",
    }
)


def form_shots() -> list[tuple[str, str, str, int, int, str]]:
    """The proposal forms: each at 1366 in English (the admin) and 1024 in Spanish (the
    champion), the modules on a tablet held portrait."""
    shots = []
    for form in ("add", "rename", "retire", "split", "targets"):
        path = f"/proposals/new?{FROM_NOTES}" if form == "add" else f"/proposals/new?change={form}"
        if form == "rename":
            path += "&code=OPS.ADJ"
        shots.append((f"regional-proposal-{form}-en-1366.png", "ada", path, 1366, 768, "en-GB"))
        shots.append((f"regional-proposal-{form}-es-1024.png", "carla", path, 1024, 768, "es"))
    for form, asked in (
        ("shifts", "&pattern=3x8-5d"),
        ("fault_codes", ""),
        ("product", ""),
        ("rates", "&product=BRK-1020"),
    ):
        path = f"/proposals/new?change={form}{asked}"
        name = form.replace("_", "-")
        shots.append((f"regional-proposal-{name}-en-1366.png", "ada", path, 1366, 768, "en-GB"))
        shots.append((f"regional-proposal-{name}-es-1024.png", "carla", path, 1024, 768, "es"))
    shots.append(
        (
            "regional-proposal-modules-es-768-portrait.png",
            "carla",
            "/proposals/new?change=modules",
            768,
            1024,
            "es",
        )
    )
    return shots


def bad_entry(page: Page) -> None:
    """A champion's add-a-category form sent with a code in use and a name missing."""
    page.select_option("select[name=parent]", "FLW")
    page.fill("input[name=code]", "FLW.BLK")
    page.fill("input[name=label_es]", "")
    page.click("button.primary")


def sign_in(page: Page, login: str) -> None:
    page.goto(f"http://127.0.0.1:{PORT}/sign-in")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


# Shots taken after a step on the page, and shots of the whole page rather than the screen.
AFTER = {"regional-proposal-add-problem-es-1024.png": bad_entry}
WHOLE = {"regional-proposal-add-problem-es-1024.png"}


# Every page a walk visits; the plant manager's own plant is VAL, the others answer them 403.
WALK_PAGES = [
    ("sign-in", "/sign-in"),
    ("home", "/home"),
    ("account", "/account"),
    ("people", "/people"),
    ("audit", "/audit"),
    ("plants", "/plants"),
    ("plant", "/plants/VAL"),
    ("proposals", "/proposals"),
    ("proposal-1", "/proposals/1"),
    ("proposal-2", "/proposals/2"),
    ("new-proposal", "/proposals/new"),
    ("form-add", f"/proposals/new?{FROM_NOTES}"),
    ("form-targets", "/proposals/new?change=targets"),
    ("form-shifts", "/proposals/new?change=shifts&pattern=3x8-5d"),
    ("form-modules", "/proposals/new?change=modules"),
    ("dashboards", "/dashboards"),
    ("dashboard-plant", "/dashboards/VAL"),
    ("dashboard-line", "/dashboards/VAL/lines/L1"),
    ("dashboard-method", "/dashboards/method"),
    ("dashboard-learning", "/dashboards/learning"),
    ("maturity", "/maturity"),
    ("plant-maturity", "/plants/VAL/maturity"),
    ("maturity-model", "/maturity/model"),
]
WALKERS = [
    # (who, login, width, height, browser language)
    ("admin-en-1366", "ada", 1366, 768, "en-GB"),
    ("champion-es-1024", "carla", 1024, 768, "es-ES"),
    ("manager-es-768-portrait", "pablo", 768, 1024, "es-ES"),
]


def walk_shots() -> list[tuple[str, str | None, str, int, int, str]]:
    return [
        (f"walk-{who}-{name}.png", None if path == "/sign-in" else login, path, w, h, locale)
        for who, login, w, h, locale in WALKERS
        for name, path in WALK_PAGES
    ]


def main() -> None:
    arguments = sys.argv[1:]
    out = ROOT / "docs"
    if "--out" in arguments:
        at = arguments.index("--out")
        out = Path(arguments[at + 1])
        del arguments[at : at + 2]
    walk = "--walk" in arguments
    wanted = [a for a in arguments if a != "--walk"]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="regional-shots-") as folder:
        app = region(Path(folder))
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        shots = [
            # (file, login, path, width, height, browser language)
            ("regional-sign-in-es-1024.png", None, "/sign-in", 1024, 768, "es-ES"),
            ("regional-home-en-1366.png", "ada", "/home", 1366, 768, "en-GB"),
            ("regional-proposal-en-1366.png", "ada", "/proposals/1", 1366, 768, "en-GB"),
            ("regional-proposal-es-1024.png", "carla", "/proposals/1", 1024, 768, "es-ES"),
            ("regional-proposal-es-768-portrait.png", "carla", "/proposals/2", 768, 1024, "es"),
            ("regional-proposals-en-1024.png", "vera", "/proposals", 1024, 768, "en-GB"),
            ("regional-new-proposal-es-1024.png", "carla", "/proposals/new", 1024, 768, "es"),
            *form_shots(),
            (
                "regional-proposal-add-problem-es-1024.png",
                "carla",
                f"/proposals/new?{FROM_NOTES}",
                1024,
                768,
                "es",
            ),
            ("regional-plant-es-1024.png", "pablo", "/plants/VAL", 1024, 768, "es-ES"),
            ("regional-audit-en-1366.png", "ada", "/audit", 1366, 768, "en-GB"),
            ("regional-people-en-1366.png", "ada", "/people", 1366, 768, "en-GB"),
            ("regional-account-es-1024.png", "carla", "/account", 1024, 768, "es-ES"),
            ("regional-plants-en-1024.png", "vera", "/plants", 1024, 768, "en-GB"),
            ("regional-maturity-en-1366.png", "ada", "/maturity", 1366, 768, "en-GB"),
            (
                "regional-plant-maturity-es-1024.png",
                "pablo",
                "/plants/VAL/maturity",
                1024,
                768,
                "es",
            ),
            ("regional-plant-maturity-en-1366.png", "ada", "/plants/ZAR/maturity", 1366, 768, "en"),
            ("regional-maturity-model-en-1366.png", "ada", "/maturity/model", 1366, 768, "en-GB"),
        ]
        if walk:
            shots = walk_shots()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            # Names on the command line retake only the shots whose file names contain them.
            for name, login, path, width, height, locale in shots:
                if wanted and not any(word in name for word in wanted):
                    continue
                context = browser.new_context(
                    locale=locale, viewport={"width": width, "height": height}
                )
                page = context.new_page()
                if login:
                    sign_in(page, login)
                page.goto(f"http://127.0.0.1:{PORT}{path}")
                if name in AFTER:
                    AFTER[name](page)
                page.screenshot(path=str(out / name), full_page=walk or name in WHOLE)
                context.close()
                print(out / name)
            browser.close()
        server.should_exit = True
        thread.join(10)
        app.state.connections.close()


if __name__ == "__main__":
    main()
