"""What the shift calendar, fault-code and products forms start from and offer to choose.

``prefilled`` turns the standard in force into the form's first values (the fields a
proposal would send unchanged); ``choices`` gives the lists and rows the template draws.
"""

from __future__ import annotations

from typing import Any

from regional_server import calendar_form, fault_code_form, product_form, proposal_forms
from regional_server.web.context import Visit
from regional_server.web.numbers import DECIMAL_COMMA

FORMS = frozenset({"shifts", "fault_codes", *product_form.FORMS})
NEW_PATTERN = "new"
# The numbers in force are shown as the reader writes them (the forms take either).


def prefilled(
    form: str, in_force: Any, asked: dict[str, str], region: dict[str, Any], language: str = "en"
) -> dict[str, str]:
    fields = dict(asked)
    if form in product_form.FORMS:
        in_force = product_form.in_force_or_shipped(in_force)
    version = in_force.get("version") if isinstance(in_force, dict) else None
    fields.setdefault("version", proposal_forms.next_version(version))
    if form == "shifts":
        key = asked.get("pattern") or str((in_force or {}).get("default", ""))
        key = "" if key == NEW_PATTERN else key
        fields |= calendar_form.pattern_fields(key, in_force)
        if not key:
            fields |= {f"day_{d}": "yes" for d in range(5)}  # a new pattern: Monday to Friday
    elif form == "fault_codes":
        rows = fault_code_form.code_rows(in_force)
        _rows(fields, rows, {"fault": "", "reason": "", "text": ""}, fault_code_form.EMPTY_ROWS)
    elif form in ("product", "rates"):
        chosen = product_form.products_of(in_force).get(asked.get("product", ""))
        rows = product_form.cycle_rows(chosen) if form == "rates" else []
        if language in DECIMAL_COMMA:
            rows = [{**row, "cycle": row["cycle"].replace(".", ",")} for row in rows]
        if chosen and form == "rates":
            fields["parts"] = str(chosen.get("parts_per_cycle", 1))
        elif form == "product":
            fields.setdefault("parts", "1")
        empty = {"where": "machines", "id": "", "cycle": ""}
        _rows(fields, rows, empty, product_form.EMPTY_ROWS)
    return fields


def _rows(
    fields: dict[str, str], rows: list[dict[str, str]], empty: dict[str, str], more: int
) -> None:
    for n, row in enumerate(rows + [empty] * more):
        for key, value in row.items():
            fields[f"{key}_{n}"] = value


def _count(fields: dict[str, str], first: str) -> int:
    rows = 0
    while f"{first}_{rows}" in fields:
        rows += 1
    return rows


def choices(
    v: Visit, form: str, in_force: Any, fields: dict[str, str], region: dict[str, Any]
) -> dict[str, Any]:
    language = v.translate.language
    if form == "shifts":
        patterns = calendar_form.patterns_of(in_force)
        pattern = patterns.get(fields.get("pattern", ""))
        rotation = pattern.get("rotation") if isinstance(pattern, dict) else None
        return {
            "patterns": [
                (key, str(p.get("name", key)) if isinstance(p, dict) else key)
                for key, p in patterns.items()
            ],
            "in_force_version": (in_force or {}).get("version", ""),
            "shift_rows": calendar_form.SHIFTS,
            "break_rows": calendar_form.break_rows(fields),
            "weekly": calendar_form.weekly(pattern),
            "rotation_days": len((rotation or {}).get("days") or []),
            "new_pattern": NEW_PATTERN,
        }
    if form == "fault_codes":
        return {
            "rows": _count(fields, "fault"),
            "reasons": fault_code_form.reason_choices(region.get("catalogue"), language),
            "in_force_version": (in_force or {}).get("version", ""),
        }
    document = product_form.in_force_or_shipped(in_force)
    products = product_form.products_of(document)
    families = document.get("families") or {}
    return {
        "rows": _count(fields, "id"),
        "in_force_version": document.get("version", ""),
        "products": [(code, _name(p.get("names"), language, code)) for code, p in products.items()],
        "families": [(code, _name(names, language, code)) for code, names in families.items()],
        "name_languages": product_form.languages_of(document),
    }


def _name(names: Any, language: str, code: str) -> str:
    names = names if isinstance(names, dict) else {}
    return str(names.get(language) or names.get("en") or code)
