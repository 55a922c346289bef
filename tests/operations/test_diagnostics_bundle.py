"""``operator-app diagnostics --out FILE.zip``: what a coach needs, and no secret of the plant."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.operations.logs import log_file
from shopfloor_core.contract import Bundle
from shopfloor_core.domain.roster import hash_pin
from sync.state import SyncState
from tests.operations.conftest import RunCommand
from tests.sync.conftest import standard_bundle

TOKEN = "dev-7f3a9c1e5b2d4f6a8c0e1a3b5d7f9e1c"
PROXY_PASSWORD = "Prx-s3cret-pw"


def _plant_secrets(tmp_path: Path) -> tuple[Path, list[str]]:
    """A site file with sync, a proxy password and a roster PIN hash; a region's bundle with
    another; a log line that carelessly holds both. The secrets, to look for in the zip."""
    site_pin_hash = hash_pin("4827")
    region_pin_hash = hash_pin("9051")
    text = demo_config_path().read_text(encoding="utf-8")
    text = text.replace("kiosk = false", 'kiosk = false\ndata_dir = "data"')
    text = re.sub(r'pin_hash = "[^"]+"', f'pin_hash = "{site_pin_hash}"', text, count=1)
    text += (
        "\n[sync]\n"
        'server_url = "https://region.example.com/api"\n'
        f'proxy = "http://plant-it:{PROXY_PASSWORD}@proxy.plant.local:3128"\n'
    )
    site_file = tmp_path / "site.toml"
    site_file.write_text(text, encoding="utf-8")
    data_dir = tmp_path / "data"
    store = EventStore.open(data_dir / "operator-app.sqlite3")
    try:
        document = standard_bundle(
            roster=[
                {
                    "id": "sup-luis",
                    "name": "Luis Ortega",
                    "role": "supervisor",
                    "badge": "40991",
                    "pin_hash": region_pin_hash,
                }
            ]
        )
        SyncState(store).activate_bundle(
            Bundle(3, '"etag-3"', "2026-11-20T00:00:00Z", document),
            document["catalogue"]["version"],
        )
    finally:
        store.close()
    log = log_file(data_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(
        "2026-11-27T10:00:00.000Z WARNING [sync] sync: request with "
        f"Authorization: Bearer {TOKEN} refused\n"
        f"2026-11-27T10:00:01.000Z ERROR [MainThread] roster: bad entry {site_pin_hash}\n",
        encoding="utf-8",
    )
    return site_file, [TOKEN, PROXY_PASSWORD, site_pin_hash, region_pin_hash, "40991", "10000001"]


def test_the_bundle_holds_logs_status_site_and_standards_but_no_secret(
    run_command: RunCommand, tmp_path: Path
) -> None:
    site_file, secrets = _plant_secrets(tmp_path)
    enrol = run_command("sync", "--set-token-from-stdin", "--config", site_file, stdin=TOKEN)
    assert enrol.returncode == 0, enrol.stderr
    out = tmp_path / "to-coach.zip"

    result = run_command("diagnostics", "--config", site_file, "--out", out)

    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        texts = {name: bundle.read(name).decode("utf-8") for name in names}
    assert {"README.txt", "site.json", "standards.json", "status.json"} <= names
    assert "logs/operator-app.log" in names
    status = json.loads(texts["status.json"])
    assert status["log_file"] == str(log_file(tmp_path / "data"))
    site = json.loads(texts["site.json"])
    assert site["content"]["site"]["plant"] == "VAL"
    assert site["content"]["sync"]["proxy"] == "http://<removed>@proxy.plant.local:3128"
    assert site["content"]["roster"][0]["pin_hash"] == "<removed>"
    standards = json.loads(texts["standards.json"])
    assert standards["source"] == "regional bundle 3"
    assert standards["sections"]["roster"][0]["name"] == "Luis Ortega"
    assert "refused" in texts["logs/operator-app.log"]  # the log line is kept, its secret not
    raw = out.read_bytes()
    with zipfile.ZipFile(out) as bundle:
        everything = "".join(bundle.read(name).decode("utf-8") for name in names)
    for secret in secrets:
        assert secret not in everything, secret
        assert secret.encode() not in raw
    assert "scrypt$" not in everything
