"""Everything one machine's polls mean: state transitions, part counts, history points.

Plain Python, fed one ``PollResult`` at a time; the Qt worker only wires it to the store.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from local_store.counter_positions import CounterDiscontinuity, CounterPosition
from local_store.production_counts import BUCKET_SECONDS, CountBucket, bucket_start
from local_store.tag_history import TagPoint, to_second
from operator_app.machine_data.samples import LinkState, PollResult, Quality, Sample
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole
from shopfloor_core.domain.counters import CounterStep, CounterTracker
from shopfloor_core.domain.detection import (
    DetectionSettings,
    Fault,
    MachineState,
    Observation,
    StopDetector,
    Transition,
    fault_from,
)

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = DetectionSettings(stop_delay_cycles=3.0, micro_stop_s=30.0)
# A counter read with its words the wrong way round jumps at every part: one log line a minute
# per counter says so, with how many more there were.
LOG_EVERY = timedelta(minutes=1)


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
    logged_at: datetime | None = None
    unlogged: int = 0


@dataclass
class MachineTrack:
    machine: MachineConfig
    link: LinkState = LinkState.CONNECTING
    detector: StopDetector | None = None
    counts: dict[datetime, list[int]] = field(default_factory=dict)
    points: dict[tuple[str, int], TagPoint] = field(default_factory=dict)
    discontinuities: list[CounterDiscontinuity] = field(default_factory=list)
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
                tracker = CounterTracker(
                    tag.type.bits, cycle, preset=tag.preset, poll_interval_s=tag.poll_interval_s
                )
                self._counters[role] = _Counter(tag, tracker)
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

    def resume(self, positions: dict[str, CounterPosition]) -> None:
        """Go on from the counters' positions an earlier run kept.

        A tag renamed, moved or read another way since (a word order fixed at commissioning)
        starts afresh: its kept value means something else, and going on from it would credit
        the difference.
        """
        for counter in self._counters.values():
            kept = positions.get(counter.tag.name)
            if kept is not None and kept.source == _source(counter.tag):
                counter.tracker.resume(kept.value)
                counter.last_at = kept.read_at

    def positions(self) -> list[CounterPosition]:
        """Every counter's last reading, to keep with the counts credited up to it."""
        return [
            CounterPosition(
                self.machine.machine_id, c.tag.name, c.tracker.last, c.last_at, _source(c.tag)
            )
            for c in self._counters.values()
            if c.tracker.last is not None and c.last_at is not None
        ]

    @property
    def state(self) -> MachineState:
        return self.detector.state if self.detector else MachineState.UNKNOWN

    def feed(self, result: PollResult) -> TrackUpdate:
        link_changed = result.link is not self.link
        self.link = result.link
        before = self.state
        parts = {role: self._count(role, result) for role in self._counters}
        good = parts.get(TagRole.GOOD_COUNTER)
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
        since = counter.last_at
        elapsed = (sample.at - since).total_seconds() if since else 0.0
        counter.last_at = sample.at
        step = counter.tracker.update(int(sample.raw), elapsed)
        if step.parts:
            # Parts found after a gap were made during it, not all in this minute.
            start = since if step.gap and since is not None else sample.at
            for minute, parts in spread(step.parts, start, sample.at).items():
                # Keyed by when the parts were made, not only their minute: the store gives
                # them to the job in force then, so a minute in which jobs changed splits.
                made = min(sample.at, minute + timedelta(seconds=BUCKET_SECONDS - 0.001))
                bucket = self.counts.setdefault(made, [0, 0])
                bucket[0 if role is TagRole.GOOD_COUNTER else 1] += parts
        if step.discontinuity:
            self._discontinuity(counter, step, since, sample.at)
        return step.parts

    def _discontinuity(
        self, counter: _Counter, step: CounterStep, since: datetime | None, at: datetime
    ) -> None:
        kind = step.discontinuity or ""
        mid, tag = self.machine.machine_id, counter.tag
        self.discontinuities.append(
            CounterDiscontinuity(
                mid, tag.name, kind, step.before, step.after or 0, since, at, step.parts, tag.preset
            )
        )
        if counter.logged_at is not None and at - counter.logged_at < LOG_EVERY:
            counter.unlogged += 1
            return
        more = f" ({counter.unlogged} more since the last line)" if counter.unlogged else ""
        counter.logged_at, counter.unlogged = at, 0
        hint = ""
        if step.looks_like_word_order and tag.type.registers > 1:
            hint = (
                f"; it moved by a multiple of 65536: check the tag's word_order "
                f"({tag.word_order} now)"
            )
        log.warning(
            "%s %s: counter %s from %s to %s after %.3g s (preset %d), %d part(s) credited%s%s",
            mid,
            tag.name,
            kind,
            step.before,
            step.after,
            step.elapsed_s,
            tag.preset,
            step.parts,
            hint,
            more,
        )

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

    def drain_discontinuities(self) -> list[CounterDiscontinuity]:
        seen, self.discontinuities = self.discontinuities, []
        return seen

    def drain_points(self) -> list[TagPoint]:
        points = list(self.points.values())
        self.points.clear()
        return points


def _source(tag: Tag) -> str:
    return f"{tag.table} {tag.address} {tag.type} {tag.word_order}"


def spread(parts: int, start: datetime, end: datetime) -> dict[datetime, int]:
    """``parts`` over the one-minute buckets of [start, end], in proportion to the time in each.

    Whole parts only, the remainders going to the buckets with the largest shares, so the sum
    is exactly ``parts``; an instant (start == end) is one bucket.
    """
    first, last = bucket_start(start), bucket_start(end)
    if end <= start or first == last:
        return {last: parts}
    total = (end - start).total_seconds()
    shares: list[tuple[datetime, float]] = []
    minute = first
    while minute <= last:
        lo, hi = max(start, minute), min(end, minute + timedelta(seconds=BUCKET_SECONDS))
        shares.append((minute, parts * max((hi - lo).total_seconds(), 0.0) / total))
        minute += timedelta(seconds=BUCKET_SECONDS)
    whole = {m: int(share) for m, share in shares}
    left = parts - sum(whole.values())
    for m, _share in sorted(shares, key=lambda s: s[1] - int(s[1]), reverse=True)[:left]:
        whole[m] += 1
    return {m: n for m, n in whole.items() if n}
