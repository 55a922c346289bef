"""The proposal forms in a real chromium over a real server (on each database of --server-db):
a champion turns a group of "Other" notes into a new category and splits another one through the
forms, the reviewer reads both in words, the admin pilots one; a bad entry comes back with its
message beside the field and everything typed kept; a viewer cannot send a
form even by hand.

PROPOSAL_FORM_SCREENSHOTS=<folder> saves each form page there (to look at them)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from regional_server import bundles, records, standards_diff, tokens
from shopfloor_core.contract import EVENT_REVISION
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.revision_rows import revision_to_row
from tests.regional_web.conftest import CAST, START, MovableClock
from tests.regional_web.stops import CATALOGUE_VERSION, OTHER
from tests.regional_web.test_roles_in_browser import sign_in
from tests.sync.conftest import ThreadServer, standard_bundle

FORKLIFT = "Forklift blocking the line"


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    # The suite's fixed instant: the learning page's weeks end at the start of its day.
    return MovableClock(START)


@pytest.fixture(scope="module")
def region(web: ThreadServer) -> ThreadServer:
    """The standard bundle in force and, from two plants, stops named 'Other' with a note."""
    web.publish(standard_bundle())
    with web.connections() as connections, connections.write() as conn:
        for plant, spellings in ((CAST.own_plant, 3), (CAST.other_plant, 2)):
            credential = tokens.issue(
                conn, role=tokens.DEVICE, plant=plant, area="A", line="L1", device="PC9"
            )[1]
            stamp = Stamp(device="PC9", plant=plant, area="A", line="L1", zone="Europe/Madrid")
            incoming = []
            for n in range(spellings):
                began = START - timedelta(days=3, hours=n)
                revision = first_revision(
                    kind=EventKind.DOWNTIME,
                    machine_id="PRESS-1",
                    start_utc=began,
                    end_utc=began + timedelta(minutes=12),
                    reason_code=OTHER,
                    catalogue_version=CATALOGUE_VERSION,
                    quantity=None,
                    note=FORKLIFT if n else "forklift  blocking the line!",
                    source=Source.OPERATOR,
                    author="op-1",
                    recorded_utc=began + timedelta(minutes=13),
                    stamp=stamp,
                )
                incoming.append(
                    records.Incoming(
                        EVENT_REVISION, revision.revision_id, revision_to_row(revision)
                    )
                )
            records.store_records(conn, credential, incoming, now=START - timedelta(days=2))
    return web


@pytest.fixture
def people(browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def open_page(login: str, *, locale: str = "en-GB", width: int = 1366) -> Any:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": 768})
        contexts.append(context)
        page = context.new_page()
        return page

    yield open_page
    for context in contexts:
        context.close()


def signed_in(people: Callable[..., Any], server: ThreadServer, login: str, **how: Any) -> Any:
    page = people(login, **how)
    sign_in(page, server, login)
    assert page.url.endswith("/home"), page.url
    return page


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("PROPOSAL_FORM_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def changes(page: Any) -> list[str]:
    # The proposal's page may still be loading after the click that sent the form.
    page.locator("ul.changes li").first.wait_for()
    return [t.strip() for t in page.locator("ul.changes li").all_inner_texts()]


def test_a_champion_adds_a_category_from_other_notes_and_splits_one_then_it_is_piloted(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion)
    champion.goto(f"{region.url}/dashboards/learning")
    row = champion.locator("#other-notes tr[data-group='forklift blocking the line']")
    row.locator("button").click()
    # The notes land in the add-a-category form: the title, the evidence, what operators wrote.
    assert "change=add" in champion.url or "section=catalogue" in champion.url
    assert champion.locator("h1").inner_text() == "Add a category"
    assert champion.input_value("input[name=title]") == f"A category for: {FORKLIFT}"
    assert "5 stops were named 'Other'" in champion.input_value("textarea[name=reason]")
    assert champion.input_value("input[name=label_en]") == FORKLIFT
    assert champion.input_value("input[name=version]") == "2026.11-R2"
    champion.select_option("select[name=parent]", "FLW")
    champion.fill("input[name=code]", "FLW.FORK")
    champion.fill("input[name=label_es]", "Carretilla bloqueando la línea")
    shot(champion, "add-en-1366")
    champion.click("button:has-text('Propose')")
    added = int(champion.url.rsplit("/", 1)[1])
    assert changes(champion) == [
        "Version 2026.11-R1 → 2026.11-R2",
        f"Category FLW.FORK “{FORKLIFT}” added under FLW",
    ]

    champion.goto(f"{region.url}/proposals/new")
    champion.click("text=Split a category")
    champion.select_option("select[name=code]", "OPS.ADJ")
    for n, (code, en, es) in enumerate(
        [
            ("OPS.SET", "Setting change", "Cambio de ajuste"),
            ("OPS.TUN", "Fine tuning", "Ajuste fino"),
        ]
    ):
        champion.fill(f"input[name=code_{n}]", code)
        champion.fill(f"input[name=label_en_{n}]", en)
        champion.fill(f"input[name=label_es_{n}]", es)
    champion.fill("input[name=title]", "Split 'Adjustment'")
    champion.fill("textarea[name=reason]", "Fine tuning hides a speed loss at VAL and ZAR")
    shot(champion, "split-en-1366")
    champion.click("button:has-text('Propose')")
    assert champion.url.rsplit("/", 1)[1].isdigit(), champion.url
    told = changes(champion)
    assert (
        "Category OPS.ADJ “Adjustment or setting” retired; its history counts as OPS.SET, OPS.TUN"
        in told
    )
    assert "Category OPS.TUN “Fine tuning” added under OPS" in told

    # The reviewer reads the new category in her own words and pilots it in one plant.
    admin = signed_in(people, region, CAST.second_admin, locale="es-ES", width=1024)
    admin.goto(f"{region.url}/proposals/{added}")
    assert f"Categoría FLW.FORK «{FORKLIFT}» añadida bajo FLW" in changes(admin)
    admin.click("button[value=approve]")
    admin.check(f"input[name=plant][value={CAST.own_plant}]")
    admin.click("button[value=pilot]")
    assert admin.inner_text("main .state") == "En piloto"
    with region.connections() as connections, connections.read() as conn:
        piloted = bundles.current(conn, CAST.own_plant).document["catalogue"]
        in_force = bundles.current(conn, CAST.other_plant).document["catalogue"]
    assert standard_bundle()["catalogue"] == in_force
    assert standards_diff.catalogue_nodes(piloted)["FLW.FORK"]["labels"] == {
        "en": FORKLIFT,
        "es": "Carretilla bloqueando la línea",
    }


def test_a_bad_entry_shows_its_message_beside_the_field_and_keeps_what_was_typed(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion, locale="es-ES", width=1024)
    champion.goto(f"{region.url}/proposals/new?change=add")
    champion.select_option("select[name=parent]", "FLW")
    champion.fill("input[name=code]", "FLW.BLK")  # taken
    champion.fill("input[name=label_en]", "Forklift")
    champion.fill("input[name=label_es]", "")  # forgotten
    champion.fill("input[name=title]", "Carretillas")
    champion.fill("textarea[name=reason]", "Notas de «Otros» en VAL")
    champion.click("button:has-text('Proponer')")
    assert champion.url.endswith("/proposals/new/add")
    assert "Algunos campos necesitan revisión" in champion.inner_text("p.problem")
    code = champion.locator("label:has(input[name=code])")
    assert code.locator(".field-problem").inner_text() == "El código FLW.BLK ya está en uso."
    assert champion.get_attribute("input[name=code]", "aria-invalid") == "true"
    spanish = champion.locator("label:has(input[name=label_es]) .field-problem")
    assert spanish.inner_text() == "Escriba también el nombre en este idioma."
    # Nothing typed is lost.
    assert champion.input_value("select[name=parent]") == "FLW"
    assert champion.input_value("input[name=code]") == "FLW.BLK"
    assert champion.input_value("input[name=label_en]") == "Forklift"
    assert champion.input_value("input[name=title]") == "Carretillas"
    assert champion.input_value("textarea[name=reason]") == "Notas de «Otros» en VAL"
    shot(champion, "add-problem-es-1024")
    champion.fill("input[name=code]", "FLW.CAR")
    champion.fill("input[name=label_es]", "Carretilla")
    champion.click("button:has-text('Proponer')")
    assert champion.url.rsplit("/", 1)[1].isdigit(), champion.url

    champion.goto(f"{region.url}/proposals/new?change=targets")
    champion.fill("input[name=machine_0]", "PRESS-1")
    champion.fill("input[name=oee_0]", "120")
    champion.fill("input[name=cycle_0]", "2,4")
    champion.click("button:has-text('Proponer')")
    oee = champion.locator("td:has(input[name=oee_0]) .field-problem")
    assert "Un objetivo de OEE es un porcentaje" in oee.inner_text()
    assert champion.input_value("input[name=oee_0]") == "120"
    assert champion.input_value("input[name=cycle_0]") == "2,4"
    problems = [t.strip() for t in champion.locator(".field-problem").all_inner_texts()]
    assert len(problems) == 3, problems  # the OEE, and the title and reason not given


def test_a_viewer_cannot_send_a_form_even_by_hand(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    page = signed_in(people, region, CAST.viewer)
    assert page.locator("a[href='/proposals/new']").count() == 0
    page.goto(f"{region.url}/proposals")
    assert page.locator("a[href='/proposals/new']").count() == 0
    response = page.goto(f"{region.url}/proposals/new?change=add")
    assert response is not None
    assert response.status == 403
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    before = region.query("SELECT COUNT(*) FROM proposals")[0][0]
    fields = {"csrf": csrf, "title": "t", "reason": "r", "version": "X", "parent": "FLW"}
    fields |= {"code": "FLW.X", "label_en": "x", "label_es": "x"}
    for path, form in (
        ("/proposals/new/add", fields),
        (
            "/proposals",
            {"csrf": csrf, "section": "workflows", "title": "t", "reason": "r", "content": "{}"},
        ),
    ):
        sent = page.request.post(f"{region.url}{path}", form=form)
        assert sent.status == 403, path
    assert region.query("SELECT COUNT(*) FROM proposals")[0][0] == before


def test_a_champion_renames_and_retires_through_the_forms(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion)
    champion.goto(f"{region.url}/proposals/new?change=rename")
    champion.select_option("select[name=code]", "OPS.ADJ")
    # The names in force show greyed in the fields: an empty field keeps its name.
    assert champion.get_attribute("input[name=label_en]", "placeholder") == "Adjustment or setting"
    assert champion.input_value("input[name=label_en]") == ""
    champion.fill("input[name=label_es]", "Reglaje")
    champion.fill("input[name=title]", "Reglaje")
    champion.fill("textarea[name=reason]", "The word plants use")
    champion.click("button:has-text('Propose')")
    assert changes(champion)[1:] == [
        "Category OPS.ADJ renamed (es): “Ajuste o reglaje” → “Reglaje”"
    ]

    champion.goto(f"{region.url}/proposals/new?change=retire")
    champion.select_option("select[name=code]", "MAT.PCK")
    champion.select_option("select[name=successor]", "MAT.DEF")
    champion.fill("input[name=title]", "Packaging is a material defect")
    champion.fill("textarea[name=reason]", "Nobody tells them apart")
    champion.click("button:has-text('Propose')")
    assert changes(champion)[1] == (
        "Category MAT.PCK “Packaging shortage” retired; its history counts as MAT.DEF"
    )
