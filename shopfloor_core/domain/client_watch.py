"""What the client's own stops and starts mean for a machine's open downtime.

While the client is not running nobody watches the machine: that time is no signal, never
running and never the stop that happened to be open. So no open stop outlives a restart,
whoever opened or named it (detection or an operator by hand, named by anyone):

* A clean stop leaves a "client stopped" mark with the machine's last good reading. Every open
  stop ends at that reading, and no-signal downtime runs from it until the client reads the
  machine again.
* At the first good reading after a start, open no-signal downtime ends there (the signal is
  back). If the last run ended with a mark, stops that were open at its last reading end at that
  reading, and the time from it to now is no signal (the stop itself may have failed half-way).
  Without a mark (a crash, a power cut) nobody knows when watching ended: open stops end at the
  first reading that shows the machine running; while it shows it stopped they go on.
* The first reading ever of a machine (a new line PC, a machine newly monitored) inside a shift:
  nobody watched it from the shift's start until then, so that time is no signal too. Without
  it the morning before the install would count as running time: a performance of a fraction
  of a per cent and a "running for 4 h" card on the first day.

Plain rules: open stops and marks in, a ``Settlement`` out; writing it is somebody else's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shopfloor_core.domain.catalogue import NO_SIGNAL
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.timeline import Interval


@dataclass(frozen=True)
class OpenStop:
    event_id: str
    start: datetime
    no_signal: bool

    @classmethod
    def of(cls, event: EventRevision) -> OpenStop:
        return cls(event.event_id, event.start_utc, event.reason_code == NO_SIGNAL)


@dataclass(frozen=True)
class ClientStopped:
    """The mark a clean stop leaves per machine: watching ended at the last good reading."""

    machine_id: str
    stopped_utc: datetime
    last_reading_utc: datetime | None  # None: the machine was never read in that run


@dataclass(frozen=True)
class Ending:
    event_id: str
    end: datetime


@dataclass(frozen=True)
class Settlement:
    """Stops to end, and no-signal time to record (``end`` None: open until read again).

    ``settled`` is False while stops from an earlier run still wait for the machine to run.
    """

    endings: tuple[Ending, ...] = ()
    no_signal: Interval | None = None
    settled: bool = True


def when_client_stops(open_stops: Sequence[OpenStop], last_reading: datetime | None) -> Settlement:
    """The client stops watching; the machine was last read at ``last_reading``."""
    if last_reading is None:
        return Settlement()  # nothing seen in this run: what an earlier run left stands
    endings = tuple(
        Ending(s.event_id, max(last_reading, s.start)) for s in open_stops if not s.no_signal
    )
    already_silent = any(s.no_signal for s in open_stops)
    return Settlement(endings, None if already_silent else Interval(last_reading, None))


def at_first_reading(
    open_stops: Sequence[OpenStop],
    mark: ClientStopped | None,
    at: datetime,
    *,
    running: bool,
) -> Settlement:
    """The first good reading after a start, at ``at``; ``running``: it shows the machine run.

    ``mark`` is the mark of the run before, None when that run did not end cleanly.
    """
    watched_until = mark.last_reading_utc if mark is not None else None
    endings: list[Ending] = []
    waiting = silent = False
    for stop in open_stops:
        if stop.no_signal:
            silent = True
            endings.append(Ending(stop.event_id, max(at, stop.start)))
        elif watched_until is not None and stop.start <= watched_until:
            endings.append(Ending(stop.event_id, watched_until))
        elif running:
            endings.append(Ending(stop.event_id, max(at, stop.start)))
        else:
            waiting = True
    gap = None
    if watched_until is not None and not silent and watched_until < at:
        gap = Interval(watched_until, at)
    return Settlement(tuple(endings), gap, settled=not waiting)


def at_first_watch(shift: Interval | None, at: datetime) -> Settlement:
    """The first reading ever of a machine, at ``at``, inside ``shift`` (None: outside any)."""
    if shift is None or not shift.start < at:
        return Settlement()
    return Settlement(no_signal=Interval(shift.start, at))
