"""The common changes to the standards as forms, mapped to the section a proposal carries.

A regional champion does not write JSON: they add a category under a parent, rename one, retire
one with the code its history goes to, split one into two or more, set a machine's targets or
switch modules. Each form here turns the fields it was sent (names as in the templates) and the
section in force into the section as it would be, exactly the document the advanced JSON editor
would be given for the same change; ``proposals.propose`` then checks it as for any proposal.

A field the form cannot use is refused with a message for that field (``FormProblems``), so the
page shows it beside the field and keeps everything typed.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping
from typing import Any

from regional_server.proposals import Refused
from regional_server.standards_diff import CODE_MAP, catalogue_nodes

# Each form: the section it changes.
FORMS = {
    "add": "catalogue",
    "rename": "catalogue",
    "retire": "catalogue",
    "split": "catalogue",
    "targets": "targets",
    "modules": "modules",
    "shifts": "shift_calendar",
    "fault_codes": "fault_codes",
    "product": "products",
    "rates": "products",
    "retire_product": "products",
}
# Modules a region switches per plant. The client's own list is operator_app's
# standards.sections.MODULES, which the server may not import; a module in force that is not
# here is shown too.
MODULES = ("shift_summary", "trends", "workflows")
KINDS = ("downtime", "scrap")
LOSS_BUCKETS = ("planned_downtime", "unplanned_downtime", "delay", "performance")
CODE = re.compile(r"^[A-Z0-9]+(?:[._-][A-Z0-9]+)*$")
MAX_CODE = 40
MAX_LABEL = 80
MAX_DEPTH = 3  # the catalogue's own limit (shopfloor_core.domain.catalogue)
SPLIT_PARTS = 4  # rows the split form offers; two or more filled
TARGET_ROWS = 3  # empty rows the targets form offers for machines not yet set
MAX_IDEAL_CYCLE_S = 86_400.0  # as the line PC checks it: more than a day is a typo
Fields = Mapping[str, str]
OEE_RANGE = Refused("An OEE target is a percentage above 0 and at most 100.")
CYCLE_RANGE = Refused("A cycle time is in seconds, above 0 and at most a day (86400).")


class FormProblems(ValueError):
    """Fields the form cannot use: field name -> why, in English with values."""

    def __init__(self, problems: dict[str, Refused]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def content_for(
    form: str, in_force: Any, fields: Fields, region: Mapping[str, Any] | None = None
) -> Any:
    """The section as ``form`` with ``fields`` would make it from ``in_force``.

    ``region`` is the whole bundle in force, for a form that chooses from another section
    (the fault-code map's reasons are the catalogue's leaves).
    """
    # Imported here: those modules build on the helpers below.
    from regional_server import calendar_form, fault_code_form, product_form

    if form == "shifts":
        return calendar_form.shift_calendar(in_force, fields)
    if form == "fault_codes":
        return fault_code_form.fault_codes(in_force, fields, (region or {}).get("catalogue"))
    if form in product_form.FORMS:
        return product_form.FORMS[form](product_form.in_force_or_shipped(in_force), fields)
    if form == "targets":
        return targets(in_force, fields)
    if form == "modules":
        return modules(in_force, fields)
    change = {"add": _add, "rename": _rename, "retire": _retire, "split": _split}[form]
    return catalogue_change(in_force, fields, change)


# -- the catalogue ---------------------------------------------------------------------------------
def next_version(version: object) -> str:
    """A suggestion for the version after ``version``: its last number counted on by one."""
    text = str(version or "").strip()
    found = re.search(r"(\d+)(\D*)$", text)
    if not found:
        return f"{text}-2" if text else "1"
    number = str(int(found.group(1)) + 1).zfill(len(found.group(1)))
    return text[: found.start(1)] + number + found.group(2)


def new_version(in_force: Mapping[str, Any], fields: Fields, problems: dict[str, Refused]) -> str:
    """The ``version`` field: given, and not the version in force."""
    version = fields.get("version", "").strip()
    if not version:
        problems["version"] = Refused("Give the new version a name.")
    elif version == str(in_force.get("version")):
        problems["version"] = Refused(
            "The version in force is {version}: a change needs a new version.", version=version
        )
    return version


def languages_of(catalogue: Mapping[str, Any]) -> list[str]:
    found = catalogue.get("languages")
    return [str(x) for x in found] if isinstance(found, list) and found else ["en"]


def parents_for_new(catalogue: Mapping[str, Any]) -> list[str]:
    """Codes a new category may go under: not the catch-all, not a system one, not too deep."""
    nodes = catalogue_nodes(catalogue)
    return [
        code
        for code, node in nodes.items()
        if _depth(nodes, code) < MAX_DEPTH
        and not _inherited(nodes, code, "is_other")
        and _inherited(nodes, code, "selectable") is not False
    ]


def leaves(catalogue: Mapping[str, Any]) -> list[str]:
    """Codes an event is captured under: the ones a form may retire or split."""
    return [code for code, node in catalogue_nodes(catalogue).items() if not node.get("children")]


def _depth(nodes: Mapping[str, Mapping[str, Any]], code: str) -> int:
    depth, parent = 1, nodes[code]["_parent"]
    while parent:
        depth, parent = depth + 1, nodes[parent]["_parent"]
    return depth


def _inherited(nodes: Mapping[str, Mapping[str, Any]], code: str | None, name: str) -> Any:
    while code:
        if name in nodes[code]:
            return nodes[code][name]
        code = nodes[code]["_parent"]
    return None


def catalogue_change(in_force: Any, fields: Fields, change: Any) -> dict[str, Any]:
    """The catalogue with ``change`` made and its new version; every field problem at once."""
    if not isinstance(in_force, dict):
        raise FormProblems({"": Refused("The catalogue in force cannot be read.")})
    document = copy.deepcopy(in_force)
    problems: dict[str, Refused] = {}
    version = new_version(in_force, fields, problems)
    change(document, fields, problems)
    if problems:
        raise FormProblems(problems)
    document["version"] = version
    return document


def _labels(
    fields: Fields,
    languages: list[str],
    problems: dict[str, Refused],
    suffix: str = "",
    *,
    required: bool = True,
) -> dict[str, str]:
    """The names typed per language; without ``required`` an empty one is left out."""
    labels = {}
    for language in languages:
        name = f"label_{language}{suffix}"
        text = " ".join(fields.get(name, "").split())
        if not text and not required:
            continue
        if not text:
            problems[name] = Refused("Give the name in this language too.")
        elif len(text) > MAX_LABEL:
            problems[name] = Refused(
                "At most {count} characters: operators read it on a button.", count=MAX_LABEL
            )
        labels[language] = text
    return labels


def _new_code(
    name: str,
    fields: Fields,
    document: Mapping[str, Any],
    parent: str | None,
    problems: dict[str, Refused],
    taken: set[str],
) -> str:
    code = fields.get(name, "").strip().upper()
    retired = document.get(CODE_MAP)
    if not code:
        problems[name] = Refused("Give the new category a code.")
    elif len(code) > MAX_CODE or not CODE.match(code):
        problems[name] = Refused(
            "A code is capital letters and digits in parts joined by dots, like {example}.",
            example=f"{parent}.NEW" if parent else "NEW",
        )
    elif parent and not code.startswith(parent + "."):
        problems[name] = Refused(
            "A code under {parent} starts with {prefix}.", parent=parent, prefix=parent + "."
        )
    elif code in catalogue_nodes(document) or code in taken:
        problems[name] = Refused("The code {code} is already used.", code=code)
    elif isinstance(retired, dict) and code in retired:
        problems[name] = Refused(
            "The code {code} was retired: its history belongs to other codes. Choose another.",
            code=code,
        )
    taken.add(code)
    return code


def _siblings(document: dict[str, Any], code: str) -> tuple[list[Any], int]:
    """The list that holds ``code`` and its place in it."""

    def find(nodes: object) -> tuple[list[Any], int] | None:
        if not isinstance(nodes, list):
            return None
        for index, node in enumerate(nodes):
            if isinstance(node, dict):
                if node.get("code") == code:
                    return nodes, index
                found = find(node.get("children"))
                if found:
                    return found
        return None

    for kind in KINDS:
        found = find(document.get(kind))
        if found:
            return found
    raise KeyError(code)


def _existing(
    name: str, fields: Fields, document: Mapping[str, Any], problems: dict[str, Refused]
) -> str | None:
    code = fields.get(name, "").strip()
    if not code:
        problems[name] = Refused("Choose a category.")
        return None
    if code not in catalogue_nodes(document):
        problems[name] = Refused("There is no category {code} in force.", code=code)
        return None
    return code


def _leaf(
    name: str, fields: Fields, document: Mapping[str, Any], problems: dict[str, Refused]
) -> str | None:
    code = _existing(name, fields, document, problems)
    if code and catalogue_nodes(document)[code].get("children"):
        problems[name] = Refused(
            "{code} has sub-categories: retire or split those one by one.", code=code
        )
        return None
    return code


def _map_history(document: dict[str, Any], old: str, new: list[str]) -> None:
    mapping = document.get(CODE_MAP)
    document[CODE_MAP] = {**(mapping if isinstance(mapping, dict) else {}), old: new}


def _add(document: dict[str, Any], fields: Fields, problems: dict[str, Refused]) -> None:
    where = fields.get("parent", "").strip()
    languages = languages_of(document)
    parent = None if where in KINDS else where
    if not where:
        problems["parent"] = Refused("Choose where the new category goes.")
    elif parent is not None and parent not in parents_for_new(document):
        problems["parent"] = Refused("No category can be added under {code}.", code=parent)
        parent = None
        where = ""
    node: dict[str, Any] = {
        "code": _new_code("code", fields, document, parent, problems, set()),
        "labels": _labels(fields, languages, problems),
    }
    loss = fields.get("loss", "").strip()
    if where == "downtime":
        if loss not in LOSS_BUCKETS:
            problems["loss"] = Refused("Choose the loss a new top category counts as.")
        node.update(loss=loss, planned=loss == "planned_downtime")
        node["needs_maintenance"] = fields.get("needs_maintenance") == "yes"
    elif where == "scrap":
        node.update(loss="quality", planned=False, needs_maintenance=False)
    elif loss and where:
        problems["loss"] = Refused(
            "Below {parent} a category counts as its parent: leave this as it is.", parent=where
        )
    if problems:
        return
    if parent is None:
        document.setdefault(where, []).append(node)
    else:
        siblings, index = _siblings(document, parent)
        # The parent keeps its code (and its history), only no longer as a leaf.
        siblings[index].setdefault("children", []).append(node)


def _rename(document: dict[str, Any], fields: Fields, problems: dict[str, Refused]) -> None:
    code = _existing("code", fields, document, problems)
    # A language left empty keeps its name.
    labels = _labels(fields, languages_of(document), problems, required=False)
    if code is None or problems:
        return
    siblings, index = _siblings(document, code)
    node = siblings[index]
    if {**node.get("labels", {}), **labels} == node.get("labels"):
        problems["label_en"] = Refused("Change the name in at least one language.")
        return
    node["labels"] = {**node.get("labels", {}), **labels}


def _retire(document: dict[str, Any], fields: Fields, problems: dict[str, Refused]) -> None:
    code = _leaf("code", fields, document, problems)
    successor = _existing("successor", fields, document, problems)
    if code and successor == code:
        problems["successor"] = Refused("Its history goes to another category, not itself.")
    if code is None or successor is None or problems:
        return
    siblings, index = _siblings(document, code)
    del siblings[index]
    _drop_empty_children(document)
    _map_history(document, code, [successor])


def _drop_empty_children(document: dict[str, Any]) -> None:
    """A parent whose last child was retired becomes a leaf again (events go under it)."""

    def walk(nodes: object) -> None:
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict) and "children" in node:
                walk(node["children"])
                if node["children"] == []:
                    del node["children"]

    for kind in KINDS:
        walk(document.get(kind))


def _split(document: dict[str, Any], fields: Fields, problems: dict[str, Refused]) -> None:
    code = _leaf("code", fields, document, problems)
    if code is None:
        return
    parent = catalogue_nodes(document)[code]["_parent"]
    languages = languages_of(document)
    taken: set[str] = set()
    parts = []
    for n in range(SPLIT_PARTS):
        filled = [fields.get(f"code_{n}", "")] + [
            fields.get(f"label_{lang}_{n}", "") for lang in languages
        ]
        if not any(x.strip() for x in filled):
            continue
        part_code = _new_code(f"code_{n}", fields, document, parent, problems, taken)
        parts.append((part_code, _labels(fields, languages, problems, f"_{n}")))
    if len(parts) < 2:
        problems["code_0" if not parts else "code_1"] = Refused(
            "A split needs two or more new categories."
        )
    if problems:
        return
    siblings, index = _siblings(document, code)
    # Each part keeps what the split category said of itself (loss, maintenance, ...).
    kept = {k: v for k, v in siblings[index].items() if k not in ("code", "labels", "children")}
    siblings[index : index + 1] = [{"code": c, "labels": lb, **kept} for c, lb in parts]
    _map_history(document, code, [c for c, _ in parts])


# -- targets and modules ---------------------------------------------------------------------------
def read_decimal(text: str) -> float | None:
    """A number as people type it: "2.4" or "2,4"; None when empty."""
    cleaned = text.strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)  # ValueError for the caller
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def target_rows(in_force: Any) -> list[dict[str, str]]:
    """The targets in force as the form's rows: machine, OEE in %, cycle time in s."""
    rows = []
    for machine, settings in sorted((in_force or {}).items()):
        settings = settings if isinstance(settings, dict) else {}
        oee, cycle = settings.get("oee"), settings.get("ideal_cycle_time_s")
        rows.append(
            {
                "machine": str(machine),
                "oee": _plain(oee * 100) if isinstance(oee, int | float) else "",
                "cycle": _plain(cycle) if isinstance(cycle, int | float) else "",
            }
        )
    return rows


def _plain(value: float) -> str:
    return f"{round(value, 4):g}"


def targets(in_force: Any, fields: Fields) -> dict[str, Any]:
    """Targets per machine from rows ``machine_N``, ``oee_N`` (%) and ``cycle_N`` (s).

    A row with both values empty takes the machine's targets out; settings the form does not
    show (a region may set more) are kept as they are.
    """
    before = in_force if isinstance(in_force, dict) else {}
    result: dict[str, Any] = {}
    problems: dict[str, Refused] = {}
    seen: set[str] = set()
    n = 0
    while f"machine_{n}" in fields:
        machine = fields.get(f"machine_{n}", "").strip()
        oee_text, cycle_text = fields.get(f"oee_{n}", ""), fields.get(f"cycle_{n}", "")
        if not machine:
            if oee_text.strip() or cycle_text.strip():
                problems[f"machine_{n}"] = Refused("Name the machine these targets are for.")
            n += 1
            continue
        if machine in seen:
            problems[f"machine_{n}"] = Refused("{machine} is set twice.", machine=machine)
        seen.add(machine)
        kept = dict(before.get(machine) or {})
        for name, key, text, high, out_of_range in (
            (f"oee_{n}", "oee", oee_text, 100.0, OEE_RANGE),
            (f"cycle_{n}", "ideal_cycle_time_s", cycle_text, MAX_IDEAL_CYCLE_S, CYCLE_RANGE),
        ):
            try:
                value = read_decimal(text)
            except ValueError:
                problems[name] = Refused("Type a number, like {example}.", example="2.4")
                continue
            if value is None:
                kept.pop(key, None)
            elif not 0 < value <= high:
                problems[name] = out_of_range
            else:
                kept[key] = round(value / 100, 6) if key == "oee" else value
        if kept:
            result[machine] = kept
        n += 1
    if problems:
        raise FormProblems(problems)
    if result == before:
        raise FormProblems({"machine_0": Refused("Change at least one target.")})
    return result


def module_names(in_force: Any) -> list[str]:
    return sorted(set(MODULES) | set(in_force if isinstance(in_force, dict) else {}))


def module_on(in_force: Any, name: str) -> bool:
    """A module the region's section leaves out is on (as line PCs and plants read it)."""
    return bool((in_force if isinstance(in_force, dict) else {}).get(name, True))


def modules(in_force: Any, fields: Fields) -> dict[str, Any]:
    """The modules section with ``module_<name>`` ticked ones on, the others off."""
    before = dict(in_force) if isinstance(in_force, dict) else {}
    after = {**before, **{name: f"module_{name}" in fields for name in module_names(before)}}
    if all(module_on(before, n) == after[n] for n in after):
        raise FormProblems({"modules": Refused("Switch at least one module on or off.")})
    return after
