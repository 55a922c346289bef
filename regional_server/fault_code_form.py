"""The fault-code map form: a PLC fault number → the downtime category it suggests.

One row a fault code, as the region's machines raise it: the number, the category (a downtime
leaf of the catalogue in force, chosen from a list) and the PLC's own text. A row emptied takes
the code out; an empty row filled adds one. The map is re-pointed at the catalogue in force,
as the line PC checks it.
"""

from __future__ import annotations

from typing import Any

from regional_server.proposal_forms import Fields, FormProblems, new_version
from regional_server.proposals import Refused
from shopfloor_core.domain.catalogue import CatalogueError, CategoryKind, load_catalogue
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.fault_codes import MAX_CODE, SCHEMA

EMPTY_ROWS = 3  # rows the form offers for codes not yet mapped
MAX_TEXT = 120


def reason_choices(catalogue: Any, language: str = "en") -> list[tuple[str, str]]:
    """The downtime leaves an operator may choose, as (code, name) for the list."""
    try:
        loaded = load_catalogue(catalogue or {})
    except CatalogueError:
        return []
    return [
        (c.code, c.label(language))
        for c in loaded.leaves(CategoryKind.DOWNTIME)
        if _choosable(loaded, c.code)
    ]


def _choosable(catalogue: Any, code: str) -> bool:
    try:
        catalogue.require_leaf(code, CategoryKind.DOWNTIME)
    except RuleViolation:
        return False
    return True


def code_rows(in_force: Any) -> list[dict[str, str]]:
    """The map in force as the form's rows."""
    entries = in_force.get("codes") if isinstance(in_force, dict) else None
    return [
        {
            "fault": str(entry.get("code", "")),
            "reason": str(entry.get("reason", "")),
            "text": str(entry.get("plc_text", "")),
        }
        for entry in entries or []
        if isinstance(entry, dict)
    ]


def fault_codes(in_force: Any, fields: Fields, catalogue: Any) -> dict[str, Any]:
    """The map from rows ``fault_N``, ``reason_N`` and ``text_N``; every field problem at once."""
    before = in_force if isinstance(in_force, dict) else {"schema": SCHEMA}
    problems: dict[str, Refused] = {}
    version = new_version(before, fields, problems)
    try:
        loaded = load_catalogue(catalogue or {})
    except CatalogueError:
        raise FormProblems({"version": Refused("The catalogue in force cannot be read.")}) from None
    entries: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    n = 0
    while f"fault_{n}" in fields:
        fault_text = fields.get(f"fault_{n}", "").strip()
        reason = fields.get(f"reason_{n}", "").strip()
        text = " ".join(fields.get(f"text_{n}", "").split())
        n += 1
        row = n - 1
        if not fault_text and not reason:
            if text:
                problems[f"fault_{row}"] = Refused("Give the fault number this text is for.")
            continue  # an emptied row: the code is taken out
        code = int(fault_text) if fault_text.isdigit() else None
        if code is None or not 1 <= code <= MAX_CODE:
            problems[f"fault_{row}"] = Refused(
                "A fault number is a whole number from 1 (0 means no fault)."
            )
        elif code in seen:
            problems[f"fault_{row}"] = Refused(
                "Fault {code} is already in row {row}.", code=code, row=seen[code] + 1
            )
        else:
            seen[code] = row
        if not reason:
            problems[f"reason_{row}"] = Refused("Choose the category this fault suggests.")
        elif not _choosable(loaded, reason):
            problems[f"reason_{row}"] = Refused(
                "{code} is not a downtime category operators can choose.", code=reason
            )
        if len(text) > MAX_TEXT:
            problems[f"text_{row}"] = Refused("At most {count} characters.", count=MAX_TEXT)
        entry: dict[str, Any] = {"code": code, "reason": reason}
        if text:
            entry["plc_text"] = text
        entries.append(entry)
    if problems:
        raise FormProblems(problems)
    after = {**before, "version": version, "catalogue_version": loaded.version, "codes": entries}
    unchanged = {**after, "version": before.get("version")}
    if unchanged == before:
        raise FormProblems({"fault_0": Refused("Add, change or take out at least one code.")})
    return after
