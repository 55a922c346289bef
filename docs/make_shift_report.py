"""Render docs/shift-report.png: the printed shift report of a made-up but plausible shift.

    QT_QPA_PLATFORM=offscreen python docs/make_shift_report.py

The shift is the early shift of 10 June 2026 on the demo line, captured through the real
services with a fixed clock, signed off, with one correction made after the sign-off.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from local_store import EventStore  # noqa: E402
from local_store.production_counts import CountBucket, add_counts  # noqa: E402
from operator_app.cli.context import demo_config_path  # noqa: E402
from operator_app.reports.shift_report import reason_labels, render_png  # noqa: E402
from operator_app.screens.language import Translations  # noqa: E402
from operator_app.services.capture import CaptureService  # noqa: E402
from operator_app.services.corrections import CorrectionService  # noqa: E402
from operator_app.services.job_report import shift_job_views  # noqa: E402
from operator_app.services.jobs import JobService  # noqa: E402
from operator_app.services.shift_signoff import ShiftSignoffService  # noqa: E402
from operator_app.services.shift_summary import shift_summary  # noqa: E402
from operator_app.site_config import load_site_config  # noqa: E402
from shopfloor_core.domain.catalogue import bundled_catalogue  # noqa: E402
from shopfloor_core.domain.products import bundled_products  # noqa: E402
from shopfloor_core.domain.roster import Role  # noqa: E402

START = datetime(2026, 6, 10, 4, 0, tzinfo=UTC)  # 06:00 in Madrid


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translations = Translations()
    translations.switch("en")  # as the report command does: the site's language and locale
    folder = Path(tempfile.mkdtemp(prefix="shift-report-"))
    site = replace(load_site_config(demo_config_path()), data_dir=folder)
    people = {p.role: p for p in site.roster}
    catalogue = bundled_catalogue()
    now = [START + timedelta(hours=8, minutes=20)]
    clock = lambda: now[0]  # noqa: E731
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, catalogue, site, clock)
    operator, supervisor = people[Role.OPERATOR], people[Role.SUPERVISOR]
    stops = [
        ("PRESS-1", 35, 22, "EQP.MEC.JAM", "hopper jam"),
        ("PRESS-1", 95, 40, "PLN.CHG.TOOL", ""),
        ("PRESS-1", 230, 18, "MAT.SHT", "coil late from the warehouse"),
        ("PRESS-1", 300, 12, "EQP.MEC.JAM", ""),
        ("PRESS-1", 410, 9, None, ""),
        ("WELD-2", 50, 15, "EQP.ELE.SNS", "part-present sensor"),
        ("WELD-2", 180, 25, "OTH", "waiting for the forklift"),
        ("WELD-2", 330, 11, "FLW.STV", ""),
    ]
    made = []
    for machine, minute, length, code, note in stops:
        begin = START + timedelta(minutes=minute)
        made += capture.record_downtime(
            operator, machine, begin, begin + timedelta(minutes=length), reason_code=code, note=note
        )
    end_of_shift = now[0]
    # Two production orders on the press: the first from the shift's start, the second after a
    # ten-minute changeover at 09:20 (no part in those minutes); their parts are their own.
    products = bundled_products()
    jobs = JobService(store, site, catalogue, products, clock)
    now[0] = START - timedelta(minutes=10)
    first = jobs.add(
        supervisor, "BRK-1010", 5000, order_number="4500123456-0010", machine_id="PRESS-1"
    )
    second = jobs.add(
        supervisor, "HNG-0450", 3000, order_number="4500123457-0020", machine_id="PRESS-1"
    )
    now[0] = START
    jobs.start(operator, first.job_id)
    now[0] = START + timedelta(minutes=200)
    jobs.switch(operator, "PRESS-1", second.job_id)
    changeover = range(200, 210)
    for hour, machine, code, quantity in (
        (1, "PRESS-1", "SCR.SRF.BUR", 14),
        (3, "WELD-2", "SCR.ASM.FST", 6),
        (6, "PRESS-1", "SCR.PRC.SET", 9),
    ):
        now[0] = START + timedelta(hours=hour)
        capture.record_scrap(operator, machine, code, quantity)
    now[0] = end_of_shift
    rng = random.Random(7)
    add_counts(
        store.db,
        [
            CountBucket(
                machine, START + timedelta(minutes=m), rng.randint(low, high), rng.randint(0, 1)
            )
            for m in range(480)
            for machine, low, high in (("PRESS-1", 16, 22), ("WELD-2", 8, 11))
            if not (machine == "PRESS-1" and m in changeover)
        ],
    )
    signoffs = ShiftSignoffService(store, catalogue, site, clock)
    signoffs.add_handover_note(
        operator, "2026-06-10.E", "Press 1 hopper jams when the coil is near its end."
    )
    signoffs.add_handover_note(supervisor, "2026-06-10.E", "Forklift booked for the late shift.")
    shown = signoffs.preview(supervisor, "2026-06-10.E")
    signoffs.sign_off(supervisor, "2026-06-10.E", seen=shown.digest)
    now[0] += timedelta(minutes=10)
    CorrectionService(store, catalogue, site, clock).recategorize(
        supervisor, made[6].event_id, "FLW.LOG", why="forklift wait is logistics, not other"
    )
    summary = shift_summary(store, catalogue, site, "2026-06-10.E", clock=clock, products=products)
    views = shift_job_views(store, summary, products, site.line, "en")
    store.close()
    target = ROOT / "docs" / "shift-report.png"
    # The region's OEE target for the press, as a bundle in force would set it.
    render_png(target, summary, site, reason_labels(catalogue, "en"), {"PRESS-1": 0.65}.get, views)
    print(f"wrote {target}")
    del app


if __name__ == "__main__":
    main()
