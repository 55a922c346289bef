"""A category's name in the reader's language, from the region's catalogue in force.

Figures are kept by code (comparable across plants and versions); a person reads names. A code
the catalogue in force no longer has (retired since) keeps its code as its name.
"""

from __future__ import annotations

from regional_server import proposals, standards_diff
from regional_server.database import Connection


def category_names(conn: Connection, language: str) -> dict[str, str]:
    """Each category's code -> its label in ``language`` (else English, else the code)."""
    catalogue = proposals.section_in_force(conn, "catalogue")
    if not isinstance(catalogue, dict):
        return {}
    names = {}
    for code, node in standards_diff.catalogue_nodes(catalogue).items():
        labels = node.get("labels")
        if isinstance(labels, dict):
            names[code] = str(labels.get(language) or labels.get("en") or code)
    return names
