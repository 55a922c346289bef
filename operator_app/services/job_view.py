"""A job's figures as the job page, the shift screen, the printed report and the ERP export show
them: quantity made against ordered, scrap by reason, the changeover before it, its OEE.

One flat shape for every reader (the domain's ``job_figures.JobFigures`` carries a whole
``MachineKpi``), so the four places cannot disagree. Nothing here computes a KPI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class JobView:
    job_id: str
    machine_id: str
    order_number: str | None
    product_code: str
    product_name: str
    ordered: int | None
    good: int
    reject: int
    scrap_by_reason: tuple[tuple[str | None, int], ...]  # (reason code, parts), most first
    changeover_s: float | None  # the changeover stop that opened the job; None: none
    planned_s: float
    run_s: float
    downtime_s: float
    ideal_cycle_s: float | None
    availability: float | None
    performance: float | None
    quality: float | None
    oee: float | None
    started_utc: datetime | None
    ended_utc: datetime | None
    state: str

    @property
    def label(self) -> str:
        return self.order_number or self.product_code

    @property
    def left_to_make(self) -> int | None:
        return None if self.ordered is None else max(self.ordered - self.good, 0)
