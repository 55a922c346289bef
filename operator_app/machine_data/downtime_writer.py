"""What a machine's state transitions mean in the store, through the capture service.

Detection writes as the machine's own author (``system:<machine id>``): a stop opens a
downtime without a reason (the operator names it), a micro-stop is written closed with the
micro-stop category, silence is downtime of the no-signal category. A stop that came with the
PLC's fault keeps its fault code, and a code the region's fault map knows pre-categorizes it: the
mapped reason, marked as a suggestion the operator confirms or changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from operator_app.services.capture import CaptureService, MachineAuthor
from shopfloor_core.domain.catalogue import MICRO_STOP, NO_SIGNAL
from shopfloor_core.domain.client_watch import OpenStop, Settlement
from shopfloor_core.domain.detection import Transition, TransitionKind
from shopfloor_core.domain.events import Change, EventRevision, revise
from shopfloor_core.domain.fault_codes import NO_FAULT_MAP, FaultMap


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
            # Closed right away, and only these: an operator's open downtime is not ours. A
            # part that ends where someone's later stop begins is closed already.
            ended.append(_ended(capture, machine_id, rev, t.end) if rev.is_open else rev)
        return Written(t.kind, tuple(ended))
    assert t.end is not None
    return Written(t.kind, tuple(capture.machine_restarted(machine_id, t.end)))


def settle_open_stops(
    capture: CaptureService, machine_id: str, decide: Callable[[list[OpenStop]], Settlement]
) -> Settlement:
    """Decide on the machine's open stops and write the decision, under the write lock: no
    operator can end or add a stop between what the rule saw and what it writes."""
    with capture.store.write():
        stops = [OpenStop.of(e) for e in capture.store.open_downtimes(machine_id)]
        plan = decide(stops)
        write_settlement(capture, machine_id, plan)
    return plan


def write_settlement(
    capture: CaptureService, machine_id: str, plan: Settlement
) -> list[EventRevision]:
    """End the stops a client stop or start settles, then record its no-signal time."""
    written: list[EventRevision] = []
    with capture.store.write():
        for ending in plan.endings:
            event = capture.store.current(ending.event_id)
            if event is not None and event.is_open and not event.voided:
                written.append(_ended(capture, machine_id, event, ending.end))
        if plan.no_signal is not None:
            gap = plan.no_signal
            written += capture.machine_stopped(
                machine_id, gap.start, reason_code=NO_SIGNAL, until=gap.end
            )
    return written


def _ended(
    capture: CaptureService, machine_id: str, event: EventRevision, end: datetime
) -> EventRevision:
    rev = revise(
        event,
        change=Change.ENDED,
        author=MachineAuthor(machine_id).person_id,
        recorded_utc=capture.clock(),
        end_utc=max(end, event.start_utc),
    )
    capture.store.append([rev])
    return rev
