"""Plant IT's job lists: CSV files dropped in the line's import folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from operator_app.services.job_import import import_job_folder
from operator_app.services.jobs import JobService
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
