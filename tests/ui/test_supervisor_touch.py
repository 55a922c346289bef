"""Finding 10: supervisor screens a finger can use, a Pareto one can read, a why asked first,
and delivery to the region described as it is."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.outbox import Outbox
from operator_app.screens.formatting import local_time
from operator_app.screens.main_window import MainWindow
from operator_app.screens.quarantine import QuarantineScreen
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from operator_app.site_config.model import SyncConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.clock import from_iso
from shopfloor_core.domain.roster import Role
from sync.state import SyncState
from tests.conftest import person
from tests.shifts.test_role_workflows_ui import before_start
from tests.ui.conftest import client, sign_in_with_pin, window
from tests.ui.touch_style import isa101
from widgets.pareto_chart import ParetoChart

__all__ = ["client", "isa101", "window"]

LEFT = Qt.MouseButton.LeftButton


def shift_screen(qtbot: QtBot, window: MainWindow) -> SupervisorScreen:
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["shift"], LEFT)
    screen = window.screens["shift"]
    assert isinstance(screen, SupervisorScreen)
    qtbot.waitUntil(lambda: screen.summary is not None, timeout=10_000)
    return screen


@pytest.mark.usefixtures("isa101")
def test_tabs_rows_and_scroll_bars_fit_a_finger(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1024, 768)
    screen = shift_screen(qtbot, window)
    bar = screen.tabs.tabBar()
    assert all(bar.tabRect(i).height() >= 60 for i in range(bar.count()))
    qtbot.waitUntil(lambda: screen.kpi_table.rowCount() > 0, timeout=5_000)
    for table in (screen.kpi_table, screen.scrap_table, screen.hours_table):
        assert table.verticalHeader().defaultSectionSize() >= 48
        assert all(table.rowHeight(r) >= 48 for r in range(table.rowCount()))
        assert table.horizontalScrollBar().sizeHint().height() >= 24
        assert table.verticalScrollBar().sizeHint().width() >= 24
    assert screen.kpi_table.rowHeight(0) >= 48


@pytest.mark.usefixtures("isa101")
def test_pareto_labels_fit_their_bars_and_the_line_has_a_scale(qtbot: QtBot) -> None:
    chart = ParetoChart()
    qtbot.addWidget(chart)
    chart.resize(700, 420)
    chart.show()
    qtbot.waitExposed(chart)
    labels = [
        "Material jam in the feeder",
        "Tool change",
        "Waiting for material from the warehouse",
        "Electrical fault",
        "Cleaning",
        "Setup",
    ]
    chart.set_bars(labels, [40, 25, 12, 8, 5, 2])
    qtbot.wait(50)
    axis = chart.plot.getAxis("bottom")
    font = axis.style["tickFont"] or QFont(chart.font())
    metrics = QFontMetrics(font)
    slot = chart.plot.vb.width() / (len(labels) + 0.2)
    shown = [text for _x, text in axis._tickLevels[0]]
    assert len(shown) == len(labels)
    for text in shown:
        assert text, "every bar keeps a label"
        lines = text.split("\n")
        assert len(lines) <= 2
        for line in lines:
            assert metrics.horizontalAdvance(line) <= slot, (line, slot)
        # and the axis is high enough for the lines it draws
        assert axis.height() >= len(lines) * metrics.lineSpacing()
    assert shown[1].replace("\n", " ") == "Tool change"  # wrapped, not cut
    right = chart.plot.getAxis("right")
    assert right.isVisible()
    ticks = [value for value, _text in right._tickLevels[0]]
    assert min(ticks) == 0
    assert max(ticks) == 100
    assert right.linkedView() is not chart.plot.vb  # its own 0–100 % scale
    assert max(chart.line.yData) == pytest.approx(100)


def test_why_is_asked_before_the_reason_tree(
    qtbot: QtBot, site: SiteConfig, window: MainWindow
) -> None:
    def record(capture: CaptureService) -> None:
        now = datetime.now(UTC)
        capture.record_downtime(
            person(Role.OPERATOR),
            "PRESS-1",
            now - timedelta(minutes=40),
            now - timedelta(minutes=30),
            reason_code="EQP.MEC.JAM",
        )

    before_start(site, record)
    screen = shift_screen(qtbot, window)
    screen.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: screen.event_list.count() > 0, timeout=5_000)
    screen.event_list.setCurrentRow(0)
    qtbot.mouseClick(screen.rename_button, LEFT)
    assert screen.event_pages.currentIndex() == 0, "the tree opened before asking why"
    assert "needs a why" in screen.why.placeholderText()
    screen.why.setText("Wrong machine part named")
    assert "needs a why" not in screen.why.placeholderText()
    qtbot.mouseClick(screen.rename_button, LEFT)
    assert screen.event_pages.currentIndex() == 1


def sync_problems(qtbot: QtBot, window: MainWindow) -> QuarantineScreen:
    sign_in_with_pin(qtbot, window, "2222")
    qtbot.mouseClick(window.nav_buttons["sync-problems"], LEFT)
    screen = window.screens["sync-problems"]
    assert isinstance(screen, QuarantineScreen)
    return screen


def visible_text(screen: QuarantineScreen) -> str:
    return "\n".join(
        label.text() for label in screen.findChildren(QLabel) if label.isVisibleTo(screen)
    )


def with_sync(qtbot: QtBot, window: MainWindow) -> None:
    """The site as a plant configures sync (the test's client itself runs no sync thread);
    after the standards in force were read, which bring their own copy of the site."""
    qtbot.waitUntil(lambda: window.context.standards is not None, timeout=5_000)
    sync = SyncConfig("https://region.invalid", None, None, None, 60.0, 100)
    window.context.site = replace(window.context.site, sync=sync)


def a_capture(site: SiteConfig) -> tuple[datetime, str]:
    """One stop recorded (and queued for the region); when it was queued, and its id."""
    store = EventStore.open(site.database_path)
    try:
        CaptureService(store, bundled_catalogue(), site).record_downtime(
            person(Role.OPERATOR),
            "PRESS-1",
            datetime.now(UTC) - timedelta(minutes=20),
            datetime.now(UTC) - timedelta(minutes=15),
        )
        rid, queued = store.db.execute(
            "SELECT record_id, enqueued_utc FROM outbox ORDER BY seq LIMIT 1"
        ).fetchone()
    finally:
        store.close()
    return from_iso(queued), rid


def change_store(site: SiteConfig, fn) -> None:  # type: ignore[no-untyped-def]
    store = EventStore.open(site.database_path)
    try:
        fn(store)
    finally:
        store.close()


def test_sync_problems_never_connected(qtbot: QtBot, site: SiteConfig, window: MainWindow) -> None:
    queued, _rid = a_capture(site)
    with_sync(qtbot, window)
    screen = sync_problems(qtbot, window)
    zone = site.timezone
    qtbot.waitUntil(lambda: "never reached" in visible_text(screen), timeout=5_000)
    text = visible_text(screen)
    waiting = waiting_count(site)
    assert (
        f"Records waiting to be sent: {waiting}, the oldest since {local_time(queued, zone)}."
        in text
    )
    assert "accepted every record" not in text
    assert "Last delivery" not in text


def waiting_count(site: SiteConfig) -> int:
    return len(rows_of(site, "SELECT seq FROM outbox WHERE state = 'pending'"))


def test_sync_problems_waiting_delivered_and_refused(
    qtbot: QtBot, site: SiteConfig, window: MainWindow
) -> None:
    queued, rid = a_capture(site)
    contact = datetime.now(UTC) - timedelta(minutes=5)
    change_store(site, lambda store: SyncState(store).note_success(contact))
    with_sync(qtbot, window)
    screen = sync_problems(qtbot, window)
    zone = site.timezone
    qtbot.waitUntil(lambda: "Last contact" in visible_text(screen), timeout=5_000)
    text = visible_text(screen)
    assert "never reached" not in text
    assert f"the oldest since {local_time(queued, zone)}." in text
    assert f"Last contact with the regional server: {local_time(contact, zone)}." in text

    # Delivered: nothing waits, the last delivery is named.
    delivered = datetime.now(UTC) - timedelta(minutes=2)
    ids = [r[0] for r in rows_of(site, "SELECT record_id FROM outbox WHERE state = 'pending'")]
    change_store(site, lambda store: Outbox(store).mark_delivered(ids, at=delivered))
    screen.reload()
    qtbot.waitUntil(lambda: "Last delivery" in visible_text(screen), timeout=5_000)
    text = visible_text(screen)
    assert "No record is waiting to be sent." in text
    assert f"Last delivery to the regional server: {local_time(delivered, zone)}." in text

    # Refused: one record set aside, said so and listed.
    change_store(
        site,
        lambda store: store.db.execute(
            "UPDATE outbox SET state = 'pending' WHERE record_id = ?", [rid]
        ),
    )
    change_store(site, lambda store: Outbox(store).quarantine([(rid, "unknown reason code")]))
    screen.reload()
    qtbot.waitUntil(lambda: "refused: 1" in visible_text(screen), timeout=5_000)
    assert screen.list.count() == 1
    assert "The regional server has refused no record." not in visible_text(screen)


def rows_of(site: SiteConfig, sql: str) -> list[tuple[object, ...]]:
    store = EventStore.open(site.database_path)
    try:
        return [tuple(r) for r in store.db.execute(sql).fetchall()]
    finally:
        store.close()


def test_supervisor_sees_sync_status(qtbot: QtBot, site: SiteConfig, window: MainWindow) -> None:
    a_capture(site)
    screen = shift_screen(qtbot, window)
    qtbot.waitUntil(lambda: "Records waiting to be sent" in screen.sync_label.text(), timeout=5_000)
    assert screen.sync_label.isVisible()
    assert "not set up" in screen.sync_label.text()  # the demo site has no [sync]
