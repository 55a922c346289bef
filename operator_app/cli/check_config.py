"""``operator-app check-config FILE``: exit 0 when valid, 2 with one line per problem.

The products a site says it runs (``[products] runs``) must be products of the region: of the
bundle in force in the site's store, else of the products shipped with the client.

A valid file may still get ``hint:`` lines for settings that look mistaken (an address written
as a 1-based Modbus reference); they do not change the exit code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from operator_app.cli.context import EXIT_BAD_CONFIG, EXIT_OK
from operator_app.services.site_products import unknown_site_products
from operator_app.site_config import ConfigError, load_site_config
from operator_app.site_config.tag_map import tag_hints


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-config", help="validate a site configuration file without starting anything"
    )
    parser.add_argument("file", type=Path)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        site = load_site_config(args.file)
    except ConfigError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_CONFIG
    unknown = unknown_site_products(site)
    if unknown:
        for problem in unknown:
            print(f"{args.file}: {problem}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    print(
        f"{args.file}: ok (plant {site.plant}, line {site.line}, "
        f"{len(site.machines)} machine(s), {len(site.roster)} person(s))"
    )
    for hint in tag_hints([(i, m.tags) for i, m in enumerate(site.machines)]):
        print(f"hint: {hint}")
    return EXIT_OK
