"""What every page request needs: who is signed in, in which language, and the CSRF check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request

from regional_server import accounts, audit
from regional_server.database import Connection, Connections
from regional_server.web.i18n import Translator, negotiate

SESSION_COOKIE = "regional_session"
# The sign-in form has no session yet: its CSRF token is a cookie the form repeats.
SIGN_IN_COOKIE = "regional_sign_in"


class NotSignedIn(Exception):
    """No live session: the browser is sent to the sign-in page, then back."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class BadForm(Exception):
    """A POST without the session's CSRF token (another site's form, or an old page)."""


@dataclass(frozen=True)
class Visit:
    """One request of a signed-in person."""

    session: accounts.Session
    token: str
    address: str
    now: datetime
    translate: Translator

    @property
    def person(self) -> accounts.Person:
        return self.session.person

    def require(self, action: accounts.Action, *, plant: str | None = None) -> None:
        accounts.require(self.person, action, plant=plant)

    def may(self, action: accounts.Action, plant: str | None = None) -> bool:
        return accounts.may(self.person, action, plant=plant)

    def record(
        self,
        conn: Connection,
        action: str,
        subject: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """An audit entry of this person's action, in the caller's transaction."""
        audit.record(
            conn,
            actor=self.person.login,
            role=self.person.role.value,
            address=self.address,
            action=action,
            subject=subject,
            detail=detail,
            now=self.now,
        )

    def check_form(self, csrf: str | None) -> None:
        if not accounts.csrf_matches(self.session, csrf):
            raise BadForm


def address_of(request: Request) -> str:
    # Behind the TLS proxy uvicorn (--proxy-headers) puts the forwarded address here.
    return request.client.host if request.client else "unknown"


def translator_for(request: Request, person: accounts.Person | None = None) -> Translator:
    chosen = person.language if person else request.query_params.get("lang")
    return Translator(negotiate(request.headers.get("accept-language"), chosen))


def visit_of(request: Request, connections: Connections, clock: Callable[[], datetime]) -> Visit:
    token = request.cookies.get(SESSION_COOKIE)
    now = clock()
    session = None
    if token:
        with connections.read() as conn:
            session = accounts.session_of(conn, token, now)
    if session is None or token is None:
        raise NotSignedIn(request.url.path)
    return Visit(session, token, address_of(request), now, translator_for(request, session.person))
