"""The operator's jobs: what a machine makes now, how far it is, and what comes next.

One machine at a time (the buttons on top choose it). The job in force shows quantity made
against ordered with Pause/Resume and End; the queue below lists the jobs waiting for the
machine, and a tap on one offers to start it. A keyboard-wedge scanner starts a job too: the
order number from the job's paper, or a product code from a part's label (the main window hands
such scans here while this screen shows). Every change goes to the store thread, and the screen
says it happened only once the store answered, so what it confirms is on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from operator_app.screens.app_context import STORE_PROBLEM, AppContext
from operator_app.screens.formatting import count
from operator_app.screens.live_reading import LiveReading, StoreRead
from operator_app.screens.machine_choice import MachineChoice
from operator_app.screens.messages import explain, is_store_problem
from operator_app.services.job_board import JobLine, JobState, MachineJobs, ScanMatch, match_scan
from operator_app.services.job_calls import JobCalls, StoreChange, job_calls
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.permissions import Action
from widgets.confirm_question import ConfirmQuestion
from widgets.retranslating import Retranslating
from widgets.tap_guard import TapGuard
from widgets.touch_button import WrappingButton
from widgets.touch_scrolling import touch_page

if TYPE_CHECKING:
    from local_store import EventStore

log = logging.getLogger(__name__)

# Rows of the queue shown; a plan longer than a shift's worth is the planner's screen, not ours.
MOST_QUEUED = 20


class JobScreen(Retranslating, QWidget):
    """Signals:
    job_page_requested(job_id): the person wants the job's own figures.
    """

    job_page_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.calls: JobCalls = job_calls()
        self.jobs: MachineJobs | None = None
        self.chosen: JobLine | None = None  # the queued job the person tapped
        self.question: ConfirmQuestion | None = None  # "End ...?" while it is asked
        # Read again every few seconds while shown: counts arrive without anyone tapping.
        self.live = LiveReading(context, self, self._reading, self._show)
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        # Every machine of the line: a job runs on a machine whether its PLC counts or not.
        self.machines = MachineChoice(context.site.machines, self)
        self.machines.changed.connect(lambda _m: self._machine_changed())
        self.machines.select(next(iter(self.machines.buttons), None))

        # -- the job in force -------------------------------------------------------------------
        self.in_force = QLabel(self)
        self.in_force.setWordWrap(True)
        self.in_force.setProperty("role", "title")
        self.made = QLabel(self)
        self.made.setProperty("role", "figure")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMinimumHeight(24)
        self.pause_button = WrappingButton("", self)
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.end_button = WrappingButton("", self)
        self.end_button.clicked.connect(self.end_job)
        self.figures_button = WrappingButton("", self)
        self.figures_button.clicked.connect(self._open_job_page)
        in_force_buttons = QHBoxLayout()
        in_force_buttons.addWidget(self.pause_button)
        in_force_buttons.addWidget(self.end_button)
        in_force_buttons.addWidget(self.figures_button)

        # -- the queue ---------------------------------------------------------------------------
        self.queue_title = QLabel(self)
        self.queue_title.setProperty("role", "title")
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.queue_page = QWidget(self)
        self.rows = QVBoxLayout(self.queue_page)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(8)
        self.rows.addStretch(1)
        self.queue_buttons: dict[str, WrappingButton] = {}
        self.queue_area = touch_page(self.queue_page, self)
        self.start_button = WrappingButton("", self, primary=True)
        self.start_button.clicked.connect(self.start_chosen)
        self.scan_hint = QLabel(self)
        self.scan_hint.setWordWrap(True)

        # What a place on the screen means changes with the job's state: a second tap of a
        # double tap must not pause what the first one resumed.
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.pause_button, self.end_button, self.start_button)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.machines)
        layout.addWidget(self.in_force)
        made_row = QHBoxLayout()
        made_row.addWidget(self.made)
        made_row.addWidget(self.progress, 1)
        layout.addLayout(made_row)
        layout.addLayout(in_force_buttons)
        layout.addWidget(self.queue_title)
        layout.addWidget(self.empty)
        layout.addWidget(self.queue_area, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.scan_hint)
        # The space a short queue leaves goes below the hint, so that the start button stays
        # right under the job it starts (the queue area is capped at its rows' height).
        layout.addStretch(0)
        context.records_changed.connect(self.reload)
        context.person_changed.connect(lambda _p: self._apply_permissions())
        machine_monitor = context.machine_monitor
        if machine_monitor is not None:
            machine_monitor.records_changed.connect(self.live.refresh_if_shown)
        self.retranslate_ui()

    # -- data -------------------------------------------------------------------------------------
    @property
    def machine_id(self) -> str | None:
        return self.machines.machine_id

    def _machine_changed(self) -> None:
        self.chosen = None
        self.reload()

    def reload(self) -> None:
        if self.machine_id is None:
            self._show(None)
        else:
            self.live.refresh()

    def _reading(self) -> StoreRead | None:
        machine_id = self.machine_id
        if machine_id is None:
            return None
        language, site = self.context.language, self.context.site
        return lambda store: self.calls.board(store, site, machine_id, language)

    def _failed(self, error: BaseException) -> None:
        self.context.notice.emit(explain(error), True)

    def _show(self, jobs: MachineJobs | None) -> None:
        if jobs is not None and jobs.machine_id != self.machine_id:
            return  # an answer for the machine chosen before
        changed = _state(self.jobs) != _state(jobs)
        self.jobs = jobs
        if self.chosen is not None and (
            jobs is None or all(j.job_id != self.chosen.job_id for j in jobs.queue)
        ):
            self.chosen = None
        self._show_in_force()
        self._show_queue()
        self._apply_permissions()
        if changed:
            self.tap_guard.changed()

    def _show_in_force(self) -> None:
        job = self.jobs.in_force if self.jobs is not None else None
        has_job = job is not None
        for widget in (self.made, self.progress, self.pause_button, self.end_button):
            widget.setVisible(has_job)
        self.figures_button.setVisible(has_job)
        if job is None:
            self.in_force.setText(self.tr("No job running on this machine."))
            return
        if job.state is JobState.PAUSED:
            heading = self.tr("Paused: {0} — {1}").format(job.label, job.product_name)
        else:
            heading = self.tr("Running: {0} — {1}").format(job.label, job.product_name)
        self.in_force.setText(heading)
        if job.ordered is None:
            self.made.setText(self.tr("Made {0}").format(count(job.good)))
            self.progress.hide()
        else:
            self.made.setText(
                self.tr("Made {0} of {1}").format(count(job.good), count(job.ordered))
            )
            self.progress.setRange(0, max(job.ordered, 1))
            self.progress.setValue(min(job.good, job.ordered))
        paused = job.state is JobState.PAUSED
        self.pause_button.set_label(self.tr("Resume job") if paused else self.tr("Pause job"))

    def _show_queue(self) -> None:
        for button in self.queue_buttons.values():
            self.rows.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.queue_buttons = {}
        queue = self.jobs.queue[:MOST_QUEUED] if self.jobs is not None else ()
        for position, job in enumerate(queue):
            button = WrappingButton(self._describe(job), self.queue_page)
            button.setCheckable(True)
            button.setChecked(self.chosen is not None and self.chosen.job_id == job.job_id)
            button.clicked.connect(lambda _=False, j=job: self.choose(j))
            self.rows.insertWidget(position, button)
            button.show()  # now, not when the layout gets to it: _fit_queue measures it
            self.queue_buttons[job.job_id] = button
        self.empty.setVisible(not queue)
        self._show_start()
        self._fit_queue()

    def _fit_queue(self) -> None:
        """The queue area no taller than its rows: a long queue still scrolls in what is left."""
        self.rows.activate()
        self.queue_area.setMaximumHeight(max(self.queue_page.sizeHint().height(), 1))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_queue()  # rows wrap onto more lines on a narrower screen

    def _describe(self, job: JobLine) -> str:
        if job.ordered is None:
            return self.tr("{0} — {1}").format(job.label, job.product_name)
        return self.tr("{0} — {1} — {2} parts").format(
            job.label, job.product_name, count(job.ordered)
        )

    def _show_start(self) -> None:
        chosen = self.chosen
        self.start_button.setVisible(chosen is not None)
        if chosen is None:
            return
        running = self.jobs.in_force if self.jobs is not None else None
        if running is not None:
            self.start_button.set_label(
                self.tr("End {0} and start {1}").format(running.label, chosen.label)
            )
        else:
            self.start_button.set_label(self.tr("Start {0}").format(chosen.label))

    def _apply_permissions(self) -> None:
        may = self.context.may(Action.RUN_JOB)
        for button in (self.pause_button, self.end_button, self.start_button):
            button.setEnabled(may)
        for button in self.queue_buttons.values():
            button.setEnabled(may)

    # -- actions ----------------------------------------------------------------------------------
    def choose(self, job: JobLine) -> None:
        same = self.chosen is not None and self.chosen.job_id == job.job_id
        self.chosen = None if same else job
        for job_id, button in self.queue_buttons.items():
            button.setChecked(self.chosen is not None and job_id == self.chosen.job_id)
        self._show_start()
        self.tap_guard.changed()

    def start_chosen(self) -> None:
        chosen = self.chosen
        if chosen is None:
            return
        running = self.jobs.in_force if self.jobs is not None else None
        if running is None:
            self.start(chosen)
            return
        # Starting the next ends the one running: asked first, like "End job".
        self._ask_first(
            self._end_question(running),
            self.tr("End {0} and start {1}").format(running.label, chosen.label),
            lambda: self.start(chosen),
        )

    def start(self, job: JobLine) -> None:
        machine_id = self.machine_id
        if machine_id is None:
            return
        name = self.context.machine_name(machine_id)
        self._act(
            self.calls.start(machine_id, job.job_id),
            self.tr("{0} started on {1}.").format(job.label, name),
        )

    def start_product(self, product_code: str) -> None:
        """A product scanned that no job of this machine names: an ad-hoc job of it."""
        machine_id = self.machine_id
        if machine_id is None:
            return
        name = self.context.machine_name(machine_id)
        self._act(
            self.calls.start_product(machine_id, product_code),
            self.tr("A job for {0} started on {1}.").format(product_code, name),
        )

    def pause_or_resume(self) -> None:
        job = self.jobs.in_force if self.jobs is not None else None
        if job is None:
            return
        if job.state is JobState.PAUSED:
            self._act(self.calls.resume(job.job_id), self.tr("{0} resumed.").format(job.label))
        else:
            self._act(self.calls.pause(job.job_id), self.tr("{0} paused.").format(job.label))

    def end_job(self) -> None:
        """Ending cannot be taken back: asked first, in words, with what was made so far."""
        job = self.jobs.in_force if self.jobs is not None else None
        if job is None:
            return
        self._ask_first(
            self._end_question(job),
            self.tr("End {0}").format(job.label),
            lambda: self._act(self.calls.end(job.job_id), self.tr("{0} ended.").format(job.label)),
        )

    def _end_question(self, job: JobLine) -> str:
        if job.ordered is None:
            return self.tr("End {0} with {1} made?").format(job.label, count(job.good))
        return self.tr("End {0} with {1} of {2} made?").format(
            job.label, count(job.good), count(job.ordered)
        )

    def _ask_first(self, question: str, confirm: str, then: Callable[[], None]) -> None:
        if self.question is not None:
            self.question.close()
        self.question = ConfirmQuestion(self)
        self.question.ask(question, confirm, self.tr("Keep it running"))
        self.question.accepted.connect(then)
        self.question.open()

    def _act(self, change: StoreChange, confirmation: str) -> None:
        for button in (self.pause_button, self.end_button, self.start_button):
            button.setEnabled(False)
        context = self.context
        catalogue, site, clock, person = (
            context.catalogue,
            context.site,
            context.clock,
            context.person,
        )

        def run(store: EventStore) -> object:
            return change(store, catalogue, site, clock, person)

        def done(_result: object) -> None:
            # On disk by now: the store thread answered after its commit.
            context.problem_gone.emit(STORE_PROBLEM)
            self.chosen = None
            # Every screen reads the store again, this one too (records_changed is its reload).
            context.records_changed.emit()
            if context.sync_worker is not None:
                context.sync_worker.sync_now()
            self._say(confirmation, False)

        def failed(error: BaseException) -> None:
            expected = isinstance(error, (RuleViolation, PermissionDenied))
            log.warning("job change refused: %s", error, exc_info=not expected)
            if is_store_problem(error):
                context.problem_raised.emit(STORE_PROBLEM, lambda: explain(error))
            self._apply_permissions()
            self._say(explain(error), True)
            self.reload()

        context.store_worker.submit(run, on_done=done, on_error=failed)

    def _open_job_page(self) -> None:
        job = self.jobs.in_force if self.jobs is not None else None
        if job is not None:
            self.job_page_requested.emit(job.job_id)

    # -- scans ------------------------------------------------------------------------------------
    def scanned(self, code: str) -> None:
        """A code from the wedge scanner: start (or keep) the job it names on this machine."""
        jobs = self.jobs
        if not self.context.may(Action.RUN_JOB):
            self._say(self.tr("You may not start jobs. Ask your supervisor."), True)
            return
        found: ScanMatch | None = match_scan(jobs, code) if jobs is not None else None
        if found is None or found.job is None:
            self._start_unlisted(code)
            return
        job = found.job
        if jobs is not None and jobs.in_force is not None and jobs.in_force.job_id == job.job_id:
            if job.state is JobState.PAUSED:
                self._act(self.calls.resume(job.job_id), self.tr("{0} resumed.").format(job.label))
            else:
                self._say(self.tr("{0} is already running.").format(job.label), False)
            return
        self.start(job)

    def _start_unlisted(self, code: str) -> None:
        """Not a job of this machine: a product the region knows gets an ad-hoc job."""
        machine_id = self.machine_id
        if machine_id is None:
            return
        site = self.context.site

        def known(product_code: str | None) -> None:
            if product_code is None:
                self._say(
                    self.tr("{0} is no job of this machine and no product it makes.").format(code),
                    True,
                )
            else:
                self.start_product(product_code)

        self.context.store_worker.submit(
            lambda store: self.calls.product_for(store, site, machine_id, code),
            on_done=known,
            on_error=self._failed,
        )

    def _say(self, text: str, problem: bool) -> None:
        # The window's banner alone: a second copy under the buttons read as a second tap.
        self.context.notice.emit(text, problem)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Jobs"))
        self.queue_title.setText(self.tr("Next jobs"))
        self.empty.setText(self.tr("No jobs waiting for this machine."))
        self.end_button.set_label(self.tr("End job"))
        self.figures_button.set_label(self.tr("Job figures"))
        self.scan_hint.setText(self.tr("Scan the order number or the product code to start a job."))
        self._show_in_force()
        self._show_queue()
        # The product names came from the store in the language of that moment.
        self.live.refresh_if_shown()


def _state(jobs: MachineJobs | None) -> tuple[object, ...]:
    if jobs is None:
        return ()
    running = jobs.in_force
    return (
        jobs.machine_id,
        running.job_id if running else None,
        running.state if running else None,
    )
