"""What a poll produces: values with time and quality, and the device's connection state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

# A tag's value as read (raw) or scaled (engineering units).
Value = bool | int | float


class Quality(StrEnum):
    GOOD = "good"  # read in this poll
    STALE = "stale"  # the last good value, not refreshed by this poll
    COMM_ERROR = "comm_error"  # never read, or the device cannot be reached


class LinkState(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"  # every block read
    DEGRADED = "degraded"  # connected, but some blocks refused (exception codes, bad replies)
    OFFLINE = "offline"  # connection refused, timed out or dropped


class Sample(NamedTuple):
    """One tag's value from one poll.

    A named tuple, not a dataclass: a poll makes one per tag (twenty PLCs of a hundred tags
    make two thousand a second), and a frozen dataclass costs four times as much to build.
    """

    tag: str
    value: Value | None
    raw: Value | None
    at: datetime  # when the value was read (for stale ones: when it was last read)
    quality: Quality


@dataclass(frozen=True)
class PollResult:
    machine_id: str
    at: datetime
    link: LinkState
    samples: dict[str, Sample]
    # Human-readable reasons for anything not good: "holding_register 10..11: exception 2".
    problems: tuple[str, ...] = ()
    duration_s: float = 0.0
    skipped_polls: int = 0
    extra: dict[str, object] = field(default_factory=dict)
