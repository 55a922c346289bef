"""Hostile input against the real server: bombs, bad tokens, bad records, a poisoned store.

A request without a valid token must cost the server almost nothing whatever its body; an
authenticated one is bounded while it is inflated; every record is checked in full and refused
on its own; a record the summary cannot use is skipped and reported, never a 500.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import requests

from regional_server import rollups, site_rules, tokens
from regional_server.admission import Limits, Refusal, read_bounded
from regional_server.app import PUBLIC_DOCS_ENV
from regional_server.database import Connections
from regional_server.records import fold_event_head
from shopfloor_core.contract import MAX_BODY_BYTES
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id
from tests.sync.conftest import ProcessServer, ThreadServer, standard_bundle
from tests.sync.test_regional_summary import a_revision

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MB = 1024 * 1024
HOUR = timedelta(hours=1)


def gzip_bomb(expanded: int) -> bytes:
    """A gzip body inflating to ``expanded`` bytes of JSON: millions of empty objects.

    Parsed, each ``{}`` is a dict of 64 bytes: 31 MB of them is about 800 MB of Python objects.
    Deflate cannot beat about 1,000:1, so 30 KB inflates to 31 MB at most.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head, tail = b'{"device":"x","records":[],"pad":[', b"{}]}"
    chunk = b"{}," * (MB // 3)
    parts = [packer.compress(head)]
    for _ in range((expanded - len(head) - len(tail)) // len(chunk)):
        parts.append(packer.compress(chunk))
    parts += [packer.compress(tail), packer.flush()]
    return b"".join(parts)


def peak_rss_mb(pid: int) -> float:
    """The process's resident high-water mark (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc")


def push(url: str, token: str, body: bytes, **headers: str) -> requests.Response:
    return requests.post(
        f"{url}/v1/records",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": new_id(),
            **headers,
        },
        timeout=30,
    )


@pytest.mark.peer_process
def test_an_unauthenticated_bomb_costs_nothing_and_holds_nobody_up(
    region_process: ProcessServer,
) -> None:
    token = region_process.issue_token("VAL", "ASSEMBLY", "L1", "PC-BOMB")
    bomb = gzip_bomb(31 * MB)
    assert len(bomb) < 40 * 1024
    assert region_process.process is not None
    pid = region_process.process.pid
    working = {"Authorization": f"Bearer {token}"}
    assert requests.get(f"{region_process.url}/v1/device", headers=working, timeout=5).ok
    before = peak_rss_mb(pid)

    def attack() -> int:
        answer = push(region_process.url, "not-a-token", bomb, **{"Content-Encoding": "gzip"})
        return answer.status_code

    # Answers to a device working while the bombs land. How fast they come is for the
    # benchmarks; here, that every one is answered and the bombs cost no memory.
    meanwhile: list[int] = []
    stop = threading.Event()

    def a_device_working() -> None:
        while not stop.is_set():
            answer = requests.get(f"{region_process.url}/v1/device", headers=working, timeout=30)
            meanwhile.append(answer.status_code)

    worker = threading.Thread(target=a_device_working)
    worker.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            attacks = list(pool.map(lambda _: attack(), range(4)))
    finally:
        stop.set()
        worker.join(60)

    assert attacks == [401] * 4
    assert meanwhile, "the device's requests never came back"
    assert set(meanwhile) == {200}, meanwhile
    # Refused from the headers: not one of the four 31 MB bodies was inflated.
    grown = peak_rss_mb(pid) - before
    assert grown < 50, f"the server's peak memory grew by {grown:.0f} MB"


def issue(server: ThreadServer, device: str) -> str:
    """A token valid at the server's fixed clock (the suite's own clock is elsewhere)."""
    connections = Connections(server.database)
    try:
        with connections.write() as conn:
            token, _ = tokens.issue(
                conn,
                role=tokens.DEVICE,
                plant="VAL",
                area="ASSEMBLY",
                line="L1",
                device=device,
                now=NOW,
            )
    finally:
        connections.close()
    return token


@pytest.fixture
def guarded(server_database: str | Path) -> Iterator[ThreadServer]:
    server = ThreadServer(server_database, clock=lambda: NOW)
    server.publish(standard_bundle())
    yield server
    server.stop()


@contextmanager
def peak_traced() -> Iterator[list[float]]:
    """The peak of what Python allocated meanwhile in this process, in MB, the server's
    threads included (``ThreadServer`` runs in it): memory, not time, bounds the work."""
    peak: list[float] = []
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.append(tracemalloc.get_traced_memory()[1] / MB)
        tracemalloc.stop()


def test_a_bomb_is_refused_at_the_limit_without_reading_the_rest() -> None:
    """What the server reads of a body, counted: the 200 MB bomb passes the inflated limit in
    its first 64 KB piece, and the pieces after it are never read nor inflated."""
    bomb = gzip_bomb(200 * MB)
    pieces = [bomb[i : i + 64 * 1024] for i in range(0, len(bomb), 64 * 1024)]
    assert len(pieces) == 4
    read: list[bytes] = []

    async def receive() -> dict[str, Any]:
        read.append(pieces[len(read)])
        return {"type": "http.request", "body": read[-1], "more_body": len(read) < len(pieces)}

    # In a thread of its own: the session's browser tests keep an event loop running in this one.
    with ThreadPoolExecutor(1) as thread, pytest.raises(Refusal) as refused:
        thread.submit(asyncio.run, read_bounded(receive, "gzip", Limits())).result()
    assert refused.value.status == 413
    assert len(read) == 1


def test_an_authenticated_bomb_is_refused_413_while_it_inflates(guarded: ThreadServer) -> None:
    token = issue(guarded, "PC-BIG")
    bomb = gzip_bomb(200 * MB)
    with peak_traced() as peak:
        answer = push(guarded.url, token, bomb, **{"Content-Encoding": "gzip"})
    assert answer.status_code == 413
    assert "decompressed" in answer.json()["detail"]
    # Refused as the limit was passed: at most the limit's worth inflated (and the piece being
    # added to it) was ever held, never the 200 MB of the whole body.
    limit_mb = MAX_BODY_BYTES / MB
    assert peak[0] < 2 * limit_mb + 16, f"{peak[0]:.0f} MB held for a {limit_mb:.0f} MB limit"
    # Within the size limits, the 30 KB bomb is still millions of objects: never parsed.
    with peak_traced() as peak:
        swarm = push(guarded.url, token, gzip_bomb(31 * MB), **{"Content-Encoding": "gzip"})
    assert swarm.status_code == 413
    assert "JSON objects" in swarm.json()["detail"]
    # Parsed, its 10 million {} would be some 800 MB of dicts; counted, it is the text twice.
    assert peak[0] < 2 * limit_mb + 16, f"{peak[0]:.0f} MB held for a 31 MB body"
    # The limit as sent: declared too large, or streamed without a length past it.
    too_long = b" " * (MAX_BODY_BYTES + 1)
    assert push(guarded.url, token, too_long).status_code == 413
    assert push(guarded.url, token, iter([too_long])).status_code == 413
    # A gzip body may come in several members (RFC 1952): all are read.
    members = gzip.compress(b'{"device":"PC-BIG",') + gzip.compress(b'"records":[]}')
    assert push(guarded.url, token, members, **{"Content-Encoding": "gzip"}).status_code == 200
    # Nor is an unknown encoding or broken gzip read as JSON.
    assert push(guarded.url, token, b"{}", **{"Content-Encoding": "br"}).status_code == 415
    broken = push(guarded.url, token, b"\x1f\x8b\x08garbage", **{"Content-Encoding": "gzip"})
    assert broken.status_code == 400


def test_repeated_bad_tokens_from_one_address_are_slowed_down(guarded: ThreadServer) -> None:
    from regional_server.admission import FailedTokenBrake

    answers = [
        requests.get(
            f"{guarded.url}/v1/device", headers={"Authorization": "Bearer guess"}, timeout=5
        )
        for _ in range(FailedTokenBrake.BURST + 1)
    ]
    assert {a.status_code for a in answers[:-1]} == {401}
    slowed = answers[-1]
    assert slowed.status_code == 429
    assert int(slowed.headers["Retry-After"]) >= 1
    assert "too many" in slowed.json()["detail"]
    assert "X-Server-Time" in slowed.headers


def test_the_brake_lets_an_address_try_again_as_time_passes() -> None:
    from regional_server.admission import FailedTokenBrake

    moment = [0.0]
    brake = FailedTokenBrake(clock=lambda: moment[0])
    for _ in range(FailedTokenBrake.BURST):
        assert brake.wait_s("10.0.0.7") == 0
        brake.failed("10.0.0.7")
    assert brake.wait_s("10.0.0.7") > 0
    assert brake.wait_s("10.0.0.8") == 0  # another address is not held up
    moment[0] += brake.wait_s("10.0.0.7")
    assert brake.wait_s("10.0.0.7") == 0
    # A swarm of addresses cannot grow the server's memory without end: the oldest go first.
    for n in range(FailedTokenBrake.MAX_ADDRESSES + 5):
        brake.failed(f"10.1.{n // 256}.{n % 256}")
    assert len(brake._buckets) == FailedTokenBrake.MAX_ADDRESSES


def test_the_api_document_is_not_public_unless_configured(
    guarded: ThreadServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in ("/openapi.json", "/docs"):
        assert requests.get(f"{guarded.url}{path}", timeout=5).status_code == 404
    monkeypatch.setenv(PUBLIC_DOCS_ENV, "1")
    opened = ThreadServer(tmp_path / "open.sqlite3")
    try:
        for path in ("/openapi.json", "/docs"):
            assert requests.get(f"{opened.url}{path}", timeout=5).status_code == 200
    finally:
        opened.stop()
    # `regional-server openapi` and the documented copy come from the app object all the same.
    assert "/v1/records" in guarded.app.openapi()["paths"]


# -- bad records, one by one ---------------------------------------------------------------------
def revision(**changes: Any) -> dict[str, Any]:
    """A scrap entry of PC-REC on VAL/ASSEMBLY/L1, six hours before the server's clock."""
    return a_revision().payload | {"device": "PC-REC"} | changes


def downtime(start: datetime, end: datetime, **changes: Any) -> dict[str, Any]:
    fields = {"kind": "downtime", "quantity": None, "reason_code": "EQP.MEC.JAM"}
    return revision(start_utc=to_iso(start), end_utc=to_iso(end), **fields) | changes


def signoff(oee: float, **line: Any) -> dict[str, Any]:
    start = NOW - timedelta(hours=10)
    figures = {
        "planned_production_s": 28800.0,
        "downtime_s": 2880.0,
        "run_s": 25920.0,
        "good": 9000,
        "reject": 100,
        "availability": 0.9,
        "performance": 0.8,
        "quality": 9000 / 9100,
        "oee": oee,
        "mtbf_s": None,
        "mttr_s": None,
    } | line
    summary = {
        "shift_id": "2026-11-23.M",
        "start_utc": to_iso(start),
        "end_utc": to_iso(start + timedelta(hours=8)),
        "line": figures,
        "machines": {"PRESS-1": figures},
    }
    return {
        "signoff_id": new_id(),
        "shift_id": "2026-11-23.M",
        "shift_start_utc": to_iso(start),
        "shift_end_utc": to_iso(start + timedelta(hours=8)),
        "calendar_version": "EU-2026.1/3x8",
        "author": "sup-luis",
        "signed_utc": to_iso(start + timedelta(hours=8, minutes=5)),
        "summary": json.dumps(summary),
    }


def count_report(good: int, at: datetime) -> dict[str, Any]:
    return {
        "report_id": new_id(),
        "machine_id": "PRESS-1",
        "ideal_cycle_time_s": 2.5,
        "buckets": [{"bucket_utc": to_iso(at), "good": good, "reject": 0}],
    }


def workflow_run(started: datetime, completed: datetime) -> dict[str, Any]:
    return {
        "run_id": new_id(),
        "workflow_code": "WF.START",
        "workflow_version": "1",
        "person_id": "op-1",
        "role": "operator",
        "subject_key": "2026-11-23.M",
        "machine_id": None,
        "started_utc": to_iso(started),
        "completed_utc": to_iso(completed),
        "answers": "{}",
        "outcome": "{}",
    }


def handover_note(text: str) -> dict[str, Any]:
    return {
        "note_id": new_id(),
        "shift_id": "2026-11-23.M",
        "author": "sup-luis",
        "text": text,
        "recorded_utc": to_iso(NOW - HOUR),
    }


def late_edit(why: str) -> dict[str, Any]:
    return {
        "revision_id": new_id(),
        "event_id": new_id(),
        "shift_id": "2026-11-23.M",
        "signoff_id": new_id(),
        "author": "sup-luis",
        "why": why,
        "recorded_utc": to_iso(NOW - HOUR),
    }


def andon_call(**changes: Any) -> dict[str, Any]:
    """Maintenance acknowledged a call from PC-REC, at PC-REC."""
    raised = NOW - 2 * HOUR
    call = {
        "revision_id": new_id(),
        "call_id": new_id(),
        "seq": 2,
        "state": "acknowledged",
        "team": "maintenance",
        "machine_id": "PRESS-1",
        "reason_code": "EQP.MEC.JAM",
        "catalogue_version": "2026.11-R1",
        "note": "",
        "called_from": "PC-REC",
        "raised_utc": to_iso(raised),
        "raised_by": "op-1",
        "acknowledged_utc": to_iso(raised + timedelta(minutes=2)),
        "acknowledged_by": "mnt-1",
        "arrived_utc": None,
        "arrived_by": None,
        "ended_utc": None,
        "ended_by": None,
        "author": "mnt-1",
        "recorded_utc": to_iso(raised + timedelta(minutes=2)),
        "why": "",
        "device": "PC-REC",
        "plant": "VAL",
        "area": "ASSEMBLY",
        "line": "L1",
        "zone": "Europe/Madrid",
        "response_s": None,
        "repair_s": None,
    }
    return call | changes


def record(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    if kind == "late_edit":
        return {
            "kind": kind,
            "id": f"{payload['revision_id']}@{payload['shift_id']}",
            "payload": payload,
        }
    id_field = {
        "event_revision": "revision_id",
        "shift_signoff": "signoff_id",
        "production_count": "report_id",
        "workflow_run": "run_id",
        "shift_handover_note": "note_id",
        "andon_call_revision": "revision_id",
    }[kind]
    return {"kind": kind, "id": payload[id_field], "payload": payload}


GOOD_VALUE = 0.9 * 0.8 * 9000 / 9100
GOOD = [
    record("event_revision", revision()),
    record("event_revision", downtime(NOW - 3 * HOUR, NOW - 2 * HOUR)),
    record("shift_signoff", signoff(GOOD_VALUE)),
    record("production_count", count_report(30, (NOW - HOUR).replace(minute=0))),
    record("workflow_run", workflow_run(NOW - 2 * HOUR, NOW - HOUR)),
    record("shift_handover_note", handover_note("Press 1 needs new dies.")),
    record("late_edit", late_edit("the jam was a changeover")),
    record("andon_call_revision", andon_call()),
]
BAD = [
    (record("event_revision", downtime(NOW - HOUR, NOW - 2 * HOUR)), "times:"),
    (record("event_revision", revision(line="L2")), "scope:"),
    (record("event_revision", revision(area="PAINT")), "scope:"),
    (record("event_revision", revision(device="PC-OTHER")), "scope:"),
    (record("event_revision", revision(reason_code="SCR.NOPE")), "unknown_reason:"),
    (record("event_revision", revision(reason_code="EQP.MEC.JAM")), "unknown_reason:"),
    (record("event_revision", revision(catalogue_version="1999.01-X")), "unknown_catalogue:"),
    (record("event_revision", revision(quantity=10**9)), "out_of_range:"),
    (record("event_revision", revision(quantity=0)), "out_of_range:"),
    (
        record("event_revision", downtime(NOW - timedelta(days=800), NOW - timedelta(days=799))),
        "times:",
    ),
    (record("event_revision", downtime(NOW + 72 * HOUR, NOW + 73 * HOUR)), "times:"),
    (record("shift_signoff", signoff(57.0)), "out_of_range:"),
    (record("shift_signoff", signoff(0.99)), "out_of_range:"),  # not availability x P x Q
    (record("shift_signoff", signoff(GOOD_VALUE, planned_production_s=9e9)), "out_of_range:"),
    (record("production_count", count_report(900_000, NOW.replace(minute=0))), "out_of_range:"),
    (record("production_count", count_report(5, NOW + 48 * HOUR)), "times:"),
    (record("workflow_run", workflow_run(NOW - HOUR, NOW - 2 * HOUR)), "times:"),
    (record("shift_handover_note", handover_note("x" * 5000)), "invalid:"),
    (record("late_edit", late_edit("")), "invalid:"),
    (
        record("andon_call_revision", andon_call(acknowledged_utc=to_iso(NOW - 3 * HOUR))),
        "times:",
    ),
    (record("andon_call_revision", andon_call(area="PAINT")), "scope:"),
    (record("andon_call_revision", andon_call(reason_code="EQP.NOPE")), "unknown_reason:"),
]


def last_day_of_l1(server: ThreadServer) -> dict[str, Any]:
    """Line L1 in the region's summary of the day before the server's clock (must be 200)."""
    connections = Connections(server.database)
    try:
        with connections.write() as conn:
            region, _ = tokens.issue(conn, role=tokens.REGION, now=NOW)
    finally:
        connections.close()
    answer = requests.get(
        f"{server.url}/v1/summary",
        params={"from": to_iso(NOW - timedelta(days=1)), "to": to_iso(NOW)},
        headers={"Authorization": f"Bearer {region}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return next(e for e in answer.json()["lines"] if e["line"] == "L1")


def test_each_bad_record_is_refused_with_its_reason_and_the_good_ones_are_stored(
    guarded: ThreadServer,
) -> None:
    token = issue(guarded, "PC-REC")
    batch = [GOOD[0], *(r for r, _ in BAD[:8]), *GOOD[1:], *(r for r, _ in BAD[8:])]
    answer = push(guarded.url, token, json.dumps({"device": "PC-REC", "records": batch}).encode())
    assert answer.status_code == 200, answer.text
    results = {r["id"]: r for r in answer.json()["results"]}
    for good in GOOD:
        assert results[good["id"]]["status"] == "accepted", results[good["id"]]
    for bad, says in BAD:
        result = results[bad["id"]]
        assert result["status"] == "rejected", (bad, result)
        assert result["reason"].startswith(says), (says, result["reason"])
    assert sorted(guarded.record_ids("PC-REC")) == sorted(g["id"] for g in GOOD)

    # The forged sign-off never became the line's signed-off OEE.
    line = last_day_of_l1(guarded)
    assert line["signed_off_oee"]["value"] == pytest.approx(GOOD_VALUE)
    assert line["signed_off_oee"]["shifts"] == 1


def test_a_stored_record_the_summary_cannot_use_is_skipped_and_reported(
    guarded: ThreadServer,
) -> None:
    """Stored by an older server that checked less: the summary still answers."""
    issue(guarded, "PC-OLD")
    backwards = downtime(NOW - HOUR, NOW - 2 * HOUR, device="PC-OLD")
    forged = signoff(57.0)
    fine = downtime(NOW - 5 * HOUR, NOW - 4 * HOUR, device="PC-OLD")
    connections = Connections(guarded.database)
    try:
        with connections.write() as conn:
            for kind, rid, payload in (
                ("event_revision", backwards["revision_id"], backwards),
                ("event_revision", fine["revision_id"], fine),
                ("shift_signoff", forged["signoff_id"], forged),
            ):
                conn.execute(
                    "INSERT INTO records (record_id, kind, plant, area, line, device, payload, "
                    "digest, received_utc, token_id) VALUES (?, ?, 'VAL', 'ASSEMBLY', 'L1', "
                    "'PC-OLD', ?, 'x', ?, 'x')",
                    [rid, kind, json.dumps(payload), to_iso(NOW)],
                )
                if kind == "event_revision":
                    # Its head and rollups, as the server that stored it kept them.
                    ids = [payload["event_id"]]
                    before = rollups.current_heads(conn, "VAL", "L1", ids)
                    fold_event_head(conn, "VAL", "L1", payload)
                    after = rollups.current_heads(conn, "VAL", "L1", ids)
                    changed = rollups.heads_changed(
                        conn,
                        "VAL",
                        "L1",
                        before,
                        after,
                        partial(site_rules.plant_rules, conn, "VAL"),
                    )
                    rollups.add(conn, "VAL", "L1", changed)
            # What the upgrade that made the rollups found unusable (m010_rollups).
            rollups.rebuild_line(conn, "VAL", "L1", site_rules.plant_rules(conn, "VAL"))
    finally:
        connections.close()

    line = last_day_of_l1(guarded)
    assert line["downtime_s"] == 3600  # the good stop still counts
    assert line["signed_off_oee"]["value"] is None
    skipped = {s["id"]: s for s in line["skipped"]}
    assert "ends before it starts" in skipped[backwards["revision_id"]]["reason"]
    assert skipped[backwards["revision_id"]]["kind"] == "event_revision"
    assert "oee" in skipped[forged["signoff_id"]]["reason"]
