"""The PDF reader: hard-wrapped lines joined into paragraphs, page/line labels, no text layer.

Fixtures are written with fpdf2 and the DejaVu Sans TTF (Vietnamese glyphs need a Unicode
font; the core PDF fonts only cover Latin-1).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from doclint.reader import NoTextLayer, read_path
from doclint.readers.pdf import PageLine, join_paragraphs, read_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_font = pytest.mark.skipif(not FONT.is_file(), reason="no DejaVuSans.ttf: Vietnamese text needs a Unicode TTF")

PARAGRAPHS = [
    "THÔNG BÁO",
    "Kết luận giao ban tuần của Chủ tịch UBND huyện",
    "1. Tình hình thực hiện nhiệm vụ",
    "Trong tuần, Ủy ban nhân dân huyện đã tập trung chỉ đạo thực hiện các nhiệm vụ trọng tâm về phát triển "
    "kinh tế - xã hội, bảo đảm quốc phòng - an ninh; công tác thu ngân sách đạt 10.962 triệu đồng, lũy kế "
    "357.305 triệu đồng, đạt 97,7% dự toán tỉnh giao và bằng 101,8% so với cùng kỳ năm trước.",
    "2. Nhiệm vụ tuần tới",
    "Tiếp tục đôn đốc các cơ quan, đơn vị triển khai thực hiện nghiêm túc các nội dung đã được Chủ tịch "
    "UBND huyện chỉ đạo tại cuộc họp, báo cáo kết quả trước ngày 10/6/2025.",
]


def write_pdf(path: Path, paragraphs: list[str], page_break_after: int | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=12)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(30, 20, 15)
    pdf.add_page()
    for i, text in enumerate(paragraphs):
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        if page_break_after is not None and i == page_break_after:
            pdf.set_auto_page_break(False)
            pdf.set_y(-15)
            pdf.cell(0, 7, "1", align="C")  # the page number at the foot
            pdf.set_auto_page_break(True, margin=20)
            pdf.add_page()
    pdf.output(str(path))
    return path


@needs_font
def test_wrapped_paragraphs_are_joined_one_per_line(tmp_path: Path) -> None:
    text, labels, _ = read_pdf(write_pdf(tmp_path / "a.pdf", PARAGRAPHS))
    lines = [unicodedata.normalize("NFC", line) for line in text.splitlines()]
    assert lines == PARAGRAPHS
    assert labels[0] == "trang 1, dòng 1"
    assert labels[3] == "trang 1, dòng 4"
    assert labels[4].startswith("trang 1, dòng ") and labels[4] != "trang 1, dòng 5"  # after a wrapped paragraph


@needs_font
def test_paragraph_split_over_a_page_break_is_joined_and_page_number_dropped(tmp_path: Path) -> None:
    first = "Trong tuần, Ủy ban nhân dân huyện đã tập trung chỉ đạo thực hiện các nhiệm vụ trọng tâm về"
    rest = "phát triển kinh tế - xã hội của huyện."
    paragraphs = ["THÔNG BÁO", first, rest, "2. Nhiệm vụ tuần tới"]
    text, labels, _ = read_pdf(write_pdf(tmp_path / "b.pdf", paragraphs, page_break_after=1))
    lines = [unicodedata.normalize("NFC", line) for line in text.splitlines()]
    assert lines == ["THÔNG BÁO", f"{first} {rest}", "2. Nhiệm vụ tuần tới"]
    assert labels == ["trang 1, dòng 1", "trang 1, dòng 2", "trang 2, dòng 2"]


def test_pdf_without_text_layer_raises_with_ocr_advice(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.rect(30, 30, 100, 50, style="F")  # a scanned page: pixels, no text
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(NoTextLayer):
        read_pdf(tmp_path / "scan.pdf")
    with pytest.raises(NoTextLayer, match="OCR"):
        read_path(tmp_path / "scan.pdf")


def test_joining_rules_on_lines() -> None:
    width_line = "x" * 70
    page = [
        PageLine(1, 1, "1. Tiêu đề mục"),
        PageLine(1, 2, "Nội dung dài " + width_line),
        PageLine(1, 3, "tiếp tục câu."),
        PageLine(1, 4, "a) Điểm thứ nhất;"),
        PageLine(1, 5, "1 Chú thích của trang."),
    ]
    texts, _ = join_paragraphs([page])
    assert texts == [
        "1. Tiêu đề mục",
        "Nội dung dài " + width_line + " tiếp tục câu.",
        "a) Điểm thứ nhất;",
        "1 Chú thích của trang.",
    ]


def test_seed_003_wrapping_is_rejoined() -> None:
    seed = unicodedata.normalize("NFC", Path("seeds/003_43faad134884ea1a.txt").read_text(encoding="utf-8"))
    page = [PageLine(1, i, line.strip()) for i, line in enumerate(seed.split("\n"), 1) if line.strip()]
    texts, _ = join_paragraphs([page])
    assert "2.2. Ban Quản lý dự án đầu tư xây dựng thành phố" in texts
    assert "(Ngày 30 tháng 5 năm 2025)" in texts
    assert any(t.startswith("1 Công điện số 65/CĐ-TTg") for t in texts)
    assert any(t.startswith("Tiếp tục tham mưu") and t.endswith("Thủ tướng Chính phủ1.") for t in texts)
    assert texts[texts.index("Nơi nhận:") + 1] == "- UBND tỉnh (B/c);"


def test_engine_reports_scanned_pdf_as_one_clear_error(tmp_path: Path) -> None:
    from fpdf import FPDF

    from doclint.engine import lint_path

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.rect(30, 30, 100, 50, style="F")
    pdf.output(str(tmp_path / "scan.pdf"))
    (error,) = lint_path(tmp_path / "scan.pdf")
    assert error.rule == "read-error" and "OCR" in error.message


@needs_font
def test_engine_lints_a_pdf_with_page_labels(tmp_path: Path) -> None:
    from doclint.engine import lint_path

    paragraphs = PARAGRAPHS[:3] + [
        "Tổng số hộ nghèo toàn huyện là 71 hộ, gồm: xã A 55 hộ, xã B 15 hộ, xã C 04 hộ."
    ]
    findings = lint_path(write_pdf(tmp_path / "c.pdf", paragraphs))
    assert not [f for f in findings if f.rule == "read-error"]
    sums = [f for f in findings if f.rule == "sum-mismatch"]
    assert len(sums) == 1 and "74" in sums[0].message
    assert sums[0].location == "trang 1, dòng 4 «Tổng số hộ nghèo toàn…»"


def test_paragraph_continues_after_the_footnotes_at_the_page_foot() -> None:
    full = "Tiếp tục tham mưu chỉ đạo Đội quản lý thị trường số 01; UBND các phường, xã đẩy mạnh đợt"
    pages = [
        [PageLine(1, 1, "2.4. Phòng Y tế thành phố:"), PageLine(1, 2, full),
         PageLine(1, 3, "1 Công điện số 65/CĐ-TTg ngày 15/5/2025 của Thủ tướng Chính phủ về mở đợt cao điểm đấu"),
         PageLine(1, 4, "tranh ngăn chặn buôn lậu.")],
        [PageLine(2, 1, "cao điểm theo Công điện của Thủ tướng Chính phủ1."), PageLine(2, 2, "2.5. Phòng Văn hoá")],
    ]
    texts, labels = join_paragraphs(pages)
    assert texts == [
        "2.4. Phòng Y tế thành phố:",
        f"{full} cao điểm theo Công điện của Thủ tướng Chính phủ1.",
        "1 Công điện số 65/CĐ-TTg ngày 15/5/2025 của Thủ tướng Chính phủ về mở đợt cao điểm đấu tranh ngăn chặn buôn lậu.",
        "2.5. Phòng Văn hoá",
    ]
    assert labels[-1] == "trang 2, dòng 2"
