"""Andon calls as the screens use them: raise one, move it on, read the line's open calls.

Each change is decided on the call's current revision read inside the write transaction that
appends the next, so a station never builds on a revision it has not seen. The other stations'
revisions come in with the pull; a change built on a call another station moved on meanwhile
is refused by the store (``StaleRevision``) and the screen shows the call afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from operator_app.services.write_lock import deciding_under_write_lock
from operator_app.site_config import SiteConfig
from shopfloor_core.domain import andon
from shopfloor_core.domain.andon import CallRevision, Team
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.clock import Clock, utc_now
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.roster import Person

if TYPE_CHECKING:
    from local_store import EventStore
    from local_store.andon_calls import AndonCalls


def _calls(store: EventStore) -> AndonCalls:
    # Imported on first use, on the store thread: the sign-in screen names this module.
    from local_store.andon_calls import AndonCalls

    return AndonCalls(store)


class AndonService:
    def __init__(
        self, store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: Clock = utc_now
    ) -> None:
        self.store = store
        self.calls = _calls(store)
        self.catalogue = catalogue
        self.site = site
        self.clock = clock

    @deciding_under_write_lock
    def raise_call(
        self,
        person: Person | None,
        machine_id: str,
        team: Team,
        *,
        reason_code: str | None = None,
        note: str = "",
    ) -> CallRevision:
        """Call ``team`` to ``machine_id``; one open call per machine and team is enough."""
        try:
            self.site.machine(machine_id)
        except KeyError:
            raise RuleViolation("unknown_machine", f"no machine {machine_id} here") from None
        if reason_code is not None:
            self.catalogue.require_leaf(reason_code, CategoryKind.DOWNTIME)
        for call in self.calls.open_calls():
            if (call.machine_id, call.team, call.stamp.line) == (
                machine_id,
                team,
                self.site.line,
            ):
                raise RuleViolation(
                    "already_called",
                    f"{team.value} is already called to {machine_id}",
                    call_id=call.call_id,
                )
        call = andon.raise_call(
            person,
            machine_id=machine_id,
            team=team,
            at=self.clock(),
            stamp=self.site.stamp,
            reason_code=reason_code,
            catalogue_version=self.catalogue.version if reason_code else None,
            note=note,
        )
        self.calls.append(call)
        return call

    def acknowledge(self, person: Person | None, call_id: str) -> CallRevision:
        return self._move(
            call_id, lambda c, at: andon.acknowledge(c, person, at=at, stamp=self.site.stamp)
        )

    def arrive(self, person: Person | None, call_id: str) -> CallRevision:
        return self._move(
            call_id, lambda c, at: andon.arrive(c, person, at=at, stamp=self.site.stamp)
        )

    def close(self, person: Person | None, call_id: str, note: str = "") -> CallRevision:
        return self._move(
            call_id, lambda c, at: andon.close(c, person, at=at, stamp=self.site.stamp, note=note)
        )

    def cancel(self, person: Person | None, call_id: str, why: str = "") -> CallRevision:
        return self._move(
            call_id, lambda c, at: andon.cancel(c, person, at=at, stamp=self.site.stamp, why=why)
        )

    @deciding_under_write_lock
    def _move(
        self, call_id: str, step: Callable[[CallRevision, datetime], CallRevision]
    ) -> CallRevision:
        current = self.calls.current(call_id)
        if current is None:
            raise RuleViolation("unknown_call", f"no call {call_id} on this station")
        revision = step(current, self.clock())
        self.calls.append(revision)
        return revision

    # -- reading ------------------------------------------------------------------------------
    def open_calls(self) -> list[CallRevision]:
        return self.calls.open_calls()


def open_calls(store: EventStore) -> list[CallRevision]:
    """The open calls this station knows of: its own and those pulled from the region."""
    return _calls(store).open_calls()


def current_call(store: EventStore, call_id: str) -> CallRevision | None:
    return _calls(store).current(call_id)
