"""table-sum-mismatch (DL601): totals, subtotal rows, percentage columns; silent when right."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_seed, lint_string

RULE = ["table-sum-mismatch"]


def lint(text: str) -> list:
    return lint_string(text, RULE, path="bang.md")


WRONG_TOTAL = """Kết quả thu ngân sách:

| STT | Đơn vị | Kế hoạch | Thực hiện |
|---|---|---|---|
| 1 | Xã A | 1.200 | 1.150 |
| 2 | Xã B | 2.300 | 2.410 |
| 3 | Thị trấn | 500 | 505 |
| | Tổng cộng | 4.000 | 4.075 |
"""


def test_wrong_total_is_reported_with_row_column_stated_and_computed() -> None:
    (finding,) = lint(WRONG_TOTAL)
    assert finding.rule == "table-sum-mismatch"
    assert finding.line == 8 and finding.text == "4.075"
    assert 'Hàng "Tổng cộng", cột "Thực hiện"' in finding.message
    assert "ghi 4.075" in finding.message
    assert "(1 Xã A, 2 Xã B, 3 Thị trấn) được 4.065" in finding.message
    assert finding.suggestion == "4.065"


def test_right_total_is_silent() -> None:
    assert lint(WRONG_TOTAL.replace("4.075", "4.065")) == []


def test_total_at_the_top_covers_the_rows_below() -> None:
    text = """| Đơn vị | Số hộ |
|---|---|
| Toàn huyện | 71 |
| Xã A | 55 |
| Xã B | 15 |
| Xã C | 04 |
"""
    (finding,) = lint(text)
    assert finding.text == "71" and "được 74" in finding.message and '"Toàn huyện"' in finding.message
    assert lint(text.replace("| 71 |", "| 74 |")) == []


def test_subtotal_rows_are_checked_and_the_total_sums_only_the_groups() -> None:
    text = """| TT | Chỉ tiêu | Diện tích (ha) |
|---|---|---|
| I | Cây lương thực | 100,5 |
| 1 | Lúa | 60,5 |
| 2 | Ngô | 40,0 |
| II | Cây công nghiệp | 30 |
| 1 | Chè | 20 |
| 2 | Thuốc lá | 12 |
| | Tổng | 130,5 |
"""
    findings = lint(text)
    assert [(f.line, f.text) for f in findings] == [(6, "30")]
    assert 'Hàng nhóm "II Cây công nghiệp"' in findings[0].message and "được 32" in findings[0].message
    assert lint(text.replace("| 30 |", "| 32 |").replace("| 130,5 |", "| 132,5 |")) == []


def test_percentage_column_is_the_ratio_of_done_over_plan() -> None:
    text = """| Đơn vị | Kế hoạch | Thực hiện | Tỷ lệ (%) |
|---|---|---|---|
| Xã A | 200 | 150 | 75 |
| Xã B | 300 | 330 | 101 |
"""
    (finding,) = lint(text)
    assert finding.line == 4 and finding.text == "101"
    assert "330 / 300 = 110,0%" in finding.message
    assert lint(text.replace("| 101 |", "| 110 |")) == []


def test_ratio_named_by_column_numbers() -> None:
    text = """| Chỉ tiêu | Năm 2023 | Năm 2024 | So sánh (%) |
|---|---|---|---|
| (1) | (2) | (3) | (4)=(3)/(2) |
| Thu ngân sách | 400 | 420 | 105,0 |
| Chi ngân sách | 500 | 450 | 95,0 |
"""
    (finding,) = lint(text)
    assert finding.text == "95,0" and "= 90,0%" in finding.message


def test_rounding_and_text_cells_stay_silent() -> None:
    text = """| Nhóm | Giá trị |
|---|---|
| A | 1,24 |
| B | 2,38 |
| Cộng | 3,6 |
| Ghi chú | xem phụ lục |
"""
    assert lint(text) == []
    mixed_units = """| Chỉ tiêu | ĐVT | Số lượng |
|---|---|---|
| Trâu | con | 10 |
| Thịt | tấn | 5 |
| Tổng | | 16 |
"""
    assert lint(mixed_units) == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_pipe_tables_and_no_findings(prefix: str) -> None:
    assert lint_seed(prefix, RULE) == []


def test_word_table_with_a_wrong_total(tmp_path: Path) -> None:
    from test_docx_reader import build_report

    from doclint.engine import lint_path

    path = build_report(tmp_path)
    result = lint_path(path, select=RULE)
    diagnostics = result.diagnostics if hasattr(result, "diagnostics") else result
    (diagnostic,) = diagnostics
    assert 'Hàng "Tổng", cột "Thực hiện"' in diagnostic.message and "được 30" in diagnostic.message


def test_format_vi() -> None:
    from doclint.rules.tables import format_vi

    assert format_vi(__import__("decimal").Decimal("1234567.891"), 2) == "1.234.567,89"


def test_rows_under_trong_do_are_not_all_the_parts() -> None:
    text = """| Chỉ tiêu | Số người |
|---|---|
| Tổng số lao động | 100 |
| Trong đó: nữ | 40 |
| Người dân tộc thiểu số | 70 |
"""
    assert lint(text) == []
