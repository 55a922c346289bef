"""The maturity evidence's formula texts in the reader's language.

The maturity measures record their source in English (one text, kept with the evidence); a
page replaces each known formula in it by its translation, leaving what is data (a catalogue
version) as it is and spelling its figures (a shift's hours) the reader's way.
"""

from __future__ import annotations

import re
from functools import partial

from regional_server import dashboards, data_quality, maturity, other_notes, summary, workflow_use
from regional_server.web import numbers
from regional_server.web.i18n import Translator

FORMULA_TEXTS = (
    data_quality.STOPS_FORMULA,
    data_quality.OTHER_FORMULA,
    data_quality.NO_SIGNAL_FORMULA,
    data_quality.LAG_FORMULA,
    summary.OEE_METHOD,
    summary.AVAILABILITY_METHOD,
    data_quality.TIME_TO_NAME_FORMULA,
    dashboards.PLANT_FIGURE_METHOD,
    dashboards.PARETO_METHOD,
    dashboards.ADOPTION_METHOD,
    dashboards.FLEET_METHOD,
    other_notes.NOTES_FORMULA,
    workflow_use.USE_FORMULA,
    "least-squares slope of weekly OEE per week",
    "records.received_utc: the newest of the plant",
    "worst week",
    "granted by a regional admin with a reason",
    maturity.CATALOGUE,
    maturity.BUNDLED_CATALOGUE,
)
# What a formula's placeholders stand for in a source: a number, or a version up to the next
# separator.
_PLACEHOLDERS = {
    "{hours}": r"(?P<hours>[0-9]+(?:\.[0-9]+)?)",
    "{version}": r"(?P<version>[^\s;]+)",
}
FIGURES = {"hours"}  # the placeholders that are numbers, spelled the reader's way


def _pattern(text: str) -> re.Pattern[str]:
    pattern = re.escape(text)
    for placeholder, group in _PLACEHOLDERS.items():
        pattern = pattern.replace(re.escape(placeholder), group)
    return re.compile(pattern)


# Longest first, so a formula is never cut by a shorter one inside it.
_PATTERNS = [(text, _pattern(text)) for text in sorted(FORMULA_TEXTS, key=len, reverse=True)]


def in_language(translate: Translator, source: str) -> str:
    for text, pattern in _PATTERNS:
        source = pattern.sub(partial(_translated, translate, text), source)
    return source


def _translated(translate: Translator, text: str, found: re.Match[str]) -> str:
    values = {
        name: numbers.amount(float(value), translate.language) if name in FIGURES else value
        for name, value in found.groupdict().items()
    }
    return translate(text, **values)
