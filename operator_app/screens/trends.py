"""Live trends of a machine's tags: one hour rolling, or the whole shift from stored history.

Values arrive from the machine monitor by signal; stored history comes through the store
thread. The plot redraws on its own timer, so a busy PLC never drives the GUI's frame rate.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from local_store import EventStore
from local_store.tag_history import points_between
from operator_app.domain.clock import utc_now
from operator_app.machine_data.samples import LinkState, Quality, Sample
from operator_app.screens.app_context import AppContext
from operator_app.site_config.model import MachineConfig
from operator_app.site_config.tag_map import Tag, TagRole, ValueType
from widgets.retranslating import Retranslating
from widgets.style import Status
from widgets.touch_button import TouchButton
from widgets.trend_plot import TrendPlot
from widgets.value_tile import ValueTile

HOUR = timedelta(hours=1)
# "The whole shift" is the current shift of the site's shift calendar; without a calendar (or
# between shifts) it is the last eight hours.
SHIFT = timedelta(hours=8)
MAX_CURVES = 4


def default_selection(machine: MachineConfig) -> list[str]:
    """Process values first (those with a unit or limits), counters and codes only if needed."""
    numbers = [t for t in machine.tags if t.type is not ValueType.BOOL]
    process = [t for t in numbers if t.role is TagRole.VALUE and (t.unit or t.high or t.low)]
    rest = [t for t in numbers if t not in process]
    return [t.name for t in (process + rest)[:3]]


class TrendScreen(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.machines = [m for m in context.site.machines if m.connection is not None and m.tags]
        self.machine: MachineConfig | None = self.machines[0] if self.machines else None
        self.selected: list[str] = default_selection(self.machine) if self.machine else []
        self.span = HOUR
        self.link = LinkState.CONNECTING
        self.link_message = ""
        self.machine_buttons: dict[str, TouchButton] = {}
        self.tag_buttons: dict[str, TouchButton] = {}
        self.tiles: dict[str, ValueTile] = {}

        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.connection = QLabel(self)
        self.connection.setWordWrap(True)
        self.empty = QLabel(self)
        self.hour_button = TouchButton("", self)
        self.hour_button.setCheckable(True)
        self.hour_button.clicked.connect(lambda: self.set_span(HOUR))
        self.shift_button = TouchButton("", self)
        self.shift_button.setCheckable(True)
        self.shift_button.clicked.connect(lambda: self.set_span(SHIFT))
        self.plot = TrendPlot(self)

        machine_row = QHBoxLayout()
        for machine in self.machines:
            button = TouchButton(machine.name_in(self.context.language), self)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, m=machine: self.show_machine(m))
            self.machine_buttons[machine.machine_id] = button
            machine_row.addWidget(button)
        machine_row.addWidget(self.hour_button)
        machine_row.addWidget(self.shift_button)
        self.tag_row = QHBoxLayout()
        self.tile_grid = QGridLayout()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.connection, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(machine_row)
        layout.addLayout(self.tag_row)
        layout.addWidget(self.empty)
        layout.addWidget(self.plot, 5)
        layout.addLayout(self.tile_grid, 1)

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
        self.machine = machine
        for machine_id, button in self.machine_buttons.items():
            button.setChecked(machine_id == machine.machine_id)
        self._build_tag_buttons(machine)
        self._build_tiles(machine)
        monitor = self.context.machine_monitor
        if monitor is not None:
            link, message = monitor.links.get(machine.machine_id, (LinkState.CONNECTING, ""))
            self.on_connection(machine.machine_id, link, message)
            latest = monitor.latest.get(machine.machine_id)
            if latest:
                self._show_tiles(latest)
        self._rebuild_plot()

    def _tag(self, name: str) -> Tag | None:
        assert self.machine is not None
        return next((t for t in self.machine.tags if t.name == name), None)

    def _label(self, tag: Tag) -> str:
        return tag.label_in(self.context.language)

    def _build_tag_buttons(self, machine: MachineConfig) -> None:
        _clear(self.tag_row)
        self.tag_buttons = {}
        for tag in machine.tags:
            if tag.type is ValueType.BOOL:
                continue
            button = TouchButton(self._label(tag), self)
            button.setCheckable(True)
            button.setChecked(tag.name in self.selected)
            button.clicked.connect(lambda checked, name=tag.name: self.toggle_tag(name, checked))
            self.tag_buttons[tag.name] = button
            self.tag_row.addWidget(button)

    def _build_tiles(self, machine: MachineConfig) -> None:
        _clear(self.tile_grid)
        self.tiles = {}
        for index, tag in enumerate(machine.tags):
            tile = ValueTile(self._label(tag), self)
            self.tiles[tag.name] = tile
            self.tile_grid.addWidget(tile, index // 5, index % 5)

    def toggle_tag(self, name: str, checked: bool) -> None:
        if checked and name not in self.selected:
            if len(self.selected) >= MAX_CURVES:
                self.tag_buttons[name].setChecked(False)
                self.context.notice.emit(
                    self.tr("At most {0} curves at a time.").format(QLocale().toString(MAX_CURVES)),
                    False,
                )
                return
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

    def _span_length(self) -> timedelta:
        if self.span != SHIFT:
            return self.span
        calendar = self.context.site.shifts
        now = utc_now()
        shift = calendar.shift_at(now) if calendar is not None else None
        if shift is None:
            return SHIFT
        elapsed: timedelta = now - shift.start_utc
        return max(elapsed, timedelta(minutes=5))

    def _rebuild_plot(self) -> None:
        rows = []
        for name in self.selected:
            tag = self._tag(name)
            if tag is None:
                continue
            label = self._label(tag)
            if tag.unit:
                label = self.tr("{0} ({1})").format(label, tag.unit)
            rows.append((name, label, tag.low, tag.high))
        self.plot.set_utc_offset(_offset_east_s(self.context.site.timezone))
        self.plot.set_series(rows)
        self.empty.setVisible(not rows)
        self.set_span(self.span)

    def _load_history(self) -> None:
        machine, tags = self.machine, list(self.selected)
        if machine is None or not tags:
            return
        end = utc_now()
        start = end - self._span_length()

        def load(store: EventStore) -> dict[str, list[tuple[int, float | None, str]]]:
            return points_between(store.db, machine.machine_id, tags, start, end)

        self.context.store_worker.submit(
            load, on_done=lambda points: self._show_history(machine.machine_id, points)
        )

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
        for name in self.selected:
            sample = samples.get(name)
            if sample is None:
                continue
            good = sample.quality is Quality.GOOD and sample.value is not None
            moment = sample.at if good else utc_now()
            value = float(sample.value) if good and sample.value is not None else None
            self.plot.append(name, moment.timestamp(), value)
        self._show_tiles(samples)

    def _show_tiles(self, samples: dict[str, Sample]) -> None:
        locale = QLocale()
        for name, tile in self.tiles.items():
            sample, tag = samples.get(name), self._tag(name)
            if sample is None or tag is None:
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
        self.hour_button.setText(self.tr("Last hour"))
        self.shift_button.setText(self.tr("Whole shift"))
        self.empty.setText(
            self.tr("Choose values to plot.")
            if self.machines
            else self.tr("No machine on this line sends live data.")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._show_connection()
        # Machine names and tag labels come from the site file, per language.
        for machine in self.machines:
            self.machine_buttons[machine.machine_id].setText(machine.name_in(self.context.language))
        if self.machine is not None and self.tag_buttons:
            self._build_tag_buttons(self.machine)

    def hideEvent(self, event: object) -> None:
        super().hideEvent(event)  # type: ignore[arg-type]


def _clear(layout: QHBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def _offset_east_s(zone: str) -> int:
    """The plant zone's offset from UTC now (the axis spans at most a shift)."""
    offset = datetime.now(ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0
