"""Cost of live trends, 8 tags at 10 Hz: the reduction alone, at windows of 10 min, 1 h and 8 h.

Three plots, everything but the reduction the same (``TrendPlot``'s rows, shared time axis,
window, 1280 x 800 size, the same 5 fps frame timer, fed the same 10 Hz samples):

- *pyqtgraph peak*: each frame hands pyqtgraph the samples and lets its own
  ``setDownsampling(auto=True, mode="peak")`` with ``setClipToView(True)`` reduce them;
- *from scratch*: each frame reduces the whole window to min/max per pixel column (the plot's
  reduction before it became incremental);
- *incremental*: ``TrendPlot`` as shipped: each frame folds in only the samples that arrived
  since the last one (``widgets.trend_columns``).

Prints, per window and plot, the process's CPU share of one core (painting included) and the
median time of a frame's reduction and ``setData``.

    QT_QPA_PLATFORM=offscreen python benchmarks/trend_redraw.py [seconds per run]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# This checkout's code, not whichever one the virtual environment's editable install names.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import record
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from widgets.trend_columns import minmax_per_column
from widgets.trend_plot import TrendPlot

TAGS = 8
RATE_HZ = 10
SIZE = (1280, 800)
WINDOWS = {"10 min": 600, "1 h": 3600, "8 h": 8 * 3600}


class PyqtgraphPeak(TrendPlot):
    """The same rows, reduced by pyqtgraph's own peak downsampling and clip-to-view."""

    def set_series(self, keys: list[tuple[str, str, float | None, float | None]]) -> None:
        super().set_series(keys)
        for series in self.series.values():
            series.plot.setDownsampling(auto=True, mode="peak")
            series.plot.setClipToView(True)

    def _draw(self, t0: float, t1: float) -> tuple[float, float]:
        for series in self.series.values():
            series.curve.setData(series.t[: series.size], series.v[: series.size])
        self.points_drawn = sum(s.size for s in self.series.values())
        return t0, t1


class FromScratch(TrendPlot):
    """The same rows, every column of the window reduced again on every frame."""

    def _draw(self, t0: float, t1: float) -> tuple[float, float]:
        total = 0
        for series in self.series.values():
            columns = max(int(series.plot.vb.width()), 100)
            n = series.size
            t, v = minmax_per_column(series.t[:n], series.v[:n], t0, t1, columns)
            series.curve.setData(t, v)
            total += t.size
        self.points_drawn = total
        return t0, t1


PLOTS: dict[str, Callable[..., TrendPlot]] = {
    "pyqtgraph peak": PyqtgraphPeak,
    "from scratch": FromScratch,
    "incremental": TrendPlot,
}


def history(seconds: int) -> tuple[np.ndarray, list[np.ndarray]]:
    t = time.time() - seconds + np.arange(seconds * RATE_HZ) / RATE_HZ
    rng = np.random.default_rng(1)
    values = [np.cumsum(rng.normal(0, 0.1, t.size)) + 50 for _ in range(TAGS)]
    return t, values


def run(
    app: QApplication,
    make: Callable[..., TrendPlot],
    window_s: int,
    seconds: float,
    rising: bool = False,
) -> dict[str, float]:
    t, values = history(window_s)
    plot = make(frame_ms=200)
    plot.resize(*SIZE)
    plot.set_series([(f"t{i}", f"Tag {i}", None, None) for i in range(TAGS)])
    plot.set_window(window_s)
    for i in range(TAGS):
        plot.set_history(f"t{i}", t, values[i])
    plot.show()
    frame_times: list[float] = []
    redraw = plot.redraw

    def timed() -> None:
        started = time.perf_counter()
        redraw()
        frame_times.append(time.perf_counter() - started)

    plot._timer.timeout.disconnect()
    plot._timer.timeout.connect(timed)
    clock = [float(t[-1])]
    rng = np.random.default_rng(2)

    def feed() -> None:
        clock[0] += 1 / RATE_HZ
        for i in range(TAGS):
            # Rising: every sample a new maximum of its column, so every frame changes a column.
            value = 50.0 + (clock[0] - t[-1] if rising else rng.normal())
            plot.append(f"t{i}", clock[0], value)

    app.processEvents()
    timed()  # the first frame reduces the whole window in every plot alike: not counted
    frame_times.clear()
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
    points = plot.points_drawn
    plot.stop()
    plot.close()
    plot.deleteLater()
    app.processEvents()
    return {
        "cpu": cpu / wall,
        "frames": len(frame_times),
        "frame_ms": float(np.median(frame_times)) * 1000 if frame_times else float("nan"),
        "points": points,
    }


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{TAGS} tags at {RATE_HZ} Hz, {SIZE[0]}x{SIZE[1]}, 5 fps frame timer, {seconds:g} s each"
    )
    results: dict[tuple[str, str], dict[str, float]] = {}
    for window, window_s in WINDOWS.items():
        for name, make in PLOTS.items():
            r = results[(window, name)] = run(app, make, window_s, seconds)
            print(
                f"{window:>6s}  {name:15s} CPU {r['cpu']:6.1%} of a core, "
                f"frame (reduce + setData) {r['frame_ms']:7.2f} ms median over "
                f"{r['frames']:.0f} frames, {r['points']:9,.0f} points given to the plot"
            )
    worst = results[("1 h", "incremental, rising")] = run(app, TrendPlot, 3600, seconds, True)
    print(
        f"{'1 h':>6s}  incremental with every sample a new maximum (every frame changes): "
        f"CPU {worst['cpu']:6.1%} of a core, frame {worst['frame_ms']:7.2f} ms median"
    )
    base = results[("1 h", "pyqtgraph peak")]
    ours = results[("1 h", "incremental")]
    scratch = results[("1 h", "from scratch")]
    growth = (
        results[("8 h", "incremental")]["frame_ms"] / results[("10 min", "incremental")]["frame_ms"]
    )
    growth_scratch = (
        results[("8 h", "from scratch")]["frame_ms"]
        / results[("10 min", "from scratch")]["frame_ms"]
    )
    print(f"ratio incremental / pyqtgraph peak CPU, 1 h: {ours['cpu'] / base['cpu']:.2f}")
    print(f"ratio from scratch / pyqtgraph peak CPU, 1 h: {scratch['cpu'] / base['cpu']:.2f}")
    print(f"ratio frame time 8 h / 10 min, incremental: {growth:.2f}")
    print(f"ratio frame time 8 h / 10 min, from scratch: {growth_scratch:.2f}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    record(
        "trend_redraw",
        "CPU share, 8 tags x 1 h at 10 Hz, 5 fps",
        ours["cpu"] * 100,
        "% of a core",
        baseline=base["cpu"] * 100,
        baseline_name="pyqtgraph peak downsampling + clip to view, same timer",
    )
    record(
        "trend_redraw",
        "CPU share, 1 h, every frame changing a column (rising values)",
        worst["cpu"] * 100,
        "% of a core",
        baseline=base["cpu"] * 100,
        baseline_name="pyqtgraph peak, noisy values",
    )
    for window in WINDOWS:
        record(
            "trend_redraw",
            f"frame: reduce + setData, {window} window",
            results[(window, "incremental")]["frame_ms"],
            "ms",
            baseline=results[(window, "from scratch")]["frame_ms"],
            baseline_name="whole window reduced every frame",
        )


if __name__ == "__main__":
    main()
