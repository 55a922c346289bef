"""Checks every use case at the line makes the same way: the machine exists, the time is sane."""

from __future__ import annotations

from datetime import datetime, timedelta

from operator_app.site_config import SiteConfig
from shopfloor_core.domain.clock import to_ms
from shopfloor_core.domain.errors import RuleViolation

# How far back a person may date what happened: beyond that it belongs to a correction.
MAX_BACKDATE = timedelta(hours=24)
# Clock tolerance for "now": a tap is never in the future by more than this.
FUTURE_TOLERANCE = timedelta(seconds=5)


def check_machine(site: SiteConfig, machine_id: str) -> None:
    try:
        site.machine(machine_id)
    except KeyError:
        raise RuleViolation("unknown_machine", f"no machine {machine_id!r} on this line") from None


def check_moment(at: datetime, now: datetime, in_future: str) -> datetime:
    """``at`` to the millisecond, if it is neither in the future nor older than a day."""
    if at.tzinfo is None:
        raise RuleViolation("naive_time", "times must carry a time zone")
    if at > now + FUTURE_TOLERANCE:
        raise RuleViolation("in_future", in_future)
    if at < now - MAX_BACKDATE:
        raise RuleViolation("too_old", "older than 24 hours: ask a supervisor to correct the shift")
    return to_ms(at)
