"""A Pareto chart of losses: bars biggest first, the cumulative share as a line over them.

The widget only draws what it is given (labels already translated, values in minutes), so the
same chart serves the supervisor's shift and the CI engineer's review over many shifts.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from widgets.style import BACKGROUND, TEXT

BAR_COLOUR = "#5a6f8c"  # muted blue-grey: a loss chart is information, not an alarm
PLANNED_COLOUR = "#9a9a9a"  # planned stops in plain grey: they are not losses of availability
LINE_COLOUR = "#1a1a1a"
MAX_BARS = 10  # the vital few; the rest are summed into one bar by the caller if wanted


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
        self.bars: pg.BarGraphItem | None = None
        self.line = pg.PlotDataItem(pen=pg.mkPen(QColor(LINE_COLOUR), width=1), symbol="o")
        self.plot.addItem(self.line)
        self.labels: list[str] = []
        self.values: list[float] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_axis_titles(self, left: str) -> None:
        self.plot.setLabel("left", left)

    def set_bars(
        self, labels: Sequence[str], values: Sequence[float], planned: Sequence[bool] = ()
    ) -> None:
        """Bars in the order given (callers sort biggest first); the line is the running share
        of the total, drawn on the bars' scale so that the top bar's height means 100 %."""
        self.labels = list(labels)[:MAX_BARS]
        self.values = [float(v) for v in values][:MAX_BARS]
        if self.bars is not None:
            self.plot.removeItem(self.bars)
            self.bars = None
        if not self.values:
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
        top = max(self.values)
        running, shares = 0.0, []
        for value in self.values:
            running += value
            shares.append(running / total * top)
        self.line.setData(xs, shares)
        self.plot.getAxis("bottom").setTicks([[(i, _short(t)) for i, t in enumerate(self.labels)]])
        self.plot.setXRange(-0.6, len(self.values) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.05, padding=0)


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
