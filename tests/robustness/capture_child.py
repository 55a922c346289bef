"""A capturing process for the crash tests: ``python -m tests.robustness.capture_child DATA_DIR``.

It captures downtime, reasons, scrap and notes through ``CaptureService`` against the SQLite
file in DATA_DIR as fast as it can, and prints ``CONFIRMED <revision_id> <event_id>`` only
after the service returned — the moment a screen would show the operator "saved". The test
kills it with SIGKILL at random moments and checks that every confirmed line is on disk.

It starts with ``READY <quick_check>`` so the test sees what the restarted store looked like.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from itertools import count
from pathlib import Path

from local_store import EventStore
from local_store.database import integrity_check
from operator_app.cli.context import demo_config_path
from operator_app.services.capture import CaptureService
from operator_app.site_config import load_site_config
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.roster import Person, Role

OPERATOR = Person("op-crash", "Crash Test", Role.OPERATOR, "99999999", None)
REASONS = ("EQP.MEC.JAM", "PLN.CHG.PRD", "PLN.CLN")
SCRAP_REASONS = ("SCR.DIM.OVR", "SCR.SRF.SCR", "SCR.MAT")


def confirm(revisions: list[EventRevision]) -> None:
    for rev in revisions:
        sys.stdout.write(f"CONFIRMED {rev.revision_id} {rev.event_id}\n")
    sys.stdout.flush()


def one_step(capture: CaptureService, step: int) -> list[EventRevision]:
    machine = capture.site.machines[step % len(capture.site.machines)]
    if step % 5 == 3:
        reason = SCRAP_REASONS[step % len(SCRAP_REASONS)]
        return [capture.record_scrap(OPERATOR, machine.machine_id, reason, 1 + step % 7)]
    if step % 11 == 7:
        return [capture.add_note(OPERATOR, machine.machine_id, f"note {step}")]
    open_now = capture.store.open_downtimes(machine.machine_id)
    if not open_now:
        return [capture.start_downtime(OPERATOR, machine.machine_id)]
    event = open_now[0]
    if event.reason_code is None:
        reason = REASONS[step % len(REASONS)]
        return [capture.categorize(OPERATOR, event.event_id, reason)]
    return [capture.end_downtime(OPERATOR, event.event_id)]


def main(data_dir: Path) -> None:
    site = replace(load_site_config(demo_config_path()), data_dir=data_dir)
    store = EventStore.open(site.database_path)
    catalogue = bundled_catalogue()
    capture = CaptureService(store, catalogue, site)
    sys.stdout.write(f"READY {integrity_check(store.db)}\n")
    sys.stdout.flush()
    for step in count():
        confirm(one_step(capture, step))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
