"""Turning a PLC's free-running part counter into parts made, across wraps and resets.

The PLC counts; we poll. Between two polls the counter can only have advanced by as many parts
as the machine can make in that time, and that bound is what tells a wrap-around (the counter
rolled over at 2**bits) from a reset (someone or something set it back to zero):

- a higher value is a normal advance, credited in full when it is plausible;
- a lower value whose wrap-around distance is plausible is a wrap;
- any other lower value is a reset: the counter restarted at zero, so its value is the number
  of parts made since the reset, and that is what is credited.

A jump that no machine could make (a preset, a garbled reply) is credited as nothing and the
counter is followed from its new value: inventing parts is worse than missing a bad reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# How much faster than its ideal cycle a machine may appear to run between two polls before a
# jump counts as implausible; covers poll jitter and a PLC that latches a few parts late.
RATE_SLACK = 2.0
# Parts that may always arrive in one poll, whatever the elapsed time says.
MIN_PLAUSIBLE_STEP = 2


@dataclass(frozen=True)
class CounterStep:
    parts: int
    kind: str  # "first", "advance", "wrap", "reset", "implausible", "same"


class CounterTracker:
    """Follows one counter of ``bits`` width; ``update`` returns the parts since the last one."""

    def __init__(self, bits: int, ideal_cycle_s: float) -> None:
        if bits not in (16, 32, 64):
            raise ValueError(f"counters are 16, 32 or 64 bits wide, not {bits}")
        if ideal_cycle_s <= 0:
            raise ValueError("the ideal cycle time must be positive")
        self.modulus = 1 << bits
        self.ideal_cycle_s = ideal_cycle_s
        self.last: int | None = None

    def max_step(self, elapsed_s: float) -> int:
        """The most parts the machine can plausibly have made in ``elapsed_s``."""
        by_rate = math.ceil(max(elapsed_s, 0.0) / self.ideal_cycle_s * RATE_SLACK)
        return max(MIN_PLAUSIBLE_STEP, by_rate)

    def forget(self) -> None:
        """Start over from the next reading (used after the value's meaning is unknown)."""
        self.last = None

    def update(self, raw: int, elapsed_s: float) -> CounterStep:
        value = raw % self.modulus  # signed readings are taken as their unsigned bit pattern
        previous, self.last = self.last, value
        if previous is None:
            return CounterStep(0, "first")
        if value == previous:
            return CounterStep(0, "same")
        limit = self.max_step(elapsed_s)
        if value > previous:
            advance = value - previous
            if advance <= limit:
                return CounterStep(advance, "advance")
            return CounterStep(0, "implausible")
        wrapped = self.modulus - previous + value
        if wrapped <= limit:
            return CounterStep(wrapped, "wrap")
        if value <= limit:
            return CounterStep(value, "reset")
        return CounterStep(0, "implausible")
