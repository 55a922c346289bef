"""The job screen's calls into the domain's jobs, in one place.

The screen holds a ``JobCalls`` and never names the domain's modules itself: reading the board
and finding a scanned product run on the store thread with its connection; a change is a
``StoreChange`` the screen runs there for the person signed in, and confirms once it returned
(after the commit).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from operator_app.services.job_board import MachineJobs
from operator_app.services.job_view import JobView
from operator_app.services.shift_summary import ShiftSummary
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import Clock
from shopfloor_core.domain.roster import Person

if TYPE_CHECKING:
    from local_store import EventStore

# A change to run on the store thread: (store, catalogue, site, clock, person) -> result.
StoreChange = Callable[["EventStore", Catalogue, SiteConfig, Clock, Person | None], Any]


class JobCalls(Protocol):
    def board(
        self, store: EventStore, site: SiteConfig, machine_id: str, language: str
    ) -> MachineJobs: ...

    def product_for(
        self, store: EventStore, site: SiteConfig, machine_id: str, code: str
    ) -> str | None: ...

    def figures(
        self, store: EventStore, catalogue: Catalogue, site: SiteConfig, job_id: str, language: str
    ) -> JobView: ...

    def shift_jobs(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig,
        summary: ShiftSummary,
        language: str,
    ) -> tuple[JobView, ...]: ...

    def jobs_between(
        self,
        store: EventStore,
        catalogue: Catalogue,
        site: SiteConfig | None,
        start: datetime,
        end: datetime,
        language: str,
    ) -> tuple[JobView, ...]: ...

    def start(self, machine_id: str, job_id: str) -> StoreChange: ...

    def start_product(self, machine_id: str, product_code: str) -> StoreChange: ...

    def pause(self, job_id: str) -> StoreChange: ...

    def resume(self, job_id: str) -> StoreChange: ...

    def end(self, job_id: str) -> StoreChange: ...


def job_calls() -> JobCalls:
    from operator_app.services.domain_job_calls import DomainJobCalls

    return DomainJobCalls()
