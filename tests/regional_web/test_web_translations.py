"""Every message of the web pages has a translation in every language the catalogue has, and
no catalogue keeps a message nobody uses any more."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from regional_server import audit, data_quality, maturity
from regional_server.web import (
    dashboard_pages,
    formula_texts,
    i18n,
    maturity_pages,
    proposal_pages,
    render,
)
from shopfloor_core.domain.catalogue import bundled_catalogue

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "regional_server" / "web"
# A message is the first string literal of _( ... ), translate( ... ), of an exception whose
# message reaches a page or of a line of maturity evidence (Detail). Audit actions are listed in
# audit.ACTIONS.
CALL = re.compile(
    r"""(?:\b_|\btranslate|\bBadAccount|\bRefused|\bModelProblem|\bChange|\bDetail)\(\s*"""
    r"""(?P<text>(?:(?P<q>["'])(?:(?!(?P=q)).)+(?P=q)\s*)+)"""
)
LITERAL = re.compile(r""""([^"]*)"|'([^']*)'""")


def _joined(literals: str) -> str:
    """Adjacent literals ("a " "b") as Python joins them."""
    return "".join(a or b for a, b in LITERAL.findall(literals))


def used_messages() -> set[str]:
    found: set[str] = set()
    for path in sorted(WEB.glob("templates/*.html")):
        found |= {_joined(m["text"]) for m in CALL.finditer(path.read_text("utf-8"))}
    for path in sorted((ROOT / "regional_server").rglob("*.py")):
        text = path.read_text("utf-8")
        found |= {_joined(m["text"]) for m in CALL.finditer(text)}
    found |= {label for _, label, _ in render.MENU}
    found |= set(render.ROLE_NAMES.values())
    found |= set(audit.ACTIONS)
    found |= set(proposal_pages.SECTION_NAMES.values()) | set(proposal_pages.STATE_NAMES.values())
    found |= set(maturity_pages.LEVEL_NAMES.values()) | set(maturity_pages.MEASURE_NAMES.values())
    found |= set(dashboard_pages.KPI_NAMES.values()) | set(dashboard_pages.METHOD_NAMES.values())
    found |= set(formula_texts.FORMULA_TEXTS)
    return found


def test_every_language_of_the_catalogue_has_a_web_catalogue() -> None:
    assert set(bundled_catalogue().languages) <= set(i18n.languages())


def test_every_message_is_translated_and_none_is_left_over() -> None:
    used = used_messages()
    assert len(used) > 50  # the extraction finds the pages' messages at all
    for language in i18n.languages():
        if language == i18n.SOURCE_LANGUAGE:
            continue
        catalogue = json.loads((WEB / "messages" / f"{language}.json").read_text("utf-8"))
        missing = sorted(used - set(catalogue))
        assert not missing, f"{language}: untranslated: {missing}"
        unused = sorted(set(catalogue) - used)
        assert not unused, f"{language}: no longer used: {unused}"
        for message, translation in catalogue.items():
            fields = {f for _, f, _, _ in string.Formatter().parse(message) if f}
            found = {f for _, f, _, _ in string.Formatter().parse(translation) if f}
            assert fields == found, f"{language}: {message!r} and {translation!r} differ"
            assert translation.strip(), f"{language}: {message!r} is empty"


def test_the_browser_s_language_is_taken_when_the_person_chose_none() -> None:
    assert i18n.negotiate("es-ES,es;q=0.9,en;q=0.8") == "es"
    assert i18n.negotiate("fr-FR,fr;q=0.9,es;q=0.5") == "es"
    assert i18n.negotiate("fr-FR") == "en"
    assert i18n.negotiate("es;q=0, en") == "en"
    assert i18n.negotiate("es-ES", chosen="en") == "en"


def test_the_maturity_evidence_reads_its_formulas_in_the_page_s_language() -> None:
    # As the maturity measures write their sources: formula; worst week; catalogue version.
    version = "EU-2026.1"
    catalogue = maturity.CATALOGUE.format(version=version)
    sources = [
        f"{data_quality.STOPS_FORMULA.format(hours=8.0)}; worst week; {catalogue}",
        f"{data_quality.OTHER_FORMULA}; {catalogue}",
        f"{data_quality.NO_SIGNAL_FORMULA}; {maturity.BUNDLED_CATALOGUE}",
        data_quality.LAG_FORMULA,
        "granted by a regional admin with a reason",
    ]
    spanish = i18n.Translator("es")
    for source in sources:
        shown = formula_texts.in_language(spanish, source)
        assert version in shown or version not in source  # data stays as it is
        assert shown != source, source  # each source says something in words
        for english in formula_texts.FORMULA_TEXTS:
            assert english.split("{", 1)[0][:30] not in shown, shown
    assert "catálogo EU-2026.1" in formula_texts.in_language(spanish, sources[0])
    # The shift's hours in the reader's way of writing numbers, in every language.
    assert " 8 h " in formula_texts.in_language(spanish, sources[0])
    half = f"{data_quality.STOPS_FORMULA.format(hours=7.5)}; worst week; {catalogue}"
    assert " 7,5 h " in formula_texts.in_language(spanish, half)
    assert " 7.5 h " in formula_texts.in_language(i18n.Translator("en"), half)
