"""Back up a running region and restore it: the restored server answers as the original did.

A line PC syncs an hour of production; the database is backed up while the server runs
(PostgreSQL: ``pg_dump --format=custom`` then ``pg_restore`` into a new database; SQLite: the
online backup API, what ``sqlite3 region.sqlite3 ".backup copy"`` does). A server started on the
copy gives the same summary and the same pull to another station of the line, and its feed goes
on after the cursor that station kept.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from regional_server.database import MIGRATIONS
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import to_iso, utc_now
from tests.postgres_cluster import TemporaryPostgres
from tests.sync.conftest import Device, ThreadServer
from tests.sync.test_regional_summary import an_hour_of_production, region_token


def answers(server: ThreadServer, region: str, station: str, start: datetime) -> dict[str, Any]:
    """What the region's summary and a station's pull from the start say, clocks left out."""
    summary = requests.get(
        f"{server.url}/v1/summary",
        params={"from": to_iso(start), "to": to_iso(start + timedelta(hours=3)), "plant": "VAL"},
        headers={"Authorization": f"Bearer {region}"},
        timeout=10,
    )
    pull = requests.get(
        f"{server.url}/v1/records",
        params={"after": 0, "limit": 1000},
        headers={"Authorization": f"Bearer {station}"},
        timeout=10,
    )
    assert summary.status_code == pull.status_code == 200, (summary.text, pull.text)
    pulled = pull.json()
    assert not pulled["more"]
    return {
        "lines": summary.json()["lines"],
        "records": pulled["records"],
        "next_cursor": pulled["next_cursor"],
    }


def backup(
    database: str | Path, server_backend: str, request: pytest.FixtureRequest, folder: Path
) -> str | Path:
    """A copy of ``database`` taken while its server runs, restored where a server can use it."""
    if server_backend == "postgresql":
        cluster: TemporaryPostgres = request.getfixturevalue("postgres")
        dump = folder / "region.dump"
        subprocess.run(
            [cluster.bindir / "pg_dump", "--format=custom", f"--file={dump}", str(database)],
            check=True,
        )
        restored = cluster.create_database("restored")
        subprocess.run(
            [cluster.bindir / "pg_restore", "--no-owner", f"--dbname={restored}", dump],
            check=True,
        )
        return restored
    copy = folder / "region-copy.sqlite3"
    with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


def test_a_restored_backup_answers_the_summary_and_pulls_as_the_original(
    server_database: str | Path,
    server_backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    make_device: Callable[..., Device],
    catalogue: Catalogue,
) -> None:
    original = ThreadServer(server_database)
    try:
        writer = make_device(original, name="BACKED-UP-PC", line="L1")
        station = original.issue_token("VAL", writer.site.area, "L1", "STATION-PC")
        start = (utc_now() - timedelta(hours=4)).replace(second=0, microsecond=0)
        an_hour_of_production(writer, catalogue, start)
        assert writer.sync_round().status.everything_delivered
        region = region_token(original)
        before = answers(original, region, station, start)
        assert before["records"], "the station has records of the line to pull"
        assert any(line["downtime_s"] > 0 for line in before["lines"])
        copy = backup(server_database, server_backend, request, tmp_path)
    finally:
        original.stop()

    restored = ThreadServer(copy)
    try:
        health = requests.get(f"{restored.url}/v1/health", timeout=5).json()
        assert health["migration"] == MIGRATIONS[-1].__name__
        assert answers(restored, region, station, start) == before
        # Tokens, bundles and the feed go on: a new record reaches the station after the
        # cursor it kept from before the backup.
        writer.server = restored
        writer.capture(1)
        assert writer.sync_round(restored.url).status.everything_delivered
        later = requests.get(
            f"{restored.url}/v1/records",
            params={"after": before["next_cursor"]},
            headers={"Authorization": f"Bearer {station}"},
            timeout=10,
        ).json()["records"]
        assert [r["id"] for r in later] == writer.captured[-1:]
    finally:
        restored.stop()
