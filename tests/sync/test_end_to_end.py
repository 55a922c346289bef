"""End to end over real HTTP on loopback: line PCs, a faulty link, the reference server.

After every scenario the server holds each record exactly once and nothing waits in the
outbox (``Device.assert_delivered_exactly_once``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from local_store.outbox import Outbox
from operator_app.services.standards import active_catalogue, catalogue_for_version
from shopfloor_core.domain.clock import to_iso
from sync.token import write_token
from tests.sync.conftest import (
    CUT_REQUEST,
    DROP_ANSWER,
    GATEWAY_503,
    SERVER_500,
    SLOW,
    Device,
    Fault,
    FaultyLink,
    ProcessServer,
    Region,
    ThreadServer,
    standard_bundle,
)

MakeDevice = Callable[..., Device]
LinkTo = Callable[[Region], FaultyLink]


def test_a_backlog_goes_in_batches_and_a_second_round_sends_nothing(
    region: ThreadServer, make_device: MakeDevice
) -> None:
    device = make_device(region)
    device.capture(120)
    first = device.sync_round()
    assert first.status.online
    assert first.status.delivered == 120
    assert first.drained.batches == 3  # batch_size 50
    assert first.status.last_success_utc is not None
    second = device.sync_round()
    assert second.drained.batches == 0
    device.assert_delivered_exactly_once()


@pytest.mark.peer_process
@pytest.mark.parametrize("how", [CUT_REQUEST, DROP_ANSWER])
def test_server_killed_in_the_middle_of_a_batch(
    region_process: ProcessServer, make_device: MakeDevice, link_to: LinkTo, how: str
) -> None:
    """SIGKILL while the second batch is half sent (not committed) or answered (committed)."""
    link = link_to(region_process)
    device = make_device(region_process, url=link.url)
    device.capture(120)
    link.plan(Fault("pass"), Fault(how, hook=region_process.kill))

    broken = device.sync_round()
    assert not broken.status.online
    assert "server" in (broken.status.problem or "")
    assert broken.status.waiting == 70  # the first batch went through; nothing lost
    assert broken.status.last_success_utc is None

    region_process.start()
    healed = device.sync_round()
    assert healed.status.online, healed.status
    # A batch committed just before the kill comes back as duplicates, never as new rows.
    assert healed.drained.duplicates == (50 if how == DROP_ANSWER else 0)
    device.assert_delivered_exactly_once()


@pytest.mark.parametrize("lost", [1, 3])
def test_answer_lost_after_the_server_committed(
    region: ThreadServer, make_device: MakeDevice, link_to: LinkTo, lost: int
) -> None:
    """One lost answer is retried inside the call; three outlast the retries and the round."""
    link = link_to(region)
    device = make_device(region, url=link.url)
    device.capture(40)
    link.plan(*[DROP_ANSWER] * lost)
    result = device.sync_round()
    if lost == 1:
        assert result.status.online
        assert result.drained.duplicates == 40
    else:
        assert not result.status.online
        assert result.status.waiting == 40
        again = device.sync_round()
        assert again.status.online
        assert again.drained.duplicates == 40
    assert len(region.record_ids(device.site.device)) == 40
    device.assert_delivered_exactly_once()


def test_500s_and_slow_answers(
    region: ThreadServer, make_device: MakeDevice, link_to: LinkTo
) -> None:
    link = link_to(region)  # holds a slow answer 3 s; the client waits 2 s
    device = make_device(region, url=link.url)
    device.capture(30)
    link.plan(GATEWAY_503, SLOW, SERVER_500)
    failed = device.sync_round()
    assert link.applied == [GATEWAY_503, SLOW, SERVER_500]
    assert not failed.status.online
    assert failed.status.waiting == 30
    row = device.store.db.execute("SELECT attempts, last_error FROM outbox LIMIT 1").fetchone()
    assert row[0] == 1
    assert "server" in row[1]
    # The slow answer was committed on the server: the next round meets duplicates.
    healed = device.sync_round()
    assert healed.status.online
    assert healed.drained.duplicates == 30
    device.assert_delivered_exactly_once()


def test_expired_token_keeps_every_record_until_a_new_one_is_enrolled(
    region: ThreadServer, make_device: MakeDevice
) -> None:
    device = make_device(region)
    device.capture(25)
    name = device.site.device
    device.token = region.issue_token("VAL", "ASSEMBLY", "L1", name, valid_for=timedelta(0))
    refused = device.sync_round()
    assert refused.status.auth_problem
    assert "expired" in refused.status.auth_problem
    assert not refused.status.online
    assert Outbox(device.store).backlog().pending == 25
    assert region.record_ids(device.site.device) == []

    device.token = region.issue_token("VAL", "ASSEMBLY", "L1", name)
    assert device.site.sync is not None
    assert device.site.sync.token_file is not None
    write_token(device.site.sync.token_file, device.token)
    renewed = device.sync_round()
    assert renewed.status.online
    assert renewed.status.auth_problem is None
    device.assert_delivered_exactly_once()


def test_malformed_bundle_is_refused_and_the_last_good_one_kept(
    server_database: str | Path, make_device: MakeDevice
) -> None:
    server = ThreadServer(server_database)
    try:
        device = make_device(server)
        old = active_catalogue(device.store)
        # An event captured under the catalogue in force before any bundle arrives.
        device.capture(3)
        nothing = device.sync_round()
        assert nothing.bundle is None
        assert nothing.status.bundle_version is None

        good = standard_bundle()
        good["catalogue"] = dict(good["catalogue"], version="2027.01-R2")
        good["catalogue"]["downtime"][0] = dict(
            good["catalogue"]["downtime"][0], labels={"en": "Machine failure", "es": "Avería"}
        )
        code = good["catalogue"]["downtime"][0]["code"]
        version = server.publish(good)
        applied = device.sync_round()
        assert applied.bundle is not None
        assert applied.bundle.applied
        assert applied.status.bundle_version == version
        current = active_catalogue(device.store)
        assert current.version == "2027.01-R2"
        assert current.label(code, "en") == "Machine failure"
        # Events keep their catalogue version and its labels.
        kept = catalogue_for_version(device.store, old.version, current)
        assert kept.version == old.version
        assert kept.label(code, "en") == old.label(code, "en")

        # Unchanged ETag: nothing is downloaded again.
        assert device.sync_round().bundle is None

        bad = standard_bundle()
        bad["catalogue"] = dict(bad["catalogue"], version="2027.02-R3", languages=["es"])
        bad["roster"] = [{"id": "x", "name": "X", "role": "boss", "pin": "1234"}]
        bad_version = server.publish(bad)
        refused = device.sync_round()
        assert refused.bundle is not None
        assert not refused.bundle.applied
        assert refused.bundle.version == bad_version
        problems = " ".join(refused.status.bundle_problems)
        assert "catalogue: languages" in problems
        assert "roster[0].role" in problems
        assert "plaintext" in problems
        assert refused.status.bundle_version == version  # the last good one stays in force
        assert active_catalogue(device.store).version == "2027.01-R2"
        assert refused.status.online  # a refused bundle is not a sync failure

        # A changed catalogue under a version already in use is refused too.
        sneaky = standard_bundle()
        sneaky["catalogue"] = dict(good["catalogue"], issued_by="someone else")
        server.publish(sneaky)
        assert "needs a new version" in " ".join(device.sync_round().status.bundle_problems)
        assert active_catalogue(device.store).version == "2027.01-R2"
        device.assert_delivered_exactly_once()
    finally:
        server.stop()


def test_a_device_cannot_write_or_read_another_plants_records(
    region: ThreadServer, make_device: MakeDevice
) -> None:
    own = make_device(region, name="VAL-PC")
    own.capture(10)
    assert own.sync_round().status.online

    # A PC of plant VAL line L1 whose token was issued for plant MAD line L9.
    stray = make_device(region, name="MAD-PC")
    stray.token = region.issue_token("MAD", "PAINT", "L9", "MAD-PC")
    stray.capture(5)
    result = stray.sync_round()
    assert result.status.quarantined == 5
    assert result.status.waiting == 0
    reasons = {q.reason for q in Outbox(stray.store).quarantined()}
    assert len(reasons) == 1
    assert reasons.pop().startswith("scope:")
    assert region.record_ids("MAD-PC") == []
    # Its pull sees nothing of plant VAL, and asking for VAL is refused.
    assert stray.store.db.execute("SELECT count(*) FROM regional_records").fetchone()[0] == 0
    answer = requests.get(
        f"{region.url}/v1/records",
        params={"plant": "VAL"},
        headers={"Authorization": f"Bearer {stray.token}"},
        timeout=5,
    )
    assert answer.status_code == 403
    summary = requests.get(
        f"{region.url}/v1/summary",
        params={"plant": "VAL"},
        headers={"Authorization": f"Bearer {stray.token}"},
        timeout=5,
    )
    assert summary.status_code == 403

    # IT enrols the right token; a supervisor sends the set-aside records again.
    stray.token = region.issue_token("VAL", "ASSEMBLY", "L1", "MAD-PC")
    for record in Outbox(stray.store).quarantined():
        assert Outbox(stray.store).requeue(record.record_id)
    assert stray.sync_round().status.everything_delivered
    stray.assert_delivered_exactly_once()
    own.assert_delivered_exactly_once()


def test_records_the_server_refuses_go_to_quarantine_and_the_rest_pass(
    region: ThreadServer, make_device: MakeDevice
) -> None:
    device = make_device(region)
    device.capture(20)
    with device.store.db.atomic():
        device.store.enqueue("mystery_kind", "odd-1", {"what": "a kind from a newer client"})
        # A damaged payload spoils the JSON of its whole batch; it is found and set aside.
        device.store.db.execute(
            "INSERT INTO outbox (record_kind, record_id, payload, enqueued_utc) "
            "VALUES ('event_revision', 'broken-1', '{\"cut', ?)",
            [to_iso(datetime.now(UTC))],
        )
    device.capture(20)
    result = device.sync_round()
    assert result.status.online
    assert result.status.waiting == 0
    quarantined = {q.record_id: q.reason for q in Outbox(device.store).quarantined()}
    assert set(quarantined) == {"odd-1", "broken-1"}
    assert quarantined["odd-1"].startswith("unknown_kind")
    assert "422" in quarantined["broken-1"]
    held = region.record_ids(device.site.device)
    assert sorted(held) == sorted(device.captured)


def test_other_devices_records_of_the_line_are_pulled_through_the_cursor(
    region: ThreadServer, make_device: MakeDevice
) -> None:
    writer = make_device(region, line="L7", name="L7-PC1")
    reader = make_device(region, line="L7", name="L7-PC2")
    elsewhere = make_device(region, line="L8", name="L8-PC1")
    writer.capture(30)
    elsewhere.capture(4)
    assert writer.sync_round().status.online
    assert elsewhere.sync_round().status.online
    first = reader.sync_round()
    assert first.status.pulled == 30
    pulled = reader.store.db.execute("SELECT record_id, device FROM regional_records").fetchall()
    assert sorted(r[0] for r in pulled) == sorted(writer.captured)
    assert {r[1] for r in pulled} == {"L7-PC1"}
    writer.capture(5)
    writer.sync_round()
    assert reader.sync_round().status.pulled == 5  # only what is new since the cursor
    writer.assert_delivered_exactly_once()


def test_clock_skew_is_reported_from_the_server_time(
    tmp_path: Path, make_device: MakeDevice
) -> None:
    ahead = ThreadServer(
        tmp_path / "skew.sqlite3", clock=lambda: datetime.now(UTC) + timedelta(minutes=10)
    )
    try:
        device = make_device(ahead)
        device.capture(1)
        status = device.sync_round().status
        assert status.clock_skewed
        assert status.clock_skew_s is not None
        assert 590 < status.clock_skew_s < 610
        device.assert_delivered_exactly_once()
    finally:
        ahead.stop()
