"""Outbox drain rate against a bare bulk insert into the server's store, same run.

A line PC's store gets N records in its outbox (notes: a full event revision each). Then:

- *bare bulk insert*: the same N rows, already encoded, go into a fresh copy of the server's
  ``records`` table with one ``executemany`` in one transaction: the floor for storing them.
- *drain*: ``sync.drain`` sends the outbox to the reference server (uvicorn in a thread, HTTP on
  loopback, gzip bodies, per-record answers, every record checked and stored once, each batch
  marked delivered in the PC's store), batches of 500.

Prints records per second of each, the ratio, and how much the peak RSS grew while draining.

    python benchmarks/outbox_drain.py [records] [batch_size]
"""

from __future__ import annotations

import json
import resource
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from figures import record  # benchmarks/figures.py, beside this script

from local_store import EventStore
from local_store.outbox import Outbox
from operator_app.cli.context import demo_config_path
from operator_app.site_config import load_site_config
from operator_app.site_config.model import SyncConfig
from regional_server import tokens
from regional_server.app import create_app
from regional_server.database import Connection, Connections
from regional_server.records import canonical, content_digest
from shopfloor_core.domain.events import EventKind, Source, first_revision
from sync.drain import drain
from sync.http import RegionalClient


def fill_outbox(store: EventStore, site: object, count: int) -> None:
    now = datetime.now(UTC)
    for start in range(0, count, 1000):
        store.append(
            [
                first_revision(
                    kind=EventKind.NOTE,
                    machine_id="PRESS-1",
                    start_utc=now,
                    end_utc=now,
                    reason_code=None,
                    catalogue_version=None,
                    quantity=None,
                    note=f"backlog note {start + i}",
                    source=Source.OPERATOR,
                    author="op-1",
                    recorded_utc=now,
                    stamp=site.stamp,  # type: ignore[attr-defined]
                )
                for i in range(min(1000, count - start))
            ]
        )


def bare_insert(folder: Path, store: EventStore) -> float:
    """Seconds to bulk-insert the outbox's rows into a fresh server store."""
    rows = store.db.execute("SELECT record_kind, record_id, payload FROM outbox").fetchall()
    connections = Connections(folder / "bare.sqlite3")
    began = time.perf_counter()
    prepared = []
    for kind, record_id, payload in rows:
        text = canonical(json.loads(payload))
        prepared.append(
            (record_id, kind, "VAL", "ASSEMBLY", "L1", "PC", text, content_digest(text), "t", "x")
        )
    with connections.write() as tx:
        sqlite_of(tx).executemany(
            "INSERT INTO records (record_id, kind, plant, area, line, device, payload, digest, "
            "received_utc, token_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            prepared,
        )
    elapsed = time.perf_counter() - began
    with connections.read() as conn:
        assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == len(rows)
    connections.close()
    return elapsed


def sqlite_of(conn: Connection) -> sqlite3.Connection:
    """The SQLite connection under the server's, for bulk inserts of the floor's rows."""
    assert isinstance(conn.raw, sqlite3.Connection)
    return conn.raw


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    with tempfile.TemporaryDirectory(prefix="outbox-drain-") as name:
        folder = Path(name)
        app = create_app(folder / "region.sqlite3")
        with app.state.connections.write() as conn:
            token, _ = tokens.issue(
                conn, role=tokens.DEVICE, plant="VAL", area="ASSEMBLY", line="L1", device="PC"
            )
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            threading.Event().wait(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]

        site = replace(load_site_config(demo_config_path()), data_dir=folder / "pc", device="PC")
        store = EventStore.open(site.database_path)
        began = time.perf_counter()
        fill_outbox(store, site, count)
        capture_s = time.perf_counter() - began

        bare_s = bare_insert(folder, store)

        sync = SyncConfig(f"http://127.0.0.1:{port}", None, None, None, 30.0, batch)
        client = RegionalClient(sync, token, "PC")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        report = drain(store, client, batch)
        drain_s = time.perf_counter() - began
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert report.delivered == count, report
        assert Outbox(store).backlog().pending == 0
        client.close()
        store.close()
        server.should_exit = True
        thread.join(10)
        app.state.connections.close()

    print(f"records: {count}, batch size: {batch}")
    print(f"filling the outbox (capture path, 1000 per transaction): {count / capture_s:,.0f}/s")
    print(f"bare bulk insert into the server's store:  {count / bare_s:>10,.0f} records/s")
    print(f"outbox drain over HTTP (gzip, per-record): {count / drain_s:>10,.0f} records/s")
    print(f"ratio drain / bare insert:                 {bare_s / drain_s:>10.3f}")
    print(f"drain time: {drain_s:.1f} s; peak RSS grew by {(rss_after - rss_before) / 1024:.1f} MB")
    record(
        "outbox_drain",
        f"{count:,} records to the regional server over HTTP",
        round(count / drain_s),
        "records/s",
        baseline=round(count / bare_s),
        baseline_name="bare bulk insert into the server's store",
    )
    record(
        "outbox_drain",
        "peak RSS growth while draining",
        round((rss_after - rss_before) / 1024, 1),
        "MB",
    )


if __name__ == "__main__":
    main()
