"""Reading single figures: doclint.numeric.read_number (used by the tables layer too)."""

from decimal import Decimal

import pytest

from doclint.numeric import read_number


@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [
        ("1.234,5", "1234.5", 1),
        ("2.117", "2117", 0),
        ("42,54", "42.54", 2),
        ("1098", "1098", 0),
        ("07", "7", 0),
        ("0,055", "0.055", 3),
        ("216.250.000", "216250000", 0),
        ("2,002", "2.002", 3),  # Vietnamese: two grams, not two thousand
        ("1,234,567", "1234567", 0),  # only the English reading is valid
        ("1,234.5", "1234.5", 1),
        ("42,54%", "42.54", 2),
        (" 554,0 ", "554.0", 1),
    ],
)
def test_reads_figures(text: str, value: str, decimals: int) -> None:
    assert read_number(text) == (Decimal(value), decimals)


@pytest.mark.parametrize("text", ["60,%", "1.2.3", "12,,5", "abc", "", "1.23.456", "12.34,5.6", "VI"])
def test_rejects_non_numbers(text: str) -> None:
    assert read_number(text) is None


def test_style_hint_reads_english() -> None:
    assert read_number("2.117", style="en") == (Decimal("2.117"), 3)
    assert read_number("2,002", style="en") == (Decimal("2002"), 0)
