"""The maturity model's rules, on each database: thresholds pass and fail where they should,
each measure comes from the synced records as defined, a plant's level is the highest it holds
with the levels before it, the next-plant view ranks by readiness, and modules above a plant's
level are refused and stay off in the bundle its line PCs get."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regional_server import (
    bundles,
    data_quality,
    database,
    maturity,
    plant_modules,
    proposals,
    records,
    revision_facts,
    tokens,
)
from regional_server.database import Connection, Connections
from regional_server.maturity import DEFAULTS, ModelProblem
from shopfloor_core.contract import EVENT_REVISION
from shopfloor_core.domain.clock import to_iso
from shopfloor_core.domain.events import Change, EventRevision, Stamp, revise
from shopfloor_core.revision_rows import revision_to_row
from tests.regional_web.conftest import START
from tests.regional_web.stops import stop, store_as_line_pc, week_of_stops

NOW = START
WEEK = timedelta(days=7)


# -- thresholds, as a table and as a property -----------------------------------------------------
@pytest.mark.parametrize(
    ("op", "value", "threshold", "passed", "short"),
    [
        ("at_least", 0.90, 0.9, True, 0.0),
        ("at_least", 0.8999, 0.9, False, pytest.approx(0.0001 / 0.9)),
        ("at_least", 0.45, 0.9, False, 0.5),
        ("at_most", 0.05, 0.05, True, 0.0),
        ("at_most", 0.06, 0.05, False, pytest.approx(0.2)),
        ("at_most", 7200, 3600, False, 1.0),
        ("above", 0.0, 0.0, False, 0.0 + 0.0),  # flat is not a trend up
        ("above", 0.001, 0.0, True, 0.0),
        ("above", -0.02, 0.0, False, pytest.approx(0.02)),
        ("at_least", None, 0.9, False, 1.0),  # nothing measured is no evidence
        ("at_most", None, 0.05, False, 1.0),
    ],
)
def test_thresholds(
    op: str, value: float | None, threshold: float, passed: bool, short: object
) -> None:
    assert maturity.passes(op, value, threshold) is passed
    if passed:
        assert maturity.shortfall(op, value, threshold) == 0.0
    elif value is not None and value == threshold:
        assert maturity.shortfall(op, value, threshold) == 0.0 or op == "above"
    else:
        assert maturity.shortfall(op, value, threshold) == short


@given(
    op=st.sampled_from(maturity.OPS),
    value=st.floats(-1e6, 1e6, allow_nan=False),
    threshold=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_a_gate_passes_exactly_when_nothing_is_short(
    op: str, value: float, threshold: float
) -> None:
    passed = maturity.passes(op, value, threshold)
    short = maturity.shortfall(op, value, threshold)
    assert 0.0 <= short <= 1.0
    if passed:
        assert short == 0.0
    # Moving a failing value towards the threshold never makes it further from passing.
    if not passed:
        closer = (value + threshold) / 2
        assert maturity.shortfall(op, closer, threshold) <= short


def test_the_trend_is_a_least_squares_slope() -> None:
    assert maturity.slope([(0, 0.60), (1, 0.62), (2, 0.64), (3, 0.66)]) == pytest.approx(0.02)
    assert maturity.slope([(0, 0.7), (1, 0.6), (2, 0.7), (3, 0.6)]) < 0
    assert maturity.slope([(0, 0.5), (2, 0.5), (7, 0.5)]) == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(levels=[]), "A model is an object with a list of levels."),
        (lambda m: m["levels"][1].update(code="connected"), "Level {code} appears twice."),
        (lambda m: m["levels"][0].update(gates=[]), "Level {code} needs at least one gate."),
        (
            lambda m: m["levels"][0]["gates"][0].update(measure="happiness"),
            "A gate of level {code} measures one of: {known}.",
        ),
        (
            lambda m: m["levels"][0]["gates"][0].update(value="seven"),
            "A gate of level {code} needs op (at_least, at_most or above) and a number.",
        ),
        (
            lambda m: m["levels"][1]["gates"][0].update(weeks=0),
            "A gate of level {code} covers 1 to {most} weeks.",
        ),
        (
            lambda m: m["modules"].update(trends="gold"),
            "Module {module} needs level {level}, which the model does not have.",
        ),
    ],
)
def test_a_model_the_region_cannot_use_is_refused(change: object, message: str) -> None:
    document = copy.deepcopy(maturity.DEFAULT_MODEL)
    change(document)  # type: ignore[operator]
    with pytest.raises(ModelProblem) as refused:
        maturity.check_model(document)
    assert refused.value.message == message


# -- measured on the synced records ---------------------------------------------------------------
@pytest.fixture
def region(server_database: str | Path) -> Iterator[Connections]:
    connections = Connections(server_database)
    with connections.write() as conn:
        bundles.publish(conn, proposals.bundled_standards(), now=START - 60 * WEEK)
    yield connections
    connections.close()


def deliver(
    conn: Connection, plant: str, revisions: list[EventRevision], *, received_after: timedelta
) -> None:
    """Store revisions as the server does for a push, each batch received ``received_after``
    its newest revision was recorded (the server's clock)."""
    incoming = [
        records.Incoming(EVENT_REVISION, rev.revision_id, revision_to_row(rev)) for rev in revisions
    ]
    newest = max(rev.recorded_utc for rev in revisions)
    store_as_line_pc(
        conn, plant, incoming, issued=START - 60 * WEEK, received=newest + received_after
    )


def stamp(plant: str) -> Stamp:
    return Stamp(device=f"PC-{plant}", plant=plant, area="A1", line="L1", zone="Europe/Madrid")


def weeks_of_stops(conn: Connection, plant: str, weeks: tuple[int, ...], named: int) -> None:
    """10 stops in each of the given weeks back from now, ``named`` of them in the shift."""
    for k in weeks:
        start = NOW - WEEK * k
        week = week_of_stops(stamp(plant), "PRESS-1", start, count=10, named_in_shift=named)
        deliver(conn, plant, week, received_after=timedelta(minutes=1))


def four_weeks_of_stops(conn: Connection, plant: str) -> None:
    """Four weeks: 20 stops a week to name; the oldest week named 17 in the shift (85 %), the
    others 19 (95 %); 1 of the named in "Other" each week; 1 no-signal stop a week."""
    for k, in_shift in ((4, 17), (3, 19), (2, 19), (1, 19)):
        week = week_of_stops(
            stamp(plant),
            "PRESS-1",
            NOW - WEEK * k,
            count=20,
            named_in_shift=in_shift,
            other=1,
            no_signal=1,
        )
        # Each week's records arrive in one push, 10 minutes after the newest.
        deliver(conn, plant, week, received_after=timedelta(minutes=10))


def test_the_measures_and_the_level_come_from_the_synced_records(region: Connections) -> None:
    with region.write() as conn:
        four_weeks_of_stops(conn, "VAL")
    with region.read() as conn:
        result = maturity.evaluate(conn, "VAL", NOW, DEFAULTS)
    gates = {g.gate["measure"]: g for level in result.levels for g in level.gates}
    assert gates["days_since_sync"].passed
    named = gates["named_in_shift_share"]
    assert named.measured.value == pytest.approx(17 / 20)  # the worst of the four weeks
    assert not named.passed
    assert [(d.values["named"], d.values["to_name"]) for d in named.measured.detail] == [
        (17, 20),
        (19, 20),
        (19, 20),
        (19, 20),
    ]
    assert [d.values["share"] for d in named.measured.detail] == pytest.approx(
        [0.85, 0.95, 0.95, 0.95]
    )
    assert "catalogue 2026.11-R1" in named.measured.source
    assert gates["other_share"].measured.value == pytest.approx(4 / 80)
    assert gates["other_share"].passed  # 5 % is allowed
    assert gates["no_signal_share"].measured.value == pytest.approx(4 / 84)
    assert not gates["no_signal_share"].passed
    # Every revision of a push waits for the push's newest: up to the week's span.
    assert gates["sync_lag_p95_s"].measured.value is not None
    assert gates["sync_lag_p95_s"].measured.value > 3600
    assert result.level is not None
    assert result.level.code == "connected"
    assert result.next_level is not None
    assert result.next_level.code == "adopted"
    assert result.readiness == (0, 1, pytest.approx(1 - (17 / 20) / 0.9))


def test_a_plant_moves_up_when_its_records_cross_the_threshold(region: Connections) -> None:
    with region.write() as conn:
        weeks_of_stops(conn, "ZAR", (3, 2, 1), named=10)
    with region.read() as conn:
        before = maturity.evaluate(conn, "ZAR", NOW, DEFAULTS)
    assert before.level is not None
    assert before.level.code == "connected"
    with region.write() as conn:
        late_backlog = week_of_stops(
            stamp("ZAR"), "PRESS-1", NOW - WEEK * 4, count=10, named_in_shift=9
        )
        deliver(conn, "ZAR", late_backlog, received_after=timedelta(minutes=1))
    with region.read() as conn:
        after = maturity.evaluate(conn, "ZAR", NOW, DEFAULTS)
    assert after.level is not None
    assert after.level.code == "adopted"
    assert after.next_level is not None
    assert after.next_level.code == "clean_data"


def test_a_level_needs_the_levels_before_it(region: Connections) -> None:
    with region.write() as conn:
        maturity.grant_reference(conn, "VAL", granted=True, reason="showcase", actor="ada", now=NOW)
    with region.read() as conn:
        result = maturity.evaluate(conn, "VAL", NOW, DEFAULTS)
    reference = result.levels[-1]
    assert reference.passed
    assert not reference.held
    assert result.level is None


def test_the_next_plant_is_the_readiest(region: Connections) -> None:
    with region.write() as conn:
        for plant, named in (("VAL", 8), ("ZAR", 5), ("MAD", 10)):
            weeks_of_stops(conn, plant, (4, 3, 2, 1), named=named)
    with region.read() as conn:
        found = [
            maturity.evaluate(conn, p, NOW, DEFAULTS, up_to_next=True)
            for p in ("ZAR", "VAL", "MAD")
        ]
        full = [maturity.evaluate(conn, p, NOW, DEFAULTS) for p in ("ZAR", "VAL", "MAD")]
    # Measuring only up to the next level decides the same levels and readiness.
    assert [(r.level, r.readiness) for r in found] == [(r.level, r.readiness) for r in full]
    ranked = maturity.ranked_for_next_step(found, DEFAULTS)
    # MAD is adopted, and 2 of the 3 gates of clean data pass (its pushes came days late);
    # VAL and ZAR pass 0 of 1 gate towards adopted, VAL's 80 % closer to 90 % than ZAR's 50 %.
    assert [r.plant for r in ranked] == ["MAD", "VAL", "ZAR"]
    assert ranked[0].readiness[:2] == (2, 3)


def test_a_module_above_the_plants_level_is_refused_and_stays_off(region: Connections) -> None:
    with region.write() as conn:
        weeks_of_stops(conn, "VAL", (4, 3, 2, 1), named=10)
    with region.write() as conn:
        result = maturity.evaluate(conn, "VAL", NOW, DEFAULTS)
        assert result.level is not None
        assert result.level.code == "adopted"
        plant_modules.switch(conn, result, DEFAULTS, "trends", on=True, actor="carla", now=NOW)
        with pytest.raises(ModelProblem) as refused:
            plant_modules.switch(
                conn, result, DEFAULTS, "workflows", on=True, actor="carla", now=NOW
            )
        assert refused.value.values["needed"] == "clean_data"
    with region.read() as conn:
        published = bundles.current(conn, "VAL")
        assert published is not None
        document, etag = plant_modules.served_bundle(
            conn, "VAL", published.document, published.version, DEFAULTS
        )
        other, other_etag = plant_modules.served_bundle(
            conn, "ZAR", published.document, published.version, DEFAULTS
        )
    assert document["modules"] == {"trends": True, "workflows": False, "shift_summary": False}
    assert other["modules"] == {"trends": False, "workflows": False, "shift_summary": False}
    assert etag != other_etag
    # Switching off is always allowed, and kept as a new entry.
    with region.write() as conn:
        plant_modules.switch(conn, result, DEFAULTS, "trends", on=False, actor="carla", now=NOW)
        assert plant_modules.switched(conn, "VAL") == {"trends": False}
        assert conn.execute("SELECT count(*) FROM plant_modules").fetchone()[0] == 2


def test_the_model_is_versioned(region: Connections) -> None:
    stricter = copy.deepcopy(maturity.DEFAULT_MODEL)
    stricter["levels"][1]["gates"][0]["value"] = 0.95
    with region.write() as conn:
        assert maturity.model_in_force(conn).version == 0
        with pytest.raises(ModelProblem):
            maturity.change_model(conn, stricter, actor="ada", reason=" ", now=NOW)
        made = maturity.change_model(
            conn, stricter, actor="ada", reason="pilot plants reach 95 %", now=NOW
        )
    with pytest.raises(Exception, match="never changed"), region.write() as conn:
        conn.execute("UPDATE maturity_models SET reason = 'x'")
    with region.read() as conn:
        assert maturity.model_in_force(conn).version == made.version
        assert maturity.model_in_force(conn).levels[1]["gates"][0]["value"] == 0.95
        assert [m.version for m in maturity.model_history(conn)] == [made.version]


def test_sync_lag_is_the_95th_percentile_of_received_minus_recorded(region: Connections) -> None:
    with region.write() as conn:
        for minutes in range(1, 21):  # 20 revisions, received 1..20 minutes after recording
            revisions = stop(
                stamp("VAL"), "PRESS-1", NOW - timedelta(days=1, minutes=minutes), named_after=None
            )
            deliver(conn, "VAL", revisions, received_after=timedelta(minutes=minutes))
    with region.read() as conn:
        lag = data_quality.sync_lag(conn, "VAL", NOW - WEEK, NOW)
    assert lag.revisions == 20
    assert lag.p95_s == pytest.approx(19 * 60, abs=0.01)  # nearest rank: the 19th of 20


def test_plants_running_at_the_upgrade_keep_their_modules(
    server_database: str | Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = [m for m in database.MIGRATIONS if m.__name__ != "m009_maturity"]
    monkeypatch.setattr(database, "MIGRATIONS", before)
    old = Connections(server_database)
    with old.write() as conn:
        tokens.issue(conn, role=tokens.DEVICE, plant="VAL", area="A", line="L1", device="PC")
        region_bundle = proposals.bundled_standards()
        region_bundle["modules"] = {"trends": False, "workflows": True}
        bundles.publish(conn, region_bundle, now=START)
    old.close()
    monkeypatch.undo()
    upgraded = Connections(server_database)
    try:
        with upgraded.write() as conn:
            tokens.issue(conn, role=tokens.DEVICE, plant="NEW", area="A", line="L1", device="PC")
        with upgraded.read() as conn:
            published = bundles.current(conn, "VAL")
            assert published is not None
            model = maturity.model_in_force(conn)
            running, _ = plant_modules.served_bundle(
                conn, "VAL", published.document, published.version, model
            )
            new, _ = plant_modules.served_bundle(
                conn, "NEW", published.document, published.version, model
            )
    finally:
        upgraded.close()
    assert running["modules"] == {"trends": False, "workflows": True, "shift_summary": True}
    assert new["modules"] == {"trends": False, "workflows": False, "shift_summary": False}


def count_report(at: datetime, good: int) -> records.Incoming:
    """One production count report of PRESS-1: ``good`` parts in its first minute at ``at``."""
    record_id = f"count-{at.isoformat()}"
    payload = {
        "report_id": record_id,
        "machine_id": "PRESS-1",
        "ideal_cycle_time_s": 1.0,
        "buckets": [{"bucket_utc": to_iso(at), "good": good, "reject": 0}],
    }
    return records.Incoming("production_count", record_id, payload)


def eight_weeks_of_counts(conn: Connection, plant: str, step: int) -> None:
    """PRESS-1's parts over the last eight weeks, each week ``step`` more than the week before,
    each week's report received as it was counted."""
    for k in range(8, 0, -1):  # oldest first
        at = (NOW - WEEK * k + timedelta(hours=2)).replace(second=0, microsecond=0)
        report = count_report(at, 30_000 + step * (8 - k))
        store_as_line_pc(conn, plant, [report], issued=START - 60 * WEEK, received=at)


@pytest.mark.parametrize(("step", "moves"), [(2_000, True), (-2_000, False), (0, False)])
def test_kpi_movement_is_the_trend_of_weekly_oee(
    region: Connections, step: int, moves: bool
) -> None:
    with region.write() as conn:
        eight_weeks_of_counts(conn, "VAL", step)
    with region.read() as conn:
        measured = maturity.Measures(conn, "VAL", NOW).measure(
            {"measure": "oee_weekly_slope", "op": "above", "value": 0, "weeks": 8}
        )
    assert measured.value is not None
    assert (measured.value > 0) is moves
    assert len(measured.detail) == 8


def test_the_revisions_facts_kept_at_push_are_what_the_upgrade_backfills(
    region: Connections,
) -> None:
    """The measures read each revision's reason, author, recorded time and lag from columns
    kept as it is stored; a server upgraded in place makes the same columns from its records."""
    with region.write() as conn:
        weeks_of_stops(conn, "VAL", (2, 1), named=7)
        pushed = conn.execute("SELECT * FROM revision_facts ORDER BY record_id").fetchall()
        stored = conn.execute(
            "SELECT count(*) FROM records WHERE kind = 'event_revision'"
        ).fetchone()[0]
        conn.execute("DELETE FROM revision_facts")
        revision_facts.backfill(conn)
        backfilled = conn.execute("SELECT * FROM revision_facts ORDER BY record_id").fetchall()
    assert len(pushed) == stored > 0
    assert [tuple(row) for row in backfilled] == [tuple(row) for row in pushed]
    assert {row[8] for row in pushed} == {0, 1}  # named by a person and not
    assert all(row[5] is not None and row[5] >= 60_000 for row in pushed)  # 1 min after


def test_the_heads_columns_kept_at_push_are_what_the_upgrade_fills(region: Connections) -> None:
    """The stops' measures filter each head on its kind, voided and reason from columns kept
    as the head is written; a server upgraded in place fills the same columns from the heads'
    payloads (m014), and both say what the payload says."""
    with region.write() as conn:
        weeks_of_stops(conn, "VAL", (2, 1), named=7)
        jam = stop(stamp("VAL"), "PRESS-1", NOW - timedelta(days=3), named_after=timedelta(hours=1))
        voided = revise(jam[-1], change=Change.VOIDED, author="op-2", recorded_utc=NOW, why="twice")
        unnamed = stop(stamp("VAL"), "WELD-1", NOW - timedelta(days=2), named_after=None)
        deliver(conn, "VAL", [*jam, voided, *unnamed], received_after=timedelta(minutes=1))
        read = "SELECT event_id, kind, voided, reason, payload FROM event_heads ORDER BY event_id"
        pushed = [tuple(row) for row in conn.execute(read).fetchall()]
        conn.execute("DROP INDEX idx_event_heads_started")
        for column in data_quality.HEAD_COLUMNS:
            conn.execute(f"ALTER TABLE event_heads DROP COLUMN {column}")
        data_quality.add_head_columns(conn)
        filled = [tuple(row) for row in conn.execute(read).fetchall()]
    assert filled == pushed
    for _, kind, voided_text, reason, payload in pushed:
        stored = json.loads(payload)
        assert (kind, reason) == (stored["kind"], stored.get("reason_code"))
        assert (voided_text in ("0", "false")) is (not stored["voided"])
    assert {row[2] for row in pushed} - {"0", "false"}  # the voided head is one of them
    assert {row[3] for row in pushed} >= {None, "EQP.MEC.JAM"}
