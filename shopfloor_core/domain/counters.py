"""Turning a PLC's part counter into parts made, across wraps, resets, outages and restarts.

The PLC counts; we poll. Between two readings the counter can only have advanced by as many
parts as the machine can make in that time (``max_step``: the ideal cycle time with some slack,
and never less than a few parts a reading). That bound decides what a reading means:

- a higher value is an advance, credited in full when it is plausible; an implausible one is a
  **jump** (a garbled reply, a word order wrong, a counter set by hand): nothing is credited and
  the counter is followed from its new value;
- a lower value is a **reset**: the counter restarted at its *preset* (the value a PLC's counter
  restarts at; 0 unless the tag map says otherwise), so what it shows above the preset was made
  since the reset, credited when that is plausible for the time since the last reading. Parts
  made between the last reading and the reset cannot be seen by anyone and are not guessed;
- a lower value the counter can also reach by wrapping round at ``2**bits`` is a **wrap**. From
  one reading the two cannot be told apart, so only what it shows above zero (or above its
  preset) is credited: a wrap then misses the few parts before the top, a reset invents nothing.
  Likewise a counter below its preset (after a wrap) that comes back at or above it may have
  restarted: only what it shows above the preset is credited.

The last reading outlives the client (the store keeps it): a client started again ``resume``s
from it, so what the counter moved on while nobody read it is credited, bounded by what the
machine can make in that time. Every reading after such a **gap**, every reset and every jump is
a discontinuity the caller records with the values before and after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

# How much faster than its ideal cycle a machine may appear to run between two readings before
# a jump counts as implausible; covers poll jitter and a PLC that latches a few parts late.
RATE_SLACK = 2.0
# Parts that may always arrive in one reading, whatever the elapsed time says.
MIN_PLAUSIBLE_STEP = 2
# A reading this many poll intervals after the last one follows a gap (an outage, a client
# that was not running): what it credits is recorded for a supervisor to see.
GAP_POLLS = 5
# The step of a 32-bit counter read with its words the wrong way round.
WORD = 1 << 16


class StepKind(StrEnum):
    FIRST = "first"  # nothing to compare with: the counter is followed from here
    SAME = "same"
    ADVANCE = "advance"
    WRAP = "wrap"
    RESET = "reset"
    JUMP = "jump"  # an advance no machine can make in the time: not credited


@dataclass(frozen=True)
class CounterStep:
    parts: int
    kind: StepKind
    before: int | None = None
    after: int | None = None
    elapsed_s: float = 0.0
    gap: bool = False  # the first reading after an outage or a restart of the client

    @property
    def discontinuity(self) -> str | None:
        """What a supervisor should see about this step: "reset", "jump", "gap", or None."""
        if self.kind in (StepKind.RESET, StepKind.JUMP):
            return self.kind.value
        if self.gap and self.kind in (StepKind.ADVANCE, StepKind.WRAP):
            return "gap"  # the counter moved while nobody read it: what was made then
        return None

    @property
    def looks_like_word_order(self) -> bool:
        """A move by whole multiples of 65,536: the low word counting in the high one."""
        if self.before is None or self.after is None or self.after == self.before:
            return False
        return (self.after - self.before) % WORD == 0


class CounterTracker:
    """Follows one counter of ``bits`` width; ``update`` returns the parts since the last one."""

    def __init__(
        self,
        bits: int,
        ideal_cycle_s: float,
        *,
        preset: int = 0,
        poll_interval_s: float = 1.0,
    ) -> None:
        if bits not in (16, 32, 64):
            raise ValueError(f"counters are 16, 32 or 64 bits wide, not {bits}")
        if ideal_cycle_s <= 0:
            raise ValueError("the ideal cycle time must be positive")
        if not 0 <= preset < 1 << bits:
            raise ValueError(f"a {bits}-bit counter's preset is 0 to {(1 << bits) - 1}")
        self.modulus = 1 << bits
        self.ideal_cycle_s = ideal_cycle_s
        self.preset = preset
        self.gap_s = GAP_POLLS * max(poll_interval_s, 0.0)
        self.last: int | None = None
        self._resumed = False

    def max_step(self, elapsed_s: float) -> int:
        """The most parts the machine can plausibly have made in ``elapsed_s``."""
        by_rate = math.ceil(max(elapsed_s, 0.0) / self.ideal_cycle_s * RATE_SLACK)
        return max(MIN_PLAUSIBLE_STEP, by_rate)

    def forget(self) -> None:
        """Start over from the next reading (used after the value's meaning is unknown)."""
        self.last = None
        self._resumed = False

    def resume(self, last: int) -> None:
        """Go on from a reading an earlier run of the client kept; the next one follows a gap."""
        self.last = last % self.modulus
        self._resumed = True

    def update(self, raw: int, elapsed_s: float) -> CounterStep:
        """The reading ``raw``, ``elapsed_s`` after the last one (or the resumed one)."""
        value = raw % self.modulus  # signed readings are taken as their unsigned bit pattern
        previous, self.last = self.last, value
        gap = self._resumed or elapsed_s > self.gap_s
        self._resumed = False
        if previous is None:
            return CounterStep(0, StepKind.FIRST, None, value, elapsed_s)

        def step(parts: int, kind: StepKind) -> CounterStep:
            return CounterStep(parts, kind, previous, value, elapsed_s, gap)

        if value == previous:
            return step(0, StepKind.SAME)
        limit = self.max_step(elapsed_s)
        if value > previous:
            advance = value - previous
            if advance > limit:
                return step(0, StepKind.JUMP)
            if previous < self.preset <= value:
                # Below its preset (only after a wrap) a counter that comes back at or above it
                # may have counted on or restarted at it: only what it shows above is credited.
                return step(value - self.preset, StepKind.RESET)
            return step(advance, StepKind.ADVANCE)
        wrapped = self.modulus - previous + value
        if wrapped <= limit and self.preset > value:
            # Below a preset no restart lands: only a wrap gets there, and it is exact.
            return step(wrapped, StepKind.WRAP)
        since = value - self.preset if value >= self.preset else value
        credited = since if since <= limit else 0
        return step(credited, StepKind.WRAP if wrapped <= limit else StepKind.RESET)
