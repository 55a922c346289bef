"""Role workflows as data: the region's standard work, rendered by one generic touch UI.

A workflow is a list of steps (tick a checklist, choose from a catalogue subtree, type a number,
write a note, confirm, look at a Pareto) for some roles, started by a trigger (shift start, a
changeover, a downtime of some category longer than N minutes, a restart after a long stop, or
by hand). Definitions come as a versioned document like the catalogue; every completion is a
record in the store naming the definition's code and version.

Steps may say what they do beyond being recorded: ``marks`` stamps a moment (a maintenance
call's acknowledgement, start and end of repair), ``applies`` turns an answer into a correction
of the workflow's subject event (its reason, or a note on it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any

from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision, by_a_person, check_note
from shopfloor_core.domain.roster import Role
from shopfloor_core.domain.shifts import Shift

FALLBACK_LANGUAGE = "en"
DEFAULT_SHIFT_START_WINDOW_MIN = 120


class StepKind(StrEnum):
    CHECKLIST = "checklist"
    CHOOSE = "choose"  # a leaf from a catalogue subtree
    NUMBER = "number"  # on the keypad, within a range
    NOTE = "note"
    CONFIRM = "confirm"
    PARETO = "pareto"  # downtime Pareto over the last N shifts, with CSV export


class TriggerKind(StrEnum):
    SHIFT_START = "shift_start"
    CHANGEOVER = "changeover"
    DOWNTIME = "downtime"  # a stop under ``category`` longer than ``longer_than_min``
    RESTART = "restart"  # the machine ran again after a stop longer than ``longer_than_min``
    MANUAL = "manual"


class Subject(StrEnum):
    NONE = "none"
    DOWNTIME = "downtime"
    SCRAP = "scrap"


class Mark(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    REPAIR_STARTED = "repair_started"
    REPAIR_FINISHED = "repair_finished"


class Effect(StrEnum):
    EVENT_REASON = "event_reason"
    EVENT_NOTE = "event_note"


@dataclass(frozen=True)
class ChecklistItem:
    item_id: str
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Step:
    step_id: str
    kind: StepKind
    prompt: Mapping[str, str]
    items: tuple[ChecklistItem, ...] = ()
    subtree: str | None = None  # CHOOSE: the catalogue node whose leaves are offered
    keep_current: bool = False  # CHOOSE: the subject's current reason is a valid answer
    minimum: int = 0
    maximum: int = 999_999
    required: bool = True
    marks: Mark | None = None
    applies: Effect | None = None
    shifts_from: str | None = None  # PARETO: the NUMBER step giving how many shifts


@dataclass(frozen=True)
class Trigger:
    kind: TriggerKind
    category: str | None = None
    longer_than_min: int = 0
    within_min: int = DEFAULT_SHIFT_START_WINDOW_MIN


@dataclass(frozen=True)
class Workflow:
    code: str
    title: Mapping[str, str]
    roles: frozenset[Role]
    trigger: Trigger
    subject: Subject
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.step_id == step_id:
                return step
        raise KeyError(step_id)


@dataclass(frozen=True)
class WorkflowSet:
    version: str
    languages: tuple[str, ...]
    workflows: tuple[Workflow, ...]

    def get(self, code: str) -> Workflow:
        for workflow in self.workflows:
            if workflow.code == code:
                return workflow
        raise RuleViolation("unknown_workflow", f"no workflow {code!r} in {self.version}")

    def for_role(self, role: Role) -> tuple[Workflow, ...]:
        return tuple(w for w in self.workflows if role in w.roles)


def text(labels: Mapping[str, str], language: str) -> str:
    return labels.get(language) or labels.get(FALLBACK_LANGUAGE) or next(iter(labels.values()), "")


# -- loading -----------------------------------------------------------------------------------
class WorkflowError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def load_workflows(document: Mapping[str, Any], catalogue: Catalogue | None = None) -> WorkflowSet:
    """Validate a workflow document; every problem is listed, with where it is."""
    problems: list[str] = []
    version = document.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("version: must be a non-empty string")
        version = ""
    languages = document.get("languages")
    if not isinstance(languages, list) or FALLBACK_LANGUAGE not in languages:
        problems.append(f"languages: must be a list including {FALLBACK_LANGUAGE!r}")
        languages = [FALLBACK_LANGUAGE]
    raw = document.get("workflows")
    workflows: list[Workflow] = []
    if not isinstance(raw, list) or not raw:
        problems.append("workflows: must be a non-empty list")
        raw = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"workflows[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object")
            continue
        code = item.get("code")
        if not isinstance(code, str) or not code:
            problems.append(f"{where}.code: must be a non-empty string")
            continue
        where = f"workflows[{code}]"
        if code in seen:
            problems.append(f"{where}: code used twice")
            continue
        seen.add(code)
        workflow = _workflow(item, code, where, languages, catalogue, problems)
        if workflow is not None:
            workflows.append(workflow)
    if problems:
        raise WorkflowError(problems)
    return WorkflowSet(str(version), tuple(languages), tuple(workflows))


def _labels(
    value: object, where: str, languages: Sequence[str], problems: list[str]
) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        problems.append(f"{where}: must map language codes to text")
        return {FALLBACK_LANGUAGE: "?"}
    missing = [lang for lang in languages if lang not in value]
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    return dict(value)


def _enum(kind: type[StrEnum], value: object, where: str, problems: list[str]) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        problems.append(f"{where}: must be one of {', '.join(k.value for k in kind)}")
        return None


def _workflow(
    item: Mapping[str, Any],
    code: str,
    where: str,
    languages: Sequence[str],
    catalogue: Catalogue | None,
    problems: list[str],
) -> Workflow | None:
    before = len(problems)
    title = _labels(item.get("title"), f"{where}.title", languages, problems)
    roles_raw = item.get("roles")
    roles: set[Role] = set()
    if not isinstance(roles_raw, list) or not roles_raw:
        problems.append(f"{where}.roles: must be a non-empty list of roles")
    else:
        for role in roles_raw:
            found = _enum(Role, role, f"{where}.roles", problems)
            if found is not None:
                roles.add(found)
    trigger_raw = item.get("trigger", {})
    trigger: Trigger | None = None
    if not isinstance(trigger_raw, dict):
        problems.append(f"{where}.trigger: must be an object")
    else:
        kind = _enum(TriggerKind, trigger_raw.get("kind"), f"{where}.trigger.kind", problems)
        category = trigger_raw.get("category")
        longer = trigger_raw.get("longer_than_min", 0)
        within = trigger_raw.get("within_min", DEFAULT_SHIFT_START_WINDOW_MIN)
        if category is not None:
            _category(category, None, catalogue, f"{where}.trigger.category", problems)
        if kind in (TriggerKind.DOWNTIME, TriggerKind.CHANGEOVER) and category is None:
            problems.append(f"{where}.trigger.category: is required for {kind.value}")
        for name, value in (("longer_than_min", longer), ("within_min", within)):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10080:
                problems.append(f"{where}.trigger.{name}: must be whole minutes, 0 to 10080")
        if kind is not None and len(problems) == before:
            trigger = Trigger(kind, category, int(longer), int(within))
    subject = _enum(Subject, item.get("subject", "none"), f"{where}.subject", problems)
    needs_event = (TriggerKind.DOWNTIME, TriggerKind.CHANGEOVER, TriggerKind.RESTART)
    if trigger is not None and trigger.kind in needs_event and subject is not Subject.DOWNTIME:
        problems.append(f"{where}.subject: a {trigger.kind.value} trigger needs 'downtime'")
    steps = _steps(item.get("steps"), f"{where}.steps", languages, catalogue, subject, problems)
    if len(problems) > before or trigger is None or subject is None:
        return None
    return Workflow(code, title, frozenset(roles), trigger, subject, tuple(steps))


def _category(
    code: object,
    kind: CategoryKind | None,
    catalogue: Catalogue | None,
    where: str,
    problems: list[str],
) -> None:
    if not isinstance(code, str) or not code:
        problems.append(f"{where}: must be a catalogue code")
        return
    if catalogue is None:
        return
    category = catalogue.categories.get(code)
    if category is None:
        problems.append(f"{where}: {code!r} is not in catalogue {catalogue.version}")
    elif kind is not None and category.kind is not kind:
        problems.append(f"{where}: {code!r} is not a {kind.value} category")


def _steps(
    raw: object,
    where: str,
    languages: Sequence[str],
    catalogue: Catalogue | None,
    subject: Subject | None,
    problems: list[str],
) -> list[Step]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: must be a non-empty list of steps")
        return []
    steps: list[Step] = []
    ids: set[str] = set()
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(f"{here}: must be an object with an id")
            continue
        step_id = str(item["id"])
        here = f"{where}[{step_id}]"
        if step_id in ids:
            problems.append(f"{here}: id used twice")
            continue
        ids.add(step_id)
        kind = _enum(StepKind, item.get("kind"), f"{here}.kind", problems)
        prompt = _labels(item.get("prompt"), f"{here}.prompt", languages, problems)
        items: list[ChecklistItem] = []
        if kind is StepKind.CHECKLIST:
            for n, entry in enumerate(item.get("items") or [None]):
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                    problems.append(f"{here}.items[{n}]: must be an object with an id")
                    continue
                labels = _labels(
                    entry.get("labels"), f"{here}.items[{entry['id']}]", languages, problems
                )
                items.append(ChecklistItem(entry["id"], labels))
        subtree = item.get("subtree")
        if kind is StepKind.CHOOSE and subtree is not None:
            wanted = CategoryKind.SCRAP if subject is Subject.SCRAP else CategoryKind.DOWNTIME
            _category(subtree, wanted, catalogue, f"{here}.subtree", problems)
        minimum, maximum = item.get("min", 0), item.get("max", 999_999)
        if kind is StepKind.NUMBER and not (
            isinstance(minimum, int) and isinstance(maximum, int) and 0 <= minimum <= maximum
        ):
            problems.append(f"{here}: min and max must be whole numbers with min <= max")
        marks = item.get("marks")
        if marks is not None:
            marks = _enum(Mark, marks, f"{here}.marks", problems)
        applies = item.get("applies")
        if applies is not None:
            applies = _enum(Effect, applies, f"{here}.applies", problems)
            if subject in (None, Subject.NONE):
                problems.append(f"{here}.applies: needs a workflow with a subject event")
            if applies is Effect.EVENT_REASON and kind is not StepKind.CHOOSE:
                problems.append(f"{here}.applies: event_reason needs a choose step")
            if applies is Effect.EVENT_NOTE and kind is not StepKind.NOTE:
                problems.append(f"{here}.applies: event_note needs a note step")
        shifts_from = item.get("shifts_from")
        if kind is StepKind.PARETO and shifts_from not in ids:
            problems.append(f"{here}.shifts_from: must name an earlier number step")
        if kind is None:
            continue
        steps.append(
            Step(
                step_id=step_id,
                kind=kind,
                prompt=prompt,
                items=tuple(items),
                subtree=subtree if isinstance(subtree, str) else None,
                keep_current=bool(item.get("keep_current", False)),
                minimum=int(minimum) if isinstance(minimum, int) else 0,
                maximum=int(maximum) if isinstance(maximum, int) else 0,
                required=bool(item.get("required", True)),
                marks=marks,
                applies=applies,
                shifts_from=shifts_from if isinstance(shifts_from, str) else None,
            )
        )
    return steps


def bundled_workflows(catalogue: Catalogue | None = None) -> WorkflowSet:
    raw = resources.files("shopfloor_core.standards").joinpath("workflows.json").read_text("utf-8")
    return load_workflows(json.loads(raw), catalogue)


# -- answers -----------------------------------------------------------------------------------
def check_answer(
    step: Step,
    answer: object,
    catalogue: Catalogue,
    subject: EventRevision | None = None,
) -> object:
    """The answer in its stored form, or a RuleViolation saying what is missing or wrong."""
    if step.kind is StepKind.CHECKLIST:
        ticked = set(answer) if isinstance(answer, (list, tuple, set)) else set()
        missing = [i.item_id for i in step.items if i.item_id not in ticked]
        if missing and step.required:
            raise RuleViolation(
                "checklist_incomplete", f"tick every item: {', '.join(missing)}", missing=missing
            )
        return sorted(i for i in ticked if any(i == item.item_id for item in step.items))
    if step.kind is StepKind.CHOOSE:
        if not isinstance(answer, str) or not answer:
            raise RuleViolation("no_reason", "choose a reason")
        if step.keep_current and subject is not None and answer == subject.reason_code:
            return answer
        kind = (
            CategoryKind.SCRAP
            if subject and subject.kind is EventKind.SCRAP
            else CategoryKind.DOWNTIME
        )
        category = catalogue.require_leaf(answer, kind)
        if step.subtree and step.subtree not in {c.code for c in catalogue.path(category.code)}:
            raise RuleViolation(
                "outside_subtree", f"{answer} is not under {step.subtree}", category=answer
            )
        return answer
    if step.kind is StepKind.NUMBER:
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise RuleViolation("not_a_number", "type a whole number")
        if not step.minimum <= answer <= step.maximum:
            raise RuleViolation(
                "quantity_out_of_range",
                f"must be {step.minimum} to {step.maximum}, not {answer}",
                low=step.minimum,
                high=step.maximum,
            )
        return answer
    if step.kind is StepKind.NOTE:
        note = check_note(answer if isinstance(answer, str) else "")
        if step.required and not note:
            raise RuleViolation("empty_note", "a note is needed here")
        return note
    if step.kind is StepKind.CONFIRM:
        if answer is not True:
            raise RuleViolation("not_confirmed", "confirm this step")
        return True
    # PARETO: what was looked at and whether it was exported; nothing to refuse.
    return answer if isinstance(answer, dict) else {}


# -- triggers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    """A workflow someone should run now, and what about."""

    workflow: Workflow
    subject_key: str  # the shift id or the event id the trigger fired for; "" for manual
    event: EventRevision | None = None


def in_subtree(catalogue: Catalogue, code: str | None, root: str | None) -> bool:
    if root is None:
        return True
    if code is None:
        return False
    try:
        return any(c.code == root for c in catalogue.path(code))
    except RuleViolation:
        return False


def due_workflows(
    workflows: Iterable[Workflow],
    role: Role,
    now: datetime,
    shift: Shift | None,
    downtimes: Sequence[EventRevision],
    done: set[tuple[str, str]],
    catalogue: Catalogue,
) -> list[Due]:
    """Triggered workflows for ``role`` not yet completed (``done`` holds (code, subject key))."""
    found: list[Due] = []
    for workflow in workflows:
        if role not in workflow.roles:
            continue
        trigger = workflow.trigger
        if trigger.kind is TriggerKind.SHIFT_START:
            if shift is None or now - shift.start_utc > timedelta(minutes=trigger.within_min):
                continue
            if (workflow.code, shift.shift_id) not in done:
                found.append(Due(workflow, shift.shift_id))
            continue
        if trigger.kind is TriggerKind.MANUAL:
            continue
        limit = timedelta(minutes=trigger.longer_than_min)
        for event in downtimes:
            if event.kind is not EventKind.DOWNTIME or event.voided:
                continue
            if (workflow.code, event.event_id) in done:
                continue
            if not in_subtree(catalogue, event.reason_code, trigger.category):
                continue
            if trigger.kind is TriggerKind.RESTART and (
                event.end_utc is None or event.duration(now) < limit
            ):
                continue
            if trigger.kind is TriggerKind.DOWNTIME and event.duration(now) < limit:
                continue
            found.append(Due(workflow, event.event_id, event))
    return found


# -- what a step replaces ----------------------------------------------------------------------
class Replacement(StrEnum):
    """What to do when a step would change a reason someone else decided."""

    ASK = "ask"  # nobody has said yet: refuse, and say what would be replaced
    REPLACE = "replace"
    KEEP_AND_NOTE = "keep_and_note"  # the other person's reason stays; the answer goes in a note


def reason_decision(history: Sequence[EventRevision]) -> EventRevision | None:
    """The revision that set the event's current reason (``history`` oldest first)."""
    decided: EventRevision | None = None
    previous: str | None = None
    for revision in history:
        if revision.reason_code != previous:
            decided = revision if revision.reason_code is not None else None
        previous = revision.reason_code
    return decided


def replacement_for(
    history: Sequence[EventRevision],
    proposed: str,
    author: str,
    *,
    based_on_seq: int | None,
    replacing: Replacement,
) -> Replacement:
    """Whether a step may set ``proposed`` as the reason, or must keep and note it.

    A reason another person decided is replaced only when the caller confirmed it, having seen
    it: the run's ``based_on_seq`` must not be older than that decision. Otherwise this raises
    ``replaces_decision`` with what would be replaced, by whom and when, so the screen can ask.
    """
    decided = reason_decision(history)
    if (
        decided is None
        or decided.reason_code == proposed
        or decided.author == author
        or not by_a_person(decided.author)
    ):
        return Replacement.REPLACE
    seen = based_on_seq is not None and decided.seq <= based_on_seq
    if replacing is Replacement.ASK or not seen:
        raise RuleViolation(
            "replaces_decision",
            f"{proposed} would replace {decided.reason_code}, set by {decided.author} "
            f"at {decided.recorded_utc.isoformat()}; confirm replacing it or keep it",
            reason_code=decided.reason_code,
            author=decided.author,
            decided_utc=decided.recorded_utc,
            seq=history[-1].seq,
            proposed=proposed,
        )
    return replacing
