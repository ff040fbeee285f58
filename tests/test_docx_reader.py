"""The Word reader: body order, automatic numbering, footnotes, tables, layout facts.

Fixtures are built here from text with python-docx (plus the raw XML python-docx has no API
for: numbering definitions and footnotes).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx import Document as new_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Mm, Pt

from doclint.readers.docx import format_number, read_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def add_numbering(document, abstract_id: int, levels: list[tuple[str, str]], num_ids: dict[int, int | None]) -> None:
    """An abstractNum with (numFmt, lvlText) per level, and w:num ids -> startOverride of level 0."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    for num_id, start in num_ids.items():
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start else ""
        )
        numbering.append(
            parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
        )


def numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def add_footnotes(document, notes: dict[int, str]) -> None:
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f"<w:r><w:t xml:space=\"preserve\"> {escape(text)}</w:t></w:r></w:p></w:footnote>"
        for i, text in notes.items()
    )
    xml = (
        f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{body}</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_ref(paragraph, note_id: int) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r {W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        )
    )


def a4(document, top=20, bottom=20, left=30, right=15, font="Times New Roman", size=14):
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    style = document.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)


def header_table(document, issuer: str = "ỦY BAN NHÂN DÂN\nHUYỆN CHI LĂNG", number: str = "Số: 12/BC-UBND"):
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = issuer
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = number
    table.cell(1, 1).text = "Chi Lăng, ngày 05 tháng 4 năm 2024"
    return table


def data_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def build_report(path: Path) -> Path:
    """A small report: header table, auto-numbered headings with a duplicate, a footnote,
    a table with a wrong total."""
    document = new_docx()
    a4(document)
    header_table(document)
    document.add_paragraph("BÁO CÁO")
    add_numbering(document, 90, [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3.")], {91: None})
    numbered(document, "KẾT QUẢ THỰC HIỆN", 91, 0)
    numbered(document, "Kinh tế", 91, 1)
    numbered(document, "Nông nghiệp", 91, 2)
    numbered(document, "Thương mại", 91, 2)
    document.add_paragraph("2.2. Dịch vụ")  # typed by hand next to the automatic list
    numbered(document, "Văn hóa - xã hội", 91, 1)
    numbered(document, "NHIỆM VỤ", 91, 0)
    numbered(document, "Tiếp tục", 91, 1)
    paragraph = document.add_paragraph("Tổng diện tích gieo trồng đạt 71 ha")
    footnote_ref(paragraph, 1)
    paragraph.add_run(", tăng 5% so với cùng kỳ.")
    add_footnotes(document, {1: "Gồm: lúa 55 ha, ngô 15 ha, rau 04 ha."})
    data_table(document, [["Đơn vị", "Kế hoạch", "Thực hiện"], ["Xã A", "10", "12"], ["Xã B", "20", "18"],
                          ["Tổng", "30", "31"]])
    document.add_paragraph("Nơi kết thúc.")
    out = path / "report.docx"
    document.save(str(out))
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[str, list[str], dict]:
    return read_docx(build_report(tmp_path_factory.mktemp("docx")))


def test_header_table_is_read_as_lines_in_reading_order(report) -> None:
    text, labels, layout = report
    lines = text.splitlines()
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN CHI LĂNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND",
        "Chi Lăng, ngày 05 tháng 4 năm 2024",
    ]
    assert labels[4] == "bảng 1, hàng 2, cột 1"
    assert layout["header_table"]["columns"] == 2
    assert "CỘNG HÒA" in layout["header_table"]["right"] and "ỦY BAN" in layout["header_table"]["left"]
    assert layout["motto_outside_table"] is None


def test_automatic_numbering_is_rendered_with_the_hand_typed_duplicate(report) -> None:
    lines = report[0].splitlines()
    start = lines.index("BÁO CÁO") + 1
    assert lines[start : start + 8] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Kinh tế",
        "1.1. Nông nghiệp",
        "1.2. Thương mại",
        "2.2. Dịch vụ",
        "2. Văn hóa - xã hội",
        "II. NHIỆM VỤ",
        "1. Tiếp tục",
    ]
    assert report[1][start] == "đoạn 2"


def test_footnote_reference_and_definition_follow_the_paragraph(report) -> None:
    lines = report[0].splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("Tổng diện tích"))
    assert lines[i] == "Tổng diện tích gieo trồng đạt 71 ha<sup>1</sup>, tăng 5% so với cùng kỳ."
    assert lines[i + 1] == "<sup>1</sup> Gồm: lúa 55 ha, ngô 15 ha, rau 04 ha."
    assert report[1][i + 1] == "chú thích 1"


def test_data_table_becomes_pipe_rows(report) -> None:
    text, labels, _ = report
    lines = text.splitlines()
    i = lines.index("| Đơn vị | Kế hoạch | Thực hiện |")
    assert lines[i + 1] == "|---|---|---|"
    assert lines[i + 4] == "| Tổng | 30 | 31 |"
    assert labels[i + 4] == "bảng 2, hàng 4"
    assert lines[i + 5] == "Nơi kết thúc."


def test_layout_facts(report) -> None:
    layout = report[2]
    section = layout["sections"][0]
    assert section["page_width_mm"] == pytest.approx(210, abs=0.5)
    assert section["margins_mm"]["left"] == pytest.approx(30, abs=0.5)
    assert set(layout["fonts"]) == {"Times New Roman"}
    assert set(layout["body_sizes"]) == {14.0}


def test_restart_by_start_override_and_letters(tmp_path: Path) -> None:
    document = new_docx()
    add_numbering(document, 80, [("lowerLetter", "%1)")], {81: None, 82: 1})
    numbered(document, "một", 81)
    numbered(document, "hai", 81)
    numbered(document, "lại từ đầu", 82)
    numbered(document, "tiếp", 82)
    document.save(str(tmp_path / "x.docx"))
    text, _, _ = read_docx(tmp_path / "x.docx")
    assert text.splitlines() == ["a) một", "b) hai", "a) lại từ đầu", "b) tiếp"]


def test_nested_table_follows_its_row(tmp_path: Path) -> None:
    document = new_docx()
    outer = data_table(document, [["Chỉ tiêu", "Số liệu"], ["Dân số", "x"]])
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Nam", "Nữ"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "10", "12"
    document.save(str(tmp_path / "n.docx"))
    lines = read_docx(tmp_path / "n.docx")[0].splitlines()
    assert lines == ["| Chỉ tiêu | Số liệu |", "|---|---|", "| Dân số | x |", "| Nam | Nữ |", "|---|---|", "| 10 | 12 |"]


def test_page_header_is_kept_out_of_the_body(tmp_path: Path) -> None:
    document = new_docx()
    document.sections[0].header.paragraphs[0].text = "Trang đầu"
    document.add_paragraph("Nội dung.")
    document.save(str(tmp_path / "h.docx"))
    text, _, layout = read_docx(tmp_path / "h.docx")
    assert text == "Nội dung.\n"
    assert layout["page_headers"] == ["Trang đầu"]


def test_number_formats() -> None:
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(3, "decimalZero") == "03"


def test_engine_sees_numbering_footnote_sum_and_table_total(tmp_path: Path) -> None:
    from doclint.engine import lint_path

    found = {}
    for f in lint_path(build_report(tmp_path)):
        found.setdefault(f.rule, []).append((f.location, f.message))
    assert "read-error" not in found
    # the hand-typed "2.2." next to the automatic "1.1.", "1.2." is seen
    assert [label for label, _ in found["section-sequence"]] == ["đoạn 6 «2.2. Dịch vụ»"]  # the first words too
    # the footnote "Gồm: lúa 55 ha, ngô 15 ha, rau 04 ha." does not add up to 71
    assert any("71" in message and "74" in message for _, message in found["sum-mismatch"])
    assert found["table-sum-mismatch"] == [
        ("bảng 2, hàng 4, ô 3 «31»", 'Hàng "Tổng", cột "Thực hiện": ghi 31 nhưng cộng các hàng (Xã A, Xã B) được 30')
    ]


def test_corrupt_docx_is_a_read_error_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("doclint.reader.libreoffice", lambda: None)  # no LibreOffice: the .doc hint
    from doclint.engine import lint_path

    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (error,) = lint_path(tmp_path / "bad.docx")
    assert error.rule == "read-error" and "docx" in error.message
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    (error,) = lint_path(tmp_path / "old.doc")
    assert "libreoffice --headless --convert-to docx" in error.message


def test_numbering_from_list_styles_and_bullets(tmp_path: Path) -> None:
    document = new_docx()
    document.add_paragraph("một", style="List Number")
    document.add_paragraph("hai", style="List Number")
    document.add_paragraph("gạch đầu dòng", style="List Bullet")
    document.add_paragraph("ba", style="List Number")
    document.save(str(tmp_path / "s.docx"))
    assert read_docx(tmp_path / "s.docx")[0].splitlines() == ["1. một", "2. hai", "- gạch đầu dòng", "3. ba"]


def test_signature_table_is_read_as_lines(tmp_path: Path) -> None:
    document = new_docx()
    document.add_paragraph("Nội dung./.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    table.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    document.save(str(tmp_path / "sig.docx"))
    text, labels, _ = read_docx(tmp_path / "sig.docx")
    assert text.splitlines() == ["Nội dung./.", "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert labels[4] == "bảng 1, hàng 1, cột 2"
    assert read_docx(tmp_path / "sig.docx")[2]["header_table"] is None  # a signature table is no header
