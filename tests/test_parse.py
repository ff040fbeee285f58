"""Reading and parsing: positions map back to the original file; any text parses."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from doclint.parse import format_tree, parse_label, parse_text
from doclint.reader import Source
from helpers import lint_string, seed


def test_nfd_text_is_normalised_and_positions_map_back_to_the_original():
    original = unicodedata.normalize("NFD", "Dòng một\r\nPhạm pháp xảy ra xảy ra 07 vụ\r\n")
    (found,) = lint_string(original, ["duplicated-word"])
    assert (found.line, found.column) == (2, 18 + 3)  # NFD: 3 combining marks before the span
    assert unicodedata.normalize("NFC", found.text) == "xảy ra"


def test_crlf_bom_and_cr_line_ends():
    for text in ("\ufeffcác các\r\n", "x\rcác các\r", "x\r\ny\r\ncác các"):
        (found,) = lint_string(text, ["duplicated-word"])
        assert found.text == "các"
    assert lint_string("x\r\ny\r\ncác các", ["duplicated-word"])[0].line == 3


def test_seed_003_pdf_text_is_read_as_wrapped_paragraphs_with_its_glued_footnote():
    source = Source.from_text("003", seed("003").read_text(encoding="utf-8"))
    doc = parse_text(source.text)
    assert doc.wrapped
    assert [s.label for s in doc.sections] == ["1.", "2."]
    assert [s.label for s in doc.sections[1].children] == [f"2.{i}." for i in range(1, 9)]
    note = doc.footnotes["1"]
    assert note.refs and note.text.startswith("Công điện số 65/CĐ-TTg")
    assert doc.signature and doc.signature.prefix.value == "TL" and doc.signature.name.value == "Hoàng Tuấn Anh"
    # the heading wrapped over two PDF lines is one heading
    assert doc.sections[0].title.endswith("nhiệm vụ công tác tuần tiếp theo")


def test_seed_000_header_footnotes_recipients_signature():
    doc = parse_text(seed("000").read_text(encoding="utf-8"))
    header = doc.header
    assert (header.number.value, header.code.value) == ("1076", "BC-UBND")
    assert (header.day.value, header.month.value, header.year.value) == ("17", "11", "2023")
    assert header.type_name.value == "BÁO CÁO"
    assert sorted(doc.footnotes, key=int) == [str(i) for i in range(1, 39)]
    assert all(len(n.refs) == 1 and n.definition for n in doc.footnotes.values())
    assert doc.recipients[-1].value == "- Lưu: VT."
    assert [f.value for f in doc.signature.lines] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert doc.signature.name.value == "Nguyễn Văn Hạnh"
    assert "m²" in doc.clean and "¹" not in doc.clean  # exponents kept, markers blanked


def test_seed_002_markdown_sections_nest_by_numbering_style():
    doc = parse_text(seed("002").read_text(encoding="utf-8"))
    parts = doc.sections
    assert [p.label for p in parts] == ["Phần thứ nhất", "Phần thứ hai"]
    assert [s.label for s in parts[0].children] == ["I.", "II.", "III."]
    letters = parts[0].children[1].children[0].children
    assert [s.label for s in letters] == ["a)", "b)", "c)", "d)", "d)", "e)"]
    assert doc.header.day.value is None and doc.header.month.value == "3"
    assert len(doc.footnotes) == 23 and all(n.definition for n in doc.footnotes.values())
    assert "<sup>" not in doc.clean and "**" not in doc.clean and len(doc.clean) == len(doc.text)


@pytest.mark.parametrize("label,expected", [
    ("Phần thứ nhất", ("part", "1", 1)), ("PHẦN THỨ HAI", ("part", "2", 2)), ("Phần III", ("part", "3", 3)),
    ("IV.", ("roman", "IV", 4)), ("Điều 12.", ("article", "12", 12)), ("2.", ("arabic", "2", 2)), ("2.1.", ("dotted2", "2.1", 1)),
    ("1.2.3", ("dotted3", "1.2.3", 3)), ("đ)", ("letter", "đ", 5)), ("e)", ("letter", "e", 6)),
    ("-", ("dash", "-", None)), ("+", ("plus", "+", None)),
])
def test_section_labels(label, expected):
    assert parse_label(label) == expected


def test_parse_tree_shows_what_was_understood():
    tree = format_tree(parse_text(seed("001").read_text(encoding="utf-8")))
    assert "number [3:5] (trống)" in tree and "section 8.1. (dotted2) [105:1]" in tree


LINE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "Số: /BC-UBND",
                     "I. A", "1.1.", "a)", "¹ x", "<sup>2</sup> y", "| a | 1 |", "---", "**", "BÁO CÁO",
                     "Hà Nội, ngày   tháng 3 năm 2025", "+ x", "- y", "Chính phủ1.", "1 Công điện"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=25))
def test_any_text_parses(lines):
    doc = parse_text("\n".join(lines))
    assert len(doc.clean) == len(doc.text)


def test_blocks_know_their_region_and_sections_their_scope():
    from doclint.model import Region

    text = ("ỦY BAN NHÂN DÂN\nSố: 12/BC-UBND\nHà Nội, ngày 05 tháng 02 năm 2024\nBÁO CÁO\nVề việc x\n"
            "I. KẾT QUẢ\n1. Theo Điều 5 được sửa đổi như sau:\n“1. Nội dung.\n2. Nội dung.”\n2. Khác\n"
            "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
            "PHỤ LỤC\nI. DANH MỤC\n1. Một\n")
    doc = parse_text(text)
    regions = {b.text.strip(): b.region for b in doc.blocks}
    assert regions["Số: 12/BC-UBND"] is Region.HEADER
    assert regions["I. KẾT QUẢ"] is Region.BODY
    assert regions["2. Nội dung.”"] is Region.QUOTATION
    assert regions["- UBND tỉnh;"] is Region.RECIPIENTS and regions["CHỦ TỊCH"] is Region.SIGNATURE
    assert regions["I. DANH MỤC"] is Region.APPENDIX
    scopes = doc.numbering_scopes()
    assert [s.region for s in scopes if s.sections] == [Region.BODY, Region.QUOTATION, Region.APPENDIX]
    body = scopes[0]
    assert [[s.label for s in group] for group in body.sibling_groups()] == [["I."], ["1.", "2."]]
    assert all(s.scope == scopes.index(scope) for scope in scopes for s in scope.all_sections())
    tree = format_tree(doc)
    assert "scope 1 (quotation) [8:1]" in tree and "(appendix) [17:1] PHỤ LỤC" in tree and "regions header" in tree


def test_the_grammar_states_the_order_of_a_document():
    from doclint.parse import _parse_tokens
    from doclint import lexer as lx
    from doclint.reader import newline_starts

    text = "Số: 12/BC-UBND\nBÁO CÁO\n1. A\nNơi nhận:\n- Lưu: VT.\nPhụ lục\n1. B\n"
    starts = newline_starts(text)
    tree = _parse_tokens(lx.classify(lx.clean_text(text, starts), starts))
    assert [c.data for c in tree.children] == ["header", "body", "closing", "appendix"]
    # a header line out of its place is read as a body paragraph, never a parse error
    tokens = lx.classify(lx.clean_text("1. A\nSố: 12/BC-UBND\n", newline_starts("1. A\nSố: 12/BC-UBND\n")), [0, 5, 20])
    assert [c.data for c in _parse_tokens(tokens).children] == ["body"]


def test_article_labels_of_a_legal_document():
    assert parse_label("Chương II") == ("chapter", "2", 2)
    assert parse_label("Mục 3") == ("muc", "3", 3)
    assert parse_label("Điều 5a.") == ("article", "5a", None)
    assert parse_label("II-") == ("roman", "II", 2)


def test_signer_name_followed_by_an_e_signature_stamp_is_the_name() -> None:
    """realdocs text/0191.txt and files/p161.pdf: the PDF text puts the e-signature software's
    stamp after the minister's name; the name is still the signer's name."""
    from doclint.parse import parse_text

    text = ("Nội dung xin ý kiến.\n\n"
            "Nơi nhận:\n- Như trên;\n- Thủ tướng Chính phủ;\n- Lưu: VT, ATTP.\n"
            "BỘ TRƯỞNG\n"
            "Đào Hồng Lan namtn.attp_Tran Nhat Nam_19/07/2025 10:06:40\n")
    doc = parse_text(text)
    assert doc.signature is not None and doc.signature.name is not None
    assert doc.slice(doc.signature.name.span).startswith("Đào Hồng Lan")
    plain = parse_text(text.replace(" namtn.attp_Tran Nhat Nam_19/07/2025 10:06:40", " ký ngày 19/07/2025 10:06:40"))
    assert plain.signature is None or plain.signature.name is None  # no stamp shape: not a bare name


@pytest.mark.parametrize("original", [
    "Điều 1. Phạm vi\nNội dung\n\nĐiều 2. Đối tượng\n",  # NFC, \n: the reader's line starts are reused
    "Điều 1. Phạm vi\r\nNội dung\r\n\r\nĐiều 2. Đối tượng",  # \r\n: normalised, counted again
    "Ðiê\u0300u 1. Pha\u0323m vi\nNội dung\n",  # decomposed: normalised, counted again
])
def test_the_documents_line_starts_are_those_of_its_text(original):
    from doclint.engine import prepare
    from doclint.reader import Source, newline_starts

    source = Source.from_text("x.txt", original)
    assert prepare(source).line_starts == newline_starts(source.text)


def test_trimmed_cuts_blanks_at_both_ends_only() -> None:
    from doclint.model import Span
    from doclint.parse import _trimmed

    text = "  \tNộp hồ sơ \n"
    assert _trimmed(text, 0, len(text)) == Span(3, 12)
    assert _trimmed(text, 3, 12) == Span(3, 12)  # nothing to cut
    assert _trimmed(text, 0, 3) == Span(3, 3)  # all blank: empty, at the end
    assert _trimmed(text, 5, 5) == Span(5, 5)
