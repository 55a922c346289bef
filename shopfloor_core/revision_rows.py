"""EventRevision <-> table row, and the JSON record the sync contract ships."""

from __future__ import annotations

from typing import Any

from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import Change, EventKind, EventRevision, Source, Stamp


def revision_to_row(rev: EventRevision) -> dict[str, Any]:
    return {
        "revision_id": rev.revision_id,
        "event_id": rev.event_id,
        "seq": rev.seq,
        "kind": rev.kind.value,
        "machine_id": rev.machine_id,
        "start_utc": to_iso(rev.start_utc),
        "end_utc": to_iso(rev.end_utc) if rev.end_utc else None,
        "reason_code": rev.reason_code,
        "catalogue_version": rev.catalogue_version,
        "quantity": rev.quantity,
        "note": rev.note,
        "source": rev.source.value,
        "author": rev.author,
        "recorded_utc": to_iso(rev.recorded_utc),
        "change": rev.change.value,
        "why": rev.why,
        "device": rev.stamp.device,
        "plant": rev.stamp.plant,
        "area": rev.stamp.area,
        "line": rev.stamp.line,
        "zone": rev.stamp.zone,
        "voided": int(rev.voided),
        "fault_code": rev.fault_code,
        "reason_suggested": int(rev.reason_suggested),
        "job_id": rev.job_id,
        "product_code": rev.product_code,
        "products_version": rev.products_version,
    }


def row_to_revision(row: dict[str, Any]) -> EventRevision:
    return EventRevision(
        revision_id=row["revision_id"],
        event_id=row["event_id"],
        seq=row["seq"],
        kind=EventKind(row["kind"]),
        machine_id=row["machine_id"],
        start_utc=from_iso(row["start_utc"]),
        end_utc=from_iso(row["end_utc"]) if row["end_utc"] else None,
        reason_code=row["reason_code"],
        catalogue_version=row["catalogue_version"],
        quantity=row["quantity"],
        note=row["note"],
        source=Source(row["source"]),
        author=row["author"],
        recorded_utc=from_iso(row["recorded_utc"]),
        change=Change(row["change"]),
        why=row["why"],
        stamp=Stamp(
            device=row["device"],
            plant=row["plant"],
            area=row["area"],
            line=row["line"],
            zone=row["zone"],
        ),
        voided=bool(row["voided"]),
        # Absent from revisions made before migration 8 and from older devices' records.
        fault_code=_fault_code(row.get("fault_code")),
        reason_suggested=bool(row.get("reason_suggested") or 0),
        # Absent from revisions made before jobs existed, and from contract v1 records.
        job_id=row.get("job_id"),
        product_code=row.get("product_code"),
        products_version=row.get("products_version"),
    )


def _fault_code(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    return int(value)
