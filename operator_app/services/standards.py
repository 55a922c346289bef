"""Which regional standards are in force on this device (the active catalogue for now)."""

from __future__ import annotations

from local_store import EventStore
from operator_app.domain.catalogue import (
    Catalogue,
    CatalogueError,
    bundled_catalogue,
    load_catalogue,
)


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
