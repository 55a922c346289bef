"""Problems that stay on screen while their cause lasts, and go when it reports healthy.

Each has a cause key: ``store`` (the local store refused a write or could not be opened),
``machine-data`` (what a PLC reported could not be recorded), ``plc:<machine>`` (a PLC does not
answer). A capture that worked, a machine-data write that worked, a PLC answering again: the
banner goes without anyone tapping it, so an old error never sits over a working line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from operator_app.machine_data.samples import LinkState
from operator_app.screens.app_context import AppContext

MACHINE_DATA = "machine-data"


def plc_cause(machine_id: str) -> str:
    return f"plc:{machine_id}"


def watch_machine_data(monitor: Any, context: AppContext) -> None:
    """Raise and withdraw the machine-data and PLC problems from the monitor's signals."""

    def link(machine_id: str, state: str, _detail: str) -> None:
        if state != LinkState.OFFLINE:
            context.problem_gone.emit(plc_cause(machine_id))
            return
        context.problem_raised.emit(
            plc_cause(machine_id),
            lambda: QCoreApplication.translate(
                "StandingProblems",
                "No answer from the PLC of {0}: its stops and parts are not recorded "
                "automatically until it answers.",
            ).format(context.machine_name(machine_id)),
        )

    def not_recorded(_machine_id: str, _detail: str) -> None:
        context.problem_raised.emit(
            MACHINE_DATA,
            lambda: QCoreApplication.translate(
                "StandingProblems",
                "What the machines report cannot be recorded in the local store. Call IT.",
            ),
        )

    monitor.connection_changed.connect(link)
    monitor.problem.connect(not_recorded)
    monitor.records_changed.connect(lambda: context.problem_gone.emit(MACHINE_DATA))
