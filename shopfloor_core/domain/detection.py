"""Machine state from what the PLC says: running, stopped, or silent.

A stop is seen when the running signal drops, or when the good counter has not advanced for
``stop_delay_cycles`` ideal cycles while the machine claims to run. A stop is held back until it
is longer than the micro-stop limit: shorter ones are recorded as micro-stops without asking the
operator anything; longer ones open a downtime, backdated to when the stop began, that asks for
a reason. A machine that goes silent is not running: from its last good reading until data
returns its time is downtime of its own kind (no signal).

A stop that comes with the PLC's fault signal (a fault flag, a fault code, or both) carries that
fault: the first one seen from the poll before the stop until the downtime opens. What a code
means is regional data (``domain/fault_codes.py``); here a fault is only what the PLC said.

The detector is a pure state machine: observations in, ``Transition`` values out. Writing them
to the store and showing them is somebody else's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class MachineState(StrEnum):
    UNKNOWN = "unknown"  # nothing heard yet
    RUNNING = "running"
    STOPPED = "stopped"
    NO_SIGNAL = "no_signal"


class TransitionKind(StrEnum):
    DOWNTIME_OPENED = "downtime_opened"  # a stop longer than the micro-stop limit: ask why
    DOWNTIME_CLOSED = "downtime_closed"  # the machine runs again
    MICRO_STOP = "micro_stop"  # a stop that ended within the limit: recorded, nobody asked
    SIGNAL_LOST = "signal_lost"  # no-signal downtime starts
    SIGNAL_RESTORED = "signal_restored"  # no-signal downtime ends


# Stored as the fault code of a stop whose PLC raised its fault flag without a code. A fault code
# register reads 0 while there is no fault, so 0 is never a fault's own number.
FLAG_ONLY = 0


@dataclass(frozen=True)
class Fault:
    """What the PLC says is wrong: its fault code, or None when only the flag is up."""

    code: int | None = None

    @property
    def stored_code(self) -> int:
        return FLAG_ONLY if self.code is None else self.code


def fault_from(flag: bool | None, code: int | None) -> Fault | None:
    """The fault one poll shows, from the fault flag and the fault code register.

    Either may be missing (None: no such tag, or not read). With a flag, the flag decides and a
    code other than 0 names the fault (many PLCs keep the last code after the fault is reset);
    without one, a code other than 0 is the fault.
    """
    named = code if code else None
    if flag is not None:
        return Fault(named) if flag else None
    return Fault(named) if named is not None else None


@dataclass(frozen=True)
class Transition:
    kind: TransitionKind
    start: datetime
    end: datetime | None = None
    # The PLC's fault that came with a stop (on DOWNTIME_OPENED only).
    fault: Fault | None = None


@dataclass(frozen=True)
class DetectionSettings:
    """Thresholds in force for one machine (regional standard, or the machine's allowed value)."""

    stop_delay_cycles: float
    micro_stop_s: float

    def stall_limit(self, ideal_cycle_s: float | None) -> timedelta | None:
        if ideal_cycle_s is None:
            return None
        return timedelta(seconds=self.stop_delay_cycles * ideal_cycle_s)


@dataclass(frozen=True)
class Observation:
    """One poll's worth of what matters for state.

    ``running`` is None when the machine has no running signal (or it could not be read);
    ``parts`` is the good parts since the previous observation, None without a counter.
    ``signal`` is False when the device could not be read at all; ``fault`` is the PLC's fault
    in this poll, None when there is none (or the machine has no fault tags).
    """

    at: datetime
    signal: bool
    running: bool | None = None
    parts: int | None = None
    fault: Fault | None = None


@dataclass
class StopDetector:
    settings: DetectionSettings
    ideal_cycle_s: float | None
    state: MachineState = MachineState.UNKNOWN
    stop_start: datetime | None = None
    stop_opened: bool = False  # the held-back stop has become a downtime
    last_part_at: datetime | None = None
    last_good_at: datetime | None = None
    stop_fault: Fault | None = None  # the fault of the stop being held back
    # The latest observation showed the machine at work (running signal, or parts made).
    shows_running: bool = False
    _started_at: datetime | None = field(default=None, repr=False)
    _fault_before: Fault | None = field(default=None, repr=False)

    def observe(self, obs: Observation) -> list[Transition]:
        if self._started_at is None:
            self._started_at = obs.at
        self.shows_running = False
        if not obs.signal:
            self._fault_before = None  # what the PLC said before the silence is not "just before"
            return self._silent(obs.at)
        out: list[Transition] = []
        if self.state is MachineState.NO_SIGNAL:
            out.append(Transition(TransitionKind.SIGNAL_RESTORED, self._lost_at(), obs.at))
            self.state = MachineState.UNKNOWN
            # Parts made while silent say nothing about when; the stall clock starts afresh.
            self.last_part_at = obs.at
        self.last_good_at = obs.at
        if obs.parts or self.last_part_at is None:
            self.last_part_at = obs.at
        stopped_since = self._stopped_since(obs)
        if stopped_since is None:
            out.extend(self._runs(obs.at))
        else:
            out.extend(self._stops(stopped_since, obs.at, obs.fault))
        self.shows_running = self.state is MachineState.RUNNING and bool(obs.running or obs.parts)
        # A PLC often raises its fault in the scan it stops in, which a poll may see a moment
        # before the running signal drops.
        self._fault_before = obs.fault
        return out

    def stop_watching(self) -> list[Transition]:
        """The client stops: a stop in progress ends at the last good reading (what came after
        is not known), and from then on the machine is silent to this detector."""
        out = self._end_stop(self.last_good_at) if self.last_good_at is not None else []
        self.state = MachineState.NO_SIGNAL
        self.shows_running = False
        self._fault_before = None
        return out

    # -- what the signals say ---------------------------------------------------------------------
    def _stopped_since(self, obs: Observation) -> datetime | None:
        """When the current stop began, or None if the machine is running."""
        if obs.running is False:
            if self.state is MachineState.STOPPED and self.stop_start is not None:
                return self.stop_start
            return obs.at
        if self.state is MachineState.STOPPED and obs.parts is not None and not obs.parts:
            # A stop ends when parts come again, not merely when the running bit rises: a
            # machine that is "on" but makes nothing is still down.
            return self.stop_start
        limit = self.settings.stall_limit(self.ideal_cycle_s)
        if obs.parts is None or limit is None or self.last_part_at is None:
            return None
        if obs.at - self.last_part_at >= limit:
            # The next part was due one ideal cycle after the last one: that is when it stopped.
            due = self.last_part_at + timedelta(seconds=self.ideal_cycle_s or 0)
            return min(due, obs.at)
        return None

    def _stops(self, since: datetime, now: datetime, fault: Fault | None) -> list[Transition]:
        out: list[Transition] = []
        if self.state is not MachineState.STOPPED:
            self.state = MachineState.STOPPED
            self.stop_start = since
            self.stop_opened = False
            self.stop_fault = fault or self._fault_before
        elif not self.stop_opened and fault is not None and self._unnamed(self.stop_fault):
            # A fault seen while the stop is held back is its fault; a code seen after the bare
            # flag (a PLC that writes the code a scan later) names it.
            self.stop_fault = fault
        assert self.stop_start is not None
        if not self.stop_opened and now - self.stop_start >= self._micro_limit:
            self.stop_opened = True
            out.append(
                Transition(TransitionKind.DOWNTIME_OPENED, self.stop_start, None, self.stop_fault)
            )
        return out

    def _runs(self, now: datetime) -> list[Transition]:
        out = self._end_stop(now)
        self.state = MachineState.RUNNING
        return out

    def _end_stop(self, end: datetime) -> list[Transition]:
        if self.state is not MachineState.STOPPED or self.stop_start is None:
            return []
        start, self.stop_start = self.stop_start, None
        self.stop_fault = None
        end = max(end, start)
        if self.stop_opened:
            kind = TransitionKind.DOWNTIME_CLOSED
        elif end - start > timedelta(0):
            kind = TransitionKind.MICRO_STOP
        else:
            return []
        self.stop_opened = False
        return [Transition(kind, start, end)]

    def _silent(self, now: datetime) -> list[Transition]:
        if self.state is MachineState.NO_SIGNAL:
            return []
        lost = self.last_good_at or self._started_at or now
        out = self._end_stop(lost)
        self.state = MachineState.NO_SIGNAL
        self.last_good_at = lost
        out.append(Transition(TransitionKind.SIGNAL_LOST, lost))
        return out

    def _lost_at(self) -> datetime:
        assert self.last_good_at is not None
        return self.last_good_at

    @staticmethod
    def _unnamed(fault: Fault | None) -> bool:
        return fault is None or fault.code is None

    @property
    def _micro_limit(self) -> timedelta:
        return timedelta(seconds=self.settings.micro_stop_s)
