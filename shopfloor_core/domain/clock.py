"""Time as the domain sees it: aware UTC datetimes, stored as ISO 8601 text with a Z."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Millisecond ISO 8601 in UTC; sorts as text in time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the domain only handles aware times")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a zone: {text!r}")
    return moment.astimezone(UTC)


def to_ms(moment: datetime) -> datetime:
    """Drop sub-millisecond digits: the store keeps milliseconds, and so must comparisons."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
