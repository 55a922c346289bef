"""Service methods that read, decide, then write do all three under the store's write lock."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol, TypeVar

if TYPE_CHECKING:
    from local_store import EventStore


class UsesStore(Protocol):
    store: EventStore


S = TypeVar("S", bound=UsesStore)
P = ParamSpec("P")
R = TypeVar("R")


def deciding_under_write_lock(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """Run the whole method in one write transaction of ``self.store``.

    The checks a capture depends on ("already down", overlaps, the revision it builds on)
    then see exactly the store the write lands in: two stations, or the operator and the
    machine monitor, can never both pass the same check. Nested calls join the outer
    transaction.
    """

    @functools.wraps(method)
    def in_transaction(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.write():
            return method(self, *args, **kwargs)

    return in_transaction
