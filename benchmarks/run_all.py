"""Run every benchmark in this folder and print one table: ``python benchmarks/run_all.py``.

Each ``benchmarks/*.py`` script (except this one and ``figures.py``) runs in its own process,
one after the other, with the offscreen Qt platform; its own output is shown as it finishes.
Scripts report their headline figures through ``figures.record``; for a script that does not
(yet), the table shows the lines of its output that give a ratio against its baseline.

    python benchmarks/run_all.py [--markdown] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run_all.py", "figures.py"}
# "ratio ours / baseline: 0.42" as the scripts that record no figures print it.
RATIO_LINE = re.compile(r"ratio[^:]*:\s*[0-9.]+", re.IGNORECASE)


def scripts(only: list[str]) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if p.name not in NOT_BENCHMARKS)
    found = [p for p in found if not p.name.startswith("_")]
    return [p for p in found if not only or p.stem in only]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
        f"{os.cpu_count()} CPUs{memory}; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PySide6-Essentials {version('PySide6-Essentials')}, "
        f"pyqtgraph {version('pyqtgraph')}, pymodbus {version('pymodbus')}, "
        f"sqlite-utils {version('sqlite-utils')}"
    )


def run(script: Path, figures_file: Path) -> tuple[int, str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "OPERATOR_APP_BENCH_FIGURES": str(figures_file),
    }
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=False
    )
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - began


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--only", nargs="*", default=[], help="script names without .py")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str, str]] = []
    failed = []
    with tempfile.TemporaryDirectory() as folder:
        for script in scripts(args.only):
            figures_file = Path(folder) / f"{script.stem}.jsonl"
            print(f"=== {script.name}", flush=True)
            code, output, seconds = run(script, figures_file)
            print(output.rstrip())
            print(f"--- {script.name}: exit {code}, {seconds:.0f} s", flush=True)
            if code != 0:
                failed.append(script.name)
                rows.append((script.stem, "FAILED", f"exit {code}", "", ""))
                continue
            figures = []
            if figures_file.exists():
                figures = [json.loads(x) for x in figures_file.read_text().splitlines() if x]
            for f in figures:
                baseline = f["baseline"]
                ratio = f"{f['ours'] / baseline:.2f}" if baseline else ""
                ours = f"{number(f['ours'])} {f['unit']}"
                base = f"{number(baseline)} {f['unit']} ({f['baseline_name']})" if baseline else ""
                rows.append((f["benchmark"], f["measure"], ours, base, ratio))
            if not figures:
                summary = [x.strip() for x in output.splitlines() if RATIO_LINE.search(x)]
                for line in summary or ["(no figures recorded; see its output above)"]:
                    rows.append((script.stem, line, "", "", ""))
    print()
    print(f"Machine: {machine()}")
    header = ("benchmark", "measure", "ours", "baseline (same run)", "ours / baseline")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
