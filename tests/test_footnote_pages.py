"""A footnote cut by a page break (PDF pages converted to Markdown, ``---`` between pages): the
last note of a page ends without the end of a sentence and goes on in the first paragraph of the
next page, in lower case (seed 002, footnote 14, ``… kê khai hàng năm: 283 bản,`` / ``---`` /
``*kê khai bổ sung: 07 bản. …*``).  That paragraph is the note's, not the body's."""

from __future__ import annotations

from doclint.numeric import analyse
from doclint.parse import parse_text
from helpers import lint_string, seed

NUMERIC = ["sum-mismatch", "count-mismatch"]

# the note on the total starts on one page and ends on the next, after the page's last paragraph
PAGE = (
    "BÁO CÁO\n\n"
    "1. Công tác tiếp công dân\n\n"
    "Tiếp nhận và xử lý {total} đơn<sup>3</sup>, đã giải quyết dứt điểm theo quy định.\n\n"
    "<sup>3</sup> Gồm: 05 đơn khiếu nại, 03 đơn tố cáo{end}\n\n"
    "2. Công tác phòng, chống tham nhũng\n\n"
    "Triển khai kế hoạch phòng, chống tham nhũng năm 2024.\n\n"
    "---\n\n"
    "{next}kiến nghị, phản ánh: 04 đơn.\n\n"
    "3. Quốc phòng, an ninh\n\n"
    "Duy trì chế độ trực sẵn sàng chiến đấu.\n"
)


def _page(total: str = "12", end: str = ",", first: str = "*") -> str:
    return PAGE.format(total=total, end=end, next=first)


def test_the_paragraph_after_the_page_break_continues_the_note() -> None:
    doc = parse_text(_page())
    note = doc.footnotes["3"]
    (piece,) = note.continued
    assert doc.clean[piece.start : piece.end].strip(" *") == "kiến nghị, phản ánh: 04 đơn."
    assert [b.kind for b in doc.blocks if b.span == piece] == ["footnote"]
    assert note.text.endswith("03 đơn tố cáo, kiến nghị, phản ánh: 04 đơn.")
    assert note.spans() == [note.body, piece]
    whole = note.joined(doc.clean)
    assert whole.text == note.text
    at = whole.text.index("04 đơn")
    assert doc.clean[whole.at(at) : whole.at(at) + 6] == "04 đơn"  # offsets map back to the document
    assert all("kiến nghị" not in b.text for b in doc.body_blocks())


def test_a_note_cut_by_a_page_break_is_summed_whole() -> None:
    assert lint_string(_page("12"), NUMERIC) == []  # 05 + 03 + 04: read in part, "Gồm" would fire on 8
    found = lint_string(_page("11"), NUMERIC)
    assert [(f.line, f.rule) for f in found] == [(5, "sum-mismatch")]
    assert "05 + 03 + 04 = 12" in found[0].message


def test_no_continuation_after_a_full_stop_or_before_a_capital() -> None:
    for text in (_page(end="."), _page(first="Kiến nghị, phản ánh: 04 đơn. "), _page(first="a) ")):
        doc = parse_text(text)
        assert doc.footnotes["3"].continued == []
        assert any(b.kind != "footnote" and "04 đơn" in b.text for b in doc.blocks)
    # the note ended with its full stop: its own 05 + 03 fall short of 12 ("Gồm"), the body's 04 is no part
    found = lint_string(_page(end="."), NUMERIC)
    assert [f.rule for f in found] == ["sum-mismatch"] and "05 + 03 = 8" in found[0].message
    assert lint_string(_page(first="Kiến nghị, phản ánh: 04 đơn. "), NUMERIC)[0].message == found[0].message


def test_no_continuation_when_the_page_ends_in_a_paragraph_cut_off() -> None:
    # the page's last body paragraph runs on: the lower-case paragraph may be its end
    text = _page().replace("Triển khai kế hoạch phòng, chống tham nhũng năm 2024.", "Triển khai kế hoạch phòng, chống")
    assert parse_text(text).footnotes["3"].continued == []


def test_a_parenthesis_left_open_goes_on_after_the_page_break() -> None:
    doc = parse_text(
        "Tiếp nhận 30 bản<sup>1</sup>.\n\n<sup>1</sup> Nộp đủ 30 bản (Kê khai lần đầu: 13 bản,\n\n"
        "Thực hiện nghiêm túc.\n\n---\n\nkê khai bổ sung: 17 bản). Hướng dẫn 02 đơn vị.\n")
    figures = {q.raw: q.group for q in analyse(doc).quantities}
    opened = doc.text.index("(Kê")
    assert figures["13"] == figures["17"] == opened and figures["02"] == -1


def test_seed_002_footnote_14_goes_on_after_the_page_break() -> None:
    text = seed("002").read_text(encoding="utf-8")
    doc = parse_text(text)
    note = doc.footnotes["14"]
    assert [doc.line_of(s.start) + 1 for s in note.continued] == [219]
    assert "kê khai hàng năm: 283 bản, kê khai bổ sung: 07 bản." in note.text
    assert sum(len(n.continued) for n in doc.footnotes.values()) == 1


LIST = (
    "BÁO CÁO\n\n"
    "1. Xây dựng nông thôn mới\n\n"
    "Khảo sát {count} thôn<sup>2</sup> đạt chuẩn nông thôn mới.\n\n"
    "<sup>2</sup> Thôn Nà Pàn; thôn Bản Cằm của\n\n"
    "Kết quả khảo sát được tổng hợp báo cáo Huyện ủy.\n\n"
    "---\n\n"
    "*xã Chi Lăng; thôn Khòn Cuổi;{gap} thôn Nà Mò*.\n"
)


def test_a_list_in_a_note_cut_by_a_page_break_is_counted_whole() -> None:
    assert lint_string(LIST.format(count="04", gap=""), NUMERIC) == []  # read in part: 2 names, not 4
    found = lint_string(LIST.format(count="05", gap=""), NUMERIC)
    assert [(f.line, f.rule) for f in found] == [(5, "count-mismatch")]
    # an empty item on the next page is reported where it stands
    found = lint_string(LIST.format(count="04", gap=" ;"), NUMERIC)
    assert [(f.line, f.rule, f.text) for f in found] == [(13, "count-mismatch", "; ;")]


# seed 002, footnote 14 (shortened): the total and its parenthesis stand in the note, which the
# page break cuts inside the parenthesis
DECLARED = (
    "BÁO CÁO\n\n"
    "4. Công tác phòng, chống tham nhũng\n\n"
    "Triển khai kế hoạch phòng, chống tham nhũng<sup>14</sup>.\n\n"
    "<sup>14</sup> Chỉ đạo tổ chức tiếp nhận được {total} bản kê khai tài sản, thu nhập và nộp cơ quan kiểm soát "
    "tài sản thu nhập theo đúng thời gian quy định (Kê khai lần đầu: 13 bản, kê khai hàng năm: 283 bản,\n\n"
    "## 5. Quốc phòng, an ninh\n\n"
    "Duy trì thực hiện nghiêm túc chế độ trực sẵn sàng chiến đấu theo quy định.\n\n"
    "---\n\n"
    "*kê khai bổ sung: {part} bản. Trong đó: 156 bản nộp về Thanh tra tỉnh; 147 nộp về UBKT Huyện ủy*). "
    "Hướng dẫn các cơ quan, đơn vị thực hiện việc công khai bản kê khai.\n"
)


def test_a_total_in_a_note_is_read_with_its_parenthesis_on_the_next_page() -> None:
    assert lint_string(DECLARED.format(total="303", part="07"), NUMERIC) == []
    found = lint_string(DECLARED.format(total="303", part="08"), NUMERIC)
    assert [(f.line, f.column, f.text, f.rule) for f in found] == [(7, 46, "303 bản", "sum-mismatch")]
    assert "tổng 303 ≠ 13 + 283 + 08 = 304" in found[0].message
    # items that only restate the unit may leave some out: parts below the total stay silent
    assert lint_string(DECLARED.format(total="304", part="07"), NUMERIC) == []


# the same sentence in one paragraph: the parenthesis's list ends with its first sentence, the
# sentence after it ("Trong đó: 156 bản …; 147 …") splits the total another way
ONE_PARAGRAPH = (
    "Chỉ đạo tổ chức tiếp nhận được 303 bản kê khai tài sản, thu nhập và nộp cơ quan kiểm soát tài sản thu nhập "
    "theo đúng thời gian quy định (Kê khai lần đầu: 13 bản, kê khai hàng năm: 283 bản, kê khai bổ sung: {part} "
    "bản. Trong đó: 156 bản nộp về Thanh tra tỉnh; 147 nộp về UBKT Huyện ủy). Hướng dẫn các cơ quan thực hiện.\n"
)


def test_a_late_parenthesis_is_read_up_to_its_first_full_stop() -> None:
    assert lint_string(ONE_PARAGRAPH.format(part="07"), NUMERIC) == []
    found = lint_string(ONE_PARAGRAPH.format(part="08"), NUMERIC)
    assert [f.rule for f in found] == ["sum-mismatch"] and "13 + 283 + 08 = 304" in found[0].message
