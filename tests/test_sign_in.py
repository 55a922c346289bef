"""PIN sign-in: one hash per sign-in whatever the roster, strong hashes, rest per person."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from operator_app.site_config import ConfigError
from operator_app.site_config.loader import parse_site_config
from shopfloor_core.domain.roster import (
    Person,
    Role,
    Roster,
    hash_pin,
    pin_hash_problem,
    scrypt_memory,
    verify_pin,
)
from shopfloor_core.domain.sign_in import REST_S, Outcome, PinAttempts, check_pin

ONE_HASH = hash_pin("1234", salt=b"s" * 16)


class FixedClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def plant_roster(size: int) -> Roster:
    """``size`` people, each with an employee number and a PIN hash (one hash shared: the
    cost that matters is how many are checked, not how many differ)."""
    return Roster(
        Person(f"p{i}", f"Person {i}", Role.OPERATOR, f"B{i:07d}", ONE_HASH, str(5000 + i))
        for i in range(size)
    )


def counting_scrypt(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real: Callable[..., bytes] = hashlib.scrypt

    def scrypt(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", scrypt)
    return calls


def strong_hash(pin: str, n: int, r: int = 8) -> str:
    """Encoded like hash-pin's, with a costlier N: what another tool or a stricter region makes."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=1, dklen=32, maxmem=2**28)
    b64 = base64.b64encode
    return f"scrypt${n}${r}$1${b64(salt).decode()}${b64(digest).decode()}"


def test_a_sign_in_among_a_thousand_people_checks_exactly_one_hash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    roster = plant_roster(1000)
    calls = counting_scrypt(monkeypatch)
    person = roster.by_number("5999")
    assert person is not None
    assert person.person_id == "p999"
    result = check_pin(person, "1234", PinAttempts(FixedClock()))
    assert result.outcome is Outcome.SIGNED_IN
    assert len(calls) == 1
    wrong = check_pin(person, "4321", PinAttempts(FixedClock()))
    assert wrong.outcome is Outcome.WRONG_PIN
    assert len(calls) == 2


def test_an_unknown_employee_number_checks_no_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    roster = plant_roster(1000)
    calls = counting_scrypt(monkeypatch)
    assert roster.by_number("4999") is None
    assert roster.by_number("") is None
    assert calls == []


@pytest.mark.parametrize("n", [2**15, 2**16])
def test_a_strong_scrypt_hash_the_validator_accepts_verifies(n: int) -> None:
    encoded = strong_hash("2468", n)
    assert pin_hash_problem(encoded) is None
    assert verify_pin("2468", encoded)
    assert not verify_pin("2469", encoded)


def test_a_hash_too_costly_for_a_line_pc_is_refused_with_the_reason() -> None:
    encoded = strong_hash("2468", 2**17)  # 128 MiB per check
    problem = pin_hash_problem(encoded)
    assert problem is not None
    assert "too costly for a line PC" in problem
    assert "128 MiB" in problem
    assert not verify_pin("2468", encoded)
    # What verify_pin lets scrypt allocate for the strongest accepted hash: above hashlib's
    # 32 MiB default, which is what made every such sign-in fail.
    assert scrypt_memory(2**16, 8, 1) > 32 * 2**20


def test_wrong_pins_rest_that_person_only_for_the_seconds_shown() -> None:
    clock = FixedClock()
    attempts = PinAttempts(clock)
    ana = Person("op-ana", "Ana", Role.OPERATOR, None, ONE_HASH, "101")
    luis = Person("sup-luis", "Luis", Role.SUPERVISOR, None, ONE_HASH, "102")
    for tries_left in (4, 3, 2, 1):
        check = attempts.after_check(ana, matched=False)
        assert (check.outcome, check.tries_left) == (Outcome.WRONG_PIN, tries_left)
    rest = attempts.after_check(ana, matched=False)
    assert (rest.outcome, rest.rest_left_s) == (Outcome.RESTING, 30)

    # Ana rests; Luis, at the same PC, does not.
    assert attempts.before_check(luis) is None
    assert attempts.after_check(luis, matched=True).outcome is Outcome.SIGNED_IN
    clock.advance(2.5)
    resting = attempts.before_check(ana)
    assert resting is not None
    assert (resting.outcome, resting.rest_left_s) == (Outcome.RESTING, 28)  # 27.5 s, rounded up
    clock.advance(REST_S - 2.5 - 0.01)
    assert attempts.rest_left_s("op-ana") == 1
    clock.advance(0.01)
    assert attempts.before_check(ana) is None
    # After the rest the count starts again: one wrong PIN does not rest her at once.
    assert attempts.after_check(ana, matched=False).outcome is Outcome.WRONG_PIN


def test_a_right_pin_clears_the_wrong_ones() -> None:
    attempts = PinAttempts(FixedClock())
    ana = Person("op-ana", "Ana", Role.OPERATOR, None, ONE_HASH, "101")
    for _ in range(4):
        attempts.after_check(ana, matched=False)
    assert attempts.after_check(ana, matched=True).outcome is Outcome.SIGNED_IN
    assert attempts.after_check(ana, matched=False).tries_left == 4


def test_a_person_without_a_pin_hash_is_told_to_use_the_badge() -> None:
    badge_only = Person("op-eva", "Eva", Role.OPERATOR, "10000009", None, "109")
    assert check_pin(badge_only, "1234", PinAttempts(FixedClock())).outcome is Outcome.NO_PIN


ROSTER_SITE = """
[site]
plant = "VAL"
area = "A"
line = "L1"
device = "PC1"
timezone = "Europe/Madrid"

[[machines]]
id = "M1"
name = "Press"

[[roster]]
id = "a"
name = "Ana"
role = "operator"
badge = "10000001"
employee_number = "{first}"

[[roster]]
id = "b"
name = "Luis"
role = "supervisor"
badge = "10000002"
employee_number = "{second}"
"""


def test_the_roster_file_gives_employee_numbers() -> None:
    site = parse_site_config(ROSTER_SITE.format(first="101", second="0102"))
    roster = Roster(site.roster)
    assert [p.person_id for p in roster.people(["b", "gone", "a"])] == ["b", "a"]
    found = roster.by_number("0102")
    assert found is not None
    assert replace(found, employee_number=None).name == "Luis"


@pytest.mark.parametrize(
    ("first", "second", "problem"),
    [
        ("101", "101", "roster[1].employee_number: is used by another person"),
        ("A-17", "102", "roster[0].employee_number: 'A-17' is not valid: 1 to 12 digits"),
    ],
)
def test_employee_numbers_are_digits_and_unique(first: str, second: str, problem: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse_site_config(ROSTER_SITE.format(first=first, second=second))
    assert any(line.startswith(problem) for line in refused.value.problems), refused.value.problems
