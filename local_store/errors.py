"""What can go wrong with the store, without opening it: exceptions and their causes.

Kept apart from ``database`` so that screens can name these before the first paint without
importing sqlite-utils (which imports numpy and scans plugin entry points).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreUnavailable(Exception):
    """The store cannot be used for a reason IT can act on (disk full, locked, damaged, read-only).

    Distinct from a bug: screens show it as a message, and nothing confirmed is lost.
    """

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path


ENVIRONMENT_ERRORS = (
    "disk is full",
    "database or disk is full",
    "database is locked",
    "unable to open database",
    "readonly database",
    "disk i/o error",
    "file is not a database",
    "database disk image is malformed",
)


def environment_problem(error: sqlite3.Error) -> str | None:
    """The user-actionable cause behind an SQLite error, or None for a programming error."""
    text = str(error).lower()
    for marker in ENVIRONMENT_ERRORS:
        if marker in text:
            return marker
    return None


class StaleRevision(Exception):
    """Someone else revised the event first; re-read it and decide again."""
