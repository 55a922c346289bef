"""A proposal's changes in words a reviewer reads: "category X renamed", "cycle time 2.0 s → 2.4 s".

Each change is an English message with named values; the pages show it in the reader's language
(regional_server/web/messages). The catalogue, targets, modules, fault codes, shift calendars
and products have words of their own; any other section (workflows...) is compared by path,
with list items matched by their ``code`` or ``id``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shopfloor_core.domain.products import bundled_products_document

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
    if section == "fault_codes" and isinstance(after, dict):
        # A region that mapped no codes yet starts from none.
        return list(_fault_codes(before if isinstance(before, dict) else {}, after))
    if section == "shift_calendar" and isinstance(before, dict) and isinstance(after, dict):
        return list(shift_calendar_changes(before, after))
    if section == "products" and isinstance(after, dict):
        # Until the region publishes products, the ones line PCs ship with are in force.
        was = before if isinstance(before, dict) else bundled_products_document()
        return list(products_changes(was, after))
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


def renamed(message: Change, code: str, old: object, new: object) -> Iterator[Change]:
    """``message`` for each language whose name changed between ``old`` and ``new``."""
    was, now = _dict(old), _dict(new)
    for language in sorted(set(was) | set(now)):
        if was.get(language) != now.get(language):
            values = {"code": code, "language": language}
            yield Change(
                message.message,
                {**values, "old": was.get(language, "—"), "new": now.get(language, "—")},
            )


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
        yield from renamed(
            Change("Category {code} renamed ({language}): “{old}” → “{new}”"),
            code,
            was.get("labels"),
            now.get("labels"),
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


FAULT_KEYS = frozenset({"code", "reason", "plc_text"})


def _fault_codes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    old = {c.get("code"): c for c in before.get("codes") or [] if isinstance(c, dict)}
    new = {c.get("code"): c for c in after.get("codes") or [] if isinstance(c, dict)}
    if before.get("version") != after.get("version"):
        yield Change(
            "Version {old} → {new}",
            {"old": _word(before.get("version")), "new": _word(after.get("version"))},
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
        elif (
            was is not None and now is not None and was != now and set(was) | set(now) <= FAULT_KEYS
        ):
            yield Change(
                "Fault code {code}: PLC text “{old}” → “{new}”",
                {"code": code, "old": was.get("plc_text", "—"), "new": now.get("plc_text", "—")},
            )
        elif was != now:
            yield Change(
                "Fault code {code} changed: {old} → {new}",
                {"code": code, "old": _word(was), "new": _word(now)},
            )
    if not before:
        return  # a first map: its codes are the change
    rest_before = {k: v for k, v in before.items() if k not in ("codes", "version")}
    rest_after = {k: v for k, v in after.items() if k not in ("codes", "version")}
    yield from _generic("fault_codes", rest_before, rest_after)


# -- shift calendars ------------------------------------------------------------------------------
# One message a weekday, so that each language says the day in its own words.
RUNS_ON = (
    Change("{pattern}: shifts now run on Mondays"),
    Change("{pattern}: shifts now run on Tuesdays"),
    Change("{pattern}: shifts now run on Wednesdays"),
    Change("{pattern}: shifts now run on Thursdays"),
    Change("{pattern}: shifts now run on Fridays"),
    Change("{pattern}: shifts now run on Saturdays"),
    Change("{pattern}: shifts now run on Sundays"),
)
STOPS_ON = (
    Change("{pattern}: no shifts on Mondays any more"),
    Change("{pattern}: no shifts on Tuesdays any more"),
    Change("{pattern}: no shifts on Wednesdays any more"),
    Change("{pattern}: no shifts on Thursdays any more"),
    Change("{pattern}: no shifts on Fridays any more"),
    Change("{pattern}: no shifts on Saturdays any more"),
    Change("{pattern}: no shifts on Sundays any more"),
)
WEEK = 7


def shift_calendar_changes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    if before.get("version") != after.get("version"):
        yield Change(
            "Version {old} → {new}", {"old": before.get("version"), "new": after.get("version")}
        )
    if before.get("default") != after.get("default"):
        yield Change(
            "Default shift pattern {old} → {new}",
            {"old": _word(before.get("default")), "new": _word(after.get("default"))},
        )
    old, new = _dict(before.get("patterns")), _dict(after.get("patterns"))
    for key in sorted(set(old) | set(new)):
        was, now = old.get(key), new.get(key)
        if not isinstance(now, dict):
            yield Change("Shift pattern {pattern} removed", {"pattern": key})
        elif not isinstance(was, dict):
            shifts = ", ".join(_shift_words(s) for s in _shifts(now).values())
            yield Change(
                "Shift pattern {pattern} “{name}” added: {shifts}",
                {"pattern": key, "name": now.get("name", key), "shifts": shifts},
            )
            yield from _days(key, {}, now)
        elif was != now:
            yield from _pattern(key, was, now)
    rest = ("version", "default", "patterns")
    yield from _generic(
        "shift_calendar",
        {k: v for k, v in before.items() if k not in rest},
        {k: v for k, v in after.items() if k not in rest},
    )


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _shifts(pattern: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    listed = pattern.get("shift")
    return (
        {str(s.get("code")): s for s in listed if isinstance(s, dict)}
        if isinstance(listed, list)
        else {}
    )


def _hours(shift: Mapping[str, Any]) -> str:
    return f"{shift.get('start', '?')}–{shift.get('end', '?')}"


def _shift_words(shift: Mapping[str, Any]) -> str:
    return f"{shift.get('code')} {shift.get('name', '')} {_hours(shift)}"


def _breaks(shift: Mapping[str, Any]) -> str:
    breaks = shift.get("breaks")
    found = (
        [f"{b.get('start')} ({b.get('minutes')} min)" for b in breaks if isinstance(b, dict)]
        if isinstance(breaks, list)
        else []
    )
    return ", ".join(found) or "—"


def _pattern(key: str, was: dict[str, Any], now: dict[str, Any]) -> Iterator[Change]:
    if was.get("name") != now.get("name"):
        yield Change(
            "Shift pattern {pattern} renamed: “{old}” → “{new}”",
            {"pattern": key, "old": _word(was.get("name")), "new": _word(now.get("name"))},
        )
    old, new = _shifts(was), _shifts(now)
    for code in [c for c in old if c not in new]:
        yield Change(
            "Shift {shift} of {pattern} removed ({hours})",
            {"shift": code, "pattern": key, "hours": _hours(old[code])},
        )
    for code, shift in new.items():
        values: dict[str, object] = {"shift": code, "pattern": key}
        before = old.get(code)
        if before is None:
            yield Change(
                "Shift {shift} “{name}” of {pattern} added: {hours}, breaks {breaks}",
                {
                    **values,
                    "name": shift.get("name"),
                    "hours": _hours(shift),
                    "breaks": _breaks(shift),
                },
            )
            continue
        if before.get("name") != shift.get("name"):
            yield Change(
                "Shift {shift} of {pattern} renamed: “{old}” → “{new}”",
                {**values, "old": _word(before.get("name")), "new": _word(shift.get("name"))},
            )
        if _hours(before) != _hours(shift):
            yield Change(
                "Shift {shift} of {pattern}: {old} → {new}",
                {**values, "old": _hours(before), "new": _hours(shift)},
            )
        if _breaks(before) != _breaks(shift):
            yield Change(
                "Breaks of shift {shift} of {pattern}: {old} → {new}",
                {**values, "old": _breaks(before), "new": _breaks(shift)},
            )
    if list(old) != list(new) and set(old) == set(new):
        yield Change(
            "Shifts of {pattern} now in the order {order}",
            {"pattern": key, "order": ", ".join(new)},
        )
    yield from _days(key, was, now)
    rest = ("name", "shift", "rotation")
    yield from _generic(
        f"shift_calendar › {key}",
        {k: v for k, v in was.items() if k not in rest},
        {k: v for k, v in now.items() if k not in rest},
    )


def _worked(pattern: Mapping[str, Any]) -> set[int] | None:
    """Weekdays (0 = Monday) with a crew on; None for a rotation that is not weekly."""
    rotation = pattern.get("rotation")
    if not isinstance(rotation, dict):
        return set(range(WEEK))
    days = rotation.get("days")
    try:
        anchor = date.fromisoformat(str(rotation.get("anchor")))
    except ValueError:
        return None
    if not isinstance(days, list) or len(days) != WEEK:
        return None
    return {
        (anchor + timedelta(days=i)).weekday()
        for i, crews in enumerate(days)
        if isinstance(crews, list) and any(c != "-" for c in crews)
    }


def _days(key: str, was: Mapping[str, Any], now: Mapping[str, Any]) -> Iterator[Change]:
    if was.get("rotation") == now.get("rotation"):
        return
    old, new = (_worked(was) if was else set(range(WEEK))), _worked(now)
    if old is None or new is None:
        yield Change(
            "Crew rotation of {pattern}: {old} → {new}",
            {"pattern": key, "old": _word(was.get("rotation")), "new": _word(now.get("rotation"))},
        )
        return
    for day in range(WEEK):
        if day in new and day not in old:
            yield Change(RUNS_ON[day].message, {"pattern": key})
        elif day in old and day not in new:
            yield Change(STOPS_ON[day].message, {"pattern": key})
    if old == new:
        yield Change("Crews of {pattern} rotate differently", {"pattern": key})


# -- products --------------------------------------------------------------------------------------
def _products(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    listed = document.get("products")
    return (
        {str(p.get("code")): p for p in listed if isinstance(p, dict)}
        if isinstance(listed, list)
        else {}
    )


def _cycle_times(product: Mapping[str, Any]) -> dict[tuple[str, str], object]:
    cycles = _dict(product.get("ideal_cycle_time_s"))
    return {(w, str(k)): v for w in ("machines", "lines") for k, v in _dict(cycles.get(w)).items()}


def products_changes(before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
    if before.get("version") != after.get("version"):
        yield Change(
            "Version {old} → {new}", {"old": before.get("version"), "new": after.get("version")}
        )
    old, new = _products(before), _products(after)
    for code in [c for c in old if c not in new]:
        yield Change(
            "Product {code} “{name}” retired", {"code": code, "name": _product_name(old[code])}
        )
    for code, now in new.items():
        was = old.get(code)
        if was is None:
            yield Change(
                "Product {code} “{name}” added: family {family}, {parts} part(s) a cycle",
                {
                    "code": code,
                    "name": _product_name(now),
                    "family": _word(now.get("family")),
                    "parts": _word(now.get("parts_per_cycle", 1)),
                },
            )
            was = {}
        else:
            yield from _product_details(code, was, now)
        yield from _rates(code, _cycle_times(was), _cycle_times(now))
    rest = ("version", "products")
    yield from _generic(
        "products",
        {k: v for k, v in before.items() if k not in rest},
        {k: v for k, v in after.items() if k not in rest},
    )


def _product_name(product: Mapping[str, Any]) -> str:
    names = _dict(product.get("names"))
    return str(names.get("en") or next(iter(names.values()), product.get("code")))


def _product_details(code: str, was: Mapping[str, Any], now: Mapping[str, Any]) -> Iterator[Change]:
    yield from renamed(
        Change("Product {code} renamed ({language}): “{old}” → “{new}”"),
        code,
        was.get("names"),
        now.get("names"),
    )
    if was.get("family") != now.get("family"):
        yield Change(
            "Product {code} moved from family {old} to {new}",
            {"code": code, "old": _word(was.get("family")), "new": _word(now.get("family"))},
        )
    if was.get("parts_per_cycle", 1) != now.get("parts_per_cycle", 1):
        yield Change(
            "Parts per cycle of {code}: {old} → {new}",
            {
                "code": code,
                "old": _word(was.get("parts_per_cycle", 1)),
                "new": _word(now.get("parts_per_cycle", 1)),
            },
        )
    known = ("code", "names", "family", "parts_per_cycle", "ideal_cycle_time_s")
    yield from _generic(
        f"products › {code}",
        {k: v for k, v in was.items() if k not in known},
        {k: v for k, v in now.items() if k not in known},
    )


def _rates(
    code: str, old: dict[tuple[str, str], object], new: dict[tuple[str, str], object]
) -> Iterator[Change]:
    for where, key in sorted(set(old) | set(new)):
        was, now = old.get((where, key)), new.get((where, key))
        if was == now:
            continue
        values: dict[str, object] = {"code": code, "id": key, "old": _word(was), "new": _word(now)}
        if where == "machines":
            yield Change("Cycle time of {code} on machine {id}: {old} s → {new} s", values)
        else:
            yield Change("Cycle time of {code} on line {id}: {old} s → {new} s", values)


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
