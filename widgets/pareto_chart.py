"""A Pareto chart of losses: bars biggest first, the cumulative share as a line over them.

The widget only draws what it is given (labels already translated, values in minutes), so the
same chart serves the supervisor's shift and the CI engineer's review over many shifts. The
cumulative line has its own 0–100 % scale on the right. Each bar's label is wrapped onto at
most two lines of the bar's width and shortened with "…" only when that is not enough: pyqtgraph
would otherwise drop or overlap labels wider than their slot.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.style import BACKGROUND, TEXT

BAR_COLOUR = "#5a6f8c"  # muted blue-grey: a loss chart is information, not an alarm
PLANNED_COLOUR = "#9a9a9a"  # planned stops in plain grey: they are not losses of availability
LINE_COLOUR = "#1a1a1a"
MAX_BARS = 10  # the vital few; the rest are summed into one bar by the caller if wanted
LABEL_LINES = 2
SLOT_GAP_PX = 6  # between the labels of neighbouring bars
SHARE_TICKS = (0, 25, 50, 75, 100)
HEADROOM = 1.05  # above the top bar, and above 100 % on the right: the two tops line up


def fit_label(text: str, metrics: QFontMetrics, width: int, lines: int = LABEL_LINES) -> str:
    """``text`` wrapped at spaces onto at most ``lines`` lines of ``width`` px; the last line
    elided with "…" when the words do not fit."""
    words = text.split()
    out: list[str] = []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if metrics.horizontalAdvance(line) > width:
            # One word longer than the slot: it becomes the last line, elided.
            words.insert(0, line)
            break
        out.append(line)
    if words:
        rest = " ".join(words)
        out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max(width, 1)))
    return "\n".join(out)


class ParetoChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg.setConfigOptions(background=BACKGROUND, foreground=TEXT, antialias=False)
        self.view = pg.PlotWidget(self)
        self.plot = self.view.getPlotItem()
        self.plot.setMouseEnabled(x=False, y=False)  # touch: no accidental pans and zooms
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showGrid(y=True, alpha=0.3)
        # "Minutes (x0.001)" helps nobody: the values are minutes whatever their size.
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.font_ = QFont(self.font())
        self.metrics = QFontMetrics(self.font_)
        bottom = self.plot.getAxis("bottom")
        bottom.setStyle(tickFont=self.font_, tickTextOffset=4)
        bottom.setHeight(self.metrics.lineSpacing() * LABEL_LINES + 16)
        # The cumulative share on its own view, linked in x, scaled 0–100 % on the right.
        self.share_view = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.plot.showAxis("right")
        self.plot.scene().addItem(self.share_view)
        right = self.plot.getAxis("right")
        right.linkToView(self.share_view)
        right.setStyle(tickFont=self.font_)
        right.setTicks([[(v, f"{v} %") for v in SHARE_TICKS]])
        right.setWidth(self.metrics.horizontalAdvance("100 %") + 16)
        self.share_view.setXLink(self.plot)
        self.share_view.setYRange(0, 100 * HEADROOM, padding=0)
        self.plot.vb.sigResized.connect(self._align_views)
        self.bars: pg.BarGraphItem | None = None
        self.line = pg.PlotDataItem(pen=pg.mkPen(QColor(LINE_COLOUR), width=2), symbol="o")
        self.share_view.addItem(self.line)
        self.labels: list[str] = []
        self.values: list[float] = []
        self.shares: list[float] = []
        self.tick_texts: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_axis_titles(self, left: str, right: str = "") -> None:
        self.plot.setLabel("left", left)
        if right:
            self.plot.setLabel("right", right)

    def set_bars(
        self, labels: Sequence[str], values: Sequence[float], planned: Sequence[bool] = ()
    ) -> None:
        """Bars in the order given (callers sort biggest first); the line is the running share
        of the total, on the right-hand scale."""
        self.labels = list(labels)[:MAX_BARS]
        self.values = [float(v) for v in values][:MAX_BARS]
        if self.bars is not None:
            self.plot.removeItem(self.bars)
            self.bars = None
        if not self.values:
            self.shares = []
            self.line.setData([], [])
            self.plot.getAxis("bottom").setTicks([[]])
            return
        flags = list(planned)[: len(self.values)] + [False] * len(self.values)
        brushes = [
            pg.mkBrush(PLANNED_COLOUR if flags[i] else BAR_COLOUR) for i in range(len(self.values))
        ]
        xs = list(range(len(self.values)))
        self.bars = pg.BarGraphItem(x=xs, height=self.values, width=0.7, brushes=brushes)
        self.plot.addItem(self.bars)
        total = sum(values) or 1.0
        running, self.shares = 0.0, []
        for value in self.values:
            running += value
            self.shares.append(running / total * 100)
        self.line.setData(xs, self.shares)
        self.plot.setXRange(-0.6, len(self.values) - 0.4, padding=0)
        self.plot.setYRange(0, max(self.values) * HEADROOM, padding=0)
        self._fit_labels()

    def slot_px(self) -> int:
        """The width one bar's label may take: the plot's width shared by the bars."""
        span = len(self.values) + 0.2 if self.values else 1.0
        return max(int(self.plot.vb.width() / span) - SLOT_GAP_PX, 1)

    def _fit_labels(self) -> None:
        width = self.slot_px()
        self.tick_texts = [fit_label(t, self.metrics, width) for t in self.labels]
        self.plot.getAxis("bottom").setTicks([list(enumerate(self.tick_texts))])

    def _align_views(self) -> None:
        self.share_view.setGeometry(self.plot.vb.sceneBoundingRect())
        self.share_view.linkedViewChanged(self.plot.vb, self.share_view.XAxis)
        if self.labels:
            self._fit_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._align_views()
