"""Live trends of a machine's tags: one hour rolling, or the whole shift from stored history.

Values arrive from the machine monitor by signal; stored history comes through the store
thread. The plot redraws on its own timer, so a busy PLC never drives the GUI's frame rate.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from local_store import EventStore
from local_store.tag_history import points_between
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.screens.app_context import AppContext
from operator_app.services.count_trend import PartsThisShift, parts_this_shift
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole, ValueType
from shopfloor_core.domain.clock import utc_now
from widgets.retranslating import Retranslating
from widgets.style import Status
from widgets.tag_chip import TagChip
from widgets.touch_button import WrappingButton
from widgets.touch_scrolling import touch_page
from widgets.trend_plot import TrendPlot

HOUR = timedelta(hours=1)
# "The whole shift" is the current shift of the site's shift calendar; without a calendar (or
# between shifts) it is the last eight hours.
SHIFT = timedelta(hours=8)
# Parts counted reach the store every few seconds (the monitor's flush); asking it again this
# often keeps a counter's trend and tile current at the cost of one small query.
COUNTS_REFRESH_MS = 10_000
CHIP_COLUMN_PX = 250
COUNTER_ROLES = (TagRole.GOOD_COUNTER, TagRole.REJECT_COUNTER)


def is_counter(tag: Tag) -> bool:
    """A part counter: shown as parts this shift, never as the PLC's raw register."""
    return tag.role in COUNTER_ROLES


def default_selection(machine: MachineConfig) -> list[str]:
    """Process values first (those with a unit or limits), counters and codes only if needed."""
    numbers = [t for t in machine.tags if t.type is not ValueType.BOOL]
    process = [t for t in numbers if t.role is TagRole.VALUE and (t.unit or t.high or t.low)]
    rest = [t for t in numbers if t not in process]
    return [t.name for t in (process + rest)[:3]]


class TrendScreen(Retranslating, QWidget):
    """One machine's values as chips beside its trends.

    Only as many trends are drawn as stay readable at the plot's height; every other value is
    a chip one tap away, and tapping it swaps it for the trend plotted longest.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.machines = [m for m in context.site.machines if m.connection is not None and m.tags]
        self.machine: MachineConfig | None = self.machines[0] if self.machines else None
        self.selected: list[str] = default_selection(self.machine) if self.machine else []
        self.span = HOUR
        self.link = LinkState.CONNECTING
        self.link_message = ""
        self.counts: PartsThisShift | None = None
        self.machine_buttons: dict[str, WrappingButton] = {}
        self.tiles: dict[str, TagChip] = {}

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.connection = QLabel(self)
        self.connection.setWordWrap(True)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        # Wrapping: at 1024 px in Spanish the header's buttons and status share too little width.
        self.hour_button = WrappingButton("", self)
        self.hour_button.setCheckable(True)
        self.hour_button.clicked.connect(lambda: self.set_span(HOUR))
        self.shift_button = WrappingButton("", self)
        self.shift_button.setCheckable(True)
        self.shift_button.clicked.connect(lambda: self.set_span(SHIFT))
        self.plot = TrendPlot(self)
        self.plot.capacity_changed.connect(lambda _rows: self._rebuild_plot())

        header = QHBoxLayout()
        header.addWidget(self.title)
        for machine in self.machines:
            button = WrappingButton(machine.name_in(self.context.language), self)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, m=machine: self.show_machine(m))
            self.machine_buttons[machine.machine_id] = button
            header.addWidget(button)
        header.addWidget(self.hour_button)
        header.addWidget(self.shift_button)
        header.addWidget(self.connection, 2)
        # The chips scroll on their own (a machine may have many tags); the plot keeps its height.
        self.chip_box = QVBoxLayout()
        chips = QWidget(self)
        chips.setLayout(self.chip_box)
        self.chip_area = touch_page(chips, self)
        self.chip_area.setFixedWidth(CHIP_COLUMN_PX)
        plot_column = QVBoxLayout()
        plot_column.addWidget(self.empty)
        plot_column.addWidget(self.plot, 1)
        body = QHBoxLayout()
        body.addLayout(plot_column, 1)
        body.addWidget(self.chip_area)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_REFRESH_MS)
        self.counts_timer.timeout.connect(self._load_counts)
        monitor = context.machine_monitor
        if monitor is not None:
            monitor.tag_values.connect(self.on_values)
            monitor.connection_changed.connect(self.on_connection)
        self.retranslate_ui()
        if self.machine is not None:
            self.show_machine(self.machine)

    # -- what is shown ----------------------------------------------------------------------------
    def show_machine(self, machine: MachineConfig) -> None:
        if self.machine is None or machine.machine_id != self.machine.machine_id:
            self.selected = default_selection(machine)
            self.counts = None
        self.machine = machine
        for machine_id, button in self.machine_buttons.items():
            button.setChecked(machine_id == machine.machine_id)
        self._build_chips(machine)
        monitor = self.context.machine_monitor
        if monitor is not None:
            link, message = monitor.links.get(machine.machine_id, (LinkState.CONNECTING, ""))
            self.on_connection(machine.machine_id, link, message)
            latest = monitor.latest.get(machine.machine_id)
            if latest:
                self._show_tiles(latest)
        self._rebuild_plot()

    @property
    def plotted(self) -> list[str]:
        """The selected tags that have a row: as many as fit, the latest chosen kept."""
        return self.selected[-self.plot.capacity :] if self.selected else []

    def _tag(self, name: str) -> Tag | None:
        assert self.machine is not None
        return next((t for t in self.machine.tags if t.name == name), None)

    def _label(self, tag: Tag) -> str:
        if tag.role is TagRole.GOOD_COUNTER:
            return self.tr("Good parts this shift")
        if tag.role is TagRole.REJECT_COUNTER:
            return self.tr("Rejects this shift")
        return tag.label_in(self.context.language)

    def _build_chips(self, machine: MachineConfig) -> None:
        _clear(self.chip_box)
        self.tiles = {}
        for tag in machine.tags:
            chip = TagChip(self._label(tag), self, checkable=tag.type is not ValueType.BOOL)
            chip.toggled.connect(lambda checked, name=tag.name: self.toggle_tag(name, checked))
            self.tiles[tag.name] = chip
            self.chip_box.addWidget(chip)
        self.chip_box.addStretch(1)
        self._show_counts()

    def toggle_tag(self, name: str, checked: bool) -> None:
        if checked and name not in self.plotted:
            if name in self.selected:
                self.selected.remove(name)
            # The newest choice is plotted; the one plotted longest gives way when full.
            self.selected.append(name)
        elif not checked and name in self.selected:
            self.selected.remove(name)
        self._rebuild_plot()

    def set_span(self, span: timedelta) -> None:
        self.span = span
        self.hour_button.setChecked(span == HOUR)
        self.shift_button.setChecked(span == SHIFT)
        self.plot.set_window(self._span_length().total_seconds())
        self._load_history()

    def _current_shift_start(self) -> datetime:
        """Where "this shift" starts: the calendar's shift, else the last eight hours."""
        calendar = self.context.site.shifts
        now = utc_now()
        shift = calendar.shift_at(now) if calendar is not None else None
        return shift.start_utc if shift is not None else now - SHIFT

    def _span_length(self) -> timedelta:
        if self.span != SHIFT:
            return self.span
        elapsed: timedelta = utc_now() - self._current_shift_start()
        return max(elapsed, timedelta(minutes=5))

    def _rebuild_plot(self) -> None:
        rows = []
        plotted = self.plotted
        for name in plotted:
            tag = self._tag(name)
            if tag is None:
                continue
            label = self._label(tag)
            if tag.unit and not is_counter(tag):
                label = self.tr("{0} ({1})").format(label, tag.unit)
            low, high = (None, None) if is_counter(tag) else (tag.low, tag.high)
            rows.append((name, label, low, high))
        for name, chip in self.tiles.items():
            chip.setChecked(name in plotted)
        self.plot.set_utc_offset(_offset_east_s(self.context.site.timezone))
        self.plot.set_series(rows)
        self.empty.setVisible(not rows)
        self.set_span(self.span)

    def _load_history(self) -> None:
        machine = self.machine
        if machine is None:
            return
        tags = [n for n in self.plotted if (t := self._tag(n)) is not None and not is_counter(t)]
        self._load_counts()
        if not tags:
            return
        end = utc_now()
        start = end - self._span_length()

        def load(store: EventStore) -> dict[str, list[tuple[int, float | None, str]]]:
            return points_between(store.db, machine.machine_id, tags, start, end)

        self.context.store_worker.submit(
            load, on_done=lambda points: self._show_history(machine.machine_id, points)
        )

    def _load_counts(self) -> None:
        machine = self.machine
        if machine is None or not any(is_counter(t) for t in machine.tags):
            return
        machine_id, since, now = machine.machine_id, self._current_shift_start(), utc_now()

        def load(store: EventStore) -> PartsThisShift:
            return parts_this_shift(store.db, machine_id, since, now)

        self.context.store_worker.submit(
            load, on_done=lambda counts: self._counts_loaded(machine_id, counts)
        )

    def _counts_loaded(self, machine_id: str, counts: PartsThisShift) -> None:
        if self.machine is None or self.machine.machine_id != machine_id:
            return
        self.counts = counts
        t = np.array(counts.seconds, dtype=np.float64)
        for tag in self.machine.tags:
            if tag.role is TagRole.GOOD_COUNTER:
                self.plot.set_history(tag.name, t, np.array(counts.good, dtype=np.float64))
            elif tag.role is TagRole.REJECT_COUNTER:
                self.plot.set_history(tag.name, t, np.array(counts.reject, dtype=np.float64))
        self._show_counts()

    def _show_counts(self) -> None:
        if self.machine is None or self.counts is None:
            return
        locale = QLocale()
        for tag in self.machine.tags:
            chip = self.tiles.get(tag.name)
            if chip is None or not is_counter(tag):
                continue
            total = (
                self.counts.good_total
                if tag.role is TagRole.GOOD_COUNTER
                else self.counts.reject_total
            )
            chip.show_value(locale.toString(total), "", Status.NORMAL)

    def _show_history(
        self, machine_id: str, points: dict[str, list[tuple[int, float | None, str]]]
    ) -> None:
        if self.machine is None or self.machine.machine_id != machine_id:
            return
        for name, rows in points.items():
            t = np.array([r[0] for r in rows], dtype=np.float64)
            v = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=np.float64)
            self.plot.set_history(name, t, v)

    # -- live -------------------------------------------------------------------------------------
    def on_values(self, machine_id: str, samples: dict[str, Sample]) -> None:
        if self.machine is None or machine_id != self.machine.machine_id:
            return
        for name in self.plotted:
            sample, tag = samples.get(name), self._tag(name)
            if sample is None or tag is None or is_counter(tag):
                continue  # counters come from the store's counts, not the register
            good = sample.quality is Quality.GOOD and sample.value is not None
            moment = sample.at if good else utc_now()
            value = float(sample.value) if good and sample.value is not None else None
            self.plot.append(name, moment.timestamp(), value)
        self._show_tiles(samples)

    def _show_tiles(self, samples: dict[str, Sample]) -> None:
        locale = QLocale()
        for name, tile in self.tiles.items():
            sample, tag = samples.get(name), self._tag(name)
            if sample is None or tag is None or is_counter(tag):
                continue
            tile.show_value(*self._tile_texts(locale, tag, sample))

    def _tile_texts(self, locale: QLocale, tag: Tag, sample: Sample) -> tuple[str, str, Status]:
        value = sample.value
        if value is None:
            text = self.tr("—")
        elif isinstance(value, bool):
            text = self.tr("On") if value else self.tr("Off")
        elif isinstance(value, int):
            text = locale.toString(value)
        else:
            text = locale.toString(float(value), "f", 2)
        if tag.unit and value is not None and not isinstance(value, bool):
            text = self.tr("{0} {1}").format(text, tag.unit)
        if sample.quality is Quality.COMM_ERROR:
            return text, self.tr("No signal"), Status.NO_SIGNAL
        if sample.quality is Quality.STALE:
            return text, self.tr("Not updated"), Status.ATTENTION
        number = None if isinstance(value, bool) or value is None else float(value)
        if number is not None and tag.high is not None and number > tag.high:
            return text, self.tr("Above limit"), Status.ALARM
        if number is not None and tag.low is not None and number < tag.low:
            return text, self.tr("Below limit"), Status.ALARM
        return text, "", Status.NORMAL

    def on_connection(self, machine_id: str, link: str, message: str) -> None:
        if self.machine is None or machine_id != self.machine.machine_id:
            return
        self.link, self.link_message = LinkState(link), message
        self._show_connection()

    def _show_connection(self) -> None:
        texts = {
            LinkState.CONNECTING: self.tr("Connecting to the PLC…"),
            LinkState.ONLINE: self.tr("PLC connected"),
            LinkState.DEGRADED: self.tr("PLC connected; some values cannot be read"),
            LinkState.OFFLINE: self.tr("PLC not reachable: values are not live"),
        }
        self.connection.setText(texts[self.link])
        self.connection.setToolTip(self.link_message)

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Trends"))
        self.hour_button.set_label(self.tr("Last hour"))
        self.shift_button.set_label(self.tr("Whole shift"))
        self.empty.setText(
            self.tr("Choose values to plot.")
            if self.machines
            else self.tr("No machine on this line sends live data.")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._show_connection()
        # Machine names and tag labels come from the site file, per language.
        for machine in self.machines:
            self.machine_buttons[machine.machine_id].set_label(
                machine.name_in(self.context.language)
            )
        if self.machine is not None:
            for tag in self.machine.tags:
                chip = self.tiles.get(tag.name)
                if chip is not None:
                    chip.set_name(self._label(tag))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._load_counts()
        self.counts_timer.start()

    def hideEvent(self, event: object) -> None:
        self.counts_timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def _offset_east_s(zone: str) -> int:
    """The plant zone's offset from UTC now (the axis spans at most a shift)."""
    offset = datetime.now(ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0
