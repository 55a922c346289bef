"""A sign-off freezes the per-job figures with the rest of the shift's KPI snapshot: what the
supervisor vouched for per order stays what it was, whatever is corrected afterwards."""

from __future__ import annotations

import json
from datetime import timedelta

from local_store import EventStore
from local_store.shift_records import ShiftRecords
from operator_app.services.jobs import JobService
from operator_app.services.shift_signoff import ShiftSignoffService
from operator_app.site_config import SiteConfig
from regional_server.record_checks import unusable_signoff
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.products import Products
from shopfloor_core.domain.roster import Person
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.jobs.test_job_kpis import run_at
from tests.shifts.conftest import FixedClock as Clock


def test_the_signed_snapshot_holds_each_job_of_the_shift(
    jobs: JobService,
    store: EventStore,
    catalogue: Catalogue,
    site: SiteConfig,
    products: Products,
    supervisor: Person,
    operator: Person,
    clock: Clock,
) -> None:
    shift = calendar_of(site).latest_shifts(clock.now, 1)[0]
    first = jobs.add(supervisor, "HNG-1200", 1000, order_number="4500012")
    jobs.start(operator, first.job_id, "PRESS-1")
    run_at(store, clock.now, 10, 12)
    clock.now += timedelta(minutes=10)
    second = jobs.add(supervisor, "BRK-1010", 500, order_number="4500013")
    jobs.switch(operator, "PRESS-1", second.job_id)
    run_at(store, clock.now, 5, 20)
    clock.now = shift.end_utc + timedelta(minutes=5)

    signoffs = ShiftSignoffService(store, catalogue, site, clock, products=products)
    shown = signoffs.preview(supervisor, shift.shift_id)
    signed = signoffs.sign_off(supervisor, shift.shift_id, seen=shown.digest)

    kept = ShiftRecords(store).signoff(shift.shift_id)
    assert kept is not None
    rows = {row["order_number"]: row for row in kept.summary["jobs"]}
    assert set(rows) == {"4500012", "4500013"}
    assert (rows["4500012"]["good"], rows["4500012"]["ordered"]) == (120, 1000)
    assert (rows["4500013"]["good"], rows["4500013"]["product_code"]) == (100, "BRK-1010")
    assert rows["4500013"]["job_id"] == second.job_id
    assert rows["4500012"]["machine_id"] == "PRESS-1"
    assert rows["4500012"]["performance"] is not None
    # The region takes the snapshot with its new field as it is.
    [queued] = store.db.execute(
        "SELECT payload FROM outbox WHERE record_kind = 'shift_signoff' AND record_id = ?",
        [signed.signoff_id],
    ).fetchall()
    assert unusable_signoff(json.loads(queued[0])) is None
