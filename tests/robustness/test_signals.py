"""SIGTERM and Ctrl+C end the real client cleanly: nothing counted is lost, nothing left open.

The client runs as a subprocess (offscreen) against a simulated press served on loopback by
the test itself, so the test knows exactly what the machine counted. The press is held still
before the signal: from then on its counter is a known number, and the client's last polls
of it (never flushed by the 5 s timer when the signal comes soon enough) must reach the store.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.machine_data.modbus_server import ModbusServerThread, free_port
from operator_app.machine_data.simulated_machine import SimulatedMachine
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from shopfloor_core.domain.catalogue import NO_SIGNAL, bundled_catalogue
from shopfloor_core.domain.roster import Role
from tests.conftest import ROOT, person

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

WAIT_S = 60.0
READ_COILS = 1  # only a hung or broken client takes this long


def wait_for(condition: Callable[[], Any], what: str, child: subprocess.Popen[str]) -> Any:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if child.poll() is not None:
            pytest.fail(f"the client ended ({child.returncode}) while waiting for {what}")
        time.sleep(0.05)  # polling a condition, not waiting for time to pass
    pytest.fail(f"timed out waiting for {what}")


def query(database: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    if not database.exists():
        return []
    connection = sqlite3.connect(database, timeout=10)
    connection.row_factory = sqlite3.Row
    try:
        return list(connection.execute(sql, params))
    except sqlite3.OperationalError:
        return []  # not migrated yet
    finally:
        connection.close()


def good_parts(database: Path) -> int:
    found = query(database, "SELECT COALESCE(SUM(good), 0) AS good FROM production_counts")
    return int(found[0]["good"]) if found else 0


class CoilReadsCounted(ModbusServerThread):
    """The press's server, counting the client's coil reads: one per poll (running, fault)."""

    coil_reads = 0

    async def _action(self, function_code: int, *args: Any) -> Any:
        if function_code == READ_COILS:
            self.coil_reads += 1
        return await super()._action(function_code, *args)


@pytest.fixture
def press() -> Iterator[SimulatedMachine]:
    machine = SimulatedMachine(free_port(), ideal_cycle_s=0.3, seed=11, random_stops=False)
    server = CoilReadsCounted(machine.port, tick_s=0.1, on_tick=machine._tick)
    machine._publish(server)
    machine.server = server
    machine.start()
    yield machine
    machine.stop()


@pytest.fixture
def site_file(tmp_path: Path, press: SimulatedMachine) -> Path:
    text = demo_config_path().read_text(encoding="utf-8")
    text = text.replace("simulated = true", "simulated = false")
    text = text.replace("port = 5020", f"port = {press.port}")
    text = text.replace("ideal_cycle_time_s = 2.0", "ideal_cycle_time_s = 0.3")
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_client_cleanly_with_everything_stored(
    tmp_path: Path, site_file: Path, press: SimulatedMachine, signum: signal.Signals
) -> None:
    data_dir = tmp_path / "data"
    database = data_dir / "operator-app.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "operator_app",
            "--config",
            str(site_file),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: good_parts(database) > 0, "counted parts", child)

        # An operator says the press is down while the PLC still counts: the client's stop
        # must end it, like any other open stop.
        site = replace(load_site_config(site_file), data_dir=data_dir)
        store = EventStore.open(site.database_path)
        try:
            capture = CaptureService(store, bundled_catalogue(), site)
            by_hand = capture.start_downtime(person(Role.OPERATOR), "PRESS-1")
        finally:
            store.close()

        press.hold(True)
        wait_for(lambda: not press.model.running, "the press to stand still", child)
        made = press.model.good
        server = press.server
        assert isinstance(server, CoilReadsCounted)
        seen = server.coil_reads
        wait_for(lambda: server.coil_reads >= seen + 2, "two polls of the still press", child)
        polled_after = int(time.time())
        child.send_signal(signum)
        _out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()

    assert child.returncode == 0, err
    assert "Traceback" not in err, err

    # Every part the press made while watched is in the store, up to its last one.
    history = query(
        database,
        "SELECT second, value FROM tag_history WHERE machine_id = 'PRESS-1' "
        "AND tag = 'good_parts' AND value IS NOT NULL ORDER BY second",
    )
    first_seen, last_seen = history[0]["value"], history[-1]["value"]
    assert last_seen == made
    assert history[-1]["second"] >= polled_after - 1, "the last seconds were not flushed"
    good = good_parts(database)
    assert good == made - first_seen

    # ... and every part is in a count report for the region.
    reports = query(database, "SELECT payload FROM outbox WHERE record_kind = 'production_count'")
    reported = sum(b["good"] for r in reports for b in json.loads(r["payload"])["buckets"])
    assert reported == good

    # The client recorded when it stopped watching, with its last reading of the press.
    markers = query(
        database,
        "SELECT * FROM client_watch WHERE machine_id = 'PRESS-1' AND mark = 'stopped'",
    )
    assert len(markers) == 1
    last_reading = markers[0]["last_reading_utc"]
    assert last_reading is not None

    # The operator's stop ended at that last reading; from it on the time is "no signal".
    stop = query(database, "SELECT * FROM events WHERE event_id = ?", by_hand.event_id)[0]
    assert stop["end_utc"] == last_reading
    still_open = query(
        database,
        "SELECT reason_code, start_utc FROM events WHERE kind = 'downtime' "
        "AND end_utc IS NULL AND voided = 0",
    )
    assert [(r["reason_code"], r["start_utc"]) for r in still_open] == [(NO_SIGNAL, last_reading)]
