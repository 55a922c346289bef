"""The supervisor's shift: KPIs with their provenance, losses, corrections, handover, sign-off.

Every figure is computed on the store thread from the local store alone; the screen shows the
last result and asks again after each change, so it opens at once and never waits on the disk.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from local_store import EventStore
from operator_app.screens.andon_words import shift_calls_text
from operator_app.screens.app_context import AppContext
from operator_app.screens.formatting import duration, local_time, micro_stop_words, percent
from operator_app.screens.shift_jobs import ShiftJobs
from operator_app.screens.shift_messages import explain_shift
from operator_app.screens.signoff_confirmation import SignOffConfirmation
from operator_app.screens.sync_words import delivery_status
from operator_app.services.corrections import CorrectionService
from operator_app.services.job_calls import job_calls
from operator_app.services.service_call import ServiceCall
from operator_app.services.shift_signoff import ShiftSignoffService
from operator_app.services.shift_summary import ShiftSummary, recent_shifts, shift_summary
from operator_app.site_config.tag_map import TagRole
from shopfloor_core.domain.catalogue import CategoryKind
from shopfloor_core.domain.events import EventRevision, renaming_is_correction
from shopfloor_core.domain.permissions import Action
from shopfloor_core.domain.shifts import Shift
from shopfloor_core.domain.signoff import SignOffFigures
from sync.overview import DeliveryOverview, delivery_overview
from widgets.keypad import NumericKeypad
from widgets.pareto_chart import ParetoChart
from widgets.reason_grid import ReasonGrid
from widgets.retranslating import Retranslating
from widgets.style import (
    GAP_PX,
    MIN_TOUCH_PX,
    PROBLEM_COLOUR,
    PROBLEM_TEXT,
    SLIM_BUTTON_TEXT_PX,
)
from widgets.touch_button import TouchButton
from widgets.touch_scrolling import show_all_rows, touch_page, touch_scrolling, touch_table
from widgets.wrapped_label import WrappedLabel

SHIFTS_OFFERED = 30
REFRESH_MS = 60_000
COUNTER_LINES = 5  # discontinuities listed by name; the rest are counted
EVENT_ID = Qt.ItemDataRole.UserRole


# The region's shift names, translated when shown; a plant's own names are shown as written.
SHIFT_NAMES = {
    "Early": QT_TRANSLATE_NOOP("Shifts", "Early"),
    "Late": QT_TRANSLATE_NOOP("Shifts", "Late"),
    "Night": QT_TRANSLATE_NOOP("Shifts", "Night"),
    "Day": QT_TRANSLATE_NOOP("Shifts", "Day"),
}


def shift_name(name: str) -> str:
    source = SHIFT_NAMES.get(name)
    return QCoreApplication.translate("Shifts", str(source)) if source else name


class SupervisorScreen(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary: ShiftSummary | None = None
        self.shifts: list[Shift] = recent_shifts(context.site, SHIFTS_OFFERED, clock=context.clock)
        self.index = 0
        self.loading = False
        self.confirmation: SignOffConfirmation | None = None
        self.delivery: DeliveryOverview | None = None
        self.jobs_calls = job_calls()

        # The shift on a line of its own, its state between the buttons that choose another: on
        # a 1024x700 window every line above the tabs is taken from the stops and the keypad.
        header = QWidget(self)
        header.setObjectName("ShiftHeader")
        # Its buttons at the touch floor, as the rail's: the lists below get the height.
        header.setStyleSheet(f"#ShiftHeader QPushButton {{ min-height: {SLIM_BUTTON_TEXT_PX}px; }}")
        self.earlier_button = TouchButton("", header)
        self.earlier_button.clicked.connect(lambda: self.choose(self.index + 1))
        self.later_button = TouchButton("", header)
        self.later_button.clicked.connect(lambda: self.choose(self.index - 1))
        self.current_button = TouchButton("", header)
        self.current_button.clicked.connect(lambda: self.choose(0))
        self.shift_label = WrappedLabel(header)
        self.shift_label.setProperty("role", "title")
        self.state_label = WrappedLabel(header)
        choosing = QHBoxLayout()
        choosing.addWidget(self.earlier_button)
        choosing.addWidget(self.state_label, 2)
        choosing.addWidget(self.later_button)
        choosing.addWidget(self.current_button)
        header_box = QVBoxLayout(header)
        header_box.setContentsMargins(0, 0, 0, 0)
        header_box.setSpacing(GAP_PX // 2)
        header_box.addWidget(self.shift_label)
        header_box.addLayout(choosing)

        self.tabs = QTabWidget(self)
        # -- overview
        overview = QWidget(self)
        # Where delivery to the region stands: a supervisor answers for records leaving the PC.
        # Read with the figures, and again at the handover where the shift is signed off.
        self.sync_label = WrappedLabel(overview)
        self.kpi_table = QTableWidget(0, 11, overview)
        self.kpi_table.verticalHeader().hide()
        self.kpi_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        touch_table(self.kpi_table)
        self.quality_label = QLabel(overview)
        self.quality_label.setWordWrap(True)
        self.counters_label = QLabel(overview)
        self.counters_label.setWordWrap(True)
        # Andon calls of the shift: the MTTR in its two halves (waiting for help, repair).
        self.calls_label = QLabel(overview)
        self.calls_label.setWordWrap(True)
        self.provenance_label = QLabel(overview)
        self.provenance_label.setProperty("role", "muted")
        self.provenance_label.setWordWrap(True)
        self.provenance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hours_table = QTableWidget(0, 0, overview)
        self.hours_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        touch_table(self.hours_table)
        # The jobs that ran in the shift, each with its own figures (the ERP's view of it).
        self.jobs = ShiftJobs(context, overview)
        self.job_page_requested = self.jobs.job_page_requested
        self.job_screen_requested = self.jobs.job_screen_requested
        overview_box = QVBoxLayout(overview)
        overview_box.addWidget(self.sync_label)
        overview_box.addWidget(self.kpi_table)
        overview_box.addWidget(self.jobs)
        overview_box.addWidget(self.quality_label)
        overview_box.addWidget(self.counters_label)
        overview_box.addWidget(self.calls_label)
        overview_box.addWidget(self.provenance_label)
        overview_box.addWidget(self.hours_table)
        overview_box.addStretch(1)
        # The tables show all their rows and the page scrolls as one: on a 768 px screen two
        # tables that each scroll inside a scrolling page leave no room for either.
        self.overview_page = touch_page(overview, self)
        # -- losses
        losses = QWidget(self)
        # The chart is built when its tab is first opened: a plot widget is the dearest part
        # of this screen to build, and the screen must open without a pause.
        self.pareto: ParetoChart | None = None
        self.scrap_table = QTableWidget(0, 3, losses)
        self.scrap_table.verticalHeader().hide()
        self.scrap_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        touch_table(self.scrap_table)
        # The reason takes what the counts leave: their headers must not be cut.
        scrap_header = self.scrap_table.horizontalHeader()
        scrap_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            scrap_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.losses_box = QHBoxLayout(losses)
        self.losses_box.addWidget(self.scrap_table, 1)
        # -- events and corrections
        events = QWidget(self)
        self.event_pages = QStackedWidget(events)
        list_page = QWidget(events)
        self.event_list = QListWidget(list_page)
        touch_scrolling(self.event_list)
        # Asked for in the field itself, before the reason tree opens, when a change needs one:
        # on a 768 px screen a line of its own would take the list's last visible row.
        self.why_asked = False
        self.why = QLineEdit(list_page)
        self.why.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a tap, never the tab chain
        self.why.setMinimumHeight(MIN_TOUCH_PX)
        self.why.textChanged.connect(self._why_typed)
        self.rename_button = TouchButton("", list_page)
        self.rename_button.clicked.connect(self.start_rename)
        self.split_button = TouchButton("", list_page)
        self.split_button.clicked.connect(self.start_split)
        self.merge_button = TouchButton("", list_page)
        self.merge_button.clicked.connect(self.merge_with_next)
        self.note_button = TouchButton("", list_page)
        self.note_button.clicked.connect(self.start_note)
        actions = QHBoxLayout()
        for button in (self.rename_button, self.split_button, self.merge_button, self.note_button):
            actions.addWidget(button)
        list_box = QVBoxLayout(list_page)
        list_box.setContentsMargins(0, 0, 0, 0)
        list_box.addWidget(self.event_list, 1)
        list_box.addWidget(self.why)
        list_box.addLayout(actions)
        # Each page's way back to the list sits beside what it shows, never under it: below,
        # it took the height the reasons' last row or the keypad's last row needs at 1024x700.
        reason_page = QWidget(events)
        self.reason_grid = ReasonGrid(context.reason_choices(CategoryKind.DOWNTIME), reason_page)
        grid_box = self.reason_grid.layout()
        if grid_box is not None:  # the events page's margin is the grid's
            grid_box.setContentsMargins(0, 0, 0, 0)
        self.reason_grid.leaf_chosen.connect(self.rename)
        self.back_button = TouchButton("", reason_page)
        self.back_button.clicked.connect(lambda: self._show_event_page(0))
        reason_side = QVBoxLayout()
        reason_side.addWidget(self.back_button)
        reason_side.addStretch(1)
        reason_box = QHBoxLayout(reason_page)
        reason_box.setContentsMargins(0, 0, 0, 0)
        reason_box.addWidget(self.reason_grid, 1)
        reason_box.addLayout(reason_side)
        split_page = QWidget(events)
        self.split_prompt = QLabel(split_page)
        self.split_prompt.setWordWrap(True)
        self.split_keypad = NumericKeypad(split_page, max_length=4, minimum=1)
        self.split_keypad.setMaximumWidth(460)
        self.split_keypad.accepted.connect(self.split)
        self.split_back_button = TouchButton("", split_page)
        self.split_back_button.clicked.connect(lambda: self._show_event_page(0))
        split_side = QVBoxLayout()
        split_side.addWidget(self.split_prompt)
        split_side.addWidget(self.split_back_button)
        split_side.addStretch(1)
        split_box = QHBoxLayout(split_page)
        split_box.setContentsMargins(0, 0, 0, 0)
        split_box.addLayout(split_side, 1)
        split_box.addWidget(self.split_keypad)
        note_page = QWidget(events)
        self.event_note = QPlainTextEdit(note_page)
        self.event_note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a tap, never the tab chain
        self.save_note_button = TouchButton("", note_page, primary=True)
        self.save_note_button.clicked.connect(self.save_note)
        self.note_back_button = TouchButton("", note_page)
        self.note_back_button.clicked.connect(lambda: self._show_event_page(0))
        note_buttons = QHBoxLayout()
        note_buttons.addWidget(self.note_back_button)
        note_buttons.addWidget(self.save_note_button)
        note_box = QVBoxLayout(note_page)
        note_box.setContentsMargins(0, 0, 0, 0)
        note_box.addWidget(self.event_note, 1)
        note_box.addLayout(note_buttons)
        for page in (list_page, reason_page, split_page, note_page):
            self.event_pages.addWidget(page)
        events_box = QVBoxLayout(events)
        events_box.addWidget(self.event_pages, 1)
        # -- handover and sign-off
        handover = QWidget(self)
        self.handover_list = QListWidget(handover)
        touch_scrolling(self.handover_list)
        self.handover_list.setWordWrap(True)  # half the width: long notes wrap
        self.handover_text = QPlainTextEdit(handover)
        self.handover_text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a tap, never the tab chain
        self.add_note_button = TouchButton("", handover)
        self.add_note_button.clicked.connect(self.add_handover_note)
        self.sign_off_button = TouchButton("", handover, primary=True)
        self.sign_off_button.clicked.connect(self.sign_off)
        # A running shift cannot be signed off yet: said in the button's place, with the way
        # to the shift that can (a grey button that said nothing was taken for a fault).
        self.sign_off_hint = WrappedLabel(handover)
        self.sign_off_hint.hide()
        self.earlier_sign_off_button = TouchButton("", handover, primary=True)
        self.earlier_sign_off_button.clicked.connect(lambda: self.choose(self.index + 1))
        self.earlier_sign_off_button.hide()
        self.handover_sync_label = WrappedLabel(handover)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_note_button)
        buttons.addWidget(self.sign_off_hint, 1)
        buttons.addWidget(self.earlier_sign_off_button)
        buttons.addWidget(self.sign_off_button)
        # The notes so far beside the one being written, not above it: under the four
        # delivery sentences the sign-off went 19 px out of a 1024x700 window. The note being
        # written above its Add button, the notes so far above the sign-off.
        notes = QHBoxLayout()
        notes.addWidget(self.handover_text, 1)
        notes.addWidget(self.handover_list, 1)
        handover_box = QVBoxLayout(handover)
        handover_box.setContentsMargins(GAP_PX // 2, GAP_PX // 2, GAP_PX // 2, GAP_PX // 2)
        handover_box.addLayout(notes, 1)
        handover_box.addWidget(self.handover_sync_label)
        handover_box.addLayout(buttons)
        self.tabs.addTab(self.overview_page, "")
        self.tabs.addTab(losses, "")
        self.tabs.addTab(events, "")
        self.tabs.addTab(handover, "")

        self.tabs.currentChanged.connect(self._tab_opened)
        # Counts arrive from the PLC without any capture: the current shift is refreshed on a
        # slow timer while the screen is shown.
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self._refresh_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(GAP_PX, GAP_PX // 2, GAP_PX, GAP_PX // 2)
        layout.setSpacing(GAP_PX // 2)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        context.records_changed.connect(self.reload)
        context.standards_changed.connect(self._new_calendar)
        context.person_changed.connect(lambda _p: self._next_person())
        if context.sync_worker is not None:
            context.sync_worker.status_changed.connect(lambda _s: self._load_delivery())
        context.language_changed.connect(
            lambda _l: self.reason_grid.set_children_of(
                context.reason_choices(CategoryKind.DOWNTIME)
            )
        )
        self.retranslate_ui()

    # -- loading --------------------------------------------------------------------------------
    @property
    def shift(self) -> Shift:
        return self.shifts[self.index]

    def showEvent(self, event: Any) -> None:
        now = self.context.clock()
        if self.shifts and not self.shifts[0].start_utc <= now < self.shifts[0].end_utc:
            # Another shift may have begun while the screen was away (or the clock was set back).
            fresh = recent_shifts(self.context.site, SHIFTS_OFFERED, clock=self.context.clock)
            if [f.shift_id for f in fresh] != [s.shift_id for s in self.shifts]:
                self.shifts, self.index = fresh, 0
        self.reload()
        self.refresh_timer.start()
        super().showEvent(event)

    def _next_person(self) -> None:
        """Whoever signs in next starts on the current shift's summary, not on the shift and
        tab the person before left it at."""
        self.index = 0
        self.tabs.setCurrentIndex(0)
        self._describe_shift()
        self._enable()

    def hideEvent(self, event: Any) -> None:
        self.refresh_timer.stop()
        # Qt gives a page coming back the focus it last had: a note field typed in before
        # would take it again and bring the keyboard up with nobody tapping it.
        focused = self.focusWidget()
        if focused is not None:
            focused.clearFocus()
        super().hideEvent(event)

    def _new_calendar(self) -> None:
        """A regional calendar came into force: offer its shifts, from the current one."""
        self.shifts = recent_shifts(self.context.site, SHIFTS_OFFERED, clock=self.context.clock)
        self.index = 0
        if self.isVisible():
            self.reload()
        else:
            self._describe_shift()

    def _refresh_current(self) -> None:
        if self.index == 0 and not self.loading:
            self.reload()

    def choose(self, index: int) -> None:
        self.index = max(0, min(index, len(self.shifts) - 1))
        self._describe_shift()
        self.reload()

    def reload(self) -> None:
        if not self.shifts:
            return
        catalogue, site, shift = self.context.catalogue, self.context.site, self.shift
        standards, clock = self.context.standards, self.context.clock
        products = standards.products if standards is not None else None
        self.loading = True

        def compute(store: EventStore) -> ShiftSummary:
            return shift_summary(store, catalogue, site, shift, products=products, clock=clock)

        self.context.store_worker.submit(compute, on_done=self._show, on_error=self._failed)
        self._load_delivery()

    def _load_delivery(self) -> None:
        self.context.store_worker.submit(delivery_overview, on_done=self._show_delivery)

    def _show_delivery(self, overview: DeliveryOverview) -> None:
        self.delivery = overview
        lines, problem = delivery_status(self.context, overview)
        for label in (self.sync_label, self.handover_sync_label):
            label.setText(" ".join(lines))
            label.setStyleSheet(PROBLEM_TEXT if problem else "")

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.context.notice.emit(explain_shift(error), True)

    def _show(self, summary: ShiftSummary) -> None:
        self.loading = False
        if summary.shift.shift_id != self.shift.shift_id:
            return  # an answer for a shift no longer shown
        self.summary = summary
        self._render()
        self._load_jobs(summary)

    def _load_jobs(self, summary: ShiftSummary) -> None:
        catalogue, site, language = self.context.catalogue, self.context.site, self.context.language
        calls = self.jobs_calls

        def jobs_of(store: EventStore) -> tuple[Any, ...]:
            return calls.shift_jobs(store, catalogue, site, summary, language)

        def show(jobs: tuple[Any, ...]) -> None:
            if self.summary is summary:
                self.jobs.show_jobs(jobs)

        self.context.store_worker.submit(jobs_of, on_done=show, on_error=self._failed)

    # -- rendering ------------------------------------------------------------------------------
    def _describe_shift(self) -> None:
        if not self.shifts:
            self.shift_label.setText(self.tr("No shift in the calendar yet"))
            return
        shift, zone = self.shift, self.context.site.timezone
        name = shift_name(shift.name)
        start = local_time(shift.start_utc, zone, with_date=True)
        end = local_time(shift.end_utc, zone, with_date=True)
        if shift.crew:
            label = self.tr("{0} shift, crew {1}: {2} to {3} ({4})").format(
                name, shift.crew, start, end, duration(shift.duration)
            )
        else:
            label = self.tr("{0} shift: {1} to {2} ({3})").format(
                name, start, end, duration(shift.duration)
            )
        self.shift_label.setText(label)
        self.earlier_button.setEnabled(self.index < len(self.shifts) - 1)
        self.later_button.setEnabled(self.index > 0)

    def _render(self) -> None:
        summary = self.summary
        if summary is None:
            return
        self._describe_shift()
        names = {m.machine_id: m.name_in(self.context.language) for m in self.context.site.machines}
        locale = QLocale()
        rows = [(names.get(m.machine_id, m.machine_id), m) for m in summary.machines]
        self.kpi_table.setRowCount(len(rows) + 1)
        line = summary.line
        entries: list[tuple[str, Any]] = [
            *rows,
            (self.tr("Line {0}").format(self.context.site.line), line),
        ]
        for row, (name, kpi) in enumerate(entries):
            machine_id = getattr(kpi, "machine_id", None)
            # Each job's time at its product's rate (the machine's own outside jobs).
            target = summary.target(machine_id) if machine_id else None
            oee_target = self.context.oee_target(machine_id) if machine_id else None
            values = [
                name,
                percent(kpi.oee),
                percent(oee_target),
                percent(kpi.availability),
                self._performance(kpi),
                percent(kpi.quality),
                locale.toString(kpi.good),
                locale.toString(target) if target is not None else "—",
                duration(timedelta(seconds=kpi.downtime_s)),
                duration(timedelta(seconds=kpi.mtbf_s)) if kpi.mtbf_s is not None else "—",
                duration(timedelta(seconds=kpi.mttr_s)) if kpi.mttr_s is not None else "—",
            ]
            for column, text in enumerate(values):
                self.kpi_table.setItem(row, column, QTableWidgetItem(text))
        self.kpi_table.resizeColumnsToContents()
        show_all_rows(self.kpi_table)
        to_name = len(summary.uncategorized)
        self.quality_label.setText(
            self.tr(
                'Downtime with a reason: {0} %. Under "Other": {1} %. Stops still to name: {2}.'
            ).format(
                percent(summary.categorized_share),
                percent(summary.other_share),
                locale.toString(to_name),
            )
        )
        self.counters_label.setText(self._counter_lines(summary, names))
        self.calls_label.setText(shift_calls_text(summary.calls))
        p = summary.provenance
        self.provenance_label.setText(
            self.tr(
                "Computed with catalogue {0}, formula {1}, shift calendar {2}. Micro-stops: {3}"
            ).format(
                p.catalogue_version, p.formula_variant, p.shift_calendar_version, micro_stop_words()
            )
        )
        self._render_hours(summary, names)
        self._render_pareto()
        self.scrap_table.setRowCount(len(summary.scrap))
        for row, line_ in enumerate(summary.scrap):
            for column, text in enumerate(
                [
                    self._reason(line_.reason_code),
                    locale.toString(line_.quantity),
                    locale.toString(line_.records),
                ]
            ):
                self.scrap_table.setItem(row, column, QTableWidgetItem(text))
        self._render_events(summary)
        self.handover_list.clear()
        for note in summary.handover:
            author = self._person(note.author)
            self.handover_list.addItem(
                self.tr("{0}, {1}: {2}").format(
                    local_time(note.recorded_utc, self.context.site.timezone), author, note.text
                )
            )
        if summary.signoff is not None:
            state = self.tr("Signed off by {0} at {1}. Changes now need a reason.").format(
                self._person(summary.signoff.author),
                local_time(summary.signoff.signed_utc, self.context.site.timezone, with_date=True),
            )
        elif summary.is_over:
            state = self.tr("Shift over, not signed off yet.")
        else:
            state = self.tr("Shift running: figures up to {0}.").format(
                local_time(summary.now, self.context.site.timezone)
            )
        self.state_label.setText(state)
        self._enable()

    def _counter_lines(self, summary: ShiftSummary, names: dict[str, str]) -> str:
        """The data-quality line of the part counters: each reset, jump and gap, newest first."""
        seen = summary.counter_discontinuities
        if not seen:
            return self.tr("Part counters: no restart, jump or gap this shift.")
        locale, zone = QLocale(), self.context.site.timezone
        lines = [self.tr("Part counter discontinuities this shift: %n.", "", len(seen))]
        for d in list(reversed(seen))[:COUNTER_LINES]:
            values = (
                local_time(d.at, zone),
                names.get(d.machine_id, d.machine_id),
                self._counter_name(d.machine_id, d.tag),
                locale.toString(d.before) if d.before is not None else "—",
                locale.toString(d.after),
                locale.toString(d.credited),
            )
            if d.kind == "reset":
                # "parts credited: 1", never "1 parts": no plural to get wrong in any language.
                text = self.tr("{0} {1}, {2}: counter restarted, {3} to {4}; parts credited: {5}.")
            elif d.kind == "jump":
                text = self.tr("{0} {1}, {2}: impossible jump, {3} to {4}; nothing credited.")
            else:
                text = self.tr(
                    "{0} {1}, {2}: read again after a gap, {3} to {4}; parts credited: {5}."
                )
            lines.append(text.format(*values))
        if len(seen) > COUNTER_LINES:
            lines.append(
                self.tr("… and {0} earlier.").format(locale.toString(len(seen) - COUNTER_LINES))
            )
        return "\n".join(lines)

    def _counter_name(self, machine_id: str, tag_name: str) -> str:
        """A counter as the supervisor calls it, in their language: never the PLC tag's name."""
        machine = next((m for m in self.context.site.machines if m.machine_id == machine_id), None)
        tag = next((t for t in machine.tags if t.name == tag_name), None) if machine else None
        if tag is None:
            return tag_name  # a tag since taken out of the site file: its name is all there is
        if tag.role is TagRole.GOOD_COUNTER:
            return self.tr("good parts")
        if tag.role is TagRole.REJECT_COUNTER:
            return self.tr("rejects")
        return str(tag.label_in(self.context.language))

    def _performance(self, kpi: Any) -> str:
        if getattr(kpi, "performance_capped", False):
            # Counted more than the ideal cycle allows: the ideal cycle time is probably wrong.
            return self.tr("{0} (capped)").format(percent(kpi.performance))
        return percent(kpi.performance)

    def _tab_opened(self, index: int) -> None:
        if index == 1 and self.pareto is None:
            self.pareto = ParetoChart(self)
            self.pareto.set_axis_titles(self.tr("Minutes"), self.tr("Cumulative %"))
            self.losses_box.insertWidget(0, self.pareto, 3)
            self._render_pareto()

    def _render_pareto(self) -> None:
        if self.pareto is None or self.summary is None:
            return
        bars = self.summary.pareto
        self.pareto.set_bars(
            [self._reason(b.reason_code) for b in bars],
            [b.seconds / 60 for b in bars],
            [b.planned for b in bars],
        )

    def _render_hours(self, summary: ShiftSummary, names: dict[str, str]) -> None:
        machines = [m.machine_id for m in summary.machines]
        starts = sorted({h.hour_start for h in summary.hours})
        self.hours_table.setRowCount(len(starts))
        self.hours_table.setColumnCount(len(machines))
        self.hours_table.setHorizontalHeaderLabels([names.get(m, m) for m in machines])
        self.hours_table.setVerticalHeaderLabels(
            [local_time(s, self.context.site.timezone) for s in starts]
        )
        locale = QLocale()
        for hour in summary.hours:
            text = (
                self.tr("{0} of {1}").format(
                    locale.toString(hour.good), locale.toString(hour.target)
                )
                if hour.target is not None
                else locale.toString(hour.good)
            )
            self.hours_table.setItem(
                starts.index(hour.hour_start),
                machines.index(hour.machine_id),
                QTableWidgetItem(text),
            )
        self.hours_table.resizeColumnsToContents()
        show_all_rows(self.hours_table)

    def _render_events(self, summary: ShiftSummary) -> None:
        selected = self.selected_event_id()
        self.event_list.clear()
        late = {e.event_id for e in summary.late_edits}
        zone = self.context.site.timezone
        for event in summary.downtimes:
            reason = self._reason(event.reason_code)
            text = self.tr("{0} {1} for {2}: {3}").format(
                local_time(event.start_utc, zone),
                self.context.machine_name(event.machine_id),
                duration(event.duration(summary.now)),
                reason,
            )
            if event.note:
                text = self.tr("{0} — {1}").format(text, event.note)
            if event.event_id in late:
                text = self.tr("{0} [changed after sign-off]").format(text)
            item = QListWidgetItem(text)
            item.setData(EVENT_ID, event.event_id)
            self.event_list.addItem(item)
            if event.event_id == selected:
                self.event_list.setCurrentItem(item)

    def _reason(self, code: str | None) -> str:
        return self.context.reason_label(code) if code else self.tr("(no reason yet)")

    def _person(self, person_id: str) -> str:
        person = self.context.roster.get(person_id)
        return person.name if person is not None else person_id

    def _enable(self) -> None:
        may = self.context.may
        for button in (self.rename_button, self.split_button, self.merge_button):
            button.setEnabled(may(Action.CORRECT_EVENT))
        self.note_button.setEnabled(may(Action.ADD_NOTE))
        signed = self.summary is not None and self.summary.signoff is not None
        over = self.summary is not None and self.summary.is_over
        self.sign_off_button.setEnabled(may(Action.SIGN_OFF_SHIFT) and over and not signed)
        running = self.summary is not None and not over and may(Action.SIGN_OFF_SHIFT)
        self.sign_off_hint.setVisible(running)
        self.earlier_sign_off_button.setVisible(running and self.index < len(self.shifts) - 1)
        self.sign_off_button.setVisible(not running)
        self.add_note_button.setEnabled(
            may(Action.WRITE_HANDOVER) and (not signed or may(Action.EDIT_SIGNED_OFF))
        )

    # -- corrections ----------------------------------------------------------------------------
    def selected_event_id(self) -> str | None:
        item = self.event_list.currentItem()
        return str(item.data(EVENT_ID)) if item is not None else None

    def selected_event(self) -> EventRevision | None:
        event_id = self.selected_event_id()
        if self.summary is None or event_id is None:
            return None
        return next((e for e in self.summary.downtimes if e.event_id == event_id), None)

    def _need_selection(self) -> EventRevision | None:
        event = self.selected_event()
        if event is None:
            self.context.notice.emit(self.tr("Choose a stop in the list first."), True)
        return event

    def _correct(self, correction: ServiceCall[CorrectionService, Any]) -> None:
        catalogue, site, person = self.context.catalogue, self.context.site, self.context.person

        def call(store: EventStore) -> Any:
            return correction.run(CorrectionService(store, catalogue, site), person)

        def done(_result: Any) -> None:
            self.why.clear()
            self._show_event_page(0)
            self.context.notice.emit(self.tr("Saved."), False)
            self.context.records_changed.emit()

        self.context.store_worker.submit(
            call, on_done=done, on_error=lambda e: self.context.notice.emit(explain_shift(e), True)
        )

    def _show_event_page(self, index: int) -> None:
        # The focus on the list, not in the why: a why still focused brought the touch keyboard
        # up over the list each time a supervisor came back to it.
        self.event_list.setFocus()
        self.event_pages.setCurrentIndex(index)

    def _why_typed(self, text: str) -> None:
        if text.strip() and self.why_asked:
            self.why_asked = False
            self._show_why_request()

    def _why_missing(self, needed: bool) -> bool:
        """Ask for the why here, before any choice is made, when the change will need one."""
        signed = self.summary is not None and self.summary.signoff is not None
        if not (needed or signed) or self.why.text().strip():
            return False
        self.why_asked = True
        self._show_why_request()
        self.why.setFocus()
        return True

    def _show_why_request(self) -> None:
        if self.why_asked:
            self.why.setPlaceholderText(self.tr("This change needs a why: type it here first."))
            self.why.setStyleSheet(f"QLineEdit {{ border: 3px solid {PROBLEM_COLOUR}; }}")
        else:
            self.why.setPlaceholderText(self.tr("Why (needed to change a reason, split or merge)"))
            self.why.setStyleSheet("")

    def start_rename(self) -> None:
        event = self._need_selection()
        if event is None or self._why_missing(renaming_is_correction(event)):
            return
        self.reason_grid.reset()
        self._show_event_page(1)

    def rename(self, code: str) -> None:
        event = self._need_selection()
        if event is not None:
            self._correct(
                ServiceCall(
                    CorrectionService.recategorize, event.event_id, code, why=self.why.text()
                )
            )

    def start_split(self) -> None:
        event = self._need_selection()
        if event is None or self._why_missing(True):
            return
        # The split moment must lie inside the stop: the last whole minute before its end.
        latest = math.ceil(event.duration(self.context.clock()).total_seconds() / 60) - 1
        if latest < 1:
            self.context.notice.emit(
                self.tr("This stop is too short to split: it lasted less than a minute."), True
            )
            return
        self.split_keypad.clear()
        self.split_keypad.set_range(1, latest)
        self.split_prompt.setText(
            self.tr("Split the stop of {0} at {1}: after how many minutes?").format(
                self.context.machine_name(event.machine_id),
                local_time(event.start_utc, self.context.site.timezone),
            )
        )
        self._show_event_page(2)

    def split(self, digits: str) -> None:
        event = self._need_selection()
        if event is not None:
            at = event.start_utc + timedelta(minutes=int(digits))
            self._correct(
                ServiceCall(CorrectionService.split, event.event_id, at, why=self.why.text())
            )

    def merge_with_next(self) -> None:
        event = self._need_selection()
        if event is None or self.summary is None or self._why_missing(True):
            return
        later = [
            e
            for e in self.summary.downtimes
            if e.machine_id == event.machine_id and e.start_utc > event.start_utc
        ]
        if not later:
            self.context.notice.emit(self.tr("There is no later stop of this machine."), True)
            return
        self._correct(
            ServiceCall(
                CorrectionService.merge, event.event_id, later[0].event_id, why=self.why.text()
            )
        )

    def start_note(self) -> None:
        event = self._need_selection()
        if event is not None:
            self.event_note.setPlainText(event.note)
            self._show_event_page(3)

    def save_note(self) -> None:
        event = self._need_selection()
        if event is not None:
            self._correct(
                ServiceCall(
                    CorrectionService.annotate,
                    event.event_id,
                    self.event_note.toPlainText(),
                    why=self.why.text(),
                )
            )

    # -- handover and sign-off ------------------------------------------------------------------
    def _shift_action(
        self, action: ServiceCall[ShiftSignoffService, Any], *, done_text: str
    ) -> None:
        catalogue, site, person = self.context.catalogue, self.context.site, self.context.person
        standards = self.context.standards
        products = standards.products if standards is not None else None

        def call(store: EventStore) -> Any:
            return action.run(
                ShiftSignoffService(store, catalogue, site, products=products), person
            )

        def done(_result: Any) -> None:
            self.context.notice.emit(done_text, False)
            self.reload()

        self.context.store_worker.submit(
            call, on_done=done, on_error=lambda e: self.context.notice.emit(explain_shift(e), True)
        )

    def add_handover_note(self) -> None:
        text = self.handover_text.toPlainText()
        self.handover_text.clear()
        self._shift_action(
            ServiceCall(ShiftSignoffService.add_handover_note, self.shift.shift_id, text),
            done_text=self.tr("Handover note saved."),
        )

    def sign_off(self) -> None:
        """The first tap shows the shift's figures; only confirming them signs the shift off."""
        catalogue, site, person = self.context.catalogue, self.context.site, self.context.person
        shift_id = self.shift.shift_id

        def call(store: EventStore) -> SignOffFigures:
            return ShiftSignoffService(store, catalogue, site).preview(person, shift_id)

        self.context.store_worker.submit(
            call,
            on_done=self._ask_to_sign_off,
            on_error=lambda e: self.context.notice.emit(explain_shift(e), True),
        )

    def _ask_to_sign_off(self, figures: SignOffFigures) -> None:
        if figures.shift_id != self.shift.shift_id:
            return  # another shift was chosen meanwhile
        self.confirmation = SignOffConfirmation(figures, self.shift_label.text(), self)
        self.confirmation.confirmed.connect(
            lambda seen, empty: self._shift_action(
                ServiceCall(
                    ShiftSignoffService.sign_off,
                    figures.shift_id,
                    seen=seen,
                    empty_confirmed=empty,
                ),
                done_text=self.tr("Shift signed off."),
            )
        )
        self.confirmation.open()

    def retranslate_ui(self) -> None:
        self.earlier_button.setText(self.tr("◀ Earlier"))
        self.later_button.setText(self.tr("Later ▶"))
        self.current_button.setText(self.tr("Current shift"))
        self.tabs.setTabText(0, self.tr("Overview"))
        self.tabs.setTabText(1, self.tr("Losses"))
        self.tabs.setTabText(2, self.tr("Stops"))
        self.tabs.setTabText(3, self.tr("Handover"))
        self.kpi_table.setHorizontalHeaderLabels(
            [
                self.tr("Machine"),
                self.tr("OEE %"),
                self.tr("OEE target %"),
                self.tr("Availability %"),
                self.tr("Performance %"),
                self.tr("Quality %"),
                self.tr("Good"),
                self.tr("Target"),
                self.tr("Downtime"),
                self.tr("MTBF"),
                self.tr("MTTR"),
            ]
        )
        self.scrap_table.setHorizontalHeaderLabels(
            [self.tr("Scrap reason"), self.tr("Parts"), self.tr("Records")]
        )
        header = self.scrap_table.horizontalHeader()
        self.scrap_table.setMinimumWidth(
            sum(header.sectionSizeHint(c) for c in range(3))
            + 2 * self.scrap_table.frameWidth()
            + self.scrap_table.verticalScrollBar().sizeHint().width()
        )
        if self.pareto is not None:
            self.pareto.set_axis_titles(self.tr("Minutes"), self.tr("Cumulative %"))
        self._show_why_request()
        self.rename_button.setText(self.tr("Change reason"))
        self.split_button.setText(self.tr("Split"))
        self.merge_button.setText(self.tr("Merge with next"))
        self.note_button.setText(self.tr("Note"))
        self.save_note_button.setText(self.tr("Save note"))
        for back in (self.back_button, self.split_back_button, self.note_back_button):
            back.setText(self.tr("Back to the list"))
        self.handover_text.setPlaceholderText(self.tr("Handover note for the next shift"))
        self.add_note_button.setText(self.tr("Add handover note"))
        self.sign_off_button.setText(self.tr("Sign off shift"))
        self.sign_off_hint.setText(
            self.tr("This shift is still running; it is signed off once it has ended.")
        )
        self.earlier_sign_off_button.setText(self.tr("◀ Sign off the shift before"))
        self._describe_shift()
        self._render()
        if self.delivery is not None:
            self._show_delivery(self.delivery)
