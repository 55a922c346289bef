"""``operator-app probe --config FILE [--machine ID] [--json]``: read every tag once.

Each tag's value is printed with the registers the PLC sent, in hex. Counters are read a second
time a poll interval later. A value that was read but cannot be right (outside the tag's limits,
a float no sensor gives, a counter moving by multiples of 65,536) is flagged with a ``!`` line.

Exit 0 when every tag of every probed machine read good and nothing is flagged; 1 when a tag or
a machine could not be read; 6 when everything was read but a value is flagged (usually a
``word_order`` or an ``address`` to fix); 2 for a bad config.
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from operator_app.cli.context import (
    EXIT_FAILED,
    EXIT_FLAGGED,
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
    words = max((len(line.registers_hex) for line in report.lines), default=0)
    for line in report.lines:
        value = f"{_value_text(line.value)} {line.unit}".strip()
        quality = "FLAGGED" if line.flags and line.quality == "good" else line.quality
        print(
            f"  {line.tag:<{width}}  {value:<18} {line.registers_hex:<{words}}  "
            f"{quality:<10} {line.where}"
        )
    for line in report.lines:
        for flag in line.flags:
            print(f"  ! {line.tag}: {flag}")
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
    if not all(r.ok for r in reports):
        return EXIT_FAILED
    return EXIT_FLAGGED if any(r.flagged for r in reports) else EXIT_OK
