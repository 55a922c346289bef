"""The dashboards' and the maturity gate's weekly figures, read for every line and week at once
(``weekly_oee``), are the regional summary's figures for each plant and week, on each database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from regional_server import dashboards, maturity, records, summary, weekly_oee
from regional_server.database import Connections
from shopfloor_core.contract import EVENT_REVISION
from shopfloor_core.domain.events import EventKind, Source, Stamp, first_revision
from shopfloor_core.revision_rows import revision_to_row
from tests.conftest import server_backends
from tests.regional_web.conftest import START
from tests.regional_web.simulated_region import simulate
from tests.regional_web.stops import store_as_line_pc

PLANTS = ["VAL", "ZAR"]
KPIS = ("availability", "performance", "quality")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # One region per database of --server-db, shared by this module's tests (it takes seconds).
    if "region" in metafunc.fixturenames:
        metafunc.parametrize(
            "server_backend", server_backends(metafunc.config), indirect=True, scope="module"
        )


@pytest.fixture(scope="module")
def region(new_database: Callable[[str], str | Path]) -> Iterator[Connections]:
    connections = Connections(new_database("weeks"))
    simulate(
        connections, dashboards.window_end(START), names=PLANTS, lines=2, weeks=3, stops_a_day=4
    )
    # A stop still going for three days: its hours are worked out from the records, not the
    # rollups (a rollup holds only stops that ended).
    going = first_revision(
        kind=EventKind.DOWNTIME,
        machine_id="PRESS-1",
        start_utc=START - timedelta(days=3, minutes=20),
        end_utc=None,
        reason_code=None,
        catalogue_version=None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author="plc",
        recorded_utc=START - timedelta(days=3),
        stamp=Stamp(device="PC-VAL", plant="VAL", area="A1", line="L1", zone="Europe/Madrid"),
    )
    with connections.write() as conn:
        incoming = [records.Incoming(EVENT_REVISION, going.revision_id, revision_to_row(going))]
        store_as_line_pc(
            conn, "VAL", incoming, issued=START - 30 * 7 * timedelta(days=1), received=START
        )
    yield connections
    connections.close()


def spans_of(kind: str, conn: object) -> list[tuple[datetime, datetime]]:
    if kind == "dashboards":  # whole UTC days, ended: the rollups only
        return dashboards.weeks(START, 3)
    if kind == "maturity":  # up to now (09:17): parts of hours at both ends
        return maturity.Measures(conn, "VAL", START).weeks(3)  # type: ignore[arg-type]
    # Shorter than an hour, and one reaching past now.
    return [
        (START - timedelta(minutes=50), START - timedelta(minutes=5)),
        (START - timedelta(days=1), START + timedelta(days=1)),
    ]


@pytest.mark.parametrize("kind", ["dashboards", "maturity", "odd"])
def test_each_lines_weekly_figures_are_the_summarys(region: Connections, kind: str) -> None:
    with region.read() as conn:
        spans = spans_of(kind, conn)
        found = weekly_oee.line_weeks(conn, spans, START)
        compared = 0
        for week, (start, end) in enumerate(spans):
            for plant in PLANTS:
                for entry in summary.summary(conn, start, end, START, plant=plant):
                    mine = found[(plant, entry["line"])][week]
                    assert mine["oee"]["value"] == pytest.approx(entry["oee"]["value"])
                    for kpi in KPIS:
                        assert mine[kpi] == pytest.approx(entry[kpi]), (kpi, plant, start)
                    assert mine["catalogue_version"] == entry["catalogue_version"]
                    assert mine["shift_calendar"] == entry["shift_calendar"]
                    compared += entry["oee"]["value"] is not None
    assert len(found) == len(PLANTS) * 2
    assert compared >= len(PLANTS) * 2  # figures, not only empty weeks


def test_the_gates_trend_reads_the_same_weeks_for_the_region_or_one_plant(
    region: Connections,
) -> None:
    gate = {"measure": "oee_weekly_slope", "op": "above", "value": 0, "weeks": 3}
    with region.read() as conn:
        shared = weekly_oee.RegionWeeks(conn, START)
        for plant in PLANTS:
            alone = maturity.Measures(conn, plant, START).measure(gate)
            together = maturity.Measures(conn, plant, START, shared).measure(gate)
            assert together == alone
            weeks = maturity.Measures(conn, plant, START).weeks(3)
            for (start, end), shown in zip(weeks, alone.detail, strict=True):
                oee = [
                    e["oee"]["value"]
                    for e in summary.summary(conn, start, end, START, plant=plant)
                    if e["oee"]["value"] is not None
                ]
                expected = pytest.approx(sum(oee) / len(oee)) if oee else None
                assert shown.values == {"week": start.isoformat()[:10], "oee": expected}
