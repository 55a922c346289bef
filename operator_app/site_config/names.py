"""Names the site file gives per language: ``[machines.names] es = "Prensa 1"``.

The plain ``name`` (or ``label``) stays the one every language falls back to, so a site file
written for one language keeps working; a table beside it adds the others.
"""

from __future__ import annotations

from operator_app.site_config.model import SUPPORTED_LANGUAGES, Names
from shopfloor_core.standards.reader import TableReader


def read_names(entry: TableReader, key: str) -> Names:
    """The ``key`` table of ``entry``: one non-empty name per supported language."""
    table = entry.table_of(key)
    if table is None:
        return ()
    names: list[tuple[str, str]] = []
    for language in table.table:
        if language not in SUPPORTED_LANGUAGES:
            table.seen.add(language)
            table.problems.add(
                table.key(language),
                f"is not a language of this client (one of {', '.join(SUPPORTED_LANGUAGES)})",
            )
            continue
        name = table.string(language)
        if name:
            names.append((language, name))
    table.finish()
    return tuple(names)
