"""SIGKILL during capture: every capture the process confirmed is on disk afterwards.

A separate process (``capture_child``) captures through ``CaptureService`` into a real SQLite
file and prints each revision only after the service returned. The test kills it with SIGKILL
at random moments, many times, restarting it on the same file each time; then it checks that
every confirmed revision is present, in the outbox too, and that SQLite finds the file sound.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KILLS = 36
# Generous: a line takes milliseconds; only a hung or dead child takes this long.
LINE_TIMEOUT_S = 20.0


def stderr_of(child: subprocess.Popen[str]) -> str:
    assert child.stderr is not None
    return child.stderr.read()


def confirmed_lines(text: str) -> list[tuple[str, str]]:
    """(revision_id, event_id) of each complete CONFIRMED line; a torn last line is not one."""
    out = []
    for line in text.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 3 and parts[0] == "CONFIRMED":
            out.append((parts[1], parts[2]))
    return out


class ChildOutput:
    """The child's stdout, line by line, read on a thread so a hung child cannot hang the test."""

    def __init__(self, child: subprocess.Popen[str]) -> None:
        assert child.stdout is not None
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, args=(child.stdout,), daemon=True)
        self.thread.start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line)

    def next_line(self) -> str:
        try:
            return self.lines.get(timeout=LINE_TIMEOUT_S)
        except queue.Empty:
            pytest.fail(f"the capture process wrote nothing for {LINE_TIMEOUT_S} s")

    def rest(self) -> str:
        """Everything written up to the end of the stream (call after the child died)."""
        self.thread.join(timeout=LINE_TIMEOUT_S)
        out = []
        while not self.lines.empty():
            out.append(self.lines.get_nowait())
        return "".join(out)


def run_and_kill(command: list[str], rng: random.Random, most_lines: int) -> tuple[str, str]:
    """Start ``command``, read up to ``most_lines`` of its output, SIGKILL it mid-stride.

    Returns its READY line and everything it printed before it died (the last line may be
    torn). The child never exits by itself.
    """
    child = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    output = ChildOutput(child)
    ready = output.next_line()
    if not ready.startswith("READY"):
        child.kill()
        child.wait()
        pytest.fail(f"{command[2]} did not start: {ready!r}\n{stderr_of(child)}")
    seen = "".join(output.next_line() for _ in range(rng.randint(0, most_lines)))
    # A random fraction of a capture or of a sync round, or several of them.
    try:
        child.wait(timeout=rng.uniform(0.0, 0.05))
    except subprocess.TimeoutExpired:
        pass
    if child.poll() is not None:
        pytest.fail(f"{command[2]} died by itself:\n{stderr_of(child)}")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL
    return ready, seen + output.rest()


@pytest.mark.slow
def test_every_confirmed_capture_survives_sigkill(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    confirmed: list[tuple[str, str]] = []
    command = [sys.executable, "-m", "tests.robustness.capture_child", str(data_dir)]
    for kill in range(KILLS):
        ready, text = run_and_kill(command, rng, most_lines=40)
        check_at_start = ready.split(maxsplit=1)[1].strip()
        assert check_at_start == "ok", f"seed {seed}, restart {kill}: {check_at_start}"
        confirmed += confirmed_lines(text)

    assert len(confirmed) > KILLS, "the child confirmed too little for the test to mean much"
    db = sqlite3.connect(data_dir / "operator-app.sqlite3")
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        revisions = {r for (r,) in db.execute("SELECT revision_id FROM event_revisions")}
        outbox = {r for (r,) in db.execute("SELECT record_id FROM outbox")}
        missing = [rev for rev, _ in confirmed if rev not in revisions]
        assert not missing, f"seed {seed}: {len(missing)} confirmed revisions lost: {missing[:5]}"
        not_queued = [rev for rev, _ in confirmed if rev not in outbox]
        assert not not_queued, f"seed {seed}: confirmed but not in the outbox: {not_queued[:5]}"
        # The projection moved with its revisions, in the same transaction.
        stale = db.execute(
            "SELECT e.event_id FROM events e WHERE e.seq != "
            "(SELECT max(seq) FROM event_revisions r WHERE r.event_id = e.event_id) "
            "OR e.revision_id NOT IN (SELECT revision_id FROM event_revisions)"
        ).fetchall()
        assert not stale, f"seed {seed}: events out of step with their revisions: {stale[:5]}"
        # Nothing half-written either: every revision has its outbox entry and vice versa.
        assert revisions == outbox
    finally:
        db.close()
