"""A simulated region for the dashboards: plants of lines of machines, weeks of records as line
PCs push them (event revisions made by the shared core, hourly count reports), stored through
the server's own checks (``records.store_records``), so the rollups and event heads are kept as
in a real push. Plants differ on purpose (how fast and how well stops are named, how much goes
to "Other", no-signal stops, a clock running ahead, an OEE trend up or down), so the pages and
the gates have something to tell apart. Seeded: the same arguments give the same region.

Used by ``benchmarks/regional_dashboards.py`` (10 plants, 8 weeks) and the browser tests
(a smaller region).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from regional_server import bundles, proposals, records, tokens
from regional_server.database import Connection, Connections
from shopfloor_core.contract import EVENT_REVISION
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import Change, EventKind, Source, Stamp, first_revision, revise
from shopfloor_core.domain.ids import new_id
from shopfloor_core.revision_rows import revision_to_row

REASONS = ("EQP.MEC.JAM", "MAT.SHT", "PLN.CHG.PRD", "OPS.ADJ", "EQP.ELE.SNS", "FLW.BLK", "UTL.AIR")
OTHER_NOTES = (
    "Forklift blocking the line",
    "forklift  blocking the line!",
    "Waiting for QA release",
    "waiting for qa release.",
    "Label printer out of ribbon",
    "label printer out of ribbon",
    "Operator called to another line",
)
MACHINES = ("PRESS-1", "WELD-1")
CATALOGUE_VERSION = str(proposals.bundled_standards()["catalogue"]["version"])


@dataclass(frozen=True)
class Region:
    plants: list[str]
    lines: list[str]
    records: int


def plant_code(i: int) -> str:
    return f"P{i + 1:02d}"


def simulate(
    connections: Connections,
    end: datetime,
    *,
    plants: int = 10,
    lines: int = 2,
    weeks: int = 8,
    stops_a_day: int = 10,
    seed: int = 17,
    names: list[str] | None = None,
) -> Region:
    """Store ``weeks`` of records up to ``end`` for ``plants`` x ``lines``."""
    rng = random.Random(seed)
    start = end - timedelta(weeks=weeks)
    with connections.write() as conn:
        bundles.publish(conn, proposals.bundled_standards(), now=start - timedelta(days=1))
    stored = 0
    codes = names or [plant_code(i) for i in range(plants)]
    for i, plant in enumerate(codes):
        for n in range(lines):
            line = f"L{n + 1}"
            with connections.write() as conn:
                stored += _line(conn, rng, i, plant, line, start, end, stops_a_day)
    return Region(codes, [f"L{n + 1}" for n in range(lines)], stored)


def _line(
    conn: Connection,
    rng: random.Random,
    i: int,
    plant: str,
    line: str,
    start: datetime,
    end: datetime,
    stops_a_day: int,
) -> int:
    device = f"{plant}-{line}-PC"
    credential = tokens.issue(
        conn,
        role=tokens.DEVICE,
        plant=plant,
        area="A1",
        line=line,
        device=device,
        now=start - timedelta(days=1),
        valid_for=timedelta(days=3650),
    )[1]
    stamp = Stamp(device=device, plant=plant, area="A1", line=line, zone="Europe/Madrid")
    # The plant's character: later plants name less, later, and more in "Other".
    named_share = max(0.5, 0.99 - 0.04 * i)
    other_share = 0.01 + 0.015 * i
    no_signal_share = 0.005 * (i % 4)
    late_share = 0.02 * i
    clock_ahead = timedelta(minutes=6) if i == 3 else timedelta()
    trend = (0.004 if i % 3 else -0.003) * (1 + i % 2)
    operators = [f"op-{plant.lower()}-{k}" for k in range(3 + i % 4)]
    stored = 0
    day = start
    total_days = (end - start).days
    while day < end:
        lag = timedelta(minutes=rng.uniform(2, 30) if i != 7 else rng.uniform(60, 180))
        if clock_ahead:
            lag = timedelta(minutes=rng.uniform(1, 4))  # the server sees records from its future
        incoming: list[records.Incoming] = []
        progress = (day - start).days / max(1, total_days)
        ideal = 2.0
        for machine in MACHINES:
            for hour in range(24):
                at = day + timedelta(hours=hour)
                rate = 0.78 + trend * progress * 8 + rng.uniform(-0.03, 0.03)
                buckets = []
                for minute in range(60):
                    good = max(0, round(30 * rate + rng.uniform(-2, 2)))
                    reject = 1 if rng.random() < 0.05 else 0
                    bucket = to_iso(at + timedelta(minutes=minute))
                    buckets.append({"bucket_utc": bucket, "good": good, "reject": reject})
                report = new_id()
                payload = {
                    "report_id": report,
                    "machine_id": machine,
                    "ideal_cycle_time_s": ideal,
                    "buckets": buckets,
                }
                incoming.append(records.Incoming("production_count", report, payload))
            for _ in range(stops_a_day):
                begin = day + timedelta(seconds=rng.uniform(0, 86400 - 1200))
                lasts = timedelta(seconds=rng.uniform(60, 900))
                incoming += _stop(
                    rng,
                    stamp,
                    machine,
                    begin,
                    lasts,
                    named=rng.random() < named_share,
                    late=rng.random() < late_share,
                    other=rng.random() < other_share,
                    no_signal=rng.random() < no_signal_share,
                    operator=operators[(begin.hour // 8) % len(operators)]
                    if rng.random() < 0.7
                    else rng.choice(operators),
                    clock_ahead=clock_ahead,
                    until=end,
                )
        # Pushed once the day's newest revision was recorded (the device's clock), plus the lag.
        newest = max(
            (str(r.payload["recorded_utc"]) for r in incoming if "recorded_utc" in r.payload),
            default=to_iso(day + timedelta(days=1)),
        )
        received = max(from_iso(newest), day + timedelta(days=1)) + lag
        answers = records.store_records(conn, credential, incoming, now=received)
        rejected = [a for a in answers if a.outcome.value != "accepted"]
        if rejected:
            raise ValueError(f"the simulated region was refused: {rejected[:3]}")
        stored += len(incoming)
        day += timedelta(days=1)
    return stored


def _stop(
    rng: random.Random,
    stamp: Stamp,
    machine: str,
    begin: datetime,
    lasts: timedelta,
    *,
    named: bool,
    late: bool,
    other: bool,
    no_signal: bool,
    operator: str,
    clock_ahead: timedelta,
    until: datetime,
) -> list[records.Incoming]:
    first = first_revision(
        kind=EventKind.DOWNTIME,
        machine_id=machine,
        start_utc=begin,
        end_utc=begin + lasts,
        reason_code="SYS.NOSIG" if no_signal else None,
        catalogue_version=CATALOGUE_VERSION if no_signal else None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author=f"system:{machine}",
        recorded_utc=begin + lasts + clock_ahead,
        stamp=stamp,
    )
    revisions = [first]
    after = timedelta(hours=rng.uniform(9, 30)) if late else timedelta(minutes=rng.uniform(1, 40))
    # A naming after the simulated present has not happened yet: the stop waits unnamed.
    if named and not no_signal and begin + lasts + after < until:
        revisions.append(
            revise(
                first,
                change=Change.CATEGORIZED,
                author=operator,
                recorded_utc=begin + lasts + after + clock_ahead,
                reason_code="OTH" if other else rng.choice(REASONS),
                catalogue_version=CATALOGUE_VERSION,
                note=rng.choice(OTHER_NOTES) if other else None,
            )
        )
    return [records.Incoming(EVENT_REVISION, r.revision_id, revision_to_row(r)) for r in revisions]
