"""The refusals of shifts, corrections and workflows, in the user's language.

Same pattern as ``messages.explain``: the services speak in codes, the words live here; any
other error goes on to ``explain``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from operator_app.screens.messages import explain
from shopfloor_core.domain.errors import RuleViolation

_TEXTS: dict[str, object] = {
    "already_signed_off": QT_TRANSLATE_NOOP("ShiftMessages", "This shift is already signed off."),
    "checklist_incomplete": QT_TRANSLATE_NOOP("ShiftMessages", "Tick every item of the list."),
    "empty_shift": QT_TRANSLATE_NOOP(
        "ShiftMessages", "Nothing was recorded in this shift; confirm that you sign it off empty."
    ),
    "figures_changed": QT_TRANSLATE_NOOP(
        "ShiftMessages",
        "The shift's figures changed since you looked at them. Nothing was signed; look again.",
    ),
    "different_machines": QT_TRANSLATE_NOOP(
        "ShiftMessages", "Only stops of the same machine can be merged."
    ),
    "different_reasons": QT_TRANSLATE_NOOP(
        "ShiftMessages", "Only stops with the same reason can be merged."
    ),
    "no_subject": QT_TRANSLATE_NOOP("ShiftMessages", "Choose the record this is about."),
    "not_a_number": QT_TRANSLATE_NOOP("ShiftMessages", "Type a whole number."),
    "not_adjacent": QT_TRANSLATE_NOOP(
        "ShiftMessages", "These stops are not next to each other, so they cannot be merged."
    ),
    "not_confirmed": QT_TRANSLATE_NOOP("ShiftMessages", "Confirm this step first."),
    "not_downtime": QT_TRANSLATE_NOOP("ShiftMessages", "Only stops can be split or merged."),
    "outside_subtree": QT_TRANSLATE_NOOP(
        "ShiftMessages", "That reason is not one this workflow allows."
    ),
    "replaces_decision": QT_TRANSLATE_NOOP(
        "ShiftMessages",
        "This would replace a reason someone else set. Nothing was saved; look at it first.",
    ),
    "same_event": QT_TRANSLATE_NOOP("ShiftMessages", "Choose two different stops."),
    "shift_not_over": QT_TRANSLATE_NOOP(
        "ShiftMessages", "A shift can be signed off once it is over."
    ),
    "shift_not_started": QT_TRANSLATE_NOOP("ShiftMessages", "This shift has not started yet."),
    "signed_off": QT_TRANSLATE_NOOP(
        "ShiftMessages", "This shift is signed off. Ask a supervisor to add to it."
    ),
    "signoff_not_confirmed": QT_TRANSLATE_NOOP(
        "ShiftMessages", "Look at the shift's figures and confirm them to sign off."
    ),
    "split_outside": QT_TRANSLATE_NOOP("ShiftMessages", "The split must fall inside the stop."),
    "unknown_shift": QT_TRANSLATE_NOOP("ShiftMessages", "There is no such shift in the calendar."),
    "unknown_workflow": QT_TRANSLATE_NOOP(
        "ShiftMessages", "That workflow is not in the regional set."
    ),
}


def explain_shift(error: BaseException) -> str:
    if isinstance(error, RuleViolation) and error.code in _TEXTS:
        return QCoreApplication.translate("ShiftMessages", str(_TEXTS[error.code]))
    return explain(error)
