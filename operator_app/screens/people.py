"""People as the screens name them: their name from the roster, their role in the user's words."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from shopfloor_core.domain.roster import Roster

ROLE_NAMES = {
    "operator": QT_TRANSLATE_NOOP("Roles", "Operator"),
    "supervisor": QT_TRANSLATE_NOOP("Roles", "Supervisor"),
    "maintenance": QT_TRANSLATE_NOOP("Roles", "Maintenance"),
    "quality": QT_TRANSLATE_NOOP("Roles", "Quality"),
    "ci_engineer": QT_TRANSLATE_NOOP("Roles", "CI engineer"),
}


def role_name(role: str) -> str:
    source = ROLE_NAMES.get(role)
    return QCoreApplication.translate("Roles", str(source)) if source else role


def name_and_role(roster: Roster, person_id: str) -> tuple[str, str]:
    """(name, role) of ``person_id``; someone no longer listed is shown by their id."""
    person = roster.get(person_id)
    if person is None:
        return person_id, ""
    return person.name, role_name(person.role.value)
