"""The web pages' languages: one JSON catalogue per language beside this module.

Messages are written in English in the code and templates (``_("Sign in")``); a catalogue maps
each English message to its translation. A plain JSON file rather than gettext's .po/.mo:
there is no compile step for a wheel or a line of CI to forget, Python and Jinja read it as
is, and ``tests/regional_web/test_web_translations.py`` keeps every catalogue complete (every
message used has a translation, none is left over), as the Qt test does for the client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
MESSAGES = Path(__file__).resolve().parent / "messages"


@lru_cache(maxsize=1)
def catalogues() -> Mapping[str, Mapping[str, str]]:
    found: dict[str, Mapping[str, str]] = {SOURCE_LANGUAGE: {}}
    for path in sorted(MESSAGES.glob("*.json")):
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


def languages() -> list[str]:
    return sorted(catalogues())


class Translator:
    """``gettext`` for one language; an English message without a translation stays English."""

    def __init__(self, language: str) -> None:
        self.language = language if language in catalogues() else SOURCE_LANGUAGE
        self._messages = catalogues()[self.language]

    def gettext(self, message: str, /, **values: object) -> str:
        text = self._messages.get(message) or message
        return text.format(**values) if values else text

    __call__ = gettext


def negotiate(accept_language: str | None, chosen: str | None = None) -> str:
    """The person's own language if set and known, else the browser's best known, else English."""
    known = catalogues()
    if chosen in known:
        return str(chosen)
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            ranked.append((-quality, index, tag.strip().lower()))
    for negative_quality, _, tag in sorted(ranked):
        if negative_quality >= 0:
            break
        for candidate in (tag, tag.split("-")[0]):
            if candidate in known:
                return candidate
    return SOURCE_LANGUAGE
