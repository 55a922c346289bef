"""How each plant runs the region's role workflows, so a champion can offer the best one to all.

A line PC syncs a ``workflow_run`` record each time a person completes a workflow: which
workflow and version, who, when it started and was completed, and its outcome (the response
and repair times of a stop it handled). Counted per workflow and plant over the dashboards'
window, that is the evidence that one plant's way works; the workflow as that plant has it in
force (its pilot bundle, or the region's) becomes the content of a proposal for the region.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from regional_server import bundles, proposals
from regional_server.database import Connection
from shopfloor_core.domain.clock import from_iso

WORKFLOW_RUN = "workflow_run"
USE_FORMULA = (
    "Workflow runs = the workflow_run records synced from a plant whose completion time falls "
    "in the window, per workflow; time to complete = median of completed minus started; "
    "repair and response = medians of the outcome's repair_s and response_s where present"
)


@dataclass(frozen=True)
class WorkflowUse:
    code: str
    plant: str
    version: str  # the workflows version most of the runs used
    runs: int
    people: int
    complete_s: float | None
    repair_s: float | None
    response_s: float | None


def _outcome_seconds(outcome: Any, name: str) -> float | None:
    if isinstance(outcome, str):
        try:
            outcome = json.loads(outcome)
        except ValueError:
            return None
    value = outcome.get(name) if isinstance(outcome, dict) else None
    return float(value) if isinstance(value, int | float) else None


def _median(values: list[float]) -> float | None:
    return median(values) if values else None


def uses(conn: Connection, start: datetime, end: datetime) -> list[WorkflowUse]:
    """Each workflow's runs per plant completed in ``[start, end)``, by workflow then plant."""
    rows = conn.execute(
        "SELECT plant, payload FROM records WHERE kind = ?", [WORKFLOW_RUN]
    ).fetchall()
    runs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for plant, text in rows:
        payload = json.loads(text)
        completed = from_iso(str(payload["completed_utc"]))
        if start <= completed < end:
            runs[(str(payload["workflow_code"]), str(plant))].append(payload)
    found = []
    for (code, plant), done in sorted(runs.items()):
        took = [
            (from_iso(p["completed_utc"]) - from_iso(p["started_utc"])).total_seconds()
            for p in done
        ]
        repair = [
            s for p in done if (s := _outcome_seconds(p.get("outcome"), "repair_s")) is not None
        ]
        response = [
            s for p in done if (s := _outcome_seconds(p.get("outcome"), "response_s")) is not None
        ]
        found.append(
            WorkflowUse(
                code=code,
                plant=plant,
                version=Counter(str(p["workflow_version"]) for p in done).most_common(1)[0][0],
                runs=len(done),
                people=len({p["person_id"] for p in done}),
                complete_s=_median(took),
                repair_s=_median(repair),
                response_s=_median(response),
            )
        )
    return found


def _workflows_in_force(conn: Connection, plant: str) -> Any:
    published = bundles.current(conn, plant)
    document = published.document if published is not None else proposals.region_in_force(conn)
    return document.get("workflows")


def offered_section(conn: Connection, plant: str, code: str) -> Any:
    """The region's workflows with ``code`` as ``plant`` has it in force, for a proposal.

    When the plant runs the region's own version, the section is the region's unchanged: the
    proposal then says so ("changes nothing") until the proposer edits it.
    """
    region = proposals.section_in_force(conn, "workflows")
    theirs = _workflows_in_force(conn, plant)
    if not isinstance(region, dict) or not isinstance(theirs, dict):
        return region
    chosen = next(
        (w for w in theirs.get("workflows") or [] if isinstance(w, dict) and w.get("code") == code),
        None,
    )
    if chosen is None:
        return region
    listed = [w for w in region.get("workflows") or [] if isinstance(w, dict)]
    replaced = [chosen if w.get("code") == code else w for w in listed]
    if all(w.get("code") != code for w in listed):
        replaced.append(chosen)
    offered = {**region, "workflows": replaced}
    if offered != region:
        # A changed section needs a new version; this one says where it came from.
        offered["version"] = f"{region.get('version')}+{plant}.{code}"
    return offered
