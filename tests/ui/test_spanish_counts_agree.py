"""Spanish that agrees with its counts and speaks to a supervisor in words. The walk read
"(0 cerrados, 1 abiertos)", "1 piezas de desecho contadas", "chatarra" beside "desecho",
"Mantener: <reason>" (which reads as "maintain") and codes such as "(SYS.MICRO)" and
"ISO22400-2/OEE-APQ/v1" on the shift screen."""

from __future__ import annotations

import json
import re
from importlib import resources

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.reports.shift_report import data_quality_text, late_edits_text
from operator_app.screens.main_window import MainWindow
from operator_app.screens.supervisor import SupervisorScreen
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]

OPERATOR = Person("op-ana", "Ana García", Role.OPERATOR, None, None)
# A count of one before a plural word: "1 piezas", "1 abiertos".
ONE_BEFORE_A_PLURAL = re.compile(r"(?<![\d,.])1 (?!min\b|s\b|h\b)\w+[ao]s\b")

# Sentences whose count the walk saw as 1, with the one as every number.
COUNTED = [
    ("Andon", "Calls for {0}: {1} ({2} closed, {3} open). Mean response {4}, mean repair {5}."),
    ("CallsStrip", "Call for help (+{0} open)"),
    ("JobPage", "Made {0} good, {1} scrap (no quantity ordered)."),
    ("JobPage", "Made {0} good of {1} ordered, {2} scrap."),
    ("JobPage", "{0} scrap parts counted, none recorded with a reason yet."),
    ("JobScreen", "{0} — {1} — {2} parts"),
    ("SupervisorScreen", "… and {0} earlier."),
]


def one_unnamed_stop(site: SiteConfig) -> None:
    store = EventStore.open(site.database_path)
    try:
        CaptureService(store, bundled_catalogue(), site).start_downtime(OPERATOR, "PRESS-1")
    finally:
        store.close()


def test_counts_of_one_read_in_the_singular(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    one_unnamed_stop(site)
    sign_in_with_pin(qtbot, window, "2222")
    window.context.set_language("es")
    for context, source in COUNTED:
        said = QCoreApplication.translate(context, source).format(*["1"] * 6)
        assert said != source  # translated, so the check below reads Spanish
        assert not ONE_BEFORE_A_PLURAL.search(said), said
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    shift = window.screens["shift"]
    assert isinstance(shift, SupervisorScreen)
    qtbot.waitUntil(lambda: shift.summary is not None, timeout=10_000)
    assert len(shift.summary.uncategorized) == 1
    assert "1 parada aún sin motivo." in data_quality_text(shift.summary)
    assert late_edits_text(1).startswith("1 cambio hecho ")
    assert late_edits_text(2).startswith("2 cambios hechos ")


def test_the_shift_screen_says_words_not_codes_and_desecho_not_chatarra(
    qtbot: QtBot, window: MainWindow
) -> None:
    sign_in_with_pin(qtbot, window, "2222")
    window.context.set_language("es")
    qtbot.mouseClick(window.nav_buttons["shift"], Qt.MouseButton.LeftButton)
    shift = window.screens["shift"]
    assert isinstance(shift, SupervisorScreen)
    qtbot.waitUntil(lambda: shift.summary is not None, timeout=10_000)
    rules = shift.provenance_label.text()
    assert "Microparadas" in rules
    assert "SYS.MICRO" not in rules
    assert "ISO22400-2/OEE-APQ/v1" not in rules
    assert shift.scrap_table.horizontalHeaderItem(0).text() == "Motivo de desecho"
    keep = QCoreApplication.translate("WorkflowRunnerScreen", "Keep: {0}").format("Atasco")
    assert not keep.startswith("Mantener")
    workflows = resources.files("shopfloor_core.standards").joinpath("workflows.json")
    assert "chatarra" not in json.dumps(
        json.loads(workflows.read_text("utf-8")), ensure_ascii=False
    )
