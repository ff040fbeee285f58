"""Rule family: layout (DL7xx), only for Word documents.

The figures come from ``rules/layout.toml`` (NĐ 30/2020/NĐ-CP, Phụ lục I); the facts come
from the Word reader through ``doc.layout`` (page size and margins per section, the
characters typed in each font and size, the header table).  Text and PDF input carries no
layout, so these rules stay silent there.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Iterator

from doclint import regex as rx
from doclint.datacache import load_toml
from doclint.model import Document, Severity, Span
from doclint.paths import rules_dir
from doclint.rule import Diagnostic, Rule, RuleContext


@cache
def limits() -> dict[str, Any]:
    return load_toml(rules_dir() / "layout.toml")


def layout_of(doc: Document) -> dict[str, Any] | None:
    """The Word layout facts of an administrative document, or None.

    NĐ 30/2020 governs administrative documents: their header carries the national motto, a
    ``Số:`` line or the header table.  Articles, comments and other papers posted as Word
    files (no such header) follow no such layout, so the layout rules stay silent on them."""
    layout = doc.layout
    if layout is None:
        return None
    header = doc.header
    if header.motto is None and header.number_line is None and layout.get("header_table") is None:
        return None
    return layout


def line_span(doc: Document, line: int | None) -> Span:
    """The span of a 0-based line of the text (the first line when unknown)."""
    starts = doc.line_starts
    if not starts:
        return Span(0, 0)
    index = min(max(line or 0, 0), len(starts) - 1)
    start = starts[index]
    end = doc.text.find("\n", start)
    return Span(start, len(doc.text) if end < 0 else end)


def mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def pt(value: float) -> str:
    return (f"{value:.1f}".rstrip("0").rstrip(".")).replace(".", ",")


class PageSize(Rule):
    """Kiểm tra: khổ giấy là A4 (210 × 297 mm), theo chiều dài (chiều rộng chỉ khi văn bản có bảng).

    Vì sao: Nghị định 30/2020/NĐ-CP, Phụ lục I quy định mọi văn bản hành chính trình bày trên
    khổ A4; tệp soạn trên khổ Letter in ra sẽ lệch lề và bị trả lại.
    Sai: khổ Letter 215,9 × 279,4 mm
    Đúng: khổ A4 210 × 297 mm

    [en]
    What it checks: the page is A4 (210 × 297 mm), portrait (landscape only when the document holds tables).

    Why: Decree 30/2020/NĐ-CP, Appendix I prescribes A4 for every administrative document; a
    file laid out on Letter prints with wrong margins and is sent back.
    Bad: Letter, 215.9 × 279.4 mm
    Good: A4, 210 × 297 mm
    """

    name = "layout-page-size"
    code = "DL701"
    severity = Severity.WARNING
    family = "layout"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        layout = layout_of(doc)
        if layout is None:
            return
        page = limits()["page"]
        width, height, tol = page["width_mm"], page["height_mm"], page["tolerance_mm"]
        has_tables = layout.get("data_tables", 0) > 0 or any(b.kind == "table_row" for b in doc.blocks) or "|---" in doc.text
        for section in layout.get("sections", []):
            w, h = section.get("page_width_mm"), section.get("page_height_mm")
            if w is None or h is None:
                continue
            portrait = abs(w - width) <= tol and abs(h - height) <= tol
            landscape = abs(w - height) <= tol and abs(h - width) <= tol
            if portrait:
                continue
            if landscape and page["landscape_allowed"] and has_tables:
                continue
            key = "landscape" if landscape else "size"
            yield ctx.report(line_span(doc, 0), key, section=section.get("index", 1), width=mm(w), height=mm(h))
            return  # once per document: the other sections share the template


class Margins(Rule):
    """Kiểm tra: lề trang trên, dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm.

    Vì sao: Nghị định 30/2020/NĐ-CP, Phụ lục I quy định lề trang; lề trái rộng để đóng
    quyển lưu trữ.
    Sai: lề trái 25,4 mm (mặc định của Word)
    Đúng: lề trái 30–35 mm

    [en]
    What it checks: page margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.

    Why: Decree 30/2020/NĐ-CP, Appendix I fixes the margins; the wide left margin is for binding.
    Bad: left margin 25.4 mm (Word's default)
    Good: left margin 30–35 mm
    """

    name = "layout-margins"
    code = "DL702"
    severity = Severity.WARNING
    family = "layout"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        layout = layout_of(doc)
        if layout is None:
            return
        table = limits()["margins_mm"]
        names = {"top": ("trên", "top"), "bottom": ("dưới", "bottom"), "left": ("trái", "left"), "right": ("phải", "right")}
        for section in layout.get("sections", []):
            margins = section.get("margins_mm", {})
            if any(margins.get(side) is None for side in names):
                continue  # a margin Word leaves to its default cannot be judged
            wrong = _wrong_sides(margins, table, section.get("orientation") == "landscape")
            if not wrong:
                continue
            lang = 0 if ctx.settings.lang == "vi" else 1
            sides = ", ".join(
                f"{names[side][lang]} {mm(margins[side])} mm ({mm(table[side][0])}–{mm(table[side][1])})" for side in wrong
            )
            yield ctx.report(line_span(doc, 0), "margins", section=section.get("index", 1), sides=sides)
            return  # once per document: the other sections share the template


# A landscape page (a comparison table) is bound on its top or bottom edge: the binding
# margin may be the top or the bottom one there.
_ROTATIONS = (
    {"top": "top", "bottom": "bottom", "left": "left", "right": "right"},
    {"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
    {"top": "right", "bottom": "left", "left": "bottom", "right": "top"},
)


def _wrong_sides(margins: dict[str, float], table: dict[str, Any], landscape: bool) -> list[str]:
    """The sides outside their range (as written, for a landscape page the best rotation)."""
    tol = table["tolerance_mm"]
    best: list[str] | None = None
    for rotation in _ROTATIONS if landscape else _ROTATIONS[:1]:
        wrong = [
            side for side, rule in rotation.items()
            if not table[rule][0] - tol <= margins[side] <= table[rule][1] + tol
        ]
        if best is None or len(wrong) < len(best):
            best = wrong
    return best or []


class Font(Rule):
    """Kiểm tra: toàn văn bản dùng phông Times New Roman.

    Vì sao: Nghị định 30/2020/NĐ-CP, Phụ lục I quy định phông chữ tiếng Việt Times New Roman,
    bộ mã Unicode TCVN 6909:2001; phông khác (Calibri mặc định, .VnTime) làm văn bản sai thể
    thức hoặc lỗi dấu khi mở trên máy khác.
    Sai: đoạn văn ở phông Calibri
    Đúng: mọi đoạn ở phông Times New Roman

    Giới hạn: phông theo chủ đề (theme) được đọc từ theme của tệp; không xét phông của ký hiệu
    đánh số tự động.

    [en]
    What it checks: the whole document is set in Times New Roman.

    Why: Decree 30/2020/NĐ-CP, Appendix I prescribes the Vietnamese Times New Roman font,
    Unicode (TCVN 6909:2001); another font (Word's default Calibri, legacy .VnTime) breaks the
    format or the tone marks on another computer.
    Bad: a paragraph in Calibri
    Good: every paragraph in Times New Roman

    Known limits: theme fonts are resolved from the file's theme; the font of automatic
    numbering symbols is not checked.
    """

    name = "layout-font"
    code = "DL703"
    severity = Severity.WARNING
    family = "layout"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        layout = layout_of(doc)
        if layout is None:
            return
        table = limits()["font"]
        expected = table["name"]
        fonts: dict[str, int] = layout.get("fonts", {})
        lines: dict[str, int] = layout.get("font_lines", {})
        others = [
            (font, chars) for font, chars in sorted(fonts.items(), key=lambda kv: -kv[1])
            # "(mặc định)": no font named anywhere, nothing to judge; a stray character or two
            # (a full stop, an invisible mark) in another font is not a layout choice
            if not font.startswith("(") and _family(font) != _family(expected) and chars >= table["min_chars"]
        ]
        if not others:
            return
        font, chars = others[0]
        unit = "ký tự" if ctx.settings.lang == "vi" else "characters"
        listed = ", ".join(f'"{name}" ({n} {unit})' for name, n in others[:3])
        yield ctx.report(line_span(doc, lines.get(font)), "fonts", fonts=listed, expected=expected)


_FACE = rx.compile(r"(?:ps)?(?:bold|italic|regular|oblique|mt|-|,|\s)+$")


def _family(font: str) -> str:
    """The font family: "Times New Roman Bold", "TimesNewRomanPS-BoldMT" are Times New Roman."""
    name = font.casefold().replace(" ", "")
    previous = None
    while name != previous:
        previous, name = name, _FACE.sub("", name)
    return name


class BodySize(Rule):
    """Kiểm tra: cỡ chữ phần nội dung từ 13 đến 14.

    Vì sao: Nghị định 30/2020/NĐ-CP, Phụ lục I quy định nội dung văn bản cỡ chữ 13–14; chữ 12
    hay 11 là dấu hiệu văn bản soạn trên mẫu không đúng.
    Sai: nội dung cỡ 12
    Đúng: nội dung cỡ 13 hoặc 14

    Giới hạn: chỉ xét đoạn văn ngoài bảng; cỡ chiếm nhiều ký tự nhất là cỡ của nội dung, và
    từng đoạn dài (từ 100 ký tự) có cỡ khác cũng được báo.

    [en]
    What it checks: the body text is set in 13 to 14 point.

    Why: Decree 30/2020/NĐ-CP, Appendix I sets the body size to 13–14 pt; 12 or 11 pt shows
    the document was made from a wrong template.
    Bad: body in 12 pt
    Good: body in 13 or 14 pt

    Known limits: only paragraphs outside tables; the size with most characters is the body
    size, and each long paragraph (100 characters or more) in another size is reported too.
    """

    name = "layout-body-size"
    code = "DL704"
    severity = Severity.WARNING
    family = "layout"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        layout = layout_of(doc)
        if layout is None:
            return
        table = limits()["body_size_pt"]
        low, high = table["min"], table["max"]
        sizes: dict[float, int] = layout.get("body_sizes", {})
        if not sizes:
            return
        main = max(sizes.items(), key=lambda kv: kv[1])[0]
        lines: dict[float, int] = layout.get("size_lines", {})
        if not low <= main <= high:
            yield ctx.report(line_span(doc, lines.get(main)), "body", size=pt(main), low=pt(low), high=pt(high))
            return
        odd = [
            (line, size) for line, size in layout.get("long_paragraphs", [])
            if not low <= size <= high and not _TOC_LINE.search(doc.slice(line_span(doc, line)))
        ]
        if odd:  # once per document, at the first such paragraph
            line, size = odd[0]
            yield ctx.report(line_span(doc, line), "paragraphs", size=pt(size), count=len(odd), low=pt(low), high=pt(high))


# A table of contents line ends with its page number (or dot leaders): set smaller on purpose.
_TOC_LINE = rx.compile(r"(?:\.{4,}|…{2,}|\s)\d{1,3}\s*$")


class HeaderTable(Rule):
    """Kiểm tra: tên cơ quan ban hành và Quốc hiệu - Tiêu ngữ nằm trong bảng đầu văn bản: cơ quan bên trái, Quốc hiệu bên phải.

    Vì sao: Nghị định 30/2020/NĐ-CP, Phụ lục I (mẫu trình bày) đặt tên cơ quan ở ô trái và
    Quốc hiệu, Tiêu ngữ ở ô phải của phần đầu; gõ thành đoạn văn thường làm lệch bố cục.
    Sai: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" là một đoạn văn giữa trang, hoặc ở ô bên trái
    Đúng: bảng hai cột: "ỦY BAN NHÂN DÂN ..." | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

    Giới hạn: im lặng khi văn bản không có Quốc hiệu.

    [en]
    What it checks: the issuer and the national motto sit in the header table: issuer left, motto right.

    Why: Decree 30/2020/NĐ-CP, Appendix I (layout model) puts the issuer in the left cell and
    the motto in the right cell of the header; typed as plain paragraphs the layout breaks.
    Bad: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" as a centred paragraph, or in the left cell
    Good: a two-column table: "ỦY BAN NHÂN DÂN ..." | "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

    Known limits: silent when the document has no motto.
    """

    name = "layout-header-table"
    code = "DL705"
    severity = Severity.WARNING
    family = "layout"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        layout = layout_of(doc)
        if layout is None:
            return
        header = layout.get("header_table")
        outside = layout.get("motto_outside_table")
        if header is None:
            if outside is not None and outside < _HEADER_LINES and doc.header.motto is not None:
                yield ctx.report(line_span(doc, outside), "no-table")
            return
        left = str(header.get("left", "")).upper().splitlines()
        right = str(header.get("right", "")).upper().splitlines()
        # the motto as its own line: "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        # in a cell is a sentence, not the motto
        if any(map(_is_motto, left)) and not any(map(_is_motto, right)) and any(line.strip() for line in right):
            yield ctx.report(line_span(doc, 0), "swapped")


def _is_motto(line: str) -> bool:
    return line.strip().replace("HOÀ", "HÒA") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


_HEADER_LINES = 15  # the motto of a document's header is among its first lines

RULES = [PageSize, Margins, Font, BodySize, HeaderTable]
