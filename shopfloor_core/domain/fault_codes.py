"""What a PLC's fault codes mean in the region's categories: a section of the standards.

The region maps each fault code its machines raise to a downtime leaf of its catalogue, so a
stop that comes with a known code is pre-categorized: detection records the mapped reason as a
suggestion the operator confirms or changes. A map is written against one catalogue version and
is refused unless every code points to a leaf an operator may choose in that very version. A
code the map does not know is kept with the stop and shown by its number.

.. code-block:: json

    {"schema": "operator-app/fault-codes@1", "version": "FC-2026.11-R1",
     "catalogue_version": "2026.11-R1",
     "codes": [{"code": 101, "reason": "EQP.MEC.JAM", "plc_text": "Infeed jam"}]}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.detection import Fault
from shopfloor_core.domain.errors import RuleViolation

SCHEMA = "operator-app/fault-codes@1"
# Fault code registers are 16 or 32 bits; 0 means "no fault" on every PLC we know.
MAX_CODE = 2**32 - 1
ENTRY_KEYS = frozenset({"code", "reason", "plc_text"})


class FaultMapError(ValueError):
    """A fault map that cannot be used, with every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FaultMap:
    """A checked fault map: code -> downtime leaf of ``catalogue_version``."""

    version: str
    catalogue_version: str
    reasons: Mapping[int, str] = field(default_factory=dict)

    def reason_for(self, code: int | None) -> str | None:
        """The category a fault code suggests, or None for a code the region has not mapped."""
        return self.reasons.get(code) if code is not None else None

    def suggestion(self, fault: Fault) -> tuple[str | None, str]:
        """The reason ``fault`` suggests (None: unknown or no code) and why, for the audit trail."""
        reason = self.reason_for(fault.code)
        why = "PLC fault flag" if fault.code is None else f"PLC fault {fault.code}"
        if reason is not None:
            why += f": {reason} in fault map {self.version}"
        return reason, why


# A line without a map (a bundle that has none): every fault is shown by its number.
NO_FAULT_MAP = FaultMap("", "")


def load_fault_map(document: object, catalogue: Catalogue) -> FaultMap:
    """The fault map in ``document``, checked against ``catalogue`` (the version in force)."""
    if not isinstance(document, dict):
        raise FaultMapError(["must be a fault map document (an object)"])
    problems: list[str] = []
    schema = document.get("schema", SCHEMA)
    if schema != SCHEMA:
        problems.append(f"schema: {schema!r} is not {SCHEMA}")
    version = document.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("version: is required (text, e.g. 'FC-2026.11-R1')")
    target = document.get("catalogue_version")
    if not isinstance(target, str) or not target:
        problems.append("catalogue_version: is required (the catalogue the codes point into)")
    elif target != catalogue.version:
        problems.append(
            f"catalogue_version: {target!r} is not the catalogue in force "
            f"({catalogue.version!r}); map the codes against that version"
        )
    entries = document.get("codes")
    reasons: dict[int, str] = {}
    if not isinstance(entries, list):
        problems.append("codes: must be a list of {code, reason} entries")
        entries = []
    for i, entry in enumerate(entries):
        _read_entry(f"codes[{i}]", entry, catalogue, reasons, problems)
    if problems:
        raise FaultMapError(problems)
    assert isinstance(version, str)
    assert isinstance(target, str)
    return FaultMap(version, target, reasons)


def _read_entry(
    key: str, entry: object, catalogue: Catalogue, reasons: dict[int, str], problems: list[str]
) -> None:
    if not isinstance(entry, dict):
        problems.append(f"{key}: must be an object with code and reason")
        return
    for unknown in sorted(set(entry) - ENTRY_KEYS):
        # A key is shown as written unless it could break the one-line-per-problem rule.
        name = unknown if unknown.isidentifier() else repr(unknown)
        problems.append(f"{key}.{name}: is not a known setting (misspelt?)")
    code = entry.get("code")
    if isinstance(code, bool) or not isinstance(code, int):
        problems.append(f"{key}.code: must be an integer, not {code!r}")
        code = None
    elif not 1 <= code <= MAX_CODE:
        problems.append(f"{key}.code: must be 1 to {MAX_CODE} (0 means no fault), not {code}")
        code = None
    elif code in reasons:
        problems.append(f"{key}.code: {code} is mapped twice")
        code = None
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason:
        problems.append(f"{key}.reason: is required (a downtime category code)")
        return
    try:
        catalogue.require_leaf(reason, CategoryKind.DOWNTIME)
    except RuleViolation as exc:
        problems.append(f"{key}.reason: {exc}")
        return
    if code is not None:
        reasons[code] = reason


def load_fault_map_json(text: str, catalogue: Catalogue) -> FaultMap:
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FaultMapError([f"not valid JSON: {exc}"]) from None
    return load_fault_map(document, catalogue)


def bundled_fault_map_document() -> dict[str, Any]:
    """The demo map shipped with the client (shopfloor_core/standards/fault_codes.json)."""
    raw = (
        resources.files("shopfloor_core.standards").joinpath("fault_codes.json").read_text("utf-8")
    )
    document = json.loads(raw)
    assert isinstance(document, dict)
    return document
