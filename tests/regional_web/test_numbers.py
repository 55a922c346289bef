"""Figures spelled as the page's reader writes them: a decimal comma and a space before the per
cent sign in Spanish, the English way in English (the maturity evidence and the dashboards)."""

from __future__ import annotations

from regional_server.web import numbers
from regional_server.web.maturity_pages import shown


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
