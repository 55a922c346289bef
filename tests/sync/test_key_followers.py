"""The region sees which line PCs follow its signing key (heartbeat ``pinned_key``, m016).

Over loopback with the real server and real sync rounds: each heartbeat carries the short
fingerprint of the key its PC pinned; ``regional-server devices`` lists it and marks the PCs
not on the region's current key after a rotation. A client that does not say is listed as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from regional_server import signing
from regional_server.__main__ import main as regional_server
from shopfloor_core.contract import HEARTBEAT_PATH, key_fingerprint, short_fingerprint
from tests.sync.conftest import Device, ThreadServer, standard_bundle


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "region-key" / "bundle-signing-key.pem"
    monkeypatch.setenv(signing.KEY_ENV, str(path))
    return path


def devices(database: str | Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict]:
    capsys.readouterr()
    assert regional_server(["--database", str(database), "devices", "--json"]) == 0
    return {d["device"]: d for d in json.loads(capsys.readouterr().out)["devices"]}


def current_short(key_file: Path) -> str:
    return short_fingerprint(key_fingerprint(signing.public_text(signing.load(key_file))))


def test_devices_marks_the_pcs_not_yet_on_the_current_key(
    server_database: str | Path,
    key_file: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = ThreadServer(server_database)
    try:
        moving, staying = make_device(server, name="PC-MOVES"), make_device(server, name="PC-STAYS")
        server.publish(standard_bundle())
        moving.sync_round()
        staying.sync_round()
        key_a = current_short(key_file)
        listed = devices(server_database, capsys)
        for name in ("PC-MOVES", "PC-STAYS"):
            assert (listed[name]["pinned_key"], listed[name]["on_current_key"]) == (key_a, True)

        # A client that says nothing of its key (older, or one that pinned none yet).
        old_token = server.issue_token("VAL", moving.site.area, "L1", "PC-OLD-CLIENT")
        said = requests.post(
            server.url + HEARTBEAT_PATH,
            json={"client_version": "0.0.9", "backlog": 0, "something_newer": 1},
            headers={"Authorization": f"Bearer {old_token}"},
            timeout=5,
        )
        assert said.status_code == 200  # fields a server does not know are left aside
        wrong = requests.post(
            server.url + HEARTBEAT_PATH,
            json={"client_version": "0.1.0", "backlog": 0, "pinned_key": "not a fingerprint"},
            headers={"Authorization": f"Bearer {old_token}"},
            timeout=5,
        )
        assert wrong.status_code == 422

        assert regional_server(["--database", str(server_database), "signing-key", "rotate"]) == 0
        server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.7}}))
        key_b = current_short(key_file)
        assert key_b != key_a
        moved = moving.sync_round()
        assert moved.status.signing_key is not None
        assert short_fingerprint(moved.status.signing_key) == key_b

        listed = devices(server_database, capsys)
        assert (listed["PC-MOVES"]["pinned_key"], listed["PC-MOVES"]["on_current_key"]) == (
            key_b,
            True,
        )
        assert (listed["PC-STAYS"]["pinned_key"], listed["PC-STAYS"]["on_current_key"]) == (
            key_a,
            False,
        )
        old = listed["PC-OLD-CLIENT"]
        assert (old["pinned_key"], old["on_current_key"]) == (None, None)

        capsys.readouterr()
        assert regional_server(["--database", str(server_database), "devices"]) == 0
        text = capsys.readouterr().out
        assert re.search(rf"PC-STAYS .*{re.escape(key_a[:11])}\s+OLD KEY", text)
        assert re.search(rf"PC-MOVES .*{re.escape(key_b[:11])}", text)
        assert "OLD KEY" not in next(line for line in text.splitlines() if "PC-MOVES" in line)
        assert f"1 not on the current signing key {key_b[:11]}" in text

        # The PC left behind syncs: it follows, and the mark goes.
        staying.sync_round()
        assert devices(server_database, capsys)["PC-STAYS"]["on_current_key"] is True
    finally:
        server.stop()
