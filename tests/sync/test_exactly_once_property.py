"""Property: whatever the interleaving of captures, failures and retries, once the link is
good again and a round completes, the server holds each record exactly once and the outbox is
empty."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.conftest import (
    CUT_REQUEST,
    DROP_ANSWER,
    GATEWAY_503,
    SERVER_500,
    Device,
    Fault,
    FaultyLink,
    ThreadServer,
)

FAULTS = st.sampled_from(["pass", DROP_ANSWER, CUT_REQUEST, GATEWAY_503, SERVER_500])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("capture"), st.integers(1, 30)),
        st.tuples(st.just("round"), st.lists(FAULTS, max_size=4)),
        st.tuples(st.just("restart-client"), st.none()),
    ),
    min_size=1,
    max_size=8,
)
_names = iter(range(1, 10**6))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS, batch_size=st.integers(1, 25))
def test_exactly_once_after_any_interleaving(
    region: ThreadServer, steps: list[tuple[str, object]], batch_size: int
) -> None:
    link = FaultyLink(region.port)
    with tempfile.TemporaryDirectory() as folder:
        device = Device(Path(folder), region, link.url, "VAL", "L2", f"P-{next(_names)}")
        assert device.site.sync is not None
        device.site = replace(device.site, sync=replace(device.site.sync, batch_size=batch_size))
        try:
            for action, argument in steps:
                if action == "capture":
                    assert isinstance(argument, int)
                    device.capture(argument)
                elif action == "round":
                    assert isinstance(argument, list)
                    link.plan(*[Fault(kind) for kind in argument])
                    device.sync_round()
                    link.faults.clear()
                else:
                    # A restart forgets nothing: the outbox and sync state live in the file.
                    device.store.close()
                    device.store = device.store.open(device.site.database_path)
            healed = device.sync_round()
            assert healed.status.online, healed.status
            device.assert_delivered_exactly_once()
        finally:
            device.store.close()
            link.close()
