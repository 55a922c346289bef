"""Machine state from what the PLC says: running, stopped, or silent.

A stop is seen when the running signal drops, or when the good counter has not advanced for
``stop_delay_cycles`` ideal cycles while the machine claims to run. A stop is held back until it
is longer than the micro-stop limit: shorter ones are recorded as micro-stops without asking the
operator anything; longer ones open a downtime, backdated to when the stop began, that asks for
a reason. A machine that goes silent is not running: from its last good reading until data
returns its time is downtime of its own kind (no signal).

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


@dataclass(frozen=True)
class Transition:
    kind: TransitionKind
    start: datetime
    end: datetime | None = None


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
    ``signal`` is False when the device could not be read at all.
    """

    at: datetime
    signal: bool
    running: bool | None = None
    parts: int | None = None


@dataclass
class StopDetector:
    settings: DetectionSettings
    ideal_cycle_s: float | None
    state: MachineState = MachineState.UNKNOWN
    stop_start: datetime | None = None
    stop_opened: bool = False  # the held-back stop has become a downtime
    last_part_at: datetime | None = None
    last_good_at: datetime | None = None
    # The latest observation showed the machine at work (running signal, or parts made).
    shows_running: bool = False
    _started_at: datetime | None = field(default=None, repr=False)

    def observe(self, obs: Observation) -> list[Transition]:
        if self._started_at is None:
            self._started_at = obs.at
        self.shows_running = False
        if not obs.signal:
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
            out.extend(self._stops(stopped_since, obs.at))
        self.shows_running = self.state is MachineState.RUNNING and bool(obs.running or obs.parts)
        return out

    def stop_watching(self) -> list[Transition]:
        """The client stops: a stop in progress ends at the last good reading (what came after
        is not known), and from then on the machine is silent to this detector."""
        out = self._end_stop(self.last_good_at) if self.last_good_at is not None else []
        self.state = MachineState.NO_SIGNAL
        self.shows_running = False
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

    def _stops(self, since: datetime, now: datetime) -> list[Transition]:
        out: list[Transition] = []
        if self.state is not MachineState.STOPPED:
            self.state = MachineState.STOPPED
            self.stop_start = since
            self.stop_opened = False
        assert self.stop_start is not None
        if not self.stop_opened and now - self.stop_start >= self._micro_limit:
            self.stop_opened = True
            out.append(Transition(TransitionKind.DOWNTIME_OPENED, self.stop_start))
        return out

    def _runs(self, now: datetime) -> list[Transition]:
        out = self._end_stop(now)
        self.state = MachineState.RUNNING
        return out

    def _end_stop(self, end: datetime) -> list[Transition]:
        if self.state is not MachineState.STOPPED or self.stop_start is None:
            return []
        start, self.stop_start = self.stop_start, None
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

    @property
    def _micro_limit(self) -> timedelta:
        return timedelta(seconds=self.settings.micro_stop_s)
