"""CallRevision <-> the JSON record the store keeps and the sync contract ships."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shopfloor_core.domain.andon import CallRevision, CallState, Team
from shopfloor_core.domain.clock import from_iso, to_iso
from shopfloor_core.domain.events import Stamp


def _iso(moment: datetime | None) -> str | None:
    return to_iso(moment) if moment is not None else None


def _time(value: Any) -> datetime | None:
    return from_iso(str(value)) if value else None


def _seconds(moment: Any) -> float | None:
    return round(moment.total_seconds(), 3) if moment is not None else None


def call_to_record(call: CallRevision) -> dict[str, Any]:
    """The record of one revision. Its response and repair times are written out as soon as
    they exist, so the region's figures read them without replaying the revisions."""
    return {
        "revision_id": call.revision_id,
        "call_id": call.call_id,
        "seq": call.seq,
        "state": call.state.value,
        "team": call.team.value,
        "machine_id": call.machine_id,
        "reason_code": call.reason_code,
        "catalogue_version": call.catalogue_version,
        "note": call.note,
        "called_from": call.called_from,
        "raised_utc": to_iso(call.raised_utc),
        "raised_by": call.raised_by,
        "acknowledged_utc": _iso(call.acknowledged_utc),
        "acknowledged_by": call.acknowledged_by,
        "arrived_utc": _iso(call.arrived_utc),
        "arrived_by": call.arrived_by,
        "ended_utc": _iso(call.ended_utc),
        "ended_by": call.ended_by,
        "author": call.author,
        "recorded_utc": to_iso(call.recorded_utc),
        "why": call.why,
        "device": call.stamp.device,
        "plant": call.stamp.plant,
        "area": call.stamp.area,
        "line": call.stamp.line,
        "zone": call.stamp.zone,
        "response_s": _seconds(call.response_time),
        "repair_s": _seconds(call.repair_time),
    }


def record_to_call(record: dict[str, Any]) -> CallRevision:
    """Raises KeyError, TypeError or ValueError for a record that is not a call revision."""
    seq = record["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq must be a whole number from 1")
    texts = ("revision_id", "call_id", "machine_id", "called_from", "raised_by", "author")
    for name in texts:
        if not isinstance(record[name], str) or not record[name]:
            raise ValueError(f"{name} must be non-empty text")
    raised = from_iso(str(record["raised_utc"]))
    return CallRevision(
        revision_id=record["revision_id"],
        call_id=record["call_id"],
        seq=seq,
        state=CallState(record["state"]),
        team=Team(record["team"]),
        machine_id=record["machine_id"],
        reason_code=record.get("reason_code"),
        catalogue_version=record.get("catalogue_version"),
        note=str(record.get("note") or ""),
        called_from=record["called_from"],
        raised_utc=raised,
        raised_by=record["raised_by"],
        author=record["author"],
        recorded_utc=from_iso(str(record["recorded_utc"])),
        stamp=Stamp(
            device=str(record["device"]),
            plant=str(record["plant"]),
            area=str(record["area"]),
            line=str(record["line"]),
            zone=str(record.get("zone") or "UTC"),
        ),
        acknowledged_utc=_time(record.get("acknowledged_utc")),
        acknowledged_by=record.get("acknowledged_by"),
        arrived_utc=_time(record.get("arrived_utc")),
        arrived_by=record.get("arrived_by"),
        ended_utc=_time(record.get("ended_utc")),
        ended_by=record.get("ended_by"),
        why=str(record.get("why") or ""),
    )
