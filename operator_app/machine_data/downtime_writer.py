"""What a machine's state transitions mean in the store, through the capture service.

Detection writes as the machine's own author (``system:<machine id>``): a stop opens a
downtime without a reason (the operator names it), a micro-stop is written closed with the
micro-stop category, silence is downtime of the no-signal category. A stop that came with the
PLC's fault keeps its fault code, and a code the region's fault map knows pre-categorizes it: the
mapped reason, marked as a suggestion the operator confirms or changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from operator_app.domain.catalogue import MICRO_STOP, NO_SIGNAL
from operator_app.domain.detection import Transition, TransitionKind
from operator_app.domain.events import Change, EventRevision, revise
from operator_app.domain.fault_codes import NO_FAULT_MAP, FaultMap
from operator_app.services.capture import CaptureService, MachineAuthor


@dataclass(frozen=True)
class Written:
    kind: TransitionKind
    revisions: tuple[EventRevision, ...]


def write_transition(
    capture: CaptureService, machine_id: str, t: Transition, faults: FaultMap = NO_FAULT_MAP
) -> Written:
    if t.kind is TransitionKind.DOWNTIME_OPENED and t.fault is not None:
        suggested, why = faults.suggestion(t.fault)
        revs = capture.machine_stopped(
            machine_id,
            t.start,
            fault_code=t.fault.stored_code,
            suggested_reason=suggested,
            why=why,
        )
        return Written(t.kind, tuple(revs))
    if t.kind is TransitionKind.DOWNTIME_OPENED:
        return Written(t.kind, tuple(capture.machine_stopped(machine_id, t.start)))
    if t.kind is TransitionKind.SIGNAL_LOST:
        revs = capture.machine_stopped(machine_id, t.start, reason_code=NO_SIGNAL)
        return Written(t.kind, tuple(revs))
    if t.kind is TransitionKind.MICRO_STOP:
        assert t.end is not None
        opened = capture.machine_stopped(machine_id, t.start, reason_code=MICRO_STOP)
        ended = []
        for rev in opened:
            # Closed right away, and only these: an operator's open downtime is not ours.
            end = revise(
                rev,
                change=Change.ENDED,
                author=MachineAuthor(machine_id).person_id,
                recorded_utc=capture.clock(),
                end_utc=max(t.end, rev.start_utc),
            )
            capture.store.append([end])
            ended.append(end)
        return Written(t.kind, tuple(ended))
    assert t.end is not None
    return Written(t.kind, tuple(capture.machine_restarted(machine_id, t.end)))
