"""Diagnostics: what IT or the regional coach asks a supervisor to read out on the phone.

The store's figures, the data directory's permissions and the log's last problems are gathered
on the store thread; sync and machine links come from their workers' last reports. The same
facts, with the logs, go into ``operator-app diagnostics --out FILE.zip``.
"""

from __future__ import annotations

from typing import Any

import PySide6
from PySide6.QtCore import QLocale, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScroller, QVBoxLayout, QWidget

from local_store import EventStore
from operator_app.operations.line_status import diagnostics_facts, versions
from operator_app.screens.app_context import AppContext
from operator_app.screens.machine_live import link_text
from operator_app.screens.messages import explain
from operator_app.workers.sync_worker import describe
from widgets.retranslating import Retranslating
from widgets.touch_button import TouchButton

MEGABYTE = 1024 * 1024


class DiagnosticsScreen(Retranslating, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.facts: dict[str, Any] | None = None
        self.problem: str | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        # Fixed width keeps log lines and tracebacks aligned; the screen's size keeps it legible.
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(self.font().pointSizeF())
        self.report.setFont(fixed)
        QScroller.grabGesture(self.report.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.refresh = TouchButton("", self)
        self.refresh.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.refresh)
        self.retranslate_ui()

    def showEvent(self, event: object) -> None:
        self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reload(self) -> None:
        data_dir = self.context.site.data_dir

        def gather(store: EventStore) -> dict[str, Any]:
            return diagnostics_facts(store, data_dir)

        self.context.store_worker.submit(gather, on_done=self._show, on_error=self._failed)

    def _show(self, facts: dict[str, Any]) -> None:
        self.facts, self.problem = facts, None
        self.report.setPlainText("\n".join(self.lines()))

    def _failed(self, error: BaseException) -> None:
        self.facts, self.problem = None, explain(error)
        self.report.setPlainText("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The report as it is shown, in the current language; what may need action first."""
        lines = [self.tr("Store")]
        if self.problem is not None:
            lines.append(
                "  " + self.tr("The store's figures could not be read: {0}").format(self.problem)
            )
        elif self.facts is None:
            lines.append("  " + self.tr("Reading the store…"))
        else:
            lines += self._store_lines(self.facts)
        lines += ["", self.tr("Sync"), *self._sync_lines()]
        lines += ["", self.tr("Machine links"), *self._link_lines()]
        if self.facts is not None:
            lines += ["", self.tr("Log"), *self._log_lines(self.facts)]
        lines += ["", self.tr("Versions")]
        versions_in_use = {**versions(), "Qt": qVersion(), "PySide6": PySide6.__version__}
        lines += [f"  {name} {version}" for name, version in versions_in_use.items()]
        return lines

    def _store_lines(self, facts: dict[str, Any]) -> list[str]:
        number = QLocale().toString
        outbox = facts["outbox"]
        lines = [
            self.tr("File: {0}").format(facts["db_path"]),
            self.tr("Schema version: {0}").format(facts["schema_version"]),
            self.tr("Size: {0} MB").format(
                QLocale().toString(facts["store_size_bytes"] / MEGABYTE, "f", 1)
            ),
            self.tr("Integrity check: {0}").format(facts["integrity_check"]),
            self.tr("Waiting to send: {0}; refused by the server: {1}").format(
                number(outbox["pending"]), number(outbox["quarantined"])
            ),
        ]
        lines += [f"  {kind}: {number(n)}" for kind, n in outbox["pending_by_kind"].items()]
        standards = facts["standards"]
        if standards["bundle_version"] is None:
            lines.append(self.tr("Standards: bundled defaults (no regional bundle yet)"))
        else:
            lines.append(
                self.tr("Standards: regional bundle {0}").format(standards["bundle_version"])
            )
        lines.append(self.tr("Data directory: {0}").format(facts["data_dir"]))
        too_open = facts["permissions"]["too_open"]
        if too_open:
            lines.append(
                self.tr(
                    "Warning: other accounts can read these; the client narrows them at its "
                    "next start:"
                )
            )
            lines += [f"  {wide}" for wide in too_open]
        else:
            lines.append(self.tr("Only the client's account can read the data directory."))
        return ["  " + line for line in lines]

    def _sync_lines(self) -> list[str]:
        worker = self.context.sync_worker
        if worker is None:
            return ["  " + self.tr("Sync is not set up on this PC.")]
        if worker.latest is None:
            return ["  " + self.tr("No sync round has finished yet.")]
        text, _problem = describe(worker.latest, self.context.site.timezone)
        lines = ["  " + text]
        if worker.latest.problem:
            lines.append("  " + worker.latest.problem)
        return lines

    def _link_lines(self) -> list[str]:
        monitor = self.context.machine_monitor
        if monitor is None or not monitor.machine_ids:
            return ["  " + self.tr("No machine is read over Modbus on this PC.")]
        lines = []
        for machine_id in monitor.machine_ids:
            link, message = monitor.links.get(machine_id, ("connecting", ""))
            line = f"  {machine_id}: {link_text(link)}"
            lines.append(f"{line} ({message})" if message else line)
        return lines

    def _log_lines(self, facts: dict[str, Any]) -> list[str]:
        lines = ["  " + self.tr("Log file: {0}").format(facts["log_file"])]
        problems = facts["recent_problems"]
        if not problems:
            lines.append("  " + self.tr("No warnings or errors in the log."))
            return lines
        lines.append("  " + self.tr("Last warnings and errors, newest last:"))
        for entry in problems:
            lines += ["    " + part for part in entry.splitlines()]
        return lines

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Diagnostics"))
        self.explanation.setText(
            self.tr(
                "For IT and the regional coach. To send all of this with the log files, run "
                "'operator-app diagnostics --out FILE.zip' on this PC."
            )
        )
        self.refresh.setText(self.tr("Refresh"))
        self.report.setPlainText("\n".join(self.lines()))
