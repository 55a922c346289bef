"""``operator-app probe --config FILE [--machine ID] [--json]``: read every tag once.

Exit 0 when every tag of every probed machine read good, 1 otherwise, 2 for a bad config.
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from operator_app.cli.context import (
    EXIT_FAILED,
    EXIT_OK,
    UsageProblem,
    add_common_arguments,
    resolve_site,
)
from operator_app.machine_data.probe import ProbeReport, probe_machine


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "probe", help="read every Modbus tag once and print value, unit and quality"
    )
    add_common_arguments(parser)
    parser.add_argument("--machine", help="only this machine id")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)


def _value_text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def print_report(report: ProbeReport) -> None:
    print(f"{report.machine_id} at {report.endpoint}: {report.link}")
    width = max((len(line.tag) for line in report.lines), default=4)
    for line in report.lines:
        value = f"{_value_text(line.value)} {line.unit}".strip()
        print(f"  {line.tag:<{width}}  {value:<18} {line.quality:<10} {line.where}")
    for problem in report.problems:
        print(f"  ! {problem}")


def run(args: argparse.Namespace) -> int:
    site = resolve_site(args)
    machines = [m for m in site.machines if m.connection is not None]
    if args.machine:
        machines = [m for m in machines if m.machine_id == args.machine]
        if not machines:
            raise UsageProblem(f"no machine {args.machine!r} with a Modbus tag map in the config")
    if not machines:
        raise UsageProblem("no machine in the config has a Modbus tag map")
    # The probe reports every problem itself, once and in plain words.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    reports = [probe_machine(machine) for machine in machines]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        for report in reports:
            print_report(report)
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FAILED
