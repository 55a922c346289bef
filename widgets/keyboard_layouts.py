"""Touch keyboard layouts, one per language: which character each key types.

A layout is data; ``TouchKeyboard`` draws it. Accents are dead keys, as on a Spanish PC
keyboard: ``´`` then ``a`` types ``á``; ``´`` then a letter without that accent types both;
``´`` twice, or ``´`` then space, types the accent itself.
"""

from __future__ import annotations

from dataclasses import dataclass

ACUTE = "´"
DIAERESIS = "¨"


@dataclass(frozen=True)
class KeyboardLayout:
    language: str
    # Three rows of one character per key; the first is followed by backspace, the second by
    # enter, the third follows shift.
    letters: tuple[str, str, str]
    # Accent keys on the bottom row, beside the space bar.
    dead_keys: tuple[str, ...] = ()


# Digits and punctuation, one tap away on every layout; ¿ and ¡ start Spanish sentences.
SYMBOLS = ("1234567890", '-/:;()€&@"', ".,?!'¿¡%+=")

LAYOUTS = {
    "en": KeyboardLayout("en", ("qwertyuiop", "asdfghjkl'", "zxcvbnm,.?")),
    "es": KeyboardLayout("es", ("qwertyuiop", "asdfghjklñ", "zxcvbnm,.-"), (ACUTE, DIAERESIS)),
}
FALLBACK = "en"

_ACCENTED = {
    ACUTE: dict(zip("aeiouAEIOU", "áéíóúÁÉÍÓÚ", strict=True)),
    DIAERESIS: dict(zip("uUiI", "üÜïÏ", strict=True)),
}


def layout_for(language: str) -> KeyboardLayout:
    """The layout of ``language``; English keys for a language without its own yet."""
    return LAYOUTS.get(language, LAYOUTS[FALLBACK])


def compose(dead_key: str, typed: str) -> str:
    """What a dead key followed by ``typed`` puts in the text."""
    accented = _ACCENTED.get(dead_key, {}).get(typed)
    if accented is not None:
        return accented
    if typed in (" ", dead_key):
        return dead_key
    return dead_key + typed
