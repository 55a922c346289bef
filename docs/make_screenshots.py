"""Take the operator screenshots in docs/ from the running client (offscreen, demo line).

    .venv/bin/python docs/make_screenshots.py

A stop is recorded on Press 1 through the real screens, so the pictures show what an operator
sees mid-shift, not a mock-up. No machine is simulated here, so the part counts stay empty; the
pictures in docs/ were taken under Xvfb from `operator-app --demo` (see the README).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from operator_app.cli.context import demo_config_path
from operator_app.screens.app import start_client
from operator_app.screens.line_display import LineDisplay
from operator_app.screens.main_window import MainWindow
from operator_app.site_config import load_site_config
from widgets.style import apply_isa101_style

HERE = Path(__file__).resolve().parent


def wait_until(condition: object, timeout_ms: int = 10_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)  # type: ignore[operator]
    timer.start(20)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    if not condition():  # type: ignore[operator]
        raise SystemExit("screenshot: the client did not get there in time")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_isa101_style(app)
    with tempfile.TemporaryDirectory() as folder:
        site = replace(load_site_config(demo_config_path()), data_dir=Path(folder))
        running = start_client(site, language="en")
        window = running.window
        assert isinstance(window, MainWindow)
        window.resize(1280, 800)
        window.show()
        wait_until(lambda: window._store_ready)
        person = window.context.roster.by_badge("10000001")
        assert person is not None
        window.sign_in(person)
        window.home.start_downtime("PRESS-1")
        wait_until(lambda: window.stack.currentWidget() is window.reason)
        window.reason.grid.open_path(["EQP"])
        wait_until(lambda: all(b.isVisible() for b in window.reason.grid.buttons.values()))
        window.grab().save(str(HERE / "operator-reason.png"))
        # The operator's home on the smallest line-PC screen, in Spanish.
        window.context.set_language("es")
        window.resize(1024, 768)
        window.go_home()
        wait_until(lambda: window.home.cards["PRESS-1"].open_event is not None)
        wait_until(lambda: window.home.board is not None)
        app.processEvents()
        window.grab().save(str(HERE / "operator-home.png"))
        window.context.set_language("en")
        window.close()
        running.stop()
        # The line display on a 1920 x 1080 wall screen, in English, on the same store.
        display = start_client(site, language="en", line_display=True)
        screen = display.window
        assert isinstance(screen, LineDisplay)
        screen.resize(1920, 1080)
        screen.show()
        wait_until(lambda: screen.board is not None)
        app.processEvents()
        screen.grab().save(str(HERE / "line-display.png"))
        display.stop()
    print(f"wrote operator-home.png, operator-reason.png and line-display.png in {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
