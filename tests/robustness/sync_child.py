"""A line PC that captures and syncs without pause, for the SIGKILL-during-sync test.

    python -m tests.robustness.sync_child DATA_DIR SERVER_URL TOKEN_FILE DEVICE

Each turn it captures one or two notes through ``CaptureService`` (printing ``CONFIRMED
<revision_id>`` once each is durable) and then runs a sync round against the regional server
(printing ``ROUND <delivered> <waiting>``). Killed at random moments, it dies as often inside a
sync round as inside a capture.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from itertools import count
from pathlib import Path

from local_store import EventStore
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from operator_app.site_config.model import SyncConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from sync.http import RegionalClient, RetryPolicy, Timeouts
from sync.round import run_round
from sync.token import read_token

OPERATOR = Person("op-sync", "Sync Test", Role.OPERATOR, None, None)


def main(data_dir: Path, url: str, token_file: Path, device: str) -> None:
    sync = SyncConfig(url, None, None, token_file, 1.0, 7)
    site = replace(
        load_site_config(demo_config_path()), data_dir=data_dir, device=device, sync=sync
    )
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, bundled_catalogue(), site)
    client = RegionalClient(
        sync,
        read_token(token_file),
        device,
        timeouts=Timeouts(connect_s=1.0, read_s=5.0),
        retry=RetryPolicy(attempts=2, backoff_s=0.01, jitter_s=0.01, max_s=0.05),
    )
    print("READY", flush=True)
    for turn in count():
        for machine in site.machines[: 1 + turn % 2]:
            rev = capture.add_note(OPERATOR, machine.machine_id, f"turn {turn}")
            print(f"CONFIRMED {rev.revision_id}", flush=True)
        result = run_round(
            store, client, zone=site.timezone, batch_size=sync.batch_size, plant=site.plant
        )
        print(f"ROUND {result.status.delivered} {result.status.waiting}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4])
