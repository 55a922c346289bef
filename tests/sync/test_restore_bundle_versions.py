"""A region restored from an older backup does not strand its line PCs' bundles.

A line PC applies bundle versions 1, 2 and 3; the server is restored from a backup taken at
version 1 (``pg_dump``/``pg_restore``; SQLite's online backup). The restored server would number
its next publications 2 and 3 again: the PC refuses 2 as older than the 3 in force, and takes a
different 3 for the one it holds (same ETag, 304). Instead the PC's heartbeat says it holds 3,
``regional-server devices`` marks it ahead of the server, and the next publication takes a
version above 3, which the PC applies; the one after follows the sequence on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from regional_server.__main__ import main as regional_server
from tests.sync.conftest import Device, ThreadServer, standard_bundle
from tests.sync.test_backup_restore import backup
from tests.sync.test_key_followers import devices


def applied(device: Device, url: str) -> int | None:
    """The bundle version in force on ``device`` after one sync round with the server at ``url``."""
    device.sync_round(url)
    in_force = device.store.active_bundle()
    return None if in_force is None else in_force[0]


def test_a_publication_after_restoring_an_older_backup_passes_the_version_the_pcs_hold(
    server_database: str | Path,
    server_backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    original = ThreadServer(server_database)
    try:
        pc = make_device(original, name="PC-AHEAD", line="L1")
        versions = []
        for oee in (0.71, 0.72, 0.73):
            versions.append(original.publish(standard_bundle(targets={"PRESS-1": {"oee": oee}})))
            assert applied(pc, original.url) == versions[-1]
            if len(versions) == 1:
                copy = backup(server_database, server_backend, request, tmp_path)
        assert versions == [1, 2, 3]
    finally:
        original.stop()

    restored = ThreadServer(copy)
    try:
        # The restored server hands out its version 1: refused as older, and the PC's heartbeat
        # at the end of the round says it holds 3.
        assert applied(pc, restored.url) == 3
        listed = devices(copy, capsys)["PC-AHEAD"]
        assert (listed["bundle_version"], listed["bundle_ahead"]) == (3, True)
        capsys.readouterr()
        assert regional_server(["--database", str(copy), "devices"]) == 0
        text = capsys.readouterr().out
        line = next(row for row in text.splitlines() if "PC-AHEAD" in row)
        assert "AHEAD" in line.replace("PC-AHEAD", "")

        restandard = standard_bundle(targets={"PRESS-1": {"oee": 0.9}})
        after_restore = restored.publish(restandard)
        assert after_restore > 3
        assert applied(pc, restored.url) == after_restore
        in_force = pc.store.active_bundle()
        assert in_force is not None
        assert in_force[1]["targets"] == {"PRESS-1": {"oee": 0.9}}
        assert devices(copy, capsys)["PC-AHEAD"]["bundle_ahead"] is False

        # The sequence moved on with it: the next publication follows, no collision.
        following = restored.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.91}}))
        assert following == after_restore + 1
        assert applied(pc, restored.url) == following
    finally:
        restored.stop()
