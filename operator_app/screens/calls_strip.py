"""The line's open andon calls across the top of the home screen, and the button to call.

Calls of the other stations arrive with the sync rounds; this station's own show at once,
network or not. A tap on a call opens it (to acknowledge, arrive, close or cancel it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from operator_app.screens.andon_words import call_line
from operator_app.screens.app_context import AppContext
from operator_app.screens.messages import explain
from operator_app.services.andon import open_calls
from shopfloor_core.domain.andon import CallRevision, CallState
from shopfloor_core.domain.permissions import Action
from widgets.retranslating import Retranslating
from widgets.style import Status, status_style
from widgets.tap_guard import TapGuard
from widgets.touch_button import TouchButton

# How many calls the strip shows side by side; the rest are one tap away on the call screen.
MOST_SHOWN = 2
TICK_MS = 30_000


class CallsStrip(Retranslating, QFrame):
    """Signals: ``call_requested()`` to raise a call, ``call_opened(call_id)`` to open one."""

    call_requested = Signal()
    call_opened = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.calls: list[CallRevision] = []
        self.call_button = TouchButton("", self, primary=True)
        self.call_button.clicked.connect(self.call_requested)
        self.buttons: dict[str, TouchButton] = {}
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.call_button)
        # Calls come and go under the operator's finger: a tap just after one moved is ignored.
        self.tap_guard = TapGuard(self)
        self.tap_guard.watch(self.call_button)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._render)
        self._tick.start()
        context.records_changed.connect(self.reload)
        context.person_changed.connect(lambda _person: self._apply_permissions())
        self._following_sync = False
        self.retranslate_ui()

    def _synced(self, status: Any) -> None:
        if status.pulled:
            self.reload()

    def reload(self) -> None:
        # The sync worker starts after the home screen is built: follow it once it runs.
        if not self._following_sync and self.context.sync_worker is not None:
            self.context.sync_worker.status_changed.connect(self._synced)
            self._following_sync = True
        self.context.store_worker.submit(
            open_calls,
            on_done=self._show,
            on_error=lambda e: self.context.notice.emit(explain(e), True),
        )

    def _show(self, calls: list[CallRevision]) -> None:
        self.calls = calls
        self._render()

    def _render(self) -> None:
        now = self.context.clock()
        shown = self.calls[:MOST_SHOWN]
        wanted = [c.call_id for c in shown]
        if wanted != list(self.buttons):
            for button in self.buttons.values():
                self.row.removeWidget(button)
                button.hide()
                button.deleteLater()
            self.buttons = {}
            for call in shown:
                button = TouchButton("", self)
                button.clicked.connect(lambda _=False, c=call.call_id: self.call_opened.emit(c))
                self.row.addWidget(button, 2)
                self.tap_guard.watch(button)
                self.buttons[call.call_id] = button
            self.tap_guard.changed()
        for call in shown:
            button = self.buttons[call.call_id]
            text = call_line(self.context, call, now)
            button.setText(text)
            button.setToolTip(text)
            # Nobody answered yet is the abnormal state to see from afar; colour backed by words.
            status = Status.ATTENTION if call.state is CallState.RAISED else Status.NORMAL
            button.setStyleSheet(f"QPushButton {{ {status_style(status)} }}")
        more = len(self.calls) - len(shown)
        self.call_button.setText(
            self.tr("Call for help (+{0} open)").format(more) if more else self.tr("Call for help")
        )

    def _apply_permissions(self) -> None:
        self.call_button.setEnabled(self.context.may(Action.RAISE_CALL))
        self.reload()

    def retranslate_ui(self) -> None:
        self._render()
