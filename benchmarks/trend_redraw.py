"""Cost of redrawing 8 tags x 1 h at 10 Hz: our min/max-per-pixel plot vs pyqtgraph's own.

Both plots show the same 8 curves of 36,000 points each in windows of the same size, fed by
the same 10 Hz samples for the same time. The baseline hands pyqtgraph every point with its
own peak downsampling and clip-to-view on (the recommended settings) and redraws per sample
batch; ours redraws on its 5 fps timer with at most two points per pixel column.

    QT_QPA_PLATFORM=offscreen python benchmarks/trend_redraw.py [seconds]
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from widgets.trend_plot import TrendPlot

TAGS = 8
RATE_HZ = 10
HOUR = 3600
SIZE = (1280, 800)


def history() -> tuple[np.ndarray, list[np.ndarray]]:
    t = time.time() - HOUR + np.arange(HOUR * RATE_HZ) / RATE_HZ
    rng = np.random.default_rng(1)
    values = [np.cumsum(rng.normal(0, 0.1, t.size)) + 50 for _ in range(TAGS)]
    return t, values


def run(app: QApplication, seconds: float, build, feed) -> tuple[float, float, int]:
    """Seconds of wall and CPU time per second, and frames, while fed at 10 Hz."""
    frames = [0]
    build(frames)
    app.processEvents()
    tick = QTimer()
    tick.setInterval(1000 // RATE_HZ)
    tick.timeout.connect(feed)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    tick.start()
    # The event loop idles between timers, as in the app: CPU is only what the work costs.
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    tick.stop()
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    return cpu / wall, wall, frames[0]


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    t, values = history()

    # -- ours ------------------------------------------------------------------------------------
    ours = TrendPlot(frame_ms=200)
    ours.resize(*SIZE)
    frame_times: list[float] = []

    def build_ours(frames: list[int]) -> None:
        ours.set_series([(f"t{i}", f"Tag {i}", None, None) for i in range(TAGS)])
        for i in range(TAGS):
            ours.set_history(f"t{i}", t, values[i])
        ours.show()
        original = ours.redraw

        def timed() -> None:
            started = time.perf_counter()
            original()
            frame_times.append(time.perf_counter() - started)
            frames[0] += 1

        ours._timer.timeout.disconnect()
        ours._timer.timeout.connect(timed)

    clock = [t[-1]]

    def feed_ours() -> None:
        clock[0] += 1 / RATE_HZ
        for i in range(TAGS):
            ours.append(f"t{i}", clock[0], 50.0)

    cpu_ours, _, frames_ours = run(app, seconds, build_ours, feed_ours)
    points = ours.points_drawn
    ours.stop()
    ours.close()

    # -- pyqtgraph's own downsampling --------------------------------------------------------------
    pg.setConfigOptions(antialias=False)
    base = pg.GraphicsLayoutWidget()
    base.resize(*SIZE)
    curves = []
    data_t = [t.copy()]
    data_v = [v.copy() for v in values]
    base_times: list[float] = []

    def build_base(frames: list[int]) -> None:
        for i in range(TAGS):
            plot = base.addPlot(row=i, col=0, axisItems={"bottom": pg.DateAxisItem()})
            plot.setDownsampling(auto=True, mode="peak")
            plot.setClipToView(True)
            curves.append(plot.plot(data_t[0], data_v[i]))
        base.show()
        base._frames = frames  # type: ignore[attr-defined]

    def feed_base() -> None:
        started = time.perf_counter()
        data_t[0] = np.append(data_t[0][1:], data_t[0][-1] + 1 / RATE_HZ)
        for i, curve in enumerate(curves):
            data_v[i] = np.append(data_v[i][1:], 50.0)
            curve.setData(data_t[0], data_v[i])
        base.repaint()  # draw now, as a per-sample redraw would
        base_times.append(time.perf_counter() - started)
        base._frames[0] += 1  # type: ignore[attr-defined]

    cpu_base, _, frames_base = run(app, seconds, build_base, feed_base)
    base.close()

    def ms(values: list[float]) -> str:
        median, p95 = np.median(values) * 1000, np.percentile(values, 95) * 1000
        return f"{median:6.1f} ms median, {p95:6.1f} ms p95"

    print(f"8 tags x {HOUR * RATE_HZ} points, {RATE_HZ} Hz, {seconds:g} s, {SIZE[0]}x{SIZE[1]}")
    print(
        f"ours (min/max per pixel, 5 fps): {frames_ours} frames, {ms(frame_times)}, "
        f"CPU {cpu_ours:.0%} of a core, {points} points handed to the plot"
    )
    print(
        f"pyqtgraph peak downsampling:    {frames_base} updates, {ms(base_times)}, "
        f"CPU {cpu_base:.0%} of a core"
    )
    print(f"CPU ratio ours / pyqtgraph: {cpu_ours / cpu_base:.2f}")


if __name__ == "__main__":
    main()
