"""The question before a sign-off: these are the shift's figures, is this what you sign?

The figures come from the service (``ShiftSignoffService.preview``); the answer carries their
digest back, so the service signs exactly what was shown. An empty shift says so in words and
is asked about a second time.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from operator_app.screens.formatting import duration, percent
from shopfloor_core.domain.signoff import SignOffFigures
from widgets.confirm_question import ConfirmQuestion
from widgets.retranslating import Retranslating
from widgets.style import Status, status_style


class SignOffConfirmation(Retranslating, ConfirmQuestion):
    """Signals:
    confirmed(str, bool): the digest of the figures confirmed, and whether "empty" was too.
    """

    confirmed = Signal(str, bool)

    def __init__(self, figures: SignOffFigures, shift: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = figures
        self.shift = shift
        self.asked_again = False
        self.names: list[QLabel] = []
        self.values: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for row in range(8):
            name, value = QLabel(self), QLabel(self)
            value.setProperty("role", "title")
            grid.addWidget(name, row // 2, (row % 2) * 2)
            grid.addWidget(value, row // 2, (row % 2) * 2 + 1)
            self.names.append(name)
            self.values.append(value)
        self.unnamed = QLabel(self)
        self.unnamed.setWordWrap(True)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(status_style(Status.ATTENTION) + "padding: 8px;")
        self.body.addLayout(grid)
        self.body.addWidget(self.unnamed)
        self.body.addWidget(self.warning)
        self.retranslate_ui()

    def _confirm(self) -> None:
        if self.figures.empty and not self.asked_again:
            self.asked_again = True
            self.tap_guard.changed()
            self.retranslate_ui()
            return
        self.confirmed.emit(self.figures.digest, self.figures.empty)
        self.accept()

    def retranslate_ui(self) -> None:
        f, locale = self.figures, QLocale()
        self.setWindowTitle(self.tr("Sign off shift"))
        self.title.setText(self.tr("Sign off {0}?").format(self.shift))

        def share(value: float | None) -> str:
            return "—" if value is None else self.tr("{0} %").format(percent(value))

        rows = [
            (self.tr("OEE"), share(f.oee)),
            (self.tr("Availability"), share(f.availability)),
            (self.tr("Performance"), share(f.performance)),
            (self.tr("Quality"), share(f.quality)),
            (self.tr("Downtime"), duration(timedelta(seconds=f.downtime_s))),
            (self.tr("Stops"), locale.toString(f.stops)),
            (self.tr("Good parts"), locale.toString(f.good) if f.counted else "—"),
            (self.tr("Scrap parts"), locale.toString(f.scrap_parts)),
        ]
        for (name, value), name_label, value_label in zip(
            rows, self.names, self.values, strict=True
        ):
            name_label.setText(name)
            value_label.setText(value)
        self.unnamed.setText(
            self.tr("Stops still without a reason: {0}.").format(locale.toString(f.unnamed))
            if f.unnamed
            else self.tr("Every stop has a reason.")
            if f.stops
            else self.tr("No stops recorded.")
        )
        self.unnamed.setStyleSheet(
            status_style(Status.ATTENTION) + "padding: 8px;" if f.unnamed else ""
        )
        self.warning.setVisible(f.empty)
        self.warning.setText(
            self.tr(
                "Nothing was recorded in this shift: no stops, no scrap and no part counts. "
                "The client may not have been running, so these figures stand for nothing."
            )
        )
        if f.empty and self.asked_again:
            self.question.setText(
                self.tr(
                    "Sign off a shift with nothing recorded in it? Once signed off, any change "
                    "to it needs a supervisor and a reason."
                )
            )
            self.confirm_button.setText(self.tr("Yes, sign off the empty shift"))
        elif f.empty:
            self.question.setText(self.tr("Sign off this empty shift anyway?"))
            self.confirm_button.setText(self.tr("Sign off the empty shift"))
        else:
            self.question.setText(
                self.tr(
                    "Signing off keeps these figures with your name. Afterwards, changes to the "
                    "shift need a reason."
                )
            )
            self.confirm_button.setText(self.tr("Sign off"))
        self.cancel_button.setText(self.tr("Cancel"))
