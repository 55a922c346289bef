"""The PLC's fault signal in the domain: which fault goes with a stop, what the region's fault
map makes of its code, and how an operator confirms or changes the map's suggestion."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from operator_app.services.capture import CaptureService
from shopfloor_core.domain.catalogue import Catalogue, bundled_catalogue
from shopfloor_core.domain.detection import (
    FLAG_ONLY,
    DetectionSettings,
    Fault,
    Observation,
    StopDetector,
    Transition,
    TransitionKind,
    fault_from,
)
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import Change, EventKind, Source, Stamp, first_revision, revise
from shopfloor_core.domain.fault_codes import (
    FaultMapError,
    bundled_fault_map_document,
    load_fault_map,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CATALOGUE = bundled_catalogue()
SETTINGS = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=30.0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def observe(detector: StopDetector, polls: list[tuple[bool, Fault | None]]) -> list[Transition]:
    out: list[Transition] = []
    for i, (running, fault) in enumerate(polls):
        out.extend(detector.observe(Observation(at(i), True, running, None, fault)))
    return out


# -- which fault goes with a stop ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "code", "expected"),
    [
        (None, None, None),
        (None, 0, None),
        (None, 417, Fault(417)),
        (True, None, Fault(None)),
        (True, 0, Fault(None)),
        (True, 201, Fault(201)),
        # Many PLCs keep the last code after the fault is reset: the flag decides.
        (False, 201, None),
        (False, None, None),
    ],
)
def test_a_fault_is_read_from_the_flag_and_the_code(
    flag: bool | None, code: int | None, expected: Fault | None
) -> None:
    assert fault_from(flag, code) == expected


def test_a_stop_with_a_fault_code_opens_a_downtime_carrying_it() -> None:
    detector = StopDetector(SETTINGS, None)
    polls = [(True, None)] * 5 + [(False, Fault(201))] * 35 + [(True, None)]
    out = observe(detector, polls)
    assert out == [
        Transition(TransitionKind.DOWNTIME_OPENED, at(5), None, Fault(201)),
        Transition(TransitionKind.DOWNTIME_CLOSED, at(5), at(40)),
    ]


def test_the_fault_seen_a_poll_before_the_running_bit_dropped_is_the_stops() -> None:
    detector = StopDetector(SETTINGS, None)
    polls = [(True, None)] * 4 + [(True, Fault(120))] + [(False, None)] * 35
    opened = [t for t in observe(detector, polls) if t.kind is TransitionKind.DOWNTIME_OPENED]
    assert opened == [Transition(TransitionKind.DOWNTIME_OPENED, at(5), None, Fault(120))]


def test_a_code_written_after_the_flag_names_the_fault() -> None:
    detector = StopDetector(SETTINGS, None)
    polls = [(True, None)] * 3 + [(False, Fault(None))] * 2 + [(False, Fault(417))] * 33
    opened = [t for t in observe(detector, polls) if t.kind is TransitionKind.DOWNTIME_OPENED]
    assert [t.fault for t in opened] == [Fault(417)]


def test_a_flag_without_a_code_is_a_fault_with_no_number() -> None:
    detector = StopDetector(SETTINGS, None)
    polls = [(True, None)] * 3 + [(False, Fault(None))] * 35
    opened = [t for t in observe(detector, polls) if t.kind is TransitionKind.DOWNTIME_OPENED]
    assert [t.fault for t in opened] == [Fault(None)]
    assert opened[0].fault is not None
    assert opened[0].fault.stored_code == FLAG_ONLY


def test_a_stop_without_a_fault_stays_plain_and_a_fault_does_not_outlive_its_stop() -> None:
    detector = StopDetector(SETTINGS, None)
    polls = [(True, None)] * 3 + [(False, Fault(201))] * 35 + [(True, None)] * 3
    polls += [(False, None)] * 35
    opened = [t for t in observe(detector, polls) if t.kind is TransitionKind.DOWNTIME_OPENED]
    assert [t.fault for t in opened] == [Fault(201), None]


# -- the region's fault map ---------------------------------------------------------------------
def test_the_bundled_map_suggests_a_reason_for_a_known_code(catalogue: Catalogue) -> None:
    faults = load_fault_map(bundled_fault_map_document(), catalogue)
    assert faults.catalogue_version == catalogue.version
    reason, why = faults.suggestion(Fault(201))
    assert reason == "EQP.ELE.DRV"
    assert why == f"PLC fault 201: EQP.ELE.DRV in fault map {faults.version}"
    # Every mapped code points to a leaf an operator may choose.
    assert all(
        catalogue.get(r).selectable and catalogue.get(r).is_leaf for r in faults.reasons.values()
    )


def test_an_unknown_code_and_a_bare_flag_suggest_nothing(catalogue: Catalogue) -> None:
    faults = load_fault_map(bundled_fault_map_document(), catalogue)
    assert faults.suggestion(Fault(417)) == (None, "PLC fault 417")
    assert faults.suggestion(Fault(None)) == (None, "PLC fault flag")


def with_codes(*entries: dict[str, Any], **changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(bundled_fault_map_document())
    document["codes"] = list(entries)
    document.update(changes)
    return document


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            with_codes({"code": 101, "reason": "EQP.MEC"}),
            "codes[0].reason: EQP.MEC has sub-categories; choose one of them",
        ),
        (
            with_codes({"code": 101, "reason": "SYS.MICRO"}),
            "codes[0].reason: SYS.MICRO is assigned by the system only",
        ),
        (
            with_codes({"code": 101, "reason": "EQP.MEC.XYZ"}),
            "codes[0].reason: category 'EQP.MEC.XYZ' is not in catalogue 2026.11-R1",
        ),
        (
            with_codes({"code": 101, "reason": "SCR.DIM"}),
            "codes[0].reason: SCR.DIM is a scrap category, not downtime",
        ),
        (
            with_codes({"code": 101, "reason": "EQP.MEC.JAM"}, catalogue_version="2026.10-R3"),
            "catalogue_version: '2026.10-R3' is not the catalogue in force ('2026.11-R1')",
        ),
        (
            with_codes({"code": 0, "reason": "EQP.MEC.JAM"}),
            "codes[0].code: must be 1 to 4294967295 (0 means no fault), not 0",
        ),
        (
            with_codes({"code": 7, "reason": "EQP.MEC.JAM"}, {"code": 7, "reason": "MAT.SHT"}),
            "codes[1].code: 7 is mapped twice",
        ),
        (
            with_codes({"code": "7", "reason": "EQP.MEC.JAM"}),
            "codes[0].code: must be an integer, not '7'",
        ),
        (
            with_codes({"code": 7, "reasn": "EQP.MEC.JAM"}),
            "codes[0].reasn: is not a known setting (misspelt?)",
        ),
        (with_codes(version=""), "version: is required"),
        ([], "must be a fault map document (an object)"),
    ],
)
def test_a_bad_map_is_refused_naming_the_entry(
    catalogue: Catalogue, document: Any, expected: str
) -> None:
    with pytest.raises(FaultMapError) as refused:
        load_fault_map(document, catalogue)
    assert any(p.startswith(expected) for p in refused.value.problems), refused.value.problems


# -- the suggestion in the event's revisions ----------------------------------------------------
STAMP = Stamp("line-pc", "VAL", "A", "L1", "Europe/Madrid")


def machine_stop(**overrides: Any) -> Any:
    """A stop as detection writes it with the PLC's fault; ``overrides`` change its fields."""
    fields: dict[str, Any] = {
        "kind": EventKind.DOWNTIME,
        "machine_id": "PRESS-1",
        "start_utc": at(0),
        "end_utc": None,
        "reason_code": "EQP.ELE.DRV",
        "catalogue_version": "2026.11-R1",
        "quantity": None,
        "note": "",
        "source": Source.MACHINE,
        "author": "system:PRESS-1",
        "recorded_utc": at(30),
        "stamp": STAMP,
        "why": "PLC fault 201: EQP.ELE.DRV in fault map FC-2026.11-R1",
        "fault_code": 201,
        "reason_suggested": True,
    }
    return first_revision(**{**fields, **overrides})


def test_a_suggested_reason_still_needs_naming_and_confirming_it_is_naming(
    catalogue: Catalogue,
) -> None:
    stop = machine_stop()
    assert stop.needs_naming
    assert not stop.is_uncategorized
    # The operator picks another reason: naming, not a correction (no why needed).
    named = revise(
        stop,
        change=Change.CATEGORIZED,
        author="op-ana",
        recorded_utc=at(60),
        reason_code="EQP.MEC.JAM",
        catalogue_version=catalogue.version,
    )
    assert (named.reason_code, named.reason_suggested, named.fault_code) == (
        "EQP.MEC.JAM",
        False,
        201,
    )
    assert not named.needs_naming
    # Once a person named it, changing it again is a correction like any other.
    with pytest.raises(RuleViolation) as again:
        revise(
            named,
            change=Change.CATEGORIZED,
            author="op-ana",
            recorded_utc=at(61),
            reason_code="MAT.SHT",
            catalogue_version=catalogue.version,
        )
    assert again.value.code == "already_categorized"


def test_a_suggestion_needs_a_reason() -> None:
    with pytest.raises(RuleViolation):
        machine_stop(reason_code=None, catalogue_version=None)


def test_a_suggestion_the_catalogue_refuses_still_records_the_stop_with_its_code(
    capture: CaptureService,
) -> None:
    (stop,) = capture.machine_stopped(
        "PRESS-1", at(0), fault_code=120, suggested_reason="EQP.MEC", why="PLC fault 120"
    )
    assert (stop.reason_code, stop.reason_suggested, stop.fault_code) == (None, False, 120)
    assert stop.needs_naming


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ENTRY = st.fixed_dictionaries(
    {
        "code": JSON | st.integers(-5, 2**33),
        "reason": JSON | st.sampled_from(["EQP.MEC.JAM", "EQP"]),
    }
)


@settings(max_examples=300)
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {
                "version": JSON | st.just("FC-1"),
                "catalogue_version": JSON | st.just("2026.11-R1"),
                "codes": st.lists(ENTRY | JSON, max_size=5),
            }
        ),
    )
)
def test_any_document_is_a_map_or_a_refusal_never_a_crash(document: Any) -> None:
    problems: list[str] = []
    try:
        faults = load_fault_map(document, CATALOGUE)
    except FaultMapError as refused:
        problems = refused.problems
        assert problems
    else:
        assert all(1 <= code < 2**32 for code in faults.reasons)
    assert all(isinstance(p, str) and "\n" not in p for p in problems)


def test_a_fault_from_before_a_silence_is_not_the_next_stops() -> None:
    detector = StopDetector(SETTINGS, None)
    out = []
    for i in range(40):
        running, fault, signal = True, None, True
        if i == 3:
            fault = Fault(201)
        elif 4 <= i < 6:
            signal = False
        elif i >= 6:
            running = False
        out += detector.observe(
            Observation(at(i), signal, running if signal else None, None, fault)
        )
    opened = [t for t in out if t.kind is TransitionKind.DOWNTIME_OPENED]
    assert [t.fault for t in opened] == [None]
