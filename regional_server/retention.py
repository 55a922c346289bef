"""Retention: raw records older than N days are deleted; what summaries and pulls need stays.

``regional-server retain --raw-days N`` (or ``REGIONAL_SERVER_RAW_DAYS``), run daily from a
timer, deletes from ``records`` only, and only a record that

- arrived more than N days ago (``received_utc``, the server's clock), and
- no longer counts in any window that ends after the cutoff: a count report whose last minute
  is before it; an event revision whose event (its newest revision, ``event_heads``) ended
  before it; an andon call revision whose call ended before it and whose every revision
  arrived before it; a sign-off, handover note, late edit or workflow run that arrived
  before it (each is sent after the shift it is about), and
- every device of its plant that was heard from in those N days has already pulled: a record
  arrived before the moment that device last reported pulling to the end (its heartbeat's
  ``caught_up``), less an hour. A device of the plant that never reported it holds the
  plant's records back; a device silent for longer than N days is not waited for.

``event_heads`` (one row per event: what the summary's downtime reads), the rollups, tokens,
bundles and heartbeats are never touched. Records are deleted a few thousand per transaction,
so the change feed (whose horizon waits for the oldest open writer) is never held up for long.
Each run is logged in ``retention_runs`` with what it deleted and held back, and the append-only
trigger on ``records`` allows deletes only inside a transaction that marked its run as going on.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from regional_server.database import Connection, Connections
from shopfloor_core.contract import ANDON_CALL_REVISION, EVENT_REVISION, PRODUCTION_COUNT
from shopfloor_core.domain.clock import from_iso, to_iso

RAW_DAYS_ENV = "REGIONAL_SERVER_RAW_DAYS"
# Below this a line PC that lost an answer and then its network for longer would push the
# record again after it was deleted, and it would be stored (and counted) a second time.
MIN_RAW_DAYS = 7
# A heartbeat comes at the end of its round; the round's pull began up to this much earlier.
CAUGHT_UP_MARGIN = timedelta(hours=1)
CHUNK = 5000
# Record kinds sent after what they are about, so their arrival bounds their times.
ARRIVAL_BOUNDED = ("shift_signoff", "shift_handover_note", "late_edit", "workflow_run")

log = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    run_id: int | None
    raw_days: int
    cutoff: datetime
    deleted: Counter[str] = field(default_factory=Counter)
    held_back: dict[str, str] = field(default_factory=dict)  # plant -> why, and until when
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "raw_days": self.raw_days,
            "cutoff_utc": to_iso(self.cutoff),
            "deleted": dict(sorted(self.deleted.items())),
            "deleted_total": sum(self.deleted.values()),
            "held_back": self.held_back,
            "dry_run": self.dry_run,
        }


def plant_bounds(
    conn: Connection, cutoff: datetime
) -> tuple[dict[str, datetime | None], dict[str, str]]:
    """Per plant, the arrival time before which records may go (None: keep all), and why."""
    bounds: dict[str, datetime | None] = {}
    why: dict[str, str] = {}
    heard = conn.execute(
        "SELECT plant, device, caught_up_utc FROM device_heartbeats WHERE received_utc >= ? "
        "ORDER BY plant, device",
        [to_iso(cutoff)],
    ).fetchall()
    for plant, device, caught_up in heard:
        bound = bounds.get(plant, cutoff)
        if caught_up is None:
            bounds[plant] = None
            why[plant] = f"device {device} has not reported pulling to the end yet"
            continue
        if bound is None:
            continue
        floor = from_iso(caught_up) - CAUGHT_UP_MARGIN
        if floor < bound:
            bounds[plant] = floor
            why[plant] = f"device {device} has pulled only what arrived before {to_iso(floor)}"
        else:
            bounds.setdefault(plant, cutoff)
    return bounds, why


def _ended_calls(
    conn: Connection, bounds: Callable[[str], datetime | None]
) -> set[tuple[str, str]]:
    """Andon calls (plant, call id) that ended, and arrived whole, before their plant's bound."""
    revisions: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    rows = conn.execute(
        "SELECT plant, payload, received_utc, end_utc FROM records WHERE kind = ?",
        [ANDON_CALL_REVISION],
    ).fetchall()
    for plant, payload, received, end in rows:
        call = json.loads(payload).get("call_id")
        revisions[(plant, str(call))].append((received, end))
    ended = set()
    for (plant, call), found in revisions.items():
        bound = bounds(plant)
        if bound is None:
            continue
        limit = to_iso(bound)
        if all(received < limit for received, _ in found) and any(
            end is not None and end < limit for _, end in found
        ):
            ended.add((plant, call))
    return ended


def retain(
    connections: Connections,
    raw_days: int,
    now: datetime,
    *,
    dry_run: bool = False,
) -> RetentionReport:
    """Delete what may go (see the module); the report says what went and what was held back."""
    if raw_days < MIN_RAW_DAYS:
        raise ValueError(f"raw records are kept at least {MIN_RAW_DAYS} days")
    cutoff = now - timedelta(days=raw_days)
    report = RetentionReport(None, raw_days, cutoff, dry_run=dry_run)
    with connections.read() as conn:
        bounds, report.held_back = plant_bounds(conn, cutoff)

        def bound_of(plant: str) -> datetime | None:
            return bounds.get(plant, cutoff)

        calls = _ended_calls(conn, bound_of)
    if not dry_run:
        with connections.write() as conn:
            report.run_id = int(
                conn.execute(
                    "INSERT INTO retention_runs (started_utc, finished_utc, raw_days, cutoff_utc, "
                    "held_back) VALUES (?, ?, ?, ?, ?) RETURNING run_id",
                    [to_iso(now), to_iso(now), raw_days, to_iso(cutoff),
                     json.dumps(report.held_back)],
                ).fetchone()[0]
            )  # fmt: skip
    after = -(2**63)
    stop_at = to_iso(cutoff)
    while True:
        with connections.read() as conn:
            rows = conn.execute(
                "SELECT cursor, plant, line, kind, received_utc, end_utc, event_id, "
                "CASE WHEN kind = ? THEN payload END FROM records WHERE cursor > ? "
                "ORDER BY cursor LIMIT ?",
                [ANDON_CALL_REVISION, after, CHUNK],
            ).fetchall()
            if not rows:
                break
            after = rows[-1][0]
            heads = _event_ends(conn, rows)
        doomed: list[int] = []
        kinds: Counter[str] = Counter()
        for cursor, plant, line, kind, received, end, event_id, payload in rows:
            if _may_go(plant, line, kind, received, end, event_id, payload, bound_of, heads, calls):
                doomed.append(cursor)
                kinds[kind] += 1
        if doomed and not dry_run:
            _delete(connections, report, doomed, kinds, now)
        else:
            report.deleted.update(kinds)
        # Cursors follow arrival, so once a whole chunk arrived after the cutoff nothing
        # older follows it.
        if all(received >= stop_at for _, _, _, _, received, *_ in rows):
            break
    log.info("retention: %s", json.dumps(report.as_dict(), sort_keys=True))
    return report


def _event_ends(conn: Connection, rows: Iterable[Any]) -> dict[tuple[str, str, str], str | None]:
    """For the chunk's event revisions, each event's end (its newest revision's)."""
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, plant, line, kind, *_, event_id, _payload in rows:
        if kind == EVENT_REVISION and event_id is not None:
            wanted[(plant, line)].add(event_id)
    ends: dict[tuple[str, str, str], str | None] = {}
    for (plant, line), ids in wanted.items():
        listed = sorted(ids)
        for start in range(0, len(listed), 500):
            part = listed[start : start + 500]
            found = conn.execute(
                "SELECT event_id, end_utc FROM event_heads WHERE plant = ? AND line = ? "
                f"AND event_id IN ({', '.join('?' * len(part))})",
                [plant, line, *part],
            ).fetchall()
            ends.update(((plant, line, eid), end) for eid, end in found)
    return ends


def _may_go(
    plant: str,
    line: str,
    kind: str,
    received: str,
    end: str | None,
    event_id: str | None,
    payload: str,
    bound_of: Callable[[str], datetime | None],
    heads: dict[tuple[str, str, str], str | None],
    calls: set[tuple[str, str]],
) -> bool:
    bound = bound_of(plant)
    if bound is None:
        return False
    limit = to_iso(bound)
    if received >= limit:
        return False
    if kind == PRODUCTION_COUNT:
        return end is not None and end < limit
    if kind == EVENT_REVISION:
        head_end = heads.get((plant, line, str(event_id)))
        return head_end is not None and head_end < limit
    if kind == ANDON_CALL_REVISION:
        return (plant, str(json.loads(payload).get("call_id"))) in calls
    return kind in ARRIVAL_BOUNDED


def _delete(
    connections: Connections,
    report: RetentionReport,
    cursors: list[int],
    kinds: Counter[str],
    now: datetime,
) -> None:
    """One short transaction: mark the run as going on (the trigger's leave), delete, log."""
    with connections.write() as conn:
        conn.execute(
            "UPDATE retention_runs SET finished_utc = NULL WHERE run_id = ?", [report.run_id]
        )
        for start in range(0, len(cursors), 500):
            part = cursors[start : start + 500]
            conn.execute(
                f"DELETE FROM records WHERE cursor IN ({', '.join('?' * len(part))})", part
            )
        report.deleted.update(kinds)
        conn.execute(
            "UPDATE retention_runs SET finished_utc = ?, deleted = ? WHERE run_id = ?",
            [to_iso(now), json.dumps(dict(report.deleted)), report.run_id],
        )
