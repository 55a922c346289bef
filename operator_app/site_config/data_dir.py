"""Where the line PC keeps its store: machine-wide, not per user.

A line PC is shared by shifts and Windows accounts; a per-user directory would split the
offline event queue between accounts. Windows: %PROGRAMDATA%\\operator-app; Linux: /var/lib.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "operator-app"


def machine_data_dir() -> Path:
    if sys.platform.startswith("linux"):
        return Path("/var/lib") / APP_NAME
    return Path(platformdirs.site_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """Demo data goes to the user's own data directory, never the plant's store."""
    override = os.environ.get("OPERATOR_APP_DEMO_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"
