"""A call to a service method, typed and bound where it is made, run where the store lives.

Screens build a ``ServiceCall`` on the GUI thread and hand it to the store thread, which makes
the service there (it needs that thread's connection) and runs the call for the person signed
in. Unlike a method name in a string, mypy checks the method and its arguments; and the
arguments are taken now, so a screen that changes meanwhile cannot change what is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, Generic, ParamSpec, TypeVar

from shopfloor_core.domain.roster import Person

P = ParamSpec("P")
S = TypeVar("S")
R = TypeVar("R")


class ServiceCall(Generic[S, R]):
    """``ServiceCall(CaptureService.categorize, event_id, code)`` runs
    ``service.categorize(person, event_id, code)`` on a ``CaptureService`` made later."""

    def __init__(
        self,
        method: Callable[Concatenate[S, Person | None, P], R],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> None:
        self.name = getattr(method, "__name__", repr(method))

        def run(service: S, person: Person | None) -> R:
            return method(service, person, *args, **kwargs)

        self._run = run

    def run(self, service: S, person: Person | None) -> R:
        return self._run(service, person)

    def __repr__(self) -> str:
        return f"ServiceCall({self.name})"
