"""What a plant's synced records say about its data, measured in the database.

Each measure is one or two aggregate queries over a window of the plant's records (the
event heads for what each stop is now, the event revisions for when it was first named, the
arrival times for sync lag): nothing loads a plant's rows into Python, so ten plants over
eight weeks are measured in a few dozen queries. The SQL is the server's one spelling for
SQLite and PostgreSQL; the two places where they differ (reading a JSON field, the seconds
between two ISO times) are the helpers below.

Definitions (docs/regional-operations.md, "The maturity model"):

- a stop is a downtime event that started in the window, not voided, as its newest revision
  has it; system stops (no signal, micro-stops: categories only detection assigns) are not
  for a person to name;
- a stop is named when a revision with a reason chosen by a person (not a system category,
  not a PLC's suggestion) exists; its time to name is that first revision's recorded time
  minus the stop's start; named within the shift when that is at most the shift's length;
- "Other" share = stops whose category is under ``OTH`` / named stops;
- no-signal share = stops in ``SYS.NOSIG`` / all stops;
- sync lag = the server's received time minus the revision's recorded time (p95, nearest
  rank, over the event revisions received in the window).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from regional_server.database import POSTGRESQL, SQLITE, Connection
from shopfloor_core.domain.catalogue import NO_SIGNAL
from shopfloor_core.domain.clock import to_iso

OTHER = "OTH"
SYSTEM = "SYS"

STOPS_FORMULA = (
    "stops = downtime events started in the window (newest revision, not voided); "
    "named within the shift = first revision with a reason chosen by a person, recorded at "
    "most {hours} h after the stop's start, over the stops that are not system stops"
)
OTHER_FORMULA = "'Other' share = named stops in OTH or below / named stops"
NO_SIGNAL_FORMULA = "no-signal share = stops in SYS.NOSIG / all stops"
LAG_FORMULA = "sync lag = received time - recorded time of each event revision, p95 nearest rank"


def text_field(conn: Connection, column: str, name: str) -> str:
    """SQL for a JSON payload's field as text (NULL when absent) in this database's words."""
    if conn.dialect == SQLITE:
        return f"CAST(json_extract({column}, '$.{name}') AS TEXT)"
    return f"(CAST({column} AS jsonb) ->> '{name}')"


def seconds_between(conn: Connection, earlier: str, later: str) -> str:
    """SQL for the seconds from one ISO time (text) to another."""
    if conn.dialect == SQLITE:
        return f"((julianday({later}) - julianday({earlier})) * 86400.0)"
    return f"EXTRACT(EPOCH FROM (CAST({later} AS timestamptz) - CAST({earlier} AS timestamptz)))"


# The head's fields the measures filter on, as columns of event_heads (m014): PostgreSQL keeps
# them as each head is written (a stored generated column, so the push's own statement keeps
# them, in its transaction, and ALTER TABLE fills every head already there); SQLite, whose
# json_extract is cheap, reads them from the payload when asked (a virtual column).
HEAD_COLUMNS = {"kind": "kind", "voided": "voided", "reason": "reason_code"}


def add_head_columns(conn: Connection) -> None:
    """The migration's step: event_heads.kind, .voided, .reason as the payload has them."""
    kept = "VIRTUAL" if conn.dialect == SQLITE else "STORED"
    collate = "" if conn.dialect == SQLITE else ' COLLATE "C"'
    for column, name in HEAD_COLUMNS.items():
        conn.execute(
            f"ALTER TABLE event_heads ADD COLUMN {column} TEXT{collate} GENERATED ALWAYS AS "
            f"({text_field(conn, 'payload', name)}) {kept}"
        )
    # A plant's stops of a window, without its whole history.
    conn.execute("CREATE INDEX idx_event_heads_started ON event_heads(plant, start_utc)")


@dataclass(frozen=True)
class Stops:
    """What a plant's stops of one window were, counted."""

    start_utc: str
    end_utc: str
    stops: int  # every stop, system ones too
    to_name: int  # the stops a person should name
    named: int
    named_in_shift: int
    other: int
    no_signal: int

    @property
    def named_in_shift_share(self) -> float | None:
        return self.named_in_shift / self.to_name if self.to_name else None

    @property
    def other_share(self) -> float | None:
        return self.other / self.named if self.named else None

    @property
    def no_signal_share(self) -> float | None:
        return self.no_signal / self.stops if self.stops else None


def plant_stops(conn: Connection) -> str:
    """SQL for the stops of a plant in a window (parameters: plant, start, end): each stop's
    start, current reason and when a person first named it (NULL if nobody has)."""
    # The heads' columns (m014) and the revisions' (revision_facts), not their JSON. OFFSET 0
    # keeps PostgreSQL from pulling the subquery up into the caller's, which ran the
    # correlated "first named" once for every use of named_at (three or four times a stop).
    fence = "OFFSET 0" if conn.dialect == POSTGRESQL else ""
    return f"""
          SELECT h.start_utc AS start_utc, h.reason AS reason,
            (SELECT min(r.recorded_utc) FROM revision_facts r
             WHERE r.plant = h.plant AND r.line = h.line AND r.event_id = h.event_id
               AND r.person_named = 1) AS named_at
          FROM event_heads h
          WHERE h.plant = ? AND h.start_utc >= ? AND h.start_utc < ?
            AND h.kind = 'downtime' AND coalesce(h.voided, '0') IN ('0', 'false')
          {fence}"""


def stops(
    conn: Connection, plant: str, start: datetime, end: datetime, *, shift_hours: float
) -> Stops:
    to_name = seconds_between(conn, "start_utc", "named_at")
    row = conn.execute(
        f"""
        SELECT count(*),
          coalesce(sum(CASE WHEN reason IS NULL OR reason NOT LIKE '{SYSTEM}%' THEN 1 ELSE 0
                       END), 0),
          coalesce(sum(CASE WHEN named_at IS NOT NULL THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN named_at IS NOT NULL AND {to_name} <= ? THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN named_at IS NOT NULL AND (reason = '{OTHER}'
                            OR reason LIKE '{OTHER}.%') THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN reason = '{NO_SIGNAL}' THEN 1 ELSE 0 END), 0)
        FROM (
          {plant_stops(conn)}
        ) plant_stops
        """,
        [shift_hours * 3600.0, plant, to_iso(start), to_iso(end)],
    ).fetchone()
    total, person_stops, named, in_shift, other, no_signal = (int(v or 0) for v in row)
    # A stop named with a system category is not a person's naming; it counts as not named.
    return Stops(to_iso(start), to_iso(end), total, person_stops, named, in_shift, other, no_signal)


@dataclass(frozen=True)
class SyncLag:
    p95_s: float | None
    revisions: int


def sync_lag(conn: Connection, plant: str, start: datetime, end: datetime) -> SyncLag:
    # Each revision's lag was taken when it arrived (revision_facts.lag_ms); the window is by
    # arrival, through the records' index.
    where = (
        "r.plant = ? AND r.received_utc >= ? AND r.received_utc < ? AND r.kind = 'event_revision'"
    )
    params = [plant, to_iso(start), to_iso(end)]
    joined = "records r JOIN revision_facts f ON f.record_id = r.record_id"
    count = int(conn.execute(f"SELECT count(*) FROM {joined} WHERE {where}", params).fetchone()[0])
    if count == 0:
        return SyncLag(None, 0)
    rank = math.ceil(0.95 * count) - 1  # nearest rank, 0-based
    row = conn.execute(
        f"SELECT f.lag_ms FROM {joined} WHERE {where} ORDER BY f.lag_ms LIMIT 1 OFFSET ?",
        [*params, rank],
    ).fetchone()
    return SyncLag(max(0.0, float(row[0] or 0) / 1000.0), count)


def last_received(conn: Connection, plant: str) -> str | None:
    """When a device of the plant last delivered a record (the server's clock)."""
    row = conn.execute("SELECT max(received_utc) FROM records WHERE plant = ?", [plant]).fetchone()
    return str(row[0]) if row and row[0] is not None else None


TIME_TO_NAME_FORMULA = (
    "time to name = first revision with a reason chosen by a person, recorded time - the "
    "stop's start; median and mean over the named stops that started in the window"
)


@dataclass(frozen=True)
class TimeToName:
    median_s: float | None
    mean_s: float | None
    named: int


def time_to_name(conn: Connection, plant: str, start: datetime, end: datetime) -> TimeToName:
    """How long after a stop began a person named it (the same stops and naming as ``stops``)."""
    waited = seconds_between(conn, "start_utc", "named_at")
    named = f"""
        SELECT {waited} AS waited FROM ({plant_stops(conn)}
        ) plant_stops WHERE named_at IS NOT NULL
    """
    params = [plant, to_iso(start), to_iso(end)]
    # One pass: the waits of a plant's named stops over weeks are a few thousand numbers.
    waits = sorted(float(row[0]) for row in conn.execute(named, params).fetchall())
    if not waits:
        return TimeToName(None, None, 0)
    median = waits[(len(waits) - 1) // 2]
    return TimeToName(max(0.0, median), max(0.0, sum(waits) / len(waits)), len(waits))
