"""A PLC that hangs with its TCP connection open is reported lost within the documented bound.

The fake PLC answers Modbus on loopback, then at a chosen moment keeps the socket open and says
nothing more (what a PLC stopped in the debugger or a frozen gateway does). The moment falls at
several phases of the poll cycle; at every one the poller must report the link offline within
``poll interval + timeout`` (docs/configuration.md), and with the site file's defaults that is
at most 1.5 s. A healthy machine polled beside them stays online throughout.

Times are ``time.monotonic()`` readings of real sockets: this measures detection latency, so
it cannot run on a fixed clock; nothing here sleeps, every wait is on a result arriving.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from operator_app.machine_data.poller import DevicePoller
from operator_app.machine_data.samples import LinkState, PollResult
from operator_app.site_config import parse_site_config
from operator_app.site_config.model import MachineConfig
from tests.machine_data.test_tag_map import BASE
from tests.robustness.test_malformed_modbus import FakePlc

# Fractions of the poll interval after a good answer at which the PLC hangs.
PHASES = (0.0, 0.2, 0.4, 0.6, 0.8, 0.95)
# What the plant asked for with the default settings, whatever the phase.
REQUIRED_S = 1.5


def machine_toml(machine_id: str, port: int) -> str:
    # Only what a plant must write: every timing is the default.
    return f"""
[[machines]]
id = "{machine_id}"
name = "{machine_id}"

[machines.modbus]
host = "127.0.0.1"
port = {port}

[[machines.tags]]
name = "speed"
table = "holding_register"
address = 0
type = "uint16"
"""


@dataclass
class Watched:
    """One machine's poller, and when each of its results arrived (monotonic seconds)."""

    machine: MachineConfig
    plc: FakePlc
    results: queue.Queue[tuple[float, PollResult]] = field(default_factory=queue.Queue)
    poller: DevicePoller | None = None

    def deliver(self, result: PollResult) -> None:
        self.results.put((time.monotonic(), result))

    def next(self, deadline: float) -> tuple[float, PollResult]:
        left = deadline - time.monotonic()
        assert left > 0, f"{self.machine.machine_id}: no result in time"
        return self.results.get(timeout=left)

    def start(self) -> None:
        self.poller = DevicePoller(
            self.machine.machine_id, self.machine.connection, self.machine.tags, self.deliver
        )
        self.poller.start()


@pytest.fixture
def plcs() -> Iterator[list[FakePlc]]:
    started = [FakePlc().start() for _ in range(len(PHASES) + 1)]
    yield started
    for plc in started:
        plc.stop()


def hang_at(plc: FakePlc, when: float) -> list[float]:
    """Make ``plc`` fall silent at monotonic time ``when``; returns where the moment lands."""
    moment: list[float] = []

    def hang() -> None:
        plc.mode = "silence"
        moment.append(time.monotonic())

    # The fake PLC's event loop runs on the monotonic clock: its call_at is the exact moment.
    plc._loop.call_soon_threadsafe(lambda: plc._loop.call_at(when, hang))
    return moment


def test_a_hung_plc_is_reported_lost_within_the_documented_bound_at_every_phase(
    plcs: list[FakePlc],
) -> None:
    site = parse_site_config(
        BASE + "".join(machine_toml(f"PLC-{i}", plc.port) for i, plc in enumerate(plcs))
    )
    watched = [Watched(site.machine(f"PLC-{i}"), plc) for i, plc in enumerate(plcs)]
    healthy, hanging = watched[0], watched[1:]
    first = hanging[0].machine
    interval = min(t.poll_interval_s for t in first.tags)
    timeout = first.connection.timeout_s
    documented = interval + timeout
    for w in watched:
        w.start()
    latencies: dict[float, float] = {}
    try:
        moments = []
        for phase, w in zip(PHASES, hanging, strict=True):
            # Hang a chosen fraction of the interval after a fresh good answer (one that
            # arrived while waiting here, so the moment is never already past).
            since = time.monotonic()
            deadline = since + 10
            at, result = w.next(deadline)
            while at < since or result.link is not LinkState.ONLINE:
                at, result = w.next(deadline)
            moments.append((phase, w, hang_at(w.plc, at + phase * interval)))
        for phase, w, moment in moments:
            deadline = time.monotonic() + 10
            at, result = w.next(deadline)
            while result.link is not LinkState.OFFLINE:
                at, result = w.next(deadline)
            assert moment, "the PLC was reported lost before it hung"
            assert any("no reply" in p for p in result.problems), result.problems
            latencies[phase] = at - moment[0]
        # The healthy machine never noticed its neighbours' trouble.
        seen = []
        while not healthy.results.empty():
            seen.append(healthy.results.get_nowait()[1].link)
        assert seen
        assert set(seen) == {LinkState.ONLINE}, seen
    finally:
        for w in watched:
            assert w.poller is not None
            w.poller.stop()
    report = {p: round(s, 3) for p, s in latencies.items()}
    # Never before the timeout: it is a hang that was noticed, not a refused connection.
    assert all(s >= timeout * 0.9 for s in latencies.values()), report
    # Up to 0.1 s for the threads to wake on a busy shared machine (the bound itself is exact:
    # measured within a few ms of it when idle); with the defaults that is the 1.5 s asked for.
    assert all(s <= documented + 0.1 for s in latencies.values()), (documented, report)
    assert max(latencies.values()) <= REQUIRED_S, report
