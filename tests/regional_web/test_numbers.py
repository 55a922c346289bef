"""Figures spelled as the page's reader writes them: a decimal comma and a space before the per
cent sign in Spanish, the English way in English (the maturity evidence and the dashboards)."""

from __future__ import annotations

from regional_server.maturity import Detail
from regional_server.web import numbers
from regional_server.web.i18n import Translator
from regional_server.web.maturity_pages import evidence, shown


def test_shares_hours_and_points_take_the_reader_s_decimal_mark() -> None:
    assert numbers.percent(0.048, "es") == "4,8\u00a0%"
    assert numbers.percent(0.048, "en") == "4.8%"
    assert numbers.percent(None, "es") == "–"
    assert numbers.duration(487_080, "es") == "135,3 h"
    assert numbers.duration(1800, "es") == "30 min"
    assert numbers.points(-0.0012, "es") == "−0,12 pt"


def test_the_maturity_evidence_reads_in_the_page_s_language() -> None:
    assert shown("other_share", 0.05, "es") == "5,0\u00a0%"
    assert shown("sync_lag_p95_s", 487_080, "es") == "135,3 h"
    assert shown("oee_weekly_slope", 0.0, "es") == "+0,00 pt"
    assert shown("days_since_sync", 1.5, "es") == "1,5"
    assert shown("other_share", 0.05) == "5.0%"


def test_a_quantity_is_whole_or_has_one_decimal_in_the_reader_s_way() -> None:
    assert numbers.amount(8.0, "es") == "8"
    assert numbers.amount(7.5, "es") == "7,5"
    assert numbers.amount(7.5, "en") == "7.5"


def test_a_line_of_evidence_spells_its_shares_in_the_reader_s_language() -> None:
    week = Detail(
        "{week}: {named}/{to_name} = {share}",
        {"week": "2026-02-11", "named": 17, "to_name": 20, "share": 0.85},
    )
    assert evidence(week, Translator("es")) == "2026-02-11: 17/20 = 85,0\u00a0%"
    assert evidence(week, Translator("en")) == "2026-02-11: 17/20 = 85.0%"
    unmeasured = Detail("{week}: {oee}", {"week": "2026-02-11", "oee": None})
    assert evidence(unmeasured, Translator("es")) == "2026-02-11: –"
    lag = Detail("event revisions: {count}", {"count": 164})
    assert evidence(lag, Translator("es")) == "revisiones de evento: 164"
