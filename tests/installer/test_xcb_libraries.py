"""``dev.py demo`` names the exact packages Qt's X11 plugin lacks (scripts/xcb_libraries.py).

A stand-in "plugin" is linked with gcc against two libraries that are then removed, so the real
``ldd`` reports them missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from xcb_libraries import advice, missing_libraries, not_found_in, packages_for

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("gcc") is None or not shutil.which("ldd"),
    reason="needs Linux with gcc and ldd",
)


def shared_library(folder: Path, soname: str, *links: str) -> Path:
    source = folder / "empty.c"
    source.write_text("int placeholder(void) { return 0; }\n")
    target = folder / soname
    command = ["gcc", "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o", str(target), str(source)]
    command += ["-Wl,--no-as-needed", f"-L{folder}", *(f"-l:{link}" for link in links)]
    subprocess.run(command, check=True, capture_output=True)
    return target


def test_ldd_names_what_the_plugin_lacks_here(tmp_path: Path) -> None:
    # Names no system has, so the machine's own packages cannot hide them.
    absent = ["libxcb-gone-a.so.4", "libxcb-gone-b.so.1"]
    for soname in absent:
        shared_library(tmp_path, soname)
    plugin = shared_library(tmp_path, "libqxcb.so", *absent)
    for soname in absent:
        os.remove(tmp_path / soname)
    assert missing_libraries(plugin) == absent
    assert f"sudo apt-get install {' '.join(absent)}" in advice(absent)


def test_the_libraries_qt_lacked_on_a_plain_debian_become_their_packages() -> None:
    lacking = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in advice(lacking)


def test_nothing_missing_means_no_advice_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_library(tmp_path, "libpresent.so.1")
    plugin = shared_library(tmp_path, "libqxcb.so", "libpresent.so.1")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    assert missing_libraries(plugin) == []


def test_qts_own_list_maps_to_packages() -> None:
    ldd = (
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxkbcommon-x11.so.0 => not found\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibGL.so.1 => /lib/x86_64-linux-gnu/libGL.so.1 (0x00007f)\n"
        "\tlibsomething-new.so.2 => not found\n"
    )
    found = not_found_in(ldd)
    assert found == ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libsomething-new.so.2"]
    assert packages_for(found) == ["libxcb-cursor0", "libxkbcommon-x11-0", "libsomething-new.so.2"]
