"""The products forms: add a product, change its rates, retire it.

A product (shopfloor_core.domain.products) has a code, a name per language, a family, the parts
one cycle makes and an ideal cycle time per machine or per line. The add form takes all of it,
the rates form a product's parts per cycle and cycle times (a time emptied takes that machine
or line out), the retire form takes the product off the list: records made under an older
products version keep their rates, since each names its version. Numbers take a decimal comma.
Until the region publishes products, the ones the line PCs ship with are in force.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from regional_server.proposal_forms import (
    CYCLE_RANGE,
    MAX_LABEL,
    Fields,
    FormProblems,
    new_version,
    read_decimal,
)
from regional_server.proposals import Refused
from shopfloor_core.domain.products import (
    MAX_CODE_LENGTH,
    MAX_IDEAL_CYCLE_S,
    MAX_PARTS_PER_CYCLE,
    ProductsError,
    bundled_products_document,
    load_products,
)

WHERE = ("machines", "lines")  # a cycle time is a machine's or a whole line's
EMPTY_ROWS = 3


def in_force_or_shipped(in_force: Any) -> dict[str, Any]:
    return in_force if isinstance(in_force, dict) else bundled_products_document()


def products_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    listed = document.get("products")
    return {str(p.get("code")): p for p in listed or [] if isinstance(p, dict) and p.get("code")}


def languages_of(document: dict[str, Any]) -> list[str]:
    """The languages products are named in: English first, then those the region uses."""
    found = {"en"}
    for names in (document.get("families") or {}).values():
        found |= set(names) if isinstance(names, dict) else set()
    return ["en", *sorted(found - {"en"})]


def cycle_rows(product: Any) -> list[dict[str, str]]:
    """A product's cycle times as the form's rows: where (machines/lines), id, seconds."""
    cycles = product.get("ideal_cycle_time_s") if isinstance(product, dict) else None
    rows = []
    for where in WHERE:
        for key, seconds in sorted(((cycles or {}).get(where) or {}).items()):
            rows.append({"where": where, "id": str(key), "cycle": f"{seconds:g}"})
    return rows


def add_product(in_force: dict[str, Any], fields: Fields) -> dict[str, Any]:
    document = copy.deepcopy(in_force)
    problems: dict[str, Refused] = {}
    version = new_version(in_force, fields, problems)
    code = fields.get("code", "").strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH or any(c.isspace() for c in code):
        problems["code"] = Refused(
            "A product code is 1 to {count} characters without spaces.", count=MAX_CODE_LENGTH
        )
    elif code in products_of(in_force):
        problems["code"] = Refused("The product {code} is already in the list.", code=code)
    names = {}
    for language in languages_of(in_force):
        name = " ".join(fields.get(f"name_{language}", "").split())
        if len(name) > MAX_LABEL:
            problems[f"name_{language}"] = Refused("At most {count} characters.", count=MAX_LABEL)
        elif name:
            names[language] = name
    if "en" not in names and "name_en" not in problems:
        problems["name_en"] = Refused("Give the English name: screens fall back to it.")
    family = fields.get("family", "").strip()
    if family not in (in_force.get("families") or {}):
        problems["family"] = Refused("Choose the product's family.")
    product = {
        "code": code,
        "names": names,
        "family": family,
        "parts_per_cycle": _parts(fields, problems),
        "ideal_cycle_time_s": _cycles(fields, problems),
    }
    if problems:
        raise FormProblems(problems)
    document.setdefault("products", []).append(product)
    return _checked(document, version)


def _start(
    in_force: dict[str, Any], fields: Fields
) -> tuple[dict[str, Any], dict[str, Refused], str, dict[str, Any] | None]:
    """A copy to change, the problems so far, the new version and the product chosen."""
    document = copy.deepcopy(in_force)
    problems: dict[str, Refused] = {}
    version = new_version(in_force, fields, problems)
    return document, problems, version, _chosen(document, fields, problems)


def change_rates(in_force: dict[str, Any], fields: Fields) -> dict[str, Any]:
    document, problems, version, product = _start(in_force, fields)
    parts = _parts(fields, problems)
    cycles = _cycles(fields, problems)
    if problems or product is None:
        raise FormProblems(problems)
    was = copy.deepcopy(product)
    product["parts_per_cycle"] = parts
    product["ideal_cycle_time_s"] = cycles
    if product == was:
        raise FormProblems({"cycle_0": Refused("Change at least one rate.")})
    return _checked(document, version)


def retire_product(in_force: dict[str, Any], fields: Fields) -> dict[str, Any]:
    document, problems, version, product = _start(in_force, fields)
    if product is not None and len(products_of(document)) == 1:
        problems["product"] = Refused("The last product cannot be retired.")
    if problems or product is None:
        raise FormProblems(problems)
    document["products"] = [p for p in document["products"] if p is not product]
    return _checked(document, version)


FORMS: dict[str, Callable[[dict[str, Any], Fields], dict[str, Any]]] = {
    "product": add_product,
    "rates": change_rates,
    "retire_product": retire_product,
}


def _chosen(
    document: dict[str, Any], fields: Fields, problems: dict[str, Refused]
) -> dict[str, Any] | None:
    code = fields.get("product", "").strip()
    found = products_of(document).get(code)
    if found is None:
        problems["product"] = Refused("Choose a product.")
    return found


def _parts(fields: Fields, problems: dict[str, Refused]) -> int:
    text = fields.get("parts", "").strip() or "1"
    parts = int(text) if text.isdigit() else 0
    if not 1 <= parts <= MAX_PARTS_PER_CYCLE:
        problems["parts"] = Refused(
            "A whole number of parts, 1 to {count}.", count=MAX_PARTS_PER_CYCLE
        )
    return parts


def _cycles(fields: Fields, problems: dict[str, Refused]) -> dict[str, dict[str, float]]:
    """Cycle times from rows ``where_N``, ``id_N`` and ``cycle_N``; a row emptied is left out."""
    cycles: dict[str, dict[str, float]] = {}
    n = 0
    while f"id_{n}" in fields:
        where = fields.get(f"where_{n}", "machines")
        key, text = fields.get(f"id_{n}", "").strip(), fields.get(f"cycle_{n}", "")
        n += 1
        row = n - 1
        if not key:
            if text.strip():
                problems[f"id_{row}"] = Refused("Name the machine or line this time is for.")
            continue
        if where not in WHERE:
            where = "machines"
        if key in cycles.get(where, {}):
            problems[f"id_{row}"] = Refused("{machine} is set twice.", machine=key)
        try:
            seconds = read_decimal(text)
        except ValueError:
            problems[f"cycle_{row}"] = Refused("Type a number, like {example}.", example="2,4")
            continue
        if seconds is None:
            continue  # emptied: the machine or line is taken out
        if not 0 < seconds <= MAX_IDEAL_CYCLE_S:
            problems[f"cycle_{row}"] = CYCLE_RANGE
            continue
        cycles.setdefault(where, {})[key] = seconds
    if not cycles and not problems:
        problems["id_0"] = Refused("Give the ideal cycle time on at least one machine or line.")
    return cycles


def _checked(document: dict[str, Any], version: str) -> dict[str, Any]:
    document["version"] = version
    try:
        load_products(document)
    except ProductsError as error:
        # The line PC's own reader, after the form's checks: should never say more.
        raise FormProblems(
            {"version": Refused("A line PC would refuse it: {problems}", problems=str(error))}
        ) from None
    return document
