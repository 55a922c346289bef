"""What a supervisor sees and confirms before signing a shift off.

A sign-off vouches for a shift's figures, so it is given only for figures that were shown:
the confirmation carries the digest of the figures seen, and the sign-off is refused when the
shift's figures are not those any more (a late capture, counts that arrived). A shift with
nothing in it (no stops, no scrap, no part counts: the client may not even have run) shows
perfect figures with nothing behind them, so it needs a second, explicit confirmation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from shopfloor_core.domain.errors import RuleViolation


@dataclass(frozen=True)
class SignOffFigures:
    shift_id: str
    oee: float | None
    availability: float | None
    performance: float | None
    quality: float | None
    downtime_s: float
    good: int
    reject: int
    scrap_parts: int
    stops: int
    unnamed: int  # stops still without a reason
    counted: bool  # whether any machine reported part counts

    @property
    def empty(self) -> bool:
        return self.stops == 0 and self.scrap_parts == 0 and not self.counted

    @property
    def digest(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_confirmation(figures: SignOffFigures, seen: str | None, empty_confirmed: bool) -> None:
    """Raise unless the sign-off confirms exactly ``figures`` (and, if empty, that too)."""
    if seen is None:
        raise RuleViolation(
            "signoff_not_confirmed", "show the shift's figures and confirm them to sign off"
        )
    if seen != figures.digest:
        raise RuleViolation(
            "figures_changed",
            f"the figures of {figures.shift_id} changed since they were shown; look again",
        )
    if figures.empty and not empty_confirmed:
        raise RuleViolation(
            "empty_shift",
            f"nothing was recorded in {figures.shift_id}: confirm signing off an empty shift",
        )
