"""One touch screen for every workflow the region defines: its steps are data, not code.

The list shows what is due for the signed-in role first (a maintenance call on a stop, the
start-of-shift checklist) and the workflows one starts by hand after it. Each step kind has one
editor; the answers and the moment each step was done go to the service at the end, which
checks them again and records the completion.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from local_store import EventStore
from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time
from operator_app.screens.people import name_and_role
from operator_app.screens.shift_messages import explain_shift
from operator_app.services.workflow_runs import ParetoRow, WorkflowRunService, pareto_csv
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.workflows import (
    Due,
    Replacement,
    Step,
    StepKind,
    Subject,
    Workflow,
    WorkflowSet,
    text,
)
from widgets.check_button import CheckButton
from widgets.current_page import size_to_current_page
from widgets.keypad import NumericKeypad
from widgets.pareto_chart import ParetoChart
from widgets.reason_grid import ReasonChoice, ReasonGrid
from widgets.retranslating import Retranslating
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton
from widgets.touch_scrolling import touch_page

EDITORS = (
    StepKind.CHECKLIST,
    StepKind.CHOOSE,
    StepKind.NUMBER,
    StepKind.NOTE,
    StepKind.CONFIRM,
    StepKind.PARETO,
)


class WorkflowRunnerScreen(Retranslating, QWidget):
    completed = Signal(object)  # the WorkflowRecord stored

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.workflows: WorkflowSet | None = None
        self.standards_pending = False
        self.due: list[Due] = []
        self.workflow: Workflow | None = None
        self.subject: EventRevision | None = None
        self.step_index = 0
        self.answers: dict[str, Any] = {}
        self.stamps: dict[str, datetime] = {}
        self.started: datetime | None = None
        self.pareto_rows: list[ParetoRow] = []

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.pages = QStackedWidget(self)
        # page 0: what to run
        chooser = QWidget(self)
        self.due_label = QLabel(chooser)
        self.due_box = QVBoxLayout()
        self.manual_label = QLabel(chooser)
        self.manual_box = QVBoxLayout()
        self.nothing_label = QLabel(chooser)
        self.nothing_label.setProperty("role", "muted")
        chooser_box = QVBoxLayout(chooser)
        chooser_box.addWidget(self.due_label)
        chooser_box.addLayout(self.due_box)
        chooser_box.addWidget(self.nothing_label)
        chooser_box.addWidget(self.manual_label)
        chooser_box.addLayout(self.manual_box)
        chooser_box.addStretch(1)
        # A maintenance call per stop can make the list longer than the screen: it scrolls
        # inside itself, its bar in sight, and Cancel stays where it is.
        chooser_page = touch_page(chooser, self)
        self.start_buttons: dict[str, TouchButton] = {}
        # page 1: which record a hand-started workflow is about
        subject_page = QWidget(self)
        self.subject_label = QLabel(subject_page)
        self.subject_box = QGridLayout()
        self.subject_buttons: dict[str, TouchButton] = {}
        subject_page_box = QVBoxLayout(subject_page)
        subject_page_box.addWidget(self.subject_label)
        subject_page_box.addLayout(self.subject_box)
        subject_page_box.addStretch(1)
        # page 2: one step
        step_page = QWidget(self)
        self.progress = QLabel(step_page)
        self.progress.setProperty("role", "muted")
        self.prompt = QLabel(step_page)
        self.prompt.setProperty("role", "title")
        self.prompt.setWordWrap(True)
        self.editors = QStackedWidget(step_page)
        self.checklist = QWidget(step_page)
        self.checklist_box = QVBoxLayout(self.checklist)
        self.check_buttons: dict[str, CheckButton] = {}
        choose = QWidget(step_page)
        self.keep_button = TouchButton("", choose)
        self.keep_button.clicked.connect(self._keep_reason)
        self.grid = ReasonGrid(self._children_of, choose)
        self.grid.leaf_chosen.connect(self._answer)
        choose_box = QVBoxLayout(choose)
        choose_box.addWidget(self.keep_button)
        choose_box.addWidget(self.grid, 1)
        number = QWidget(step_page)
        self.keypad = NumericKeypad(number, max_length=6)
        self.keypad.setMaximumWidth(460)
        self.keypad.accepted.connect(lambda digits: self._answer(int(digits)))
        number_box = QHBoxLayout(number)
        number_box.setContentsMargins(0, 0, 0, 0)
        number_box.addStretch(1)
        number_box.addWidget(self.keypad)
        number_box.addStretch(1)
        self.note = QPlainTextEdit(step_page)
        self.confirm_button = TouchButton("", step_page, primary=True)
        self.confirm_button.setMinimumHeight(120)
        self.confirm_button.clicked.connect(lambda: self._answer(True))
        pareto = QWidget(step_page)
        self.chart = ParetoChart(pareto)
        self.pareto_table = QTableWidget(0, 3, pareto)
        self.pareto_table.verticalHeader().hide()
        self.pareto_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.export_button = TouchButton("", pareto)
        self.export_button.clicked.connect(self.export_csv)
        self.exported: str | None = None
        pareto_box = QGridLayout(pareto)
        pareto_box.addWidget(self.chart, 0, 0)
        pareto_box.addWidget(self.pareto_table, 0, 1)
        pareto_box.addWidget(self.export_button, 1, 1)
        for editor in (self.checklist, choose, number, self.note, self.confirm_button, pareto):
            self.editors.addWidget(editor)
        size_to_current_page(self.editors)
        self.next_button = TouchButton("", step_page, primary=True)
        self.next_button.clicked.connect(self._next_pressed)
        step_box = QVBoxLayout(step_page)
        step_box.setContentsMargins(0, 0, 0, 0)
        step_box.addWidget(self.progress)
        step_box.addWidget(self.prompt)
        step_box.addWidget(self.editors, 1)
        step_box.addWidget(self.next_button)
        # page 3: a step would change what someone else decided; the person chooses
        replace_page = QWidget(self)
        self.replace_text = QLabel(replace_page)
        self.replace_text.setProperty("role", "title")
        self.replace_text.setWordWrap(True)
        self.replace_button = TouchButton("", replace_page, primary=True)
        self.replace_button.clicked.connect(lambda: self._resolve(Replacement.REPLACE))
        self.keep_and_note_button = TouchButton("", replace_page)
        self.keep_and_note_button.clicked.connect(lambda: self._resolve(Replacement.KEEP_AND_NOTE))
        replace_buttons = QHBoxLayout()
        replace_buttons.addWidget(self.keep_and_note_button)
        replace_buttons.addWidget(self.replace_button)
        replace_box = QVBoxLayout(replace_page)
        replace_box.addWidget(self.replace_text)
        replace_box.addStretch(1)
        replace_box.addLayout(replace_buttons)
        self.replaced_seq: int | None = None
        for page in (chooser_page, subject_page, step_page, replace_page):
            self.pages.addWidget(page)
        # The list asks for its own height, not a step's keypad's: at 1024x700 the keypad's
        # room made the list of three workflows scroll.
        size_to_current_page(self.pages)
        # One step follows another in the same place ("Acknowledge", then "Start work"): the
        # second tap of a double tap must not answer the next step.
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(
            self.confirm_button,
            self.next_button,
            self.keep_button,
            self.keypad.ok_button,
            *self.keypad.digit_buttons.values(),
            self.replace_button,
            self.keep_and_note_button,
        )
        self.cancel_button = TouchButton("", self)
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        # Nothing to cancel while the list shows: the button comes with a run.
        self.pages.currentChanged.connect(lambda page: self.cancel_button.setVisible(page != 0))
        self.cancel_button.setVisible(self.pages.currentIndex() != 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        context.records_changed.connect(self._refresh_if_idle)
        context.person_changed.connect(lambda _p: self.cancel())
        context.standards_changed.connect(self._new_standards)
        self.retranslate_ui()

    # -- the list -------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        if self.pages.currentIndex() == 0:
            self.reload()
        super().showEvent(event)

    def _new_standards(self) -> None:
        # A run in progress finishes under the definitions it started with.
        self.standards_pending = True
        if self.workflow is None:
            self.cancel()

    def _refresh_if_idle(self) -> None:
        if self.pages.currentIndex() == 0 and self.isVisible():
            self.reload()

    def _service(self, store: EventStore, workflows: WorkflowSet | None) -> WorkflowRunService:
        return WorkflowRunService(
            store, self.context.catalogue, self.context.site, workflows or self.context.workflows
        )

    def reload(self) -> None:
        person = self.context.person
        if person is None:
            return
        known = self.workflows

        def load(store: EventStore) -> tuple[WorkflowSet, list[Due]]:
            service = self._service(store, known)
            return service.workflows, service.due(person)

        self.context.store_worker.submit(load, on_done=self._show_list, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.context.notice.emit(explain_shift(error), True)

    def _show_list(self, result: tuple[WorkflowSet, list[Due]]) -> None:
        self.workflows, self.due = result
        for box in (self.due_box, self.manual_box):
            _clear(box)
        self.start_buttons = {}
        person = self.context.person
        language = self.context.language
        for due in self.due:
            label = text(due.workflow.title, language)
            if due.event is not None:
                label = self.tr("{0}: {1}, stopped at {2} ({3})").format(
                    label,
                    self.context.machine_name(due.event.machine_id),
                    local_time(due.event.start_utc, self.context.site.timezone),
                    self.context.reason_label(due.event.reason_code) or self.tr("no reason yet"),
                )
            button = TouchButton(label, self, primary=True)
            button.clicked.connect(lambda _=False, d=due: self.start(d.workflow, d.event))
            self.due_box.addWidget(button)
            self.start_buttons[f"{due.workflow.code}:{due.subject_key}"] = button
        self.nothing_label.setVisible(not self.due)
        if person is not None:
            due_codes = {d.workflow.code for d in self.due}
            for workflow in self.workflows.for_role(person.role):
                if workflow.code in due_codes and workflow.trigger.kind.value != "manual":
                    continue
                button = TouchButton(text(workflow.title, language), self)
                button.clicked.connect(lambda _=False, w=workflow: self.start(w, None))
                self.manual_box.addWidget(button)
                self.start_buttons[workflow.code] = button
        # No heading over nothing: a role may have no workflow of its own to start.
        self.manual_label.setVisible(self.manual_box.count() > 0)

    # -- running --------------------------------------------------------------------------------
    def start(self, workflow: Workflow, subject: EventRevision | None) -> None:
        self.workflow, self.subject = workflow, subject
        self.answers, self.stamps, self.step_index = {}, {}, 0
        self.started = utc_now()
        self.exported = None
        if workflow.subject is not Subject.NONE and subject is None:
            self._choose_subject(workflow)
            return
        self._show_step()

    def _choose_subject(self, workflow: Workflow) -> None:
        person = self.context.person
        known = self.workflows

        def load(store: EventStore) -> list[EventRevision]:
            return self._service(store, known).subjects(person, workflow)

        self.context.store_worker.submit(load, on_done=self._show_subjects, on_error=self._failed)

    def _show_subjects(self, records: list[EventRevision]) -> None:
        _clear(self.subject_box)
        self.subject_buttons = {}
        zone = self.context.site.timezone
        locale = QLocale()
        for index, record in enumerate(records[:12]):
            if record.kind is EventKind.SCRAP:
                label = self.tr("{0} {1}: {2} × {3}").format(
                    local_time(record.start_utc, zone),
                    self.context.machine_name(record.machine_id),
                    locale.toString(record.quantity or 0),
                    self.context.reason_label(record.reason_code),
                )
            else:
                label = self.tr("{0} {1}: {2}").format(
                    local_time(record.start_utc, zone),
                    self.context.machine_name(record.machine_id),
                    self.context.reason_label(record.reason_code) or self.tr("no reason yet"),
                )
            button = TouchButton(label, self)
            button.clicked.connect(lambda _=False, r=record: self._subject_chosen(r))
            self.subject_box.addWidget(button, index // 2, index % 2)
            self.subject_buttons[record.event_id] = button
        self.subject_label.setText(
            self.tr("Which record is this about?") if records else self.tr("Nothing to review.")
        )
        self.pages.setCurrentIndex(1)

    def _subject_chosen(self, record: EventRevision) -> None:
        self.subject = record
        self._show_step()

    @property
    def step(self) -> Step:
        assert self.workflow is not None
        return self.workflow.steps[self.step_index]

    def _show_step(self) -> None:
        assert self.workflow is not None
        step, language = self.step, self.context.language
        self.pages.setCurrentIndex(2)
        self.tap_guard.changed()
        self._label_step()
        self.editors.setCurrentIndex(EDITORS.index(step.kind))
        self.next_button.setVisible(
            step.kind in (StepKind.CHECKLIST, StepKind.NOTE, StepKind.PARETO)
        )
        if step.kind is StepKind.CHECKLIST:
            _clear(self.checklist_box)
            self.check_buttons = {}
            for item in step.items:
                button = CheckButton(text(item.labels, language), self.checklist)
                self.tap_guard.watch(button)
                self.checklist_box.addWidget(button)
                self.check_buttons[item.item_id] = button
            self.checklist_box.addStretch(1)
        elif step.kind is StepKind.CHOOSE:
            self.grid.set_children_of(self._children_of)
            self.grid.reset()
            current = self.subject.reason_code if self.subject else None
            self.keep_button.setVisible(step.keep_current and current is not None)
            self.keep_button.setText(
                self.tr("Keep: {0}").format(self.context.reason_label(current))
            )
        elif step.kind is StepKind.NUMBER:
            self.keypad.clear()
            self.keypad.set_range(step.minimum, step.maximum)
        elif step.kind is StepKind.NOTE:
            self.note.clear()
            self.note.setFocus()
        elif step.kind is StepKind.PARETO:
            self._load_pareto(int(self.answers.get(step.shifts_from or "", 1)))

    def _label_step(self) -> None:
        assert self.workflow is not None
        step, language = self.step, self.context.language
        self.progress.setText(
            self.tr("{0} — step {1} of {2}").format(
                text(self.workflow.title, language), self.step_index + 1, len(self.workflow.steps)
            )
        )
        self.prompt.setText(text(step.prompt, language))
        self.confirm_button.setText(text(step.prompt, language))

    def _children_of(self, code: str | None) -> list[ReasonChoice]:
        if self.workflow is None or self.step.kind is not StepKind.CHOOSE:
            return []
        kind = (
            CategoryKind.SCRAP if self.workflow.subject is Subject.SCRAP else CategoryKind.DOWNTIME
        )
        parent = code if code is not None else self.step.subtree
        language = self.context.language
        return [
            ReasonChoice(c.code, c.label(language), c.is_leaf)
            for c in self.context.catalogue.choices(kind, parent)
        ]

    def _keep_reason(self) -> None:
        if self.subject is not None and self.subject.reason_code is not None:
            self._answer(self.subject.reason_code)

    def _next_pressed(self) -> None:
        step = self.step
        if step.kind is StepKind.CHECKLIST:
            ticked = [i for i, b in self.check_buttons.items() if b.isChecked()]
            if step.required and len(ticked) < len(step.items):
                self.context.notice.emit(self.tr("Tick every item before going on."), True)
                return
            self._answer(ticked)
        elif step.kind is StepKind.NOTE:
            note = self.note.toPlainText().strip()
            if step.required and not note:
                self.context.notice.emit(self.tr("Write a note before going on."), True)
                return
            self._answer(note)
        else:
            self._answer(
                {
                    "shifts": int(self.answers.get(step.shifts_from or "", 1)),
                    "exported": self.exported,
                    "top": [r.reason_code for r in self.pareto_rows[:5]],
                }
            )

    def _answer(self, value: object) -> None:
        if self.workflow is None:
            return
        self.answers[self.step.step_id] = value
        self.stamps[self.step.step_id] = utc_now()
        if self.step_index + 1 < len(self.workflow.steps):
            self.step_index += 1
            self._show_step()
            return
        self._finish()

    def _finish(
        self, replacing: Replacement = Replacement.ASK, based_on_seq: int | None = None
    ) -> None:
        """Record the run. The service answers ``replaces_decision`` when a step would change
        a reason someone else set; the person then chooses, and the run is sent again."""
        assert self.workflow is not None
        person: Person | None = self.context.person
        code, known = self.workflow.code, self.workflows
        subject_key = self.subject.event_id if self.subject else ""
        if based_on_seq is None and self.subject is not None:
            based_on_seq = self.subject.seq
        if self.workflow.trigger.kind.value == "shift_start":
            subject_key = next((d.subject_key for d in self.due if d.workflow.code == code), "")
        answers, stamps, started = dict(self.answers), dict(self.stamps), self.started
        self.next_button.setEnabled(False)
        self.confirm_button.setEnabled(False)

        def save(store: EventStore) -> Any:
            return self._service(store, known).complete(
                person,
                code,
                answers,
                subject_key=subject_key,
                started_utc=started,
                stamps=stamps,
                based_on_seq=based_on_seq,
                replacing=replacing,
            )

        def done(record: Any) -> None:
            self.next_button.setEnabled(True)
            self.confirm_button.setEnabled(True)
            self.context.notice.emit(self.tr("Saved: the workflow is recorded."), False)
            self.completed.emit(record)
            self.context.records_changed.emit()
            self.cancel()

        def failed(error: BaseException) -> None:
            self.next_button.setEnabled(True)
            self.confirm_button.setEnabled(True)
            if isinstance(error, RuleViolation) and error.code == "replaces_decision":
                self._ask_replacement(error.details)
                return
            self.context.notice.emit(explain_shift(error), True)

        self.context.store_worker.submit(save, on_done=done, on_error=failed)

    def _ask_replacement(self, details: dict[str, Any]) -> None:
        """Show what would be replaced, whose decision it was and when; nothing is saved yet."""
        name, role = name_and_role(self.context.roster, str(details["author"]))
        replaced = self.context.reason_label(str(details["reason_code"]))
        proposed = self.context.reason_label(str(details["proposed"]))
        when = local_time(details["decided_utc"], self.context.site.timezone)
        if role:
            text = self.tr("This replaces {0} (set by {1}, {2}, {3}) with {4}.").format(
                replaced, name, role, when, proposed
            )
        else:
            text = self.tr("This replaces {0} (set by {1}, {2}) with {3}.").format(
                replaced, name, when, proposed
            )
        self.replace_text.setText(text)
        self.replaced_seq = int(details["seq"])
        self.pages.setCurrentIndex(3)
        self.tap_guard.changed()

    def _resolve(self, replacing: Replacement) -> None:
        if self.workflow is None or self.replaced_seq is None:
            return
        self.pages.setCurrentIndex(2)
        self._finish(replacing, self.replaced_seq)

    def cancel(self) -> None:
        self.workflow, self.subject = None, None
        self.replaced_seq = None
        if self.standards_pending:
            self.workflows, self.standards_pending = None, False
        self.pages.setCurrentIndex(0)
        if self.isVisible():
            self.reload()

    # -- the Pareto step ------------------------------------------------------------------------
    def _load_pareto(self, shifts: int) -> None:
        person, known = self.context.person, self.workflows

        def load(store: EventStore) -> list[ParetoRow]:
            return self._service(store, known).pareto(person, shifts)[1]

        self.context.store_worker.submit(load, on_done=self._show_pareto, on_error=self._failed)

    def _show_pareto(self, rows: list[ParetoRow]) -> None:
        self.pareto_rows = rows
        labels = [self._reason(r.reason_code) for r in rows]
        self.chart.set_bars(labels, [r.seconds / 60 for r in rows])
        locale = QLocale()
        self.pareto_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for column, value in enumerate(
                [labels[index], duration_text(row.seconds), locale.toString(row.stops)]
            ):
                self.pareto_table.setItem(index, column, QTableWidgetItem(value))

    def _reason(self, code: str | None) -> str:
        return self.context.reason_label(code) if code else self.tr("(no reason yet)")

    def export_csv(self) -> None:
        rows = self.pareto_rows
        labels = {r.reason_code: self._reason(r.reason_code) for r in rows}
        folder = self.context.site.data_dir / "exports"
        name = f"pareto-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.csv"

        def write(_store: EventStore) -> str:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
            target.write_text(pareto_csv(rows, labels), encoding="utf-8")
            return str(target)

        def done(path: str) -> None:
            self.exported = path
            self.context.notice.emit(self.tr("Exported to {0}").format(Path(path).name), False)

        self.context.store_worker.submit(write, on_done=done, on_error=self._failed)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Workflows"))
        self.due_label.setText(self.tr("Due now"))
        self.manual_label.setText(self.tr("Start by hand"))
        self.nothing_label.setText(self.tr("Nothing is due for your role right now."))
        self.next_button.setText(self.tr("Next"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.export_button.setText(self.tr("Export CSV"))
        self.replace_button.setText(self.tr("Replace"))
        self.keep_and_note_button.setText(self.tr("Keep and add note"))
        self.pareto_table.setHorizontalHeaderLabels(
            [self.tr("Reason"), self.tr("Downtime"), self.tr("Stops")]
        )
        self.chart.set_axis_titles(self.tr("Minutes"))
        if self.workflow is not None and self.pages.currentIndex() == 2:
            self._label_step()


def duration_text(seconds: float) -> str:
    return duration(timedelta(seconds=seconds))


def _clear(layout: QVBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()
