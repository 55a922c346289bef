"""One thread per device, polling its tags on a steady cadence.

- Polls of a device never overlap and never queue: a poll that overruns makes the next ones
  that fell due meanwhile be skipped (and counted), so a slow device reads as slow, not as a
  growing backlog.
- A device that cannot be reached is retried with a backoff that doubles from the poll
  interval up to a cap of seconds, with jitter so a line of machines returning from a network
  outage do not all knock at once.
- Every result, good or bad, goes to ``deliver`` from this thread; it must be quick and
  thread-safe (the Qt bridge emits a queued signal).
- The cadence is kept on a ``Pace``: the monotonic clock and a wait a stop cuts short. Tests
  hand in their own, so what they prove about the cadence never hangs on a machine's load.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from operator_app.machine_data.device_reader import DeviceReader
from operator_app.machine_data.samples import LinkState, PollResult, Sample
from operator_app.site_config.tag_map import ModbusConnection, Tag
from shopfloor_core.domain.clock import Clock, utc_now

log = logging.getLogger(__name__)

BACKOFF_CAP_S = 5.0


def backoff_delay(failures: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Delay before reconnect attempt number ``failures`` (1-based): doubling, capped, jittered."""
    ceiling = min(cap_s, base_s * (2 ** max(failures - 1, 0)))
    return float(ceiling * rng.uniform(0.5, 1.0))


class Pace(Protocol):
    def now(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def wait(self, seconds: float, stop: threading.Event) -> None:
        """Return after ``seconds``, or sooner once ``stop`` is set."""
        ...


class MonotonicPace:
    """The real one: ``time.monotonic`` and the stop event's own wait."""

    def now(self) -> float:
        return time.monotonic()

    def wait(self, seconds: float, stop: threading.Event) -> None:
        stop.wait(seconds)


class DevicePoller:
    def __init__(
        self,
        machine_id: str,
        connection: ModbusConnection,
        tags: Sequence[Tag],
        deliver: Callable[[PollResult], None],
        *,
        clock: Clock = utc_now,
        backoff_cap_s: float = BACKOFF_CAP_S,
        rng: random.Random | None = None,
        pace: Pace | None = None,
    ) -> None:
        if not tags:
            raise ValueError(f"{machine_id}: nothing to poll")
        self.machine_id = machine_id
        self.connection = connection
        self.tags = tuple(tags)
        self.deliver = deliver
        self.clock = clock
        self.backoff_cap_s = backoff_cap_s
        self.rng = rng or random.Random()
        self.pace: Pace = pace or MonotonicPace()
        self.interval_s = min(t.poll_interval_s for t in self.tags)
        self.skipped_polls = 0
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"modbus-{machine_id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _due(self, now: float, last_read: dict[str, float]) -> Sequence[Tag]:
        # Half a base interval of tolerance keeps a 2 s tag on every second 1 s poll.
        slack = self.interval_s / 2
        due = [
            t
            for t in self.tags
            if t.name not in last_read or now - last_read[t.name] >= t.poll_interval_s - slack
        ]
        # All of them: the same tuple each time, whose read plan the reader finds by identity.
        return self.tags if len(due) == len(self.tags) else due

    def _run(self) -> None:
        reader = DeviceReader(self.connection, clock=self.clock)
        latest: dict[str, Sample] = {}
        last_read: dict[str, float] = {}
        failures = 0
        pace = self.pace
        next_due = pace.now()
        try:
            while not self._stop.is_set():
                now = pace.now()
                if now < next_due:
                    pace.wait(next_due - now, self._stop)
                    continue
                skipped = int((now - next_due) // self.interval_s)
                self.skipped_polls += skipped
                next_due += (skipped + 1) * self.interval_s
                due = self._due(now, last_read) if failures == 0 else self.tags
                try:
                    link, samples, problems = reader.read(due, latest)
                except Exception as exc:  # a bug must not kill the line's data
                    log.exception("%s: poll failed", self.machine_id)
                    reader.close()
                    link, samples, problems = LinkState.OFFLINE, {}, [f"internal error: {exc}"]
                finished = pace.now()
                latest.update(samples)
                last_read.update(dict.fromkeys(samples, now))
                self.polls += 1
                self.deliver(
                    PollResult(
                        machine_id=self.machine_id,
                        at=self.clock(),
                        link=link,
                        samples=dict(latest),
                        problems=tuple(problems),
                        duration_s=finished - now,
                        skipped_polls=skipped,
                    )
                )
                if link is LinkState.OFFLINE:
                    failures += 1
                    last_read.clear()
                    delay = backoff_delay(failures, self.interval_s, self.backoff_cap_s, self.rng)
                    next_due = max(next_due, finished + delay)
                else:
                    failures = 0
        finally:
            reader.close()
