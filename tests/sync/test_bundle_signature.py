"""A line PC applies only bundles signed by its regional server: a bundle whose signature does
not verify is refused, logged and reported, and the last good one stays in force (over
loopback HTTP with the real server)."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from shopfloor_core.contract import Bundle
from sync.bundle_signature import PINNED_KEY, signature_problem
from sync.state import SyncState
from tests.sync.conftest import Device, ThreadServer, standard_bundle


def serve(database: str | Path, key: Path, monkeypatch: pytest.MonkeyPatch) -> ThreadServer:
    monkeypatch.setenv("REGIONAL_SERVER_SIGNING_KEY", str(key))
    return ThreadServer(database)


def fetch_bundle(device: Device, url: str | None = None) -> Bundle | None:
    """The bundle as the server hands it out now (no ETag), without applying it."""
    client = device.client(url)
    try:
        return client.bundle(None)
    finally:
        client.close()


def test_a_bundle_signed_by_another_key_is_refused_and_the_last_good_one_stays(
    server_database: str | Path,
    tmp_path: Path,
    make_device: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    genuine = tmp_path / "genuine.pem"
    server = serve(server_database, genuine, monkeypatch)
    try:
        device = make_device(server)
        first = server.publish(standard_bundle())
        assert device.sync_round().status.bundle_version == first
        state = SyncState(device.store)
        pinned = state.get(PINNED_KEY)
        assert pinned  # trusted on first contact
        assert genuine.stat().st_mode & 0o777 == 0o600
    finally:
        server.stop()

    # Someone else's server (or key) on the same address hands out a new bundle.
    impostor = serve(server_database, tmp_path / "impostor.pem", monkeypatch)
    try:
        forged = impostor.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.2}}))
        with caplog.at_level(logging.WARNING, logger="sync.bundle"):
            result = device.sync_round(impostor.url)
        assert result.status.bundle_version == first  # the last good bundle is still in force
        assert any("does not verify" in p for p in result.status.bundle_problems), result
        assert f"bundle version {forged} refused" in caplog.text
        refused = state.refused_bundle()
        assert refused is not None
        assert refused["version"] == forged
        assert state.get(PINNED_KEY) == pinned  # the impostor's key is not taken
    finally:
        impostor.stop()

    # The genuine server signs the same bundle again: it is checked anew and applied.
    server = serve(server_database, genuine, monkeypatch)
    try:
        result = device.sync_round(server.url)
        assert result.status.bundle_version == forged
        assert result.status.bundle_problems == ()
    finally:
        server.stop()


def test_a_changed_section_or_a_missing_signature_does_not_verify(
    server_database: str | Path,
    tmp_path: Path,
    make_device: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = serve(server_database, tmp_path / "key.pem", monkeypatch)
    try:
        device = make_device(server)
        server.publish(standard_bundle())
        bundle = fetch_bundle(device)
    finally:
        server.stop()
    assert bundle is not None
    assert signature_problem(bundle, None) is None
    assert signature_problem(bundle, bundle.signing_key) is None
    sections = copy.deepcopy(bundle.sections)
    sections["targets"]["PRESS-1"]["oee"] = 0.99
    tampered: Bundle = replace(bundle, sections=sections)
    assert "does not verify" in str(signature_problem(tampered, bundle.signing_key))
    assert "does not verify" in str(signature_problem(replace(bundle, version=99), None))
    assert "not signed" in str(signature_problem(replace(bundle, signature=""), None))
