"""The line's queue from its two outside sources: the region's bundle and plant IT's folder.

``refresh_job_queue`` is what a worker runs now and then (after a sync round, on a timer): it
queues the region's orders for this line that are not queued yet (by the region's job id, so a
bundle that comes again queues nothing twice) and imports the job lists in the site's import
folder. An order that cannot be queued is refused on its own, logged, and named in the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from local_store.jobs import current_job
from operator_app.services.job_import import ImportReport, import_job_folder
from operator_app.services.jobs import JobService
from operator_app.standards.regional_jobs import RegionalJob
from shopfloor_core.domain.errors import RuleViolation
from shopfloor_core.domain.jobs import JobRevision, JobSource

REGION_AUTHOR = "system:region"

log = logging.getLogger(__name__)


@dataclass
class QueueRefresh:
    queued: list[JobRevision] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "<region job id>: <why>"
    imports: list[ImportReport] = field(default_factory=list)


def queue_regional_jobs(service: JobService, orders: Iterable[RegionalJob]) -> QueueRefresh:
    """Queue the region's orders for this line that are new, each on its own."""
    done = QueueRefresh()
    for order in orders:
        if order.line != service.site.line:
            continue
        with service.store.write():
            if current_job(service.store.db, order.job_id) is not None:
                continue
            try:
                done.queued.append(
                    service.queue_checked(
                        order.product_code,
                        order.quantity,
                        order_number=order.order_number,
                        machine_id=order.machine_id,
                        source=JobSource.REGION,
                        author=REGION_AUTHOR,
                        job_id=order.job_id,
                    )
                )
            except RuleViolation as refused:
                done.refused.append(f"{order.job_id}: {refused}")
                log.warning("region's job %s not queued: %s", order.job_id, refused)
    return done


def refresh_job_queue(service: JobService, orders: Iterable[RegionalJob]) -> QueueRefresh:
    """The region's new orders, then the job lists waiting in the site's import folder."""
    done = queue_regional_jobs(service, orders)
    folder = service.site.job_import_folder
    if folder is not None and folder.is_dir():
        done.imports = import_job_folder(service, folder)
    return done
