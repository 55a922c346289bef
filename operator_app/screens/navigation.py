"""The screens beyond the operator's core loop, and who may open them.

One entry per screen; the main window builds the navigation from this list and imports a
screen only when it is first opened, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from operator_app.domain.roster import Role

EVERYONE = frozenset(Role)


@dataclass(frozen=True)
class ScreenEntry:
    key: str
    title: object  # QT_TRANSLATE_NOOP("Navigation", ...): the source text, translated when shown
    target: str  # "package.module:ClassName"
    roles: frozenset[Role] = EVERYONE
    # The regional module the screen belongs to (operator_app.standards.sections.MODULES);
    # None for the capture screens every plant has.
    module: str | None = None

    def load(self) -> type[QWidget]:
        module_name, _, class_name = self.target.partition(":")
        screen: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
        return screen


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "uncategorized",
        QT_TRANSLATE_NOOP("Navigation", "To name"),
        "operator_app.screens.uncategorized:UncategorizedScreen",
    ),
    ScreenEntry(
        "trends",
        QT_TRANSLATE_NOOP("Navigation", "Trends"),
        "operator_app.screens.trends:TrendScreen",
        module="trends",
    ),
    ScreenEntry(
        "shift",
        QT_TRANSLATE_NOOP("Navigation", "Shift"),
        "operator_app.screens.supervisor:SupervisorScreen",
        roles=frozenset({Role.SUPERVISOR, Role.MAINTENANCE, Role.QUALITY, Role.CI_ENGINEER}),
        module="shift_summary",
    ),
    ScreenEntry(
        "lines",
        QT_TRANSLATE_NOOP("Navigation", "Lines"),
        "operator_app.screens.covered_lines:CoveredLinesScreen",
        roles=frozenset({Role.SUPERVISOR, Role.MAINTENANCE, Role.QUALITY, Role.CI_ENGINEER}),
    ),
    ScreenEntry(
        "workflows",
        QT_TRANSLATE_NOOP("Navigation", "Workflows"),
        "operator_app.screens.workflow_runner:WorkflowRunnerScreen",
        module="workflows",
    ),
    ScreenEntry(
        "sync-problems",
        QT_TRANSLATE_NOOP("Navigation", "Sync problems"),
        "operator_app.screens.quarantine:QuarantineScreen",
        roles=frozenset({Role.SUPERVISOR}),
    ),
    ScreenEntry(
        "diagnostics",
        QT_TRANSLATE_NOOP("Navigation", "Diagnostics"),
        "operator_app.screens.diagnostics:DiagnosticsScreen",
        roles=frozenset({Role.SUPERVISOR}),
    ),
)
