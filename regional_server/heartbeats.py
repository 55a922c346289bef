"""Device heartbeats: what each line PC last said about its own sync, and who has gone silent.

With each sync round (at most once a minute) a line PC posts ``/v1/heartbeat``: its client
version, outbox backlog, oldest waiting record, last successful sync, clock skew, last error,
pull cursor and whether the round pulled to the end. The server keeps the newest per device
(plant and device) and a day of earlier ones (``device_heartbeat_history``), lists them in
``regional-server devices`` and reports them in ``/metrics``. Clients older than heartbeats
never call it and lose nothing: their devices are listed from their tokens, "no heartbeat".
"""

# No "from __future__ import annotations": FastAPI reads the endpoint's annotations, which
# name a dependency local to router().

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator

from regional_server import tokens
from regional_server.database import Connection, Connections
from shopfloor_core.contract import HEARTBEAT_PATH, SHORT_FINGERPRINT_CHARS
from shopfloor_core.domain.clock import from_iso, to_iso

HISTORY_KEPT = timedelta(hours=24)
# A device that syncs every 30 s and heartbeats every minute is silent after this.
DEFAULT_SILENT_AFTER = timedelta(minutes=10)
MAX_SKEW_S = 10 * 365 * 86400.0


class Heartbeat(BaseModel):
    client_version: str = Field(max_length=64, description="the line PC's operator-app version")
    backlog: int = Field(ge=0, le=2**53, description="records waiting in its outbox")
    quarantined: int = Field(
        default=0, ge=0, le=2**53, description="records the server refused, set aside"
    )
    oldest_waiting_s: float | None = Field(
        default=None,
        ge=0,
        le=MAX_SKEW_S,
        description="how long its oldest waiting record has waited (null: none waits)",
    )
    last_success_utc: str | None = Field(
        default=None,
        max_length=40,
        description="its last sync round that finished online, by the device's clock",
    )
    clock_skew_s: float | None = Field(
        default=None,
        ge=-MAX_SKEW_S,
        le=MAX_SKEW_S,
        description="the server's clock minus the device's (from X-Server-Time)",
    )
    last_error: str | None = Field(default=None, max_length=500)
    last_error_utc: str | None = Field(default=None, max_length=40)
    pull_cursor: int | None = Field(
        default=None, ge=0, le=2**62, description="the cursor of its last pull"
    )
    caught_up: bool = Field(
        default=False, description="this round pulled every record there was (no more pages)"
    )
    pinned_key: str | None = Field(
        default=None,
        max_length=SHORT_FINGERPRINT_CHARS,
        pattern=r"^[0-9A-F]{2}(:[0-9A-F]{2}){7}$",
        description="the short fingerprint (first 8 bytes, as 'regional-server signing-key "
        "show' prints them) of the bundle-signing key the device pinned; null: none yet",
    )
    bundle_version: int | None = Field(
        default=None,
        ge=1,
        le=2**53,
        description="the version of the regional bundle in force on the device; null: none yet "
        "(publications take a higher one: a server restored from an older backup)",
    )

    @field_validator("oldest_waiting_s", "clock_skew_s")
    @classmethod
    def _to_the_millisecond(cls, seconds: float | None) -> float | None:
        # Kept to the millisecond: finer is noise, and a subnormal like 1e-308 does not fit
        # PostgreSQL's REAL (an "underflow" 500, found by schemathesis).
        return None if seconds is None else round(seconds, 3)


class HeartbeatAnswer(BaseModel):
    server_time: str


@dataclass(frozen=True)
class DeviceState:
    plant: str
    area: str
    line: str
    device: str
    client_version: str | None
    received_utc: datetime | None
    backlog: int | None
    quarantined: int | None
    oldest_waiting_utc: datetime | None
    last_success_utc: datetime | None
    clock_skew_s: float | None
    last_error: str | None
    last_error_utc: datetime | None
    pinned_key: str | None = None  # the short fingerprint of the signing key it follows
    bundle_version: int | None = None  # the regional bundle in force on it

    def silent_for(self, now: datetime) -> timedelta | None:
        """Since the last heartbeat; None when the device never sent one."""
        return None if self.received_utc is None else max(timedelta(0), now - self.received_utc)

    def as_dict(self, now: datetime, silent_after: timedelta) -> dict[str, Any]:
        silent = self.silent_for(now)
        return {
            "plant": self.plant,
            "area": self.area,
            "line": self.line,
            "device": self.device,
            "client_version": self.client_version,
            "heartbeat_utc": _iso(self.received_utc),
            "backlog": self.backlog,
            "quarantined": self.quarantined,
            "oldest_waiting_utc": _iso(self.oldest_waiting_utc),
            "last_success_utc": _iso(self.last_success_utc),
            "clock_skew_s": self.clock_skew_s,
            "last_error": self.last_error,
            "last_error_utc": _iso(self.last_error_utc),
            "silent_for_s": None if silent is None else round(silent.total_seconds()),
            "silent": silent is None or silent > silent_after,
            "pinned_key": self.pinned_key,
            "bundle_version": self.bundle_version,
        }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else to_iso(value)


def _time(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return to_iso(from_iso(value))
    except ValueError:
        raise HTTPException(422, f"{name} is not an ISO 8601 time with a zone") from None


def store(conn: Connection, who: tokens.Credential, beat: Heartbeat, now: datetime) -> None:
    """Keep ``beat`` as the device's newest, add it to the history, drop history past a day."""
    received = to_iso(now)
    values = [
        who.plant,
        who.device,
        who.area,
        who.line,
        who.token_id,
        received,
        beat.client_version,
        beat.backlog,
        beat.quarantined,
        # An age, not the device's time stamp: by the server's clock, whatever the skew.
        None
        if beat.oldest_waiting_s is None
        else to_iso(now - timedelta(seconds=beat.oldest_waiting_s)),
        _time(beat.last_success_utc, "last_success_utc"),
        beat.clock_skew_s,
        beat.last_error,
        _time(beat.last_error_utc, "last_error_utc"),
        beat.pull_cursor,
        received if beat.caught_up else None,
    ]
    conn.execute(
        "INSERT INTO device_heartbeats (plant, device, area, line, token_id, received_utc, "
        "client_version, backlog, quarantined, oldest_waiting_utc, last_success_utc, "
        "clock_skew_s, last_error, last_error_utc, pull_cursor, caught_up_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (plant, device) DO UPDATE SET area = excluded.area, line = excluded.line, "
        "token_id = excluded.token_id, received_utc = excluded.received_utc, "
        "client_version = excluded.client_version, backlog = excluded.backlog, "
        "quarantined = excluded.quarantined, oldest_waiting_utc = excluded.oldest_waiting_utc, "
        "last_success_utc = excluded.last_success_utc, clock_skew_s = excluded.clock_skew_s, "
        "last_error = excluded.last_error, last_error_utc = excluded.last_error_utc, "
        "pull_cursor = excluded.pull_cursor, "
        "caught_up_utc = COALESCE(excluded.caught_up_utc, device_heartbeats.caught_up_utc)",
        values,
    )
    conn.execute(
        "INSERT INTO device_heartbeat_history (plant, device, received_utc, backlog, "
        "quarantined, clock_skew_s, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [who.plant, who.device, received, beat.backlog, beat.quarantined, beat.clock_skew_s,
         beat.last_error],
    )  # fmt: skip
    conn.execute(
        "DELETE FROM device_heartbeat_history WHERE plant = ? AND device = ? AND received_utc < ?",
        [who.plant, who.device, to_iso(now - HISTORY_KEPT)],
    )
    # Apart from the row above: the key it follows (m014) and the bundle version in force
    # (m016); null from a client that says none.
    conn.execute(
        "UPDATE device_heartbeats SET pinned_key = ?, bundle_version = ? "
        "WHERE plant = ? AND device = ?",
        [beat.pinned_key, beat.bundle_version, who.plant, who.device],
    )


def devices(conn: Connection, now: datetime, *, plant: str | None = None) -> list[DeviceState]:
    """Every device with a heartbeat, and every device with a valid token but none yet; each
    device's newest heartbeat read once, with all that the listing shows of it (its key for
    ``key_followers``, its bundle for ``bundle_holders``)."""
    rows = conn.execute(
        "SELECT plant, area, line, device, client_version, received_utc, backlog, quarantined, "
        "oldest_waiting_utc, last_success_utc, clock_skew_s, last_error, last_error_utc, "
        "pinned_key, bundle_version FROM device_heartbeats"
    ).fetchall()
    found: dict[tuple[str, str], DeviceState] = {}
    for row in rows:
        (p, area, line, device, version, received, backlog, refused, oldest, success, skew,
         error, error_utc, key, bundle) = row  # fmt: skip
        found[(p, device)] = DeviceState(
            p, area, line, device, version, from_iso(received), backlog, refused,
            _parsed(oldest), _parsed(success), skew, error, _parsed(error_utc), key,
            None if bundle is None else int(bundle),
        )  # fmt: skip
    silent_tokens = conn.execute(
        "SELECT DISTINCT plant, area, line, device FROM tokens WHERE role = 'device' "
        "AND revoked = 0 AND expires_utc > ?",
        [to_iso(now)],
    ).fetchall()
    for p, area, line, device in silent_tokens:
        found.setdefault(
            (p, device),
            DeviceState(p, area, line, device, None, None, None, None, None, None, None, None,
                        None),
        )  # fmt: skip
    chosen = [d for d in found.values() if plant is None or d.plant == plant]
    return sorted(chosen, key=lambda d: (d.plant, d.line, d.device))


def _parsed(value: str | None) -> datetime | None:
    return None if value is None else from_iso(value)


def router(
    connections: Connections,
    clock: Callable[[], datetime],
    responses: dict[int | str, dict[str, Any]],
) -> APIRouter:
    """``POST /v1/heartbeat`` (a device token; checked by admission before the body is read)."""
    api = APIRouter()
    bearer = HTTPBearer(auto_error=False, description="device or region token")

    def credential(
        request: Request,
        _auth: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> tokens.Credential:
        admitted = getattr(request.state, "credential", None)
        if not isinstance(admitted, tokens.Credential):
            raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
        return admitted

    @api.post(
        HEARTBEAT_PATH,
        response_model=HeartbeatAnswer,
        responses=responses,
    )
    def heartbeat(
        beat: Heartbeat, who: Annotated[tokens.Credential, Depends(credential)]
    ) -> dict[str, Any]:
        """The device's own sync state, kept as its newest (``regional-server devices``)."""
        if who.role != tokens.DEVICE:
            raise HTTPException(403, "only a device token may send heartbeats")
        moment = clock()
        with connections.write() as conn:
            store(conn, who, beat, moment)
        return {"server_time": to_iso(clock())}

    return api


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = max(0, round(seconds))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    if seconds < 2 * 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


def table(listed: list[dict[str, Any]]) -> str:
    """``regional-server devices`` as text: one line a device, silent ones flagged."""
    header = ("PLANT", "LINE", "DEVICE", "VERSION", "BACKLOG", "OLDEST", "LAST SYNC", "SKEW",
              "SILENT FOR", "", "KEY", "", "BUNDLE", "", "LAST ERROR")  # fmt: skip
    lines = [header]
    for d in listed:
        heard = d["heartbeat_utc"]
        oldest = d["oldest_waiting_utc"]
        oldest_age = (
            (from_iso(heard) - from_iso(oldest)).total_seconds() if heard and oldest else None
        )
        skew = d["clock_skew_s"]
        lines.append(
            (
                d["plant"],
                d["line"],
                d["device"],
                d["client_version"] or "-",
                "-" if d["backlog"] is None else str(d["backlog"]),
                _age(oldest_age),
                (d["last_success_utc"] or "-")[:16].replace("T", " "),
                "-" if skew is None else f"{skew:+.0f}s",
                "never heard" if d["silent_for_s"] is None else _age(d["silent_for_s"]),
                "SILENT" if d["silent"] else "",
                (d.get("pinned_key") or "-")[:11],
                "OLD KEY" if d.get("on_current_key") is False else "",
                "-" if d.get("bundle_version") is None else str(d["bundle_version"]),
                "AHEAD" if d.get("bundle_ahead") else "",
                (d["last_error"] or "")[:60],
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in lines
    )
