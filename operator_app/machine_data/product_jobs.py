"""What the monitor does when a PLC reports another product: bring that product's job into force.

The rule is ``JobService.follow_product`` (docs/configuration.md, "The product a PLC reports"):
the job in force makes that product already: nothing; else the next queued job of that product,
else an ad-hoc job for it, ending the job in force the way a "next job" tap does. The machine
acts as an operator at the line would, under its own name (``system:<machine>``), so the record
says the PLC did it. A product the region does not know, or this line does not make, changes
nothing and is refused with the domain's reason; the monitor logs it and shows it.
"""

from __future__ import annotations

from datetime import datetime

from operator_app.machine_data.product_tag import ProductReported
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService, JobStarted
from operator_app.services.standards import standards_in_force
from shopfloor_core.domain.events import SYSTEM_AUTHOR_PREFIX
from shopfloor_core.domain.jobs import JobSource
from shopfloor_core.domain.roster import Person, Role


def plc_of(machine_id: str) -> Person:
    """The machine as the author of the job changes its PLC reports."""
    return Person(f"{SYSTEM_AUTHOR_PREFIX}{machine_id}", machine_id, Role.OPERATOR, None, None)


def follow_product(
    capture: CaptureService, reported: ProductReported, at: datetime
) -> JobStarted | None:
    """Bring the reported product's job into force on the machine at ``at`` (the rule is the
    job service's ``follow_product``); None when it already runs."""
    store, site = capture.store, capture.site
    products = standards_in_force(store, site).products
    jobs = JobService(store, site, capture.catalogue, products, capture.clock)
    return jobs.follow_product(
        plc_of(reported.machine_id),
        reported.machine_id,
        reported.product_code,
        at=at,
        source=JobSource.PLC,
    )
