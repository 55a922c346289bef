"""Standards under change control: propose → review → approve → pilot → roll out, or roll back.

A proposal changes one section of the region's bundle (the catalogue, workflows, fault codes,
shift calendar, targets, modules, or any section the contract adds). It keeps the section as it
was in force when proposed (``base``) and as proposed (``content``), so a reviewer reads the
difference in words (``standards_diff``). The rules, whoever asks (a page or a test):

- anyone who may propose gives a reason; the bundle it would make is checked as a line PC
  would (``standards_check``: what the line would refuse cannot be proposed), a changed
  versioned section needs a new version, and a catalogue that retires a code maps it to the
  codes that carry its history;
- someone other than the proposer, whose role may review, approves or rejects it;
- an approved proposal is piloted in chosen plants: each gets a bundle of its own, the region's
  in force with this section changed. This is the only way a plant gets a bundle of its own;
- a piloted proposal is rolled out region-wide, if the section in force is still the one it
  was proposed against (else it would undo someone else's change);
- a pilot is rolled back (its plants get the region's bundle again), and so is a rollout (the
  region gets the section as it was) while nothing newer was rolled out on top.

Each step is recorded in the proposal's history and in the audit trail by the caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from importlib import resources
from typing import Any

from regional_server import bundles, standards_diff
from regional_server.accounts import Action, Forbidden, Person, may, require
from regional_server.database import Connection
from regional_server.plants import known_plants
from regional_server.standards_check import bundle_problems
from shopfloor_core.contract import BUNDLE_SECTIONS, OPTIONAL_BUNDLE_SECTIONS
from shopfloor_core.domain.clock import to_iso

# What proposals may change: every section but the roster (people, not standards).
SECTIONS = tuple(s for s in (*BUNDLE_SECTIONS, *OPTIONAL_BUNDLE_SECTIONS) if s != "roster")


class State(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    PILOTING = "piloting"
    ROLLED_OUT = "rolled_out"
    ROLLED_BACK = "rolled_back"


class Refused(ValueError):
    """A step the rules do not allow now; ``message`` (English) with ``values`` says why."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


@dataclass(frozen=True)
class Step:
    at_utc: str
    actor: str
    action: str
    note: str
    plants: list[str]
    bundle_versions: list[int]


@dataclass(frozen=True)
class Proposal:
    number: int
    section: str
    title: str
    reason: str
    proposer: str
    proposed_utc: str
    base: Any
    content: Any
    state: State
    plants: list[str]

    def changes(self) -> list[standards_diff.Change]:
        return standards_diff.describe(self.section, self.base, self.content)


# -- the standards in force ------------------------------------------------------------------------
def _bundled(name: str) -> Any:
    text = resources.files("shopfloor_core.standards").joinpath(name).read_text("utf-8")
    return json.loads(text)


def bundled_standards() -> dict[str, Any]:
    """The standards the client ships with: the base before the region published anything."""
    return {
        "catalogue": _bundled("catalogue.json"),
        "roster": [],
        "workflows": _bundled("workflows.json"),
        "shift_calendar": _bundled("shift_calendar.json"),
        "targets": {},
        "modules": {},
        "fault_codes": _bundled("fault_codes.json"),
    }


def region_in_force(conn: Connection) -> dict[str, Any]:
    row = conn.execute(
        "SELECT document FROM bundles WHERE plant IS NULL ORDER BY version DESC LIMIT 1"
    ).fetchone()
    return dict(json.loads(row[0])) if row else bundled_standards()


def section_in_force(conn: Connection, section: str) -> Any:
    return region_in_force(conn).get(section)


def bundle_with(
    document: dict[str, Any], section: str, content: Any, before: Any
) -> dict[str, Any]:
    """``document`` with ``section`` replaced by ``content`` (which replaces ``before``).

    The fault-code map names the catalogue version it maps against, so a new catalogue takes
    the map along: it is re-pointed at the new version, each reason that the new catalogue
    retired following the code map to its first successor (and, going back to an older
    catalogue, a code that catalogue lacks going back to the code it replaced).
    """
    bundle = {**document, section: content}
    codes = document.get("fault_codes")
    if section != "catalogue" or not isinstance(codes, dict) or not isinstance(content, dict):
        return bundle
    known = standards_diff.catalogue_nodes(content)
    forward = content.get(standards_diff.CODE_MAP) or {}
    backward: dict[str, str] = {}
    if isinstance(before, dict):
        for old, new in (before.get(standards_diff.CODE_MAP) or {}).items():
            for code in new if isinstance(new, list) else []:
                backward.setdefault(code, old)

    def follow(reason: object) -> object:
        if reason in known or not isinstance(reason, str):
            return reason
        successors = forward.get(reason) if isinstance(forward, dict) else None
        if isinstance(successors, list) and successors:
            return successors[0]
        return backward.get(reason, reason)

    entries = [
        {**c, "reason": follow(c.get("reason"))} if isinstance(c, dict) else c
        for c in codes.get("codes") or []
    ]
    bundle["fault_codes"] = {**codes, "catalogue_version": content.get("version"), "codes": entries}
    return bundle


# -- checking a proposed section -------------------------------------------------------------------
def problems_of(section: str, base: Any, content: Any, document: dict[str, Any]) -> list[str]:
    """Why ``content`` cannot replace ``base`` in ``document`` (English; the reader's words)."""
    problems: list[str] = []
    if content == base:
        problems.append("The proposal changes nothing.")
    bundle = bundle_with(document, section, content, base)
    problems.extend(bundle_problems(bundle))
    if (
        isinstance(base, dict)
        and isinstance(content, dict)
        and "version" in base
        and content != base
        and content.get("version") == base.get("version")
    ):
        problems.append(f"{section}: changed content needs a new version (not {base['version']})")
    if section == "catalogue" and isinstance(base, dict) and isinstance(content, dict):
        problems.extend(_unmapped(base, content))
    return problems


def _unmapped(base: dict[str, Any], content: dict[str, Any]) -> list[str]:
    old = standards_diff.catalogue_nodes(base)
    new = standards_diff.catalogue_nodes(content)
    mapping = content.get(standards_diff.CODE_MAP, {})
    if not isinstance(mapping, dict):
        return [f"catalogue.{standards_diff.CODE_MAP}: must map retired codes to lists of codes"]
    problems = []
    for code in sorted(set(old) - set(new)):
        targets = mapping.get(code)
        if not isinstance(targets, list) or not targets:
            problems.append(
                f"catalogue: {code} is retired: map it to the codes that carry its history on "
                f'("{standards_diff.CODE_MAP}": {{"{code}": ["..."]}})'
            )
            continue
        unknown = [t for t in targets if t not in new]
        if unknown:
            problems.append(
                f"catalogue.{standards_diff.CODE_MAP}.{code}: unknown codes {', '.join(unknown)}"
            )
    return problems


# -- reading ---------------------------------------------------------------------------------------
COLUMNS = "number, section, title, reason, proposer, proposed_utc, base, content, state, plants"


def _proposal(row: Any) -> Proposal:
    return Proposal(
        int(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        json.loads(row[6]),
        json.loads(row[7]),
        State(row[8]),
        list(json.loads(row[9])),
    )


def get(conn: Connection, number: int) -> Proposal:
    row = conn.execute(f"SELECT {COLUMNS} FROM proposals WHERE number = ?", [number]).fetchone()
    if row is None:
        raise Refused("There is no proposal {number}.", number=number)
    return _proposal(row)


def newest_first(conn: Connection, limit: int = 200) -> list[Proposal]:
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM proposals ORDER BY number DESC LIMIT ?", [limit]
    ).fetchall()
    return [_proposal(r) for r in rows]


def history(conn: Connection, number: int) -> list[Step]:
    rows = conn.execute(
        "SELECT at_utc, actor, action, note, plants, bundle_versions FROM proposal_steps "
        "WHERE number = ? ORDER BY step",
        [number],
    ).fetchall()
    return [Step(r[0], r[1], r[2], r[3], json.loads(r[4]), json.loads(r[5])) for r in rows]


def waiting_for(conn: Connection, person: Person) -> list[Proposal]:
    """What this person could move on now: review others' proposals, pilot, roll out."""
    next_step = {
        State.PROPOSED: Action.REVIEW,
        State.APPROVED: Action.PILOT,
        State.PILOTING: Action.ROLL_OUT,
    }
    return [
        p
        for p in newest_first(conn)
        if p.state in next_step
        and may(person, next_step[p.state])
        and not (p.state is State.PROPOSED and p.proposer == person.login)
    ]


# -- the steps -------------------------------------------------------------------------------------
def _step(
    conn: Connection,
    number: int,
    person: Person,
    action: str,
    now: datetime,
    note: str = "",
    plants: list[str] | None = None,
    versions: list[int] | None = None,
) -> None:
    conn.execute(
        "INSERT INTO proposal_steps (number, at_utc, actor, action, note, plants, "
        "bundle_versions) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            number,
            to_iso(now),
            person.login,
            action,
            note,
            json.dumps(plants or []),
            json.dumps(versions or []),
        ],
    )


def _move(conn: Connection, proposal: Proposal, state: State, plants: list[str]) -> None:
    # Only from the state this step was decided on: two people approving or piloting at once
    # on PostgreSQL both read "proposed", and the second must not publish a second time (its
    # transaction, bundles included, is rolled back by the refusal).
    moved = conn.execute(
        "UPDATE proposals SET state = ?, plants = ? WHERE number = ? AND state = ? AND plants = ?",
        [
            state.value,
            json.dumps(plants),
            proposal.number,
            proposal.state.value,
            json.dumps(proposal.plants),
        ],
    )
    if moved.rowcount != 1:
        raise Refused(
            "Proposal {number} was changed by someone else meanwhile: reload it.",
            number=proposal.number,
        )


def _expect(proposal: Proposal, *states: State) -> None:
    if proposal.state not in states:
        raise Refused(
            "Proposal {number} is {state}: this step is not possible now.",
            number=proposal.number,
            state=proposal.state.value,
        )


def propose(
    conn: Connection,
    person: Person,
    *,
    section: str,
    title: str,
    reason: str,
    content: Any,
    now: datetime,
) -> Proposal:
    require(person, Action.PROPOSE)
    if section not in SECTIONS:
        raise Refused("Choose a standard to change.")
    if not title.strip() or not reason.strip():
        raise Refused("A proposal needs a title and the reason for it.")
    document = region_in_force(conn)
    base = document.get(section)
    problems = problems_of(section, base, content, document)
    if problems:
        raise Refused("The proposal cannot be used: {problems}", problems="; ".join(problems))
    row = conn.execute(
        "INSERT INTO proposals (section, title, reason, proposer, proposed_utc, base, content, "
        "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING number",
        [
            section,
            title.strip(),
            reason.strip(),
            person.login,
            to_iso(now),
            json.dumps(base, ensure_ascii=False),
            json.dumps(content, ensure_ascii=False),
            State.PROPOSED.value,
        ],
    ).fetchone()
    number = int(row[0])
    _step(conn, number, person, "proposed", now, reason.strip())
    return get(conn, number)


def review(
    conn: Connection, person: Person, number: int, *, approve: bool, note: str, now: datetime
) -> Proposal:
    proposal = get(conn, number)
    require(person, Action.REVIEW)
    if proposal.proposer == person.login:
        raise Forbidden(f"{person.login} may not review their own proposal {number}")
    _expect(proposal, State.PROPOSED)
    state = State.APPROVED if approve else State.REJECTED
    _move(conn, proposal, state, [])
    _step(conn, number, person, "approved" if approve else "rejected", now, note)
    return get(conn, number)


def withdraw(
    conn: Connection, person: Person, number: int, *, note: str, now: datetime
) -> Proposal:
    proposal = get(conn, number)
    if proposal.proposer != person.login:
        raise Forbidden(f"{person.login} may not withdraw proposal {number} of someone else")
    _expect(proposal, State.PROPOSED, State.APPROVED)
    _move(conn, proposal, State.WITHDRAWN, [])
    _step(conn, number, person, "withdrawn", now, note)
    return get(conn, number)


def pilot(
    conn: Connection,
    person: Person,
    number: int,
    *,
    plants: list[str],
    note: str,
    now: datetime,
) -> Proposal:
    """Publish the proposal to ``plants`` (added to the plants already piloting it)."""
    proposal = get(conn, number)
    require(person, Action.PILOT)
    _expect(proposal, State.APPROVED, State.PILOTING)
    chosen = sorted(set(plants))
    if not chosen:
        raise Refused("Choose the plants of the pilot.")
    unknown = sorted(set(chosen) - set(known_plants(conn)))
    if unknown:
        raise Refused("Unknown plants: {plants}.", plants=", ".join(unknown))
    document = bundle_with(region_in_force(conn), proposal.section, proposal.content, proposal.base)
    versions = [
        bundles.publish(
            conn, document, plant=plant, note=f"pilot of proposal {number}", now=now
        ).version
        for plant in chosen
    ]
    _move(conn, proposal, State.PILOTING, sorted(set(proposal.plants) | set(chosen)))
    _step(conn, number, person, "pilot started", now, note, chosen, versions)
    return get(conn, number)


def roll_out(
    conn: Connection, person: Person, number: int, *, note: str, now: datetime
) -> Proposal:
    proposal = get(conn, number)
    require(person, Action.ROLL_OUT)
    _expect(proposal, State.PILOTING)
    document = region_in_force(conn)
    if document.get(proposal.section) != proposal.base:
        raise Refused(
            "The {section} in force changed since proposal {number} was made: propose again "
            "against the standard in force.",
            section=proposal.section,
            number=number,
        )
    version = bundles.publish(
        conn,
        bundle_with(document, proposal.section, proposal.content, proposal.base),
        note=f"rollout of proposal {number}",
        now=now,
    ).version
    _move(conn, proposal, State.ROLLED_OUT, proposal.plants)
    _step(conn, number, person, "rolled out", now, note, [], [version])
    return get(conn, number)


def roll_back(
    conn: Connection, person: Person, number: int, *, note: str, now: datetime
) -> Proposal:
    proposal = get(conn, number)
    require(person, Action.ROLL_BACK)
    _expect(proposal, State.PILOTING, State.ROLLED_OUT)
    document = region_in_force(conn)
    if proposal.state is State.PILOTING:
        # The pilot plants get the region's bundle again, as a bundle newer than the pilot's.
        versions = [
            bundles.publish(
                conn, document, plant=plant, note=f"pilot of proposal {number} rolled back", now=now
            ).version
            for plant in proposal.plants
        ]
    else:
        require(person, Action.ROLL_OUT)
        if document.get(proposal.section) != proposal.content:
            raise Refused(
                "Something newer was rolled out on top of proposal {number}: roll that back first.",
                number=number,
            )
        versions = [
            bundles.publish(
                conn,
                bundle_with(document, proposal.section, proposal.base, proposal.content),
                note=f"rollout of proposal {number} rolled back",
                now=now,
            ).version
        ]
    _move(conn, proposal, State.ROLLED_BACK, proposal.plants)
    _step(conn, number, person, "rolled back", now, note, proposal.plants, versions)
    return get(conn, number)
