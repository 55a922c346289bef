"""The regional summary reads rollups, and they always equal a recomputation from the records.

Pushes arrive in any order, in any batches, some twice, and events are corrected (new reason,
new times, voided) or still going: whatever the sequence, the summary the rollups give equals
the one worked out from the raw records (``summary(..., from_records=True)``), on SQLite and
PostgreSQL. Availability follows the plant's shift calendar from its bundle, and two pushers
racing on PostgreSQL never lose a count.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regional_server import bundles, rollups, tokens
from regional_server.database import Connections
from regional_server.records import Incoming, store_records
from regional_server.summary import summary
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.ids import new_id
from shopfloor_core.standards.shift_calendar import regional_calendars
from tests.sync.conftest import standard_bundle
from tests.sync.test_regional_summary import a_revision

# 08:00-14:00 UTC on a Monday in November: 09:00-14:00 in Madrid, with the early shift's
# break at 10:00 local (09:00Z) and the late shift starting at 14:00 local (13:00Z).
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SPAN_MIN = 6 * 60
MACHINES = ("PRESS-1", "WELD-1")
REASONS = (None, "EQP.MEC.JAM", "PLN.CHG.PRD", "MAT.SHT", "SYS.MICRO")
PLANT = "VAL"
LINES = itertools.count()
MADRID_CALENDAR = regional_calendars() | {"zone": "Europe/Madrid"}


def revision(
    event_id: str,
    seq: int,
    machine: str,
    start: datetime,
    end: datetime | None,
    reason: str | None,
    *,
    line: str,
    voided: bool = False,
    kind: str = "downtime",
    quantity: int | None = None,
) -> Incoming:
    payload = a_revision().payload | {
        "revision_id": new_id(),
        "event_id": event_id,
        "seq": seq,
        "kind": kind,
        "machine_id": machine,
        "reason_code": reason if kind == "downtime" else "SCR.DIM.OVR",
        "quantity": quantity,
        "start_utc": to_iso(start),
        "end_utc": to_iso(end) if end else None,
        "line": line,
        "device": f"{line}-PC",
        "change": "created" if seq == 1 else "recategorized",
        "voided": voided,
    }
    return Incoming("event_revision", payload["revision_id"], payload)


def report(machine: str, first_minute: int, goods: list[int], reject: int, cycle: float | None):  # type: ignore[no-untyped-def]
    buckets = [
        {
            "bucket_utc": to_iso(T0 + timedelta(minutes=first_minute + i)),
            "good": good,
            "reject": reject if i == 0 else 0,
        }
        for i, good in enumerate(goods)
    ]
    rid = new_id()
    payload = {
        "report_id": rid,
        "machine_id": machine,
        "ideal_cycle_time_s": cycle,
        "buckets": buckets,
    }
    return Incoming("production_count", rid, payload)


minute = st.integers(min_value=-30, max_value=SPAN_MIN + 30)
stop = st.tuples(
    st.sampled_from(MACHINES),
    minute,
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),  # None: still going
    st.sampled_from(REASONS),
    st.integers(min_value=0, max_value=999),  # milliseconds, so times are not whole minutes
)
correction = st.tuples(
    st.integers(min_value=0, max_value=50),  # which stop
    st.integers(min_value=-40, max_value=40),  # moved by minutes
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    st.sampled_from(REASONS),
    st.booleans(),  # voided
)
counts = st.tuples(
    st.sampled_from(MACHINES),
    st.integers(min_value=-20, max_value=SPAN_MIN + 10),
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=20),
    st.integers(min_value=0, max_value=5),
    st.sampled_from((None, 2.0, 2.5)),
)
scrap = st.tuples(st.sampled_from(MACHINES), minute, st.integers(min_value=1, max_value=9))
history = st.fixed_dictionaries(
    {
        "stops": st.lists(stop, min_size=1, max_size=12),
        "corrections": st.lists(correction, max_size=10),
        "counts": st.lists(counts, max_size=6),
        "scrap": st.lists(scrap, max_size=3),
        "order": st.randoms(use_true_random=False),
        "batch": st.integers(min_value=1, max_value=7),
        "duplicates": st.integers(min_value=0, max_value=4),
        "now_min": st.sampled_from((SPAN_MIN + 60, 200, 95)),
    }
)


def records_of(plan: dict[str, Any], line: str) -> list[Incoming]:
    at = lambda m, ms=0: T0 + timedelta(minutes=m, milliseconds=ms)  # noqa: E731
    out: list[Incoming] = []
    events = []
    for machine, start, length, reason, ms in plan["stops"]:
        event_id = new_id()
        end = at(start + length, ms) if length is not None else None
        out.append(revision(event_id, 1, machine, at(start), end, reason, line=line))
        events.append([event_id, machine, start, 1])
    for which, moved, length, reason, voided in plan["corrections"]:
        event = events[which % len(events)]
        event[3] += 1
        start = event[2] + moved
        end = at(start + length) if length is not None else None
        out.append(
            revision(event[0], event[3], event[1], at(start), end, reason, line=line, voided=voided)
        )
    for machine, first, goods, reject, cycle in plan["counts"]:
        out.append(report(machine, first, goods, reject, cycle))
    for machine, when, quantity in plan["scrap"]:
        out.append(
            revision(
                new_id(),
                1,
                machine,
                at(when),
                at(when),
                None,
                line=line,
                kind="scrap",
                quantity=quantity,
            )
        )
    return out


WINDOWS = (
    (0, SPAN_MIN),  # whole hours
    (17, SPAN_MIN - 17),  # parts of hours at both ends
    (-60, 150),
    (61, 62),  # inside one hour
)
COMPARED = (
    "events",
    "machines",
    "downtime_s",
    "planned_downtime_s",
    "planned_production_s",
    "availability",
    "scrap_quantity",
    "good_count",
    "reject_count",
    "performance",
    "quality",
)


def assert_same(ours: dict[str, Any], recomputed: dict[str, Any], context: str) -> None:
    for name in COMPARED:
        assert ours[name] == pytest.approx(recomputed[name], abs=1e-6), (name, context)
    assert ours["oee"]["value"] == pytest.approx(recomputed["oee"]["value"], abs=1e-9), context
    assert ours["shift_calendar"] == recomputed["shift_calendar"], context
    mine = {r["reason_code"]: r["seconds"] for r in ours["downtime_by_reason"]}
    theirs = {r["reason_code"]: r["seconds"] for r in recomputed["downtime_by_reason"]}
    assert mine == pytest.approx(theirs, abs=1e-6), context


@pytest.fixture(scope="module")
def rolled(new_database: Callable[[str], str | Path]) -> Any:
    connections = Connections(new_database("rollups"), pool_size=4)
    with connections.write() as conn:
        bundles.publish(conn, standard_bundle(shift_calendar=MADRID_CALENDAR), plant=PLANT)
    yield connections
    connections.close()


@pytest.fixture
def server_database(rolled: Connections) -> Connections:  # makes the test run on each db
    return rolled


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=history)
def test_the_rollups_always_equal_a_recomputation_from_the_records(
    server_database: Connections, plan: dict[str, Any]
) -> None:
    connections = server_database
    line = f"P{next(LINES)}"
    records = records_of(plan, line)
    pushes = records + [plan["order"].choice(records) for _ in range(plan["duplicates"])]
    plan["order"].shuffle(pushes)
    now = T0 + timedelta(minutes=plan["now_min"])
    with connections.write() as conn:
        _, who = tokens.issue(
            conn, role=tokens.DEVICE, plant=PLANT, area="ASSEMBLY", line=line, device=f"{line}-PC"
        )
    for i in range(0, len(pushes), plan["batch"]):
        with connections.write() as conn:
            answers = store_records(conn, who, pushes[i : i + plan["batch"]], now)
        assert all(a.outcome.value != "rejected" for a in answers), answers
    with connections.read() as conn:
        for low, high in WINDOWS:
            start, end = T0 + timedelta(minutes=low), T0 + timedelta(minutes=high)
            ours = {e["line"]: e for e in summary(conn, start, end, now, plant=PLANT)}[line]
            again = summary(conn, start, end, now, plant=PLANT, from_records=True)
            assert_same(ours, {e["line"]: e for e in again}[line], f"{low}..{high} now {now}")


def test_breaks_and_time_outside_shifts_are_not_downtime(server_database: Connections) -> None:
    """A stop over the 10:00 break (local) and into the night counts only its shift minutes."""
    connections = server_database
    line = f"CAL{next(LINES)}"
    with connections.write() as conn:
        _, who = tokens.issue(
            conn, role=tokens.DEVICE, plant=PLANT, area="ASSEMBLY", line=line, device=f"{line}-PC"
        )
        # 09:50-10:40 local: 30 minutes of it are the early shift's break.
        jam = revision(
            new_id(),
            1,
            "PRESS-1",
            T0 + timedelta(minutes=50),
            T0 + timedelta(minutes=100),
            "EQP.MEC.JAM",
            line=line,
        )
        store_records(conn, who, [jam, report("PRESS-1", 0, [10] * 60, 0, 2.0)], T0 + 6 * HOUR)
    with connections.read() as conn:
        (entry,) = [
            e
            for e in summary(conn, T0, T0 + 2 * HOUR, T0 + 6 * HOUR, plant=PLANT)
            if e["line"] == line
        ]
    assert entry["downtime_s"] == 20 * 60  # 50 minutes stopped, 30 of them the break
    assert entry["planned_downtime_s"] == 30 * 60
    assert entry["planned_production_s"] == 90 * 60
    assert entry["availability"] == pytest.approx(70 / 90)
    assert entry["shift_calendar"]["breaks_s"] == 30 * 60
    assert entry["shift_calendar"]["zone"] == "Europe/Madrid"
    assert "shift calendar" in entry["availability_method"]


HOUR = timedelta(hours=1)


def test_two_pushers_racing_on_postgresql_never_lose_a_count(
    server_database: Connections, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections = server_database
    if connections.dialect != "postgresql":
        pytest.skip("SQLite has one writer; the race is PostgreSQL's")
    line = "RACE"
    if True:
        with connections.write() as conn:
            whos = [
                tokens.issue(
                    conn,
                    role=tokens.DEVICE,
                    plant=PLANT,
                    area="ASSEMBLY",
                    line=line,
                    device=f"{line}-PC",
                )[1]
                for _ in range(2)
            ]
        # Both pushers report the same minutes, stop the same machine over the same minutes
        # (one stop each, overlapping: the union counts) and move their earlier stops to
        # other hours, so they work out the same rollup rows at once.
        now = T0 + 8 * HOUR
        failures: list[BaseException] = []
        go = threading.Barrier(2)
        # Each transaction waits a moment for the other to be working out its hours too, so
        # they overlap whenever the server lets them (it must not, for a line's hours).
        together = threading.Condition()
        inside = [0]
        work_out = rollups.refresh_hours

        def meeting(*args: Any, **kwargs: Any) -> rollups.Deltas:
            with together:
                inside[0] += 1
                together.notify_all()
                together.wait_for(lambda: inside[0] >= 2, timeout=0.3)
            return work_out(*args, **kwargs)

        monkeypatch.setattr(rollups, "refresh_hours", meeting)

        def pusher(index: int) -> None:
            mine: list[str] = []
            try:
                go.wait()
                for round_ in range(12):
                    start = T0 + timedelta(minutes=10 * round_)
                    mine.append(new_id())
                    batch = [
                        report("PRESS-1", round_ * 3, [1, 2, 3], 1, 2.0),
                        revision(
                            mine[-1],
                            1,
                            "PRESS-1",
                            start,
                            start + timedelta(minutes=6 + index),
                            REASONS[1 + index],
                            line=line,
                        ),
                    ]
                    if round_ >= 3:
                        moved = T0 + timedelta(minutes=10 * (round_ - 3) + 65)
                        batch.append(
                            revision(
                                mine[-4],
                                2,
                                "PRESS-1",
                                moved,
                                moved + timedelta(minutes=5),
                                REASONS[2 - index],
                                line=line,
                            )
                        )
                    with connections.write() as conn:
                        store_records(conn, whos[index], batch, now)
                    with together:
                        inside[0] -= 1
            except Exception as exc:  # noqa: BLE001 (reported to the test below)
                failures.append(exc)

        threads = [threading.Thread(target=pusher, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures
        with connections.read() as conn:
            window = (T0 - HOUR, T0 + 4 * HOUR, now)
            (ours,) = [e for e in summary(conn, *window, plant=PLANT) if e["line"] == line]
            (again,) = [
                e
                for e in summary(conn, *window, plant=PLANT, from_records=True)
                if e["line"] == line
            ]
        assert ours["good_count"] == 2 * 12 * 6
        assert ours["reject_count"] == 2 * 12
        assert_same(ours, again, "two pushers")
