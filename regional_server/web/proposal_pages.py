"""The standards pages: proposals listed, made, reviewed, piloted, rolled out and rolled back.

The rules live in ``regional_server.proposals``; a handler checks the form's CSRF token, runs
one step in one transaction with its audit entry, and shows the outcome. A step the rules
refuse comes back as a message on the proposal's page; a step the role may not take is 403.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations.

import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from regional_server import proposals, workflow_use
from regional_server.accounts import Action
from regional_server.database import Connection, Connections
from regional_server.plants import known_plants
from regional_server.web.context import Visit, visit_of
from regional_server.web.render import page

SECTION_NAMES = {
    "catalogue": "Category catalogue",
    "workflows": "Role workflows",
    "shift_calendar": "Shift calendars",
    "targets": "Targets",
    "modules": "Modules",
    "fault_codes": "Fault-code map",
    "products": "Products",
}
STATE_NAMES = {
    "proposed": "Proposed",
    "approved": "Approved",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "piloting": "Piloting",
    "rolled_out": "Rolled out",
    "rolled_back": "Rolled back",
}
Note = Annotated[str, Form(max_length=2000)]
Csrf = Annotated[str, Form(max_length=100)]
MAX_SECTION_TEXT = 2_000_000


def names() -> dict[str, Any]:
    return {"section_names": SECTION_NAMES, "state_names": STATE_NAMES}


def proposal_router(connections: Connections, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def visit(request: Request) -> Visit:
        return visit_of(request, connections, clock)

    @router.get("/proposals")
    def listing(request: Request) -> Response:
        v = visit(request)
        with connections.read() as conn:
            found = proposals.newest_first(conn)
        return page(request, "proposals.html", visit=v, found=found, Action=Action, **names())

    def new_page(
        request: Request,
        v: Visit,
        section: str,
        *,
        text: str | None = None,
        title: str = "",
        reason: str = "",
        problem: str = "",
        status: int = 200,
    ) -> Response:
        if section not in proposals.SECTIONS:
            section = "catalogue"
        if text is None:
            with connections.read() as conn:
                in_force = proposals.section_in_force(conn, section)
            text = json.dumps(in_force, ensure_ascii=False, indent=2)
        return page(
            request,
            "proposal_new.html",
            visit=v,
            section=section,
            sections=proposals.SECTIONS,
            text=text,
            title=title,
            reason=reason,
            problem=problem,
            status=status,
            **names(),
        )

    @router.get("/proposals/new")
    def new(request: Request) -> Response:
        v = visit(request)
        v.require(Action.PROPOSE)
        # A proposal started from elsewhere (a group of "Other" notes) arrives with its reason.
        asked = request.query_params
        section = asked.get("section", "catalogue")
        text = None
        # A plant's workflow offered to the region arrives with the section it would make.
        workflow, plant = asked.get("workflow"), asked.get("plant")
        if section == "workflows" and workflow and plant:
            with connections.read() as conn:
                offered = workflow_use.offered_section(conn, plant[:64], workflow[:100])
            text = json.dumps(offered, ensure_ascii=False, indent=2)
        return new_page(
            request,
            v,
            section,
            text=text,
            title=asked.get("title", "")[:200],
            reason=asked.get("reason", "")[:4000],
        )

    @router.post("/proposals")
    def create(
        request: Request,
        section: Annotated[str, Form(max_length=40)],
        title: Annotated[str, Form(max_length=200)],
        reason: Annotated[str, Form(max_length=4000)],
        content: Annotated[str, Form(max_length=MAX_SECTION_TEXT)],
        csrf: Csrf = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        v.require(Action.PROPOSE)
        try:
            parsed = json.loads(content)
        except ValueError as problem:
            text = v.translate("The standard is not valid JSON: {problem}", problem=str(problem))
            return new_page(
                request,
                v,
                section,
                text=content,
                title=title,
                reason=reason,
                problem=text,
                status=400,
            )
        try:
            with connections.write() as conn:
                made = proposals.propose(
                    conn,
                    v.person,
                    section=section,
                    title=title,
                    reason=reason,
                    content=parsed,
                    now=v.now,
                )
                v.record(conn, "proposed", f"proposal {made.number}", {"section": section})
        except proposals.Refused as refused:
            return new_page(
                request,
                v,
                section,
                text=content,
                title=title,
                reason=reason,
                problem=v.translate(refused.message, **refused.values),
                status=400,
            )
        return RedirectResponse(f"/proposals/{made.number}", status_code=303)

    def detail_page(
        request: Request, v: Visit, number: int, *, problem: str = "", status: int = 200
    ) -> Response:
        with connections.read() as conn:
            try:
                proposal = proposals.get(conn, number)
            except proposals.Refused as refused:
                return page(
                    request,
                    "message.html",
                    visit=v,
                    status=404,
                    title=v.translate("Not found"),
                    text=v.translate(refused.message, **refused.values),
                )
            steps = proposals.history(conn, number)
            plants = known_plants(conn)
        return page(
            request,
            "proposal.html",
            visit=v,
            p=proposal,
            changes=proposal.changes(),
            steps=steps,
            plants=plants,
            problem=problem,
            status=status,
            Action=Action,
            State=proposals.State,
            **names(),
        )

    @router.get("/proposals/{number}")
    def detail(request: Request, number: int) -> Response:
        return detail_page(request, visit(request), number)

    def step(
        request: Request,
        number: int,
        csrf: str,
        action: str,
        run: Callable[[Connection, Visit], proposals.Proposal],
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        try:
            with connections.write() as conn:
                done = run(conn, v)
                v.record(
                    conn,
                    action,
                    f"proposal {number}",
                    {"section": done.section, "plants": ", ".join(done.plants)},
                )
        except proposals.Refused as refused:
            text = v.translate(refused.message, **refused.values)
            return detail_page(request, v, number, problem=text, status=409)
        return RedirectResponse(f"/proposals/{number}", status_code=303)

    # Each step: its audit action and what it runs (note and plants as the form sent them).
    steps: dict[str, tuple[str, Callable[..., proposals.Proposal]]] = {
        "approve": ("approved", lambda c, p, n, **k: proposals.review(c, p, n, approve=True, **k)),
        "reject": ("rejected", lambda c, p, n, **k: proposals.review(c, p, n, approve=False, **k)),
        "withdraw": ("withdrawn", proposals.withdraw),
        "pilot": ("pilot started", proposals.pilot),
        "roll-out": ("rolled out", proposals.roll_out),
        "roll-back": ("rolled back", proposals.roll_back),
    }

    @router.post("/proposals/{number}/{name}")
    def take_step(
        request: Request,
        number: int,
        name: str,
        plant: Annotated[list[str] | None, Form(max_length=64)] = None,
        note: Note = "",
        csrf: Csrf = "",
    ) -> Response:
        if name not in steps:
            return RedirectResponse(f"/proposals/{number}", status_code=303)
        action, run = steps[name]
        extra: dict[str, Any] = {"plants": list(plant or [])} if name == "pilot" else {}
        return step(
            request,
            number,
            csrf,
            action,
            lambda conn, v: run(conn, v.person, number, note=note, now=v.now, **extra),
        )

    return router
