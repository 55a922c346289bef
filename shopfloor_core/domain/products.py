"""Products (part numbers) as the region's standard data: what is made, and how fast it can be.

A product has a code, a name per language, a family, the parts one cycle makes (a multi-cavity
tool makes several) and an ideal cycle time per machine, or per line where the machines of a
line are paced together. The region publishes them as a versioned ``products`` section of its
bundle; a site file may only name which of them its line runs, never a rate.

Performance is honest only against the ideal time of the part actually made, so the figure this
module hands to the KPIs is the ideal time per *part*: the cycle time over the parts per cycle.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from shopfloor_core.domain.errors import RuleViolation

SCHEMA = "operator-app/products@1"
# A cycle of more than a day is a typo for minutes or hours, not a machine (as for targets).
MAX_IDEAL_CYCLE_S = 86_400.0
MAX_PARTS_PER_CYCLE = 1_000
MAX_CODE_LENGTH = 64


class ProductsError(ValueError):
    """A products document that breaks a rule; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Product:
    code: str
    names: Mapping[str, str]
    family: str
    parts_per_cycle: int
    # Seconds per cycle on a machine (by machine id), or on any machine of a line (by line id).
    cycle_by_machine: Mapping[str, float] = field(default_factory=dict)
    cycle_by_line: Mapping[str, float] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        """The name in ``language``, else English, else the code: a screen always has one."""
        return self.names.get(language) or self.names.get("en") or self.code

    def ideal_cycle_s(self, machine_id: str, line: str) -> float | None:
        """The ideal time of one cycle on ``machine_id`` (its own, else its line's), or None."""
        own = self.cycle_by_machine.get(machine_id)
        return own if own is not None else self.cycle_by_line.get(line)

    def ideal_s_per_part(self, machine_id: str, line: str) -> float | None:
        """The ideal time of one part on ``machine_id``: the cycle over the parts it makes."""
        cycle = self.ideal_cycle_s(machine_id, line)
        return None if cycle is None else cycle / self.parts_per_cycle


@dataclass(frozen=True)
class Products:
    """One published version of the region's products."""

    version: str
    products: Mapping[str, Product]
    families: Mapping[str, Mapping[str, str]]
    # The downtime reason a changeover between jobs is recorded under, and the scrap reason
    # that marks start-up scrap. Whether a changeover counts against availability is the loss
    # bucket the region gave that reason in its catalogue (docs/kpi-definitions.md).
    changeover_reason: str
    startup_scrap_reason: str
    document: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def get(self, code: str) -> Product:
        try:
            return self.products[code]
        except KeyError:
            raise RuleViolation(
                "unknown_product",
                f"product {code!r} is not in products version {self.version}",
                product=code,
            ) from None

    def unknown(self, codes: list[str] | tuple[str, ...]) -> list[str]:
        """The codes of ``codes`` this version does not have, in their order."""
        return [c for c in codes if c not in self.products]

    def require_rate(self, code: str, machine_id: str, line: str) -> float:
        """The ideal seconds per part of ``code`` on ``machine_id``; refused when it has none."""
        per_part = self.get(code).ideal_s_per_part(machine_id, line)
        if per_part is None:
            raise RuleViolation(
                "no_rate",
                f"product {code} has no ideal cycle time for machine {machine_id} (or line "
                f"{line}) in products version {self.version}",
                product=code,
                machine=machine_id,
            )
        return per_part


NO_PRODUCTS = Products("", {}, {}, "", "")


def load_products(raw: object) -> Products:
    """The products of a bundle's ``products`` section; ``ProductsError`` lists every problem."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ProductsError(["must be a products document (an object)"])
    if raw.get("schema") != SCHEMA:
        problems.append(f"schema: must be {SCHEMA!r}")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("version: must be non-empty text")
        version = ""
    changeover = _code(raw.get("changeover_reason"), "changeover_reason", problems)
    startup = _code(raw.get("startup_scrap_reason"), "startup_scrap_reason", problems)
    families = _families(raw.get("families"), problems)
    products: dict[str, Product] = {}
    listed = raw.get("products")
    if not isinstance(listed, list) or not listed:
        problems.append("products: must be a non-empty list")
        listed = []
    for i, entry in enumerate(listed):
        product = _product(entry, f"products[{i}]", families, problems)
        if product is None:
            continue
        if product.code in products:
            problems.append(f"products[{i}].code: {product.code!r} is given twice")
            continue
        products[product.code] = product
    if problems:
        raise ProductsError(problems)
    return Products(version, products, families, changeover, startup, raw)


def bundled_products_document() -> dict[str, Any]:
    """The demo products shipped with the client (shopfloor_core/standards/products.json)."""
    text = resources.files("shopfloor_core.standards").joinpath("products.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def bundled_products() -> Products:
    return load_products(bundled_products_document())


def _code(value: object, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_CODE_LENGTH:
        problems.append(f"{where}: must be a code of 1 to {MAX_CODE_LENGTH} characters")
        return ""
    return value


def _names(value: object, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        problems.append(f'{where}: must give a name per language, e.g. {{"en": "..."}}')
        return {}
    names = {}
    for language, name in value.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}.{language}: must be non-empty text")
        else:
            names[str(language)] = name
    if "en" not in names and names:
        problems.append(f"{where}: needs an English name (the fallback of every language)")
    return names


def _families(value: object, problems: list[str]) -> dict[str, Mapping[str, str]]:
    if not isinstance(value, dict) or not value:
        problems.append("families: must name each family's labels per language")
        return {}
    return {str(code): _names(names, f"families.{code}", problems) for code, names in value.items()}


def _seconds(value: object, where: str, problems: list[str]) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: must map ids to seconds")
        return {}
    found = {}
    for key, seconds in value.items():
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not math.isfinite(seconds)
            or not 0 < seconds <= MAX_IDEAL_CYCLE_S
        ):
            problems.append(f"{where}.{key}: must be seconds in (0, {MAX_IDEAL_CYCLE_S:.0f}]")
        else:
            found[str(key)] = float(seconds)
    return found


def _product(
    entry: object, where: str, families: Mapping[str, object], problems: list[str]
) -> Product | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be an object")
        return None
    before = len(problems)
    code = _code(entry.get("code"), f"{where}.code", problems)
    names = _names(entry.get("names"), f"{where}.names", problems)
    family = entry.get("family")
    if not isinstance(family, str) or family not in families:
        problems.append(f"{where}.family: {family!r} is not one of the families")
    per_cycle = entry.get("parts_per_cycle", 1)
    if (
        isinstance(per_cycle, bool)
        or not isinstance(per_cycle, int)
        or not 1 <= per_cycle <= MAX_PARTS_PER_CYCLE
    ):
        problems.append(f"{where}.parts_per_cycle: must be a whole number 1 to 1000")
        per_cycle = 1
    cycles = entry.get("ideal_cycle_time_s")
    if not isinstance(cycles, dict):
        problems.append(f"{where}.ideal_cycle_time_s: must have machines and/or lines")
        cycles = {}
    unknown = sorted(set(cycles) - {"machines", "lines"})
    if unknown:
        problems.append(f"{where}.ideal_cycle_time_s: unknown keys {', '.join(unknown)}")
    by_machine = _seconds(cycles.get("machines"), f"{where}.ideal_cycle_time_s.machines", problems)
    by_line = _seconds(cycles.get("lines"), f"{where}.ideal_cycle_time_s.lines", problems)
    if not by_machine and not by_line and len(problems) == before:
        problems.append(f"{where}.ideal_cycle_time_s: gives no machine's nor line's cycle time")
    if len(problems) > before:
        return None
    return Product(code, names, str(family), per_cycle, by_machine, by_line)
