"""Which system libraries Qt's X11 platform plugin (xcb) lacks here, and the packages to install.

Qt's own message names only libxcb-cursor0 ("xcb-cursor0 or libxcb-cursor0 is needed"), even
when what is missing is libxcb-icccm4 or libxcb-keysyms1. ``ldd`` on the plugin of the
installed PySide6 says exactly which shared objects cannot be found; the table below turns
them into Debian/Ubuntu package names. Standard library only: ``dev.py`` runs it with the
system python3 before the virtual environment starts the client.
"""

from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
from pathlib import Path

# Shared object -> Debian/Ubuntu package (same names on Debian 11-13, Ubuntu 20.04-24.04).
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin(site_packages: Path) -> Path | None:
    plugin = site_packages / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def not_found_in(ldd_output: str) -> list[str]:
    """The shared objects ``ldd`` reported as "not found", once each, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def missing_libraries(plugin: Path) -> list[str]:
    """What the plugin needs and the system lacks: by ``ldd``, else by the table and ctypes."""
    ldd = shutil.which("ldd")
    if ldd is not None:
        result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, check=False)
        return not_found_in(result.stdout)
    return [name for name in DEBIAN_PACKAGES if ctypes.util.find_library(_link_name(name)) is None]


def packages_for(libraries: list[str]) -> list[str]:
    """Debian/Ubuntu packages for ``libraries``; an unknown one is named as it is."""
    return list(dict.fromkeys(DEBIAN_PACKAGES.get(name, name) for name in libraries))


def advice(libraries: list[str]) -> str:
    """What to tell a developer whose system lacks ``libraries``."""
    return (
        "Qt's X11 platform plugin (xcb) cannot start: these system libraries are missing:\n"
        f"    {' '.join(libraries)}\n"
        "On Debian or Ubuntu install them with:\n"
        f"    sudo apt-get install {' '.join(packages_for(libraries))}\n"
        "(or run without a display: QT_QPA_PLATFORM=offscreen python3 dev.py demo)"
    )


def _link_name(soname: str) -> str:
    """``xcb-icccm`` for ``libxcb-icccm.so.4``: the name ctypes.util.find_library wants."""
    return soname.removeprefix("lib").split(".so", 1)[0]
