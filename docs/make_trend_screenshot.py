"""Take docs/trend-screen.png: the trend screen of the demo line fed by the simulated press.

    .venv/bin/python docs/make_trend_screenshot.py [seconds]

The simulator runs for real over Modbus TCP; before it starts, the store is given an hour of
history made by the same machine model, so the picture shows a full rolling hour.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from local_store import open_database
from local_store.tag_history import TagPoint, record_points, to_second
from operator_app.cli.context import demo_config_path
from operator_app.machine_data.demo import start_demo_machines
from operator_app.machine_data.simulated_machine import SIMULATOR_TAGS, MachineModel
from operator_app.screens.app import start_client
from operator_app.screens.main_window import MainWindow
from operator_app.screens.navigation import SCREENS
from operator_app.site_config import load_site_config
from shopfloor_core.domain.clock import utc_now
from widgets.style import apply_isa101_style

HERE = Path(__file__).resolve().parent


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def past_hour(database: Path) -> None:
    model = MachineModel(ideal_cycle_s=2.0, seed=3)
    start = utc_now() - timedelta(hours=1)
    points = []
    for second in range(3600):
        model.step(1.0)
        values = {
            "oil_temperature": model.temperature,
            "press_force": model.force_kn,
            "cycle_time": model.last_cycle_s,
            "energy": model.energy_kwh,
        }
        at = to_second(start + timedelta(seconds=second))
        for tag in SIMULATOR_TAGS:
            if tag.name in values:
                # Engineering values straight from the model (what the poller would store).
                value = float(values[tag.name])
                points.append(TagPoint("PRESS-1", tag.name, at, value, "good"))
    db = open_database(database)
    record_points(db, points)
    db.conn.close()


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_isa101_style(app)
    with tempfile.TemporaryDirectory() as data:
        site = replace(load_site_config(demo_config_path()), data_dir=Path(data))
        past_hour(site.database_path)
        site, simulators = start_demo_machines(site)
        running = start_client(site, language="en")
        window = running.window
        assert isinstance(window, MainWindow)
        window.resize(1280, 800)
        window.show()
        wait(1500)
        # As the sign-in screen does, so the rail shows the person and their places.
        window.sign_in(next(iter(window.context.roster)))
        entry = next(e for e in SCREENS if e.key == "trends")
        window.open_screen(entry)
        wait(seconds * 1000)
        window.grab().save(str(HERE / "trend-screen.png"))
        running.stop()
        for simulator in simulators:
            simulator.stop()
    print(HERE / "trend-screen.png")


if __name__ == "__main__":
    main()
