"""Minimum and maximum of each pixel column of a rolling trend, kept up to date incrementally.

A trend shows at most two points per pixel column: the lowest and the highest value in it, so a
spike one sample wide still shows. Recomputing every column on every frame costs in proportion
to the window (an 8-hour window at 10 Hz is 288,000 samples a tag); here the columns sit on a
grid fixed in absolute time (column k covers ``[k * width, (k + 1) * width)``), so scrolling
moves the view by whole columns: each frame folds in only the samples that arrived since the
last one, and the columns that scrolled off are dropped from a ring buffer. A frame costs the
new samples plus one pass over the columns, whatever the window's length.

No Qt here: plain NumPy, tested against a from-scratch reduction.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class ColumnRing:
    """The columns of one curve, from ``newest - columns`` to ``newest`` (the partly shown
    oldest one included).

    A column no sample fell into gives no point (the line joins its neighbours); a column whose
    samples are all NaN (no value: the PLC was not reachable) gives a NaN, which breaks the line.
    """

    def __init__(self, width: float, columns: int) -> None:
        if width <= 0 or columns < 1:
            raise ValueError("a trend needs a positive column width and at least one column")
        self.width = width
        self.columns = columns
        self.size = columns + 1
        self._mins = np.full(self.size, np.inf)
        self._maxs = np.full(self.size, -np.inf)
        self._seen = np.zeros(self.size, dtype=bool)
        self.newest: int | None = None  # the column the view's end falls in
        # Whether the points changed since ``points()`` was last asked: a frame in which no
        # column moved and no minimum or maximum changed need not hand the plot anything.
        self.changed = True

    def column_of(self, t: float) -> int:
        return int(t // self.width)

    def advance(self, end: float) -> None:
        """Scroll so the view ends at ``end``: columns that left the view are forgotten."""
        newest = self.column_of(end)
        if self.newest is None or newest - self.newest >= self.size:
            self._clear(slice(None))
        elif newest > self.newest:
            self._clear(np.arange(self.newest + 1, newest + 1) % self.size)
        else:
            return  # never scrolls back: a view that does is a new ring
        self.newest = newest
        self.changed = True

    def window_of(self, t: FloatArray, v: FloatArray) -> tuple[FloatArray, FloatArray]:
        """The part of sorted samples ``t``, ``v`` that falls in the ring's columns (views)."""
        if self.newest is None:
            return t[:0], v[:0]
        lo = np.searchsorted(t, (self.newest - self.size + 1) * self.width, "left")
        hi = np.searchsorted(t, (self.newest + 1) * self.width, "left")
        return t[lo:hi], v[lo:hi]

    def add(self, t: FloatArray, v: FloatArray) -> None:
        """Fold in samples in time order (NaN: no value); those outside the view are skipped."""
        if self.newest is None or t.size == 0:
            return
        cols = np.floor_divide(t, self.width).astype(np.int64)
        inside = (cols > self.newest - self.size) & (cols <= self.newest)
        if not inside.all():
            cols, v = cols[inside], v[inside]
            if cols.size == 0:
                return
        starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])
        nan = np.isnan(v)
        mins = np.minimum.reduceat(np.where(nan, np.inf, v), starts)
        maxs = np.maximum.reduceat(np.where(nan, -np.inf, v), starts)
        slots = cols[starts] % self.size
        old_mins, old_maxs = self._mins[slots], self._maxs[slots]
        if (
            self.changed
            or not self._seen[slots].all()
            or (mins < old_mins).any()
            or (maxs > old_maxs).any()
        ):
            self.changed = True
            self._mins[slots] = np.minimum(old_mins, mins)
            self._maxs[slots] = np.maximum(old_maxs, maxs)
            self._seen[slots] = True

    def reduced(self) -> tuple[IntArray, FloatArray, FloatArray]:
        """(column, min, max) of each column with samples, oldest first."""
        if self.newest is None:
            return np.empty(0, np.int64), np.empty(0), np.empty(0)
        cols = np.arange(self.newest - self.size + 1, self.newest + 1, dtype=np.int64)
        slots = cols % self.size
        seen = self._seen[slots]
        cols, slots = cols[seen], slots[seen]
        mins, maxs = self._mins[slots], self._maxs[slots]
        empty = np.isposinf(mins)  # seen, but every sample was NaN
        mins[empty] = np.nan
        maxs[empty] = np.nan
        return cols, mins, maxs

    def span(self) -> tuple[float, float]:
        """The view on whole columns: from the oldest column's left edge to the newest's right.

        A view that scrolls by whole columns (a column is a pixel) stays still, and need not be
        repainted, until the next column begins.
        """
        newest = self.newest if self.newest is not None else 0
        return (newest - self.columns + 1) * self.width, (newest + 1) * self.width

    def points(self) -> tuple[FloatArray, FloatArray]:
        """What the curve is given: the min at each column's left edge, the max at its middle."""
        self.changed = False
        cols, mins, maxs = self.reduced()
        left = cols * self.width
        t = np.empty(cols.size * 2)
        v = np.empty(cols.size * 2)
        t[0::2], t[1::2] = left, left + self.width / 2
        v[0::2], v[1::2] = mins, maxs
        return t, v

    def _clear(self, where: slice | IntArray) -> None:
        self._mins[where] = np.inf
        self._maxs[where] = -np.inf
        self._seen[where] = False


def minmax_per_column(
    t: FloatArray, v: FloatArray, t0: float, t1: float, columns: int
) -> tuple[FloatArray, FloatArray]:
    """Sorted samples of the view [t0, t1] reduced from scratch to min and max per column."""
    if columns < 1 or t1 <= t0:
        return np.empty(0), np.empty(0)
    ring = ColumnRing((t1 - t0) / columns, columns)
    ring.advance(t1)
    ring.add(*ring.window_of(t, v))
    return ring.points()
