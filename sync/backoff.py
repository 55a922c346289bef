"""Waiting out an outage: exponential delays with full jitter, capped, reset on success.

Full jitter (a random delay between zero and the exponential bound) keeps a plant's line PCs
from all returning at the same second after the network comes back.
"""

from __future__ import annotations

import random
from collections.abc import Callable


class Backoff:
    def __init__(
        self,
        base_s: float = 5.0,
        cap_s: float = 600.0,
        *,
        random_fraction: Callable[[], float] = random.random,
    ) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self._random = random_fraction

    def bound(self) -> float:
        """The longest wait after the current number of failures."""
        if self.failures == 0:
            return 0.0
        return float(min(self.cap_s, self.base_s * 2.0 ** min(self.failures - 1, 32)))

    def failed(self) -> float:
        """Count a failure and return how long to wait before the next try."""
        self.failures += 1
        bound = self.bound()
        # Never less than a tenth of the bound: a zero wait would hammer a failing server.
        return bound * (0.1 + 0.9 * self._random())

    def succeeded(self) -> None:
        self.failures = 0
