"""The screens beyond the operator's core loop, and the action that opens each.

One entry per screen; the main window builds the navigation from this list and imports a
screen only when it is first opened, so start-up stays fast. Who may open a screen is not said
here: a screen is offered to whoever the domain's permissions allow its action.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from shopfloor_core.domain.permissions import Action, role_may
from shopfloor_core.domain.roster import Role


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: object  # QT_TRANSLATE_NOOP("Navigation", ...): the source text, translated when shown
    target: str  # "package.module:ClassName"
    action: Action  # opening the screen is this action; the permissions say who may
    # The regional module the screen belongs to (operator_app.standards.sections.MODULES);
    # None for the capture screens every plant has.
    module: str | None = None
    # Roles whose rail has no room left for the entry at 768 px (a supervisor's is the fullest);
    # they reach the screen from another place of theirs (see ``reached_from``), never lose it.
    off_the_rail_for: frozenset[Role] = frozenset()
    reached_from: str = ""

    def on_rail(self, role: Role) -> bool:
        return role not in self.off_the_rail_for

    def load(self) -> type[QWidget]:
        module_name, _, class_name = self.target.partition(":")
        screen: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
        return screen

    def offered_to(self, role: Role) -> bool:
        return role_may(role, self.action)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "uncategorized",
        QT_TRANSLATE_NOOP("Navigation", "To name"),
        "operator_app.screens.uncategorized:UncategorizedScreen",
        Action.VIEW_STOPS_TO_NAME,
    ),
    ScreenEntry(
        "jobs",
        QT_TRANSLATE_NOOP("Navigation", "Jobs"),
        "operator_app.screens.jobs:JobScreen",
        Action.RUN_JOB,
        off_the_rail_for=frozenset({Role.SUPERVISOR}),
        reached_from="shift",  # the Shift screen's Jobs tab opens it
    ),
    ScreenEntry(
        "trends",
        QT_TRANSLATE_NOOP("Navigation", "Trends"),
        "operator_app.screens.trends:TrendScreen",
        Action.VIEW_TRENDS,
        module="trends",
    ),
    ScreenEntry(
        "shift",
        QT_TRANSLATE_NOOP("Navigation", "Shift"),
        "operator_app.screens.supervisor:SupervisorScreen",
        Action.VIEW_SHIFT_SUMMARY,
        module="shift_summary",
    ),
    ScreenEntry(
        "lines",
        QT_TRANSLATE_NOOP("Navigation", "Lines"),
        "operator_app.screens.covered_lines:CoveredLinesScreen",
        Action.VIEW_COVERED_LINES,
    ),
    ScreenEntry(
        "workflows",
        QT_TRANSLATE_NOOP("Navigation", "Workflows"),
        "operator_app.screens.workflow_runner:WorkflowRunnerScreen",
        Action.RUN_WORKFLOW,
        module="workflows",
    ),
    ScreenEntry(
        "sync-problems",
        QT_TRANSLATE_NOOP("Navigation", "Sync problems"),
        "operator_app.screens.quarantine:QuarantineScreen",
        Action.VIEW_QUARANTINE,
    ),
    ScreenEntry(
        "diagnostics",
        QT_TRANSLATE_NOOP("Navigation", "Diagnostics"),
        "operator_app.screens.diagnostics:DiagnosticsScreen",
        Action.VIEW_DIAGNOSTICS,
    ),
)
