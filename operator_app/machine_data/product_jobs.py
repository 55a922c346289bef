"""What the monitor does when a PLC reports another product: bring that product's job into force.

The rule (docs/configuration.md, "The product a PLC reports"): the job in force makes that
product already: nothing. Otherwise the next queued job of that product for the machine (one
planned for it first, then one for any machine) starts, ending the job in force the way a
"next job" tap does, so the changeover opens as it would by hand. The machine acts as an
operator at the line would, under its own name (``system:<machine>``), so the record says the
PLC did it. A product the region does not know, or this line does not make, or with no job
queued, changes nothing and is refused with the domain's reason; the monitor logs it and shows it.
"""

from __future__ import annotations

from datetime import datetime

from operator_app.machine_data.product_tag import ProductReported
from operator_app.services.capture import CaptureService
from operator_app.services.jobs import JobService, JobStarted
from operator_app.services.standards import standards_in_force
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.events import SYSTEM_AUTHOR_PREFIX
from shopfloor_core.domain.roster import Person, Role


def plc_of(machine_id: str) -> Person:
    """The machine as the author of the job changes its PLC reports."""
    return Person(f"{SYSTEM_AUTHOR_PREFIX}{machine_id}", machine_id, Role.OPERATOR, None, None)


def follow_product(
    capture: CaptureService, reported: ProductReported, at: datetime
) -> JobStarted | None:
    """Start the reported product's job on the machine at ``at``; None when it already runs."""
    store, site = capture.store, capture.site
    products = standards_in_force(store, site).products
    jobs = JobService(store, site, capture.catalogue, products, capture.clock)
    machine_id, product_code = reported.machine_id, reported.product_code
    running = jobs.running_on(machine_id)
    if running is not None and running.product_code == product_code:
        return None
    jobs.check_product(product_code)
    queued = [j for j in jobs.queue() if j.product_code == product_code]
    planned = [j for j in queued if j.machine_id == machine_id] or [
        j for j in queued if j.machine_id is None
    ]
    if not planned:
        raise RuleViolation(
            "no_queued_job",
            f"the PLC of {machine_id} reports product {product_code} (number "
            f"{reported.number}), and no job of it is queued for the machine",
            product=product_code,
        )
    return jobs.switch(plc_of(machine_id), machine_id, planned[0].job_id, at=at)
