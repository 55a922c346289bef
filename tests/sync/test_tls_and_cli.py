"""TLS with a plant CA (verify always on, per request), and the plant-IT commands."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import trustme

from operator_app.cli.context import demo_config_path
from operator_app.cli.main import main
from tests.sync.conftest import ROOT, Device, ThreadServer, free_port


def test_tls_with_the_plants_ca_even_when_the_environment_names_another(
    tmp_path: Path, make_device: Callable[..., Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    plant_ca = trustme.CA()
    cert = plant_ca.issue_cert("localhost", "127.0.0.1")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    plant_ca.cert_pem.write_to_path(str(tmp_path / "plant-ca.pem"))
    server = ThreadServer(
        tmp_path / "tls.sqlite3", certfile=tmp_path / "cert.pem", keyfile=tmp_path / "key.pem"
    )
    try:
        device = make_device(server)
        device.capture(7)
        untrusted = device.sync_round()
        assert untrusted.status.problem is not None
        assert "TLS" in untrusted.status.problem
        assert untrusted.status.waiting == 7

        # REQUESTS_CA_BUNDLE would silently replace a session-wide verify; ours is per request.
        trustme.CA().cert_pem.write_to_path(str(tmp_path / "elsewhere.pem"))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "elsewhere.pem"))
        assert device.site.sync is not None
        device.site = replace(
            device.site, sync=replace(device.site.sync, ca_bundle=tmp_path / "plant-ca.pem")
        )
        trusted = device.sync_round()
        assert trusted.status.online, trusted.status
        device.assert_delivered_exactly_once()
    finally:
        server.stop()


def site_file(folder: Path, url: str) -> Path:
    text = demo_config_path().read_text(encoding="utf-8")
    text += f'\n[sync]\nserver_url = "{url}"\ntoken_file = "{folder / "token"}"\nbatch_size = 20\n'
    # The loopback test servers speak plain http: a test installation, said so explicitly.
    text += "allow_plain_http = true\n"
    path = folder / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def demo_site_device(device: Device, data: Path) -> Device:
    """``device`` moved onto the store the CLI opens for the demo site (device L1-PC1)."""
    device.store.close()
    device.site = replace(device.site, data_dir=data, device="L1-PC1")
    device.store = device.store.open(device.site.database_path)
    return device


def cli(config: Path, data: Path, *args: str) -> int:
    return main(["--config", str(config), "--data-dir", str(data), "sync", *args])


def test_sync_once_exit_codes_and_token_enrolment(
    tmp_path: Path,
    region: ThreadServer,
    make_device: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = site_file(tmp_path, region.url)
    data = tmp_path / "data"
    device = demo_site_device(make_device(region, name="L1-PC1-cli"), data)
    device.capture(45)

    assert cli(config, data, "--once") == 2  # could not run: no token enrolled yet
    assert "set-token-from-stdin" in capsys.readouterr().err

    token = region.issue_token("VAL", "ASSEMBLY", "L1", "L1-PC1")
    monkeypatch.setattr(sys, "stdin", io.StringIO(token + "\n"))
    assert cli(config, data, "--set-token-from-stdin") == 0
    assert (tmp_path / "token").read_text().strip() == token
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "token").stat().st_mode) == 0o600
    assert token not in config.read_text()

    capsys.readouterr()
    assert cli(config, data, "--once", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["delivered"] == 45
    assert report["waiting"] == report["quarantined"] == 0
    assert sorted(region.record_ids("L1-PC1")) == sorted(device.captured)

    with device.store.db.atomic():
        device.store.enqueue("mystery_kind", "cli-odd", {"x": 1})
    assert cli(config, data, "--once") == 4  # refused: one record is in quarantine
    assert "1 in quarantine" in capsys.readouterr().out

    device.capture(3)
    closed = site_file(tmp_path, f"http://127.0.0.1:{free_port()}")
    assert cli(closed, data, "--once") == 3  # the server cannot be reached: records wait
    assert "cannot reach the server" in capsys.readouterr().err


def test_sync_once_tells_an_outage_from_delivered_when_nothing_waits(
    tmp_path: Path,
    region: ThreadServer,
    make_device: Callable[..., Device],
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    device = demo_site_device(make_device(region, name="L1-PC1-outage"), data)
    device.capture(2)
    (tmp_path / "token").write_text(region.issue_token("VAL", "ASSEMBLY", "L1", "L1-PC1"))
    (tmp_path / "token").chmod(0o600)

    assert cli(site_file(tmp_path, region.url), data, "--once") == 0  # delivered
    capsys.readouterr()
    # Nothing waits now; a monitor must still see that the region cannot be reached.
    closed = site_file(tmp_path, f"http://127.0.0.1:{free_port()}")
    assert cli(closed, data, "--once", "--json") == 3
    report = json.loads(capsys.readouterr().out)
    assert (report["waiting"], report["online"]) == (0, False)

    assert cli(site_file(tmp_path, region.url), data, "--once") == 0  # the region is back


def test_sync_once_could_not_run_without_a_usable_store(
    tmp_path: Path, region: ThreadServer, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.write_text("a file where the data folder should be\n")  # no store can open here
    (tmp_path / "token").write_text(region.issue_token("VAL", "ASSEMBLY", "L1", "L1-PC1"))
    (tmp_path / "token").chmod(0o600)
    assert cli(site_file(tmp_path, region.url), data, "--once") == 2  # could not run
    assert "the local store cannot be used" in capsys.readouterr().err


def test_regional_server_commands(tmp_path: Path) -> None:
    database = tmp_path / "cmd.sqlite3"
    command = [sys.executable, "-m", "regional_server", "--database", f"sqlite:///{database}"]

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], cwd=ROOT, capture_output=True, text=True, input=stdin, check=False
        )

    issued = run("issue-token", "--plant", "VAL", "--area", "A", "--line", "L1", "--device", "X")
    assert issued.returncode == 0
    assert len(issued.stdout.strip()) >= 40
    assert "device VAL/A/L1/X" in issued.stderr
    assert run("issue-token", "--plant", "VAL").returncode == 2

    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"catalogue": {}}), encoding="utf-8")
    refused = run("publish-bundle", str(bundle))
    assert refused.returncode == 2
    assert "missing sections" in refused.stderr

    from tests.sync.conftest import standard_bundle

    bundle.write_text(json.dumps(standard_bundle()), encoding="utf-8")
    assert "version 1 for every plant" in run("publish-bundle", str(bundle)).stdout
    # One plant's own bundle only through a pilot of an approved proposal (the web pages).
    per_plant = run("publish-bundle", str(bundle), "--plant", "MAD")
    assert per_plant.returncode == 2
    assert "only as the pilot of an approved proposal" in per_plant.stderr
    assert run("--database", "mysql://x/y", "openapi").returncode == 2
    assert run("migrate").stdout.strip() == "the schema is up to date"
    fresh = run("--database", str(tmp_path / "fresh.sqlite3"), "migrate")
    assert fresh.returncode == 0
    assert fresh.stdout.startswith("applied m001_region")
    several = run("serve", "--workers", "2")
    assert several.returncode == 2
    assert "several workers need a PostgreSQL database" in several.stderr
    unreachable = run("--database", "postgresql://nobody:secret@127.0.0.1:1/none", "migrate")
    assert unreachable.returncode == 1
    assert "secret" not in unreachable.stderr
