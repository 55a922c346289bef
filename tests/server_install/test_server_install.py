"""The regional server installs on its own: its wheels in a fresh venv, without the client.

The wheels are built from this tree (packaging/build_server_wheels.py), installed into a new
venv with pip (from PyPI or pip's cache), and the installed ``regional-server`` is started from
a folder outside the tree, so nothing of the client can be found by accident: a server module
that imports numpy, Qt or the client, or a server dependency that pulls one in, fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.revision_rows import revision_to_row
from tests.sync.conftest import free_port, healthy, wait_until

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from build_server_wheels import build  # noqa: E402 - found through the path above

# Distributions a server host must never receive (pip's normalized names).
CLIENT_ONLY = {
    "pyside6",
    "pyside6-essentials",
    "pyside6-addons",
    "shiboken6",
    "pyqtgraph",
    "numpy",
    "pymodbus",
    "sqlite-utils",
    "operator-app",
}

# Building two wheels and installing FastAPI, uvicorn and psycopg into a new venv.
pytestmark = [pytest.mark.slow, pytest.mark.peer_process, pytest.mark.timeout(900)]


@dataclass(frozen=True)
class InstalledServer:
    venv: Path
    home: Path  # the folder it runs from: outside the tree

    @property
    def python(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin") / "python"

    @property
    def command(self) -> Path:
        suffix = ".exe" if os.name == "nt" else ""
        return self.venv / ("Scripts" if os.name == "nt" else "bin") / f"regional-server{suffix}"

    def env(self) -> dict[str, str]:
        # Nothing of this tree or of the test's own environment on the server's path.
        return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """``regional-server ARGS`` as installed."""
        return self.run_program(self.command, *args, timeout=timeout)

    def pip(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return self.run_program(
            self.python, "-m", "pip", "--disable-pip-version-check", *args, timeout=timeout
        )

    def run_program(
        self, program: Path, *args: str, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program), *args],
            cwd=self.home,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> InstalledServer:
    base = tmp_path_factory.mktemp("server-install")
    wheels = build(base / "wheels")
    assert {w.name.split("-")[0] for w in wheels} == {"shopfloor_core", "regional_server"}
    server = InstalledServer(base / "venv", base / "home")
    server.home.mkdir()
    venv.create(server.venv, with_pip=True)
    done = server.pip("install", "--quiet", *map(str, wheels), timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return server


def test_the_server_installs_without_the_client_or_its_dependencies(
    installed: InstalledServer,
) -> None:
    listed = installed.pip("list", "--format=json")
    assert listed.returncode == 0, listed.stderr
    names = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    assert {"regional-server", "shopfloor-core", "fastapi", "uvicorn"} <= names
    assert names & CLIENT_ONLY == set()


@pytest.fixture
def running(installed: InstalledServer, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """The installed server on loopback, a new SQLite file: (url, device token, region token)."""
    database = str(tmp_path / "region.sqlite3")
    device = installed.run(
        "--database", database, "issue-token",
        "--plant", "VAL", "--area", "ASSEMBLY", "--line", "L1", "--device", "PC-1",
    )  # fmt: skip
    assert device.returncode == 0, device.stderr
    region = installed.run("--database", database, "issue-token", "--region")
    assert region.returncode == 0, region.stderr
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("w+") as log:
        process = subprocess.Popen(
            [str(installed.command), "--database", database, "serve", "--port", str(port)],
            cwd=installed.home,
            env=installed.env(),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

        def up() -> bool:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"the installed server exited: {log.read()[-3000:]}")
            return healthy(url)

        try:
            wait_until(up, 60, "the installed regional server to start")
            yield url, device.stdout.strip(), region.stdout.strip()
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def test_the_installed_server_stores_a_record_and_sums_it_up(
    running: tuple[str, str, str],
) -> None:
    url, device_token, region_token = running
    catalogue = bundled_catalogue()
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    stop = first_revision(
        kind=EventKind.DOWNTIME,
        machine_id="PRESS-1",
        start_utc=end - timedelta(minutes=10),
        end_utc=end,
        reason_code="EQP.MEC.JAM",
        catalogue_version=catalogue.version,
        quantity=None,
        note="",
        source=Source.OPERATOR,
        author="op-1",
        recorded_utc=end,
        stamp=Stamp(device="PC-1", plant="VAL", area="ASSEMBLY", line="L1", zone="Europe/Madrid"),
    )
    batch = {
        "device": "PC-1",
        "records": [
            {"kind": "event_revision", "id": stop.revision_id, "payload": revision_to_row(stop)}
        ],
    }
    pushed = requests.post(
        f"{url}/v1/records",
        json=batch,
        headers={
            "Authorization": f"Bearer {device_token}",
            "Idempotency-Key": str(uuid.uuid4()),
        },
        timeout=30,
    )
    assert pushed.status_code == 200, pushed.text
    assert [r["status"] for r in pushed.json()["results"]] == ["accepted"], pushed.text

    answer = requests.get(
        f"{url}/v1/summary",
        params={"from": to_iso(end - timedelta(hours=1)), "to": to_iso(end), "plant": "VAL"},
        headers={"Authorization": f"Bearer {region_token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    (line,) = [entry for entry in answer.json()["lines"] if entry["line"] == "L1"]
    assert line["plant"] == "VAL"
    assert line["downtime_s"] == pytest.approx(600)
