"""Everything one machine's polls mean: state transitions, part counts, history points.

Plain Python, fed one ``PollResult`` at a time; the Qt worker only wires it to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from local_store.production_counts import CountBucket, bucket_start
from local_store.tag_history import TagPoint, to_second
from operator_app.domain.counters import CounterTracker
from operator_app.domain.detection import (
    DetectionSettings,
    Fault,
    MachineState,
    Observation,
    StopDetector,
    Transition,
    fault_from,
)
from operator_app.machine_data.samples import LinkState, PollResult, Quality, Sample
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole

DEFAULT_SETTINGS = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=30.0)


@dataclass
class TrackUpdate:
    transitions: list[Transition]
    state: MachineState
    link: LinkState
    link_changed: bool
    state_changed: bool
    problems: tuple[str, ...] = ()


@dataclass
class _Counter:
    tag: Tag
    tracker: CounterTracker
    last_at: datetime | None = None


@dataclass
class MachineTrack:
    machine: MachineConfig
    link: LinkState = LinkState.CONNECTING
    detector: StopDetector | None = None
    counts: dict[datetime, list[int]] = field(default_factory=dict)
    points: dict[tuple[str, int], TagPoint] = field(default_factory=dict)
    _counters: dict[TagRole, _Counter] = field(default_factory=dict)
    _running: Tag | None = None
    _fault_flags: tuple[Tag, ...] = ()
    _fault_code: Tag | None = None

    def __post_init__(self) -> None:
        tags = {t.role: t for t in self.machine.tags if t.role is not TagRole.VALUE}
        cycle = self.machine.ideal_cycle_time_s
        self._running = tags.get(TagRole.RUNNING)
        self._fault_flags = tuple(t for t in self.machine.tags if t.role is TagRole.FAULT)
        self._fault_code = tags.get(TagRole.FAULT_CODE)
        for role in (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER):
            tag = tags.get(role)
            if tag is not None and cycle is not None:
                self._counters[role] = _Counter(tag, CounterTracker(tag.type.bits, cycle))
        if self._running is not None or TagRole.GOOD_COUNTER in self._counters:
            settings = self.machine.detection or DEFAULT_SETTINGS
            self.detector = StopDetector(settings, cycle)

    def use_ideal_cycle(self, ideal_cycle_s: float | None) -> None:
        """A new regional ideal cycle time, without losing the counters' last readings.

        A machine that had none keeps counting as it was set up at start; from the next start it
        counts with the region's value.
        """
        if not ideal_cycle_s or self.machine.ideal_cycle_time_s is None:
            return
        self.machine = replace(self.machine, ideal_cycle_time_s=ideal_cycle_s)
        for counter in self._counters.values():
            counter.tracker.ideal_cycle_s = ideal_cycle_s
        if self.detector is not None:
            self.detector.ideal_cycle_s = ideal_cycle_s

    @property
    def state(self) -> MachineState:
        return self.detector.state if self.detector else MachineState.UNKNOWN

    def feed(self, result: PollResult) -> TrackUpdate:
        link_changed = result.link is not self.link
        self.link = result.link
        before = self.state
        parts = {role: self._count(role, result) for role in self._counters}
        good, reject = parts.get(TagRole.GOOD_COUNTER), parts.get(TagRole.REJECT_COUNTER)
        if good or reject:
            bucket = self.counts.setdefault(bucket_start(result.at), [0, 0])
            bucket[0] += good or 0
            bucket[1] += reject or 0
        self._remember(result)
        transitions: list[Transition] = []
        if self.detector is not None:
            transitions = self.detector.observe(self._observation(result, good))
        return TrackUpdate(
            transitions,
            self.state,
            self.link,
            link_changed,
            self.state != before,
            result.problems,
        )

    def _good(self, sample: Sample | None, at: datetime) -> bool:
        # Only a value read in this very poll says anything about the machine now.
        return sample is not None and sample.quality is Quality.GOOD and sample.at <= at

    def _count(self, role: TagRole, result: PollResult) -> int | None:
        counter = self._counters[role]
        sample = result.samples.get(counter.tag.name)
        if sample is None or sample.quality is not Quality.GOOD or sample.raw is None:
            return None
        if counter.last_at is not None and sample.at <= counter.last_at:
            return 0  # not re-read in this poll (slower tag): nothing new
        elapsed = (sample.at - counter.last_at).total_seconds() if counter.last_at else 0.0
        counter.last_at = sample.at
        return counter.tracker.update(int(sample.raw), elapsed).parts

    def _observation(self, result: PollResult, good: int | None) -> Observation:
        running: bool | None = None
        readable = False
        if self._running is not None:
            sample = result.samples.get(self._running.name)
            if sample is not None and sample.quality is Quality.GOOD:
                running = bool(sample.value)
                readable = True
        if TagRole.GOOD_COUNTER in self._counters and good is not None:
            readable = True
        signal = result.link is not LinkState.OFFLINE and readable
        return Observation(result.at, signal, running, good, self._fault(result))

    def _fault(self, result: PollResult) -> Fault | None:
        """The PLC's fault in this poll, from values read in it (a stale one says nothing)."""
        flags = [
            bool(s.value)
            for t in self._fault_flags
            if (s := result.samples.get(t.name)) is not None and self._good(s, result.at)
        ]
        code: int | None = None
        if self._fault_code is not None:
            sample = result.samples.get(self._fault_code.name)
            if sample is not None and self._good(sample, result.at) and sample.raw is not None:
                code = int(sample.raw)
        return fault_from(any(flags) if flags else None, code)

    def _remember(self, result: PollResult) -> None:
        second = to_second(result.at)
        mid = self.machine.machine_id
        for name, sample in result.samples.items():
            if sample.quality is Quality.GOOD and sample.value is not None:
                at = to_second(sample.at)
                self.points[(name, at)] = TagPoint(mid, name, at, float(sample.value), "good")
            elif (name, second) not in self.points:
                # A gap in the trend, not a made-up line across the outage.
                self.points[(name, second)] = TagPoint(mid, name, second, None, sample.quality)

    def drain_counts(self) -> list[CountBucket]:
        buckets = [
            CountBucket(self.machine.machine_id, start, good, reject)
            for start, (good, reject) in sorted(self.counts.items())
        ]
        self.counts.clear()
        return buckets

    def drain_points(self) -> list[TagPoint]:
        points = list(self.points.values())
        self.points.clear()
        return points
