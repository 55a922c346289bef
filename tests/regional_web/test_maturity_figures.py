"""Every figure of the maturity pages in the reader's way of writing numbers, over HTTP against
the real server on each database: the evidence (each week's share, the revisions behind the sync
lag, each week's OEE, the shift's hours in the formula), the next-plant ranking and the
thresholds read 85,0 % and 7,5 h for a Spanish reader where an English one reads 85.0% and 7.5 h.
"""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import requests

from regional_server import maturity, proposals
from tests.regional_web.conftest import CAST, PASSWORD, START, MovableClock
from tests.regional_web.stops import CATALOGUE_VERSION
from tests.regional_web.test_accounts import try_sign_in
from tests.regional_web.test_maturity import eight_weeks_of_counts, four_weeks_of_stops
from tests.sync.conftest import ThreadServer

WEEK = timedelta(days=7)
SPACE = "\u00a0"  # between a figure and its per cent sign in Spanish
# A figure written the English way: a decimal point between digits.
DECIMAL_POINT = re.compile(r"\d\.\d")


@pytest.fixture(scope="module")
def clock() -> MovableClock:
    # Fixed: the weeks the gates look back on end at this instant.
    return MovableClock(START)


VOID = {"br", "input", "img", "hr", "meta", "link", "wbr"}  # elements without an end tag


class Text(HTMLParser):
    """The text of the element with ``id`` or ``class`` ``wanted``, tags dropped."""

    def __init__(self, wanted: str) -> None:
        super().__init__()
        self.wanted, self.depth, self.parts = wanted, 0, list[str]()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = {value for key, value in attrs if key in ("id", "class")}
        if self.depth or self.wanted in names:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def text_of(html: str, wanted: str) -> str:
    parser = Text(wanted)
    parser.feed(html)
    text = " ".join(parser.parts)
    assert text.strip(), f"no {wanted} on the page"
    return text


def read_as(server: ThreadServer, login: str, path: str) -> str:
    with requests.Session() as session:
        assert try_sign_in(session, server.url, login, PASSWORD) == 303
        answer = session.get(f"{server.url}{path}")
        assert answer.status_code == 200, answer.text
        return answer.text


@pytest.fixture(scope="module")
def measured_plant(web: ThreadServer) -> ThreadServer:
    """VAL with four weeks of stops (the oldest named 17 of 20 within the shift, the others
    19), eight weeks of part counts, and a model whose shift is 7.5 h and 'Other' share 4.5 %."""
    web.publish(proposals.bundled_standards())
    with web.connections() as connections, connections.write() as conn:
        four_weeks_of_stops(conn, "VAL")
        eight_weeks_of_counts(conn, "VAL", 2_000)
        model = copy.deepcopy(maturity.DEFAULT_MODEL)
        model["levels"][1]["gates"][0]["shift_hours"] = 7.5
        model["levels"][2]["gates"][0]["value"] = 0.045
        maturity.change_model(conn, model, actor="ada", reason="pilot", now=START)
    return web


def without_data(text: str) -> str:
    """The page's text less what is data rather than a figure: the catalogue's version."""
    return text.replace(CATALOGUE_VERSION, "")


def test_a_spanish_reader_reads_every_figure_of_a_plant_s_evidence_in_spanish(
    measured_plant: ThreadServer,
) -> None:
    page = read_as(measured_plant, CAST.plant_manager, "/plants/VAL/maturity")
    evidence = text_of(page, "evidence")
    assert f"17/20 = 85,0{SPACE}%" in evidence  # the worst week's share of stops named in time
    assert f"19/20 = 95,0{SPACE}%" in evidence
    assert "7,5 h" in evidence  # the shift's hours inside the formula
    assert f"≤ 4,5{SPACE}%" in evidence  # the threshold
    assert "revisiones" in evidence  # the count behind the sync lag, in words the reader reads
    assert re.search(rf"\d\d,\d{SPACE}%", evidence)  # the weeks' OEE
    assert not DECIMAL_POINT.findall(without_data(evidence)), evidence


def test_an_english_reader_reads_the_same_figures_the_english_way(
    measured_plant: ThreadServer,
) -> None:
    evidence = text_of(read_as(measured_plant, CAST.admin, "/plants/VAL/maturity"), "evidence")
    assert "17/20 = 85.0%" in evidence
    assert "7.5 h" in evidence
    assert "≤ 4.5%" in evidence
    assert "revisions" in evidence


def test_the_ranking_and_the_thresholds_read_in_spanish(measured_plant: ThreadServer) -> None:
    ranking = text_of(read_as(measured_plant, CAST.second_admin, "/maturity"), "ranking")
    assert f"85,0{SPACE}% (≥ 90,0{SPACE}%)" in ranking
    assert not DECIMAL_POINT.findall(ranking), ranking
    model = read_as(measured_plant, CAST.second_admin, "/maturity/model")
    thresholds = text_of(model, "thresholds")
    assert f"≤ 4,5{SPACE}%" in thresholds
    assert "≤ 1,0 h" in thresholds  # the sync lag's p95 of 3600 s
    assert not DECIMAL_POINT.findall(thresholds), thresholds
