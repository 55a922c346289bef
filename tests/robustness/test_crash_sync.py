"""SIGKILL during sync: a line PC that captures and syncs is killed at random moments, many
times, mid-request as often as mid-capture. Afterwards every capture it confirmed reaches the
regional server exactly once, and nothing is left waiting or lost on either side.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_store import EventStore
from local_store.outbox import Outbox
from operator_app.site_config.model import SyncConfig
from sync.http import RegionalClient
from sync.round import run_round
from sync.token import read_token, write_token
from tests.robustness.test_crash_capture import confirmed_lines, run_and_kill
from tests.sync.conftest import FAST_RETRY, ThreadServer
from tests.sync.conftest import _no_proxy_from_environment as _no_proxy  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
KILLS = 20
DEVICE = "PC-KILL"


@pytest.fixture
def region(tmp_path: Path) -> Iterator[ThreadServer]:
    server = ThreadServer(tmp_path / "region.sqlite3")
    yield server
    server.stop()


def confirmed(text: str) -> list[str]:
    out = []
    for line in text.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 2 and parts[0] == "CONFIRMED":
            out.append(parts[1])
    return out


def sync_until_done(store: EventStore, url: str, token_file: Path) -> None:
    sync = SyncConfig(url, None, None, token_file, 1.0, 50)
    client = RegionalClient(sync, read_token(token_file), DEVICE, retry=FAST_RETRY)
    try:
        for _ in range(50):
            status = run_round(
                store, client, zone="Europe/Madrid", batch_size=50, plant="VAL"
            ).status
            assert status.online, status.problem
            if status.waiting == 0:
                return
    finally:
        client.close()
    pytest.fail("the outbox never drained")


@pytest.mark.slow
# The child captures on the real clock, and the server refuses records a day ahead of its own.
@pytest.mark.peer_process
def test_every_confirmed_capture_reaches_the_server_once_despite_sigkill(
    tmp_path: Path, region: ThreadServer
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    data_dir = tmp_path / "pc"
    token_file = data_dir / "sync-token"
    write_token(token_file, region.issue_token("VAL", "ASSEMBLY", "L1", DEVICE))
    command = [sys.executable, "-m", "tests.robustness.sync_child"]
    command += [str(data_dir), region.url, str(token_file), DEVICE]

    captured: list[str] = []
    rounds = 0
    for _ in range(KILLS):
        _, text = run_and_kill(command, rng, most_lines=12)
        captured += confirmed(text)
        rounds += sum(1 for line in text.splitlines() if line.startswith("ROUND"))
    assert rounds >= KILLS // 2, "the child was hardly ever killed around a sync round"

    # The PC comes back for good and syncs until nothing waits.
    store = EventStore.open(data_dir / "operator-app.sqlite3")
    try:
        local = {r for (r,) in store.db.execute("SELECT revision_id FROM event_revisions")}
        missing = sorted(set(captured) - local)
        assert not missing, f"seed {seed}: confirmed but not in the store: {missing[:5]}"
        sync_until_done(store, region.url, token_file)
        backlog = Outbox(store).backlog()
        assert (backlog.pending, backlog.quarantined) == (0, 0), f"seed {seed}: {backlog}"
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
    held = region.record_ids(DEVICE)
    assert len(held) == len(set(held)), f"seed {seed}: a record is stored twice on the server"
    assert set(captured) <= set(held), f"seed {seed}: confirmed captures missing on the server"
    assert set(held) == local, f"seed {seed}: the server holds records the PC never made"
    with sqlite3.connect(region.database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_confirmed_lines_are_read_alike() -> None:
    """The two crash tests agree on what a confirmed line is (a torn last line is not one)."""
    text = "CONFIRMED a\nCONFIRMED b"
    assert confirmed(text) == ["a"]
    assert confirmed_lines("CONFIRMED r e\nCONFIRMED x") == [("r", "e")]
