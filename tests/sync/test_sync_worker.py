"""The sync thread in the real client: status bar, quarantine screen, captures never wait."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from local_store.outbox import Outbox
from operator_app.screens.app import start_client
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.quarantine import QuarantineScreen
from operator_app.workers.sync_worker import SyncWorker
from shopfloor_core.domain.roster import Person, Role
from sync.round import SyncStatus
from sync.token import write_token
from tests.sync.conftest import Device, ThreadServer


def line_pc(region: ThreadServer, make_device: Callable[..., Device], name: str) -> Device:
    device = make_device(region, name=name)
    assert device.site.sync is not None
    device.site = replace(device.site, sync=replace(device.site.sync, interval_s=0.2))
    return device


def test_a_big_backlog_drains_in_the_background_while_captures_go_on(
    qtbot: QtBot, region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = line_pc(region, make_device, "BG-PC")
    device.queue(5_000)
    worker = SyncWorker(device.site)
    statuses: list[SyncStatus] = []
    worker.status_changed.connect(statuses.append)
    worker.start()
    try:
        # While the sync thread drains, this thread's store connection captures at once.
        captured = device.capture(3)
        assert Outbox(device.store).backlog().pending > 0 or statuses
        qtbot.waitUntil(
            lambda: bool(statuses) and statuses[-1].online and statuses[-1].waiting == 0,
            timeout=60_000,
        )
        assert set(captured) <= set(region.record_ids("BG-PC"))
    finally:
        worker.stop()
    device.assert_delivered_exactly_once()


def test_status_bar_and_quarantine_screen_in_the_client(
    qtbot: QtBot, region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = line_pc(region, make_device, "QS-PC")
    device.capture(4)
    # A key for another plant: every record is refused and set aside.
    wrong = region.issue_token("MAD", "PAINT", "L9", "QS-PC")
    assert device.site.sync is not None
    assert device.site.sync.token_file is not None
    write_token(device.site.sync.token_file, wrong)
    device.store.close()

    running = start_client(device.site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "refused" in window.sync_status.text(), timeout=20_000)
        assert "refused by the server: 4" in window.sync_status.text()

        supervisor = Person("sup-1", "Sup", Role.SUPERVISOR, None, None)
        window.sign_in(supervisor)
        entry = next(e for e in SCREENS if e.key == "sync-problems")
        screen = window.open_screen(entry)
        assert isinstance(screen, QuarantineScreen)
        qtbot.waitUntil(lambda: screen.list.count() == 4, timeout=10_000)
        assert "scope:" in screen.list.item(0).text()

        # IT enrols the right key; the supervisor sends the records again, one by one.
        write_token(device.site.sync.token_file, device.token)
        for _ in range(4):
            qtbot.waitUntil(lambda: screen.list.count() > 0, timeout=10_000)
            before = screen.list.count()
            screen.list.setCurrentRow(0)
            assert screen.send_again.isEnabled()
            screen.send_again.click()
            qtbot.waitUntil(lambda b=before: screen.list.count() < b, timeout=20_000)
        qtbot.waitUntil(
            lambda: sorted(region.record_ids("QS-PC")) == sorted(device.captured), timeout=20_000
        )
        # The status catches up with the emptied quarantine at the worker's next round.
        qtbot.waitUntil(
            lambda: (
                window.sync_status.text().startswith("Online · waiting to send: 0 ·")
                and "refused" not in window.sync_status.text()
            ),
            timeout=20_000,
        )

        # An operator never sees the quarantine, and the service refuses it too.
        window.sign_out()
        window.sign_in(Person("op-9", "Op", Role.OPERATOR, None, None))
        assert window.open_screen(entry) is None
    finally:
        window.sign_out()
        running.stop()
    reopened = device.store.open(device.site.database_path)
    device.store = reopened
    device.assert_delivered_exactly_once()


def test_service_refuses_the_quarantine_to_an_operator(
    region: ThreadServer, make_device: Callable[..., Device], tmp_path: Path
) -> None:
    import pytest

    from shopfloor_core.domain.errors import PermissionDenied
    from sync.quarantine import quarantined_records, send_again

    device = make_device(region, name="PERM-PC")
    operator = Person("op-1", "Op", Role.OPERATOR, None, None)
    with pytest.raises(PermissionDenied):
        quarantined_records(device.store, operator)
    with pytest.raises(PermissionDenied):
        send_again(device.store, operator, "any")
