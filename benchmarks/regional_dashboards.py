"""The dashboards over a simulated region: 10 plants x 2 lines, 8 weeks of records pushed through
the server's own checks (``tests/regional_web/simulated_region.py``), then each page's reading
(everything the page computes: weekly summaries, Pareto, data quality, adoption, fleet) and its
template, median of 5 after one warm-up. Goal: under 1 s a page.

    python benchmarks/regional_dashboards.py [plants] [lines] [database URL]

A database URL that already holds a region (a file kept from an earlier run) is read as it is.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from regional_server import dashboards, maturity, weekly_oee  # noqa: E402
from regional_server.database import (  # noqa: E402
    POSTGRESQL,
    Connection,
    Connections,
    database_url,
    migrate,
)
from regional_server.plants import known_plants  # noqa: E402
from regional_server.web import dashboard_pages, render  # noqa: E402
from regional_server.web.i18n import Translator  # noqa: E402
from tests.regional_web.simulated_region import plant_code, simulate  # noqa: E402

NOW = datetime(2026, 3, 11, 9, 17, tzinfo=UTC)
REPEATS = 5


@dataclass
class Reader:
    """What the page's reading needs of a visit: the instant and the language."""

    now: datetime
    translate: Translator

    def may(self, *_args: object, **_kwargs: object) -> bool:
        return True  # the region's page: a champion's view


def backend_cpu(conn: Connection) -> float:
    """CPU seconds so far of the PostgreSQL backend serving ``conn`` when it runs on this
    machine (its /proc entry); 0 on SQLite, whose work is this process's."""
    if conn.dialect != POSTGRESQL:
        return 0.0
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return 0.0
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def report(label: str, times: list[float], cpu: list[float], db: list[float]) -> None:
    # CPU beside the wall time: on a shared machine the wall time is mostly other people's
    # work. This process's CPU (on SQLite the whole reading) and the database backend's.
    print(
        f"{label}: median {statistics.median(times[1:]) * 1000:.0f} ms, "
        f"max {max(times[1:]) * 1000:.0f} ms, first {times[0] * 1000:.0f} ms; CPU medians: "
        f"app {statistics.median(cpu[1:]) * 1000:.0f} ms, "
        f"database {statistics.median(db[1:]) * 1000:.0f} ms"
    )


def main() -> None:
    plants = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    lines = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    folder = tempfile.mkdtemp()
    url = database_url(sys.argv[3] if len(sys.argv) > 3 else f"{folder}/region.db")
    migrate(url)
    connections = Connections(url)
    with connections.read() as conn:
        held = int(conn.execute("SELECT count(*) FROM records").fetchone()[0])
    if held:
        codes = [plant_code(i) for i in range(plants)]
        print(f"{url.dialect}: the region already stored, {held:,} records")
    else:
        began = time.perf_counter()
        region = simulate(connections, dashboards.window_end(NOW), plants=plants, lines=lines)
        codes = region.plants
        print(
            f"{url.dialect}: {plants} plants x {lines} lines, {dashboards.WEEKS} weeks: "
            f"{region.records:,} records stored in {time.perf_counter() - began:.0f} s"
        )
    reader = Reader(NOW, Translator("en"))
    template = render.ENVIRONMENT.get_template("dashboard.html")
    first = codes[0]
    pages = {
        "/dashboards": {},
        f"/dashboards/{first}": {"plant": first},
        f"/dashboards/{first}/lines/L1": {"plant": first, "line": "L1"},
    }
    for path, scope in pages.items():
        times, cpu, db = [], [], []
        for _ in range(REPEATS + 1):
            start, spent = time.perf_counter(), time.process_time()
            with connections.read() as conn:
                served = backend_cpu(conn)
                values = dashboard_pages._context(conn, reader, **scope)  # type: ignore[arg-type]
                db.append(backend_cpu(conn) - served)
            template.render(
                _=reader.translate,
                lang="en",
                languages=[],
                visit=reader,
                person=None,
                csrf="",
                menu=[],
                here=path,
                role_name=render.ROLE_NAMES,
                level="line" if "line" in scope else "plant" if scope else "region",
                plant=scope.get("plant"),
                line=scope.get("line"),
                **values,
            )
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - spent)
        report(path, times, cpu, db)
    # The maturity ranking (/maturity) reads as its page does, up to each plant's next level;
    # "every gate" measures all levels, as the ranking will once plants are past "clean data"
    # (the OEE trend of 8 weekly summaries is then measured for every plant).
    for label, up_to_next in (("/maturity", True), ("/maturity, every gate", False)):
        times, cpu, db = [], [], []
        for _ in range(REPEATS + 1):
            start, spent = time.perf_counter(), time.process_time()
            with connections.read() as conn:
                served = backend_cpu(conn)
                model = maturity.model_in_force(conn)
                shared = weekly_oee.RegionWeeks(conn, NOW)  # as the page reads it
                found = [
                    maturity.evaluate(conn, p, NOW, model, up_to_next=up_to_next, region=shared)
                    for p in known_plants(conn)
                ]
                db.append(backend_cpu(conn) - served)
            maturity.ranked_for_next_step(found, model)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - spent)
        report(label, times, cpu, db)
    connections.close()


if __name__ == "__main__":
    main()
