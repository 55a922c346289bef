"""Small inline SVG charts drawn on the server: no script, nothing to load, readable on a tablet.

Each chart carries a <title> per point or bar, so a figure's value is readable without colour,
and the tables beside the charts give every number in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from regional_server.web.numbers import decimal, percent

# Distinct for the common colour-vision deficiencies (Okabe-Ito), darkest first.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
    "#999999",
    "#7F3C8D",
)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def lines_chart(
    series: Sequence[tuple[str, Sequence[float | None]]],
    labels: Sequence[str],
    *,
    title: str,
    width: int = 360,
    height: int = 150,
    language: str = "en",
) -> Markup:
    """Weekly shares (0..1) as one polyline per series; a gap where a week has no figure."""
    left, right, top, bottom = 42, 8, 8, 20  # room for "100 %" on the left
    plot_w, plot_h = width - left - right, height - top - bottom
    steps = max(1, len(labels) - 1)

    def x(i: int) -> float:
        return left + plot_w * i / steps

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for tick in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#d4d9de"/><text x="{left - 4}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end" font-size="10" fill="#5b6670">{percent(tick, language, 0)}</text>'
        )
    last = len(labels) - 1
    for i, label in enumerate(labels):
        # Every other week, and the last; the week before the last gives way to it (their
        # labels would run together).
        if i == last or (i % 2 == 0 and i != last - 1):
            # The last week's label ends at the plot's edge rather than past the drawing.
            anchor = "end" if i == last and i else "middle"
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 5}" text-anchor="{anchor}" font-size="10" '
                f'fill="#5b6670">{escape(label)}</text>'
            )
    for index, (name, values) in enumerate(series):
        stroke = colour(index)
        run: list[str] = []
        runs: list[list[str]] = [run]
        for i, v in enumerate(values):
            if v is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
            said = f"{escape(name)} {escape(labels[i])}: {percent(v, language)}"
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{stroke}">'
                f"<title>{said}</title></circle>"
            )
        for points in runs:
            if len(points) > 1:
                parts.append(
                    f'<polyline fill="none" stroke="{stroke}" stroke-width="1.8" '
                    f'points="{" ".join(points)}"/>'
                )
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(
    bars: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    unit: str = "h",
    width: int = 560,
    row: int = 22,
    secondary: Sequence[str] = (),
    language: str = "en",
) -> Markup:
    """Horizontal bars, one per label, each split by group (same colour order as the legend).

    ``secondary`` is a smaller grey text after each label (a category's code after its name).
    """
    # Room for the longest label as drawn (about 0.6 em a letter, the code's smaller), so a
    # long name in another language is not cut at the drawing's left edge; at most 3/5 of it.
    longest_label = max(
        (
            len(label) * 6.6 + (len(secondary[i]) * 5.4 + 4 if i < len(secondary) else 0)
            for i, (label, _) in enumerate(bars)
        ),
        default=0.0,
    )
    label_w, right = min(max(150, int(longest_label) + 12), width * 3 // 5), 56
    height = row * len(bars) + 6
    longest = max((sum(parts) for _, parts in bars), default=0.0) or 1.0
    scale = (width - label_w - right) / longest
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, parts) in enumerate(bars):
        top = 3 + i * row
        after = (
            f'<tspan font-size="9" fill="#5b6670"> {escape(secondary[i])}</tspan>'
            if i < len(secondary)
            else ""
        )
        out.append(
            f'<text x="{label_w - 6}" y="{top + row * 0.65:.1f}" text-anchor="end" '
            f'font-size="11" fill="#1f2428">{escape(label)}{after}</text>'
        )
        at = float(label_w)
        for g, value in enumerate(parts):
            if value <= 0:
                continue
            w = value * scale
            said = f"{escape(label)}: {decimal(value, 1, language)} {unit}"
            out.append(
                f'<rect x="{at:.1f}" y="{top + 2}" width="{w:.1f}" height="{row - 6}" '
                f'fill="{colour(g)}"><title>{said}</title></rect>'
            )
            at += w
        out.append(
            f'<text x="{at + 4:.1f}" y="{top + row * 0.65:.1f}" font-size="11" '
            f'fill="#5b6670">{decimal(sum(parts), 1, language)} {unit}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
