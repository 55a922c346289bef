"""The demo line's production orders: a few queued for each machine, so the Jobs screen works
from the first start.

They come in as plant IT's job lists do (``services.job_import.read_job_file``, the same checks
and the same record of the file), from ``demo_jobs.csv`` beside the demo site. A list is known
by its content's hash, so a restart queues nothing again, and jobs started, ended or cancelled
in an earlier run are not back.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING

from operator_app.services.job_import import ImportReport, read_job_file
from operator_app.services.jobs import JobService
from operator_app.services.standards import standards_in_force
from operator_app.site_config import SiteConfig

if TYPE_CHECKING:
    from local_store import EventStore

DEMO_JOBS = "demo_jobs.csv"

log = logging.getLogger(__name__)


def demo_job_list() -> bytes:
    return resources.files("operator_app.demo").joinpath(DEMO_JOBS).read_bytes()


def queue_demo_jobs(store: EventStore, site: SiteConfig) -> ImportReport:
    """Queue the demo's orders unless this store already took that list (run it on the store
    thread, with the store's connection)."""
    standards = standards_in_force(store, site)
    service = JobService(store, standards.site, standards.catalogue, standards.products)
    report = read_job_file(service, DEMO_JOBS, demo_job_list())
    for line in report.lines():
        (log.warning if report.refused or report.problem else log.info)("demo jobs: %s", line)
    return report
