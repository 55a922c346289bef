"""What every screen shares: the site, the standards in force, who is signed in, the store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from operator_app.screens.language import Translations
from operator_app.screens.messages import explain, is_store_problem
from operator_app.site_config import SiteConfig
from operator_app.workers.store_worker import Failed, StoreWorker
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.permissions import Action, allowed
from shopfloor_core.domain.roster import Person, Roster, language_for
from widgets.reason_grid import ReasonChoice

if TYPE_CHECKING:
    from local_store import EventStore
    from operator_app.services.capture import CaptureService
    from operator_app.services.service_call import ServiceCall
    from operator_app.services.standards import StandardsInForce
    from shopfloor_core.domain.workflows import WorkflowSet

R = TypeVar("R")
# The cause of a standing problem raised when the local store refuses a write.
STORE_PROBLEM = "store"
log = logging.getLogger(__name__)


class AppContext(QObject):
    person_changed = Signal(object)
    catalogue_changed = Signal()
    # A regional bundle came into force: roster, calendar, workflows, targets or modules changed.
    standards_changed = Signal()
    # Emitted after every capture the store confirmed, so lists and states refresh.
    records_changed = Signal()
    language_changed = Signal(str)
    # A sentence for the operator and whether it reports a problem.
    notice = Signal(str, bool)
    # A capture confirmed on disk that its author may still take back: (sentence, event id).
    undo_offered = Signal(str, str)
    # A later capture built on that one (the stop ended): its undo is no longer offered.
    undo_withdrawn = Signal(str)
    # A later step on that capture confirmed on disk (the stop named): (sentence, event id). It
    # takes the capture's undo offer over while that is on screen, so one message says what
    # happened and Undo stays in reach; otherwise it is a passing notice.
    capture_confirmed = Signal(str, str)
    # A problem that lasts while its cause does: (cause, a function giving the sentence in the
    # current language). Withdrawn by problem_gone(cause) when the cause reports healthy.
    problem_raised = Signal(str, object)
    problem_gone = Signal(str)

    def __init__(
        self,
        site: SiteConfig,
        catalogue: Catalogue,
        store_worker: StoreWorker,
        translations: Translations | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.catalogue = catalogue
        self.roster = Roster(site.roster)
        # The roster before the last standards change, to tell whose entry the region changed.
        self.previous_roster = self.roster
        # Read when first asked for (after sign-in): the sign-in screen needs no workflow.
        self._workflows: WorkflowSet | None = None
        self.standards: StandardsInForce | None = None
        self.store_worker = store_worker
        self.translations = translations or Translations()
        self.person: Person | None = None
        # The services' time; tests fix it to check time limits without waiting.
        self.clock: Clock = utc_now
        # Set by the machine-data and sync capabilities when they run; screens check for None.
        self.machine_monitor: Any = None
        self.sync_worker: Any = None
        # The language of the sign-in screen, which every sign-out returns to.
        self.default_language = site.language
        # Each person's own last choice on this PC, read from the store once it is open.
        self.chosen_languages: dict[str, str] = {}
        store_worker.opened.connect(self._read_chosen_languages)

    # -- who is signed in ---------------------------------------------------------------------
    def sign_in(self, person: Person) -> None:
        """``person`` works from now on, in their own language (not the last person's)."""
        self.person = person
        remembered = self.chosen_languages.get(person.person_id)
        wanted = language_for(person, remembered, self.default_language)
        if not self._work_in(wanted):
            self._work_in(self.default_language)
        self.person_changed.emit(person)

    def sign_out(self) -> None:
        self.person = None
        self._work_in(self.default_language)
        self.person_changed.emit(None)

    def _work_in(self, language: str) -> bool:
        # Every screen retranslates on a switch; a sign-in in the same language needs none.
        return language == self.language or self.set_language(language)

    def may(self, action: Action) -> bool:
        """Whether to offer an action; the services check again whatever this says."""
        return self.person is not None and allowed(self.person, action)

    # -- standards ------------------------------------------------------------------------------
    def set_catalogue(self, catalogue: Catalogue) -> None:
        if catalogue.version != self.catalogue.version:
            self.catalogue = catalogue
            self.catalogue_changed.emit()

    def set_standards(self, standards: StandardsInForce) -> None:
        """Run on ``standards`` from now on; whoever is signed in stays signed in."""
        if standards == self.standards:
            return
        self.standards = standards
        self.site = standards.site
        self.previous_roster = self.roster
        self.roster = Roster(standards.site.roster)
        self.workflows = standards.workflows
        self.set_catalogue(standards.catalogue)
        self.standards_changed.emit()

    def module_on(self, module: str | None) -> bool:
        """Whether the region switched ``module`` on for this plant (None: always on)."""
        if module is None or self.standards is None:
            return True
        return self.standards.module_on(module)

    def oee_target(self, machine_id: str) -> float | None:
        return None if self.standards is None else self.standards.oee_target(machine_id)

    @property
    def workflows(self) -> WorkflowSet:
        """The workflows in force: the region's last bundle's, else the bundled ones."""
        if self._workflows is None:
            from shopfloor_core.domain.workflows import bundled_workflows

            self._workflows = bundled_workflows(self.catalogue)
        return self._workflows

    @workflows.setter
    def workflows(self, workflows: WorkflowSet) -> None:
        self._workflows = workflows

    @property
    def language(self) -> str:
        return self.translations.language

    def set_language(self, language: str) -> bool:
        if not self.translations.switch(language):
            return False
        self.language_changed.emit(language)
        return True

    def choose_language(self, language: str) -> bool:
        """The signed-in person switches language: theirs from now on, on this PC."""
        if not self.set_language(language):
            return False
        person = self.person
        if person is not None:
            # Loaded by the store thread by now; not before the first paint (see local_store).
            from local_store.person_languages import remember_language

            self.chosen_languages[person.person_id] = language
            at = self.clock()
            self.store_worker.submit(
                lambda store: remember_language(store.db, person.person_id, language, at),
                on_error=lambda error: self.notice.emit(explain(error), True),
            )
        return True

    def _read_chosen_languages(self, error: BaseException | None) -> None:
        if error is None:
            from local_store.person_languages import chosen_languages

            self.store_worker.submit(
                lambda store: chosen_languages(store.db), on_done=self._chosen_languages_read
            )

    def _chosen_languages_read(self, chosen: dict[str, str]) -> None:
        # A choice made while the store was being read is newer than what it held.
        person = self.person
        late = person is not None and person.person_id not in self.chosen_languages
        self.chosen_languages = {**chosen, **self.chosen_languages}
        # Someone who signed in before the store answered gets their own choice now.
        if late and person is not None and person.person_id in chosen:
            self._work_in(chosen[person.person_id])

    def machine_name(self, machine_id: str) -> str:
        """The machine's name in the current language; its id when the site has no such one."""
        try:
            return self.site.machine(machine_id).name_in(self.language)
        except KeyError:
            return machine_id

    def reason_choices(self, kind: CategoryKind) -> Callable[[str | None], list[ReasonChoice]]:
        catalogue, language = self.catalogue, self.language

        def children_of(code: str | None) -> list[ReasonChoice]:
            return [
                ReasonChoice(c.code, c.label(language), c.is_leaf)
                for c in catalogue.choices(kind, code)
            ]

        return children_of

    def reason_label(self, code: str | None) -> str:
        if code is None:
            return ""
        try:
            return self.catalogue.label(code, self.language)
        except (KeyError, RuleViolation):
            return code

    # -- the store ------------------------------------------------------------------------------
    def capture(
        self,
        call: ServiceCall[CaptureService, R],
        *,
        on_done: Callable[[R], None] | None = None,
        on_error: Failed | None = None,
    ) -> int:
        """Run ``call`` on the store thread for whoever is signed in now.

        ``on_done`` runs only after the commit returned, so whatever it shows is on disk. A
        store that cannot be written is a problem that stays on screen until a capture works.
        """
        catalogue, site, person, clock = self.catalogue, self.site, self.person, self.clock
        from operator_app.services.capture import CaptureService

        def run(store: EventStore) -> R:
            return call.run(CaptureService(store, catalogue, site, clock), person)

        def done(result: R) -> None:
            self.problem_gone.emit(STORE_PROBLEM)
            self.records_changed.emit()
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            # The operator reads a sentence; IT needs a trace of what was refused and why.
            expected = isinstance(error, (RuleViolation, PermissionDenied))
            who = person.person_id if person is not None else "nobody"
            log.warning("%s by %s refused: %s", call.name, who, error, exc_info=not expected)
            if is_store_problem(error):
                self.problem_raised.emit(STORE_PROBLEM, lambda: explain(error))
            if on_error is not None:
                on_error(error)

        return self.store_worker.submit(run, on_done=done, on_error=failed)
