"""Issue 15's "Must show": a job list imported from CSV, two jobs run on the simulated press over
real Modbus TCP on loopback (the press switching its cycle time per product, the PLC's product
register starting each job), a changeover between them, scrap on each; the shift summary, the
printed report, the ERP export and the region's summary (a real regional server on loopback,
after a sync round) give the per-job figures worked out here by hand.

The press runs in real time at the products' own ideal rates (HNG-0450 1.8 s a part, HNG-1200
4.0 s), on the suite's clock (tests/conftest.py: a fixed start that ticks). What the press makes
in a few seconds is not known in advance, so the figures "by hand" are the ISO 22400 formulas
applied here to the raw facts: the parts the store counted per job, the scrap this test
recorded, the job changes and the changeover stop as written.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.cli.export import write_csv, write_jobs_csv
from operator_app.machine_data.modbus_server import free_port
from operator_app.machine_data.simulated_machine import SIMULATOR_TAGS, SimulatedMachine
from operator_app.reports.shift_report import reason_labels, write_pdf
from operator_app.screens.language import Translations
from operator_app.services.capture import CaptureService
from operator_app.services.domain_job_calls import DomainJobCalls
from operator_app.services.job_import import import_job_folder
from operator_app.services.jobs import JobService
from operator_app.services.shift_summary import shift_summary
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import TagRole
from operator_app.workers.machine_monitor import MachineMonitor
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.clock import from_iso, utc_now
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.domain.roster import Person
from tests.sync.conftest import Device, ThreadServer
from tests.sync.test_regional_summary import summary_of

PRODUCT_NUMBERS = ((1, "HNG-0450"), (2, "HNG-1200"))
JOB_LIST = """product;quantity;order_number;machine
HNG-0450;300;ORD-1001;PRESS-1
NOPE-1;10;ORD-1003;PRESS-1
HNG-1200;120;ORD-1002;PRESS-1
"""


@pytest.fixture(autouse=True)
def _after_the_break() -> Iterator[None]:
    """The suite's clock starts in the early shift's 10:00 break, when no time is planned:
    this test runs at 11:05 on the same clock, ticking."""
    with time_machine.travel(
        datetime(2026, 3, 11, 11, 5, tzinfo=ZoneInfo("Europe/Madrid")), tick=True
    ):
        yield


@pytest.fixture
def press() -> Iterator[SimulatedMachine]:
    machine = SimulatedMachine(
        free_port(),
        ideal_cycle_s=2.0,
        seed=11,
        random_stops=False,
        product_cycles={1: 1.8, 2: 4.0},
        tick_s=0.05,
    )
    machine.start()
    yield machine
    machine.stop()


@pytest.fixture
def device(region: ThreadServer, make_device: Callable[..., Device]) -> Device:
    """The line's PC, enrolled with the region."""
    return make_device(region, name="JOBS-PC", line="LJOB")


@pytest.fixture
def line(device: Device, press: SimulatedMachine) -> SiteConfig:
    """The demo line with the press at the simulator, its product register mapped to codes."""
    site = device.site
    tags = tuple(
        replace(t, product_codes=PRODUCT_NUMBERS) if t.role is TagRole.PRODUCT_CODE else t
        for t in SIMULATOR_TAGS
    )
    machines = []
    for machine in site.machines:
        if machine.machine_id == "PRESS-1":
            connection = replace(machine.connection, port=press.port, simulated=False)
            machine = replace(machine, connection=connection, tags=tags)
        machines.append(machine)
    return replace(site, machines=tuple(machines))


def rows(database: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        return list(connection.execute(sql, params))
    finally:
        connection.close()


def counted(site: SiteConfig, order_number: str) -> tuple[int, int]:
    """Good and PLC-rejected parts the store gave the job of ``order_number``."""
    found = rows(
        site.database_path,
        "SELECT COALESCE(SUM(c.good), 0) AS good, COALESCE(SUM(c.reject), 0) AS reject "
        "FROM production_counts c JOIN jobs j ON j.job_id = c.job_id WHERE j.order_number = ?",
        order_number,
    )[0]
    return int(found["good"]), int(found["reject"])


def state_of(site: SiteConfig, order_number: str) -> str:
    return str(
        rows(site.database_path, "SELECT state FROM jobs WHERE order_number = ?", order_number)[0][
            "state"
        ]
    )


def test_two_jobs_from_a_csv_list_on_the_live_press(
    qtbot: QtBot,
    region: ThreadServer,
    device: Device,
    line: SiteConfig,
    press: SimulatedMachine,
    catalogue: Catalogue,
    operator: Person,
    tmp_path: Path,
) -> None:
    products: Products = bundled_products()
    # -- the job list plant IT drops: the bad row is refused alone ------------------------------
    folder = tmp_path / "job-lists"
    folder.mkdir()
    (folder / "week-11.csv").write_text(JOB_LIST, encoding="utf-8")
    store = EventStore.open(line.database_path)
    try:
        (report,) = import_job_folder(JobService(store, line, catalogue, products), folder)
    finally:
        store.close()
    assert [j.order_number for j in report.queued] == ["ORD-1001", "ORD-1002"]
    assert [r.line for r in report.refused] == [3]
    assert "NOPE-1" in report.refused[0].message

    # -- the press runs: its PLC says which product, the client starts that product's job ------
    monitor = MachineMonitor(line, catalogue, backoff_cap_s=0.5)
    try:
        monitor.start()
        qtbot.waitUntil(lambda: monitor.states.get("PRESS-1") == "running", timeout=10_000)
        press.set_product(1)
        qtbot.waitUntil(lambda: state_of(line, "ORD-1001") == "running", timeout=10_000)

        def made(order: str, parts: int) -> bool:
            monitor.save_now()
            return counted(line, order)[0] >= parts

        qtbot.waitUntil(lambda: made("ORD-1001", 6), timeout=30_000)
        store = EventStore.open(line.database_path)
        try:
            capture = CaptureService(store, catalogue, line)
            capture.record_scrap(operator, "PRESS-1", "SCR.SRF.BUR", 2)
        finally:
            store.close()

        # The HMI sets the press up for the next product: a changeover into ORD-1002.
        press.set_product(2)
        qtbot.waitUntil(lambda: state_of(line, "ORD-1002") == "running", timeout=10_000)
        assert state_of(line, "ORD-1001") == "ended"
        qtbot.waitUntil(lambda: made("ORD-1002", 3), timeout=40_000)
        store = EventStore.open(line.database_path)
        try:
            capture = CaptureService(store, catalogue, line)
            capture.record_scrap(operator, "PRESS-1", products.startup_scrap_reason, 1)
            capture.record_scrap(operator, "PRESS-1", "SCR.DIM.OVR", 1)
            press.hold(True)
            monitor.save_now()
            jobs = JobService(store, line, catalogue, products)
            job_2 = next(j for j in jobs.active() if j.order_number == "ORD-1002")
            jobs.end(operator, job_2.job_id)
        finally:
            store.close()
    finally:
        monitor.stop()

    # -- the figures by hand, from the raw facts in the file ------------------------------------
    revisions = {
        (r["order_number"], r["change"]): from_iso(r["at_utc"])
        for r in rows(line.database_path, "SELECT * FROM job_revisions")
    }
    changeovers = rows(
        line.database_path,
        "SELECT e.* FROM events e JOIN changeovers c ON c.event_id = e.event_id",
    )
    assert len(changeovers) == 1
    changeover = changeovers[0]
    assert changeover["reason_code"] == products.changeover_reason
    assert from_iso(changeover["start_utc"]) == revisions[("ORD-1001", "ended")]
    assert changeover["end_utc"] is not None  # ended by ORD-1002's first good part
    changeover_s = (
        from_iso(changeover["end_utc"]) - from_iso(changeover["start_utc"])
    ).total_seconds()
    expected = {
        "ORD-1001": {
            "order": "ORD-1001",
            "product": "HNG-0450",
            "ordered": 300,
            "scrap": {"SCR.SRF.BUR": 2},
        },
        "ORD-1002": {
            "order": "ORD-1002",
            "product": "HNG-1200",
            "ordered": 120,
            "scrap": {products.startup_scrap_reason: 1, "SCR.DIM.OVR": 1},
        },
    }
    for order, facts in expected.items():
        good, plc_reject = counted(line, order)
        facts["good"] = good
        # Rejects: the larger of the PLC's count and the scrap recorded (kpi.REJECT_RULE).
        facts["reject"] = max(plc_reject, sum(facts["scrap"].values()))  # type: ignore[arg-type]
        facts["quality"] = good / (good + facts["reject"])  # type: ignore[operator]
    assert expected["ORD-1001"]["good"] >= 6  # type: ignore[operator]
    assert expected["ORD-1002"]["good"] >= 3  # type: ignore[operator]

    # -- the shift summary --------------------------------------------------------------------
    store = EventStore.open(line.database_path)
    try:
        summary = shift_summary(store, catalogue, line, products=products)
        views = DomainJobCalls().shift_jobs(store, catalogue, line, summary, "en")
        now = utc_now()
        whole = DomainJobCalls().jobs_between(
            store, catalogue, line, summary.shift.start_utc, now, "en"
        )
    finally:
        store.close()
    by_order = {v.order_number: v for v in views}
    assert set(by_order) == {"ORD-1001", "ORD-1002"}
    for order, facts in expected.items():
        view = by_order[order]
        assert view.product_code == facts["product"]
        assert view.ordered == facts["ordered"]
        assert view.good == facts["good"]
        assert view.reject == facts["reject"]
        assert dict(view.scrap_by_reason) == facts["scrap"]
        assert view.quality == pytest.approx(facts["quality"])
        # OEE is availability x performance x quality, each over the job's own time.
        assert view.oee == pytest.approx(view.availability * view.performance * view.quality)  # type: ignore[operator]
        # Performance: the job's parts at its product's ideal time per part, over its run time.
        per_part = products.get(str(facts["product"])).ideal_s_per_part("PRESS-1", line.line)
        assert per_part is not None
        parts = int(facts["good"]) + int(facts["reject"])  # type: ignore[call-overload]
        assert view.performance == pytest.approx(min(1.0, parts * per_part / view.run_s))
    assert by_order["ORD-1001"].changeover_s is None  # the machine's first job
    assert by_order["ORD-1002"].changeover_s == pytest.approx(changeover_s)
    # A job entirely inside the shift: its whole-life figures are the shift's.
    assert {v.order_number: v for v in whole} == by_order

    # -- the printed report: the same figures on the page -------------------------------------
    translations = Translations()
    translations.switch("en")
    pdf = tmp_path / "shift.pdf"
    write_pdf(pdf, summary, line, reason_labels(catalogue, "en"), jobs=views)
    # pypdf (the dev extra) reads the page in layout mode: a table row stays one line of text
    # (its words spaced by tabs as well as spaces: made single spaces here).
    text = "\n".join(
        " ".join(line_.split())
        for page in PdfReader(pdf).pages
        for line_ in page.extract_text(extraction_mode="layout").splitlines()
    )
    assert "Jobs" in text
    for order, facts in expected.items():
        row = next(line_ for line_ in text.splitlines() if line_.strip().startswith(order))
        assert f"{facts['good']} of {facts['ordered']}" in row
        assert products.get(str(facts["product"])).name_in("en")[:12] in row

    # -- the ERP export: one row per job ------------------------------------------------------
    out = io.StringIO()
    write_jobs_csv(out, whole)
    exported = {r["order_number"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    for order, facts in expected.items():
        row = exported[order]
        assert row["product_code"] == facts["product"]
        assert int(row["quantity_ordered"]) == facts["ordered"]
        assert int(row["good"]) == facts["good"]
        assert int(row["reject"]) == facts["reject"]
        assert float(row["quality"]) == pytest.approx(facts["quality"], abs=1e-4)
        assert row["state"] == "ended"
    assert exported["ORD-1002"]["scrap_by_reason"] == (
        f"SCR.DIM.OVR=1;{products.startup_scrap_reason}=1"  # most first, then by code
    )

    # -- the events export: each scrap carries its job and product ------------------------------
    out = io.StringIO()
    store = EventStore.open(line.database_path)
    try:
        write_csv(
            out, store.events_between(summary.shift.start_utc, utc_now()), store, catalogue, "en"
        )
    finally:
        store.close()
    scrapped = [
        (r["reason_code"], r["quantity"], r["order_number"], r["product_code"])
        for r in csv.DictReader(io.StringIO(out.getvalue()))
        if r["kind"] == "scrap"
    ]
    assert sorted(scrapped) == sorted(
        [
            ("SCR.SRF.BUR", "2", "ORD-1001", "HNG-0450"),
            (products.startup_scrap_reason, "1", "ORD-1002", "HNG-1200"),
            ("SCR.DIM.OVR", "1", "ORD-1002", "HNG-1200"),
        ]
    )

    # -- the region: the line's records over real HTTP, its summary per product and job -------
    device.site = line  # the same data folder: the device's store is the line's
    assert device.sync_round().status.everything_delivered
    regional = summary_of(region, summary.shift.start_utc, utc_now(), "LJOB")
    by_product = {p["product_code"]: p for p in regional["products"]}
    for facts in expected.values():
        made = by_product[str(facts["product"])]
        assert made["good_count"] == facts["good"]
        per_part = products.get(str(facts["product"])).ideal_s_per_part("PRESS-1", line.line)
        assert per_part is not None
        _good, plc_reject = counted(line, str(facts["order"]))
        assert made["reject_count"] == plc_reject
        assert made["ideal_time_s"] == pytest.approx(per_part * (int(facts["good"]) + plc_reject))  # type: ignore[call-overload]
    # Per job: the same figures as the line's own, from the synced records alone.
    by_job = {j["order_number"]: j for j in regional["jobs"]}
    assert set(by_job) == {"ORD-1001", "ORD-1002"}
    for order, facts in expected.items():
        row, view = by_job[order], by_order[order]
        assert row["job_id"] == view.job_id
        assert row["product_code"] == facts["product"]
        assert row["machine_id"] == "PRESS-1"
        assert row["quantity_ordered"] == facts["ordered"]
        assert row["state"] == "ended"
        assert row["good_count"] == facts["good"]
        assert row["reject_count"] == facts["reject"]
        assert row["scrap_quantity"] == sum(facts["scrap"].values())  # type: ignore[attr-defined]
        assert {s["reason_code"]: s["quantity"] for s in row["scrap_by_reason"]} == facts["scrap"]
        assert row["quality"] == pytest.approx(facts["quality"])
        # No calendar on the server, but no break falls in these jobs: the run time is the line's.
        assert row["run_s"] == pytest.approx(view.run_s)
        per_part = products.get(str(facts["product"])).ideal_s_per_part("PRESS-1", line.line)
        assert per_part is not None
        parts = int(facts["good"]) + int(facts["reject"])  # type: ignore[call-overload]
        assert row["ideal_time_s"] == pytest.approx(parts * per_part)
        assert row["performance"] == pytest.approx(min(1.0, parts * per_part / row["run_s"]))
        assert row["oee"] == pytest.approx(
            row["availability"] * row["performance"] * row["quality"]
        )
        assert row["oee"] == pytest.approx(view.oee)
    assert by_job["ORD-1001"]["changeover_s"] is None
    assert by_job["ORD-1002"]["changeover_s"] == pytest.approx(changeover_s)
