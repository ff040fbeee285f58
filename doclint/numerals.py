"""Roman numerals, read and written once for every layer (labels, Word numbering, periods)."""

from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_WRITTEN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_LABEL_LETTERS = frozenset("IVXL")  # what section labels use: "LIX." is a label, "MC" a word


def roman_value(text: str, letters: frozenset[str] = _LABEL_LETTERS) -> int | None:
    """``"XIV"`` -> 14; None unless every character is one of ``letters``."""
    if not text or any(c not in letters for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        value = _VALUES[c]
        total += -value if i + 1 < len(text) and _VALUES[text[i + 1]] > value else value
    return total


def to_roman(n: int) -> str:
    """``14`` -> ``"XIV"``."""
    out = []
    for value, letters in _WRITTEN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
