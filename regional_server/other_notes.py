"""The "Other" notes of every plant, grouped, for a champion to turn into proposals.

A stop named "Other" carries the operator's note of what it was. The same cause is written in
many ways ("Forklift blocking the line", "forklift  blocking the line!"): notes are grouped by a
plain normal form (lower case, letters and digits only, single spaces), enough to see that ten
plants meet the same loss the catalogue has no category for. Read from the event heads (what
each stop is now), over the dashboards' window.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from regional_server import data_quality
from regional_server.database import Connection
from shopfloor_core.domain.clock import to_iso

NOTES_FORMULA = (
    "'Other' notes = the note of each stop whose current category is OTH or below and that "
    "started in the window, grouped by its normal form (lower case, accents and punctuation "
    "removed, spaces collapsed)"
)
NOT_WORDS = re.compile(r"[^\w]+")


def normal_form(note: str) -> str:
    # Punctuation becomes a space before accents go, so "blocking—the" stays two words.
    words = NOT_WORDS.sub(" ", note.lower()).replace("_", " ")
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return " ".join(plain.split())


@dataclass(frozen=True)
class NoteGroup:
    key: str
    said: str  # the most common spelling
    stops: int
    plants: dict[str, int]  # plant -> stops


def groups(conn: Connection, start: datetime, end: datetime) -> list[NoteGroup]:
    reason = data_quality.text_field(conn, "payload", "reason_code")
    note = data_quality.text_field(conn, "payload", "note")
    rows = conn.execute(
        f"SELECT plant, {note} FROM event_heads WHERE start_utc >= ? AND start_utc < ? "
        f"AND ({reason} = '{data_quality.OTHER}' OR {reason} LIKE '{data_quality.OTHER}.%') "
        f"AND {note} IS NOT NULL AND {note} <> ''",
        [to_iso(start), to_iso(end)],
    ).fetchall()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    plants: dict[str, Counter[str]] = defaultdict(Counter)
    for plant, text in rows:
        key = normal_form(str(text))
        if key:
            spellings[key][str(text).strip()] += 1
            plants[key][str(plant)] += 1
    found = [
        NoteGroup(
            key,
            spellings[key].most_common(1)[0][0],
            sum(plants[key].values()),
            dict(sorted(plants[key].items())),
        )
        for key in spellings
    ]
    return sorted(found, key=lambda g: (-len(g.plants), -g.stops, g.key))
