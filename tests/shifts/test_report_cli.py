"""``operator-app report``: the shift report PDF from the local store alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from local_store import EventStore
from operator_app.cli.context import EXIT_FAILED, EXIT_OK
from operator_app.cli.main import main
from operator_app.reports import shift_report
from operator_app.screens.supervisor import percent
from operator_app.services.capture import CaptureService
from operator_app.services.shift_summary import ShiftSummary, shift_summary
from operator_app.site_config import SiteConfig
from shopfloor_core.contract import Bundle
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person
from sync.state import SyncState
from tests.sync.conftest import standard_bundle


def shift_summary_of(site: SiteConfig) -> ShiftSummary:
    store = EventStore.open(site.database_path)
    try:
        return shift_summary(store, bundled_catalogue(), site, "current")
    finally:
        store.close()


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


def test_the_report_prints_the_regions_oee_target_beside_each_machines_oee(
    tmp_path: Path, site: SiteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EventStore.open(site.database_path)
    bundle = Bundle(
        version=4,
        etag='"bundle-4"',
        published_utc="2026-11-20T08:00:00.000Z",
        sections=standard_bundle(targets={"PRESS-1": {"oee": 0.85}}),
    )
    SyncState(store).activate_bundle(bundle, bundled_catalogue().version)
    store.close()
    drawn: list[list[list[str]]] = []
    draw = shift_report.draw_report

    def recording(*args: Any) -> None:
        summary, site_in_force, oee_target = args[3], args[4], args[6]
        drawn.append(shift_report.kpi_table(summary, site_in_force, oee_target)[1])
        draw(*args)

    monkeypatch.setattr(shift_report, "draw_report", recording)
    pdf = tmp_path / "shift.pdf"
    arguments = ["--demo", "--data-dir", str(site.data_dir), "report", "--pdf", str(pdf)]
    assert main(arguments) == EXIT_OK
    assert pdf.read_bytes().startswith(b"%PDF")
    rows = {row[0]: row for row in drawn[0]}
    assert rows["PRESS-1"][2] == percent(0.85)
    assert rows["WELD-2"][2] == "—"  # the region sets no target for it
    header = shift_report.kpi_table(shift_summary_of(site), site)[0]
    assert header[2] == "OEE target %"
