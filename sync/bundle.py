"""Regional bundles: fetched by ETag, checked whole before use, applied all at once.

A bundle that breaks any rule is refused with every problem listed, and the bundle in force
stays. A changed catalogue must come under a new version: events name the version they were
captured under, so a version's content may never change under them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from local_store import EventStore
from operator_app.standards.sections import RegionalStandards, read_standards
from sync.bundle_audience import audience_problem, note_signed, signed_since
from sync.bundle_signature import check_signature
from sync.http import RegionalClient
from sync.key_pins import ENDORSED, FIRST_CONTACT, PinChange, pin, pinned_key
from sync.state import BUNDLE_ETAG, SyncState

log = logging.getLogger(__name__)

# Refusals of the answer rather than of the bundle's content: checked again every time.
ABOUT_THE_ANSWER = ("signature:", "audience:", "version:")

PIN_CHANGED = (
    "signature: the pinned key changed while the bundle was checked; it is checked again "
    "against the key pinned now at the next round"
)


@dataclass(frozen=True)
class BundleCheck:
    version: int
    applied: bool
    problems: tuple[str, ...] = ()
    catalogue_version: str | None = None
    key_change: PinChange | None = None  # the bundle came with a new key, now pinned


def check_bundle(
    sections: Mapping[str, Any],
    zone: str,
    store: EventStore | None = None,
    *,
    version: int = 0,
    shift_pattern: str | None = "",
) -> tuple[RegionalStandards | None, list[str]]:
    """The bundle's standards, or None with every problem found in any section."""
    standards, problems = read_standards(
        sections, zone, version=version, shift_pattern=shift_pattern
    )
    raw = sections.get("catalogue")
    catalogue = standards.catalogue if standards is not None else None
    if catalogue is not None and store is not None:
        known = store.catalogue_document(catalogue.version)
        if known is not None and known != raw:
            problems.append(
                f"catalogue: version {catalogue.version} is already in use with other "
                "content; a changed catalogue needs a new version"
            )
            standards = None
    return standards, problems


def refresh_bundle(
    store: EventStore,
    client: RegionalClient,
    zone: str,
    shift_pattern: str | None = "",
    *,
    plant: str,
) -> BundleCheck | None:
    """Fetch the bundle if it changed, check it and apply it; None when nothing new came.

    ``plant`` is this PC's (its site file's): a bundle served to another plant is refused.
    """
    state = SyncState(store)
    bundle = client.bundle(state.get(BUNDLE_ETAG))
    if bundle is None:
        return None
    # The signature first: content nobody vouches for is not even read.
    pinned = pinned_key(store)
    signed = check_signature(bundle, pinned)
    unsigned = signed.problem
    if unsigned is not None:
        log.warning("bundle version %s refused: %s", bundle.version, unsigned)
        state.refuse_bundle(bundle, [unsigned])
        return BundleCheck(bundle.version, False, (unsigned,))
    elsewhere = audience_problem(bundle, plant, signed_since(state))
    if elsewhere is not None:
        log.warning("bundle version %s refused: %s", bundle.version, elsewhere)
        state.refuse_bundle(bundle, [elsewhere])
        return BundleCheck(bundle.version, False, (elsewhere,))
    note_signed(state, bundle)
    in_force = state.active_bundle()
    if in_force is not None and bundle.version < in_force[0]:
        # Versions only grow on the server: an older one is a recorded answer replayed (its
        # signature is genuine), or a server restored from a backup older than the last
        # publication: its next publication passes the version this PC reports in its heartbeat
        # (regional_server/bundles.next_version).
        older = (
            f"version: bundle version {bundle.version} is older than version {in_force[0]} in "
            "force (a replayed answer, or a server restored from an older backup: its next "
            "publication passes this one); the bundle in force stays"
        )
        log.warning("bundle refused: %s", older)
        state.refuse_bundle(bundle, [older])
        return BundleCheck(bundle.version, False, (older,))
    refused = state.refused_bundle()
    if (
        refused is not None
        and refused.get("etag") == bundle.etag
        and not any(str(p).startswith(ABOUT_THE_ANSWER) for p in refused.get("problems", ()))
    ):
        # Its content was checked and refused before: no need to repeat the verdict every round.
        # Not a verdict on who sent it, whose version or plant: the ETag is outside the
        # signature, so a relayed answer may have come under the genuine bundle's ETag.
        return BundleCheck(bundle.version, False, tuple(refused.get("problems", ())))
    standards, problems = check_bundle(
        bundle.sections, zone, store, version=bundle.version, shift_pattern=shift_pattern
    )
    if problems or standards is None:
        state.refuse_bundle(bundle, problems)
        return BundleCheck(bundle.version, False, tuple(problems))
    change = None
    with store.db.atomic():  # the new key and the bundle it signed come into force together
        if pinned_key(store) != pinned:
            # Plant IT pinned a key (trust-region-key) while this bundle was checked against
            # the key before: what that key vouched for is not applied over their choice.
            log.warning("bundle version %s not applied: %s", bundle.version, PIN_CHANGED)
            return BundleCheck(bundle.version, False, (PIN_CHANGED,))
        if signed.moved and signed.key is not None:
            # Trusted on first contact, or reached from the pinned key through endorsements.
            how = ENDORSED if signed.endorsed else FIRST_CONTACT
            change = pin(store, signed.key, how, detail=f"with bundle version {bundle.version}")
        state.activate_bundle(bundle, standards.catalogue.version)
    return BundleCheck(bundle.version, True, (), standards.catalogue.version, change)
