"""The region recomputes OEE from what the lines synced: stops, scrap and part counts.

A line PC captures stops and scrap and counts parts; its count reports travel through the
outbox like every other record, over real HTTP, and the reference server's summary gives the
ISO 22400 figures of the line over a window, worked out here by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from local_store.outbox import Outbox
from local_store.production_counts import CountBucket, add_counts, queue_count_reports
from operator_app.services.capture import CaptureService
from regional_server import tokens
from regional_server.database import Connections
from regional_server.record_checks import Knowledge
from regional_server.records import Incoming, problem, store_records
from regional_server.summary import summary
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.domain.ids import new_id
from shopfloor_core.domain.roster import Person, Role
from shopfloor_core.revision_rows import revision_to_row
from tests.sync.conftest import Device, ThreadServer

OPERATOR = Person("op-1", "Op", Role.OPERATOR, None, None)
IDEAL = {"PRESS-1": 2.5, "WELD-2": 10.0}


def region_token(server: ThreadServer) -> str:
    connections = Connections(server.database)
    try:
        with connections.write() as conn:
            token, _ = tokens.issue(conn, role=tokens.REGION)
    finally:
        connections.close()
    return token


def summary_of(server: ThreadServer, start: datetime, end: datetime, line: str) -> dict[str, Any]:
    answer = requests.get(
        f"{server.url}/v1/summary",
        params={"from": to_iso(start), "to": to_iso(end), "plant": "VAL"},
        headers={"Authorization": f"Bearer {region_token(server)}"},
        timeout=5,
    )
    assert answer.status_code == 200, answer.text
    return next(entry for entry in answer.json()["lines"] if entry["line"] == line)


def an_hour_of_production(device: Device, catalogue: Catalogue, t0: datetime) -> None:
    """PRESS-1: a 6 min jam, a 10 min changeover, 15 good parts a minute and 5 more in the
    tenth, a reject in each of the first 30 minutes, 40 parts scrapped by hand. WELD-2: 100
    good parts, no stop. Parts before and after the hour are counted too, and must stay out of
    its figures."""
    minute = timedelta(minutes=1)
    capture = CaptureService(device.store, catalogue, device.site, lambda: t0 + 50 * minute)
    capture.record_downtime(
        OPERATOR, "PRESS-1", t0 + 10 * minute, t0 + 16 * minute, reason_code="EQP.MEC.JAM"
    )
    capture.record_downtime(
        OPERATOR, "PRESS-1", t0 + 30 * minute, t0 + 40 * minute, reason_code="PLN.CHG.PRD"
    )
    capture.record_scrap(OPERATOR, "PRESS-1", "SCR.DIM.OVR", 40)
    ideal = IDEAL.get
    # Reported in three goes, the last one adding late parts to a bucket already reported.
    add_counts(
        device.store.db,
        [CountBucket("PRESS-1", t0 - 5 * minute, 99, 9)]
        + [CountBucket("PRESS-1", t0 + i * minute, 15, 1 if i < 30 else 0) for i in range(40)],
    )
    queue_count_reports(device.store, ideal)
    add_counts(
        device.store.db,
        [CountBucket("PRESS-1", t0 + i * minute, 15, 0) for i in range(40, 60)]
        + [CountBucket("WELD-2", t0 + i * 6 * minute, 10, 0) for i in range(10)]
        + [CountBucket("PRESS-1", t0 + 61 * minute, 77, 7)],
    )
    queue_count_reports(device.store, ideal)
    add_counts(device.store.db, [CountBucket("PRESS-1", t0 + 10 * minute, 5, 0)])
    queue_count_reports(device.store, ideal)


def test_the_region_recomputes_oee_from_the_synced_stops_scrap_and_counts(
    region: ThreadServer, make_device: Callable[..., Device], catalogue: Catalogue
) -> None:
    device = make_device(region, name="OEE-PC", line="LOEE")
    t0 = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
    an_hour_of_production(device, catalogue, t0)
    assert device.sync_round().status.everything_delivered
    backlog = Outbox(device.store).backlog()
    assert (backlog.pending, backlog.quarantined) == (0, 0)

    line = summary_of(region, t0, t0 + timedelta(hours=1), "LOEE")

    # PRESS-1: planned production 60 - 10 = 50 min, run 50 - 6 = 44 min; 905 good (5 of them
    # reported late, in a bucket reported before) and max(30 PLC rejects, 40 scrapped) = 40
    # rejects. WELD-2: 60 min run, 100 good.
    press_run, weld_run = 44 * 60, 60 * 60
    assert line["good_count"] == 905 + 100
    assert line["reject_count"] == 40
    assert line["availability"] == pytest.approx((press_run + weld_run) / (50 * 60 + 60 * 60))
    assert line["performance"] == pytest.approx((2.5 * 945 + 10.0 * 100) / (press_run + weld_run))
    assert line["quality"] == pytest.approx(1005 / 1045)
    assert line["oee"]["value"] == pytest.approx(
        line["availability"] * line["performance"] * line["quality"]
    )
    assert "ideal cycle time x total count / run time" in line["oee"]["method"]
    assert line["machines"] == 2
    assert line["signed_off_oee"]["shifts"] == 0

    # Every part reached the region once: the hour plus the counts on either side of it.
    reports = region.query(
        "SELECT payload FROM records WHERE kind = 'production_count' AND device = 'OEE-PC'"
    )
    held = sum(b["good"] for (payload,) in reports for b in json.loads(payload)["buckets"])
    assert held == 99 + 905 + 100 + 77

    # A supervisor station of the line pulls the stops, not the count reports.
    station = make_device(region, name="OEE-SUP", line="LOEE")
    assert station.sync_round().status.pulled > 0
    pulled = dict(
        station.store.db.execute(
            "SELECT kind, count(*) FROM regional_records GROUP BY kind"
        ).fetchall()
    )
    assert pulled.get("event_revision")
    assert "production_count" not in pulled

    # A window that holds only the counts after the hour: parts, and no stop.
    after = summary_of(region, t0 + timedelta(minutes=61), t0 + timedelta(minutes=62), "LOEE")
    assert (after["good_count"], after["reject_count"]) == (77, 7)
    assert after["availability"] == 1.0


def count_report(**changes: Any) -> Incoming:
    payload: dict[str, Any] = {
        "report_id": "rep-1",
        "machine_id": "PRESS-1",
        "ideal_cycle_time_s": 2.5,
        "buckets": [{"bucket_utc": "2026-11-23T06:00:00.000Z", "good": 3, "reject": 0}],
    }
    payload.update(changes)
    return Incoming("production_count", "rep-1", payload)


BAD_REPORTS = [
    ({"machine_id": ""}, "payload.machine_id"),
    ({"ideal_cycle_time_s": 0}, "ideal_cycle_time_s"),
    ({"ideal_cycle_time_s": True}, "ideal_cycle_time_s"),
    ({"buckets": []}, "payload.buckets must be a list"),
    ({"buckets": "lots"}, "payload.buckets must be a list"),
    ({"buckets": [7]}, "buckets[0] is not an object"),
    ({"buckets": [{"bucket_utc": "06:00", "good": 1, "reject": 0}]}, "ISO 8601"),
    (
        {"buckets": [{"bucket_utc": "2026-11-23T06:00:30.000Z", "good": 1, "reject": 0}]},
        "start of a minute",
    ),
    (
        {"buckets": [{"bucket_utc": "2026-11-23T07:00:00+01:00", "good": 1, "reject": 0}]},
        "written in UTC as 2026-11-23T06:00:00.000Z",
    ),
    (
        {"buckets": [{"bucket_utc": "2026-11-23T06:00:00.000Z", "good": -1, "reject": 0}]},
        "whole good and reject counts from 0",
    ),
    (
        {"buckets": [{"bucket_utc": "2026-11-23T06:00:00.000Z", "good": 1.5, "reject": 0}]},
        "whole good and reject counts from 0",
    ),
    (
        {
            "buckets": [
                {"bucket_utc": "2026-11-23T06:00:00.000Z", "good": 1, "reject": 0},
                {"bucket_utc": "2026-11-23T06:00:00.000Z", "good": 1, "reject": 0},
            ]
        },
        "appears twice",
    ),
    ({"report_id": "rep-2"}, "differs from the record id"),
    (
        {"buckets": [{"bucket_utc": "2026-11-23T06:00:00.000Z", "good": 10**6 + 1, "reject": 0}]},
        "from 0 to 1,000,000",
    ),
    (
        {"buckets": [{"bucket_utc": "9999-12-31T23:59:00.000Z", "good": 1, "reject": 0}]},
        "outside the years 2000 to 2100",
    ),
]


def a_revision(**changes: Any) -> Incoming:
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    revision = first_revision(
        kind=EventKind.SCRAP,
        machine_id="PRESS-1",
        start_utc=now,
        end_utc=now,
        reason_code="SCR.DIM.OVR",
        catalogue_version="2026.11-R1",
        quantity=3,
        note="",
        source=Source.OPERATOR,
        author="op-1",
        recorded_utc=now,
        stamp=Stamp(device="PC", plant="VAL", area="ASSEMBLY", line="L1", zone="Europe/Madrid"),
    )
    payload = revision_to_row(revision)
    for name, value in changes.items():
        if value is MISSING:
            del payload[name]
        else:
            payload[name] = value
    return Incoming("event_revision", revision.revision_id, payload)


MISSING = object()
BAD_REVISIONS = [
    ({"quantity": MISSING}, "payload.quantity"),
    ({"quantity": "12"}, "payload.quantity"),
    ({"quantity": -1}, "payload.quantity"),
    ({"reason_code": 7}, "payload.reason_code must be text or null"),
    ({"zone": MISSING}, "payload.zone must be given"),
    ({"voided": "no"}, "payload.voided"),
    ({"kind": "holiday"}, "not an event revision"),
    ({"source": "rumour"}, "not an event revision"),
    ({"change": MISSING}, "not an event revision"),
]


@pytest.mark.parametrize(
    ("make", "changes", "says"),
    [(count_report, *case) for case in BAD_REPORTS]
    + [(a_revision, *case) for case in BAD_REVISIONS],
)
def test_a_record_the_region_could_not_use_is_refused_at_the_door_with_its_reason(
    make: Callable[..., Incoming], changes: dict[str, Any], says: str
) -> None:
    # Found by the summary benchmark: a revision without its quantity was stored, and every
    # summary of its line failed from then on.
    who = tokens.Credential("t", tokens.DEVICE, "VAL", "ASSEMBLY", "L1", "PC", datetime.now(UTC))
    known = Knowledge(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))  # the records' day
    assert problem(make(), who, known) is None
    refused = problem(make(**changes), who, known)
    assert refused is not None
    assert refused.startswith("invalid:")
    assert says in refused


def stop_revision(
    event_id: str, seq: int, start: datetime, end: datetime | None, *, line: str = "L1"
) -> Incoming:
    revision = a_revision().payload | {
        "revision_id": new_id(),
        "event_id": event_id,
        "seq": seq,
        "kind": "downtime",
        "reason_code": "EQP.MEC.JAM",
        "quantity": None,
        "start_utc": to_iso(start),
        "end_utc": to_iso(end) if end else None,
        "line": line,
        "change": "created" if seq == 1 else "ended",
    }
    return Incoming("event_revision", revision["revision_id"], revision)


def test_each_stop_counts_once_on_its_own_line_with_its_newest_times(tmp_path: Path) -> None:
    connections = Connections(tmp_path / "region.sqlite3")
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    hour = (t0, t0 + timedelta(hours=1))
    try:
        with connections.write() as conn:
            # The revisions' stamps (a_revision's): records are stored only under their token.
            l1 = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="ASSEMBLY", line="L1", device="PC"
            )[1]
            l2 = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="ASSEMBLY", line="L2", device="PC"
            )[1]
            later = hour[1]
            # Started by an operator (no end), then ended: the newest revision's times count.
            store_records(
                conn, l1, [stop_revision("E1", 1, t0 + timedelta(minutes=5), None)], later
            )
            ended = stop_revision("E1", 2, t0 + timedelta(minutes=5), t0 + timedelta(minutes=25))
            store_records(conn, l1, [ended], later)
            # The same seq twice under other revision ids: still one stop.
            twice = stop_revision("E1", 2, t0 + timedelta(minutes=5), t0 + timedelta(minutes=25))
            store_records(conn, l1, [twice], later)
            # Another line's revision with the same event id, newer: not L1's stop.
            other = stop_revision("E1", 9, t0, t0 + timedelta(minutes=1), line="L2")
            assert store_records(conn, l2, [other], later)[0].outcome.value == "accepted"
            # Scrap entered at the very start of the hour belongs to it, and to no other hour.
            at_start = a_revision().payload | {"revision_id": new_id(), "event_id": new_id()}
            at_start |= {"start_utc": to_iso(t0), "end_utc": to_iso(t0), "quantity": 7}
            scrap = Incoming("event_revision", at_start["revision_id"], at_start)
            assert store_records(conn, l1, [scrap], later)[0].outcome.value == "accepted"
        with connections.read() as conn:
            lines = {e["line"]: e for e in summary(conn, *hour, hour[1], plant="VAL")}
            before = summary(conn, t0 - timedelta(hours=1), t0, hour[1], plant="VAL")
        assert lines["L1"]["downtime_s"] == 20 * 60
        assert lines["L2"]["downtime_s"] == 60
        assert lines["L1"]["scrap_quantity"] == 7
        assert {e["line"]: e["scrap_quantity"] for e in before} == {"L1": 0, "L2": 0}

        # Heads are rebuilt from the revisions by the migration that made them, including a
        # revision stored before the server spelled times one way.
        with connections.write() as conn:
            odd = stop_revision("E2", 1, t0 + timedelta(minutes=40), t0 + timedelta(minutes=50))
            odd.payload["start_utc"] = "2026-11-23T07:40:00+01:00"  # 06:40Z
            conn.execute(
                "INSERT INTO records (record_id, kind, plant, area, line, device, payload, "
                "digest, received_utc, token_id) VALUES (?, 'event_revision', 'VAL', ?, "
                "'L1', 'A', ?, 'x', 'x', 'x')",
                [odd.record_id, l1.area, json.dumps(odd.payload)],
            )
            conn.execute("DELETE FROM event_heads")
            conn.execute("DELETE FROM schema_migrations WHERE name = 'm004_event_heads'")
            conn.execute("DROP TABLE event_heads")
            conn.execute(
                "CREATE INDEX idx_records_event_end ON records(plant, line, end_utc) "
                "WHERE kind = 'event_revision'"
            )
    finally:
        connections.close()
    connections = Connections(tmp_path / "region.sqlite3")
    try:
        with connections.read() as conn:
            lines = {e["line"]: e for e in summary(conn, *hour, hour[1], plant="VAL")}
        assert lines["L1"]["downtime_s"] == 30 * 60
        assert lines["L2"]["downtime_s"] == 60
    finally:
        connections.close()
