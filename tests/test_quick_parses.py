"""The date and citation readers take a shortcut for their most frequent shapes (a regex
instead of a Lark parse, ~70 µs each, issue 17); the grammars stay the definition.  Every
candidate of the seeds and of real excerpts, and awkward variants, must read the same both
ways: a shortcut that drifts from its grammar would change findings silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from doclint import citations, dates

HERE = Path(__file__).parent
TEXTS = [*sorted((HERE.parent / "seeds").glob("*.txt")), *sorted((HERE / "fixtures").glob("*.txt"))]

_DATE_LIKE = re.compile(
    r"(?i)(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?"
    r"|năm\s+\d{4}|tháng\s+\d{1,2}(?:/|\s+năm\s+)\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?")
_REFERENCE_LIKE = re.compile(r"\d+(?:/\d+)?[/-][A-ZĐ][A-Za-zĐđ&]*(?:(?:/|-| |–)[A-ZĐ][A-Za-zĐđ&]*)*")

DATE_VARIANTS = ["ngày 5 tháng 7", "NGÀY 05 THÁNG 7 NĂM 2024", "ngày\t05  tháng\n7 năm 2024", "32/13/2024",
                 "ngày 1/1", "tháng 13/2024", "Tháng 02 năm 2025", "năm 2025", "NĂM 1999", "ngày 0/0/0000",
                 "ngày 5 tháng 7 năm 24", "5/7/24", "ngày 5/7 năm 2024", "ngày 123/4"]
REFERENCE_VARIANTS = ["154/KH-UBND", "19/2021/QĐ-UBND", "87-CP", "11/TT-LĐCL", "45/25010/NĐ-CP", "05/CTr-TU",
                      "12/BC-UBND HĐND", "3/QĐ–UBND", "7/HD-BCĐ&PT", "1/2020/NĐCP", "12 /BC-UBND", "12/bc-UBND"]


def _candidates(pattern: re.Pattern[str]) -> set[str]:
    found: set[str] = set()
    for path in TEXTS:
        found.update(m.group() for m in pattern.finditer(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("text", sorted(_candidates(_DATE_LIKE)) + DATE_VARIANTS)
def test_a_date_reads_the_same_through_the_shortcut_and_the_grammar(text: str) -> None:
    quick = dates._quick_expression(text)
    if quick is not None:
        assert quick == dates.parsed_expression(text)


@pytest.mark.parametrize("text", sorted(_candidates(_REFERENCE_LIKE)) + REFERENCE_VARIANTS)
def test_a_reference_reads_the_same_through_the_shortcut_and_the_grammar(text: str) -> None:
    quick = citations._quick_reference(text)
    if quick is not None:
        assert quick == citations.parsed_reference(text)


def test_the_shortcuts_take_the_frequent_shapes() -> None:
    """Not vacuous: most candidates do go through the shortcuts."""
    date_texts = _candidates(_DATE_LIKE)
    reference_texts = _candidates(_REFERENCE_LIKE)
    assert sum(dates._quick_expression(t) is not None for t in date_texts) > 0.8 * len(date_texts) > 50
    assert sum(citations._quick_reference(t) is not None for t in reference_texts) > 0.8 * len(reference_texts) > 30
