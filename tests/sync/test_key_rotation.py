"""The region changes its bundle-signing key without stranding the line PCs (issue 17).

Over loopback HTTP with the real server and a real client sync: a planned rotation is endorsed
by the key before and line PCs follow the chain, however many rotations they slept through; a
key nobody they trust endorsed is refused; after an unplanned replacement plant IT re-trusts
the new key with its fingerprint, and nothing else is accepted.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from operator_app.cli.main import main as operator_app
from regional_server import signing
from regional_server.__main__ import main as regional_server
from shopfloor_core.contract import KeyEndorsement, key_endorsement_text, key_fingerprint
from sync.bundle_signature import check_signature
from sync.key_pins import ENDORSED, FIRST_CONTACT, RE_TRUSTED, pin_history, pinned_key
from tests.sync.conftest import Device, ThreadServer, free_port, standard_bundle
from tests.sync.test_bundle_signature import fetch_bundle
from tests.sync.test_tls_and_cli import demo_site_device, site_file


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "region-key" / "bundle-signing-key.pem"
    monkeypatch.setenv(signing.KEY_ENV, str(path))
    return path


def signing_key(database: str | Path, *args: str) -> int:
    return regional_server(["--database", str(database), "signing-key", *args])


def current_fingerprint(database: str | Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert signing_key(database, "show", "--json") == 0
    current = json.loads(capsys.readouterr().out)["current"]
    assert isinstance(current, str)
    return current


def public(key: Ed25519PrivateKey) -> str:
    return signing.public_text(key)


def test_a_pc_pinned_to_the_first_key_follows_two_rotations_and_pins_the_last(
    server_database: str | Path,
    key_file: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = ThreadServer(server_database)
    try:
        device = make_device(server)
        server.publish(standard_bundle())
        device.sync_round()
        first = pinned_key(device.store)
        assert first is not None
        key_a = current_fingerprint(server_database, capsys)
        assert key_fingerprint(first) == key_a

        # The PC is off while the region rotates twice; the server keeps running throughout.
        assert signing_key(server_database, "rotate") == 0
        said = capsys.readouterr().out
        key_b = current_fingerprint(server_database, capsys)
        assert f"fingerprint (SHA-256): {key_b}" in said
        assert "endorsed by the key before" in said
        assert signing_key(server_database, "rotate") == 0
        key_c = current_fingerprint(server_database, capsys)
        assert len({key_a, key_b, key_c}) == 3
        # The old keys stay, readable by the server's user only.
        retired = sorted(key_file.parent.glob(f"{key_file.name}.retired-*"))
        assert len(retired) == 2
        assert all(p.stat().st_mode & 0o777 == 0o600 for p in [key_file, *retired])

        second = server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.7}}))
        with caplog.at_level(logging.WARNING, logger="sync.key_pins"):
            result = device.sync_round()
        assert result.status.bundle_problems == ()
        assert result.status.bundle_version == second
        assert result.status.signing_key == key_c
        assert result.status.key_change is not None
        assert key_c in result.status.key_change
        assert f"{key_c} is pinned ({ENDORSED})" in caplog.text
        history = pin_history(device.store)
        assert [(h.fingerprint, h.how) for h in history] == [
            (key_a, FIRST_CONTACT),
            (key_c, ENDORSED),
        ]
        assert history[1].previous_key == first

        capsys.readouterr()
        assert signing_key(server_database, "show") == 0
        shown = capsys.readouterr().out
        assert f"fingerprint (SHA-256): {key_c}" in shown
        assert shown.count("rotated, endorsed by") == 2
        assert shown.index(key_a) < shown.index(key_b) < shown.index(f"    {key_c}")
    finally:
        server.stop()


def test_a_key_endorsed_by_a_key_the_pc_never_trusted_is_refused(
    server_database: str | Path,
    tmp_path: Path,
    key_file: Path,
    make_device: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = ThreadServer(server_database)
    try:
        device = make_device(server)
        good = server.publish(standard_bundle())
        device.sync_round()
        pinned = pinned_key(device.store)
    finally:
        server.stop()

    # Someone else's key X, rotated to Y: the bundle is signed by Y and carries X's
    # endorsement of Y, which means nothing to a PC that trusts only the region's key.
    monkeypatch.setenv(signing.KEY_ENV, str(tmp_path / "impostor.pem"))
    impostor = ThreadServer(server_database)
    try:
        assert signing_key(server_database, "rotate") == 0
        forged = impostor.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.2}}))
        result = device.sync_round(impostor.url)
        assert result.status.bundle_version == good  # the last good bundle is still in force
        (problem,) = result.status.bundle_problems
        assert "has not endorsed" in problem
        assert "trust-region-key" in problem
        assert pinned_key(device.store) == pinned
        assert [h.how for h in pin_history(device.store)] == [FIRST_CONTACT]
    finally:
        impostor.stop()

    # A forged endorsement that names the pinned key as the endorser does not verify either.
    monkeypatch.setenv(signing.KEY_ENV, str(key_file))
    server = ThreadServer(server_database)
    try:
        genuine = fetch_bundle(device, server.url)
    finally:
        server.stop()
    assert genuine is not None
    assert pinned is not None
    stranger, newcomer = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    claimed = KeyEndorsement(
        key=public(newcomer),
        endorsed_by=pinned,
        signature=base64.b64encode(stranger.sign(key_endorsement_text(public(newcomer)))).decode(),
    )
    assert genuine.version == forged
    assert check_signature(genuine, pinned).problem is None
    resigned = replace(genuine, signing_key=public(newcomer), key_endorsements=(claimed,))
    verdict = check_signature(resigned, pinned)
    assert verdict.problem is not None
    assert "is not that key's signature" in verdict.problem
    assert verdict.key is None


def test_trust_region_key_pins_only_the_fingerprint_read_over_the_phone(
    server_database: str | Path,
    tmp_path: Path,
    key_file: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = ThreadServer(server_database)
    data = tmp_path / "data"
    config = site_file(tmp_path, server.url)
    try:
        device = demo_site_device(make_device(server, name="L1-PC1-keys"), data)
        (tmp_path / "token").write_text(server.issue_token("VAL", "ASSEMBLY", "L1", "L1-PC1"))
        (tmp_path / "token").chmod(0o600)
        first = server.publish(standard_bundle())
        assert device.sync_round().status.bundle_version == first
        pinned = pinned_key(device.store)
        assert pinned is not None

        # The key is compromised: the region replaces it without an endorsement.
        capsys.readouterr()
        assert signing_key(server_database, "rotate", "--compromised") == 0
        said = capsys.readouterr().out
        new_key = current_fingerprint(server_database, capsys)
        assert "NOT endorsed" in said
        assert f"trust-region-key --fingerprint {new_key}" in said
        second = server.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.75}}))
        refused = device.sync_round()
        assert refused.status.bundle_version == first
        assert "has not endorsed" in refused.status.bundle_problems[0]

        def trust(fingerprint: str, at: Path = config) -> int:
            capsys.readouterr()
            return operator_app(
                ["--config", str(at), "--data-dir", str(data), "trust-region-key",
                 "--fingerprint", fingerprint]
            )  # fmt: skip

        # A fingerprint misread over the phone: the key pinned before stays.
        wrong = ("00" + new_key[2:]) if not new_key.startswith("00") else ("11" + new_key[2:])
        assert trust(wrong) == 2
        out, err = capsys.readouterr()
        assert f"the regional server's key: {new_key}" in out
        assert "not the fingerprint given" in err
        assert "nothing pinned, the key pinned before stays" in err
        assert pinned_key(device.store) == pinned
        assert trust("not-a-fingerprint") == 2
        assert "64 hex digits" in capsys.readouterr().err
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "token").write_bytes((tmp_path / "token").read_bytes())
        unreachable = site_file(tmp_path / "elsewhere", f"http://127.0.0.1:{free_port()}")
        assert trust(new_key, unreachable) == 3
        assert pinned_key(device.store) == pinned

        # Read right (typed in lower case, with spaces): pinned, and the next sync applies.
        assert trust(new_key.lower().replace(":", " ")) == 0
        assert "pinned: the next sync applies" in capsys.readouterr().out
        history = pin_history(device.store)
        assert [(h.how, h.fingerprint) for h in history][-1] == (RE_TRUSTED, new_key)
        assert history[-1].previous_key == pinned
        assert trust(new_key) == 0
        assert "already the one pinned" in capsys.readouterr().out
        assert len(pin_history(device.store)) == len(history)

        applied = device.sync_round()
        assert applied.status.bundle_problems == ()
        assert applied.status.bundle_version == second
        assert applied.status.signing_key == new_key
    finally:
        server.stop()


def test_rotate_needs_a_readable_key_unless_it_is_declared_lost(
    server_database: str | Path, key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 'show' reads a database that is there; it never creates one.
    assert regional_server(["--database", str(server_database), "migrate"]) == 0
    assert signing_key(server_database, "show") == 0
    assert "no signing key yet" in capsys.readouterr().out
    assert signing_key(server_database, "rotate") == 2
    assert "if it was lost, use --compromised" in capsys.readouterr().err
    assert not key_file.exists()
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not a key")
    assert signing_key(server_database, "show") == 2
    assert signing_key(server_database, "rotate") == 2
    assert "replace it with --compromised" in capsys.readouterr().err
    assert signing_key(server_database, "rotate", "--compromised") == 0
    (damaged,) = key_file.parent.glob(f"{key_file.name}.retired-unreadable-*")
    assert damaged.read_text() == "not a key"
    made = current_fingerprint(server_database, capsys)
    assert signing_key(server_database, "show", "--json") == 0
    (entry,) = json.loads(capsys.readouterr().out)["history"]
    assert (entry["fingerprint"], entry["how"], entry["current"]) == (made, "replaced", True)


def test_a_key_file_made_anew_is_logged_and_listed_and_the_history_cannot_be_edited(
    server_database: str | Path,
    key_file: Path,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ThreadServer(server_database).stop()
    first = current_fingerprint(server_database, capsys)
    key_file.unlink()  # lost, with no backup
    with caplog.at_level(logging.WARNING, logger="regional_server.app"):
        server = ThreadServer(server_database)
    try:
        assert "is new and no earlier key endorsed it" in caplog.text
        server.publish(standard_bundle())
        served = fetch_bundle(make_device(server))
        assert served is not None
        assert served.key_endorsements == ()
    finally:
        server.stop()
    assert signing_key(server_database, "show", "--json") == 0
    history = json.loads(capsys.readouterr().out)["history"]
    assert [(h["fingerprint"] == first, h["how"], h["current"]) for h in history] == [
        (True, "first use", False),
        (False, "first use", True),
    ]
    refused = pytest.raises(Exception, match="never changed")
    with server.connections() as connections, refused, connections.write() as conn:
        conn.execute("UPDATE signing_keys SET actor = 'someone else'")


def test_a_host_that_missed_a_rotation_says_so_and_pcs_that_moved_on_refuse_it(
    server_database: str | Path,
    tmp_path: Path,
    key_file: Path,
    make_device: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    this_host = ThreadServer(server_database)
    try:
        behind, ahead = make_device(this_host), make_device(this_host)
        first = this_host.publish(standard_bundle())
        behind.sync_round()
        ahead.sync_round()
        # Another host of the region, with its own copy of the file, rotates the key.
        other_copy = tmp_path / "other-host" / key_file.name
        other_copy.parent.mkdir()
        other_copy.write_bytes(key_file.read_bytes())
        monkeypatch.setenv(signing.KEY_ENV, str(other_copy))
        assert signing_key(server_database, "rotate") == 0
        other_host = ThreadServer(server_database)
        try:
            second = other_host.publish(standard_bundle(targets={"PRESS-1": {"oee": 0.6}}))
            assert ahead.sync_round(other_host.url).status.bundle_version == second
        finally:
            other_host.stop()

        with caplog.at_level(logging.ERROR, logger="regional_server.signing"):
            stale = ahead.sync_round(this_host.url)
            assert behind.sync_round(this_host.url).status.bundle_version == second
        assert "give this host the new key file" in caplog.text
        assert caplog.text.count("give this host the new key file") == 1
        assert stale.status.bundle_version == second  # the bundle it had stays
        assert "has not endorsed" in stale.status.bundle_problems[0]
        assert first < second
    finally:
        this_host.stop()
