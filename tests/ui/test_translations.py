"""Every user-visible string is translated, and the .ts matches the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPANISH = ROOT / "translations" / "operator_app_es.ts"


def unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()
    return [
        f"[{context.findtext('name')}] {message.findtext('source')!r}"
        for context in root.iter("context")
        for message in context.iter("message")
        if (translation := message.find("translation")) is not None
        and translation.get("type") == "unfinished"
    ]


def test_spanish_is_complete() -> None:
    assert unfinished(SPANISH) == []


def test_the_spanish_file_holds_every_string_of_the_code(tmp_path: Path) -> None:
    """lupdate over today's sources finds nothing new: no string was added untranslated."""
    copy = tmp_path / SPANISH.name
    shutil.copy(SPANISH, copy)
    sources = sorted(
        str(p) for folder in ("operator_app", "widgets") for p in (ROOT / folder).rglob("*.py")
    )
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), "-silent", "-no-obsolete", *sources, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    assert unfinished(copy) == [], "run `python3 dev.py translations` and translate the new strings"
