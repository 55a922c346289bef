"""A supervisor station sees the lines it covers: other stations' stops, pulled from the region
over real HTTP, newest revision of each, on the "Lines" screen of the running client."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from local_store import EventStore
from local_store.pulled_events import pulled_events_overlapping
from operator_app.screens.app import start_client
from operator_app.screens.covered_lines import CoveredLinesScreen
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.services.capture import CaptureService
from operator_app.services.covered_lines import covered_lines
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.events import EventKind
from shopfloor_core.domain.roster import Person, Role
from tests.sync.conftest import Device, ThreadServer

OPERATOR = Person("op-1", "Op", Role.OPERATOR, None, None)
SUPERVISOR = Person("sup-1", "Sup", Role.SUPERVISOR, None, None)
LINES = next(e for e in SCREENS if e.key == "lines")


def stops_on(device: Device, catalogue: Catalogue) -> tuple[str, str]:
    """A stop named and then renamed, and one still open without a reason: their event ids."""
    capture = CaptureService(device.store, catalogue, device.site)
    now = datetime.now(UTC)
    named = capture.record_downtime(
        OPERATOR,
        device.machine,
        now - timedelta(minutes=30),
        now - timedelta(minutes=18),
        reason_code="EQP.MEC.JAM",
    )[-1]
    capture.categorize(SUPERVISOR, named.event_id, "MAT.SHT", why="it was a shortage")
    still_down = capture.start_downtime(OPERATOR, device.machine, at=now - timedelta(minutes=5))
    return named.event_id, still_down.event_id


def with_scope(device: Device, scope: str) -> Device:
    assert device.site.sync is not None
    device.site = replace(
        device.site, sync=replace(device.site.sync, pull_scope=scope, interval_s=0.2)
    )
    return device


def test_pulled_stops_keep_only_their_newest_revision(
    region: ThreadServer, make_device: Callable[..., Device], catalogue: Catalogue
) -> None:
    # Lines of their own: the region outlives one test, and other tests' stops are on L1.
    reader = with_scope(make_device(region, name="SUP-A", line="LA"), "line")
    writer = make_device(region, name="PRESS-PC-A", line="LA")
    named, open_ = stops_on(writer, catalogue)
    assert writer.sync_round().status.waiting == 0
    pulled = reader.sync_round().status.pulled
    assert pulled == 3  # two revisions of the named stop, one of the open stop
    now = datetime.now(UTC)
    events = pulled_events_overlapping(
        reader.store, now - timedelta(hours=1), now, (EventKind.DOWNTIME,)
    )
    by_id = {e.event_id: e for e in events}
    assert set(by_id) == {named, open_}
    assert by_id[named].reason_code == "MAT.SHT"  # the correction, not the first answer
    assert by_id[open_].end_utc is None
    view = covered_lines(reader.store, catalogue, now - timedelta(hours=1), now)
    [line] = view.lines
    assert (line.stops, line.open_stops, line.to_name) == (2, 1, 1)
    assert 16 * 60 <= line.downtime_s <= 18 * 60  # 12 min named + about 5 min still down
    assert view.reason_label(by_id[named], "es") == catalogue.label("MAT.SHT", "es")


def test_records_pulled_before_the_projection_are_folded_in_by_the_migration(
    region: ThreadServer, make_device: Callable[..., Device], catalogue: Catalogue
) -> None:
    reader = make_device(region, name="SUP-M", line="LM")
    writer = make_device(region, name="PRESS-PC-M", line="LM")
    named, _ = stops_on(writer, catalogue)
    writer.sync_round()
    reader.sync_round()
    # As a store of schema 5 would hold them: records pulled, no projection yet.
    reader.store.db.execute("DROP TABLE pulled_events")
    reader.store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_pulled_events'")
    path = reader.store.path
    reader.store.close()
    reader.store = EventStore.open(path)
    now = datetime.now(UTC)
    events = pulled_events_overlapping(
        reader.store, now - timedelta(hours=1), now, (EventKind.DOWNTIME,)
    )
    assert {e.event_id: e.reason_code for e in events}[named] == "MAT.SHT"


def test_a_supervisor_station_sees_the_stops_of_its_area_on_the_lines_screen(
    qtbot: QtBot, region: ThreadServer, make_device: Callable[..., Device], catalogue: Catalogue
) -> None:
    # A plant of its own, so the other tests' lines are not in this area.
    station = with_scope(make_device(region, plant="SEV", name="SUP-PC", line="L7"), "area")
    same_line = make_device(region, plant="SEV", name="L7-PRESS-PC", line="L7")
    other_line = make_device(region, plant="SEV", name="L8-PRESS-PC", line="L8")
    other_plant = make_device(region, plant="MAD", name="MAD-PC", line="L7")
    for device in (same_line, other_line, other_plant):
        stops_on(device, catalogue)
        assert device.sync_round().status.waiting == 0
    station.store.close()

    running = start_client(station.site, language="en")
    window = running.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    window.show()
    try:
        window.sign_in(SUPERVISOR)
        screen = window.open_screen(LINES)
        assert isinstance(screen, CoveredLinesScreen)
        # Records arrive with the background sync rounds; the screen refreshes while shown.
        qtbot.waitUntil(
            lambda: screen.view is not None and len(screen.view.lines) == 2, timeout=30_000
        )
        cells = {
            screen.lines_table.item(r, 0).text(): [
                screen.lines_table.item(r, c).text() for c in range(1, 5)
            ]
            for r in range(screen.lines_table.rowCount())
        }
        area = station.site.area
        assert set(cells) == {f"{area} / L7", f"{area} / L8"}  # never the other plant's line
        assert cells[f"{area} / L7"][0] == "2"  # stops
        assert cells[f"{area} / L7"][2:] == ["1", "1"]  # still down, to name
        reasons = {
            screen.events_table.item(r, 5).text() for r in range(screen.events_table.rowCount())
        }
        assert reasons == {catalogue.label("MAT.SHT", "en"), "reason needed"}
        stations = {
            screen.events_table.item(r, 2).text() for r in range(screen.events_table.rowCount())
        }
        assert stations == {"L7-PRESS-PC", "L8-PRESS-PC"}

        # An operator has no such screen.
        window.sign_out()
        window.sign_in(OPERATOR)
        assert window.open_screen(LINES) is None
        window.sign_out()
    finally:
        running.stop()
