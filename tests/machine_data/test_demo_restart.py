"""The demo's press carries on counting from where the last run left it: a new random counter
at each start of the demo was recorded as a counter restart on the supervisor's screen."""

from __future__ import annotations

from datetime import UTC, datetime

from local_store import EventStore
from local_store.counter_positions import CounterPosition, save_counting
from operator_app.demo.counters import kept_counters
from operator_app.machine_data.demo import start_demo_machines
from operator_app.machine_data.device_reader import DeviceReader
from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import TagRole

CLOSED = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def test_a_restarted_demo_press_shows_the_counts_the_store_kept(site: SiteConfig) -> None:
    assert kept_counters(site) == {}  # a first start: the simulator's own values
    store = EventStore.open(site.database_path)
    try:
        save_counting(
            store.db,
            [],
            [
                CounterPosition("PRESS-1", "good_parts", 1_234_567, CLOSED),
                CounterPosition("PRESS-1", "reject_parts", 64_321, CLOSED),
            ],
        )
    finally:
        store.close()
    assert kept_counters(site) == {"PRESS-1": (1_234_567, 64_321)}

    running, simulators = start_demo_machines(site, kept_counters(site))
    press = running.machine("PRESS-1")
    assert press.connection is not None
    counters = [t for t in press.tags if t.role in (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER)]
    reader = DeviceReader(press.connection)
    try:
        _link, samples, problems = reader.read(counters, {})
    finally:
        reader.close()
        for simulator in simulators:
            simulator.stop()
    assert problems == []
    good, reject = samples["good_parts"].value, samples["reject_parts"].value
    assert isinstance(good, int)
    assert isinstance(reject, int)
    # Where it stood, give or take a part made since the start (a cycle is 2 s or more).
    assert 0 <= good - 1_234_567 <= 1
    assert 0 <= reject - 64_321 <= 1
