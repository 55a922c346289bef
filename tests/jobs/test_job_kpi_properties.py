"""Performance per product and job under any sequence of jobs, counts and stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.events import EventKind, EventRevision, Source, Stamp, first_revision
from shopfloor_core.domain.kpi import (
    Counts,
    ProductParts,
    classifier,
    machine_kpi,
    performance_shares,
)
from shopfloor_core.domain.timeline import Interval

CATALOGUE = bundled_catalogue()
CLASSIFY = classifier(CATALOGUE)
START = datetime(2026, 3, 11, 6, tzinfo=UTC)
STAMP = Stamp("pc", "VAL", "A", "L1", "Europe/Madrid")
# Unplanned, planned (changeover) and not yet named stops.
STOP_CODES = ["EQP.MEC.JAM", "PLN.CHG.PRD", None, "MAT.SHT"]
MACHINE_CYCLE_S = 2.0

products = st.sampled_from(["BRK-1010", "HNG-0450", "BRK-2040", "HNG-1200"])
segments = st.lists(
    st.tuples(
        products,
        # Ideal seconds per part of this product on this machine, to the millisecond (as the
        # store keeps times), so a run at exactly that rate can be written down.
        st.integers(500, 30_000).map(lambda ms: ms / 1000),
        st.integers(0, 2_000),  # parts made at that rate
        st.integers(0, 1_800),  # stop after it, seconds
        st.sampled_from(STOP_CODES),
        st.integers(0, 50),  # how many of the parts were rejects
    ),
    min_size=1,
    max_size=8,
)


def stop(start: datetime, seconds: int, code: str | None) -> EventRevision:
    return first_revision(
        kind=EventKind.DOWNTIME,
        machine_id="M",
        start_utc=start,
        end_utc=start + timedelta(seconds=seconds),
        reason_code=code,
        catalogue_version=CATALOGUE.version if code else None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author="t",
        recorded_utc=start,
        stamp=STAMP,
    )


def run(
    raw: list[tuple[str, float, int, int, str | None, int]],
) -> tuple[list[ProductParts], list[EventRevision], Interval, dict[str, float]]:
    """Jobs one after another, each making its parts at its own ideal rate, then a stop."""
    cursor = START
    made, stops, run_by_job = [], [], {}
    for i, (product, rate, parts, stop_s, code, rejects) in enumerate(raw):
        job = f"job-{i}"
        rejects = min(rejects, parts)
        made.append(ProductParts(job, product, parts - rejects, rejects, rate))
        # Milliseconds: the store (and so the KPIs) keep times to the millisecond.
        running = timedelta(milliseconds=round(rate * parts * 1000))
        run_by_job[job] = running.total_seconds()
        cursor += running
        if stop_s:
            stops.append(stop(cursor, stop_s, code))
            cursor += timedelta(seconds=stop_s)
    return made, stops, Interval(START, cursor), run_by_job


@settings(max_examples=300, deadline=None)
@given(segments)
def test_products_at_their_own_ideal_rate_are_full_performance(
    raw: list[tuple[str, float, int, int, str | None, int]],
) -> None:
    made, stops, window, run_by_job = run(raw)
    assert window.end is not None
    counts = Counts(sum(p.good for p in made), 0, sum(p.reject for p in made))
    kpi = machine_kpi("M", window, [], stops, counts, MACHINE_CYCLE_S, CLASSIFY, window.end, made)
    if kpi.run_s <= 0:
        assert kpi.performance is None
        return
    # However slow each product is against the machine's own 2 s: no performance loss.
    assert kpi.performance == pytest.approx(1.0, abs=1e-6)
    for share in performance_shares(kpi, by=lambda p: p.job_id, run_s=run_by_job.get):
        if share.own is not None:
            assert share.own == pytest.approx(1.0, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(segments, st.lists(st.floats(0.2, 3.0), min_size=8, max_size=8))
def test_per_product_performance_adds_up_to_the_machines(
    raw: list[tuple[str, float, int, int, str | None, int]], speeds: list[float]
) -> None:
    made, stops, window, _ = run(raw)
    assert window.end is not None
    # The same run, but each product's parts made faster or slower than its rate says.
    made = [
        ProductParts(p.job_id, p.product_code, p.good, p.reject, p.ideal_s_per_part * speeds[i])
        for i, p in enumerate(made)
        if p.ideal_s_per_part is not None
    ]
    counts = Counts(sum(p.good for p in made), 0, sum(p.reject for p in made))
    kpi = machine_kpi("M", window, [], stops, counts, MACHINE_CYCLE_S, CLASSIFY, window.end, made)
    by_product = performance_shares(kpi)
    by_job = performance_shares(kpi, by=lambda p: p.job_id)
    if kpi.run_s <= 0:
        assert all(s.share is None for s in by_product)
        return
    assert kpi.ideal_time_s is not None
    raw_performance = kpi.ideal_time_s / kpi.run_s
    for shares in (by_product, by_job):
        total = sum(s.share or 0.0 for s in shares)
        assert total == pytest.approx(raw_performance, rel=1e-9)
        assert kpi.performance == pytest.approx(min(1.0, total), rel=1e-9)
        assert sum(s.good for s in shares) == kpi.good
        assert sum(s.reject for s in shares) == kpi.reject
