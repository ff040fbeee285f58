"""Layout rules DL701-DL705 on Word files built here; silent on text input."""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.oxml import parse_xml
from docx.shared import Mm, Pt
from helpers import lint_seed
from test_docx_reader import W_NS, a4, add_footnotes, footnote_ref, header_table

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
    # one finding per document naming every side out of range
    assert ("layout-margins", "Lề trang (phần 1) sai thể thức NĐ 30/2020: lề trái 25,4 mm (30,0–35,0), phải 25,4 mm (15,0–20,0)") in found
    assert len(found) == 2


def test_other_font_and_small_body_size(tmp_path: Path) -> None:
    document = good_document()
    document.styles["Normal"].font.size = Pt(12)
    run = document.add_paragraph().add_run("Đoạn này gõ bằng phông khác.")
    run.font.name = "Arial"
    document.save(str(tmp_path / "font.docx"))
    found = dict(findings(tmp_path / "font.docx"))
    assert found["layout-font"] == 'Có chữ ở phông khác Times New Roman: "Arial" (28 ký tự)'
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


# --- issue 13: real Word files (realdocs/files) -------------------------------------------


def test_an_article_without_an_administrative_header_is_not_judged(tmp_path: Path) -> None:
    """The consultation portal's articles (w143, w150: Letter, Word's margins, no motto, no
    Số:) are no administrative documents: NĐ 30 does not govern their layout."""
    document = new_docx()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    document.styles["Normal"].font.size = Pt(12)
    document.add_paragraph("Hoàn thiện pháp luật về giám sát của Quốc hội")
    document.add_paragraph(BODY)
    document.save(str(tmp_path / "article.docx"))
    assert findings(tmp_path / "article.docx") == []


def test_each_layout_slip_is_reported_once_per_document(tmp_path: Path) -> None:
    document = good_document()
    document.add_section()
    document.add_paragraph(BODY)
    for section in document.sections:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
        section.left_margin = section.right_margin = Mm(25.4)
    document.save(str(tmp_path / "two.docx"))
    assert sorted(rule for rule, _ in findings(tmp_path / "two.docx")) == ["layout-margins", "layout-page-size"]


def test_landscape_table_pages_may_be_bound_on_the_top_edge(tmp_path: Path) -> None:
    """w077, w104: a landscape comparison table with its 30 mm binding margin at the top."""
    document = good_document()
    data_rows = [["STT", "Quy định hiện hành", "Dự thảo"]] + [[str(i), "Điều cũ", "Điều mới"] for i in range(1, 5)]
    table = document.add_table(rows=len(data_rows), cols=3)
    for r, row in enumerate(data_rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    section = document.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(30), Mm(20), Mm(20), Mm(20)
    document.save(str(tmp_path / "bound.docx"))
    assert findings(tmp_path / "bound.docx") == []
    section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Mm(10)  # w113
    document.save(str(tmp_path / "tight.docx"))
    assert [rule for rule, _ in findings(tmp_path / "tight.docx")] == ["layout-margins"]


def test_font_faces_and_stray_characters_are_times_new_roman(tmp_path: Path) -> None:
    document = good_document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Điều 1. Phạm vi điều chỉnh").font.name = "Times New Roman Bold"  # w123
    paragraph.add_run("thống nhất, được chuẩn hóa").font.name = "TimesNewRomanPSMT"  # w036
    paragraph.add_run(".").font.name = "Calibri"  # w141: one full stop
    document.save(str(tmp_path / "faces.docx"))
    assert findings(tmp_path / "faces.docx") == []
    document.add_paragraph().add_run("Dự thảo lần 3, ngày 27/06/2025").font.name = "Arial"  # w025
    document.save(str(tmp_path / "arial.docx"))
    assert findings(tmp_path / "arial.docx") == [
        ("layout-font", 'Có chữ ở phông khác Times New Roman: "Arial" (30 ký tự)')
    ]


def test_a_notes_reference_counts_the_characters_it_shows(tmp_path: Path) -> None:
    # w039, w053: a footnote's reference mark in Calibri is one digit on the page, not the
    # twelve characters of "<sup>1</sup>"
    document = good_document()
    paragraph = document.add_paragraph("Theo số liệu của Cục Thống kê")
    footnote_ref(paragraph, 1)
    reference = paragraph._p[-1]
    reference.get_or_add_rPr().insert(0, parse_xml(f'<w:rFonts {W_NS} w:ascii="Calibri" w:hAnsi="Calibri"/>'))
    add_footnotes(document, {1: "Báo cáo số 12/BC-CTK ngày 05/4/2024."})
    document.save(str(tmp_path / "note.docx"))
    assert findings(tmp_path / "note.docx") == []
    paragraph.add_run("Số liệu ước tính").font.name = "Calibri"
    document.save(str(tmp_path / "note2.docx"))
    assert findings(tmp_path / "note2.docx") == [
        ("layout-font", 'Có chữ ở phông khác Times New Roman: "Calibri" (17 ký tự)')
    ]


def test_size_from_a_character_style(tmp_path: Path) -> None:
    """w004: paragraphs in a 12 pt style whose runs carry a 14 pt character style."""
    from docx.enum.style import WD_STYLE_TYPE

    document = good_document()
    web = document.styles.add_style("NormalWeb", WD_STYLE_TYPE.PARAGRAPH)
    web.base_style = document.styles["Normal"]
    web.font.size = Pt(12)
    body = document.styles.add_style("fontstyle31", WD_STYLE_TYPE.CHARACTER)
    body.font.size = Pt(14)
    for _ in range(3):
        document.add_paragraph(style="NormalWeb").add_run(BODY, style="fontstyle31")
    document.save(str(tmp_path / "charstyle.docx"))
    assert [rule for rule, _ in findings(tmp_path / "charstyle.docx")] == []
    document.add_paragraph(BODY, style="NormalWeb")  # no character style: 12 pt
    document.save(str(tmp_path / "plain.docx"))
    assert [rule for rule, _ in findings(tmp_path / "plain.docx")] == ["layout-body-size"]


def test_a_motto_inside_a_sentence_is_no_swapped_header(tmp_path: Path) -> None:
    """w039: 'Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;' in the left cell."""
    document = new_docx()
    a4(document)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "QUỐC HỘI\nLuật số: /2020/QH14"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"
    table.cell(1, 1).text = "Hà Nội, ngày 05 tháng 4 năm 2024"
    document.add_paragraph(BODY)
    document.save(str(tmp_path / "law.docx"))
    assert findings(tmp_path / "law.docx") == []
    table.cell(0, 0).text, table.cell(0, 1).text = table.cell(0, 1).text, "QUỐC HỘI"
    document.save(str(tmp_path / "swapped.docx"))
    assert [rule for rule, _ in findings(tmp_path / "swapped.docx")] == ["layout-header-table"]
