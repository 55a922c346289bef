"""Who may sign in: people, their roles, badges, employee numbers and PIN hashes.

PINs are short, so the hash must be slow and salted: scrypt (memory-hard, in the standard
library) with a per-person salt. The roster file only ever holds the encoded hash; plant IT
makes one with ``operator-app hash-pin``.

A PIN never says who is signing in: 4 digits cannot be unique in a plant of 300, and trying a
PIN against every hash costs a slow check per person. The person is found first (badge,
employee number, or a name chosen on the screen), then one hash is checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

# About 50 ms per check on a line PC: invisible at a login, ruinous for guessing offline.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
# The memory one check may take (scrypt needs 128·N·r bytes). Stronger hashes than the
# default are welcome up to this; beyond it a line PC would take seconds per sign-in, so the
# validator refuses them instead of letting every sign-in fail later.
SCRYPT_MAX_MEMORY = 64 * 2**20


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    MAINTENANCE = "maintenance"
    QUALITY = "quality"
    CI_ENGINEER = "ci_engineer"


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    role: Role
    badge: str | None
    pin_hash: str | None
    # Typed on the sign-in keypad before the PIN; printed on the badge or the pay slip.
    employee_number: str | None = None
    # The language the roster gives this person; None: the site's.
    language: str | None = None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """Encode ``pin`` as ``scrypt$N$r$p$salt$hash`` (base64 parts)."""
    if not pin.isdigit() or not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        raise ValueError(f"a PIN is {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def pin_hash_problem(encoded: str) -> str | None:
    """Why ``encoded`` is not a usable PIN hash, or None when it is."""
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return "must be a hash made by 'operator-app hash-pin' (scrypt$N$r$p$salt$hash)"
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return "is damaged: the parts are not numbers and base64"
    if n < 2**14 or n & (n - 1) or r < 8 or p < 1:
        return "is too weak: needs scrypt N >= 16384 (a power of two), r >= 8, p >= 1"
    if 128 * n * r > SCRYPT_MAX_MEMORY or p > 16:
        return (
            f"is too costly for a line PC: each check needs {128 * n * r // 2**20} MiB, at "
            f"most {SCRYPT_MAX_MEMORY // 2**20} MiB (N x r at most 524288, e.g. N = 65536 "
            "with r = 8) and p at most 16"
        )
    if len(salt) < 16 or len(digest) < 32:
        return "is too short: salt of 16 bytes and hash of 32 bytes at least"
    return None


def scrypt_memory(n: int, r: int, p: int) -> int:
    """Bytes OpenSSL's scrypt allocates for these parameters (its ``maxmem`` check)."""
    return 128 * r * (n + 2) + 128 * r * p


def verify_pin(pin: str, encoded: str) -> bool:
    """Whether ``pin`` matches ``encoded``: one scrypt check, as costly as the hash says."""
    if pin_hash_problem(encoded) is not None:
        return False
    _, n, r, p, salt_b64, digest_b64 = encoded.split("$")
    salt = base64.b64decode(salt_b64)
    expected = base64.b64decode(digest_b64)
    # hashlib's default maxmem (32 MiB) refuses N >= 2**15 with r = 8: size it from the hash.
    maxmem = scrypt_memory(int(n), int(r), int(p)) + 2**20
    actual = hashlib.scrypt(
        pin.encode(),
        salt=salt,
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
        maxmem=maxmem,
    )
    return hmac.compare_digest(actual, expected)


def language_for(person: Person, remembered: str | None, site_language: str) -> str:
    """The language ``person`` works in: the last one they chose themselves, else the one the
    roster gives them, else the site's. A person's choice outlives the roster's default."""
    return remembered or person.language or site_language


class Roster:
    """Looks people up by badge or employee number; never by a name typed in."""

    def __init__(self, people: Iterable[Person]) -> None:
        self._people: Mapping[str, Person] = {p.person_id: p for p in people}
        self._by_badge = {p.badge: p for p in self._people.values() if p.badge}
        self._by_number = {p.employee_number: p for p in self._people.values() if p.employee_number}

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._people.values())

    def __len__(self) -> int:
        return len(self._people)

    def get(self, person_id: str) -> Person | None:
        return self._people.get(person_id)

    def by_badge(self, badge: str) -> Person | None:
        return self._by_badge.get(badge.strip())

    def by_number(self, number: str) -> Person | None:
        """The person with this employee number, exactly as the roster writes it."""
        return self._by_number.get(number.strip())

    def people(self, person_ids: Iterable[str]) -> list[Person]:
        """The listed people still on the roster, in the order given."""
        return [p for p in (self._people.get(i) for i in person_ids) if p is not None]
