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

# What is measured is the line PC's memory; the server is only where the records go. So these
# run on the first database of --server-db only (SQLite by default), not once per database.
pytestmark = pytest.mark.one_server_db


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


def drains_in_bounded_memory(device: Device, small: int, big: int) -> None:
    device.queue(small)
    small_peak, small_delivered = drain_peak(device)
    device.queue(big)
    big_peak, big_delivered = drain_peak(device)
    assert (small_delivered, big_delivered) == (small, big)
    # Many times the backlog, not many times the memory.
    assert big_peak < 2 * small_peak, (small_peak, big_peak)
    device.assert_delivered_exactly_once()


@pytest.mark.slow
def test_fifty_thousand_records_drain_in_bounded_memory(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    drains_in_bounded_memory(big_batches(make_device(region, line="L-WEEK")), 5_000, 50_000)


def test_drain_memory_does_not_follow_the_backlog(
    region: ThreadServer, make_device: Callable[..., Device]
) -> None:
    drains_in_bounded_memory(big_batches(make_device(region, line="L-DAY")), 500, 4_000)
