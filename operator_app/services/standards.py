"""Which regional standards are in force on this device.

Before the first regional bundle arrives, the bundled defaults and the site file run the line
(catalogue, workflows, the file's roster and shift pattern). Once a bundle is in force, its
catalogue, workflows, roster, shift calendar, targets, modules and fault map replace them (a
bundle without a fault map maps no codes); the site file
keeps what only the plant knows (machines, addresses, the device, its language).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from operator_app.site_config import SiteConfig
from operator_app.standards.regional_jobs import RegionalJob
from operator_app.standards.sections import MachineTarget, read_standards
from shopfloor_core.domain.catalogue import (
    Catalogue,
    CatalogueError,
    bundled_catalogue,
    load_catalogue,
)
from shopfloor_core.domain.fault_codes import (
    NO_FAULT_MAP,
    FaultMap,
    FaultMapError,
    bundled_fault_map_document,
    load_fault_map,
)
from shopfloor_core.domain.products import Products, bundled_products
from shopfloor_core.domain.workflows import WorkflowSet, bundled_workflows

if TYPE_CHECKING:
    from local_store import EventStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StandardsInForce:
    """The standards the client runs on now, and the site as it runs under them."""

    bundle_version: int | None  # None: no regional bundle yet, the bundled defaults
    catalogue: Catalogue
    workflows: WorkflowSet
    site: SiteConfig
    targets: Mapping[str, MachineTarget] = field(default_factory=dict)
    modules: Mapping[str, bool] = field(default_factory=dict)
    fault_map: FaultMap = NO_FAULT_MAP
    # The region's products (the bundle's section), else the ones shipped with the client.
    products: Products = field(default_factory=bundled_products)
    # The region's queue of production orders (the bundle's jobs section).
    jobs: tuple[RegionalJob, ...] = ()

    def module_on(self, name: str) -> bool:
        # A module the bundle does not mention stays on: switching off is the explicit act.
        return self.modules.get(name, True)

    def oee_target(self, machine_id: str) -> float | None:
        target = self.targets.get(machine_id)
        return target.oee if target is not None else None


def standards_in_force(store: EventStore, site: SiteConfig) -> StandardsInForce:
    """The standards of the bundle in force, or the bundled defaults before any arrived."""
    catalogue = active_catalogue(store)
    active = store.active_bundle()
    if active is not None:
        version, sections = active
        # Checked whole before it was activated; the site's pattern is not checked again
        # here, so a site file edited since keeps its own calendar rather than losing all.
        standards, problems = read_standards(
            sections, site.timezone, version=version, shift_pattern=None
        )
        if standards is not None:
            return StandardsInForce(
                version,
                catalogue,
                standards.workflows,
                standards.applied_to(site),
                standards.targets,
                standards.modules,
                standards.fault_map,
                standards.products or bundled_products(),
                standards.jobs,
            )
        # Only a damaged store or an older client reading a newer store gets here.
        log.error("regional bundle %s in the store cannot be used: %s", version, problems[:5])
    return StandardsInForce(
        None, catalogue, bundled_workflows(catalogue), site, fault_map=bundled_fault_map(catalogue)
    )


def bundled_fault_map(catalogue: Catalogue) -> FaultMap:
    """The fault map shipped with the client, if it was written for ``catalogue``."""
    try:
        return load_fault_map(bundled_fault_map_document(), catalogue)
    except FaultMapError as error:
        # Only a catalogue in force that is not the bundled one gets here: no map is safer
        # than codes pointing into another version's categories.
        log.warning("bundled fault map not used with catalogue %s: %s", catalogue.version, error)
        return NO_FAULT_MAP


def active_catalogue(store: EventStore) -> Catalogue:
    """The catalogue received last, or the bundled default on the very first start.

    The bundled default is remembered in the store so later events can be labelled under the
    version they were captured with, even after the region replaced it.
    """
    document = store.active_catalogue_document()
    if document is not None:
        try:
            return load_catalogue(document)
        except CatalogueError:
            # A stored catalogue was validated before it was activated; if the file was
            # damaged since, the bundled one keeps the line running.
            pass
    catalogue = bundled_catalogue()
    if document is None:
        store.remember_catalogue(catalogue.version, dict(catalogue.document), active=True)
    return catalogue


def catalogue_for_version(store: EventStore, version: str, fallback: Catalogue) -> Catalogue:
    """The catalogue an event was captured under, for its labels; ``fallback`` if unknown."""
    if version == fallback.version:
        return fallback
    document = store.catalogue_document(version)
    if document is None:
        return fallback
    try:
        return load_catalogue(document)
    except CatalogueError:
        return fallback
