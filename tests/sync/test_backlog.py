"""Offline for days: a week of a busy line's records drains in bounded memory.

The drain reads one batch at a time from the outbox, so its peak memory does not grow with the
backlog: 50,000 records peak at about what 5,000 do. (Drain rate: benchmarks/outbox_drain.py.)
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from dataclasses import replace

import pytest

from tests.sync.conftest import Device, ThreadServer


def drain_peak(device: Device) -> tuple[int, int]:
    """(peak traced bytes, records delivered) of one round draining the whole outbox."""
    tracemalloc.start()
    try:
        result = device.sync_round()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status.online, result.status
    return peak, result.status.delivered


def big_batches(device: Device) -> Device:
    assert device.site.sync is not None
    device.site = replace(device.site, sync=replace(device.site.sync, batch_size=100))
    return device


@pytest.mark.slow
def test_fifty_thousand_records_drain_in_bounded_memory(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = big_batches(make_device(region, line="L-WEEK"))
    device.queue(5_000)
    small_peak, small = drain_peak(device)
    device.queue(50_000)
    big_peak, big = drain_peak(device)
    assert (small, big) == (5_000, 50_000)
    # Ten times the backlog, not ten times the memory.
    assert big_peak < 2 * small_peak, (small_peak, big_peak)
    device.assert_delivered_exactly_once()


def test_drain_memory_does_not_follow_the_backlog(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    device = big_batches(make_device(region, line="L-DAY"))
    device.queue(500)
    small_peak, _ = drain_peak(device)
    device.queue(4_000)
    big_peak, delivered = drain_peak(device)
    assert delivered == 4_000
    assert big_peak < 2 * small_peak, (small_peak, big_peak)
    device.assert_delivered_exactly_once()
