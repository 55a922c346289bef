"""The maturity pages: every plant's level and the next plant to move on, one plant's evidence
with its modules and reference grant, and the region's model of levels and thresholds.

The rules live in ``regional_server.maturity`` and ``regional_server.plant_modules``; a handler
checks the role and the form's CSRF token, runs one change in one transaction with its audit
entry, and shows the outcome. A change the rules refuse comes back as a message (and an audit
entry); a change the role may not make is 403.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations.

import json
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from regional_server import maturity, plant_modules, weekly_oee
from regional_server.accounts import Action
from regional_server.database import Connections
from regional_server.plants import known_plants
from regional_server.web import numbers
from regional_server.web.context import Visit, visit_of
from regional_server.web.formula_texts import in_language
from regional_server.web.i18n import Translator
from regional_server.web.render import page

Csrf = Annotated[str, Form(max_length=100)]
Reason = Annotated[str, Form(max_length=2000)]
MAX_MODEL_TEXT = 200_000

LEVEL_NAMES = {
    "connected": "Connected",
    "adopted": "Adopted",
    "clean_data": "Clean data",
    "kpi_movement": "KPI movement",
    "reference": "Reference plant",
}
MEASURE_NAMES = {
    "days_since_sync": "Days since a device synced",
    "named_in_shift_share": "Stops named within the shift, worst week",
    "other_share": "'Other' share of named stops",
    "no_signal_share": "No-signal share of stops",
    "sync_lag_p95_s": "Sync lag p95",
    "oee_weekly_slope": "OEE trend (slope per week)",
    "reference_granted": "Granted as a reference plant",
}
OP_SIGNS = {"at_least": "≥", "at_most": "≤", "above": ">"}
SHARES = {"named_in_shift_share", "other_share", "no_signal_share"}


def shown(measure: str, value: float | None, language: str = "en") -> str:
    """A measured value or threshold as a person reads it (shares as percentages)."""
    if value is None:
        return numbers.NO_FIGURE
    if measure in SHARES:
        return numbers.percent(value, language)
    if measure == "oee_weekly_slope":
        return numbers.points(value, language)
    if measure == "sync_lag_p95_s":
        return numbers.duration(value, language)
    if measure == "reference_granted":
        return "✓" if value else "✗"
    return numbers.amount(value, language)


def figure(value: maturity.Figure, language: str) -> str:
    """A figure of a line of evidence: a share in per cent, a count or a date as it is."""
    if value is None:
        return numbers.NO_FIGURE
    if isinstance(value, float):
        return numbers.percent(value, language)
    return str(value)


def evidence(detail: maturity.Detail, translate: Translator) -> str:
    """A line of a measure's evidence in the reader's words and way of writing numbers."""
    values = {key: figure(value, translate.language) for key, value in detail.values.items()}
    return translate(detail.message, **values)


def names(translate: Translator) -> dict[str, Any]:
    return {
        "level_names": LEVEL_NAMES,
        "measure_names": MEASURE_NAMES,
        "op_signs": OP_SIGNS,
        "shown": partial(shown, language=translate.language),
        "evidence": partial(evidence, translate=translate),
    }


def maturity_router(connections: Connections, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def visit(request: Request) -> Visit:
        return visit_of(request, connections, clock)

    @router.get("/maturity")
    def overview(request: Request) -> Response:
        v = visit(request)
        if v.person.plant and not v.may(Action.READ_PLANT):
            return RedirectResponse(f"/plants/{v.person.plant}/maturity", status_code=303)
        v.require(Action.READ_PLANT)
        with connections.read() as conn:
            model = maturity.model_in_force(conn)
            # The weekly OEE of every plant that reaches the trend's gate, read once.
            region = weekly_oee.RegionWeeks(conn, v.now)
            found = [
                maturity.evaluate(conn, p, v.now, model, up_to_next=True, region=region)
                for p in known_plants(conn)
            ]
        ranked = maturity.ranked_for_next_step(found, model)
        return page(
            request,
            "maturity.html",
            visit=v,
            ranked=ranked,
            model=model,
            **names(v.translate),
        )

    def plant_page(
        request: Request, v: Visit, plant: str, *, problem: str = "", status: int = 200
    ) -> Response:
        with connections.read() as conn:
            model = maturity.model_in_force(conn)
            result = maturity.evaluate(conn, plant, v.now, model)
            switches = plant_modules.switched(conn, plant)
            grant = maturity.reference_grant(conn, plant)
        return page(
            request,
            "plant_maturity.html",
            visit=v,
            plant=plant,
            result=result,
            model=model,
            switches=switches,
            grant=grant,
            formula_text=lambda source: in_language(v.translate, source),
            problem=problem,
            status=status,
            Action=Action,
            **names(v.translate),
        )

    @router.get("/plants/{plant}/maturity")
    def plant_maturity(request: Request, plant: str) -> Response:
        v = visit(request)
        v.require(Action.READ_PLANT, plant=plant)
        return plant_page(request, v, plant)

    @router.post("/plants/{plant}/modules")
    def switch_module(
        request: Request,
        plant: str,
        module: Annotated[str, Form(max_length=64)],
        on: Annotated[str, Form(max_length=5)],
        csrf: Csrf = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        v.require(Action.SWITCH_MODULES, plant=plant)
        wanted = on == "1"
        problem = ""
        with connections.write() as conn:
            model = maturity.model_in_force(conn)
            result = maturity.evaluate(conn, plant, v.now, model)
            level = result.level.code if result.level else "-"
            try:
                plant_modules.switch(
                    conn, result, model, module, on=wanted, actor=v.person.login, now=v.now
                )
                action = "module switched on" if wanted else "module switched off"
            except maturity.ModelProblem as refused:
                # Levels by their names in the reader's language, not their codes.
                values = {
                    key: v.translate(LEVEL_NAMES[value]) if value in LEVEL_NAMES else value
                    for key, value in refused.values.items()
                }
                problem = v.translate(refused.message, **values)
                action = "module switch refused"
            v.record(conn, action, plant, {"module": module, "level": level})
        if problem:
            return plant_page(request, v, plant, problem=problem, status=409)
        return RedirectResponse(f"/plants/{plant}/maturity", status_code=303)

    @router.post("/plants/{plant}/reference")
    def reference(
        request: Request,
        plant: str,
        granted: Annotated[str, Form(max_length=5)],
        reason: Reason = "",
        csrf: Csrf = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        v.require(Action.MANAGE_MATURITY)
        grant = granted == "1"
        try:
            with connections.write() as conn:
                maturity.grant_reference(
                    conn, plant, granted=grant, reason=reason, actor=v.person.login, now=v.now
                )
                action = "reference plant granted" if grant else "reference plant withdrawn"
                v.record(conn, action, plant, {"reason": reason.strip()})
        except maturity.ModelProblem as refused:
            text = v.translate(refused.message, **refused.values)
            return plant_page(request, v, plant, problem=text, status=400)
        return RedirectResponse(f"/plants/{plant}/maturity", status_code=303)

    def model_page(
        request: Request,
        v: Visit,
        *,
        text: str | None = None,
        reason: str = "",
        problem: str = "",
        status: int = 200,
    ) -> Response:
        with connections.read() as conn:
            model = maturity.model_in_force(conn)
            history = maturity.model_history(conn)
        if text is None:
            text = json.dumps(model.document, ensure_ascii=False, indent=2)
        return page(
            request,
            "maturity_model.html",
            visit=v,
            model=model,
            history=history,
            text=text,
            reason=reason,
            problem=problem,
            status=status,
            Action=Action,
            **names(v.translate),
        )

    @router.get("/maturity/model")
    def model(request: Request) -> Response:
        v = visit(request)
        return model_page(request, v)

    @router.post("/maturity/model")
    def change_model(
        request: Request,
        content: Annotated[str, Form(max_length=MAX_MODEL_TEXT)],
        reason: Reason = "",
        csrf: Csrf = "",
    ) -> Response:
        v = visit(request)
        v.check_form(csrf)
        v.require(Action.MANAGE_MATURITY)
        try:
            with connections.write() as conn:
                try:
                    document = json.loads(content)
                except ValueError as bad:
                    raise maturity.ModelProblem(
                        "The model is not valid JSON: {problem}", problem=str(bad)
                    ) from None
                made = maturity.change_model(
                    conn, document, actor=v.person.login, reason=reason, now=v.now
                )
                v.record(
                    conn, "maturity model changed", f"model {made.version}", {"reason": reason}
                )
        except maturity.ModelProblem as refused:
            with connections.write() as conn:
                v.record(conn, "maturity model change refused", "model", {"why": str(refused)})
            text = v.translate(refused.message, **refused.values)
            return model_page(request, v, text=content, reason=reason, problem=text, status=400)
        return RedirectResponse("/maturity/model", status_code=303)

    return router
