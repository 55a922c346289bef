"""The people of the regional web pages: roles, what each may do, passwords, sessions.

Four roles (docs/regional-operations.md): the regional admin runs the region's standards and
accounts; a regional champion coaches plants and carries proposals through review and pilots;
a plant manager sees and proposes for their own plant only; a viewer reads. What a role may do
is decided here, by ``may`` and ``require``, for every request: a page hides a link it may not
follow, but the server refuses the request all the same.

Passwords are kept as scrypt hashes with a salt per person. A session is a random cookie of
which only the SHA-256 digest is stored, with its own CSRF token and an absolute expiry.
Failed sign-ins are counted per account and per address in the database (so every worker
process sees them) and slow guessing down.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from regional_server.database import Connection
from regional_server.tokens import digest
from shopfloor_core.domain.clock import from_iso, to_iso


class Role(StrEnum):
    ADMIN = "regional_admin"
    CHAMPION = "regional_champion"
    PLANT_MANAGER = "plant_manager"
    VIEWER = "viewer"


class Action(StrEnum):
    MANAGE_PEOPLE = "manage_people"
    READ_AUDIT = "read_audit"
    READ_PLANT = "read_plant"  # a plant's pages (any plant, unless own_plant says otherwise)
    PROPOSE = "propose"
    REVIEW = "review"  # approve or reject someone else's proposal
    PILOT = "pilot"  # publish an approved proposal to chosen plants
    ROLL_OUT = "roll_out"  # publish it region-wide
    ROLL_BACK = "roll_back"
    # A section that has forms, proposed as a whole JSON document instead (the advanced editor).
    PROPOSE_AS_DOCUMENT = "propose_as_document"
    SWITCH_MODULES = "switch_modules"  # a plant's modules, as far as its maturity allows
    MANAGE_MATURITY = "manage_maturity"  # the maturity model, and granting reference plants


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.CHAMPION: frozenset(
        {
            Action.READ_PLANT,
            Action.PROPOSE,
            Action.REVIEW,
            Action.PILOT,
            Action.ROLL_BACK,
            Action.SWITCH_MODULES,
        }
    ),
    # A plant manager proposes what their plant sees; the region reviews, pilots and decides.
    Role.PLANT_MANAGER: frozenset({Action.PROPOSE}),
    Role.VIEWER: frozenset({Action.READ_PLANT}),
}
# What a plant manager may do for their own plant on top of ALLOWED.
OWN_PLANT: frozenset[Action] = frozenset({Action.READ_PLANT})


@dataclass(frozen=True)
class Person:
    login: str
    display_name: str
    role: Role
    plant: str | None  # a plant manager's own plant; None for regional roles
    language: str | None  # None: the browser's


class Forbidden(Exception):
    """The person may not do this; the message says what, for the page and the audit."""


def may(person: Person, action: Action, *, plant: str | None = None) -> bool:
    """Whether ``person`` may do ``action`` (on ``plant``, when it concerns one plant)."""
    if action in ALLOWED[person.role]:
        return True
    own = person.role is Role.PLANT_MANAGER and plant is not None and plant == person.plant
    return own and action in OWN_PLANT


def require(person: Person, action: Action, *, plant: str | None = None) -> None:
    if not may(person, action, plant=plant):
        where = f" for plant {plant}" if plant else ""
        raise Forbidden(f"{person.login} ({person.role.value}) may not {action.value}{where}")


# -- passwords ----------------------------------------------------------------------------------
# scrypt at N=2^14, r=8: 16 MiB and some 50 ms a check on one core; maxmem leaves room for
# the hashes made with larger parameters later (the parameters are kept in each hash).
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 128 * 1024 * 1024
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=SCRYPT_MAXMEM
    )
    encoded = [base64.b64encode(x).decode() for x in (salt, digest)]
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encoded[0]}${encoded[1]}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


# Checked against for a login nobody has, so an unknown login takes as long as a wrong password.
_NOBODY = hash_password(secrets.token_hex(16))


class BadAccount(ValueError):
    """An account that cannot be made as asked; ``message`` (English, translated by the pages)
    says why, with ``values`` filled in."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values


def add_person(
    conn: Connection,
    *,
    login: str,
    display_name: str,
    role: Role,
    password: str,
    now: datetime,
    plant: str | None = None,
    language: str | None = None,
) -> Person:
    login = login.strip().lower()
    if not login or len(login) > 64 or not all(c.isalnum() or c in "._-@" for c in login):
        raise BadAccount("A login is 1 to 64 letters, digits or . _ - @.")
    if len(password) < MIN_PASSWORD:
        raise BadAccount("A password has at least {count} characters.", count=MIN_PASSWORD)
    if (role is Role.PLANT_MANAGER) != bool(plant):
        raise BadAccount("A plant manager has exactly one plant; other roles have none.")
    if conn.execute("SELECT 1 FROM people WHERE login = ?", [login]).fetchone():
        raise BadAccount("The login {login} is taken.", login=login)
    conn.execute(
        "INSERT INTO people (login, display_name, role, plant, language, password_hash, "
        "created_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            login,
            display_name.strip() or login,
            role.value,
            plant or None,
            language or None,
            hash_password(password),
            to_iso(now),
        ],
    )
    return Person(login, display_name.strip() or login, role, plant or None, language or None)


def _person(row: tuple[str, str, str, str | None, str | None]) -> Person:
    return Person(row[0], row[1], Role(row[2]), row[3], row[4])


PERSON_COLUMNS = "login, display_name, role, plant, language"


def people(conn: Connection) -> list[Person]:
    rows = conn.execute(
        f"SELECT {PERSON_COLUMNS} FROM people WHERE disabled = 0 ORDER BY login"
    ).fetchall()
    return [_person(r) for r in rows]


def set_language(conn: Connection, login: str, language: str | None) -> None:
    conn.execute("UPDATE people SET language = ? WHERE login = ?", [language or None, login])


def set_password(conn: Connection, login: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadAccount("A password has at least {count} characters.", count=MIN_PASSWORD)
    conn.execute(
        "UPDATE people SET password_hash = ? WHERE login = ?", [hash_password(password), login]
    )


# -- signing in ---------------------------------------------------------------------------------
class Brake:
    """How many failed sign-ins an account and an address may have in ``WINDOW``."""

    WINDOW = timedelta(minutes=15)
    PER_ACCOUNT = 5
    PER_ADDRESS = 30


@dataclass(frozen=True)
class SignIn:
    person: Person | None  # None: refused
    wait: timedelta | None = None  # set when refused by the brake rather than the password


def _braked(conn: Connection, subjects: list[str], limits: list[int], now: datetime) -> timedelta:
    """How long until each subject is under its limit again (zero when all are)."""
    since = to_iso(now - Brake.WINDOW)
    longest = timedelta(0)
    for subject, limit in zip(subjects, limits, strict=True):
        rows = conn.execute(
            "SELECT at_utc FROM sign_in_failures WHERE subject = ? AND at_utc > ? "
            "ORDER BY at_utc DESC",
            [subject, since],
        ).fetchall()
        if len(rows) >= limit:
            # The limit-th newest failure has to age out of the window first.
            longest = max(longest, from_iso(rows[limit - 1][0]) + Brake.WINDOW - now)
    return longest


def sign_in(conn: Connection, login: str, password: str, *, address: str, now: datetime) -> SignIn:
    """Check a password, under the brake; failures are counted (call in a write transaction)."""
    login = login.strip().lower()
    subjects = [f"login:{login}", f"address:{address}"]
    wait = _braked(conn, subjects, [Brake.PER_ACCOUNT, Brake.PER_ADDRESS], now)
    if wait > timedelta(0):
        return SignIn(None, wait)
    row = conn.execute(
        f"SELECT {PERSON_COLUMNS}, password_hash FROM people WHERE login = ? AND disabled = 0",
        [login],
    ).fetchone()
    if row is not None and password_matches(password, row[5]):
        return SignIn(_person(row[:5]))
    if row is None:
        password_matches(password, _NOBODY)
    conn.execute("DELETE FROM sign_in_failures WHERE at_utc <= ?", [to_iso(now - Brake.WINDOW)])
    for subject in subjects:
        conn.execute(
            "INSERT INTO sign_in_failures (subject, at_utc) VALUES (?, ?)", [subject, to_iso(now)]
        )
    return SignIn(None)


# -- sessions -----------------------------------------------------------------------------------
SESSION_LIFETIME = timedelta(hours=12)  # a shift and its handover; then sign in again


@dataclass(frozen=True)
class Session:
    person: Person
    csrf: str
    expires_utc: datetime


def open_session(
    conn: Connection, person: Person, *, address: str, now: datetime
) -> tuple[str, Session]:
    """A new session: the cookie value (never stored) and the session."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = now + SESSION_LIFETIME
    conn.execute(
        "INSERT INTO web_sessions (digest, login, csrf, address, created_utc, expires_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [digest(token), person.login, csrf, address, to_iso(now), to_iso(expires)],
    )
    return token, Session(person, csrf, expires)


def session_of(conn: Connection, token: str, now: datetime) -> Session | None:
    """The live session of a cookie; None if unknown, ended, expired or its person disabled."""
    row = conn.execute(
        f"SELECT {', '.join('p.' + c.strip() for c in PERSON_COLUMNS.split(','))}, "
        "s.csrf, s.expires_utc FROM web_sessions s JOIN people p ON p.login = s.login "
        "WHERE s.digest = ? AND s.ended_utc IS NULL AND p.disabled = 0",
        [digest(token)],
    ).fetchone()
    if row is None:
        return None
    expires = from_iso(row[6])
    if expires <= now:
        return None
    return Session(_person(row[:5]), row[5], expires)


def end_session(conn: Connection, token: str, now: datetime) -> None:
    conn.execute(
        "UPDATE web_sessions SET ended_utc = ? WHERE digest = ? AND ended_utc IS NULL",
        [to_iso(now), digest(token)],
    )


def csrf_matches(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())


# -- another identity provider --------------------------------------------------------------------
class IdentityProvider(Protocol):
    """Where a region with its own single sign-on (OIDC) plugs in; none is built in yet.

    An OpenID Connect provider would send the browser to the region's issuer
    (``authorization_url``), take the code it comes back with (``person_for``), check the ID
    token and map its subject and group claims to a ``Person`` of this table, whose role the
    region still assigns here. The session, the CSRF token and the audit stay as they are.
    """

    name: str

    def authorization_url(self, state: str, redirect_uri: str) -> str: ...

    def person_for(self, conn: Connection, code: str, redirect_uri: str) -> Person | None: ...
