"""The PLC's stop banner follows a change of language as a whole: the walk switched from Spanish
to English and read "Prensa 1 stopped at 4:55 PM with fault 101. Suggested reason: Atasco. Is
that right?", the machine's name and the suggested reason kept from when it was built."""

from __future__ import annotations

from types import SimpleNamespace

from pytestqt.qtbot import QtBot

from local_store import EventStore
from operator_app.screens.main_window import MainWindow
from operator_app.services.capture import CaptureService
from operator_app.site_config import SiteConfig
from shopfloor_core.domain.catalogue import bundled_catalogue
from shopfloor_core.domain.roster import Person, Role
from tests.ui.conftest import client, sign_in_with_pin, window

__all__ = ["client", "window"]

OPERATOR = Person("op-ana", "Ana García", Role.OPERATOR, None, None)
JAM = "EQP.MEC.JAM"


def an_open_stop(site: SiteConfig) -> tuple[str, object]:
    store = EventStore.open(site.database_path)
    try:
        stop = CaptureService(store, bundled_catalogue(), site).start_downtime(OPERATOR, "PRESS-1")
    finally:
        store.close()
    return stop.event_id, stop.start_utc


def test_the_fault_banner_is_said_again_in_the_new_language(
    qtbot: QtBot, window: MainWindow, site: SiteConfig
) -> None:
    event_id, start = an_open_stop(site)
    sign_in_with_pin(qtbot, window, "1111")
    window.context.set_language("es")
    home = window.home
    live = home.machine_live
    # What the machine monitor says when the PLC stops the press with a mapped fault.
    live._stopped("PRESS-1", event_id, start)
    live._fault(
        "PRESS-1", event_id, SimpleNamespace(reason_code=JAM, reason_suggested=True, fault_code=101)
    )
    prompt = home.stop_prompt
    spanish_jam = window.context.reason_label(JAM)
    assert "Prensa 1" in prompt.text.text()
    assert spanish_jam in prompt.text.text()

    window.context.set_language("en")
    qtbot.waitUntil(lambda: "stopped at" in prompt.text.text(), timeout=5_000)
    said = prompt.text.text()
    assert said.startswith("Press 1 stopped at ")
    assert f"Suggested reason: {window.context.reason_label(JAM)}." in said
    assert spanish_jam not in said
    assert prompt.isVisible()
