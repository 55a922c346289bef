"""A site file names which of the region's products its line runs, never a rate."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from operator_app.cli import check_config
from operator_app.cli.context import demo_config_path
from operator_app.site_config import ConfigError, parse_site_config


def with_products(block: str, data_dir: Path | None = None) -> str:
    text = demo_config_path().read_text(encoding="utf-8")
    if data_dir is not None:  # never the machine's own data directory
        text = text.replace("kiosk = false", f'kiosk = false\ndata_dir = "{data_dir}"')
    return text + "\n" + block


def test_an_unknown_product_code_is_a_clear_check_config_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site.toml"
    site.write_text(with_products('[products]\nruns = ["BRK-1010", "BRK-9999"]\n', tmp_path))
    assert check_config.run(argparse.Namespace(file=site)) == 2
    err = capsys.readouterr().err
    assert "products.runs: 'BRK-9999' is not a product of the region's products" in err
    assert "BRK-1010" not in err


def test_known_products_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site.toml"
    site.write_text(with_products('[products]\nruns = ["BRK-1010", "HNG-0800"]\n', tmp_path))
    assert check_config.run(argparse.Namespace(file=site)) == 0
    assert parse_site_config(site.read_text()).products == ("BRK-1010", "HNG-0800")


def test_a_site_file_cannot_set_a_rate() -> None:
    with pytest.raises(ConfigError) as err:
        parse_site_config(with_products("[products]\nideal_cycle_time_s = 1.5\n"))
    (problem,) = err.value.problems
    assert problem.startswith("products.ideal_cycle_time_s: is not a setting of a site file")
    assert "region's products section" in problem
