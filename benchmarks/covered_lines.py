"""The Lines screen's query over an area's pulled records, against the JSON scan it replaces.

A supervisor station's store receives, page by page through ``SyncState.save_pulled`` (the
path a sync round takes), two weeks of downtime events from the other stations of an area:
six lines, each stop with two revisions (started, then named). Then, same run:

- *view*: ``covered_lines`` over the current 8-hour shift: the newest revision of each
  overlapping event from ``pulled_events``, per-line figures, labels.
- *JSON scan*: the same newest-revision-per-event answer computed from ``regional_records``
  alone (``json_extract`` and a window function over every pulled record), as the view would
  have to do without the ``pulled_events`` projection.

Also prints the ingest rate of pulled pages (records/s, projection included). The query runs
on the store thread, which every capture waits behind, so its time is what an operator could
feel.

    python benchmarks/covered_lines.py [events]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from figures import record  # benchmarks/figures.py, beside this script

from local_store import EventStore
from operator_app.services.covered_lines import covered_lines
from shopfloor_core.contract import EVENT_REVISION, PulledRecord
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.events import Change, EventKind, Source, Stamp, first_revision, revise
from shopfloor_core.revision_rows import revision_to_row
from sync.state import SyncState

LINES = 6
PAGE = 500
REASONS = ("EQP.MEC.JAM", "MAT.SHT", "OPS.ADJ", "PLN.CHG.PRD", "FLW.STV", "UTL.AIR")


def pulled_history(events: int, now: datetime) -> list[PulledRecord]:
    """``events`` stops spread over two weeks on six lines, two revisions each."""
    span = timedelta(days=14)
    out: list[PulledRecord] = []
    cursor = 0
    for i in range(events):
        line = f"L{i % LINES + 1}"
        stamp = Stamp(device=f"{line}-PC", plant="VAL", area="PRESS", line=line, zone="UTC")
        start = now - span + span * i / events
        first = first_revision(
            kind=EventKind.DOWNTIME,
            machine_id=f"{line}-M{i % 3 + 1}",
            start_utc=start,
            end_utc=start + timedelta(minutes=3 + i % 20),
            reason_code=None,
            catalogue_version=None,
            quantity=None,
            note="",
            source=Source.MACHINE,
            author="system",
            recorded_utc=start,
            stamp=stamp,
        )
        named = revise(
            first,
            change=Change.CATEGORIZED,
            author="op-1",
            recorded_utc=start + timedelta(minutes=1),
            reason_code=REASONS[i % len(REASONS)],
            catalogue_version="2026.11-R1",
        )
        for revision in (first, named):
            cursor += 1
            out.append(
                PulledRecord(
                    cursor,
                    EVENT_REVISION,
                    revision.revision_id,
                    stamp.device,
                    "VAL",
                    "PRESS",
                    line,
                    revision_to_row(revision),
                )
            )
    return out


JSON_SCAN = """
SELECT payload FROM (
    SELECT payload, json_extract(payload, '$.start_utc') AS s,
           json_extract(payload, '$.end_utc') AS e,
           row_number() OVER (PARTITION BY json_extract(payload, '$.event_id')
                              ORDER BY json_extract(payload, '$.seq') DESC) AS newest
    FROM regional_records WHERE kind = 'event_revision'
) WHERE newest = 1 AND s < ? AND (e IS NULL OR e > ?)
"""


def timed(action: object, repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    now = datetime.now(UTC).replace(microsecond=0)
    history = pulled_history(events, now)
    catalogue = bundled_catalogue()
    with tempfile.TemporaryDirectory() as folder:
        store = EventStore.open(Path(folder) / "station.sqlite3")
        state = SyncState(store)
        began = time.perf_counter()
        for start in range(0, len(history), PAGE):
            page = history[start : start + PAGE]
            state.save_pulled(page, page[-1].cursor)
        ingest_s = time.perf_counter() - began
        start = now - timedelta(hours=8)
        shown = covered_lines(store, catalogue, start, now)
        view_ms = timed(lambda: covered_lines(store, catalogue, start, now), 20)
        iso = [now.strftime("%Y-%m-%dT%H:%M:%S.000Z"), start.strftime("%Y-%m-%dT%H:%M:%S.000Z")]
        scanned = store.db.execute(JSON_SCAN, iso).fetchall()
        scan_ms = timed(lambda: store.db.execute(JSON_SCAN, iso).fetchall(), 5)
        store.close()
    rate = len(history) / ingest_s
    stops = sum(line.stops for line in shown.lines)
    print(f"pulled records             {len(history):>10,} ({events:,} stops, {LINES} lines)")
    print(f"ingest, projection incl.   {rate:>10,.0f} records/s")
    print(f"stops in the 8 h window    {stops:>10,} (JSON scan finds {len(scanned):,})")
    print(f"Lines view (median of 20)  {view_ms:>10.1f} ms")
    print(f"JSON scan (median of 5)    {scan_ms:>10.1f} ms")
    print(f"ratio                      {view_ms / scan_ms:>10.3f}")
    record(
        "covered_lines",
        f"Lines view, 8 h of {len(history):,} pulled records",
        view_ms,
        "ms",
        baseline=scan_ms,
        baseline_name="newest revision by JSON scan",
    )
    record("covered_lines", "pulled page ingest", rate, "records/s")


if __name__ == "__main__":
    main()
