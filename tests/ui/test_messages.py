"""Every refusal the rules can produce reaches the user as a sentence in their language."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from operator_app.screens import messages, shift_messages
from shopfloor_core.domain.errors import RuleViolation

ROOT = Path(__file__).resolve().parents[2]
RAISED = re.compile(r"(?:RuleViolation|PermissionDenied)\(\s*\"([a-z_]+)\"")


def codes_raised_by(folder: str) -> set[str]:
    return {
        code
        for path in (ROOT / folder).rglob("*.py")
        for code in RAISED.findall(path.read_text(encoding="utf-8"))
    }


def test_every_rule_code_of_domain_and_services_has_words(qtbot: QtBot) -> None:
    raised = codes_raised_by("shopfloor_core/domain") | codes_raised_by("operator_app/services")
    worded = set(messages._TEXTS) | set(shift_messages._TEXTS)
    assert raised - worded == set()


def test_a_change_refused_by_the_store_for_a_signed_off_shift_is_explained(
    qtbot: QtBot,
) -> None:
    error = sqlite3.IntegrityError("shift signed off: a correction needs a supervisor")
    assert "signed off" in messages.explain(error)
    assert "went wrong" not in messages.explain(error)


def test_an_unknown_rule_still_gets_a_sentence(qtbot: QtBot) -> None:
    assert messages.explain(RuleViolation("brand_new_rule", "x")).startswith("This was refused")
