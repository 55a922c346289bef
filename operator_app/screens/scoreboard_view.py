"""The shift at a glance in large type: a machine's tile, the line's tile, their figures.

Shared by the operator's home screen (with the operator's buttons under each machine) and the
read-only line display (bigger, nothing to tap). Texts come through ``tr()``, numbers through
QLocale; colour only marks what is abnormal (ISA-101) and always comes with words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from operator_app.screens.formatting import count, duration, local_time, percent
from operator_app.screens.language import installed_language
from operator_app.services.scoreboard import RATE_WINDOW, Figures
from operator_app.site_config.model import MachineConfig
from shopfloor_core.domain.clock import utc_now
from shopfloor_core.domain.events import EventRevision
from shopfloor_core.domain.line_state import LineCondition, LineState
from widgets.giving_way_label import GivingWayLabel
from widgets.retranslating import Retranslating
from widgets.style import Status, status_style

SCALE_PROPERTY = "scoreboard_scale"


def scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    """``label`` in ``factor`` times the application's type size (remembered for ``zoom``)."""
    label.setProperty(SCALE_PROPERTY, factor)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def zoom(root: QWidget, base_pt: float) -> None:
    """Every scoreboard label under ``root`` at its own factor of ``base_pt`` points."""
    for label in root.findChildren(QLabel):
        factor = label.property(SCALE_PROPERTY)
        if factor is not None:
            font = label.font()
            font.setPointSizeF(base_pt * float(factor))
            label.setFont(font)


class Figure(QFrame):
    """One figure: what it is (small), its value (large) and, beside it, a note (small)."""

    def __init__(self, parent: QWidget, scale: float) -> None:
        super().__init__(parent)
        self.caption = scaled(QLabel(self), 0.65 * scale)
        self.caption.setProperty("role", "muted")
        self.value = scaled(QLabel(self), 1.2 * scale, bold=True)
        # The note gives way to the value: it wraps, then shrinks, and the number stays whole.
        self.note = scaled(GivingWayLabel(self), 0.75 * scale)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        # The note sits beside the value, so a figure with a note is no taller than one without.
        value_row = QHBoxLayout()
        value_row.setSpacing(6)
        value_row.addWidget(self.value)
        value_row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addLayout(value_row)
        self.status: Status | None = None
        self.show_value("", "", "", Status.NORMAL)

    def show_value(self, caption: str, value: str, note: str, status: Status) -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.note.setText(note)
        if status is not self.status:
            self.status = status
            style = status_style(status) if status is not Status.NORMAL else "border: none;"
            self.setStyleSheet(f"Figure {{ {style} }}")


class FiguresPanel(Retranslating, QWidget):
    """Good parts against the target to this minute, rate, scrap, OEE with its target, and the
    stops still without a reason."""

    KEYS = ("good", "target", "rate", "scrap", "oee", "to_name")

    def __init__(self, parent: QWidget, *, scale: float = 1.0, columns: int = 3) -> None:
        super().__init__(parent)
        self.figures: Figures | None = None
        self.cells = {key: Figure(self, scale) for key in self.KEYS}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for index, key in enumerate(self.KEYS):
            grid.addWidget(self.cells[key], index // columns, index % columns)
        self.retranslate_ui()

    def show_figures(self, figures: Figures | None) -> None:
        self.figures = figures
        self.retranslate_ui()

    def text(self, key: str) -> str:
        """The value shown for ``key``, as the operator reads it."""
        return self.cells[key].value.text()

    def retranslate_ui(self) -> None:
        f = self.figures
        self.cells["good"].show_value(
            self.tr("Good parts"), count(f.good if f else None), "", Status.NORMAL
        )
        self.cells["target"].show_value(
            self.tr("Target now"), count(f.target if f else None), "", Status.NORMAL
        )
        rate = "—"
        if f is not None and f.rate_per_h is not None:
            rate = self.tr("{0}/h").format(count(round(f.rate_per_h)))
        minutes = int(RATE_WINDOW.total_seconds() // 60)
        self.cells["rate"].show_value(
            self.tr("Rate, last %n min", "", minutes), rate, "", Status.NORMAL
        )
        self.cells["scrap"].show_value(
            self.tr("Scrap"), count(f.scrap if f else None), "", Status.NORMAL
        )
        oee, note, status = "—", "", Status.NORMAL
        if f is not None:
            if f.oee is not None:
                oee = self.tr("{0} %").format(percent(f.oee))
            if f.oee_target is not None:
                note = self.tr("target {0}").format(percent(f.oee_target))
                if f.oee is not None and f.oee < f.oee_target:
                    status = Status.ATTENTION
        self.cells["oee"].show_value(self.tr("OEE"), oee, note, status)
        waiting = 0 if f is None else f.to_name
        self.cells["to_name"].show_value(
            self.tr("Unnamed stops"),
            count(waiting),
            "",
            Status.ATTENTION if waiting else Status.NORMAL,
        )


class StateLine(QWidget):
    """The state in words and how long it has lasted, both large."""

    def __init__(self, parent: QWidget, scale: float) -> None:
        super().__init__(parent)
        self.state = scaled(QLabel(self), 1.1 * scale, bold=True)
        self.state.setWordWrap(True)
        self.lasted = scaled(QLabel(self), 1.5 * scale, bold=True)
        self.lasted.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state, 1)
        row.addWidget(self.lasted)


class MachineTile(Retranslating, QFrame):
    """One machine: its name, state and how long, when it began, and its figures."""

    def __init__(
        self,
        machine: MachineConfig,
        parent: QWidget | None = None,
        *,
        scale: float = 1.0,
        columns: int = 3,
    ) -> None:
        super().__init__(parent)
        self.machine = machine
        self.open_event: EventRevision | None = None
        self.live_status: Status | None = None
        self.live_text = ""
        # When the PLC says the machine stopped, before detection has recorded the stop.
        self.live_since: datetime | None = None
        self.zone = "UTC"
        self.reason_label = ""
        self.since: datetime | None = None
        self.status: Status | None = None
        self.name = scaled(QLabel(machine.name_in(installed_language()), self), scale)
        self.name.setProperty("role", "title")
        self.detail = scaled(QLabel(self), 0.8 * scale)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.state_line = StateLine(self, scale)
        self.state = self.state_line.state
        self.lasted = self.state_line.lasted
        self.figures = FiguresPanel(self, scale=scale, columns=columns)
        head = QHBoxLayout()
        head.addWidget(self.name)
        head.addWidget(self.detail, 1)
        self.tile_layout = QVBoxLayout(self)
        self.tile_layout.setContentsMargins(8, 6, 8, 6)
        self.tile_layout.setSpacing(4)
        self.tile_layout.addLayout(head)
        self.tile_layout.addWidget(self.state_line)
        self.tile_layout.addWidget(self.figures)
        self.tile_layout.addStretch(1)

    def set_live_state(
        self, status: Status | None, text: str, stopped_since: datetime | None = None
    ) -> None:
        """Live machine state from the PLC, when machine data runs for this machine."""
        self.live_status, self.live_text = status, text
        self.live_since = stopped_since if status is Status.STOPPED else None
        self.refresh()

    def show_downtime(self, event: EventRevision | None, reason_label: str, zone: str) -> None:
        self.open_event, self.zone = event, zone
        self.reason_label = reason_label
        self.refresh()

    def show_figures(self, figures: Figures) -> None:
        self.since = figures.since
        self.figures.show_figures(figures)
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        now = now or utc_now()
        event = self.open_event
        since = event.start_utc if event is not None else self.live_since or self.since
        self.lasted.setText(duration(now - since) if since is not None else "")
        # The PLC's word: the machine's state, then the link (two sentences on two lines).
        live_state, _, link = self.live_text.partition("\n")
        when = self.tr("Since {0}").format(local_time(since, self.zone)) if since else ""
        if event is None:
            status = self.live_status or Status.NORMAL
            # Without a PLC, no stop recorded is all that is known: not that it runs.
            self.state.setText(live_state or self.tr("No stop recorded"))
            if self.live_status is not None and self.live_since is None:
                # The PLC is silent (or says stopped without saying since when) and detection
                # has not recorded a stop: the time since the last recorded stop would read as
                # the run's length.
                self.lasted.clear()
            self.detail.setText(self.tr("{0} · {1}").format(when, link) if link else when)
        else:
            if event.reason_code is None:
                status = Status.ATTENTION
                self.state.setText(self.tr("Stopped — reason needed"))
            elif event.reason_suggested:
                status = Status.ATTENTION
                self.state.setText(
                    self.tr("Stopped: {0}? (PLC suggestion, confirm it)").format(self.reason_label)
                )
            else:
                status = Status.STOPPED
                self.state.setText(self.tr("Stopped: {0}").format(self.reason_label))
            self.detail.setText(when)
            if self.live_status is Status.NO_SIGNAL:
                status = Status.NO_SIGNAL
                self.detail.setText(self.tr("{0} · {1}").format(when, live_state))
        if status is not self.status:
            self.status = status
            self.setStyleSheet(f"{type(self).__name__} {{ {status_style(status)} }}")

    def retranslate_ui(self) -> None:
        self.name.setText(self.machine.name_in(installed_language()))
        self.refresh()


class LineTile(Retranslating, QFrame):
    """The whole line: its state (which machines are down, or silent) and since when, and the
    line's figures. The state is the domain's rule over the machines' (``line_state``)."""

    def __init__(
        self, line: str, parent: QWidget | None = None, *, scale: float = 1.0, columns: int = 6
    ) -> None:
        super().__init__(parent)
        self.line = line
        self.zone = "UTC"
        self.board: Figures | None = None
        self.state: LineState | None = None
        self.names: tuple[str, ...] = ()
        self.title = scaled(QLabel(self), scale)
        self.title.setProperty("role", "title")
        self.state_line = StateLine(self, scale)
        self.figures = FiguresPanel(self, scale=scale, columns=columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.title)
        head.addWidget(self.state_line, 1)
        layout.addLayout(head)
        layout.addWidget(self.figures)
        self.setStyleSheet(f"LineTile {{ {status_style(Status.NORMAL)} }}")
        self.retranslate_ui()

    def show_figures(
        self, figures: Figures, zone: str, state: LineState, names: Sequence[str]
    ) -> None:
        """``names``: the names of ``state.machines``, in their order."""
        self.board, self.zone, self.state, self.names = figures, zone, state, tuple(names)
        self.figures.show_figures(figures)
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        figures, state = self.board, self.state
        if figures is None or state is None:
            self.state_line.state.setText("")
            self.state_line.lasted.setText("")
            return
        now = now or utc_now()
        since = local_time(figures.since, self.zone)
        # Names, not a count: which machine is down is what the line needs to know.
        names = self.tr(", ").join(self.names)
        # How long, only where the records know when it began.
        lasted: datetime | None = figures.since
        if state.condition is LineCondition.DOWN and figures.down:
            text = self.tr("{0} down since {1}").format(names, since)
        elif state.condition is LineCondition.DOWN:
            # The PLC says stopped; the stop is not recorded yet (micro-stop limit).
            text, lasted = self.tr("{0} down").format(names), None
        elif state.condition is LineCondition.NO_SIGNAL:
            text, lasted = self.tr("No signal from {0}").format(names), None
        elif state.condition is LineCondition.UNCONFIRMED:
            text = self.tr("No stop recorded since {0}").format(since)
        else:
            text = self.tr("All running since {0}").format(since)
        self.state_line.state.setText(text)
        self.state_line.lasted.setText(
            duration(max(now - lasted, timedelta())) if lasted is not None else ""
        )

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Line {0}").format(self.line))
        self.refresh()
