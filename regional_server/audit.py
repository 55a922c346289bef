"""The audit trail of the regional side: who did what, when and from where.

Written in the same transaction as the action it describes, so an action without its entry
cannot be committed; the table refuses UPDATE and DELETE (migration m006). Refusals are entries
too (a sign-in that failed, a page a role was refused).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from regional_server.database import Connection
from shopfloor_core.domain.clock import to_iso

# Every action the trail knows, in English; the audit page shows them in the reader's language
# (regional_server/web/messages). ``record`` refuses a name not listed here.
ACTIONS = (
    "signed in",
    "sign-in refused",
    "signed out",
    "language chosen",
    "password changed",
    "password change refused",
    "person added",
    "refused",
    "bundle published",
    "proposed",
    "approved",
    "rejected",
    "withdrawn",
    "pilot started",
    "rolled out",
    "rolled back",
)

# Who did it, when nobody signed in: the command line and the server itself.
COMMAND_LINE = "command-line"
NOBODY = "-"


@dataclass(frozen=True)
class Entry:
    entry: int
    at_utc: str
    actor: str
    role: str
    address: str
    action: str
    subject: str
    detail: dict[str, Any]


def record(
    conn: Connection,
    *,
    actor: str,
    role: str,
    address: str,
    action: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    now: datetime,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.ACTIONS")
    conn.execute(
        "INSERT INTO audit_log (at_utc, actor, role, address, action, subject, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            to_iso(now),
            actor,
            role,
            address,
            action,
            subject,
            json.dumps(detail or {}, sort_keys=True, ensure_ascii=False),
        ],
    )


def newest(conn: Connection, *, before: int | None = None, limit: int = 100) -> list[Entry]:
    """Entries newest first; ``before`` pages back from an entry number."""
    rows = conn.execute(
        "SELECT entry, at_utc, actor, role, address, action, subject, detail FROM audit_log "
        "WHERE entry < ? ORDER BY entry DESC LIMIT ?",
        [before if before is not None else 2**62, limit],
    ).fetchall()
    return [Entry(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], json.loads(r[7])) for r in rows]
