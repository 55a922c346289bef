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
from starlette.concurrency import run_in_threadpool

from regional_server import product_form, proposal_forms, proposals, standards_diff, workflow_use
from regional_server.accounts import Action
from regional_server.database import Connection, Connections
from regional_server.plants import known_plants
from regional_server.web import standard_form_fields
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


MAX_FIELD = 200
LONGER_FIELDS = {"title": 200, "reason": 4000}
# Where a section's proposal starts: its form, or the whole document for sections without one.
FORM_OF_SECTION = {
    "catalogue": "add",
    "targets": "targets",
    "modules": "modules",
    "shift_calendar": "shifts",
    "fault_codes": "fault_codes",
    "products": "product",
}
FORM_SECTIONS = frozenset(proposal_forms.FORMS.values())
DOCUMENT_SECTION = "workflows"  # the advanced editor's first section: one without a form


class FieldsRefused(Exception):
    """Fields a form cannot use: field name -> why, in the reader's language."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


def may_use_document(v: Visit, section: str) -> bool:
    """The whole section as JSON: for sections without forms whoever proposes, else admins."""
    if not v.may(Action.PROPOSE):
        return False
    return section not in FORM_SECTIONS or v.may(Action.PROPOSE_AS_DOCUMENT)


def too_long(fields: dict[str, str]) -> dict[str, proposals.Refused]:
    return {
        name: proposals.Refused("At most {count} characters.", count=limit)
        for name, text in fields.items()
        if len(text) > (limit := LONGER_FIELDS.get(name, MAX_FIELD))
    }


def prefilled(v: Visit, form: str, in_force: Any, asked: dict[str, str]) -> dict[str, str]:
    """A form's first values: what the link asked for, and the standard in force."""
    fields = dict(asked)
    if proposal_forms.FORMS[form] == "catalogue" and isinstance(in_force, dict):
        fields.setdefault("version", proposal_forms.next_version(in_force.get("version")))
        languages = proposal_forms.languages_of(in_force)
        # A group of "Other" notes arrives with what operators wrote: a name to start from.
        said = fields.pop("label", "")
        if said and form == "add":
            language = v.translate.language if v.translate.language in languages else "en"
            fields.setdefault(f"label_{language}", said)
    if form == "targets":
        rows = proposal_forms.target_rows(in_force)
        rows += [{"machine": "", "oee": "", "cycle": ""}] * proposal_forms.TARGET_ROWS
        for n, row in enumerate(rows):
            for key, value in row.items():
                fields[f"{key}_{n}"] = value
    if form == "modules":
        for name in proposal_forms.module_names(in_force):
            if proposal_forms.module_on(in_force, name):
                fields[f"module_{name}"] = "on"
    return fields


def form_choices(v: Visit, form: str, in_force: Any, fields: dict[str, str]) -> dict[str, Any]:
    """What a form's selects and rows offer."""
    if form in ("targets", "modules"):
        rows = 0
        while f"machine_{rows}" in fields:
            rows += 1
        return {"rows": rows, "module_names": proposal_forms.module_names(in_force)}
    catalogue = in_force if isinstance(in_force, dict) else {}
    nodes = standards_diff.catalogue_nodes(catalogue)
    language = v.translate.language

    def option(code: str) -> dict[str, Any]:
        labels = nodes[code].get("labels") or {}
        depth, parent = 0, nodes[code]["_parent"]
        while parent:
            depth, parent = depth + 1, nodes[parent]["_parent"]
        label = labels.get(language) or labels.get("en") or code
        return {"code": code, "label": label, "depth": depth, "labels": labels}

    def under(kind: str, codes: list[str]) -> list[dict[str, Any]]:
        roots = {n.get("code") for n in catalogue.get(kind) or [] if isinstance(n, dict)}
        return [option(c) for c in codes if _root_of(nodes, c) in roots]

    everything = list(nodes)
    offered = {
        "add": proposal_forms.parents_for_new(catalogue),
        "rename": everything,
        "retire": proposal_forms.leaves(catalogue),
        "split": proposal_forms.leaves(catalogue),
    }[form]
    return {
        "label_languages": proposal_forms.languages_of(catalogue),
        "in_force_version": catalogue.get("version", ""),
        "kinds": [(kind, under(kind, offered)) for kind in proposal_forms.KINDS],
        "successors": [(kind, under(kind, everything)) for kind in proposal_forms.KINDS],
        "loss_buckets": proposal_forms.LOSS_BUCKETS,
        "split_parts": proposal_forms.SPLIT_PARTS,
        "chosen": option(fields["code"]) if fields.get("code") in nodes else None,
    }


def _root_of(nodes: dict[str, dict[str, Any]], code: str) -> str:
    while nodes[code]["_parent"]:
        code = nodes[code]["_parent"]
    return code


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

    def document_page(
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
        """The advanced editor: the whole section as JSON."""
        if section not in proposals.SECTIONS:
            section = DOCUMENT_SECTION
        if text is None:
            with connections.read() as conn:
                in_force = proposals.section_in_force(conn, section)
            if section == "products" and in_force is None:
                in_force = product_form.in_force_or_shipped(in_force)
            text = json.dumps(in_force, ensure_ascii=False, indent=2)
        return page(
            request,
            "proposal_document.html",
            visit=v,
            section=section,
            sections=[s for s in proposals.SECTIONS if may_use_document(v, s)],
            text=text,
            title=title,
            reason=reason,
            problem=problem,
            status=status,
            **names(),
        )

    def form_page(
        request: Request,
        v: Visit,
        form: str,
        fields: dict[str, str],
        *,
        posted: bool = False,
        problems: dict[str, str] | None = None,
        problem: str = "",
        status: int = 200,
    ) -> Response:
        section = proposal_forms.FORMS[form]
        with connections.read() as conn:
            region = proposals.region_in_force(conn)
        in_force = region.get(section)
        if form in standard_form_fields.FORMS:
            values = (
                dict(fields)
                if posted
                else standard_form_fields.prefilled(
                    form, in_force, fields, region, v.translate.language
                )
            )
            choices = standard_form_fields.choices(v, form, in_force, values, region)
        else:
            values = dict(fields) if posted else prefilled(v, form, in_force, fields)
            choices = form_choices(v, form, in_force, values)
        return page(
            request,
            "proposal_form.html",
            visit=v,
            form=form,
            section=section,
            fields=values,
            posted=posted,
            problems=problems or {},
            problem=problem,
            status=status,
            may_use_document=may_use_document(v, section),
            **choices,
            **names(),
        )

    @router.get("/proposals/new")
    def new(request: Request) -> Response:
        v = visit(request)
        v.require(Action.PROPOSE)
        asked = request.query_params
        fields = {k: value[:MAX_FIELD] for k, value in asked.items() if k != "section"}
        fields["title"], fields["reason"] = (
            asked.get("title", "")[:200],
            asked.get("reason", "")[:4000],
        )
        section = asked.get("section", "")
        section = section if section in proposals.SECTIONS else ""
        change = asked.get("change") or FORM_OF_SECTION.get(section, "document" if section else "")
        if change in proposal_forms.FORMS:
            return form_page(request, v, change, fields)
        if change != "document":
            return page(
                request,
                "proposal_new.html",
                visit=v,
                **names(),
                may_use_document=may_use_document(v, DOCUMENT_SECTION),
            )
        section = section or DOCUMENT_SECTION
        if not may_use_document(v, section):
            v.require(Action.PROPOSE_AS_DOCUMENT)
        text = None
        # A plant's workflow offered to the region arrives with the section it would make.
        workflow, plant = asked.get("workflow"), asked.get("plant")
        if section == "workflows" and workflow and plant:
            with connections.read() as conn:
                offered = workflow_use.offered_section(conn, plant[:64], workflow[:100])
            text = json.dumps(offered, ensure_ascii=False, indent=2)
        return document_page(
            request,
            v,
            section,
            text=text,
            title=fields["title"],
            reason=fields["reason"],
        )

    @router.post("/proposals/new/{form}")
    async def create_from_form(request: Request, form: str) -> Response:
        # Who may propose is known from the session before the body is read.
        v = await run_in_threadpool(visit, request)
        v.require(Action.PROPOSE)
        if form not in proposal_forms.FORMS:
            return RedirectResponse("/proposals/new", status_code=303)
        # A field a row: a region of a few hundred machines still fits one targets form.
        sent = await request.form(max_fields=3000, max_files=0)
        fields = {k: value for k, value in sent.multi_items() if isinstance(value, str)}
        v.check_form(fields.pop("csrf", ""))
        return await run_in_threadpool(propose_from_form, request, v, form, fields)

    def propose_from_form(
        request: Request, v: Visit, form: str, fields: dict[str, str]
    ) -> Response:
        section = proposal_forms.FORMS[form]
        problems = {k: v.translate(m.message, **m.values) for k, m in too_long(fields).items()}
        if not fields.get("title", "").strip():
            problems["title"] = v.translate("Give the proposal a title.")
        if not fields.get("reason", "").strip():
            problems["reason"] = v.translate("Say why: what was seen, where, how often.")
        try:
            with connections.write() as conn:
                region = proposals.region_in_force(conn)
                try:
                    content = proposal_forms.content_for(form, region.get(section), fields, region)
                except proposal_forms.FormProblems as found:
                    for name, why in found.problems.items():
                        problems.setdefault(name, v.translate(why.message, **why.values))
                if problems:
                    raise FieldsRefused(problems)
                made = proposals.propose(
                    conn,
                    v.person,
                    section=section,
                    title=fields["title"],
                    reason=fields["reason"],
                    content=content,
                    now=v.now,
                )
                v.record(
                    conn, "proposed", f"proposal {made.number}", {"section": section, "form": form}
                )
        except FieldsRefused as refused:
            return form_page(
                request,
                v,
                form,
                fields,
                posted=True,
                problems=refused.problems,
                problem=v.translate("Some fields need another look: see the messages beside them."),
                status=400,
            )
        except proposals.Refused as refused:
            return form_page(
                request,
                v,
                form,
                fields,
                posted=True,
                problem=v.translate(refused.message, **refused.values),
                status=400,
            )
        return RedirectResponse(f"/proposals/{made.number}", status_code=303)

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
        if not may_use_document(v, section):
            v.require(Action.PROPOSE_AS_DOCUMENT)
        try:
            parsed = json.loads(content)
        except ValueError as problem:
            text = v.translate("The standard is not valid JSON: {problem}", problem=str(problem))
            return document_page(
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
            return document_page(
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
