"""The first reading ever of a machine, mid-shift: the shift's time before it is no signal.

A line PC installed (or a machine first monitored) at 11:40 in the 06:00 shift knows nothing of
the morning. Before this rule the morning counted as running time: the demo's first screen
said "Running 2 h 26 min" with a performance of 0.3 %. A real PLC on loopback, a fixed clock,
and the SQLite file read afterwards.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.machine_data.modbus_server import ModbusServerThread
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import NO_SIGNAL, bundled_catalogue
from shopfloor_core.domain.client_watch import at_first_watch
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.kpi import Counts, classifier, machine_kpi
from shopfloor_core.domain.timeline import Interval
from shopfloor_core.standards.shift_calendar import calendar_of
from tests.machine_data.test_counter_outages import (  # noqa: F401
    Client,
    FixedClock,
    clients,
    counting_site,
    set_counters,
)
from tests.ui.conftest import rows

# Wednesday 11 March 2026 in Madrid (UTC+1): the demo's early shift runs 06:00-14:00 with a
# break 10:00-10:30. The PC reads the press for the first time at 11:40.
SHIFT_START = datetime(2026, 3, 11, 5, 0, tzinfo=UTC)
FIRST_READING = datetime(2026, 3, 11, 10, 40, tzinfo=UTC)
BREAK = Interval(datetime(2026, 3, 11, 9, 0, tzinfo=UTC), datetime(2026, 3, 11, 9, 30, tzinfo=UTC))


def test_the_first_reading_inside_a_shift_makes_the_time_before_it_no_signal() -> None:
    shift = Interval(SHIFT_START, SHIFT_START + timedelta(hours=8))
    gap = at_first_watch(shift, FIRST_READING).no_signal
    assert gap == Interval(SHIFT_START, FIRST_READING)
    assert at_first_watch(None, FIRST_READING).no_signal is None  # outside any shift
    assert at_first_watch(shift, SHIFT_START).no_signal is None  # read as the shift began


def no_signal(site: SiteConfig) -> list[EventRevision]:
    store = EventStore.open(site.database_path)
    try:
        events = store.events_between(
            SHIFT_START - timedelta(hours=1), FIRST_READING + timedelta(hours=9)
        )
    finally:
        store.close()
    return [e for e in events if e.reason_code == NO_SIGNAL]


def test_a_press_first_read_at_11_40_was_not_running_all_morning(
    qtbot: QtBot,
    counting_site: SiteConfig,  # noqa: F811
    plc: ModbusServerThread,
    clients: list[Client],  # noqa: F811
) -> None:
    shift = calendar_of(counting_site).shift_at(FIRST_READING)
    assert shift is not None
    assert (shift.start_utc, shift.breaks) == (SHIFT_START, (BREAK,))
    clock = FixedClock(FIRST_READING)
    set_counters(plc, 5000, 10)
    first = Client(qtbot, counting_site, clock)
    clients.append(first)
    first.sees(5000, 10)
    qtbot.waitUntil(lambda: len(no_signal(counting_site)) == 1, timeout=5_000)

    [gap] = no_signal(counting_site)
    assert (gap.start_utc, gap.end_utc) == (SHIFT_START, FIRST_READING)
    assert gap.source == "machine"
    marks = rows(counting_site.database_path, "SELECT mark, at_utc FROM client_watch")
    assert [(m["mark"], m["at_utc"]) for m in marks] == [("resumed", "2026-03-11T10:40:00.000Z")]

    # An hour later the morning is a no-signal loss, not run time: 06:00-11:40 less the break
    # is 5 h 10 min of planned time nobody watched.
    now = FIRST_READING + timedelta(hours=1)
    kpi = machine_kpi(
        "PRESS-1",
        Interval(SHIFT_START, now),
        (BREAK,),
        no_signal(counting_site),
        Counts(),
        0.5,
        classifier(bundled_catalogue()),
        now,
    )
    assert kpi.downtime_s == pytest.approx(5 * 3600 + 10 * 60)
    assert kpi.run_s == pytest.approx(3600)

    # The next start of the same PC is not a first watch: what it missed is the gap from its
    # own stop mark, never the morning again.
    first.stop()
    clock.advance(600)
    set_counters(plc, 5100, 10)
    again = Client(qtbot, counting_site, clock)
    clients.append(again)
    again.sees(5100, 10)
    qtbot.waitUntil(lambda: len(no_signal(counting_site)) == 2, timeout=5_000)
    later = [e for e in no_signal(counting_site) if e.event_id != gap.event_id]
    assert later[0].start_utc >= FIRST_READING
