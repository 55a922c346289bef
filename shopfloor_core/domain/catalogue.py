"""The regional category catalogue: downtime reasons as a tree and scrap reasons.

The catalogue is data handed down by the region (a bundled default ships for the first,
offline start; the sync client replaces it with the regional server's). Plants never add
categories: codes are stable, labels are per language, and every captured event keeps the
code and the catalogue version it was captured under.

Loss buckets follow the ISO 22400-2 time model:

* ``planned_downtime`` (PDOT): taken out of planned busy time, never against availability.
* ``unplanned_downtime`` (ADOT) and ``delay`` (ADET): lower actual production time, so they
  count against availability.
* ``performance``: speed losses such as micro-stops, inside actual production time.
* ``quality``: scrap, counts against the quality ratio.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any

from shopfloor_core.domain.errors import RuleViolation

MAX_CHOICES_PER_SCREEN = 10
MAX_DEPTH = 3
FALLBACK_LANGUAGE = "en"


class CategoryKind(StrEnum):
    DOWNTIME = "downtime"
    SCRAP = "scrap"


class LossBucket(StrEnum):
    PLANNED_DOWNTIME = "planned_downtime"
    UNPLANNED_DOWNTIME = "unplanned_downtime"
    DELAY = "delay"
    PERFORMANCE = "performance"
    QUALITY = "quality"

    @property
    def counts_against(self) -> str:
        """The OEE factor this bucket lowers: availability, performance, quality or none."""
        return {
            LossBucket.PLANNED_DOWNTIME: "none",
            LossBucket.UNPLANNED_DOWNTIME: "availability",
            LossBucket.DELAY: "availability",
            LossBucket.PERFORMANCE: "performance",
            LossBucket.QUALITY: "quality",
        }[self]


@dataclass(frozen=True)
class Category:
    """One node of the catalogue; leaves are what an event may be captured under."""

    code: str
    kind: CategoryKind
    labels: Mapping[str, str]
    parent: str | None
    children: tuple[str, ...]
    loss: LossBucket
    planned: bool
    needs_maintenance: bool
    # System categories (no signal, micro-stop) are assigned by detection, never picked.
    selectable: bool = True
    # The catch-all bucket: its share of downtime is a data-quality figure for the region.
    is_other: bool = False

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels[FALLBACK_LANGUAGE]


class CatalogueError(ValueError):
    """A catalogue document breaks the catalogue's own rules; ``problems`` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Catalogue:
    """A validated, immutable catalogue version."""

    version: str
    languages: tuple[str, ...]
    categories: Mapping[str, Category]
    roots: Mapping[CategoryKind, tuple[str, ...]]
    document: Mapping[str, Any] = field(repr=False, compare=False)

    # -- navigation -------------------------------------------------------------------------
    def choices(self, kind: CategoryKind, parent: str | None = None) -> tuple[Category, ...]:
        """What an operator sees on one screen: the selectable children of ``parent``."""
        codes = self.roots[kind] if parent is None else self.get(parent).children
        return tuple(c for c in (self.categories[code] for code in codes) if c.selectable)

    def get(self, code: str) -> Category:
        try:
            return self.categories[code]
        except KeyError:
            raise RuleViolation(
                "unknown_category",
                f"category {code!r} is not in catalogue {self.version}",
                category=code,
            ) from None

    def path(self, code: str) -> tuple[Category, ...]:
        """The categories from the root down to ``code``, for breadcrumbs and reports."""
        chain: list[Category] = []
        node: Category | None = self.get(code)
        while node is not None:
            chain.append(node)
            node = self.categories[node.parent] if node.parent else None
        return tuple(reversed(chain))

    def leaves(self, kind: CategoryKind) -> Iterator[Category]:
        return (c for c in self.categories.values() if c.kind is kind and c.is_leaf)

    def require_leaf(self, code: str, kind: CategoryKind, *, system: bool = False) -> Category:
        """The category an event may be captured under, or a rule violation saying why not.

        ``system`` admits the categories only detection assigns (no signal, micro-stop).
        """
        category = self.get(code)
        if category.kind is not kind:
            raise RuleViolation(
                "wrong_category_kind",
                f"{code} is a {category.kind} category, not {kind}",
                category=code,
            )
        if not category.is_leaf:
            raise RuleViolation(
                "not_a_leaf", f"{code} has sub-categories; choose one of them", category=code
            )
        if not category.selectable and not system:
            raise RuleViolation(
                "system_category", f"{code} is assigned by the system only", category=code
            )
        return category

    def label(self, code: str, language: str) -> str:
        return self.get(code).label(language)


# -- loading --------------------------------------------------------------------------------

_BOOL_ATTRIBUTES = ("planned", "needs_maintenance", "selectable", "is_other")


def load_catalogue(document: Mapping[str, Any]) -> Catalogue:
    """Validate a catalogue document (parsed JSON) and build the catalogue.

    Every problem is collected, so a bad regional bundle is reported whole rather than one
    error at a time. Attributes are inherited from the parent when a node leaves them out.
    """
    problems: list[str] = []
    version = document.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("version: must be a non-empty string")
        version = ""
    languages_raw = document.get("languages")
    if (
        not isinstance(languages_raw, list)
        or not languages_raw
        or not all(isinstance(x, str) for x in languages_raw)
    ):
        problems.append("languages: must be a non-empty list of language codes")
        languages: tuple[str, ...] = (FALLBACK_LANGUAGE,)
    else:
        languages = tuple(languages_raw)
        if FALLBACK_LANGUAGE not in languages:
            problems.append(f"languages: must include {FALLBACK_LANGUAGE!r}")

    categories: dict[str, Category] = {}
    roots: dict[CategoryKind, tuple[str, ...]] = {}

    def walk(
        nodes: object,
        kind: CategoryKind,
        parent: Category | None,
        where: str,
        depth: int,
    ) -> tuple[str, ...]:
        if not isinstance(nodes, list) or not nodes:
            problems.append(f"{where}: must be a non-empty list of categories")
            return ()
        if len(nodes) > MAX_CHOICES_PER_SCREEN:
            problems.append(
                f"{where}: {len(nodes)} choices on one screen, at most "
                f"{MAX_CHOICES_PER_SCREEN} (long lists push operators to 'Other')"
            )
        codes: list[str] = []
        for index, node in enumerate(nodes):
            here = f"{where}[{index}]"
            if not isinstance(node, dict):
                problems.append(f"{here}: must be an object")
                continue
            code = node.get("code")
            if not isinstance(code, str) or not code:
                problems.append(f"{here}.code: must be a non-empty string")
                continue
            here = f"{where}[{code}]"
            if code in categories:
                problems.append(f"{here}: code used twice")
                continue
            labels = node.get("labels")
            if not isinstance(labels, dict) or not all(
                isinstance(v, str) and v.strip() for v in labels.values()
            ):
                problems.append(f"{here}.labels: must map language codes to text")
                labels = {FALLBACK_LANGUAGE: code}
            missing = [lang for lang in languages if lang not in labels]
            if missing:
                problems.append(f"{here}.labels: missing {', '.join(missing)}")
            attrs: dict[str, bool] = {}
            for name in _BOOL_ATTRIBUTES:
                value = node.get(name)
                if value is None:
                    inherited = getattr(parent, name) if parent else None
                    attrs[name] = inherited if isinstance(inherited, bool) else name == "selectable"
                elif isinstance(value, bool):
                    attrs[name] = value
                else:
                    problems.append(f"{here}.{name}: must be true or false")
                    attrs[name] = False
            loss_raw = node.get("loss", parent.loss.value if parent else None)
            try:
                loss = LossBucket(str(loss_raw))
            except ValueError:
                problems.append(
                    f"{here}.loss: must be one of {', '.join(b.value for b in LossBucket)}"
                )
                loss = LossBucket.UNPLANNED_DOWNTIME
            if kind is CategoryKind.SCRAP and loss is not LossBucket.QUALITY:
                problems.append(f"{here}.loss: scrap reasons count against quality")
            if attrs["planned"] != (loss is LossBucket.PLANNED_DOWNTIME):
                problems.append(f"{here}: 'planned' must agree with loss bucket {loss.value}")
            category = Category(
                code=code,
                kind=kind,
                labels=dict(labels),
                parent=parent.code if parent else None,
                children=(),
                loss=loss,
                planned=attrs["planned"],
                needs_maintenance=attrs["needs_maintenance"],
                selectable=attrs["selectable"],
                is_other=attrs["is_other"],
            )
            categories[code] = category
            codes.append(code)
            if "children" in node:
                if depth >= MAX_DEPTH:
                    problems.append(f"{here}: deeper than {MAX_DEPTH} levels")
                    continue
                children = walk(node["children"], kind, category, f"{here}.children", depth + 1)
                categories[code] = Category(**{**category.__dict__, "children": children})
        return tuple(codes)

    for kind in CategoryKind:
        roots[kind] = walk(document.get(kind.value), kind, None, kind.value, 1)

    if problems:
        raise CatalogueError(problems)
    leaves = {k: sum(1 for c in categories.values() if c.kind is k and c.is_leaf) for k in roots}
    if not any(
        c.is_other and c.is_leaf for c in categories.values() if c.kind is CategoryKind.DOWNTIME
    ):
        problems.append("downtime: needs one leaf marked is_other (the catch-all)")
    if leaves[CategoryKind.DOWNTIME] == 0 or leaves[CategoryKind.SCRAP] == 0:
        problems.append("catalogue: needs downtime and scrap leaves")
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        version=version,
        languages=languages,
        categories=categories,
        roots=roots,
        document=document,
    )


def load_catalogue_json(text: str) -> Catalogue:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError([f"not valid JSON: {exc}"]) from None
    if not isinstance(document, dict):
        raise CatalogueError(["catalogue: must be a JSON object"])
    return load_catalogue(document)


def bundled_catalogue() -> Catalogue:
    """The default catalogue shipped with the client, for the first start while offline."""
    text = resources.files("shopfloor_core.standards").joinpath("catalogue.json").read_text("utf-8")
    return load_catalogue_json(text)


# System categories, assigned by machine-state detection rather than chosen by an operator.
NO_SIGNAL = "SYS.NOSIG"
MICRO_STOP = "SYS.MICRO"
