"""The language each person chose for themselves on this line PC."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from shopfloor_core.domain.clock import to_iso


def remember_language(db: Database, person_id: str, language: str, at: datetime) -> None:
    """``person_id`` switched to ``language``: durable when this returns."""
    with db.atomic():
        db.execute(
            "INSERT INTO person_languages (person_id, language, chosen_utc) VALUES (?, ?, ?)",
            [person_id, language, to_iso(at)],
        )


def chosen_languages(db: Database) -> dict[str, str]:
    """Every person's latest choice, by person id."""
    rows = db.execute(
        "SELECT person_id, language FROM person_languages WHERE id IN "
        "(SELECT MAX(id) FROM person_languages GROUP BY person_id)"
    ).fetchall()
    return {str(person_id): str(language) for person_id, language in rows}
