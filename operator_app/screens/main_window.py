"""The one window of the line PC: a navigation rail, feedback, the current screen, status."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from local_store.errors import StoreUnavailable
from operator_app.screens.app_context import STORE_PROBLEM, AppContext
from operator_app.screens.keyboard_dock import KeyboardDock
from operator_app.screens.login import LoginScreen
from operator_app.screens.messages import explain
from operator_app.screens.navigation import SCREENS, ScreenEntry
from operator_app.screens.screen_viewport import ScreenViewport
from operator_app.screens.standing_problems import watch_machine_data
from operator_app.services.capture import CaptureService
from operator_app.services.service_call import ServiceCall
from operator_app.site_config.model import SUPPORTED_LANGUAGES
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.permissions import Action
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.undo import UNDO_WINDOW
from widgets.retranslating import Retranslating
from widgets.side_rail import RailButton, SideRail
from widgets.style import GAP_PX, MIN_TOUCH_PX, Status
from widgets.toast import Toast
from widgets.touch_keyboard import TouchKeyboard
from widgets.undo_banner import UndoBanner

if TYPE_CHECKING:
    from operator_app.screens.andon_screen import AndonScreen
    from operator_app.screens.home import HomeScreen
    from operator_app.screens.note import NoteScreen
    from operator_app.screens.reason import ReasonScreen
    from operator_app.screens.scrap import ScrapScreen

log = logging.getLogger(__name__)

# Names of languages in themselves, so anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
DRAFT_SAVE_DELAY_MS = 800
# A touch button (3 px border both sides, no padding above or below) in a framed banner (2 px):
# room kept for messages so none moves the page, and no more of a 700 px panel than that.
FEEDBACK_HEIGHT_PX = MIN_TOUCH_PX + 2 * 3 + 2 * 2
# The Undo button goes before the service's limit does: a tap on it must still be in time.
UNDO_OFFER_S = UNDO_WINDOW.total_seconds() - 5


def _waiting_draft(store: Any, person: Person) -> dict[str, Any] | None:
    # On the store thread: local_store loads sqlite-utils (and numpy) after the first paint.
    from local_store.drafts import waiting_draft

    return waiting_draft(store, person)


def _may_draft(person: Person, screen: str) -> bool:
    from local_store.drafts import may_draft  # loaded by the store thread by then

    return may_draft(person, screen)


def _recovery_notices(path: Path) -> list[str]:
    # On the store thread, which has loaded the store's modules by then (see local_store).
    from local_store.database import recovery_notices

    return recovery_notices(path)


class MainWindow(Retranslating, QMainWindow):
    # Built by build_work_screens (imported there: the sign-in screen needs none of them).
    home: HomeScreen
    reason: ReasonScreen
    scrap: ScrapScreen
    note: NoteScreen
    andon: AndonScreen

    def __init__(
        self, context: AppContext, *, kiosk: bool = False, work_screens: bool = True
    ) -> None:
        super().__init__()
        self.context = context
        self.kiosk = kiosk
        self.setObjectName("MainWindow")
        self.setMinimumSize(1024, 700)

        self.rail = SideRail(self)
        # Who is signed in heads the rail; the line, which never changes, sits in the status bar
        # so the rail keeps its height for places.
        self.line_title = QLabel(self)
        self.line_title.setProperty("role", "title")
        self.person_label = self.rail.add_label(QLabel(self.rail))
        self.person_label.setProperty("role", "title")
        self.home_button = self.rail.add_button("places")
        self.home_button.clicked.connect(self.go_home)
        self.nav_buttons: dict[str, RailButton] = {}
        for entry in SCREENS:
            button = self.rail.add_button("places")
            button.clicked.connect(lambda _=False, e=entry: self.open_screen(e))
            self.nav_buttons[entry.key] = button
        self.language_button = self.rail.add_button("bottom")
        self.language_button.clicked.connect(self.next_language)
        self.sign_out_button = self.rail.add_button("bottom")
        self.sign_out_button.clicked.connect(self.sign_out)

        self.toast = Toast(self)
        self.undo_banner = UndoBanner(self)
        self.undo_banner.undo_requested.connect(self.undo_capture)
        self.stack = QStackedWidget(self)
        self.login = LoginScreen(context, self)
        self.stack.addWidget(self.login)
        self.screens: dict[str, QWidget] = {}
        self._reason_return: QWidget | None = None
        self._job_page_from: QWidget | None = None

        central = QWidget(self)
        # Feedback has a slot that never collapses, signed in or not: a banner that comes and
        # goes must not move the buttons below it under a finger on its way down.
        self.feedback = QWidget(central)
        self.feedback.setFixedHeight(FEEDBACK_HEIGHT_PX)
        feedback_row = QHBoxLayout(self.feedback)
        feedback_row.setContentsMargins(0, 0, 0, 0)
        feedback_row.addWidget(self.toast, 1)
        feedback_row.addWidget(self.undo_banner, 1)
        column = QVBoxLayout()
        column.addWidget(self.feedback)
        column.addWidget(ScreenViewport(self.stack, central), 1)
        # Docked below the screen, never over it: the field typed into stays in sight, and the
        # rail beside keeps every place in reach while typing.
        self.keyboard = TouchKeyboard(central, language=context.language)
        column.addWidget(self.keyboard)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, GAP_PX, 0)
        layout.addWidget(self.rail)
        layout.addLayout(column, 1)
        self.keyboard_dock = KeyboardDock(
            self.keyboard, self, enabled=context.site.on_screen_keyboard
        )
        context.language_changed.connect(self.keyboard.set_language)
        self.setCentralWidget(central)
        self.store_status = QLabel(self)
        self.sync_status = QLabel(self)
        self.statusBar().addWidget(self.line_title)
        self.statusBar().addWidget(self.store_status, 1)
        self.statusBar().addPermanentWidget(self.sync_status)

        self.login.signed_in.connect(self.sign_in)
        context.notice.connect(self.show_notice)
        context.problem_raised.connect(self.toast.raise_problem)
        context.problem_gone.connect(self.toast.withdraw)
        # A refusal is about what was on screen, for whoever tried it: another screen, another
        # person or a capture that worked ends it.
        self.stack.currentChanged.connect(lambda _i: self.toast.clear_passing())
        self.stack.currentChanged.connect(lambda _i: self._mark_current())
        context.person_changed.connect(lambda _person: self.toast.clear_passing())
        context.records_changed.connect(self.toast.clear_passing)
        context.undo_offered.connect(self.offer_undo)
        context.undo_withdrawn.connect(self._withdraw_undo)
        context.capture_confirmed.connect(self.confirm_capture)
        context.person_changed.connect(lambda _person: self.undo_banner.withdraw())
        context.standards_changed.connect(self._standards_changed)
        context.store_worker.opened.connect(self._store_opened)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)

        self._store_ready = False
        self.retranslate_ui()
        self._show_signed_out()
        if work_screens:
            self.build_work_screens()

    def build_work_screens(self) -> None:
        """The screens after sign-in; ``start_client`` builds them after the first paint."""
        if hasattr(self, "home"):
            return
        from operator_app.screens.andon_screen import AndonScreen
        from operator_app.screens.home import HomeScreen
        from operator_app.screens.note import NoteScreen
        from operator_app.screens.reason import ReasonScreen
        from operator_app.screens.scrap import ScrapScreen

        context = self.context
        self.home = HomeScreen(context, self)
        self.reason = ReasonScreen(context, self)
        self.scrap = ScrapScreen(context, self)
        self.note = NoteScreen(context, self)
        self.andon = AndonScreen(context, self)
        for page in (self.home, self.reason, self.scrap, self.note, self.andon):
            self.stack.addWidget(page)
        self.home.reason_requested.connect(self.ask_reason)
        self.home.scrap_requested.connect(self.enter_scrap)
        self.home.note_requested.connect(self.enter_note)
        for page in (self.reason, self.scrap, self.note):
            page.finished.connect(self._capture_finished)
        self.home.calls_strip.call_requested.connect(self.call_for_help)
        self.home.calls_strip.call_opened.connect(self.open_call)
        self.andon.finished.connect(self.go_home)
        self.scrap.draft_changed.connect(self._draft_changed)
        self.note.draft_changed.connect(self._draft_changed)
        self.reason.grid.path_changed.connect(lambda _p: self._draft_changed())
        # Here, not in __init__: the machine monitor is built just before these screens.
        if context.machine_monitor is not None:
            watch_machine_data(context.machine_monitor, context)

    # -- signing in and out ---------------------------------------------------------------------
    def sign_in(self, person: Person) -> None:
        self.build_work_screens()
        self.context.sign_in(person)
        self.person_label.setText(person.name)
        self._show_offered_screens()
        for widget in (self.home_button, self.sign_out_button, *self._nav_visible()):
            widget.setEnabled(True)
        self.home_button.show()
        self.sign_out_button.show()
        self.rail.fit()
        self.go_home()
        self.home.reload()
        self.context.store_worker.submit(
            lambda store: _waiting_draft(store, person), on_done=self._restore_draft
        )

    def sign_out(self) -> None:
        """Keep what was half made for its author, then hand the screen back to the login."""
        self.save_draft()
        self.context.sign_out()
        self._show_signed_out()

    def sign_out_after_quiet(self, quiet: timedelta) -> None:
        """The inactivity watch signs someone out: the sign-in screen says why, and whether
        what they were doing waits for them."""
        kept = self.current_draft() is not None
        self.sign_out()
        self.login.explain_quiet_sign_out(quiet, kept)

    def badge_scanned(self, badge: str) -> None:
        person = self.context.roster.by_badge(badge)
        if person is None and self.wants_codes():
            # On the job screen a run of digits no badge has is an order number.
            self.code_scanned(badge)
            return
        if person is None:
            self.show_notice(self.tr("Badge not recognised. Ask your supervisor."), True)
            return
        current = self.context.person
        if current is not None and current.person_id == person.person_id:
            return
        if current is not None:
            self.sign_out()
        self.sign_in(person)

    def wants_codes(self) -> bool:
        """Whether a scanned order number or product code means something on screen now."""
        jobs = self.screens.get("jobs")
        return (
            jobs is not None
            and self.context.person is not None
            and self.stack.currentWidget() is jobs
        )

    def code_scanned(self, code: str) -> None:
        jobs = self.screens.get("jobs")
        if jobs is not None and self.wants_codes():
            jobs.scanned(code)  # type: ignore[attr-defined]

    def open_job_page(self, job_id: str) -> None:
        from operator_app.screens.job_page import JobPage

        page = self.screens.get("job-page")
        if page is None:
            page = JobPage(self.context, self)
            self.screens["job-page"] = page
            self.stack.addWidget(page)
            page.closed.connect(self._leave_job_page)
        assert isinstance(page, JobPage)
        self._job_page_from = self.stack.currentWidget()
        page.show_job(job_id)
        self.stack.setCurrentWidget(page)

    def _leave_job_page(self) -> None:
        # Back where the page was opened from: the jobs, or the shift's figures.
        back = self._job_page_from
        if back is not None and self.stack.indexOf(back) >= 0:
            self.stack.setCurrentWidget(back)
        else:
            self.go_home()

    def _show_signed_out(self) -> None:
        self.person_label.clear()
        for button in self.nav_buttons.values():
            button.hide()
        self.home_button.hide()
        self.sign_out_button.hide()
        self.login.reset()
        self.stack.setCurrentWidget(self.login)

    def _nav_visible(self) -> list[RailButton]:
        return [b for b in self.nav_buttons.values() if not b.isHidden()]

    # -- navigation -----------------------------------------------------------------------------
    def go_home(self) -> None:
        if self.context.person is None:
            return
        self.stack.setCurrentWidget(self.home)

    def ask_reason(self, machine_id: str, event_id: str) -> None:
        if not self.context.may(Action.CATEGORIZE):
            # Asked first, not refused after the reason was chosen (the domain refuses as well).
            self.show_notice(self.tr("Your role cannot name a stop's reason."), True)
            return
        current = self.stack.currentWidget()
        # Named from the list of stops to name: back to that list after, for the next one.
        listed = self.screens.get("uncategorized")
        self._reason_return = current if listed is not None and current is listed else None
        self.reason.start(machine_id, event_id)
        self.stack.setCurrentWidget(self.reason)

    def call_for_help(self) -> None:
        # The machine that is down is the one help is most likely needed at.
        overview = self.home.overview
        stopped = next(iter(overview.open_downtime), None) if overview is not None else None
        self.andon.start_call(stopped)
        self.stack.setCurrentWidget(self.andon)

    def open_call(self, call_id: str) -> None:
        self.andon.show_call(call_id)
        self.stack.setCurrentWidget(self.andon)

    def enter_scrap(self) -> None:
        if not self.scrap.has_entry():
            self.scrap.start()
        self.stack.setCurrentWidget(self.scrap)

    def enter_note(self) -> None:
        self.stack.setCurrentWidget(self.note)
        self.note.text.setFocus()

    def _mark_current(self) -> None:
        page = self.stack.currentWidget()
        if page is getattr(self, "home", None):  # built after the first paint
            self.rail.mark_current(self.home_button)
            return
        key = next((k for k, screen in self.screens.items() if screen is page), None)
        entry = next((e for e in SCREENS if e.key == key), None)
        person = self.context.person
        if entry and entry.reached_from and person and not entry.on_rail(person.role):
            key = entry.reached_from  # off this person's rail: mark where they came from
        self.rail.mark_current(self.nav_buttons.get(key) if key is not None else None)

    def _offered(self, entry: ScreenEntry) -> bool:
        person = self.context.person
        return (
            person is not None
            and entry.offered_to(person.role)
            and self.context.module_on(entry.module)
        )

    def _show_offered_screens(self) -> None:
        person = self.context.person
        for entry in SCREENS:
            on_rail = person is not None and entry.on_rail(person.role)
            self.nav_buttons[entry.key].setVisible(self._offered(entry) and on_rail)

    def open_screen_by_key(self, key: str) -> QWidget | None:
        """A screen reached from another screen rather than the rail (``reached_from``)."""
        entry = next((e for e in SCREENS if e.key == key), None)
        return self.open_screen(entry) if entry is not None else None

    def _standards_changed(self) -> None:
        """A module the region switched off closes, even with someone on its screen; a person
        whose entry the region's new roster drops, or changes to another role, is signed out
        (their draft kept): what they may do is decided by the roster in force, not the one
        they signed in under."""
        person = self.context.person
        if person is None:
            return
        listed = self.context.roster.get(person.person_id)
        if listed != self.context.previous_roster.get(person.person_id):
            if listed is None or listed.role is not person.role:
                self.sign_out()
                self.show_notice(
                    self.tr(
                        "The region changed the roster: {0} is signed out. Anything half made "
                        "is kept. Sign in again, or ask your supervisor."
                    ).format(person.name),
                    True,
                )
                return
            # A new name, badge or PIN: the same person with the same rights.
            self.context.person = listed
            self.person_label.setText(listed.name)
            self.rail.fit()
        self._show_offered_screens()
        current = self.stack.currentWidget()
        for entry in SCREENS:
            if self.screens.get(entry.key) is current and not self._offered(entry):
                self.go_home()

    def open_screen(self, entry: ScreenEntry) -> QWidget | None:
        if not self._offered(entry):
            return None
        screen = self.screens.get(entry.key)
        if screen is None:
            try:
                screen = entry.load()(self.context, self)  # type: ignore[arg-type]
            except Exception as error:
                log.exception("screen %s could not be built", entry.key)
                self.show_notice(explain(error), True)
                return None
            requested = getattr(screen, "reason_requested", None)
            if requested is not None:
                requested.connect(self.ask_reason)
            job_page = getattr(screen, "job_page_requested", None)
            if job_page is not None:
                job_page.connect(self.open_job_page)
            job_screen = getattr(screen, "job_screen_requested", None)
            if job_screen is not None:
                job_screen.connect(lambda: self.open_screen_by_key("jobs"))
            self.screens[entry.key] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        return screen

    def _capture_finished(self) -> None:
        person = self.context.person
        if person is not None and self.current_draft() is None:
            self.context.store_worker.submit(lambda store: store.discard_draft(person.person_id))
        back, self._reason_return = self._reason_return, None
        if back is not None and self.stack.currentWidget() is self.reason:
            self.stack.setCurrentWidget(back)
        else:
            self.go_home()

    # -- drafts ---------------------------------------------------------------------------------
    def current_draft(self) -> dict[str, Any] | None:
        page = self.stack.currentWidget()
        for key, screen in (("reason", self.reason), ("scrap", self.scrap), ("note", self.note)):
            if page is screen:
                person = self.context.person
                if person is None or not _may_draft(person, key):
                    return None  # an entry the role may not make is not kept to come back to
                draft = screen.draft()
                return {"screen": key, **draft} if draft else None
        return None

    def _draft_changed(self) -> None:
        if self.context.person is not None:
            self._draft_timer.start()

    def save_draft(self) -> None:
        self._draft_timer.stop()
        person = self.context.person
        if person is None:
            return
        draft = self.current_draft()
        if draft is None:
            return
        self.context.store_worker.submit(
            lambda store: store.save_draft(person.person_id, draft),
            on_error=lambda e: self.show_notice(explain(e), True),
        )

    def _restore_draft(self, draft: dict[str, Any] | None) -> None:
        if not draft or self.context.person is None:
            return
        pages: dict[str, ReasonScreen | ScrapScreen | NoteScreen] = {
            "reason": self.reason,
            "scrap": self.scrap,
            "note": self.note,
        }
        screen = pages.get(str(draft.get("screen")))
        if screen is None:
            return
        try:
            screen.restore(draft)
        except (KeyError, TypeError, ValueError):
            log.warning("a saved draft could not be restored: %r", draft)
            return
        self.stack.setCurrentWidget(screen)
        self.show_notice(self.tr("Your unfinished entry is back. Finish it or cancel."), False)

    # -- feedback and status --------------------------------------------------------------------
    def show_notice(self, text: str, problem: bool) -> None:
        self.toast.show_message(text, Status.ALARM if problem else Status.NORMAL)

    def offer_undo(self, text: str, event_id: str) -> None:
        """The confirmation of a capture, with Undo while its author may still take it back."""
        self.toast.clear_passing(confirmations=True)
        self.undo_banner.offer(text, event_id, UNDO_OFFER_S)

    def confirm_capture(self, text: str, event_id: str) -> None:
        """A later step on a capture (its stop named): one message. While that capture's Undo
        is on offer the banner says it, Undo beside it; otherwise a passing notice does."""
        if self.undo_banner.key == event_id and self.undo_banner.isVisible():
            self.toast.clear_passing(confirmations=True)
            self.undo_banner.reword(text)
        else:
            self.show_notice(text, False)

    def _withdraw_undo(self, event_id: str) -> None:
        if self.undo_banner.key == event_id:
            self.undo_banner.withdraw()

    def undo_capture(self, event_id: str) -> None:
        def done(_voided: EventRevision) -> None:
            self.undo_banner.withdraw()
            if self.stack.currentWidget() is self.reason and self.reason.event_id == event_id:
                self.reason.event_id = None
                self._capture_finished()
            self.show_notice(self.tr("Undone. The record is kept in the history as voided."), False)

        def failed(error: BaseException) -> None:
            self.undo_banner.withdraw()
            self.show_notice(explain(error), True)

        self.context.capture(
            ServiceCall(CaptureService.undo, event_id), on_done=done, on_error=failed
        )

    def show_sync_status(self, text: str, problem: bool) -> None:
        self.sync_status.setText(text)
        self.sync_status.setStyleSheet("color: #8b0000; font-weight: bold;" if problem else "")

    def _store_opened(self, error: BaseException | None) -> None:
        self._store_ready = error is None
        if error is None:
            self.store_status.setText(self.tr("Local store ready"))
            self.home.reload()
            path = self.context.site.database_path
            self.context.store_worker.submit(
                lambda _store: _recovery_notices(path), on_done=self._show_recovery
            )
        else:
            reason = error.reason if isinstance(error, StoreUnavailable) else explain(error)
            self.store_status.setText(self._store_closed(reason))
            self.context.problem_raised.emit(STORE_PROBLEM, lambda: self._store_closed(reason))

    def _store_closed(self, reason: str) -> str:
        return self.tr(
            "The local store cannot be opened, so nothing can be recorded. Call IT: {0}"
        ).format(reason)

    def _show_recovery(self, notices: list[str]) -> None:
        """A damaged store was set aside at start: say so until IT has dealt with it."""
        if not notices:
            return
        self._store_ready = False  # keep this text, not "ready", across language changes
        text = self.tr(
            "The local store was damaged and has been replaced; readable records were kept "
            "and the damaged file was set aside. Call IT."
        )
        self.store_status.setText(text)
        self.store_status.setStyleSheet("color: #8b0000; font-weight: bold;")
        self.show_notice(text, True)

    # -- language -------------------------------------------------------------------------------
    def next_language(self) -> None:
        languages = list(SUPPORTED_LANGUAGES)
        following = languages[(languages.index(self.context.language) + 1) % len(languages)]
        if not self.context.choose_language(following):
            self.show_notice(self.tr("That language is not installed on this PC."), True)

    def retranslate_ui(self) -> None:
        site = self.context.site
        self.setWindowTitle(self.tr("Operator client — {0} {1}").format(site.plant, site.line))
        self.line_title.setText(self.tr("Line {0}").format(site.line))
        self.home_button.set_label(self.tr("Home"))
        for entry in SCREENS:
            self.nav_buttons[entry.key].set_label(
                QCoreApplication.translate("Navigation", str(entry.title))
            )
        following = list(SUPPORTED_LANGUAGES)
        index = (following.index(self.context.language) + 1) % len(following)
        self.language_button.set_label(LANGUAGE_NAMES.get(following[index], following[index]))
        self.sign_out_button.set_label(self.tr("Sign out"))
        person = self.context.person
        if person is not None:
            self.person_label.setText(person.name)
        if self._store_ready:
            self.store_status.setText(self.tr("Local store ready"))
        self.rail.fit()

    def closeEvent(self, event: QCloseEvent) -> None:
        # In a kiosk only a supervisor closes the client; anyone else could stop data capture.
        if self.kiosk and not self.context.may(Action.SIGN_OFF_SHIFT):
            event.ignore()
            self.show_notice(self.tr("Only a supervisor can close the client."), True)
            return
        self.save_draft()
        event.accept()
