"""The region's queue of production orders: the optional ``jobs`` section of a bundle.

``{"orders": [{"job_id": "...", "line": "L1", "product": "BRK-1010", "quantity": 1200,
"order_number": "4500012345", "machine": "PRESS-1"}, ...]}``: ``job_id`` is the region's id
(queued once however often the bundle comes), ``line`` picks the line, ``order_number`` and
``machine`` are optional. Only the shape is checked here; whether the product exists and the
line runs it is checked when the line queues the order (``services.job_queue``), one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ORDERS = 5_000


@dataclass(frozen=True)
class RegionalJob:
    job_id: str
    line: str
    product_code: str
    quantity: int
    order_number: str | None = None
    machine_id: str | None = None


def read_regional_jobs(raw: object, problems: list[str]) -> list[RegionalJob]:
    if raw is None:
        return []
    orders = raw.get("orders") if isinstance(raw, dict) else None
    if not isinstance(orders, list) or len(orders) > MAX_ORDERS:
        problems.append(f"jobs: must be an object with a list of at most {MAX_ORDERS} orders")
        return []
    jobs = []
    seen: set[str] = set()
    for i, entry in enumerate(orders):
        where = f"jobs.orders[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object")
            continue
        texts = {}
        for name in ("job_id", "line", "product"):
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip() or len(value) > 64:
                problems.append(f"{where}.{name}: must be text of 1 to 64 characters")
            texts[name] = str(value)
        quantity = entry.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            problems.append(f"{where}.quantity: must be a whole number of parts, at least 1")
        optional = {}
        for name in ("order_number", "machine"):
            value = entry.get(name)
            if value is not None and (not isinstance(value, str) or not 1 <= len(value) <= 64):
                problems.append(f"{where}.{name}: must be null or text of 1 to 64 characters")
            optional[name] = value if isinstance(value, str) else None
        if texts["job_id"] in seen:
            problems.append(f"{where}.job_id: {texts['job_id']!r} is given twice")
        seen.add(texts["job_id"])
        if isinstance(quantity, int):
            jobs.append(
                RegionalJob(
                    texts["job_id"],
                    texts["line"],
                    texts["product"],
                    quantity,
                    optional["order_number"],
                    optional["machine"],
                )
            )
    return jobs
