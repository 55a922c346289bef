"""Parts made this shift as a trend: the store's one-minute counts, added up from the shift start.

A PLC's counter register says how many parts the machine made since it was commissioned (or
last reset); nobody on the line can read a shift from that. The machine monitor turns the
register into parts per minute (``local_store.production_counts``), across resets and outages;
this adds those minutes up from the start of the shift, so a trend of "good parts" rises from
zero at the shift start and its last point is the shift's count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlite_utils import Database

from local_store.production_counts import BUCKET_SECONDS, counts_between


@dataclass(frozen=True)
class PartsThisShift:
    """Parts since ``shift_start`` at the end of each minute with parts (UNIX seconds)."""

    shift_start: datetime
    seconds: list[float] = field(default_factory=list)
    good: list[int] = field(default_factory=list)
    reject: list[int] = field(default_factory=list)

    @property
    def good_total(self) -> int:
        return self.good[-1] if self.good else 0

    @property
    def reject_total(self) -> int:
        return self.reject[-1] if self.reject else 0


def parts_this_shift(
    db: Database, machine_id: str, shift_start: datetime, now: datetime
) -> PartsThisShift:
    """Running totals of good and rejected parts from ``shift_start`` to ``now``.

    The trend starts at zero where counting started this shift (the first minute with parts,
    not the shift start: a trend fills its width with the data that exists), rises at the end
    of each counted minute (a minute still running counts up to ``now``) and holds its total
    until ``now``.
    """
    out = PartsThisShift(shift_start)
    good = reject = 0
    for bucket in counts_between(db, shift_start, now + timedelta(seconds=1), machine_id):
        begin = max(bucket.bucket_start, shift_start).timestamp()
        if not out.seconds:
            out.seconds.append(begin)
            out.good.append(0)
            out.reject.append(0)
        good += bucket.good
        reject += bucket.reject
        out.seconds.append(min(begin + BUCKET_SECONDS, now.timestamp()))
        out.good.append(good)
        out.reject.append(reject)
    if not out.seconds or out.seconds[-1] < now.timestamp():
        # No parts since the last minute with some (or none yet): the total holds until now.
        out.seconds.append(now.timestamp())
        out.good.append(good)
        out.reject.append(reject)
    return out
