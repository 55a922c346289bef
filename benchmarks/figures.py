"""Figures a benchmark reports to ``run_all.py``, which prints them as one table.

``record(...)`` appends one JSON line to the file named by ``OPERATOR_APP_BENCH_FIGURES`` (set
by run_all.py) and does nothing when the script runs on its own.
"""

from __future__ import annotations

import json
import os


def record(
    benchmark: str,
    measure: str,
    ours: float,
    unit: str,
    *,
    baseline: float | None = None,
    baseline_name: str = "",
) -> None:
    target = os.environ.get("OPERATOR_APP_BENCH_FIGURES")
    if not target:
        return
    line = {
        "benchmark": benchmark,
        "measure": measure,
        "ours": ours,
        "unit": unit,
        "baseline": baseline,
        "baseline_name": baseline_name,
    }
    with open(target, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
