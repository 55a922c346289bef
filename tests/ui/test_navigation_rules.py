"""The navigation offers what the domain's permissions allow, and nothing of its own."""

from __future__ import annotations

import pytest

from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from shopfloor_core.domain import permissions
from shopfloor_core.domain.permissions import Action
from shopfloor_core.domain.roster import Person, Role


def test_every_screen_is_offered_to_exactly_the_roles_its_action_allows() -> None:
    for entry in SCREENS:
        for role in Role:
            assert entry.offered_to(role) is (entry.action in permissions.ALLOWED[role])


def test_a_permission_taken_from_a_role_takes_its_screen_off_the_navigation(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One statement of the rule: changing the domain's is enough to change what is offered."""
    operator = Person("op-1", "Op", Role.OPERATOR, None, None)
    window.sign_in(operator)
    assert window.nav_buttons["trends"].isVisibleTo(window)
    window.sign_out()

    fewer = dict(permissions.ALLOWED)
    fewer[Role.OPERATOR] = fewer[Role.OPERATOR] - {Action.VIEW_TRENDS}
    monkeypatch.setattr(permissions, "ALLOWED", fewer)
    window.sign_in(operator)
    assert not window.nav_buttons["trends"].isVisibleTo(window)
    trends = next(e for e in SCREENS if e.key == "trends")
    assert window.open_screen(trends) is None
    # The other screens the operator has are still offered.
    assert window.nav_buttons["uncategorized"].isVisibleTo(window)


def test_the_rail_shows_where_the_person_is(window: MainWindow) -> None:
    window.sign_in(Person("sup-1", "Sup", Role.SUPERVISOR, None, None))
    assert window.home_button.property("current") is True
    lines = next(e for e in SCREENS if e.key == "lines")
    window.open_screen(lines)
    assert window.nav_buttons["lines"].property("current") is True
    assert window.home_button.property("current") is False
