"""Incremental min/max per pixel column against a plain from-scratch reduction."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.trend_columns import ColumnRing

WIDTH = 0.5
COLUMNS = 20


def from_scratch(samples: list[tuple[float, float]], end: float) -> dict[int, tuple[float, float]]:
    """Every column of the view ending at ``end`` that holds samples: (min, max), NaN if none
    of its samples has a value. Plain Python, one sample at a time."""
    newest = math.floor(end / WIDTH)
    columns: dict[int, list[float]] = {}
    for t, v in samples:
        k = math.floor(t / WIDTH)
        if newest - COLUMNS <= k <= newest:
            columns.setdefault(k, []).append(v)
    out = {}
    for k, values in columns.items():
        finite = [v for v in values if not math.isnan(v)]
        out[k] = (min(finite), max(finite)) if finite else (math.nan, math.nan)
    return out


def as_dict(ring: ColumnRing) -> dict[int, tuple[float, float]]:
    cols, mins, maxs = ring.reduced()
    assert np.all(np.diff(cols) > 0)
    return {int(k): (float(a), float(b)) for k, a, b in zip(cols, mins, maxs, strict=True)}


def same(a: dict[int, tuple[float, float]], b: dict[int, tuple[float, float]]) -> bool:
    if a.keys() != b.keys():
        return False
    return all(
        (x == y) or (math.isnan(x) and math.isnan(y))
        for k in a
        for x, y in zip(a[k], b[k], strict=True)
    )


values = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.just(math.nan),  # the PLC was not reachable
)
# Each step: samples arriving (gaps between them in seconds, and values), then a frame whose end
# scrolls on by some seconds (often less than a column, sometimes past the whole view).
steps = st.lists(
    st.tuples(
        st.lists(st.tuples(st.floats(0.001, 2.0), values), max_size=15),
        st.one_of(st.floats(0.0, 1.0), st.floats(0.0, 15.0)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=400, deadline=None)
@given(st.floats(1000.0, 2e9), steps)
def test_incremental_columns_equal_a_reduction_from_scratch(
    start: float, frames: list[tuple[list[tuple[float, float]], float]]
) -> None:
    ring = ColumnRing(WIDTH, COLUMNS)
    samples: list[tuple[float, float]] = []
    t = end = start
    ring.advance(end)
    shown: dict[int, tuple[float, float]] = {}
    for arriving, scroll in frames:
        new = []
        for gap, v in arriving:
            t += gap
            new.append((t, v))
        samples += new
        # A rolling view ends at the clock or the newest sample, whichever is later.
        end = max(end + scroll, t)
        ring.advance(end)
        ring.add(np.array([s[0] for s in new]), np.array([s[1] for s in new]))
        expected = from_scratch(samples, end)
        assert same(as_dict(ring), expected)
        # A frame that skips the plot must have nothing new to show.
        if not same(expected, shown):
            assert ring.changed
        if ring.changed:
            ring.points()
            shown = expected


def test_a_spike_one_sample_wide_and_an_outage_both_show() -> None:
    ring = ColumnRing(1.0, 100)
    t = np.arange(0.0, 100.0, 0.1)
    v = np.zeros_like(t)
    v[503] = 9.0
    v[700:720] = np.nan
    ring.advance(99.95)
    for lo in range(0, t.size, 7):  # in uneven batches, as polls arrive
        ring.add(t[lo : lo + 7], v[lo : lo + 7])
    points_t, points_v = ring.points()
    assert np.nanmax(points_v) == 9.0
    assert np.isnan(points_v).sum() == 4  # columns 70 and 71: min and max each
    assert points_t.size == 200
