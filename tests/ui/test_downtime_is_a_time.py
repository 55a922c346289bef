"""In Spanish, "Downtime" as a duration reads "Tiempo de parada"; "Paradas" is a count of stops.
The walk found the shift table, the CI Pareto table (two columns both "Paradas") and the printed
report calling a duration "Paradas"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from operator_app.reports.shift_report import kpi_table
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.screens.workflow_runner import WorkflowRunnerScreen
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]


def headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]


def test_a_duration_of_stops_is_tiempo_de_parada_and_a_count_paradas(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    window.context.set_language("es")
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    shift = window.screens["shift"]
    assert isinstance(shift, SupervisorScreen)
    qtbot.waitUntil(lambda: shift.summary is not None, timeout=10_000)
    assert "Tiempo de parada" in headers(shift.kpi_table)
    assert "Paradas" not in headers(shift.kpi_table)

    entry = next(e for e in SCREENS if e.target.endswith(":WorkflowRunnerScreen"))
    runner = window.open_screen(entry)
    assert isinstance(runner, WorkflowRunnerScreen)
    assert headers(runner.pareto_table)[1:] == ["Tiempo de parada", "Paradas"]

    header, _rows = kpi_table(shift.summary, window.context.site)
    assert "Tiempo de parada" in header
    assert "Paradas" not in header
