"""Numbers as the page's reader writes them: 98,0 % and 0,7 h in Spanish, 98.0% and 0.7 h in
English (the figures themselves are computed elsewhere; this only spells them)."""

from __future__ import annotations

# Languages whose people write 2,4 for 2.4 (and a space before the per cent sign).
DECIMAL_COMMA = frozenset({"es", "fr", "de", "it", "pt"})
NO_FIGURE = "–"
NARROW_SPACE = "\u00a0"  # keeps "98,0 %" on one line


def decimal(value: float, places: int, language: str) -> str:
    text = f"{value:.{places}f}"
    if language in DECIMAL_COMMA:
        text = text.replace(".", ",")
    return text


def amount(value: float, language: str) -> str:
    """A quantity such as days or hours: whole as it is (8), else with one decimal (7,5)."""
    return f"{int(value)}" if value == int(value) else decimal(value, 1, language)


def percent(value: float | None, language: str, places: int = 1) -> str:
    """A share (0..1) in per cent; a dash when there is no figure."""
    if value is None:
        return NO_FIGURE
    number = decimal(value * 100, places, language)
    return f"{number}{NARROW_SPACE}%" if language in DECIMAL_COMMA else f"{number}%"


def points(value: float, language: str) -> str:
    """A change of a share, in percentage points, with its sign."""
    sign = "+" if value * 100 >= 0 else "−"
    return f"{sign}{decimal(abs(value) * 100, 2, language)} pt"


def duration(seconds: float | None, language: str) -> str:
    """Minutes under an hour, else hours with one decimal."""
    if seconds is None:
        return NO_FIGURE
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{decimal(seconds / 3600, 1, language)} h"
