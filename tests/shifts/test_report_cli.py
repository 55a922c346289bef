"""``operator-app report``: the shift report PDF from the local store alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from local_store import EventStore
from operator_app.cli.context import EXIT_FAILED, EXIT_OK
from operator_app.cli.main import main
from operator_app.domain.catalogue import bundled_catalogue
from operator_app.domain.roster import Person
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig


def test_report_writes_a_pdf_and_a_png_of_the_current_shift(
    tmp_path: Path, site: SiteConfig, supervisor: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    store = EventStore.open(site.database_path)
    now = datetime.now(UTC)
    CaptureService(store, bundled_catalogue(), site).record_downtime(
        supervisor,
        "PRESS-1",
        now - timedelta(minutes=30),
        now - timedelta(minutes=5),
        reason_code="EQP.MEC.JAM",
    )
    store.close()
    pdf, png = tmp_path / "shift.pdf", tmp_path / "shift.png"
    code = main(
        [
            "--demo",
            "--data-dir",
            str(site.data_dir),
            "report",
            "--shift",
            "current",
            "--pdf",
            str(pdf),
            "--png",
            str(png),
        ]
    )
    assert code == EXIT_OK
    assert pdf.read_bytes().startswith(b"%PDF")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "report written to" in capsys.readouterr().out


def test_report_of_an_unknown_shift_says_so(
    tmp_path: Path, site: SiteConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--demo",
            "--data-dir",
            str(site.data_dir),
            "report",
            "--shift",
            "2026-13-01.E",
            "--pdf",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == EXIT_FAILED
    assert "is not a shift id" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
