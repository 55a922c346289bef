"""``operator-app simulate --port N``: a simulated press on Modbus TCP until Ctrl+C.

Any Modbus tool can read it; ``--print-tag-map`` prints the matching site-config section.
"""

from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from operator_app.cli.context import EXIT_OK, UsageProblem
from operator_app.machine_data.simulated_machine import (
    HOLD_COIL,
    PRODUCT_REGISTER,
    SimulatedMachine,
    tag_map_toml,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate", help="serve a simulated machine over Modbus TCP (for demos and tests)"
    )
    parser.add_argument("--port", type=int, default=5020, help="TCP port (default 5020)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--unit-id", type=int, default=1, help="Modbus unit id (default 1)")
    parser.add_argument("--cycle", type=float, default=2.0, help="ideal cycle time in seconds")
    parser.add_argument(
        "--product-cycle",
        action="append",
        default=[],
        metavar="NUMBER=SECONDS",
        help=(
            "ideal cycle time of a product number (repeatable); writing the number to holding "
            f"register {PRODUCT_REGISTER} switches the press to it"
        ),
    )
    parser.add_argument(
        "--product", type=int, default=0, help="product number set up at start (default 0, none)"
    )
    parser.add_argument("--seed", type=int, help="random seed, for a repeatable run")
    parser.add_argument(
        "--print-tag-map", action="store_true", help="print the [machines] tag map and exit"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    if not 1 <= args.port <= 65535:
        raise UsageProblem(f"--port must be 1 to 65535, not {args.port}")
    if args.cycle <= 0:
        raise UsageProblem("--cycle must be positive")
    product_cycles = _product_cycles(args.product_cycle)
    if not 0 <= args.product <= 65535:
        raise UsageProblem(f"--product must be 0 to 65535, not {args.product}")
    if args.print_tag_map:
        print(tag_map_toml(args.host, args.port, args.unit_id))
        return EXIT_OK
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    machine = SimulatedMachine(
        args.port,
        host=args.host,
        unit_id=args.unit_id,
        ideal_cycle_s=args.cycle,
        seed=args.seed,
        product_cycles=product_cycles,
        product=args.product,
    )
    try:
        machine.start()
    except RuntimeError as exc:
        raise UsageProblem(f"cannot serve on {args.host}:{args.port} ({exc})") from None
    print(
        f"simulated machine on {args.host}:{args.port} unit {args.unit_id}, "
        f"ideal cycle {args.cycle:g} s; write coil {HOLD_COIL} to hold it stopped, "
        f"holding register {PRODUCT_REGISTER} to switch the product. "
        "Ctrl+C to stop.",
        flush=True,
    )
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        machine.stop()
    return EXIT_OK


def _product_cycles(given: list[str]) -> dict[int, float]:
    """``["1=2.0", "2=3.5"]`` as {1: 2.0, 2: 3.5}; a usage problem names a bad one."""
    cycles: dict[int, float] = {}
    for text in given:
        number, _, seconds = text.partition("=")
        try:
            product, cycle = int(number), float(seconds)
        except ValueError:
            raise UsageProblem(
                f"--product-cycle takes NUMBER=SECONDS (e.g. 2=3.5), not {text!r}"
            ) from None
        if not 1 <= product <= 65535 or not cycle > 0:
            raise UsageProblem(
                f"--product-cycle {text}: the number must be 1 to 65535 and the seconds positive"
            )
        cycles[product] = cycle
    return cycles
