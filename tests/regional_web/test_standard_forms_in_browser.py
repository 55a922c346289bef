"""The shift calendar, fault-code map and products forms in a real chromium over a real server
(on each database of --server-db): a champion proposes through each form and reads the change
in words; a bad entry comes back with its message beside the field and everything typed kept;
the JSON path of these standards is the admins' only.

PROPOSAL_FORM_SCREENSHOTS=<folder> saves each form page there (to look at them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from regional_server import bundles
from shopfloor_core.domain.fault_codes import bundled_fault_map_document
from tests.regional_web.conftest import CAST, START, MovableClock
from tests.regional_web.test_proposal_forms_in_browser import changes, people, shot, signed_in
from tests.sync.conftest import ThreadServer, standard_bundle

__all__ = ["people"]  # the fixture, used by name


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    return MovableClock(START)


@pytest.fixture(scope="module")
def region(web: ThreadServer) -> ThreadServer:
    """The standard bundle with the shipped fault-code map in force; products not yet published."""
    web.publish(standard_bundle(fault_codes=bundled_fault_map_document()))
    return web


def propose(page: Any, title: str, reason: str, button: str = "Propose") -> None:
    page.fill("input[name=title]", title)
    page.fill("textarea[name=reason]", reason)
    page.click(f"button:has-text('{button}')")


def proposed(page: Any) -> int:
    number = page.url.rsplit("/", 1)[1]
    assert number.isdigit(), page.url
    return int(number)


def test_a_champion_changes_a_shift_pattern_and_a_bad_time_keeps_what_was_typed(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion, locale="es-ES", width=1024)
    champion.goto(f"{region.url}/proposals/new")
    champion.click("text=Cambiar un patrón de turnos")
    assert champion.input_value("input[name=pattern]") == "3x8"  # the region's default
    champion.select_option("select[name=pattern]", "3x8-5d")
    champion.click("button:has-text('Partir del que está en vigor')")
    assert champion.input_value("input[name=pattern]") == "3x8-5d"
    assert champion.input_value("input[name=version]") == "EU-2026.2"
    assert champion.is_checked("input[name=day_4]")
    assert not champion.is_checked("input[name=day_5]")
    champion.fill("input[name=start_0]", "25:00")  # a typo
    champion.fill("input[name=end_0]", "13:30")
    champion.check("input[name=day_5]")
    propose(champion, "Sábados en ZAR", "", button="Proponer")
    assert champion.url.endswith("/proposals/new/shifts")
    start = champion.locator("td:has(input[name=start_0]) .field-problem")
    assert start.inner_text() == "Una hora del día como 06:00."
    assert champion.get_attribute("input[name=start_0]", "aria-invalid") == "true"
    reason = champion.locator("label:has(textarea[name=reason]) .field-problem")
    assert reason.inner_text() == "Diga por qué: qué se vio, dónde, con qué frecuencia."
    # Nothing typed is lost.
    assert champion.input_value("input[name=start_0]") == "25:00"
    assert champion.input_value("input[name=end_0]") == "13:30"
    assert champion.is_checked("input[name=day_5]")
    assert champion.input_value("input[name=title]") == "Sábados en ZAR"
    shot(champion, "shifts-problem-es-1024")
    champion.fill("input[name=start_0]", "5:30")
    propose(champion, "Sábados en ZAR", "Pedidos de fin de semana en ZAR", button="Proponer")
    proposed(champion)
    assert changes(champion) == [
        "Versión EU-2026.1 → EU-2026.2",
        "Turno E de 3x8-5d: 06:00–14:00 → 05:30–13:30",
        "3x8-5d: ahora hay turnos los sábados",
    ]


def test_a_champion_maps_fault_codes_and_a_number_given_twice_is_refused_beside_it(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion)
    champion.goto(f"{region.url}/proposals/new")
    champion.click("text=Map PLC fault codes")
    assert champion.input_value("input[name=fault_0]") == "101"
    assert champion.input_value("select[name=reason_0]") == "EQP.MEC.JAM"
    rows = champion.locator("input[name^=fault_]").count()
    last = rows - 1
    champion.select_option("select[name=reason_1]", "EQP.MEC.CNV")
    champion.fill(f"input[name=fault_{last}]", "101")  # already mapped in row 1
    champion.select_option(f"select[name=reason_{last}]", "UTL.PWR")
    champion.fill(f"input[name=text_{last}]", "Phase loss")
    shot(champion, "fault-codes-en-1366")
    propose(champion, "Fault codes of the new press", "Press 4 arrives at VAL in December")
    fault = champion.locator(f"td:has(input[name=fault_{last}]) .field-problem")
    assert fault.inner_text() == "Fault 101 is already in row 1."
    assert champion.input_value(f"select[name=reason_{last}]") == "UTL.PWR"
    assert champion.input_value(f"input[name=text_{last}]") == "Phase loss"
    assert champion.input_value("select[name=reason_1]") == "EQP.MEC.CNV"
    champion.fill(f"input[name=fault_{last}]", "950")
    champion.click("button:has-text('Propose')")
    number = proposed(champion)
    assert changes(champion) == [
        "Version FC-2026.11-R1 → FC-2026.11-R2",
        "Fault code 102 now means EQP.MEC.CNV (was EQP.MEC.JAM)",
        "Fault code 950 added, meaning UTL.PWR",
    ]
    # Piloted, the plant's bundle carries the map as the form made it.
    admin = signed_in(people, region, CAST.admin)
    admin.goto(f"{region.url}/proposals/{number}")
    admin.click("button[value=approve]")
    admin.check(f"input[name=plant][value={CAST.own_plant}]")
    admin.click("button[value=pilot]")
    with region.connections() as connections, connections.read() as conn:
        piloted = bundles.current(conn, CAST.own_plant).document["fault_codes"]
    assert {"code": 950, "reason": "UTL.PWR", "plc_text": "Phase loss"} in piloted["codes"]


def test_a_champion_adds_a_product_with_a_decimal_comma_changes_a_rate_and_retires_one(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion, locale="es-ES", width=1024)
    champion.goto(f"{region.url}/proposals/new?change=product")
    assert champion.input_value("input[name=version]") == "2026.11-P2"
    champion.fill("input[name=code]", "HNG-0900")
    champion.fill("input[name=name_es]", "Bisagra 90 mm")
    champion.select_option("select[name=family]", "HNG")
    champion.fill("input[name=parts]", "2")
    champion.fill("input[name=id_0]", "PRESS-1")
    champion.fill("input[name=cycle_0]", "3,5")
    champion.select_option("select[name=where_1]", "lines")
    champion.fill("input[name=id_1]", "L2")
    champion.fill("input[name=cycle_1]", "siete")
    propose(champion, "Bisagra 90", "Cliente nuevo en VAL", button="Proponer")
    name = champion.locator("label:has(input[name=name_en]) .field-problem")
    assert name.inner_text() == "Escriba el nombre en inglés: las pantallas recurren a él."
    cycle = champion.locator("td:has(input[name=cycle_1]) .field-problem")
    assert cycle.inner_text() == "Escriba un número, como 2,4."
    assert champion.input_value("input[name=cycle_0]") == "3,5"
    assert champion.input_value("select[name=where_1]") == "lines"
    assert champion.input_value("select[name=family]") == "HNG"
    shot(champion, "product-problem-es-1024")
    champion.fill("input[name=name_en]", "Hinge 90 mm")
    champion.fill("input[name=cycle_1]", "7")
    champion.click("button:has-text('Proponer')")
    proposed(champion)
    assert changes(champion) == [
        "Versión 2026.11-P1 → 2026.11-P2",
        "Producto HNG-0900 «Hinge 90 mm» añadido: familia HNG, 2 pieza(s) por ciclo",
        "Tiempo de ciclo de HNG-0900 en la línea L2: — s → 7.0 s",
        "Tiempo de ciclo de HNG-0900 en la máquina PRESS-1: — s → 3.5 s",
    ]

    champion.goto(f"{region.url}/proposals/new?change=rates")
    champion.select_option("select[name=product]", "BRK-1020")
    champion.click("button:has-text('Partir del que está en vigor')")
    assert champion.input_value("input[name=cycle_0]") == "2,4"  # as Spanish is written
    champion.fill("input[name=cycle_0]", "2,2")
    propose(champion, "Troquel nuevo", "La prensa 1 va más rápido", button="Proponer")
    proposed(champion)
    assert changes(champion)[1:] == [
        "Tiempo de ciclo de BRK-1020 en la máquina PRESS-1: 2.4 s → 2.2 s"
    ]

    champion.goto(f"{region.url}/proposals/new?change=retire_product")
    champion.select_option("select[name=product]", "HNG-0800")
    propose(champion, "Fin de serie", "El cliente dejó de pedirla", button="Proponer")
    proposed(champion)
    assert changes(champion)[1:] == ["Producto HNG-0800 «Gate hinge 80 mm (paced line)» retirado"]


def test_the_json_path_of_a_standard_with_a_form_is_the_admins_only(
    region: ThreadServer, people: Callable[..., Any]
) -> None:
    champion = signed_in(people, region, CAST.champion)
    champion.goto(f"{region.url}/proposals/new?change=fault_codes")
    assert champion.locator("a:has-text('Advanced')").count() == 0
    csrf = champion.locator("input[name=csrf]").first.get_attribute("value")
    for section in ("shift_calendar", "fault_codes", "products"):
        asked = champion.goto(f"{region.url}/proposals/new?change=document&section={section}")
        assert asked is not None
        assert asked.status == 403, section
        form = {"csrf": csrf, "section": section, "title": "t", "reason": "r", "content": "{}"}
        sent = champion.request.post(f"{region.url}/proposals", form=form)
        assert sent.status == 403, section
    admin = signed_in(people, region, CAST.admin)
    admin.goto(f"{region.url}/proposals/new?change=shifts")
    admin.click("a:has-text('Advanced')")
    assert admin.input_value("select[name=section]") == "shift_calendar"
