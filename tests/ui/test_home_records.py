"""The home screen's latest records show whole lines or none: under Xvfb at 1024×768 in Spanish,
with a stop's reason and the PLC's state wrapping onto second lines, the last record showed
as the top half of its letters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import client, sign_in_with_pin, window
from widgets.style import apply_isa101_style

__all__ = ["client", "window"]

OPERATOR = Person("op-ana", "Ana García", Role.OPERATOR, None, None)


def five_records_and_two_stops(site: SiteConfig) -> None:
    """Both machines down with a reason (their cards' taller state) and a full list below."""
    store = EventStore.open(site.database_path)
    try:
        capture = CaptureService(store, bundled_catalogue(), site)
        capture.record_scrap(OPERATOR, "PRESS-1", "SCR.MAT", 3)
        capture.record_scrap(OPERATOR, "WELD-2", "SCR.MAT", 2)
        capture.record_scrap(OPERATOR, "PRESS-1", "SCR.MAT", 1)
        for machine_id in ("PRESS-1", "WELD-2"):
            stop = capture.start_downtime(OPERATOR, machine_id)
            capture.categorize(OPERATOR, stop.event_id, "MAT.SHT")
    finally:
        store.close()


@pytest.fixture
def isa101(qapp: QApplication) -> Iterator[None]:
    """The look and type size the client runs with (the suite's default font is smaller)."""
    kept = (qapp.style().name(), QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet())
    apply_isa101_style(qapp)
    yield
    style, font, palette, sheet = kept
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_the_latest_records_never_show_a_line_cut_in_half(
    qtbot: QtBot, isa101: None, window: MainWindow, site: SiteConfig
) -> None:
    five_records_and_two_stops(site)
    sign_in_with_pin(qtbot, window, "1111")
    window.context.set_language("es")
    home = window.home
    qtbot.waitUntil(lambda: len(home.recent.lines) == 5, timeout=10_000)
    metrics = home.recent.fontMetrics()
    seen = set()
    # Every height from roomy to short: most of them end the label part-way through a line.
    for height in range(900, 640, -6):
        window.resize(1024, height)
        for _ in range(5):
            QApplication.processEvents()
        shown = home.recent.text().splitlines() if home.recent.isVisible() else []
        room = home.recent.contentsRect().height()
        needed = 0 if not shown else metrics.height() + (len(shown) - 1) * metrics.lineSpacing()
        assert needed <= room, f"{len(shown)} lines in {room} px at {window.height()} px high"
        assert shown != ["Últimos registros:"]  # a heading over nothing says nothing
        seen.add(len(shown))
    assert {0, 6} <= seen  # from all of them to none
