"""Where a retired category's history went: its codes in a newer catalogue.

A catalogue that retires or splits a category says so in its ``code_map`` (old code → the
codes that carry its history on), kept from version to version (docs/regional-operations.md).
Figures across catalogue versions count a stop captured under an old code as its successors,
so a plant's history stays comparable with itself and with other plants.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from regional_server.standards_diff import CODE_MAP


def successors(code: str, catalogue: Mapping[str, Any]) -> list[str]:
    """The codes of ``catalogue`` that ``code`` counts as: itself while it is not retired, else
    its mapped codes, followed through later retirements (a code retired twice)."""
    mapping = catalogue.get(CODE_MAP)
    if not isinstance(mapping, Mapping):
        return [code]
    found: list[str] = []
    waiting = [code]
    seen: set[str] = set()
    while waiting:
        current = waiting.pop(0)
        if current in seen:
            continue  # a map that loops back names each code once
        seen.add(current)
        targets = mapping.get(current)
        if isinstance(targets, list) and targets:
            waiting.extend(str(t) for t in targets)
        else:
            found.append(current)
    return found
