"""What the region accepts as an andon call revision, and what it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from regional_server.records import Incoming, problem
from regional_server.tokens import Credential
from shopfloor_core.andon_rows import call_to_record, record_to_call
from shopfloor_core.contract import ANDON_CALL_REVISION, RECORD_KINDS
from shopfloor_core.domain import andon
from shopfloor_core.domain.andon import Team
from shopfloor_core.domain.events import Stamp
from shopfloor_core.domain.roster import Person, Role

T0 = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
PRESS_PC = Stamp("L1-PRESS-PC", "VAL", "A1", "L1", "Europe/Madrid")
MAINT_PC = Stamp("L1-MAINT-PC", "VAL", "A1", "L1", "Europe/Madrid")
OPERATOR = Person("op-1", "Ana", Role.OPERATOR, None, None)
TECHNICIAN = Person("mnt-1", "Jordi", Role.MAINTENANCE, None, None)


def credential(line: str, device: str) -> Credential:
    return Credential("t", "device", "VAL", "A1", line, device, T0)


def record() -> dict[str, object]:
    call = andon.raise_call(
        OPERATOR, machine_id="PRESS-1", team=Team.MAINTENANCE, at=T0, stamp=PRESS_PC
    )
    return call_to_record(call)


def incoming(payload: dict[str, object]) -> Incoming:
    return Incoming(ANDON_CALL_REVISION, str(payload["revision_id"]), payload)


def test_a_call_revision_is_a_record_kind_and_reads_back_whole() -> None:
    assert ANDON_CALL_REVISION in RECORD_KINDS
    payload = record()
    assert call_to_record(record_to_call(payload)) == payload
    assert problem(incoming(payload), credential("L1", "L1-PRESS-PC")) is None
    # Any station of the call's line may write its revisions, not only the one that raised it;
    # each revision is stamped by the station that wrote it, and only that station sends it.
    answered = andon.acknowledge(
        record_to_call(payload), TECHNICIAN, at=T0 + timedelta(minutes=2), stamp=MAINT_PC
    )
    assert problem(incoming(call_to_record(answered)), credential("L1", "L1-MAINT-PC")) is None
    refused = problem(incoming(payload), credential("L1", "L1-MAINT-PC"))
    assert refused is not None
    assert refused.startswith("scope:")


def test_a_revision_of_another_line_is_refused() -> None:
    refused = problem(incoming(record()), credential("L2", "L2-PC"))
    assert refused is not None
    assert refused.startswith("scope:")


def test_an_unreadable_revision_is_refused_with_its_reason() -> None:
    for change in ({"state": "teleported"}, {"team": "pilots"}, {"seq": 0}, {"raised_utc": "x"}):
        payload = {**record(), **change}
        refused = problem(incoming(payload), credential("L1", "L1-PRESS-PC"))
        assert refused is not None, change
        assert refused.startswith("invalid:"), refused
    payload = record()
    del payload["call_id"]
    refused = problem(incoming(payload), credential("L1", "L1-PRESS-PC"))
    assert refused is not None
    assert refused.startswith("invalid:")
