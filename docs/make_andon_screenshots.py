"""Take the andon call screenshots in docs/ from the running client (offscreen, demo line).

    .venv/bin/python docs/make_andon_screenshots.py

On one station of the demo line, at 1024x768 in Spanish: the operator calls maintenance to
Press 1 through the real screens (andon-strip.png: the call on the home screen, nobody yet);
then maintenance signs in, acknowledges and arrives (andon-call.png: the call's story with
who and when, and the one step left, closing it).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from operator_app.cli.context import demo_config_path
from operator_app.domain.andon import Team
from operator_app.screens.app import start_client
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import load_site_config
from widgets.style import apply_isa101_style

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_screenshots import wait_until

HERE = Path(__file__).resolve().parent


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_isa101_style(app)
    with tempfile.TemporaryDirectory() as folder:
        site = replace(load_site_config(demo_config_path()), data_dir=Path(folder))
        running = start_client(site, language="es")
        window = running.window
        assert isinstance(window, MainWindow)
        window.resize(1024, 768)
        window.show()
        wait_until(lambda: window._store_ready)
        roster = window.context.roster
        operator, maintenance = roster.by_badge("10000001"), roster.by_badge("10000003")
        assert operator is not None
        assert maintenance is not None
        window.sign_in(operator)
        window.home.calls_strip.call_button.click()
        window.andon.team_buttons[Team.MAINTENANCE].click()
        strip = window.home.calls_strip
        wait_until(lambda: len(strip.buttons) == 1)
        app.processEvents()
        window.grab().save(str(HERE / "andon-strip.png"))
        window.sign_out()
        window.sign_in(maintenance)
        wait_until(lambda: len(strip.buttons) == 1)
        next(iter(strip.buttons.values())).click()
        andon = window.andon
        wait_until(lambda: andon.acknowledge_button.isVisible())
        andon.acknowledge_button.click()
        wait_until(lambda: andon.arrive_button.isVisible())
        andon.arrive_button.click()
        wait_until(lambda: andon.close_button.isVisible())
        app.processEvents()
        window.grab().save(str(HERE / "andon-call.png"))
        window.sign_out()
        running.stop()
    print(f"wrote {HERE / 'andon-strip.png'} and {HERE / 'andon-call.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
