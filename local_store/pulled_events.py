"""Other stations' events as pulled from the region: the newest revision of each.

``regional_records`` keeps every pulled record as it came; ``pulled_events`` (migration 6)
follows it with the newest revision of each event, so the view of the lines a station covers
reads an index. Kept apart from this device's own events: nothing here is ever pushed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from local_store.event_store import EventStore
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, EventRevision
from shopfloor_core.revision_rows import row_to_revision


def keep_newest(store: EventStore, payloads: Iterable[Mapping[str, Any]]) -> int:
    """Fold pulled event revisions into ``pulled_events``; call inside the page's transaction.

    A payload that is not a revision this client can read is skipped (it stays, as received,
    in ``regional_records``). Returns how many were folded in.
    """
    rows = []
    for payload in payloads:
        try:
            revision = row_to_revision(dict(payload))
        except (KeyError, TypeError, ValueError):
            continue
        stamp = revision.stamp
        rows.append(
            (
                revision.event_id,
                revision.seq,
                revision.kind.value,
                stamp.plant,
                stamp.area,
                stamp.line,
                stamp.device,
                to_iso(revision.start_utc),
                to_iso(revision.end_utc) if revision.end_utc else None,
                int(revision.voided),
                json.dumps(dict(payload), separators=(",", ":")),
            )
        )
    store.db.conn.executemany(
        """
        INSERT INTO pulled_events (event_id, seq, kind, plant, area, line, device, start_utc,
                                   end_utc, voided, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(event_id) DO UPDATE SET
            seq = excluded.seq, kind = excluded.kind, start_utc = excluded.start_utc,
            end_utc = excluded.end_utc, voided = excluded.voided, payload = excluded.payload
        WHERE excluded.seq > pulled_events.seq
        """,
        rows,
    )
    return len(rows)


def pulled_events_overlapping(
    store: EventStore, start: datetime, end: datetime, kinds: Iterable[EventKind]
) -> list[EventRevision]:
    """Other stations' live (not voided) events of ``kinds`` that overlap ``[start, end)``."""
    wanted = [k.value for k in kinds]
    marks = ", ".join("?" for _ in wanted)
    # An event starts before the window ends and is open or ends after it starts; two index
    # ranges on end_utc rather than one OR, which SQLite would answer with a full scan. Times
    # are stored in one ISO form (to_iso), so text order is time order.
    where = f"kind IN ({marks}) AND start_utc < ? AND voided = 0"
    rows = store.db.execute(
        f"SELECT payload FROM pulled_events WHERE end_utc > ? AND {where} "
        f"UNION ALL SELECT payload FROM pulled_events WHERE end_utc IS NULL AND {where}",
        [to_iso(start), *wanted, to_iso(end), *wanted, to_iso(end)],
    ).fetchall()
    events = [row_to_revision(json.loads(payload)) for (payload,) in rows]
    return sorted(events, key=lambda e: e.start_utc, reverse=True)
