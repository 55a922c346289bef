"""A tree of reasons as pages of big buttons, with a breadcrumb to go back up.

The widget knows nothing of catalogues: it asks ``children_of(code)`` for the choices under a
node, so the region's tree (and its labels in the user's language) stays data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton, WrappingButton


@dataclass(frozen=True)
class ReasonChoice:
    code: str
    label: str
    is_leaf: bool


ChildrenOf = Callable[[str | None], Sequence[ReasonChoice]]


class ReasonGrid(QWidget):
    """Emits ``leaf_chosen(code)`` when the operator taps a reason with nothing under it."""

    leaf_chosen = Signal(str)
    path_changed = Signal(list)

    COLUMNS = 3

    def __init__(self, children_of: ChildrenOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._children_of = children_of
        self._path: list[ReasonChoice] = []
        self.prompt = QLabel(self)
        self.prompt.setProperty("role", "title")
        self.crumbs = QHBoxLayout()
        self.crumbs.setSpacing(8)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(self.crumbs)
        layout.addLayout(self.grid, 1)
        self.buttons: dict[str, TouchButton] = {}
        # A group opens onto its reasons in the same place: a double tap must not pick one.
        self.tap_guard = TapGuard(self)
        self._render()

    @property
    def path(self) -> list[str]:
        return [choice.code for choice in self._path]

    def set_children_of(self, children_of: ChildrenOf) -> None:
        """New labels or a new tree (language or catalogue changed); keeps the place if it can."""
        self._children_of = children_of
        self.open_path(self.path)

    def open_path(self, codes: Sequence[str]) -> None:
        """Go to a node by its codes from the top, stopping where the tree no longer matches."""
        self._path = []
        for code in codes:
            match = next((c for c in self._children_of(self.current) if c.code == code), None)
            if match is None or match.is_leaf:
                break
            self._path.append(match)
        self._render()

    @property
    def current(self) -> str | None:
        return self._path[-1].code if self._path else None

    def reset(self) -> None:
        self._path = []
        self._render()

    def choose(self, choice: ReasonChoice) -> None:
        if choice.is_leaf:
            self.leaf_chosen.emit(choice.code)
            return
        self._path.append(choice)
        self._render()

    def go_up_to(self, depth: int) -> None:
        del self._path[depth:]
        self._render()

    def _clear(self, layout: QGridLayout | QHBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden now, deleted later: a grab or a tap before the deletion sees no ghost.
                widget.hide()
                widget.deleteLater()

    def _render(self) -> None:
        if self.buttons:
            self.tap_guard.changed()
        self._clear(self.crumbs)
        self._clear(self.grid)
        self.buttons = {}
        top = TouchButton(self.tr("All reasons"), self)
        top.setProperty("role", "crumb")
        top.clicked.connect(lambda: self.go_up_to(0))
        top.setEnabled(bool(self._path))
        self.tap_guard.watch(top)
        self.crumbs.addWidget(top)
        for depth, choice in enumerate(self._path, start=1):
            crumb = TouchButton(choice.label, self)
            crumb.setProperty("role", "crumb")
            crumb.clicked.connect(lambda _=False, d=depth: self.go_up_to(d))
            crumb.setEnabled(depth < len(self._path))
            self.tap_guard.watch(crumb)
            self.crumbs.addWidget(crumb)
        self.crumbs.addStretch(1)
        for index, choice in enumerate(self._children_of(self.current)):
            label = choice.label if choice.is_leaf else self.tr("{0} ›").format(choice.label)
            button = WrappingButton(label, self)
            button.setMinimumHeight(80)
            button.clicked.connect(lambda _=False, c=choice: self.choose(c))
            self.grid.addWidget(button, index // self.COLUMNS, index % self.COLUMNS)
            self.tap_guard.watch(button)
            self.buttons[choice.code] = button
        self.prompt.setText(
            self.tr("Choose the reason") if not self._path else self.tr("Choose one of these")
        )
        self.path_changed.emit(self.path)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
