"""A damaged store file found at start: kept aside, a fresh store, a message for IT.

Nothing that can still be read is lost: readable revision chains are carried into the fresh
store (and queued for sync again), and the damaged file itself is kept byte for byte.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from local_store import EventStore, StoreUnavailable, open_database
from local_store.database import DAMAGED_INFIX, integrity_check, recovery_notices
from local_store.outbox import Outbox
from local_store.production_counts import (
    PRODUCTION_COUNT,
    CountBucket,
    add_counts,
    queue_count_reports,
)
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import Catalogue
from shopfloor_core.domain.roster import Person
from tests.cli.conftest import RunCli

PAGE = 4096
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def captured(site: SiteConfig, catalogue: Catalogue, operator: Person) -> list[str]:
    """A closed store with 300 scraps and a categorized downtime; their revision ids."""
    store = EventStore.open(site.database_path)
    capture = CaptureService(store, catalogue, site)
    ids = [
        capture.record_scrap(operator, "PRESS-1", "SCR.MAT", 1 + n % 9, note="n" * 80).revision_id
        for n in range(300)
    ]
    downtime = capture.start_downtime(operator, "WELD-2")
    ids.append(downtime.revision_id)
    ids.append(capture.categorize(operator, downtime.event_id, "EQP.MEC.JAM").revision_id)
    store.close()
    return ids


def damage(path: Path, first_page: int, pages: int, seed: int = 7) -> bytes:
    data = bytearray(path.read_bytes())
    noise = random.Random(seed).randbytes(pages * PAGE)
    data[first_page * PAGE : (first_page + pages) * PAGE] = noise
    path.write_bytes(bytes(data))
    return bytes(data)


def first_page_of(path: Path, table: str) -> int:
    """The 0-based page number of ``table``'s root page (SQLite counts from 1)."""
    store = EventStore.open(path)
    try:
        sql = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        return int(store.db.execute(sql, [table]).fetchone()[0]) - 1
    finally:
        store.close()


def set_aside_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}{DAMAGED_INFIX}*{path.suffix}"))


def revision_ids(store: EventStore) -> set[str]:
    return {r for (r,) in store.db.execute("SELECT revision_id FROM event_revisions")}


def test_a_file_that_is_not_a_database_is_set_aside(site: SiteConfig) -> None:
    path = site.database_path
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database, it is a half-copied backup\n" * 100
    path.write_bytes(garbage)

    store = EventStore.open(path)
    try:
        assert integrity_check(store.db) == "ok"
        assert revision_ids(store) == set()
    finally:
        store.close()
    [aside] = set_aside_files(path)
    assert aside.read_bytes() == garbage  # kept for IT, untouched
    [notice] = recovery_notices(path)
    assert "file is not a database" in notice
    assert aside.name in notice
    assert "0 event revision(s)" in notice


def checked_open(path: Path) -> EventStore:
    """The opening ``status`` makes: every table checked (EventStore.open does so after an
    unclean shutdown only, when a WAL was left behind)."""
    return EventStore(open_database(path, check=True), path)


def test_damaged_pages_are_set_aside_and_readable_revisions_carried_over(
    site: SiteConfig, captured: list[str]
) -> None:
    path = site.database_path
    damaged = damage(path, first_page=30, pages=4)

    store = checked_open(path)
    try:
        carried = revision_ids(store)
        assert integrity_check(store.db) == "ok"
        pending = store.db.execute("SELECT count(*) FROM outbox WHERE state = 'pending'")
        assert pending.fetchone()[0] == len(carried)  # queued for the server again
    finally:
        store.close()
    [aside] = set_aside_files(path)
    assert aside.read_bytes() == damaged
    # Only what the damaged pages held is missing; nothing is made up.
    assert carried <= set(captured)
    assert len(carried) >= len(captured) // 2
    [notice] = recovery_notices(path)
    assert f"{len(carried)} event revision(s)" in notice


def test_damage_only_in_the_current_state_loses_no_revision(
    site: SiteConfig, captured: list[str]
) -> None:
    """The revisions are the truth; a damaged ``events`` projection is rebuilt from them."""
    path = site.database_path
    damage(path, first_page=first_page_of(path, "events"), pages=1)

    store = checked_open(path)
    try:
        assert revision_ids(store) == set(captured)
        downtimes = store.open_downtimes("WELD-2")
        assert [d.reason_code for d in downtimes] == ["EQP.MEC.JAM"]
    finally:
        store.close()


def test_counts_and_their_waiting_reports_come_over_so_the_region_gets_each_part_once(
    site: SiteConfig, captured: list[str]
) -> None:
    path = site.database_path
    t0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    store = EventStore.open(path)
    add_counts(store.db, [CountBucket("PRESS-1", t0, 40, 2), CountBucket("WELD-2", t0, 9, 0)])
    queue_count_reports(store, lambda _m: 2.0)
    delivered = store.db.execute(
        "SELECT record_id FROM outbox WHERE record_kind = ? ORDER BY seq LIMIT 1",
        [PRODUCTION_COUNT],
    ).fetchone()[0]
    Outbox(store).mark_delivered([delivered])
    add_counts(store.db, [CountBucket("PRESS-1", t0, 5, 0)])  # counted, not reported yet
    waiting = dict(
        store.db.execute(
            "SELECT record_id, payload FROM outbox WHERE record_kind = ? AND state <> 'delivered'",
            [PRODUCTION_COUNT],
        )
    )
    [refused] = list(waiting)
    Outbox(store).quarantine([(refused, "invalid: refused for the test")])
    store.close()
    damage(path, first_page=first_page_of(path, "events"), pages=1)

    store = checked_open(path)
    try:
        assert set_aside_files(path)  # it was found damaged and salvaged
        counts = store.db.execute(
            "SELECT machine_id, good, reject, reported_good FROM production_counts "
            "ORDER BY machine_id"
        ).fetchall()
        assert counts == [("PRESS-1", 45, 2, 40), ("WELD-2", 9, 0, 9)]
        queued = dict(
            store.db.execute(
                "SELECT record_id, payload FROM outbox WHERE record_kind = ?", [PRODUCTION_COUNT]
            )
        )
        # The waiting report again under its own id; the delivered one not again.
        assert {rid: json.loads(p) for rid, p in queued.items()} == {
            rid: json.loads(p) for rid, p in waiting.items()
        }
        # Set aside it was, set aside it stays, with the region's reason.
        [kept] = Outbox(store).quarantined()
        assert (kept.record_id, kept.reason) == (refused, "invalid: refused for the test")
        # And the 5 parts counted since come in the next report, once.
        assert queue_count_reports(store, lambda _m: 2.0) == 1
    finally:
        store.close()


def test_after_an_unclean_shutdown_the_tables_are_checked_at_start(
    site: SiteConfig, captured: list[str]
) -> None:
    """A WAL left behind means a crash or power cut: the next start checks every table."""
    path = site.database_path
    damage(path, first_page=first_page_of(path, "events"), pages=1)
    Path(f"{path}-wal").write_bytes(b"\0" * 64)  # what a power cut can leave

    # The next start is a new process, as after the power cut.
    restart = "import sys; from pathlib import Path; from local_store import EventStore; "
    restart += "EventStore.open(Path(sys.argv[1])).close()"
    subprocess.run([sys.executable, "-c", restart, str(path)], cwd=ROOT, check=True)
    store = EventStore.open(path)
    try:
        assert revision_ids(store) == set(captured)
        assert integrity_check(store.db) == "ok"
    finally:
        store.close()
    assert len(set_aside_files(path)) == 1


def test_a_store_opened_without_migrating_reports_damage_and_moves_nothing(
    site: SiteConfig, captured: list[str]
) -> None:
    path = site.database_path
    path.write_bytes(b"\0" * PAGE * 4)
    with pytest.raises(StoreUnavailable) as err:
        open_database(path, migrate=False)
    assert "file is not a database" in err.value.reason
    assert set_aside_files(path) == []


def test_an_unopenable_path_is_not_mistaken_for_damage(site: SiteConfig) -> None:
    path = site.database_path
    path.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(StoreUnavailable):
        EventStore.open(path)
    assert path.is_dir()
    assert set_aside_files(path) == []


def test_status_shows_the_notice_until_it_is_dealt_with(
    run_cli: RunCli, site: SiteConfig, captured: list[str]
) -> None:
    path = site.database_path
    damage(path, first_page=0, pages=1)
    data_dir = path.parent

    first = run_cli("status", "--json", "--data-dir", data_dir)
    assert first.returncode == 1  # healthy store, but IT has something to look at
    assert "Traceback" not in first.stderr
    report = json.loads(first.stdout)
    assert report["integrity_check"] == "ok"
    [notice] = report["recovery_notices"]
    assert "set aside" in notice
    text = run_cli("status", "--data-dir", data_dir)
    assert notice.splitlines()[0] in text.stdout
    # IT archives the set-aside file and its note: the notice goes, status is clean.
    for leftover in data_dir.glob(f"*{DAMAGED_INFIX}*"):
        leftover.rename(data_dir.parent / leftover.name)
    assert run_cli("status", "--json", "--data-dir", data_dir).returncode == 0


def test_the_wal_goes_aside_with_its_file(site: SiteConfig) -> None:
    """Captures still in the WAL travel with the damaged file, never left behind or replayed."""
    path = site.database_path
    path.parent.mkdir(parents=True)
    contents = {"": b"not sqlite" * 500, "-wal": b"wal frames" * 300, "-shm": b"\0" * 32768}
    for sidecar, data in contents.items():
        Path(f"{path}{sidecar}").write_bytes(data)
    EventStore.open(path).close()
    [aside] = set_aside_files(path)
    # The -shm is only an index of the WAL, rebuilt from it; main file and WAL are the data.
    for sidecar in ("", "-wal"):
        assert Path(f"{aside}{sidecar}").read_bytes() == contents[sidecar]
    assert not Path(f"{path}-wal.kept").exists()


def test_fresh_site_store_still_works_after_recovery(
    site: SiteConfig, catalogue: Catalogue, operator: Person
) -> None:
    path = site.database_path
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 1000)
    store = EventStore.open(path)
    try:
        saved = CaptureService(store, catalogue, replace(site)).record_scrap(
            operator, "PRESS-1", "SCR.MAT", 2
        )
        assert store.current(saved.event_id) == saved
    finally:
        store.close()
