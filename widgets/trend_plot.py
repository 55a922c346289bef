"""Live trends that cost the line PC little: a steady frame rate, never more points than pixels.

Samples go into growing NumPy buffers as they arrive; nothing is drawn then. A timer redraws
at a fixed frame rate, and each curve is handed the minimum and maximum of every pixel column
of the visible window, so a spike one sample wide still shows and the plot gets at most two
points per pixel whatever the window holds. Those columns are kept incrementally
(``widgets.trend_columns``): a frame folds in the samples that arrived since the last one, so
its cost does not grow with the window's length. Each tag has its own row with its own unit and
limit lines; the rows share one time axis.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.style import BACKGROUND, BORDER, TEXT
from widgets.trend_columns import ColumnRing

FRAME_INTERVAL_MS = 200  # 5 frames a second: enough for values that change over seconds
CURVE_COLOUR = "#1f3f6e"  # dark blue on grey: readable, not an alarm colour
LIMIT_COLOUR = "#b04a00"
# A row below this height cannot show a title, three value labels and a curve one can read.
MIN_ROW_PX = 120
# The shared time axis under the last row, and the layout's spacing around the rows.
TIME_AXIS_PX = 40
ROW_SPACING_PX = 8
# A window shorter than this is widened to it: one sample must not fill the whole width.
MIN_SPAN_S = 60.0

FloatArray = NDArray[np.float64]


@dataclass
class _Series:
    label: str
    plot: pg.PlotItem
    curve: pg.PlotDataItem
    t: FloatArray = field(default_factory=lambda: np.empty(1024))
    v: FloatArray = field(default_factory=lambda: np.empty(1024))
    size: int = 0
    # The pixel columns of the view, and how many samples of ``t``/``v`` are folded into them.
    ring: ColumnRing | None = None
    folded: int = 0
    points: int = 0  # handed to the curve at the last change

    def columns_for(self, t0: float, t1: float, columns: int) -> ColumnRing:
        """The columns of the view [t0, t1], carried over from the last frame when its grid holds.

        A rolling window keeps its column width as it scrolls, so only the samples that arrived
        since are folded in; a new width (window or size changed, or a view still growing
        because the history is shorter than the window) starts the columns afresh.
        """
        width = (t1 - t0) / columns
        ring = self.ring
        if (
            ring is None
            or ring.columns != columns
            or not math.isclose(ring.width, width, rel_tol=1e-6)
            or (ring.newest is not None and ring.column_of(t1) < ring.newest)
        ):
            ring = self.ring = ColumnRing(width, columns)
            ring.advance(t1)
            ring.add(*ring.window_of(self.t[: self.size], self.v[: self.size]))
        else:
            ring.advance(t1)
            ring.add(self.t[self.folded : self.size], self.v[self.folded : self.size])
        self.folded = self.size
        return ring

    def append(self, t: float, v: float) -> None:
        if self.size and t <= self.t[self.size - 1]:
            return  # not newer: a value re-sent unchanged, or out of order
        if self.size == self.t.size:
            self.t = np.resize(self.t, self.size * 2)
            self.v = np.resize(self.v, self.size * 2)
        self.t[self.size], self.v[self.size] = t, v
        self.size += 1

    def replace(self, t: FloatArray, v: FloatArray) -> None:
        n = t.size
        capacity = max(1024, 1 << int(np.ceil(np.log2(max(n, 1) * 2))))
        self.t, self.v = np.empty(capacity), np.empty(capacity)
        self.t[:n], self.v[:n] = t, v
        self.size = n
        self.ring = None  # history may reach into columns already reduced


class ValueAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """A value axis with one label per text line of height at most, on round steps.

    pyqtgraph spaces ticks for tall plots; in a trend row 60 px high its labels overlap.
    """

    LABEL_PX = 28

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        span = maxVal - minVal
        if not math.isfinite(span) or span <= 0 or size <= 0:
            return list(super().tickValues(minVal, maxVal, size))
        wanted = span / max(2, int(size // self.LABEL_PX))
        magnitude = 10 ** math.floor(math.log10(wanted))
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= wanted)
        first = math.ceil(minVal / step) * step
        count = int((maxVal - first) // step) + 1
        return [(step, [first + i * step for i in range(count)])]


def rows_that_fit(height_px: int) -> int:
    """How many trend rows stay readable (``MIN_ROW_PX`` each) in a plot this high; at least 1."""
    usable = height_px - TIME_AXIS_PX
    return max(1, usable // (MIN_ROW_PX + ROW_SPACING_PX))


class TrendPlot(QWidget):
    """Rows of curves over a shared time axis (seconds since the epoch, shown local).

    Signals:
        capacity_changed(rows): the number of rows that stay readable changed with the size.
    """

    capacity_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        frame_ms: int = FRAME_INTERVAL_MS,
        clock: Callable[[], float] = time.time,
    ):
        super().__init__(parent)
        self.clock = clock
        self.capacity = 1
        # Must precede the first plot: pyqtgraph's default is a black background.
        pg.setConfigOptions(background=BACKGROUND, foreground=TEXT, antialias=False)
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground(BACKGROUND)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.series: dict[str, _Series] = {}
        self.window_s = 3600.0
        # pyqtgraph's convention (seconds west of UTC); None would use the PC's own zone.
        self._utc_offset_west_s: int | None = None
        self.end: float | None = None  # None: follow the newest sample (rolling)
        self.points_drawn = 0
        self.frames = 0
        self._span: tuple[float, float] | None = None  # the time range on screen
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setInterval(frame_ms)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()

    # -- series ---------------------------------------------------------------------------------
    def set_utc_offset(self, east_of_utc_s: int) -> None:
        """Label the time axis in the plant's time, whatever zone the PC itself is set to.

        Takes effect at the next ``set_series``, which builds the axes.
        """
        self._utc_offset_west_s = -east_of_utc_s

    def set_series(self, keys: list[tuple[str, str, float | None, float | None]]) -> None:
        """(key, axis label with unit, low, high) per row, top to bottom; replaces all rows."""
        self.view.clear()
        old = self.series
        self.series = {}
        first: pg.PlotItem | None = None
        axis_width = QFontMetrics(self.font()).horizontalAdvance("−8,888,888") + 16
        for row, (key, label, low, high) in enumerate(keys):
            axis = pg.DateAxisItem(orientation="bottom", utcOffset=self._utc_offset_west_s)
            plot = self.view.addPlot(
                row=row, col=0, axisItems={"bottom": axis, "left": ValueAxis("left")}
            )
            plot.setMouseEnabled(x=False, y=False)  # touch: no accidental pans and zooms
            # The time range is set (on the first row, the others linked to it) only when it
            # moves; a row left to range itself would pull the linked rows to its data.
            plot.enableAutoRange(x=False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            # No grid: pyqtgraph draws grid lines as part of the axes, and repainting them on
            # every frame of a rolling window cost more than the curves themselves.
            plot.setClipToView(True)
            # The label (unit included: pyqtgraph would add SI prefixes to an axis unit) is a
            # title above the row; a rotated axis label does not fit a short row.
            plot.setTitle(label, justify="left", size="13pt", color=TEXT)
            left = plot.getAxis("left")
            # Every row's axis is as wide as the widest number it may show, so the rows line up
            # and pyqtgraph does not drop labels that would spill over a narrower axis.
            left.setWidth(axis_width)

            if first is None:
                first = plot
            else:
                plot.setXLink(first)
            for limit in (low, high):
                if limit is not None:
                    line = pg.InfiniteLine(
                        pos=limit,
                        angle=0,
                        pen=pg.mkPen(QColor(LIMIT_COLOUR), width=1, style=pg.QtCore.Qt.DashLine),
                    )
                    plot.addItem(line)
            curve = plot.plot(pen=pg.mkPen(QColor(CURVE_COLOUR), width=1), connect="finite")
            series = _Series(label, plot, curve)
            if key in old:
                series.replace(old[key].t[: old[key].size], old[key].v[: old[key].size])
            self.series[key] = series
        # One time axis, under the last row: the rows share it (and each axis costs a repaint).
        plots = [series.plot for series in self.series.values()]
        for plot in plots[:-1]:
            plot.hideAxis("bottom")
        self.view.ci.setBorder(pg.mkPen(BORDER))
        self._span = None
        self._dirty = True

    def append(self, key: str, t: float, value: float | None) -> None:
        series = self.series.get(key)
        if series is not None:
            series.append(t, np.nan if value is None else float(value))
            self._dirty = True

    def set_history(self, key: str, t: FloatArray, v: FloatArray) -> None:
        """Stored history for ``key`` followed by whatever arrived live after it."""
        series = self.series.get(key)
        if series is None:
            return
        live_t, live_v = series.t[: series.size], series.v[: series.size]
        newer = live_t > (t[-1] if t.size else -np.inf)
        series.replace(np.r_[t, live_t[newer]], np.r_[v, live_v[newer]])
        self._dirty = True

    def set_window(self, seconds: float, end: float | None = None) -> None:
        self.window_s, self.end = seconds, end
        self._dirty = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        capacity = rows_that_fit(event.size().height())
        if capacity != self.capacity:
            self.capacity = capacity
            self.capacity_changed.emit(capacity)
        self._dirty = True

    # -- drawing --------------------------------------------------------------------------------
    def visible_range(self) -> tuple[float, float]:
        """The window up to now (or ``end``); from the oldest sample on when there is less.

        A rolling window follows the clock, not the newest sample: a machine that stopped
        sending shows the time since as empty, and a value that has existed for ten minutes
        fills the width instead of a strip at the right of an hour.
        """
        sizes = [s for s in self.series.values() if s.size]
        newest = max((s.t[s.size - 1] for s in sizes), default=-math.inf)
        end = self.end if self.end is not None else max(self.clock(), newest)
        start = end - self.window_s
        oldest = min((s.t[0] for s in sizes), default=start)
        if oldest > start:
            start = min(oldest, end - MIN_SPAN_S)
        return start, end

    def redraw(self) -> None:
        if not self._dirty or not self.series:
            return
        self._dirty = False
        span = self._draw(*self.visible_range())
        # The rows share the first one's time axis: one range for all, set when it moves.
        if span != self._span:
            self._span = span
            next(iter(self.series.values())).plot.setXRange(*span, padding=0)
        self.frames += 1

    def _draw(self, t0: float, t1: float) -> tuple[float, float]:
        """Hand each curve what changed of the view [t0, t1]; the time range to show."""
        total = 0
        span = (t0, t1)
        for series in self.series.values():
            columns = max(int(series.plot.vb.width()), 100)
            ring = series.columns_for(t0, t1, columns)
            if ring.changed:
                t, v = ring.points()
                series.curve.setData(t, v)
                series.points = t.size
            total += series.points
            span = ring.span()
        self.points_drawn = total
        return span

    def stop(self) -> None:
        self._timer.stop()
