"""Where the demo's simulated counters stood when the demo was last closed.

A real PLC keeps counting (or holds its count) while the line PC's client is closed; the demo's
simulator starts afresh each time, and a random starting value would be recorded as a counter
restart on every start of the demo. The kept positions of the counters in the demo's store say
where to carry on from; they are read before the client opens the store, read-only.
"""

from __future__ import annotations

import logging
import sqlite3

from operator_app.site_config import SiteConfig
from operator_app.site_config.tag_map import TagRole

log = logging.getLogger(__name__)


def kept_counters(site: SiteConfig) -> dict[str, tuple[int | None, int | None]]:
    """Per machine, its (good, reject) counter positions in the store; none before a first run."""
    path = site.database_path
    if not path.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            rows = connection.execute(
                "SELECT machine_id, tag, value FROM counter_positions"
            ).fetchall()
    except sqlite3.Error as exc:  # an older store, or one in use: the simulator starts afresh
        log.info("demo counters not carried on: %s", exc)
        return {}
    kept = {(machine_id, tag): value for machine_id, tag, value in rows}
    found: dict[str, tuple[int | None, int | None]] = {}
    for machine in site.machines:
        roles = {t.role: kept.get((machine.machine_id, t.name)) for t in machine.tags}
        good, reject = roles.get(TagRole.GOOD_COUNTER), roles.get(TagRole.REJECT_COUNTER)
        if good is not None or reject is not None:
            found[machine.machine_id] = (good, reject)
    return found
