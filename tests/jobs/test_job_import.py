"""Plant IT's job lists: CSV files dropped in the line's import folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from operator_app.cli.context import demo_config_path
from operator_app.cli.main import build_parser
from operator_app.services.job_import import import_job_folder
from operator_app.services.job_queue import queue_regional_jobs
from operator_app.services.jobs import JobService
from operator_app.site_config import SiteConfig
from operator_app.standards.regional_jobs import RegionalJob
from shopfloor_core.domain.jobs import JobSource

GOOD_AND_BAD = (
    "product;quantity;order_number;machine\n"
    "BRK-1010;500;4500010001;PRESS-1\n"
    "NOPE-99;100;4500010002;\n"  # unknown product
    "HNG-0450;1.200;4500010003;\n"  # a thousands separator: not a whole number
    "HNG-0450;1200;4500010001;\n"  # the order number of line 2
    "BRK-2040;300;;WELD-9\n"  # no such machine
    "\n"
    "HNG-0600;250;;\n"
)


def drop(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_bad_rows_are_refused_one_by_one_and_the_rest_queued(
    jobs: JobService, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "jobs-in"
    drop(folder, "monday.csv", "\ufeff" + GOOD_AND_BAD)  # a spreadsheet's byte-order mark
    with caplog.at_level(logging.WARNING):
        (report,) = import_job_folder(jobs, folder)
    assert [(j.product_code, j.quantity, j.order_number, j.machine_id) for j in report.queued] == [
        ("BRK-1010", 500, "4500010001", "PRESS-1"),
        ("HNG-0600", 250, None, None),
    ]
    assert all(j.source is JobSource.CSV for j in report.queued)
    assert [(r.line, r.message.split(" ")[0]) for r in report.refused] == [
        (3, "product"),
        (4, "quantity"),
        (5, "order"),
        (6, "no"),
    ]
    assert "NOPE-99" in report.refused[0].message
    assert [j.job_id for j in jobs.queue()] == [j.job_id for j in report.queued]
    # Moved away with its report beside it, and the refusals logged for plant IT.
    assert not (folder / "monday.csv").exists()
    written = (folder / "processed" / "monday.csv.report.txt").read_text(encoding="utf-8")
    assert "2 job(s) queued, 4 row(s) refused" in written
    assert "line 3: refused: product 'NOPE-99'" in written
    assert "line 3: refused" in caplog.text


def test_the_same_list_dropped_twice_is_not_imported_twice(
    jobs: JobService, tmp_path: Path
) -> None:
    folder = tmp_path / "jobs-in"
    text = "product,quantity\nBRK-1010,100\nBRK-1020,200\n"
    drop(folder, "a.csv", text)
    import_job_folder(jobs, folder)
    drop(folder, "a.csv", text)  # the same file again
    drop(folder, "copy of a.csv", text)  # and under another name
    reports = import_job_folder(jobs, folder)
    assert [r.already_imported for r in reports] == [True, True]
    assert len(jobs.queue()) == 2
    # All three are out of the folder; the second "a.csv" under a name of its own.
    assert list(folder.glob("*.csv")) == []
    assert len(list((folder / "processed").glob("*.csv"))) == 3
    assert "imported before" in (folder / "processed" / "copy of a.csv.report.txt").read_text(
        encoding="utf-8"
    )


def test_a_file_that_cannot_be_a_job_list_queues_nothing_and_says_why(
    jobs: JobService, tmp_path: Path
) -> None:
    folder = tmp_path / "jobs-in"
    drop(folder, "wrong.csv", "part;qty\nBRK-1010;5\n")
    (folder / "latin1.csv").write_bytes("product;quantity\nBRK-1010;5;Peña\n".encode("latin-1"))
    reports = {r.file_name: r for r in import_job_folder(jobs, folder)}
    assert reports["wrong.csv"].problem is not None
    assert "lacks product, quantity" in reports["wrong.csv"].problem
    assert reports["latin1.csv"].problem is not None
    assert "UTF-8" in reports["latin1.csv"].problem
    assert jobs.queue() == []


def test_the_regions_queue_is_queued_once_and_for_this_line_only(jobs: JobService) -> None:
    orders = [
        RegionalJob("R-1", "L1", "BRK-1010", 400, "4500030001", "PRESS-1"),
        RegionalJob("R-2", "L2", "BRK-1010", 400),  # another line's
        RegionalJob("R-3", "L1", "NOPE-1", 10),
        RegionalJob("R-4", "L1", "HNG-0450", 50),
    ]
    first = queue_regional_jobs(jobs, orders)
    assert [j.job_id for j in first.queued] == ["R-1", "R-4"]
    assert all(j.source is JobSource.REGION for j in first.queued)
    assert len(first.refused) == 1
    assert first.refused[0].startswith("R-3: product 'NOPE-1'")
    again = queue_regional_jobs(jobs, orders)  # the same bundle, next round
    assert again.queued == []
    assert [j.job_id for j in jobs.queue()] == ["R-1", "R-4"]


def test_plant_it_runs_the_import_and_reads_the_refusals(
    site: SiteConfig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "jobs-in"
    drop(folder, "tuesday.csv", GOOD_AND_BAD)
    config = tmp_path / "site.toml"
    config.write_text(
        demo_config_path()
        .read_text(encoding="utf-8")
        .replace("kiosk = false", f'kiosk = false\ndata_dir = "{site.data_dir}"')
        + f'\n[jobs]\nimport_folder = "{folder}"\n',
        encoding="utf-8",
    )
    args = build_parser().parse_args(["import-jobs", "--config", str(config)])
    assert args.run(args) == 1
    out = capsys.readouterr().out
    assert "tuesday.csv (sha256 " in out
    assert "2 job(s) queued, 4 row(s) refused" in out
    assert "line 4: refused: quantity '1.200' is not a whole number of parts" in out
    assert args.run(args) == 0  # nothing left in the folder: nothing refused
