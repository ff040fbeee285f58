"""Layout rules DL701-DL705 on Word files built here; silent on text input."""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.shared import Mm, Pt
from helpers import lint_seed
from test_docx_reader import a4, header_table

from doclint.engine import lint_path

LAYOUT = ["layout-page-size", "layout-margins", "layout-font", "layout-body-size", "layout-header-table"]
BODY = (
    "Trong quý I năm 2024, Ủy ban nhân dân huyện đã tập trung chỉ đạo thực hiện một số nhiệm vụ "
    "trọng tâm về phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh trên địa bàn."
)


def findings(path: Path) -> list[tuple[str, str]]:
    result = lint_path(path, select=LAYOUT)
    diagnostics = result.diagnostics if hasattr(result, "diagnostics") else result
    return [(d.rule, d.message) for d in diagnostics]


def good_document() -> object:
    document = new_docx()
    a4(document)
    header_table(document)
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph(BODY)
    return document


def test_a_conforming_document_is_silent(tmp_path: Path) -> None:
    good_document().save(str(tmp_path / "ok.docx"))
    assert findings(tmp_path / "ok.docx") == []


def test_letter_page_and_word_default_margins(tmp_path: Path) -> None:
    document = good_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.left_margin = section.right_margin = Mm(25.4)
    document.save(str(tmp_path / "letter.docx"))
    found = findings(tmp_path / "letter.docx")
    assert ("layout-page-size", "Phần 1: khổ giấy 215,9 × 279,4 mm, phải là A4 (210 × 297 mm)") in found
    assert ("layout-margins", "Phần 1: lề trái 25,4 mm, phải từ 30,0 đến 35,0 mm") in found
    assert ("layout-margins", "Phần 1: lề phải 25,4 mm, phải từ 15,0 đến 20,0 mm") in found
    assert len(found) == 3


def test_other_font_and_small_body_size(tmp_path: Path) -> None:
    document = good_document()
    document.styles["Normal"].font.size = Pt(12)
    run = document.add_paragraph().add_run("Đoạn này gõ bằng phông khác.")
    run.font.name = "Arial"
    document.save(str(tmp_path / "font.docx"))
    found = dict(findings(tmp_path / "font.docx"))
    assert found["layout-font"] == 'Phông "Arial" (28 ký tự), phải là Times New Roman'
    assert found["layout-body-size"] == "Cỡ chữ nội dung 12, phải từ 13 đến 14"


def test_motto_typed_as_a_paragraph(tmp_path: Path) -> None:
    document = new_docx()
    a4(document)
    document.add_paragraph("ỦY BAN NHÂN DÂN HUYỆN CHI LĂNG")
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph(BODY)
    document.save(str(tmp_path / "motto.docx"))
    result = lint_path(tmp_path / "motto.docx", select=LAYOUT)
    diagnostics = result.diagnostics if hasattr(result, "diagnostics") else result
    (diagnostic,) = diagnostics
    assert diagnostic.rule == "layout-header-table"
    assert diagnostic.line == 2  # the motto's own line


def test_landscape_allowed_only_with_tables(tmp_path: Path) -> None:
    document = good_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    document.save(str(tmp_path / "land.docx"))
    assert [r for r, _ in findings(tmp_path / "land.docx")] == ["layout-page-size"]
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Xã", "Số hộ"
    table.cell(1, 0).text, table.cell(1, 1).text = "A", "12"
    document.save(str(tmp_path / "land2.docx"))
    assert findings(tmp_path / "land2.docx") == []


def test_text_input_has_no_layout_findings() -> None:
    assert lint_seed("000", LAYOUT) == []
