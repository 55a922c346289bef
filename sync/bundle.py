"""Regional bundles: fetched by ETag, checked whole before use, applied all at once.

A bundle that breaks any rule is refused with every problem listed, and the bundle in force
stays. A changed catalogue must come under a new version: events name the version they were
captured under, so a version's content may never change under them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from local_store import EventStore
from operator_app.domain.catalogue import Catalogue, CatalogueError, load_catalogue
from operator_app.domain.roster import Role, pin_hash_problem
from operator_app.domain.workflows import WorkflowError, load_workflows
from operator_app.site_config.reader import Problems
from operator_app.site_config.shift_calendar import _regional
from sync.contract import BUNDLE_SECTIONS
from sync.http import RegionalClient
from sync.state import BUNDLE_ETAG, SyncState


@dataclass(frozen=True)
class BundleCheck:
    version: int
    applied: bool
    problems: tuple[str, ...] = ()
    catalogue_version: str | None = None


def check_bundle(
    sections: Mapping[str, Any], zone: str, store: EventStore | None = None
) -> tuple[Catalogue | None, list[str]]:
    """The bundle's catalogue and every problem found in any section (none: usable)."""
    problems: list[str] = []
    missing = [s for s in BUNDLE_SECTIONS if s not in sections]
    if missing:
        problems.append(f"bundle: missing sections {', '.join(missing)}")
    catalogue: Catalogue | None = None
    raw = sections.get("catalogue")
    if isinstance(raw, dict):
        try:
            catalogue = load_catalogue(raw)
        except CatalogueError as error:
            problems.extend(f"catalogue: {p}" for p in error.problems)
        if catalogue is not None and store is not None:
            known = store.catalogue_document(catalogue.version)
            if known is not None and known != raw:
                problems.append(
                    f"catalogue: version {catalogue.version} is already in use with other "
                    "content; a changed catalogue needs a new version"
                )
    elif "catalogue" in sections:
        problems.append("catalogue: must be a catalogue document")
    workflows = sections.get("workflows")
    if isinstance(workflows, dict):
        try:
            load_workflows(workflows, catalogue)
        except WorkflowError as error:
            problems.extend(f"workflows: {p}" for p in error.problems)
    elif "workflows" in sections:
        problems.append("workflows: must be a workflow document")
    problems.extend(_roster_problems(sections.get("roster")))
    problems.extend(_calendar_problems(sections.get("shift_calendar"), zone))
    for name in ("targets", "modules"):
        if name in sections and not isinstance(sections[name], dict):
            problems.append(f"{name}: must be an object")
    modules = sections.get("modules")
    if isinstance(modules, dict):
        problems.extend(
            f"modules.{k}: must be true or false"
            for k, v in modules.items()
            if not isinstance(v, bool)
        )
    return catalogue, problems


def _roster_problems(roster: object) -> list[str]:
    if roster is None:
        return []
    if not isinstance(roster, list):
        return ["roster: must be a list of people"]
    problems = []
    seen: set[str] = set()
    roles = {r.value for r in Role}
    for i, person in enumerate(roster):
        where = f"roster[{i}]"
        if not isinstance(person, dict):
            problems.append(f"{where}: must be an object")
            continue
        person_id = person.get("id")
        if not isinstance(person_id, str) or not person_id:
            problems.append(f"{where}.id: required")
        elif person_id in seen:
            problems.append(f"{where}.id: {person_id!r} appears twice")
        else:
            seen.add(person_id)
        if person.get("role") not in roles:
            problems.append(f"{where}.role: must be one of {', '.join(sorted(roles))}")
        if "pin" in person:
            problems.append(f"{where}.pin: plaintext PINs are refused; use pin_hash")
        pin_hash = person.get("pin_hash")
        if pin_hash is not None:
            problem = pin_hash_problem(str(pin_hash))
            if problem:
                problems.append(f"{where}.pin_hash: {problem}")
    return problems


def _calendar_problems(calendar: object, zone: str) -> list[str]:
    if calendar is None:
        return []
    if not isinstance(calendar, dict) or not isinstance(calendar.get("patterns"), dict):
        return ["shift_calendar: must be an object with patterns"]
    problems = Problems()
    for pattern in calendar["patterns"]:
        _regional(calendar, pattern, zone, f"shift_calendar.patterns.{pattern}", problems)
    default = calendar.get("default")
    if default not in calendar["patterns"]:
        problems.add("shift_calendar.default", f"{default!r} is not one of its patterns")
    return [f"shift_calendar: {p}" for p in problems]


def refresh_bundle(store: EventStore, client: RegionalClient, zone: str) -> BundleCheck | None:
    """Fetch the bundle if it changed, check it and apply it; None when nothing new came."""
    state = SyncState(store)
    bundle = client.bundle(state.get(BUNDLE_ETAG))
    if bundle is None:
        return None
    refused = state.refused_bundle()
    if refused is not None and refused.get("etag") == bundle.etag:
        # Checked and refused before: no need to repeat the verdict every round.
        return BundleCheck(bundle.version, False, tuple(refused.get("problems", ())))
    catalogue, problems = check_bundle(bundle.sections, zone, store)
    if problems or catalogue is None:
        state.refuse_bundle(bundle, problems)
        return BundleCheck(bundle.version, False, tuple(problems))
    state.activate_bundle(bundle, catalogue.version)
    return BundleCheck(bundle.version, True, (), catalogue.version)
