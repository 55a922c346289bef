"""Draining the outbox: pending records in queue order, a batch per request, exactly once.

A record leaves ``pending`` only on the server's answer for it: ``accepted`` or ``duplicate``
mark it delivered, ``rejected`` sets it aside in quarantine with the server's reason (kept for
a supervisor, never dropped). A batch that gets no answer stays pending and is sent again under
the same ``Idempotency-Key``; the server stores each record once, so a lost answer costs a
duplicate, never a double record. Only one batch is in memory at a time.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass

from local_store import EventStore
from local_store.outbox import Outbox, OutboxRow
from shopfloor_core.contract import ContractError, Outcome, encode_batch
from sync.http import BatchRefused, RegionalClient, SyncProblem

# Whole-batch refusals that one malformed record can cause: find it by sending fewer at once.
SPLIT_ON = frozenset({400, 413, 415, 422})


@dataclass
class DrainReport:
    delivered: int = 0
    duplicates: int = 0
    quarantined: int = 0
    batches: int = 0


def batch_key(rows: list[OutboxRow]) -> str:
    """The same batch gets the same key in every attempt, also across rounds and restarts."""
    digest = hashlib.sha256("\n".join(f"{r.record_kind}\t{r.record_id}" for r in rows).encode())
    return str(uuid.UUID(bytes=digest.digest()[:16], version=4))


def drain(
    store: EventStore,
    client: RegionalClient,
    batch_size: int,
    *,
    stop: threading.Event | None = None,
    report: DrainReport | None = None,
) -> DrainReport:
    """Send pending records until none is left, ``stop`` is set, or a call fails (raised).

    ``report`` (if given) is filled as batches go, so a caller still knows what was delivered
    when a later batch fails.
    """
    outbox = Outbox(store)
    report = report if report is not None else DrainReport()
    size = batch_size
    after = 0
    while stop is None or not stop.is_set():
        rows = outbox.pending_batch(size, after_seq=after)
        if not rows:
            break
        ids = [r.record_id for r in rows]
        body = encode_batch(client.device, [(r.record_kind, r.record_id, r.payload) for r in rows])
        try:
            results = client.push(body, batch_key(rows))
        except BatchRefused as refused:
            if refused.status in SPLIT_ON and len(rows) > 1:
                size = max(1, len(rows) // 2)
                continue
            if refused.status in SPLIT_ON:
                # This record alone is refused whole: set it aside so the rest can pass.
                report.quarantined += outbox.quarantine([(ids[0], refused.message)])
                continue
            outbox.note_failure(ids, refused.message)
            raise
        except (SyncProblem, ContractError) as problem:
            outbox.note_failure(ids, getattr(problem, "message", str(problem)))
            raise
        report.batches += 1
        wanted = set(ids)
        delivered = [r.record_id for r in results if r.outcome is not Outcome.REJECTED]
        refused_rows = [(r.record_id, r.reason) for r in results if r.outcome is Outcome.REJECTED]
        outbox.mark_delivered(rid for rid in delivered if rid in wanted)
        report.quarantined += outbox.quarantine(
            (rid, reason or "rejected") for rid, reason in refused_rows if rid in wanted
        )
        report.delivered += sum(1 for rid in delivered if rid in wanted)
        report.duplicates += sum(
            1 for r in results if r.outcome is Outcome.DUPLICATE and r.record_id in wanted
        )
        answered = {r.record_id for r in results}
        unanswered = [rid for rid in ids if rid not in answered]
        if unanswered:
            outbox.note_failure(unanswered, "no answer for this record in the batch")
        # Rows left pending in this batch are retried next round, not in a tight loop now.
        after = rows[-1].seq
        size = min(batch_size, size * 2)
    return report
