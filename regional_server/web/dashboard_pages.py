"""The dashboards' pages: the region, a plant, a line, and how every figure is computed.

The figures come from ``regional_server.dashboards`` (which reads the summary's rollups and the
maturity gates' measures); a page only arranges them, draws the small charts and checks the
role (a plant manager sees their own plant and its lines, nothing of the others).
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations.

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from regional_server import dashboards, data_quality, other_notes, summary, workflow_use
from regional_server.accounts import Action
from regional_server.database import Connection, Connections
from regional_server.plants import known_plants
from regional_server.web import numbers
from regional_server.web.category_names import category_names
from regional_server.web.charts import colour, lines_chart, stacked_bars
from regional_server.web.context import Visit, visit_of
from regional_server.web.formula_texts import in_language
from regional_server.web.render import page

KPI_NAMES = {
    "oee": "OEE",
    "availability": "Availability",
    "performance": "Performance",
    "quality": "Quality",
}

METHOD_NAMES = {
    "oee": "OEE, performance and quality",
    "availability": "Availability",
    "plant": "A plant's figure",
    "pareto": "Downtime Pareto",
    "named": "Named within the shift",
    "other": "'Other' share",
    "no_signal": "No-signal share",
    "time_to_name": "Time to name",
    "adoption": "Adoption",
    "fleet": "Sync and fleet health",
    "notes": "'Other' notes grouped",
    "workflows": "Workflow runs per plant",
}


def spelled(language: str) -> dict[str, Any]:
    """The templates' number spellers, in the page's language."""
    return {
        "percent": partial(numbers.percent, language=language),
        "duration": partial(numbers.duration, language=language),
        "decimal": partial(numbers.decimal, language=language),
    }


def _charts(
    v: Visit, spans: list[tuple[datetime, datetime]], found: dict[str, dashboards.Trend]
) -> dict[str, Any]:
    labels = [a.strftime("%d/%m") for a, _ in spans]
    return {
        kpi: lines_chart(
            [(name, trend.kpis[kpi]) for name, trend in found.items()],
            labels,
            title=v.translate("{kpi} by week", kpi=v.translate(KPI_NAMES[kpi])),
            language=v.translate.language,
        )
        for kpi in dashboards.KPIS
    }


def _pareto_chart(v: Visit, found: dashboards.Pareto, names: dict[str, str]) -> Any:
    bars = [
        (
            names.get(code, code),
            [found.by_group.get(code, {}).get(g, 0.0) / 3600 for g in found.groups],
        )
        for code, _ in found.reasons
    ]
    return stacked_bars(
        bars,
        title=v.translate("Downtime by reason, hours"),
        secondary=[code for code, _ in found.reasons],
        language=v.translate.language,
    )


def _context(
    conn: Connection, v: Visit, *, plant: str | None = None, line: str | None = None
) -> dict[str, Any]:
    spans, found = dashboards.trends(conn, v.now, plant=plant, line=line)
    start, end = spans[0][0], spans[-1][1]
    losses = dashboards.pareto(conn, start, end, plant=plant, line=line)
    names = category_names(conn, v.translate.language)
    plants = [plant] if plant is not None else known_plants(conn)
    quality = {p: dashboards.quality(conn, p, v.now) for p in plants}
    adoption = {p: dashboards.adoption(conn, p, v.now, line) for p in plants}
    devices = dashboards.fleet(conn, plant=plant, line=line)
    return {
        "spans": spans,
        "window_start": start,
        "window_end": end,
        "trends": found,
        "charts": _charts(v, spans, found),
        "pareto": losses,
        "pareto_chart": _pareto_chart(v, losses, names),
        "category_names": names,
        "quality": quality,
        "adoption": adoption,
        "devices": devices,
        "kpi_names": KPI_NAMES,
        "kpis": dashboards.KPIS,
        "colour": colour,
        **spelled(v.translate.language),
        "quality_weeks": dashboards.QUALITY_WEEKS,
        "Action": Action,
    }


def _workflow_offer(
    v: Visit,
    use: workflow_use.WorkflowUse,
    used: list[workflow_use.WorkflowUse],
    when: dict[str, str],
) -> dict[str, str]:
    """A proposal's title and reason for making ``use``'s workflow the region's, with evidence."""
    others = [
        v.translate(
            "{plant}: {runs} runs, {minutes} to complete",
            plant=u.plant,
            runs=u.runs,
            minutes=numbers.duration(u.complete_s, v.translate.language),
        )
        for u in used
        if u.code == use.code and u.plant != use.plant
    ]
    reason = v.translate(
        "{plant} ran the workflow {code} (version {version}) {runs} times by {people} people "
        "from {start} to {end}: {minutes} to complete, repair {repair}, response {response}.",
        plant=use.plant,
        code=use.code,
        version=use.version,
        runs=use.runs,
        people=use.people,
        minutes=numbers.duration(use.complete_s, v.translate.language),
        repair=numbers.duration(use.repair_s, v.translate.language),
        response=numbers.duration(use.response_s, v.translate.language),
        **when,
    )
    if others:
        reason += " " + v.translate("Other plants: {others}.", others="; ".join(others))
    return {
        "title": v.translate(
            "{plant}'s workflow {code} for the region", plant=use.plant, code=use.code
        )[:200],
        "reason": reason[:4000],
    }


def dashboard_router(connections: Connections, clock: Callable[[], datetime]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def visit(request: Request) -> Visit:
        return visit_of(request, connections, clock)

    @router.get("/dashboards")
    def region(request: Request) -> Response:
        v = visit(request)
        if v.person.plant and not v.may(Action.READ_PLANT):
            return RedirectResponse(f"/dashboards/{v.person.plant}", status_code=303)
        v.require(Action.READ_PLANT)
        with connections.read() as conn:
            values = _context(conn, v)
        return page(
            request, "dashboard.html", visit=v, plant=None, line=None, level="region", **values
        )

    @router.get("/dashboards/method")
    def method(request: Request) -> Response:
        v = visit(request)
        return page(
            request,
            "dashboard_method.html",
            visit=v,
            method_names=METHOD_NAMES,
            methods=[
                (anchor, in_language(v.translate, text))
                for anchor, text in [
                    ("oee", summary.OEE_METHOD),
                    ("availability", summary.AVAILABILITY_METHOD),
                    ("plant", dashboards.PLANT_FIGURE_METHOD),
                    ("pareto", dashboards.PARETO_METHOD),
                    ("named", data_quality.STOPS_FORMULA.format(hours=dashboards.SHIFT_HOURS)),
                    ("other", data_quality.OTHER_FORMULA),
                    ("no_signal", data_quality.NO_SIGNAL_FORMULA),
                    ("time_to_name", data_quality.TIME_TO_NAME_FORMULA),
                    ("adoption", dashboards.ADOPTION_METHOD),
                    ("fleet", dashboards.FLEET_METHOD),
                    ("notes", other_notes.NOTES_FORMULA),
                    ("workflows", workflow_use.USE_FORMULA),
                ]
            ],
        )

    @router.get("/dashboards/learning")
    def learning(request: Request) -> Response:
        """The cross-plant loop: the same loss in every plant, and the "Other" notes grouped."""
        v = visit(request)
        v.require(Action.READ_PLANT)
        spans = dashboards.weeks(v.now)
        start, end = spans[0][0], spans[-1][1]
        with connections.read() as conn:
            losses = dashboards.pareto(conn, start, end)
            groups = other_notes.groups(conn, start, end)
            used = workflow_use.uses(conn, start, end)
            names = category_names(conn, v.translate.language)
        when = {"start": start.strftime("%Y-%m-%d"), "end": end.strftime("%Y-%m-%d")}
        starts = [
            {
                "title": v.translate("A category for: {note}", note=g.said)[:200],
                "reason": v.translate(
                    "{stops} stops were named 'Other' with the note '{note}' (or the same "
                    "words written otherwise) in {count} plants ({plants}) from {start} to {end}.",
                    stops=g.stops,
                    note=g.said,
                    count=len(g.plants),
                    plants=", ".join(g.plants),
                    **when,
                ),
            }
            for g in groups
        ]
        return page(
            request,
            "dashboard_learning.html",
            visit=v,
            window_start=start,
            window_end=end,
            pareto=losses,
            pareto_chart=_pareto_chart(v, losses, names),
            category_names=names,
            groups=list(zip(groups, starts, strict=True)),
            workflow_offers=[(u, _workflow_offer(v, u, used, when)) for u in used],
            **spelled(v.translate.language),
            colour=colour,
            Action=Action,
        )

    @router.get("/dashboards/{plant}")
    def plant_dashboard(request: Request, plant: str) -> Response:
        v = visit(request)
        v.require(Action.READ_PLANT, plant=plant)
        with connections.read() as conn:
            values = _context(conn, v, plant=plant)
        return page(
            request, "dashboard.html", visit=v, plant=plant, line=None, level="plant", **values
        )

    @router.get("/dashboards/{plant}/lines/{line}")
    def line_dashboard(request: Request, plant: str, line: str) -> Response:
        v = visit(request)
        v.require(Action.READ_PLANT, plant=plant)
        with connections.read() as conn:
            values = _context(conn, v, plant=plant, line=line)
        return page(
            request, "dashboard.html", visit=v, plant=plant, line=line, level="line", **values
        )

    return router
