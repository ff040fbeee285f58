"""A complete, correct report stays silent; each defect planted in it is found once, by the
right rule, on the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import lint_string

CLEAN = (Path(__file__).parent / "fixtures" / "clean_report.txt").read_text(encoding="utf-8")

PLANTED = [
    ("Số: 215/BC-UBND", "Số: /BC-UBND", "unfilled-field", 7),
    ("đến ngày 31/01/2024", "đến ngày 31/02/2024", "invalid-date", 20),
    ("trong đó: 50 hộ ở xã A, 70 hộ", "gồm: 50 hộ ở xã A, 60 hộ", "sum-mismatch", 20),
    ("45/50 đơn, đạt 90%", "45/50 đơn, đạt 95%", "ratio-mismatch", 20),
    ("(Hội nghị A; Hội nghị B; Hội nghị C)", "(Hội nghị A; Hội nghị B)", "count-mismatch", 22),
    ("Xuân Giáp Thìn năm 2024", "Xuân Quý Mão năm 2024", "lunar-year-mismatch", 26),
    ("kỷ niệm 60 năm", "kỷ niệm 65 năm", "anniversary-mismatch", 26),
    ("Thứ Hai, ngày 05", "Thứ Ba, ngày 05", "weekday-mismatch", 26),
    ("trước ngày 20/02/2024", "trước ngày 20/01/2024", "deadline-before-document", 30),
    ("Tiếp tục thực hiện các nhiệm vụ", "Tiếp tục phân đầu hoàn thành các nhiệm vụ", "confusable", 32),
    ("Tiếp tục thực hiện các nhiệm vụ", "Tiếp tục thực hiện các các nhiệm vụ", "duplicated-word", 32),
    ("II. NHIỆM VỤ", "III. NHIỆM VỤ", "section-sequence", 28),
    ("Lưu: VT.", "Lưu: VT", "recipients-format", 37),
]


def test_the_clean_report_has_no_finding():
    assert lint_string(CLEAN) == []


@pytest.mark.parametrize("good,bad,rule,line", PLANTED, ids=[p[2] for p in PLANTED])
def test_each_planted_defect_is_found_once(good, bad, rule, line):
    assert good in CLEAN
    found = lint_string(CLEAN.replace(good, bad, 1))
    assert [(f.rule, f.line) for f in found] == [(rule, line)]
