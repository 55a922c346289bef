"""The foundation pages: signing in and out, the overview, one's account, people, the audit
trail and the plants. Every handler asks ``Visit.require`` before it reads or writes; the menu
only hides what would be refused anyway."""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations.

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from regional_server import accounts, audit, bundles, proposals
from regional_server.accounts import Action
from regional_server.database import Connections
from regional_server.plants import known_plants
from regional_server.web.context import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    Visit,
    address_of,
    translator_for,
    visit_of,
)
from regional_server.web.i18n import languages
from regional_server.web.proposal_pages import names
from regional_server.web.render import page

Text = Annotated[str, Form(max_length=500)]
OptionalText = Annotated[str, Form(max_length=500)]


def safe_next(value: str | None) -> str:
    """Only a path of this site (never '//elsewhere' or a full URL) is followed after sign-in."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/home"


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def foundation_router(connections: Connections, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def visit(request: Request) -> Visit:
        return visit_of(request, connections, clock)

    def secure(request: Request) -> bool:
        return request.url.scheme == "https"

    # -- signing in and out ------------------------------------------------------------------------
    @router.get("/")
    def root() -> Response:
        return see_other("/home")

    def sign_in_page(
        request: Request, *, problem: str = "", status: int = 200, login: str = ""
    ) -> Response:
        token = secrets.token_urlsafe(24)
        response = page(
            request,
            "sign_in.html",
            translate=translator_for(request),
            status=status,
            form_token=token,
            problem=problem,
            login=login,
            next_path=safe_next(request.query_params.get("next")),
        )
        response.set_cookie(
            SIGN_IN_COOKIE, token, httponly=True, samesite="lax", secure=secure(request)
        )
        return response

    @router.get("/sign-in")
    def sign_in_form(request: Request) -> Response:
        return sign_in_page(request)

    @router.post("/sign-in")
    def sign_in(
        request: Request,
        login: Annotated[str, Form(max_length=64)],
        password: Annotated[str, Form(max_length=200)],
        form_token: Annotated[str, Form(max_length=100)],
        next_path: Annotated[str, Form(max_length=500)] = "/home",
    ) -> Response:
        translate = translator_for(request)
        expected = request.cookies.get(SIGN_IN_COOKIE, "")
        if not expected or not secrets.compare_digest(expected, form_token):
            return sign_in_page(
                request, problem=translate("The form had expired. Please sign in again.")
            )
        address = address_of(request)
        now = clock()
        with connections.write() as conn:
            outcome = accounts.sign_in(conn, login, password, address=address, now=now)
            person = outcome.person
            audit.record(
                conn,
                actor=person.login if person else login.strip().lower()[:64],
                role=person.role.value if person else audit.NOBODY,
                address=address,
                action="signed in" if person else "sign-in refused",
                detail={"braked_s": int(outcome.wait.total_seconds())} if outcome.wait else {},
                now=now,
            )
            if person is not None:
                token, _ = accounts.open_session(conn, person, address=address, now=now)
        if person is None:
            if outcome.wait is not None:
                minutes = max(1, -(-int(outcome.wait.total_seconds()) // 60))
                problem = translate(
                    "Too many failed sign-ins. Try again in {minutes} min.", minutes=minutes
                )
                return sign_in_page(request, problem=problem, status=429, login=login)
            problem = translate("Wrong login or password.")
            return sign_in_page(request, problem=problem, status=401, login=login)
        response = see_other(safe_next(next_path))
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
            httponly=True,
            samesite="lax",
            secure=secure(request),
        )
        response.delete_cookie(SIGN_IN_COOKIE)
        return response

    @router.post("/sign-out")
    def sign_out(request: Request, csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
        v = visit(request)
        v.check_form(csrf)
        with connections.write() as conn:
            accounts.end_session(conn, v.token, v.now)
            v.record(conn, "signed out")
        response = see_other("/sign-in")
        response.delete_cookie(SESSION_COOKIE)
        return response

    # -- the overview and one's own account --------------------------------------------------------
    @router.get("/home")
    def home(request: Request) -> Response:
        v = visit(request)
        with connections.read() as conn:
            waiting = proposals.waiting_for(conn, v.person)
        return page(request, "home.html", visit=v, Action=Action, waiting=waiting, **names())

    @router.get("/account")
    def account(request: Request) -> Response:
        v = visit(request)
        return page(request, "account.html", visit=v, done=request.query_params.get("done", ""))

    @router.post("/account/language")
    def choose_language(
        request: Request,
        language: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        chosen = language if language in languages() else None
        with connections.write() as conn:
            accounts.set_language(conn, v.person.login, chosen)
            v.record(conn, "language chosen", "", {"language": chosen or "browser"})
        return see_other("/account?done=language")

    @router.post("/account/password")
    def change_password(
        request: Request,
        current: Annotated[str, Form(max_length=200)],
        new: Annotated[str, Form(max_length=200)],
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        with connections.write() as conn:
            checked = accounts.sign_in(conn, v.person.login, current, address=v.address, now=v.now)
            problem = ""
            if checked.person is None:
                problem = v.translate("The current password is wrong.")
            else:
                try:
                    accounts.set_password(conn, v.person.login, new)
                except accounts.BadAccount as refused:
                    problem = v.translate(refused.message, **refused.values)
            v.record(conn, "password changed" if not problem else "password change refused")
        if problem:
            return page(request, "account.html", visit=v, done="", problem=problem, status=400)
        return see_other("/account?done=password")

    # -- people ------------------------------------------------------------------------------------
    def people_page(
        request: Request, v: Visit, *, problem: str = "", status: int = 200
    ) -> Response:
        with connections.read() as conn:
            everyone = accounts.people(conn)
            plants = known_plants(conn)
        return page(
            request,
            "people.html",
            visit=v,
            everyone=everyone,
            plants=plants,
            roles=list(accounts.Role),
            problem=problem,
            status=status,
        )

    @router.get("/people")
    def people(request: Request) -> Response:
        v = visit(request)
        v.require(Action.MANAGE_PEOPLE)
        return people_page(request, v)

    @router.post("/people")
    def add_person(
        request: Request,
        login: Annotated[str, Form(max_length=64)],
        display_name: Annotated[str, Form(max_length=200)],
        role: Annotated[str, Form(max_length=40)],
        password: Annotated[str, Form(max_length=200)],
        plant: Annotated[str, Form(max_length=64)] = "",
        language: Annotated[str, Form(max_length=10)] = "",
        csrf: Annotated[str, Form(max_length=100)] = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        v.require(Action.MANAGE_PEOPLE)
        try:
            chosen_role = accounts.Role(role)
        except ValueError:
            return people_page(request, v, problem=v.translate("Choose a role."), status=400)
        try:
            with connections.write() as conn:
                added = accounts.add_person(
                    conn,
                    login=login,
                    display_name=display_name,
                    role=chosen_role,
                    password=password,
                    plant=plant.strip() if chosen_role is accounts.Role.PLANT_MANAGER else None,
                    language=language if language in languages() else None,
                    now=v.now,
                )
                v.record(
                    conn,
                    "person added",
                    added.login,
                    {"role": added.role.value, "plant": added.plant},
                )
        except accounts.BadAccount as problem:
            text = v.translate(problem.message, **problem.values)
            return people_page(request, v, problem=text, status=400)
        return see_other("/people")

    # -- the audit trail ---------------------------------------------------------------------------
    @router.get("/audit")
    def audit_trail(request: Request) -> Response:
        v = visit(request)
        v.require(Action.READ_AUDIT)
        raw_before = request.query_params.get("before", "")
        before = int(raw_before) if raw_before.isdigit() else None
        with connections.read() as conn:
            entries = audit.newest(conn, before=before, limit=100)
        return page(request, "audit.html", visit=v, entries=entries)

    # -- plants ------------------------------------------------------------------------------------
    @router.get("/plants")
    def plants(request: Request) -> Response:
        v = visit(request)
        if v.person.plant and not v.may(Action.READ_PLANT):
            return see_other(f"/plants/{v.person.plant}")
        v.require(Action.READ_PLANT)
        with connections.read() as conn:
            rows = [(p, bundles.current(conn, p)) for p in known_plants(conn)]
        return page(request, "plants.html", visit=v, rows=rows)

    @router.get("/plants/{plant}")
    def plant_page(request: Request, plant: str) -> Response:
        v = visit(request)
        v.require(Action.READ_PLANT, plant=plant)
        with connections.read() as conn:
            in_force = bundles.current(conn, plant)
            history = list(bundles.published_newest_first(conn, plant))[:20]
            piloting = [
                p
                for p in proposals.newest_first(conn)
                if p.state is proposals.State.PILOTING and plant in p.plants
            ]
        return page(
            request,
            "plant.html",
            visit=v,
            plant=plant,
            in_force=in_force,
            history=history,
            piloting=piloting,
            **names(),
        )

    return router
