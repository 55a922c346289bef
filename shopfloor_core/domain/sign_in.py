"""Signing in with a PIN: find the person first, check their one hash, rest them after guesses.

A wrong PIN rests only the person it was typed for: the next operator at the same PC signs in
at once. A person rests ``REST_S`` seconds after ``MAX_WRONG_PINS`` wrong PINs in a row; a badge
still works meanwhile (it proves who is there without the PIN). Time comes from an injected
monotonic clock, so a rest neither ends early nor lasts for ever when the wall clock is set.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from shopfloor_core.domain.roster import Person, verify_pin

MAX_WRONG_PINS = 5
REST_S = 30.0

MonotonicClock = Callable[[], float]


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    WRONG_PIN = "wrong_pin"
    RESTING = "resting"  # too many wrong PINs: wait ``rest_left_s``
    NO_PIN = "no_pin"  # the roster holds no PIN hash for this person: badge only


@dataclass(frozen=True)
class PinCheck:
    outcome: Outcome
    person: Person
    rest_left_s: int = 0  # whole seconds, rounded up, when RESTING
    tries_left: int = 0  # before a rest, when WRONG_PIN


class PinAttempts:
    """Wrong PINs per person, and the rest each one earns."""

    def __init__(
        self,
        clock: MonotonicClock = time.monotonic,
        *,
        max_wrong: int = MAX_WRONG_PINS,
        rest_s: float = REST_S,
    ) -> None:
        self._clock = clock
        self._max_wrong = max_wrong
        self._rest_s = rest_s
        self._wrong: dict[str, int] = {}
        self._resting_until: dict[str, float] = {}

    def rest_left_s(self, person_id: str) -> int:
        """Whole seconds (rounded up) before ``person_id`` may type a PIN again; 0 if now."""
        until = self._resting_until.get(person_id)
        if until is None:
            return 0
        left = until - self._clock()
        if left <= 0:
            del self._resting_until[person_id]
            return 0
        return math.ceil(left)

    def record_wrong(self, person_id: str) -> int:
        """Count a wrong PIN; the tries left before a rest (0: the rest has begun)."""
        wrong = self._wrong.get(person_id, 0) + 1
        if wrong >= self._max_wrong:
            self._wrong.pop(person_id, None)
            self._resting_until[person_id] = self._clock() + self._rest_s
            return 0
        self._wrong[person_id] = wrong
        return self._max_wrong - wrong

    def record_right(self, person_id: str) -> None:
        self._wrong.pop(person_id, None)
        self._resting_until.pop(person_id, None)

    def before_check(self, person: Person) -> PinCheck | None:
        """Why no PIN may be checked for ``person`` now, or None to go ahead."""
        if person.pin_hash is None:
            return PinCheck(Outcome.NO_PIN, person)
        resting = self.rest_left_s(person.person_id)
        if resting:
            return PinCheck(Outcome.RESTING, person, rest_left_s=resting)
        return None

    def after_check(self, person: Person, matched: bool) -> PinCheck:
        """Count the result of checking ``person``'s hash; what the screen says next."""
        if matched:
            self.record_right(person.person_id)
            return PinCheck(Outcome.SIGNED_IN, person)
        tries_left = self.record_wrong(person.person_id)
        if tries_left == 0:
            return PinCheck(Outcome.RESTING, person, rest_left_s=self.rest_left_s(person.person_id))
        return PinCheck(Outcome.WRONG_PIN, person, tries_left=tries_left)


def pin_matches(person: Person, pin: str) -> bool:
    """One scrypt check against ``person``'s own hash: slow by design, keep it off a GUI thread."""
    return person.pin_hash is not None and verify_pin(pin, person.pin_hash)


def check_pin(person: Person, pin: str, attempts: PinAttempts) -> PinCheck:
    """Sign ``person`` in with ``pin``, all in one thread: before, one hash, after."""
    refused = attempts.before_check(person)
    if refused is not None:
        return refused
    return attempts.after_check(person, pin_matches(person, pin))
