"""What ``/v1/health`` says: whether the database answers, and which schema it runs.

A load balancer probes this every few seconds without a token, so it is one indexed one-row
query with a short timeout, never a scan; a database that is gone (stopped, dropped, its file
deleted) is answered 503 with the reason within ``HEALTH_TIMEOUT_S``.
"""

from __future__ import annotations

import logging
from typing import Any

from regional_server.database import Connections, redacted

HEALTH_TIMEOUT_S = 2.0
log = logging.getLogger(__name__)


def health(connections: Connections, timeout_s: float = HEALTH_TIMEOUT_S) -> dict[str, Any]:
    """``status`` (ok or unavailable), ``database``, its newest ``migration``, a ``reason``."""
    try:
        newest = connections.probe(timeout_s)
    except Exception as problem:  # noqa: BLE001 - whatever the driver raises is the answer
        reason = f"{type(problem).__name__}: {problem}".strip()[:300]
        log.warning(
            "health: the database %s does not answer: %s", redacted(connections.url), reason
        )
        return {
            "status": "unavailable",
            "database": connections.dialect,
            "migration": None,
            "reason": reason,
        }
    return {"status": "ok", "database": connections.dialect, "migration": newest, "reason": None}
