"""Running the region's workflows: what is due for whom, and recording a completion.

A completion is checked step by step against its definition, its effects on the subject event
(a reason, a note) are written as revisions, and the record with every answer, the moments the
steps marked and the times derived from them (a maintenance call's response and repair time)
goes into the store and the outbox in the same transaction.

The workflow definition is the permission for its own effects: a maintenance technician may set
the cause of the stop their call is about, within the subtree the region's definition allows,
though they may not recategorize stops in general. A signed-off shift still needs the right to
edit it, like any correction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from local_store import EventStore
from local_store.shift_records import ShiftRecords, WorkflowRecord
from operator_app.services.corrections import CorrectionService
from operator_app.services.shift_summary import downtime_pareto
from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import Clock, from_iso, to_iso, utc_now
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.events import Change, EventKind, EventRevision, check_note, revise
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.permissions import Action, require
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.shifts import Shift, ShiftCalendar
from shopfloor_core.domain.workflows import (
    Due,
    Effect,
    Mark,
    Replacement,
    StepKind,
    Subject,
    Workflow,
    WorkflowSet,
    check_answer,
    due_workflows,
    replacement_for,
)
from shopfloor_core.standards.shift_calendar import calendar_of

# Stops older than this are not offered to new workflow runs any more.
LOOKBACK = timedelta(hours=24)


@dataclass(frozen=True)
class ParetoRow:
    reason_code: str | None
    seconds: float
    stops: int
    cumulative_share: float


class WorkflowRunService:
    def __init__(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        workflows: WorkflowSet,
        clock: Clock = utc_now,
        calendar: ShiftCalendar | None = None,
    ) -> None:
        self.store = store
        self.records = ShiftRecords(store)
        self.catalogue = catalogue
        self.site = site
        self.workflows = workflows
        self.clock = clock
        self.calendar = calendar or calendar_of(site)

    # -- what to run --------------------------------------------------------------------------
    def due(self, person: Person | None) -> list[Due]:
        author = require(person, Action.RUN_WORKFLOW)
        now = self.clock()
        shift = self.calendar.shift_at(now)
        downtimes = self.records.events_overlapping(now - LOOKBACK, now, (EventKind.DOWNTIME,))
        mine = self.workflows.for_role(author.role)
        keys = [e.event_id for e in downtimes] + ([shift.shift_id] if shift else [])
        done = self.records.done_subjects([w.code for w in mine], keys)
        return due_workflows(mine, author.role, now, shift, downtimes, done, self.catalogue)

    def subjects(self, person: Person | None, workflow: Workflow) -> list[EventRevision]:
        """Records a workflow started by hand can be about (this and the last shift's)."""
        require(person, Action.RUN_WORKFLOW)
        if workflow.subject is Subject.NONE:
            return []
        kind = EventKind.SCRAP if workflow.subject is Subject.SCRAP else EventKind.DOWNTIME
        now = self.clock()
        found = self.records.events_overlapping(now - LOOKBACK, now, (kind,))
        return sorted(found, key=lambda e: e.start_utc, reverse=True)

    def pareto(self, person: Person | None, shifts: int) -> tuple[list[Shift], list[ParetoRow]]:
        """Downtime by reason over the last ``shifts`` shifts, biggest first, with the 80 % line."""
        require(person, Action.VIEW_SHIFT_SUMMARY)
        chosen = self.calendar.latest_shifts(self.clock(), shifts)
        bars = downtime_pareto(self.store, self.catalogue, self.site, chosen, clock=self.clock)
        total = sum(b[1] for b in bars) or 1.0
        rows: list[ParetoRow] = []
        running = 0.0
        for code, seconds, stops in bars:
            running += seconds
            rows.append(ParetoRow(code, seconds, stops, running / total))
        return chosen, rows

    # -- recording a completion -----------------------------------------------------------------
    @deciding_under_write_lock
    def complete(
        self,
        person: Person | None,
        code: str,
        answers: Mapping[str, Any],
        *,
        subject_key: str = "",
        started_utc: datetime | None = None,
        stamps: Mapping[str, datetime] | None = None,
        based_on_seq: int | None = None,
        replacing: Replacement = Replacement.ASK,
    ) -> WorkflowRecord:
        """Check every answer, apply the effects, store the record; all or nothing.

        ``based_on_seq`` is the subject's revision the person worked from; a reason someone
        else decided is changed only with ``replacing`` given for a decision they saw (see
        ``replacement_for``), else ``replaces_decision`` says what it would replace.
        """
        author = require(person, Action.RUN_WORKFLOW)
        workflow = self.workflows.get(code)
        if author.role not in workflow.roles:
            raise PermissionDenied(
                "not_allowed",
                f"{author.role.value} may not run {code}",
                role=author.role.value,
                action=code,
            )
        now = self.clock()
        stamps = dict(stamps or {})
        subject = self._subject(workflow, subject_key)
        checked: dict[str, Any] = {}
        for step in workflow.steps:
            checked[step.step_id] = check_answer(
                step, answers.get(step.step_id), self.catalogue, subject
            )
        marks: dict[str, str] = {}
        for step in workflow.steps:
            if step.marks is not None:
                marks[step.marks.value] = to_iso(stamps.get(step.step_id, now))
        outcome: dict[str, Any] = {"marks": marks}
        if subject is not None:
            outcome.update(self._times(subject, marks))
        revisions, before = self._effects(
            workflow, checked, subject, author, now, based_on_seq, replacing
        )
        machine_id = subject.machine_id if subject is not None else None
        record = WorkflowRecord(
            run_id=new_id(),
            workflow_code=workflow.code,
            workflow_version=self.workflows.version,
            person_id=author.person_id,
            role=author.role.value,
            subject_key=subject_key,
            machine_id=machine_id,
            started_utc=started_utc or now,
            completed_utc=now,
            answers=checked,
            outcome={**outcome, "revisions": [r.revision_id for r in revisions]},
        )
        with self.store.db.atomic():
            if revisions:
                CorrectionService(self.store, self.catalogue, self.site, self.clock).save(
                    author, before, revisions, f"workflow {workflow.code}"
                )
            self.records.add_workflow_run(record)
        return record

    def _subject(self, workflow: Workflow, subject_key: str) -> EventRevision | None:
        if workflow.subject is Subject.NONE:
            return None
        event = self.store.current(subject_key) if subject_key else None
        wanted = EventKind.SCRAP if workflow.subject is Subject.SCRAP else EventKind.DOWNTIME
        if event is None or event.kind is not wanted or event.voided:
            raise RuleViolation(
                "no_subject", f"{workflow.code} needs a {wanted.value} record to work on"
            )
        return event

    @staticmethod
    def _times(subject: EventRevision, marks: Mapping[str, str]) -> dict[str, float]:
        out: dict[str, float] = {}
        if Mark.ACKNOWLEDGED.value in marks:
            called = subject.start_utc
            out["response_s"] = max(
                0.0, (from_iso(marks[Mark.ACKNOWLEDGED.value]) - called).total_seconds()
            )
        if Mark.REPAIR_STARTED.value in marks and Mark.REPAIR_FINISHED.value in marks:
            out["repair_s"] = max(
                0.0,
                (
                    from_iso(marks[Mark.REPAIR_FINISHED.value])
                    - from_iso(marks[Mark.REPAIR_STARTED.value])
                ).total_seconds(),
            )
        return out

    def _effects(
        self,
        workflow: Workflow,
        answers: Mapping[str, Any],
        subject: EventRevision | None,
        author: Person,
        now: datetime,
        based_on_seq: int | None,
        replacing: Replacement,
    ) -> tuple[list[EventRevision], list[EventRevision]]:
        if subject is None:
            return [], []
        current = subject
        revisions: list[EventRevision] = []
        why = f"workflow {workflow.code} ({self.workflows.version})"
        history = self.store.history(subject.event_id)
        kept: list[str] = []
        for step in workflow.steps:
            if step.applies is Effect.EVENT_REASON and step.kind is StepKind.CHOOSE:
                code = answers[step.step_id]
                if code == current.reason_code and not current.reason_suggested:
                    continue
                decision = replacement_for(
                    history,
                    code,
                    author.person_id,
                    based_on_seq=based_on_seq,
                    replacing=replacing,
                )
                if decision is Replacement.KEEP_AND_NOTE:
                    label = self.catalogue.label(code, self.site.language)
                    kept.append(f"{workflow.code}: {label} ({code})")
                    continue
                # The PLC's suggestion is not a person's decision: answering over it names the stop.
                named = current.reason_code is None or current.reason_suggested
                change = Change.CATEGORIZED if named else Change.RECATEGORIZED
                current = revise(
                    current,
                    change=change,
                    author=author.person_id,
                    recorded_utc=now,
                    why=why,
                    reason_code=code,
                    catalogue_version=self.catalogue.version,
                )
                revisions.append(current)
            elif step.applies is Effect.EVENT_NOTE and answers[step.step_id]:
                added = str(answers[step.step_id])
                # The stop keeps what was noted before; the workflow's note is added to it.
                note = check_note(f"{current.note} / {added}" if current.note else added)
                current = revise(
                    current,
                    change=Change.ANNOTATED,
                    author=author.person_id,
                    recorded_utc=now,
                    why=why,
                    note=note,
                )
                revisions.append(current)
        if kept:
            # The other person's reason stays; what this run found is noted beside it.
            added = " / ".join(kept)
            current = revise(
                current,
                change=Change.ANNOTATED,
                author=author.person_id,
                recorded_utc=now,
                why=f"{why}: reason kept",
                note=check_note(f"{current.note} / {added}" if current.note else added),
            )
            revisions.append(current)
        return revisions, [subject]


def pareto_csv(rows: list[ParetoRow], labels: Mapping[str | None, str]) -> str:
    """The Pareto as CSV (comma, dot decimals, UTF-8) for spreadsheets and the region."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["reason_code", "reason", "minutes", "stops", "cumulative_share"])
    for row in rows:
        writer.writerow(
            [
                row.reason_code or "",
                labels.get(row.reason_code, row.reason_code or ""),
                f"{row.seconds / 60:.1f}",
                row.stops,
                f"{row.cumulative_share:.3f}",
            ]
        )
    return out.getvalue()
