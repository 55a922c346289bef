"""A proposal's changes in words a reviewer reads: "category X renamed", "cycle time 2.0 s → 2.4 s".

Each change is an English message with named values; the pages show it in the reader's language
(regional_server/web/messages). The catalogue, targets, modules and fault codes have words of
their own; any other section (workflows, shift calendars, products...) is compared by path,
with list items matched by their ``code`` or ``id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

CODE_MAP = "code_map"  # in a catalogue: retired code -> the codes that carry its history on


@dataclass(frozen=True)
class Change:
    message: str
    values: dict[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.message.format(**self.values)


def describe(section: str, before: object, after: object) -> list[Change]:
    if before == after:
        return []
    if section == "catalogue" and isinstance(before, dict) and isinstance(after, dict):
        return list(_catalogue(before, after))
    if section == "targets" and isinstance(before, dict) and isinstance(after, dict):
        return list(_targets(before, after))
    if section == "modules" and isinstance(before, dict) and isinstance(after, dict):
        return list(_modules(before, after))
    if section == "fault_codes" and isinstance(before, dict) and isinstance(after, dict):
        return list(_fault_codes(before, after))
    return list(_generic(section, before, after))


# -- the catalogue --------------------------------------------------------------------------------
def catalogue_nodes(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every category by code, with its parent's code (None at the top) under ``_parent``."""
    found: dict[str, dict[str, Any]] = {}

    def walk(nodes: object, parent: str | None) -> None:
        if not isinstance(nodes, list):
            return
        for node in nodes:
            if isinstance(node, dict) and isinstance(node.get("code"), str):
                found[node["code"]] = {**node, "_parent": parent}
                walk(node.get("children"), node["code"])

    for kind in ("downtime", "scrap"):
        walk(document.get(kind), None)
    return found


def _label(node: Mapping[str, Any]) -> str:
    labels = node.get("labels")
    if isinstance(labels, dict):
        return str(labels.get("en") or next(iter(labels.values()), node.get("code")))
    return str(node.get("code"))


ATTRIBUTES = ("loss", "planned", "needs_maintenance", "selectable", "is_other")


def _catalogue(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    if before.get("version") != after.get("version"):
        yield Change(
            "Version {old} → {new}", {"old": before.get("version"), "new": after.get("version")}
        )
    old, new = catalogue_nodes(before), catalogue_nodes(after)
    raw_mapping = after.get(CODE_MAP)
    mapping: dict[str, Any] = raw_mapping if isinstance(raw_mapping, dict) else {}
    for code in sorted(set(old) - set(new)):
        targets = mapping.get(code)
        if targets:
            yield Change(
                "Category {code} “{label}” retired; its history counts as {targets}",
                {"code": code, "label": _label(old[code]), "targets": ", ".join(targets)},
            )
        else:
            yield Change(
                "Category {code} “{label}” retired without a mapping",
                {"code": code, "label": _label(old[code])},
            )
    for code in sorted(set(new) - set(old)):
        parent = new[code]["_parent"]
        values = {"code": code, "label": _label(new[code]), "parent": parent}
        if parent:
            yield Change("Category {code} “{label}” added under {parent}", values)
        else:
            yield Change("Category {code} “{label}” added at the top", values)
    for code in sorted(set(old) & set(new)):
        was, now = old[code], new[code]
        old_labels, new_labels = was.get("labels") or {}, now.get("labels") or {}
        for language in sorted(set(old_labels) | set(new_labels)):
            if old_labels.get(language) != new_labels.get(language):
                yield Change(
                    "Category {code} renamed ({language}): “{old}” → “{new}”",
                    {
                        "code": code,
                        "language": language,
                        "old": old_labels.get(language, "—"),
                        "new": new_labels.get(language, "—"),
                    },
                )
        if was["_parent"] != now["_parent"]:
            yield Change(
                "Category {code} moved from {old} to {new}",
                {"code": code, "old": was["_parent"] or "—", "new": now["_parent"] or "—"},
            )
        for name in ATTRIBUTES:
            if was.get(name) != now.get(name):
                yield Change(
                    "Category {code}: {attribute} {old} → {new}",
                    {
                        "code": code,
                        "attribute": name,
                        "old": _word(was.get(name)),
                        "new": _word(now.get(name)),
                    },
                )


# -- targets, modules, fault codes ----------------------------------------------------------------
def _targets(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    for machine in sorted(set(before) | set(after)):
        was, now = before.get(machine), after.get(machine)
        if was is None:
            yield Change(
                "Targets for {machine} added: {values}", {"machine": machine, "values": _word(now)}
            )
        elif now is None:
            yield Change("Targets for {machine} removed", {"machine": machine})
        elif isinstance(was, dict) and isinstance(now, dict):
            for setting in sorted(set(was) | set(now)):
                if was.get(setting) == now.get(setting):
                    continue
                values: dict[str, object] = {
                    "machine": machine,
                    "old": _word(was.get(setting)),
                    "new": _word(now.get(setting)),
                }
                if setting == "ideal_cycle_time_s":
                    yield Change("Cycle time of {machine}: {old} s → {new} s", values)
                elif setting == "oee":
                    yield Change("OEE target of {machine}: {old} → {new}", values)
                else:
                    yield Change(
                        "{setting} of {machine}: {old} → {new}", {**values, "setting": setting}
                    )
        elif was != now:
            yield Change(
                "Targets for {machine}: {old} → {new}",
                {"machine": machine, "old": _word(was), "new": _word(now)},
            )


def _modules(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    # A module the section leaves out is on: line PCs and plants read it so.
    for name in sorted(set(before) | set(after)):
        if bool(before.get(name, True)) == bool(after.get(name, True)):
            continue
        if after.get(name, True):
            yield Change("Module {module} switched on", {"module": name})
        else:
            yield Change("Module {module} switched off", {"module": name})


def _fault_codes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    old = {c.get("code"): c for c in before.get("codes") or [] if isinstance(c, dict)}
    new = {c.get("code"): c for c in after.get("codes") or [] if isinstance(c, dict)}
    if before.get("version") != after.get("version"):
        yield Change(
            "Version {old} → {new}", {"old": before.get("version"), "new": after.get("version")}
        )
    for code in sorted(set(old) | set(new), key=str):
        was, now = old.get(code), new.get(code)
        if was is None and now is not None:
            yield Change(
                "Fault code {code} added, meaning {reason}",
                {"code": code, "reason": now.get("reason")},
            )
        elif now is None and was is not None:
            yield Change("Fault code {code} removed", {"code": code})
        elif was is not None and now is not None and was.get("reason") != now.get("reason"):
            yield Change(
                "Fault code {code} now means {new} (was {old})",
                {"code": code, "old": was.get("reason"), "new": now.get("reason")},
            )
        elif was != now:
            yield Change(
                "Fault code {code} changed: {old} → {new}",
                {"code": code, "old": _word(was), "new": _word(now)},
            )
    rest_before = {k: v for k, v in before.items() if k not in ("codes", "version")}
    rest_after = {k: v for k, v in after.items() if k not in ("codes", "version")}
    yield from _generic("fault_codes", rest_before, rest_after)


# -- anything else, by path -----------------------------------------------------------------------
def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of objects keyed by their code or id, when every item has one."""
    keyed: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, dict):
            return None
        key = item.get("code", item.get("id"))
        if key is None or str(key) in keyed:
            return None
        keyed[str(key)] = item
    return keyed


def _generic(path: str, before: object, after: object) -> Iterator[Change]:
    if before == after:
        return
    if isinstance(before, list) and isinstance(after, list):
        old, new = _keyed(before), _keyed(after)
        if old is not None and new is not None:
            before, after = old, new
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            where = f"{path} › {key}"
            if key not in before:
                yield Change("{path} added: {new}", {"path": where, "new": _word(after[key])})
            elif key not in after:
                yield Change("{path} removed", {"path": where})
            else:
                yield from _generic(where, before[key], after[key])
        return
    yield Change("{path}: {old} → {new}", {"path": path, "old": _word(before), "new": _word(after)})


def _word(value: object) -> str:
    """A value as a reviewer reads it: short, JSON for structures."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "…"
