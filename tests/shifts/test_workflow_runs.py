"""Workflow definitions as data, triggers, and completions recorded with their effects."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from local_store import EventStore
from operator_app.services.capture import CaptureService
from operator_app.services.workflow_runs import WorkflowRunService, pareto_csv
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.errors import PermissionDenied, RuleViolation
from shopfloor_core.domain.roster import Person
from shopfloor_core.domain.workflows import (
    Replacement,
    WorkflowError,
    bundled_workflows,
    load_workflows,
)
from tests.shifts.conftest import FixedClock

NOW = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)  # 10:00 CEST: four hours into the early shift


@pytest.fixture
def runs(
    store: EventStore, catalogue: Catalogue, site: SiteConfig, clock: FixedClock
) -> WorkflowRunService:
    clock.now = NOW
    return WorkflowRunService(store, catalogue, site, bundled_workflows(catalogue), clock)


def test_bad_definitions_are_reported_whole(catalogue: Catalogue) -> None:
    with pytest.raises(WorkflowError) as caught:
        load_workflows(
            {
                "version": "X",
                "languages": ["en"],
                "workflows": [
                    {
                        "code": "A",
                        "title": {"en": "A"},
                        "roles": ["operator", "pilot"],
                        "trigger": {"kind": "downtime", "category": "NOPE"},
                        "subject": "downtime",
                        "steps": [{"id": "s", "kind": "dance", "prompt": {"en": "?"}}],
                    }
                ],
            },
            catalogue,
        )
    assert caught.value.problems == [
        "workflows[A].roles: must be one of operator, supervisor, maintenance, quality, "
        "ci_engineer",
        "workflows[A].trigger.category: 'NOPE' is not in catalogue 2026.11-R1",
        "workflows[A].steps[s].kind: must be one of checklist, choose, number, note, confirm, "
        "pareto",
    ]


def test_the_repair_report_acknowledges_no_call_and_corrects_the_stop(
    runs: WorkflowRunService,
    timed_capture: CaptureService,
    clock: FixedClock,
    operator: Person,
    maintenance: Person,
    store: EventStore,
) -> None:
    # Calls are andon calls now (raised by the operator, acknowledged, reached and closed by
    # maintenance, with their times): the report on the stop no longer pretends one.
    report = bundled_workflows().get("MNT.CALL")
    assert [step.step_id for step in report.steps] == ["fix", "cause", "close"]
    assert all(step.marks is None for step in report.steps)
    clock.now = NOW - timedelta(minutes=30)
    stop = timed_capture.start_downtime(operator, "PRESS-1", reason_code="EQP.MEC.JAM")
    clock.now = NOW - timedelta(minutes=25)
    assert runs.due(maintenance) == []  # five minutes: no report due yet
    clock.now = NOW
    (due,) = runs.due(maintenance)
    assert (due.workflow.code, due.subject_key) == ("MNT.CALL", stop.event_id)
    with pytest.raises(RuleViolation) as refused:
        runs.complete(
            maintenance,
            "MNT.CALL",
            {"fix": "bearing replaced", "cause": "EQP.MEC.DRV"},
            subject_key=stop.event_id,
        )
    assert refused.value.code == "not_confirmed"
    record = runs.complete(
        maintenance,
        "MNT.CALL",
        {"fix": "bearing replaced", "cause": "EQP.MEC.DRV", "close": True},
        subject_key=stop.event_id,
        # The operator named the stop; the technician saw that reason and replaces it.
        based_on_seq=stop.seq,
        replacing=Replacement.REPLACE,
    )
    assert record.outcome["marks"] == {}
    assert "response_s" not in record.outcome
    current = store.current(stop.event_id)
    assert current is not None
    assert (current.reason_code, current.note) == ("EQP.MEC.DRV", "bearing replaced")
    assert current.author == maintenance.person_id
    assert runs.due(maintenance) == []
    row = store.db.execute("SELECT payload FROM outbox WHERE record_kind = 'workflow_run'")
    payload = json.loads(row.fetchone()[0])
    assert payload["workflow_version"] == "EU-2026.1-WF2"
    assert json.loads(payload["answers"])["cause"] == "EQP.MEC.DRV"


def test_a_regional_definition_with_marks_keeps_response_and_repair_times(
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    timed_capture: CaptureService,
    clock: FixedClock,
    operator: Person,
    maintenance: Person,
) -> None:
    """A region may still stamp moments of a repair in its own definition (``marks``)."""
    document = json.loads(
        resources.files("shopfloor_core.standards").joinpath("workflows.json").read_text("utf-8")
    )
    report = next(w for w in document["workflows"] if w["code"] == "MNT.CALL")
    confirm = {"kind": "confirm", "prompt": {"en": "?", "es": "?"}}
    report["steps"] = [
        {**confirm, "id": "ack", "marks": "acknowledged"},
        {**confirm, "id": "start", "marks": "repair_started"},
        *report["steps"][:-1],
        {**confirm, "id": "close", "marks": "repair_finished"},
    ]
    runs = WorkflowRunService(store, catalogue, site, load_workflows(document, catalogue), clock)
    clock.now = NOW - timedelta(minutes=30)
    stop = timed_capture.start_downtime(operator, "PRESS-1", reason_code="EQP.MEC.JAM")
    clock.now = NOW
    record = runs.complete(
        maintenance,
        "MNT.CALL",
        {"ack": True, "start": True, "fix": "x", "cause": "EQP.MEC.DRV", "close": True},
        subject_key=stop.event_id,
        based_on_seq=stop.seq,
        replacing=Replacement.REPLACE,
        stamps={
            "ack": NOW - timedelta(minutes=22),
            "start": NOW - timedelta(minutes=15),
            "close": NOW,
        },
    )
    assert record.outcome["response_s"] == 8 * 60
    assert record.outcome["repair_s"] == 15 * 60


def test_roles_and_subtrees_are_enforced(
    runs: WorkflowRunService,
    timed_capture: CaptureService,
    operator: Person,
    maintenance: Person,
    quality: Person,
) -> None:
    stop = timed_capture.start_downtime(operator, "PRESS-1", at=NOW - timedelta(minutes=30))
    with pytest.raises(PermissionDenied):
        runs.complete(operator, "MNT.CALL", {}, subject_key=stop.event_id)
    with pytest.raises(RuleViolation) as refused:
        runs.complete(
            maintenance,
            "MNT.CALL",
            {"fix": "x", "cause": "MAT.SHT", "close": True},
            subject_key=stop.event_id,
        )
    assert refused.value.code == "outside_subtree"
    scrap = timed_capture.record_scrap(operator, "WELD-2", "SCR.SRF.SCR", 4)
    record = runs.complete(
        quality,
        "QA.SCRAP_REVIEW",
        {"reason": "SCR.SRF.DNT", "done": True},
        subject_key=scrap.event_id,
        based_on_seq=scrap.seq,
        replacing=Replacement.REPLACE,
    )
    assert record.outcome["revisions"]
    assert runs.store.current(scrap.event_id).reason_code == "SCR.SRF.DNT"  # type: ignore[union-attr]


def test_pareto_over_shifts_exports_csv(
    runs: WorkflowRunService,
    timed_capture: CaptureService,
    supervisor: Person,
    ci_engineer: Person,
    clock: FixedClock,
) -> None:
    for hours, code in ((20, "MAT.SHT"), (10, "EQP.MEC.JAM"), (3, "MAT.SHT")):
        clock.now = NOW - timedelta(hours=hours) + timedelta(minutes=30)
        timed_capture.record_downtime(
            supervisor,
            "PRESS-1",
            clock.now - timedelta(minutes=25),
            clock.now,
            reason_code=code,
        )
    clock.now = NOW
    shifts, rows = runs.pareto(ci_engineer, 3)
    assert len(shifts) == 3
    assert [(r.reason_code, r.seconds, r.stops) for r in rows] == [
        ("MAT.SHT", 3000.0, 2),
        ("EQP.MEC.JAM", 1500.0, 1),
    ]
    text = pareto_csv(rows, {"MAT.SHT": "Material shortage"})
    assert text.splitlines()[1] == "MAT.SHT,Material shortage,50.0,2,0.667"


MAINTENANCE_CALL = {
    "fix": "cleared the feeder",
    "cause": "EQP.MEC.JAM",
    "close": True,
}


def supervisor_corrected_stop(
    capture: CaptureService, clock: FixedClock, operator: Person, supervisor: Person
) -> tuple[str, int]:
    """A stop the maintenance call starts from (seq 1), which a supervisor then corrects."""
    clock.now = NOW - timedelta(minutes=30)
    stop = capture.start_downtime(operator, "PRESS-1")
    clock.now = NOW - timedelta(minutes=5)
    capture.categorize(supervisor, stop.event_id, "MAT.WRG")
    clock.now = NOW
    return stop.event_id, stop.seq


def test_a_workflow_does_not_silently_replace_a_supervisors_correction(
    runs: WorkflowRunService,
    timed_capture: CaptureService,
    clock: FixedClock,
    operator: Person,
    supervisor: Person,
    maintenance: Person,
    store: EventStore,
) -> None:
    event_id, started_from = supervisor_corrected_stop(timed_capture, clock, operator, supervisor)
    with pytest.raises(RuleViolation) as refused:
        runs.complete(maintenance, "MNT.CALL", MAINTENANCE_CALL, subject_key=event_id)
    assert refused.value.code == "replaces_decision"
    details = refused.value.details
    assert (details["reason_code"], details["author"], details["seq"]) == (
        "MAT.WRG",
        supervisor.person_id,
        2,
    )
    assert details["decided_utc"] == NOW - timedelta(minutes=5)
    # A confirmation given for what the run started from does not cover the later correction.
    with pytest.raises(RuleViolation) as refused:
        runs.complete(
            maintenance,
            "MNT.CALL",
            MAINTENANCE_CALL,
            subject_key=event_id,
            based_on_seq=started_from,
            replacing=Replacement.REPLACE,
        )
    assert refused.value.code == "replaces_decision"
    current = store.current(event_id)
    assert current is not None
    assert current.reason_code == "MAT.WRG"
    assert store.db.execute("SELECT count(*) FROM workflow_runs").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("replacing", "reason", "note"),
    [
        # Kept: the supervisor's reason stays, the technician's cause is noted beside it.
        (Replacement.KEEP_AND_NOTE, "MAT.WRG", "cleared the feeder / MNT.CALL: Jam (EQP.MEC.JAM)"),
        (Replacement.REPLACE, "EQP.MEC.JAM", "cleared the feeder"),
    ],
)
def test_after_seeing_the_correction_the_technician_keeps_or_replaces_it(
    runs: WorkflowRunService,
    timed_capture: CaptureService,
    clock: FixedClock,
    operator: Person,
    supervisor: Person,
    maintenance: Person,
    store: EventStore,
    replacing: Replacement,
    reason: str,
    note: str,
) -> None:
    event_id, _ = supervisor_corrected_stop(timed_capture, clock, operator, supervisor)
    runs.complete(
        maintenance,
        "MNT.CALL",
        MAINTENANCE_CALL,
        subject_key=event_id,
        based_on_seq=2,  # the run saw the supervisor's correction (revision 2)
        replacing=replacing,
    )
    current = store.current(event_id)
    assert current is not None
    assert (current.reason_code, current.note, current.author) == (
        reason,
        note,
        maintenance.person_id,
    )
