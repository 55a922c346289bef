"""Corrections never overwrite: property tests over revision chains in a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from local_store import EventStore, StaleRevision
from shopfloor_core.domain.catalogue import Catalogue, CategoryKind
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import Change, EventKind, Source, Stamp, first_revision, revise

STAMP = Stamp("pc", "VAL", "ASSEMBLY", "L1", "Europe/Madrid")
T0 = datetime(2026, 11, 1, 6, tzinfo=UTC)


def downtime() -> object:
    return first_revision(
        kind=EventKind.DOWNTIME,
        machine_id="PRESS-1",
        start_utc=T0,
        end_utc=None,
        reason_code=None,
        catalogue_version=None,
        quantity=None,
        note="",
        source=Source.MACHINE,
        author="system:PRESS-1",
        recorded_utc=T0,
        stamp=STAMP,
    )


def test_a_correction_needs_a_reason() -> None:
    rev = revise(
        downtime(),  # type: ignore[arg-type]
        change=Change.CATEGORIZED,
        author="op",
        recorded_utc=T0,
        reason_code="EQP.MEC.JAM",
        catalogue_version="v1",
    )
    with pytest.raises(RuleViolation) as err:
        revise(
            rev,
            change=Change.RECATEGORIZED,
            author="sup",
            recorded_utc=T0,
            reason_code="EQP.MEC.BRK",
            catalogue_version="v1",
        )
    assert err.value.code == "reason_required"


def test_the_file_itself_refuses_to_rewrite_history(store: EventStore) -> None:
    store.append([downtime()])  # type: ignore[list-item]
    with pytest.raises(Exception, match="append-only"):
        store.db.execute("UPDATE event_revisions SET note = 'x'")
    with pytest.raises(Exception, match="never deleted"):
        store.db.execute("DELETE FROM events")


def test_two_stations_revising_the_same_event_cannot_both_win(store: EventStore) -> None:
    first = downtime()
    store.append([first])  # type: ignore[list-item]
    a = revise(first, change=Change.ANNOTATED, author="a", recorded_utc=T0, note="a")  # type: ignore[arg-type]
    b = revise(first, change=Change.ANNOTATED, author="b", recorded_utc=T0, note="b")  # type: ignore[arg-type]
    store.append([a])
    with pytest.raises(StaleRevision):
        store.append([b])


steps = st.lists(
    st.tuples(
        st.sampled_from(["categorize", "recategorize", "annotate", "end", "retime"]),
        st.sampled_from(["EQP.MEC.JAM", "MAT.SHT", "PLN.CHG.PRD", "OTH"]),
        st.text(alphabet="abc ", max_size=8),
        st.integers(1, 120),
    ),
    max_size=12,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_every_revision_is_kept_in_order_with_who_when_and_why(
    store: EventStore, catalogue: Catalogue, steps: list[tuple[str, str, str, int]]
) -> None:
    current = downtime()
    store.append([current])  # type: ignore[list-item]
    accepted = [current]
    for action, code, text, minutes in steps:
        catalogue.require_leaf(code, CategoryKind.DOWNTIME)
        change = {
            "categorize": Change.CATEGORIZED,
            "recategorize": Change.RECATEGORIZED,
            "annotate": Change.ANNOTATED,
            "end": Change.ENDED,
            "retime": Change.RETIMED,
        }[action]
        try:
            nxt = revise(
                current,  # type: ignore[arg-type]
                change=change,
                author=f"person-{len(accepted)}",
                recorded_utc=T0 + timedelta(minutes=len(accepted)),
                why=text,
                reason_code=code,
                catalogue_version=catalogue.version,
                note=text,
                end_utc=T0 + timedelta(minutes=minutes),
            )
        except RuleViolation:
            continue
        store.append([nxt])
        accepted.append(nxt)
        current = nxt
    history = store.history(current.event_id)  # type: ignore[attr-defined]
    assert [h.revision_id for h in history] == [a.revision_id for a in accepted]  # type: ignore[attr-defined]
    assert [h.seq for h in history] == list(range(1, len(accepted) + 1))
    for h in history:
        assert h.kind is EventKind.DOWNTIME
        assert h.machine_id == "PRESS-1"
        if h.change in {Change.RECATEGORIZED, Change.RETIMED}:
            assert h.why.strip()
    assert store.current(current.event_id) == history[-1]  # type: ignore[attr-defined]
    outbox = store.db.execute(
        "SELECT count(*) FROM outbox WHERE record_id IN (SELECT revision_id FROM event_revisions "
        "WHERE event_id = ?)",
        [current.event_id],  # type: ignore[attr-defined]
    ).fetchone()[0]
    assert outbox == len(accepted)
