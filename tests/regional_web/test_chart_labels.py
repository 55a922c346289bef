"""The weekly charts' date labels never run into each other, whatever the number of weeks."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from regional_server.web.charts import lines_chart

# Ten-pixel digits are about 6 px wide; the gap a reader needs to see two dates, not one.
CHAR_PX, GAP_PX = 6.0, 6.0
LABEL = re.compile(
    r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" font-size="10" '
    r'fill="#5b6670">(\d\d/\d\d)</text>'
)


@pytest.mark.parametrize("weeks", range(2, 14))
def test_the_week_labels_keep_apart_and_the_last_week_is_named(weeks: int) -> None:
    dates = [f"{day:02d}/01" for day in range(1, weeks + 1)]
    svg = str(lines_chart([("L1", [0.8] * weeks)], dates, title="OEE"))
    spans = []
    for x, anchor, text in LABEL.findall(svg):
        width = len(text) * CHAR_PX
        start = float(x) - (width if anchor == "end" else width / 2)
        spans.append((start, start + width, text))
    assert spans[-1][2] == dates[-1]
    for (_, end, left), (start, _, right) in pairwise(spans):
        assert start - end >= GAP_PX, f"{left} and {right} run together in {weeks} weeks"
