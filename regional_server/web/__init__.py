"""The regional operations web pages (docs/regional-operations.md), mounted in the server's app.

Server-rendered HTML from Jinja2 templates, one small stylesheet, no script: the pages work the
same on a plant manager's laptop and a tablet. ``install`` adds them to the FastAPI app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from regional_server import accounts
from regional_server.database import Connections
from regional_server.web.context import BadForm, NotSignedIn, translator_for, visit_of
from regional_server.web.pages import foundation_router
from regional_server.web.proposal_pages import proposal_router
from regional_server.web.render import HERE, page


def form_not_understood(request: Request) -> Response:
    """A page's answer to a form with a field missing or too long (never a JSON error)."""
    translate = translator_for(request)
    return page(
        request,
        "message.html",
        translate=translate,
        status=400,
        title=translate("The form could not be read"),
        text=translate(
            "A field was missing or too long. Go back, check the form and send it again."
        ),
    )


def install(app: FastAPI, connections: Connections, clock: Callable[[], datetime]) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(foundation_router(connections, clock))
    app.include_router(proposal_router(connections, clock))

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(_request: Request, exc: NotSignedIn) -> Response:
        return RedirectResponse(f"/sign-in?next={exc.path}", status_code=303)

    @app.exception_handler(accounts.Forbidden)
    async def forbidden(request: Request, exc: accounts.Forbidden) -> Response:
        # Recorded: a refusal is an action too, and a pattern of them is worth seeing.
        def refuse() -> Response:
            visit = visit_of(request, connections, clock)
            with connections.write() as conn:
                visit.record(
                    conn, "refused", request.url.path, {"method": request.method, "why": str(exc)}
                )
            return page(request, "refused.html", visit=visit, status=403)

        return await run_in_threadpool(refuse)

    @app.exception_handler(BadForm)
    async def bad_form(request: Request, _exc: BadForm) -> Response:
        translate = translator_for(request)
        return page(
            request,
            "message.html",
            translate=translate,
            status=403,
            title=translate("This form had expired"),
            text=translate("Go back, reload the page and send it again."),
        )
