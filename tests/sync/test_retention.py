"""Retention: raw records past N days go; the summary of the kept window, the event heads and
every other table stay; a device that has not pulled yet holds its plant's records back.

A line PC syncs an hour of production to a server whose clock reads a month ago, then another
hour today; ``retain --raw-days 7`` runs on both databases.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from regional_server.__main__ import main
from regional_server.database import Connections
from regional_server.retention import MIN_RAW_DAYS, retain
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import to_iso, utc_now
from tests.sync.conftest import Device, ThreadServer
from tests.sync.test_regional_summary import an_hour_of_production, region_token

# Tables retention must leave alone (the rollups a colleague adds are checked the same way:
# every table but records and retention_runs).
LEFT_ALONE_EXCEPT = {"records", "retention_runs"}


class MovableClock:
    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.offset


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def server(server_database: str | Path, clock: MovableClock) -> Iterator[ThreadServer]:
    running = ThreadServer(server_database, clock=clock)
    yield running
    running.stop()


def tables(server: ThreadServer) -> list[str]:
    with server.connections() as connections, connections.read() as conn:
        if conn.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return sorted(row[0] for row in conn.execute(sql).fetchall())


def row_counts(server: ThreadServer) -> dict[str, int]:
    return {
        name: server.query(f"SELECT count(*) FROM {name}")[0][0]
        for name in tables(server)
        if name not in LEFT_ALONE_EXCEPT
    }


def line_summary(server: ThreadServer, token: str, start: datetime, end: datetime) -> Any:
    answer = requests.get(
        f"{server.url}/v1/summary",
        params={"from": to_iso(start), "to": to_iso(end), "plant": "VAL"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    lines = [entry for entry in answer.json()["lines"] if entry["line"] == "LRET"]
    assert len(lines) == 1
    return lines[0]


def test_retention_deletes_old_raw_records_and_keeps_the_kept_windows_summary(
    server: ThreadServer,
    clock: MovableClock,
    make_device: Callable[..., Device],
    catalogue: Catalogue,
    capsys: pytest.CaptureFixture[str],
) -> None:
    device = make_device(server, name="RETAINED-PC", line="LRET")
    month_ago = timedelta(days=30)
    now = utc_now()
    old_hour = (now - month_ago - timedelta(hours=3)).replace(second=0, microsecond=0)
    new_hour = (now - timedelta(hours=3)).replace(second=0, microsecond=0)

    clock.offset = -month_ago  # the server receives the old hour a month ago
    an_hour_of_production(device, catalogue, old_hour)
    assert device.sync_round().status.everything_delivered
    clock.offset = timedelta(0)
    an_hour_of_production(device, catalogue, new_hour)
    assert device.sync_round().status.everything_delivered

    token = region_token(server)
    kept_window = (new_hour - timedelta(hours=1), new_hour + timedelta(hours=2))
    old_window = (old_hour - timedelta(hours=1), old_hour + timedelta(hours=2))
    kept_before = line_summary(server, token, *kept_window)
    old_before = line_summary(server, token, *old_window)
    counts_before = row_counts(server)
    received = {
        row[0]: row[1] for row in server.query("SELECT record_id, received_utc FROM records")
    }
    assert kept_before["good_count"] == old_before["good_count"] > 0

    # Through the command, as a timer runs it: first counting, then deleting.
    capsys.readouterr()
    assert main(["--database", str(server.database), "retain", "--raw-days", "7", "--dry-run"]) == 0
    assert "would delete" in capsys.readouterr().out
    assert len(server.query("SELECT record_id FROM records")) == len(received)
    argv = ["--database", str(server.database), "retain", "--raw-days", "7", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)

    cutoff = to_iso(now - timedelta(days=7))
    old_ids = {rid for rid, at in received.items() if at < cutoff}
    left = {row[0] for row in server.query("SELECT record_id FROM records")}
    assert old_ids
    assert left == set(received) - old_ids, "only what arrived before the cutoff goes, all of it"
    assert report["deleted_total"] == len(old_ids)
    assert report["deleted"]["event_revision"] > 0
    assert report["deleted"]["production_count"] > 0
    assert report["held_back"] == {}

    # The kept window answers exactly as before; nothing but raw records was deleted.
    assert line_summary(server, token, *kept_window) == kept_before
    assert row_counts(server) == counts_before
    # Downtime of the old window still comes from the event heads (one row per event).
    old_after = line_summary(server, token, *old_window)
    assert old_after["downtime_s"] == old_before["downtime_s"]
    assert old_after["downtime_by_reason"] == old_before["downtime_by_reason"]
    logged = server.query("SELECT raw_days, deleted, finished_utc FROM retention_runs")
    assert len(logged) == 1
    assert logged[0][0] == 7
    assert sum(json.loads(logged[0][1]).values()) == len(old_ids)
    assert logged[0][2] is not None


def test_a_device_that_has_not_pulled_yet_holds_its_plants_records_back(
    server: ThreadServer, clock: MovableClock, make_device: Callable[..., Device]
) -> None:
    writer = make_device(server, name="WRITER-PC", line="LHOLD")
    clock.offset = -timedelta(days=20)
    writer.store.append([writer.note(f"old note {i}", clock()) for i in range(5)])
    assert writer.sync_round().status.everything_delivered
    clock.offset = timedelta(0)
    # A station of the plant that is heard from but has never reported pulling to the end
    # (say, a station with a long backlog of pages to pull).
    station = server.issue_token("VAL", "A", "LHOLD", "BEHIND-PC")
    answer = requests.post(
        f"{server.url}/v1/heartbeat",
        json={"client_version": "0.1.0", "backlog": 0, "pull_cursor": 0, "caught_up": False},
        headers={"Authorization": f"Bearer {station}"},
        timeout=5,
    )
    assert answer.status_code == 200
    with server.connections() as connections:
        report = retain(connections, 7, utc_now())
    assert sum(report.deleted.values()) == 0
    assert "BEHIND-PC" in report.held_back["VAL"]
    assert len(server.query("SELECT 1 FROM records WHERE device = 'WRITER-PC'")) == 5

    # Once it reports having pulled everything, the old notes may go.
    requests.post(
        f"{server.url}/v1/heartbeat",
        json={"client_version": "0.1.0", "backlog": 0, "pull_cursor": 99, "caught_up": True},
        headers={"Authorization": f"Bearer {station}"},
        timeout=5,
    ).raise_for_status()
    with server.connections() as connections:
        report = retain(connections, 7, utc_now())
    assert report.deleted["event_revision"] == 5
    assert server.query("SELECT 1 FROM records WHERE device = 'WRITER-PC'") == []


def test_records_are_deleted_by_retention_runs_only(server: ThreadServer) -> None:
    connections = Connections(server.database, pool_size=1)
    try:
        with connections.write() as conn:
            conn.execute(
                "INSERT INTO records (record_id, kind, plant, area, line, device, payload, "
                "digest, received_utc, token_id, cursor) VALUES "
                "('r-1', 'workflow_run', 'VAL', 'A', 'L', 'D', '{}', 'x', '2020-01-01', 't', ?)",
                [12345],
            )
        with pytest.raises(Exception, match="never changed"), connections.write() as conn:
            conn.execute("DELETE FROM records WHERE record_id = 'r-1'")
        with pytest.raises(ValueError, match=str(MIN_RAW_DAYS)):
            retain(connections, MIN_RAW_DAYS - 1, utc_now())
    finally:
        connections.close()
    assert server.query("SELECT record_id FROM records") == [("r-1",)]
