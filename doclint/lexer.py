"""Line classification: the tokens the document grammar is parsed over.

Two passes over the normalised text, each reading every character once:

1. ``clean_text`` blanks converter markup (Markdown emphasis and heading marks,
   ``<sup>`` tags, ``^d``) and footnote markers to spaces *of the same length*, so offsets
   in the clean text are offsets in the text; it records footnote references and joins
   hard-wrapped lines by blanking the line breaks between them.
2. ``classify`` turns each non-blank line into one token (a Lark ``Token`` whose type is a
   terminal declared in ``grammar/document.lark``), keeping a little state: the header
   zone at the top, the recipients block after ``Nơi nhận:``, the signature block.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import Iterator

from lark import Token

from doclint import regex as rx
from doclint.numerals import roman_value
from doclint.datacache import load_toml
from doclint.paths import rules_dir
from doclint.records import Record

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT, "0123456789")

_SUP_TAG = rx.compile(r"<sup>\s*([^<]{1,6}?)\s*</sup>", re.I)
_CARET_D = rx.compile(r"\^[dđ](?=\W|$|[⁰¹²³⁴⁵⁶⁷⁸⁹])")
# "(?<![\w/])_{1,3}(?=\w)|(?<=\w)_{1,3}(?![\w/])" with the first underscore taken before the
# look-behinds, so the engine skips straight to underscores instead of trying both
# look-behinds at every character (the same matches, 60x cheaper)
_UNDERSCORES = rx.compile(r"_(?:(?<![\w/]_)_{0,2}(?=\w)|(?<=\w_)_{0,2}(?![\w/]))")
_MD_HEADING_AT = rx.compile(r"[ \t]*#{1,6}[ \t]+")  # at a line start
_MD_ESCAPE = rx.compile(r"\\(?=[.\-+*_#()\[\]])")
_UNICODE_SUP = rx.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_UNIT_BEFORE = rx.compile(r"(?<![^\W\d_])(?:k|c|d|h)?m$")
_BREAK_LINE = rx.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_BREAK_LINE_AFTER_BREAK = rx.compile(r"\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_BR_TAG = rx.compile(r"<br\s*/?>", re.I)

LABEL_PREFIX = rx.compile(
    r"""^[ \t]*(?:
        (?P<part>(?:Phần|PHẦN)(?:[ ]thứ|[ ]THỨ)?[ ]+(?:[IVXL]+\b|[^\W\d_]+))
      | (?P<chapter>(?:Chương|CHƯƠNG)(?:[ ]thứ|[ ]THỨ)?[ ]+(?:[IVXL]+(?P<chapter_note>\d{1,2})?\b|\d{1,2}\b|[^\W\d_]+)[.:]?)(?=[ \t]|$)
      | (?P<muc>(?:Mục|MỤC)[ ]+(?:[IVXL]+|\d{1,2})\b[.:]?)(?=[ \t]|$)
      | (?P<article>(?:Điều|ĐIỀU)[ ]+\d{1,3}[a-zđ]?(?P<glued>\.\d{1,2})?[.:]?)(?=[ \t]|$)
      | (?P<dotted>(?!0)\d{1,2}(?:\.\d{1,2})+\.?|(?!0)\d{1,2}\.[ ](?!0)\d{1,2}\.(?=[ \t]+[^\W\d_]))(?=[ \t]|$)
      | (?P<roman>[IVX]{1,6}[.-])(?=[ \t]|$)
      | (?P<arabic>(?!0)\d{1,2}\.)(?=[ \t]|$)
      | (?P<letter>[a-zđ]\))(?=[ \t]|$)
      | (?P<bullet>[-–•+])(?=[ \t])
    )""",
    re.X,
)
# What follows "Điều 20", "Mục 2", "Chương II" when the line cites them rather than opens them
# (a wrapped line of "… quy định tại khoản 2\nĐiều 20 Nghị định số …").
_CITED_AFTER = rx.compile(
    r"[ \t]*(?:[,;)]|(?:của|và|hoặc|đến|tại|này|khoản|điểm|Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|"
    r"Quyết định|Pháp lệnh|Phụ lục|Chương|Mục|Phần|Hiến pháp|Văn bản|Quy chế|Quy định|Điều lệ|Chỉ thị|"
    r"Hướng dẫn|Công văn|Thông báo|Kế hoạch|Hiệp định|Công ước)\b)"
)
_NUMBERED_WORD = ("chapter", "muc", "article")
_CITING_END = rx.compile(r"(?:\bkhoản \d{1,3}|\bđiểm [a-zđ]|\btại|\bcủa|\btheo|\bvà|\bMục \d{1,2}|\bquy định)$")
_TITLE_WORD = rx.compile(r"[ \t]*(?:$|[^\W\d_])")


# the first character of a line LABEL_PREFIX can match (besides a decimal digit)
_LABEL_FIRST = "PCMĐIVX-–•+" + "abcdefghijklmnopqrstuvwxyzđ"


def may_open_with_label(stripped: str) -> bool:
    """Whether LABEL_PREFIX could match the line whose text without its blanks is ``stripped``:
    a test of one character that spares most lines the pattern."""
    first = stripped[:1]
    return first in _LABEL_FIRST or first.isdecimal()


def heading_label(text: str) -> re.Match[str] | None:
    """The section label a line opens with, or None (a citation such as ``Điều 20 Nghị định…``
    or ``Mục 26 CDNT và …`` that a wrapped line happens to begin with is no label; nor a
    decimal such as ``3.5 tuổi``)."""
    match = LABEL_PREFIX.match(text)
    if match is None:
        return None
    kind = match.lastgroup
    rest = text[match.end():].strip()
    bare = not match.group().rstrip().endswith((".", ":"))
    if kind in _NUMBERED_WORD and bare and (_CITED_AFTER.match(rest) or not _title_like(rest)):
        return None
    if kind == "article" and bare and not rest:
        return None  # "Điều 17" alone: a cell of a flattened table of citations
    if kind in ("part", "chapter", "muc") and rest.endswith((".", ";", ",")) and not is_upper_line(rest):
        return None  # "Chương II – Giao kết hợp đồng … của Dự thảo Luật.": a sentence citing it
    if kind == "dotted" and bare and not (rest[:1].isupper() and _title_like(rest)):
        return None  # "3.5 tuổi", a table cell "10.4", a wrapped "24.5 CDNT."
    return match


def _title_like(rest: str) -> bool:
    """What may follow a label without its dot: nothing, a title in capitals, or a capitalised
    word that is not an abbreviation (``CDNT``, ``E-HSMT`` are cited, not titled)."""
    rest = rest.lstrip(" –-")
    if not rest or is_upper_line(rest) and len(rest.split()) >= 2:
        return True
    first = rest.split()[0].strip(",.;:")
    if not first[:1].isupper():
        return False
    return not (len(first) >= 2 and first.upper() == first)


# An appendix, form or table opened on its own line: "PHỤ LỤC", "Phụ lục I.1", "Mẫu số 01",
# "Biểu số 2", "DANH MỤC PHỤ LỤC"; what follows on the line, if anything, is a title in
# capitals or "(Kèm theo …)".
_APPENDIX = rx.compile(
    r"^[ \t]*(?:DANH MỤC[ ]+)?(?P<kind>PHỤ LỤC|Phụ lục|PHỤ BIỂU|Phụ biểu|MẪU SỐ|Mẫu số|Mẫu|MẪU|BIỂU SỐ|Biểu số|BIỂU MẪU|Biểu mẫu|BIỂU)"
    r"(?:[ ]+(?P<numbered>số[ ]+|SỐ[ ]+)?(?P<code>[0-9IVXLA-Z][0-9A-Za-z.\-/]*))?[ \t]*(?:(?P<colon>:)|\.)?(?P<rest>.*)$"
)
_ATTACHED = rx.compile(r"^[ \t]*\((?:Ban hành |ban hành )?(?:kèm|Kèm|KÈM)[ ]+(?:theo|THEO)\b")


def is_appendix_title(text: str) -> bool:
    match = _APPENDIX.match(text)
    if match is None:
        return False
    rest = match.group("rest").strip()
    numbered = match.group("numbered") or match.group("kind").lower().endswith(" số")
    if numbered and match.group("colon") and match.group("code") and any(c.isdigit() for c in match.group("code")):
        return rest[:1].isupper()  # "Biểu số 004.N/BCB-VHTTDL: Huy chương…": a form titled in its own words
    return not rest or rest.startswith("(") or (is_upper_line(rest) and len(rest) < 200)


def is_attachment_line(text: str, previous: str) -> bool:
    """``(Ban hành kèm theo Quyết định số …)`` under a title in capitals: what follows is a
    document of its own (a note "(Kèm theo Phụ biểu số 05)" after a paragraph is not)."""
    return _ATTACHED.match(text) is not None and is_upper_line(previous)


_PART_WORDS = {
    "nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}

# "Ðộc lập" with Ð (U+00D0, an Icelandic letter) is a common mis-encoding of Đ
_MOTTO_TEXT = r"(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|[ĐÐ]ộc lập\s*[-–—]+\s*Tự do\s*[-–—]+\s*Hạnh phúc)"
_MOTTO = rx.compile(rf"^[\s\-–—_=]*({_MOTTO_TEXT})", re.I)
# Party documents (Hướng dẫn 36-HD/VPTW) head with the Party's name instead of the state motto
_PARTY_MOTTO = rx.compile(r"^\s*ĐẢNG CỘNG SẢN VIỆT NAM\b")
_MOTTO_INSIDE = rx.compile(rf"(?<=\S)\s+({_MOTTO_TEXT}|ĐẢNG CỘNG SẢN VIỆT NAM)", re.I)
_NUMBER = rx.compile(
    # "Số: 12/BC-UBND"; normative documents lead with their type ("Luật số: …/2023/QH15")
    r"^\s*(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Nghị định|Lệnh)\s+số|Số)\s*:?\s*(?P<num>\d*)[.…_ ]*"
    r"(?:/\s*(?P<year>\d{4}|(?:20)?[.…_]+)\s*)?[/-]\s*(?P<code>[^\s.,;]*)"
)
# -- the place-and-date line (NĐ 30/2020, Phụ lục I): "Hà Nội, ngày 05 tháng 3 năm 2024" --------
# Defined here once: the line classifier and the header parser read it, and so do the
# document's own date and the date-format rule (doclint.dates: place_date, DATE_IN_WORDS…).


def _date_in_words(blank: str, day: str, month: str, year: str) -> str:
    """``ngày D tháng M năm YYYY``, the three fields and the spacing (``blank``) given."""
    return rf"ngày{blank}*{day}{blank}*tháng{blank}*{month}{blank}*năm{blank}*{year}"


def _date_in_figures(blank: str) -> str:
    """``05/3/2024`` (also with ``.`` or ``-``), ``ngày`` before it or not."""
    return rf"(?:ngày{blank}*)?(\d{{1,2}}){blank}*[/.-]{blank}*(\d{{1,2}}){blank}*[/.-]{blank}*(\d{{4}})"


# the header line: a place, then ", ngày"
_PLACE_DATE = rx.compile(r"^\s*(?P<place>[^,\n]{2,60}),\s*ngày\b(?P<rest>.*)$")
# the header's fields, blank ones too ("ngày …… tháng 3 năm 2025" in a draft)
_DATE_PARTS = rx.compile(_date_in_words(
    r"\s", r"(?P<day>\d{1,2}|[.…\s]*?)", r"(?P<month>\d{1,2}|[.…\s]*?)", r"(?P<year>\d{4}|[.…\s]*)"))
# the date as written on the line: in words (a blank day or month allowed), or in figures
DATE_IN_WORDS = rx.compile(_date_in_words(r"\s", r"(\d{1,2})?", r"(\d{1,2})?", r"(\d{4})"))
DATE_IN_FIGURES = rx.compile(_date_in_figures(r"\s"))
# the whole line looked for in the text when the header parser found none: kept on one line
# ([ \t], not \s), the place without figures (no "…năm 2024, ngày 5 tháng 3" mid-sentence)
PLACE_DATE_IN_TEXT = rx.compile(
    r"(?m)^[ \t#*_]*[^\n,\d]{2,60},[ \t]*(?:"
    + _date_in_words(r"[ \t]", r"(\d{1,2})?", r"(\d{1,2})?", r"(\d{4})") + "|" + _date_in_figures(r"[ \t]")
    + r")[ \t*_.]*$"
)
_DRAFT = rx.compile(r"^\s*\(?\s*(DỰ THẢO|Dự thảo)\b.{0,60}$")
# the title alone, with its colon, or with the first recipient or the signing column glued on;
# never the prose "Nơi nhận xác định những cơ quan…" (Nghị định 30 itself)
_NOI_NHAN = rx.compile(r"^\s*Nơi nhận\s*(?::|$|(?=[-–•+]|[A-ZĐ]{2}))")
_SIG_PREFIX = rx.compile(r"^\s*(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s+\S")


def is_upper_line(text: str) -> bool:
    """A line in capitals (titles, signature positions): no lower-case letter at all."""
    # str.upper maps each character on its own, so a change in the first characters settles
    # it without upper-casing the whole line (most lines: "Căn cứ…")
    head = text[:8]
    if head.upper() != head:
        return False
    return text.upper() == text and any(map(str.isalpha, text))  # map: no Python frame per character


# What e-signature software prints after the signer's name in published PDFs:
# "Đào Hồng Lan namtn.attp_Tran Nhat Nam_19/07/2025 10:06:40"
_SIGNING_STAMP = rx.compile(r"\s+\S*_.*?\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")


def is_name_line(text: str) -> bool:
    """A person's name: 2-5 capitalised words and nothing else (an e-signature stamp aside)."""
    if "_" in text:
        text = _SIGNING_STAMP.sub("", text)
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and (w[1:].islower() or not w[1:]) and w.isalpha() for w in words)

_TABLE_ROW = rx.compile(r"^\s*\|.*\|\s*$")
_FOOTDEF_UNICODE = rx.compile(r"^\s*([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*")
_SENTENCE_ENDS = tuple(".:;!?…)]”\"")


class Cleaned(Record):
    __slots__ = ("clean", "refs", "defs", "loose", "markdown", "wrapped", "joined", "labels")
    clean: str
    refs: list[tuple[str, int, int]]  # (label, start, end)
    defs: list[tuple[str, int, int]]  # (label, line start, body start)
    # superscripts after a blank or "…": footnote markers only if their footnote exists (parse)
    loose: list[tuple[str, int, int]]
    markdown: bool
    wrapped: bool
    joined: set[int]  # line indices continued from the previous line
    # filled by ``classify``: the label match of each heading line, by the line's start offset
    labels: dict[int, re.Match[str]]

    def __init__(self, clean: str, refs: list[tuple[str, int, int]] | None = None,
                 defs: list[tuple[str, int, int]] | None = None, loose: list[tuple[str, int, int]] | None = None,
                 markdown: bool = False, wrapped: bool = False, joined: set[int] | None = None,
                 labels: dict[int, re.Match[str]] | None = None) -> None:
        self.clean = clean
        self.refs = [] if refs is None else refs
        self.defs = [] if defs is None else defs
        self.loose = [] if loose is None else loose
        self.markdown = markdown
        self.wrapped = wrapped
        self.joined = set() if joined is None else joined
        self.labels = {} if labels is None else labels


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _spaces_keep_lines(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def clean_text(text: str, starts: list[int]) -> Cleaned:
    """Same-length substitutions only, so every offset stays valid."""
    result = Cleaned("")
    clean = _clean_markup(text, result)
    clean = _clean_superscripts(clean, result)
    blanks: list[tuple[int, int]] = []
    _glued_footnotes(clean, blanks, result)
    _listed_footnotes(clean, blanks, result)
    lines = clean.split("\n")  # one string per entry of ``starts``
    result.wrapped = _is_wrapped(lines)
    _join_wrapped(lines, blanks, starts, result)
    result.clean = _apply_blanks(clean, blanks)
    return result


def _apply_blanks(text: str, blanks: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) range turned into spaces, without a per-character list
    (a 50 MB document must not become fifty million one-letter strings)."""
    if not blanks:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in sorted(blanks):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        pieces.append(" " * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _clean_markup(text: str, result: Cleaned) -> str:
    clean = text
    changed = 0
    if "<" in clean:
        clean, n = _blank_comments(clean)
        changed += n
        clean, n = _BR_TAG.subn(_spaces, clean)
        changed += n
        clean, n = _SUP_TAG.subn(lambda m: _sup_tag(m, text, result), clean)
        changed += n
    if "#" in clean:
        headings = _md_headings(clean)
        clean = _apply_blanks(clean, headings)
        changed += len(headings)
    if "*" in clean:  # Markdown emphasis: every star becomes a space (same length, no regex pass)
        changed += 1
        clean = clean.replace("*", " ")
    for regex, needle in ((_UNDERSCORES, "_"), (_MD_ESCAPE, "\\")):
        if needle in clean:
            clean, n = regex.subn(_spaces, clean)
            changed += n
    if "---" in clean or "***" in clean or "___" in clean:
        clean = _apply_blanks(clean, [(start, m.end()) for start, m in
                                      at_line_starts(_BREAK_LINE, _BREAK_LINE_AFTER_BREAK, clean)])
    for invisible in _INVISIBLE:  # a Word paragraph's "\ufeff2. Cơ quan…": the label is "2."
        if invisible in clean:
            clean = clean.replace(invisible, " ")
    if "^" in clean:  # 77.150.000^d¹⁹: đ stays glued to the marker
        clean = _CARET_D.sub(lambda m: " " * (m.end() - m.start() - 1) + "đ", clean)
    result.markdown = changed > 0
    return clean


# zero-width characters a word processor leaves inside the text (a no-break space of zero width,
# a zero-width space): invisible to the reader, they must not hide a label or split a word
_INVISIBLE = ("\ufeff", "\u200b")


def _blank_comments(text: str) -> tuple[str, int]:
    """``<!-- … -->`` comments blanked, line breaks kept.  Found with ``str.find`` from each
    opening to its closing, so that 50,000 openings without a closing cost one pass (a lazy
    ``<!--.*?-->`` scanned to the end of the text from each of them)."""
    pieces: list[str] = []
    position = count = 0
    at = text.find("<!--")
    while at != -1:
        end = text.find("-->", at + 4)
        if end == -1:
            break  # no comment closes after this one: none of the later openings does either
        end += 3
        pieces.append(text[position:at])
        pieces.append(re.sub(r"[^\n]", " ", text[at:end]))
        position, count = end, count + 1
        at = text.find("<!--", end)
    if not count:
        return text, 0
    pieces.append(text[position:])
    return "".join(pieces), count


def _md_headings(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown heading marks (``## ``) at line starts, found from each line's first
    ``#`` rather than by a multi-line regex tried at every character."""
    spans: list[tuple[int, int]] = []
    at = text.find("#")
    while at != -1:
        match = _MD_HEADING_AT.match(text, text.rfind("\n", 0, at) + 1)
        if match:
            spans.append(match.span())
        line_end = text.find("\n", at)
        at = text.find("#", line_end) if line_end != -1 else -1
    return spans


def _at_line_start(text: str, start: int) -> bool:
    """Only blanks and Markdown marks between the line start and ``start``."""
    while start and text[start - 1] in " \t#*":
        start -= 1
    return start == 0 or text[start - 1] == "\n"


def _sup_tag(m: re.Match[str], text: str, result: Cleaned) -> str:
    inner, start, end = m.group(1), m.start(), m.end()
    width = end - start
    if inner in ("d", "đ"):
        return "đ" + " " * (width - 1)
    if inner in ("2", "3") and _UNIT_BEFORE.search(text, max(0, start - 4), start):
        return ("²" if inner == "2" else "³") + " " * (width - 1)
    label = _SUP_LABEL.fullmatch(inner)
    if label:
        for number in re.split(r"[,;] ?", label.group(1)):  # "<sup>22,23</sup>": two markers
            _record(number, text, start, end, result)
        if label.group(2):  # "<sup>33.</sup>": Word set the full stop after the marker superscript too
            return " " * (width - 1) + label.group(2)
    return " " * width


# a marker as Word files carry it: "1", "(1)" (brackets set superscript too), "33." (the full stop too)
_SUP_LABEL = rx.compile(r"[(\[]?(\d{1,3}(?:[,;] ?\d{1,3})*)[)\]]?([.,;:]?)")


def _record(label: str, text: str, start: int, end: int, result: Cleaned) -> None:
    if _at_line_start(text, start):
        result.defs.append((label, start, end))
    elif _marks_footnote(text, start):
        result.refs.append((label, start, end))
    else:
        result.loose.append((label, start, end))


def _clean_superscripts(clean: str, result: Cleaned) -> str:
    if not any(ch in clean for ch in SUPERSCRIPT):
        return clean
    return _UNICODE_SUP.sub(lambda m: _superscript(m, clean, result), clean)


def _superscript(m: re.Match[str], text: str, result: Cleaned) -> str:
    start, end = m.start(), m.end()
    if m.group() in ("²", "³") and _UNIT_BEFORE.search(text, max(0, start - 4), start):
        return m.group()  # m², m³: an exponent, not a footnote
    _record(m.group().translate(_SUP_TO_DIGIT), text, start, end, result)
    return " " * (end - start)


def _marks_footnote(text: str, start: int) -> bool:
    """A footnote marker is glued to what it annotates (``công trình¹``, ``đồng.³``); after a
    blank, ``(`` or ``…`` a superscript is something else (``(¹…³⁸)`` in prose about markers)."""
    before = text[start - 1] if start else " "
    return not (before.isspace() or before in "(…[")


# the letter before is checked after the first digit, so the engine skips ahead to digits
_GLUED_REF = rx.compile(r"(\d(?<=[a-zà-ỹđ]\d)\d?)(?=[.,;:\s])")
_PDF_DEF = rx.compile(r"^[ \t]*(\d{1,2})[ \t]+(?=[A-ZÀ-ỸĐ])", re.M)
_PDF_DEF_AFTER_BREAK = rx.compile(r"\n[ \t]*(\d{1,2})[ \t]+(?=[A-ZÀ-ỸĐ])")


def at_line_starts(pattern: re.Pattern[str], after_break: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(line start, match) for every match of ``pattern``, a ``^…`` pattern in MULTILINE mode
    whose matches hold no line break; ``after_break`` is the same pattern led by ``\\n``
    instead of ``^``.  The same matches, but the engine skips from line break to line break
    instead of trying ``^`` at every character of the text."""
    first = pattern.match(text)
    if first is not None:
        yield 0, first
    for match in after_break.finditer(text):
        yield match.start() + 1, match


def _glued_footnotes(clean: str, blanks: list[tuple[int, int]], result: Cleaned) -> None:
    """PDF text loses superscripts: ``Chính phủ1.`` with a definition line ``1 Công điện…``."""
    if result.refs or result.defs:
        return
    defs = {m.group(1): (start, m) for start, m in at_line_starts(_PDF_DEF, _PDF_DEF_AFTER_BREAK, clean)}
    if not defs:
        return
    defined: set[str] = set()
    for m in _GLUED_REF.finditer(clean):
        label = m.group(1)
        line_start, definition = defs.get(label, (-1, None))
        if definition is None or line_start < m.start():
            continue
        result.refs.append((label, m.start(), m.end()))
        blanks.append((m.start(), m.end()))
        if label not in defined:
            defined.add(label)
            result.defs.append((label, definition.start(1), definition.end(1)))
            blanks.append((definition.start(1), definition.end(1)))


# footnotes typed as a list after the text (web pages pasted into Word): "[6] Khoản 3…",
# or one source for several markers: "1, 8. Luật Tổ chức chính quyền địa phương…"
_LISTED_DEF = rx.compile(r"^[ \t]*(?:\[(\d{1,3})\]|(\d{1,3}(?:,[ \t]*\d{1,3})+)\.)(?=[ \t]+\S)", re.M)


def _listed_footnotes(clean: str, blanks: list[tuple[int, int]], result: Cleaned) -> None:
    """Definitions of markers that have none, written as a list after the first marker."""
    defined = {label for label, _, _ in result.defs}
    missing = {label for label, _, _ in result.refs if label not in defined}
    if not missing:
        return
    first = min(start for _, start, _ in result.refs)
    for m in _LISTED_DEF.finditer(clean, first):
        labels = [m.group(1)] if m.group(1) else re.split(r",[ \t]*", m.group(2))
        if not missing.intersection(labels) or defined.intersection(labels):
            continue
        for label in labels:
            result.defs.append((label, m.start(), m.end()))
            missing.discard(label)
            defined.add(label)
        blanks.append((m.start(), m.end()))


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped PDF text: most lines end with a space, as pdftotext leaves them."""
    filled = [line for line in lines if line and not line.isspace()]
    trailing = sum(1 for line in filled if line[-1] == " ")
    return len(filled) >= 8 and trailing >= 0.6 * len(filled)


def _join_wrapped(lines: list[str], blanks: list[tuple[int, int]], starts: list[int], result: Cleaned) -> None:
    """Blank the line breaks inside a paragraph split over lines (PDF wraps, page breaks)."""
    lengths = sorted(map(len, map(str.rstrip, lines)))
    blank = bisect_right(lengths, 0)  # the blank lines, left out
    filled = len(lengths) - blank
    width = lengths[blank + int(filled * 0.9)] if filled else 0  # the usual full line, not the longest
    wrapped = result.wrapped
    defs = sorted(start for _, start, _ in result.defs)
    prev = -1
    prev_line = ""
    ends_sentence = True
    for i, line in enumerate(lines):
        if not line or line.isspace():
            continue
        # a line after a full stop, a colon… never continues it: the common case, tested first
        if not ends_sentence and _continues(prev_line, line.strip(), width, wrapped) and not _def_line(starts[i], defs):
            # everything from the end of the previous line to this one becomes spaces
            blanks.append((starts[prev] + len(prev_line), starts[i]))
            result.joined.add(i)
        prev, prev_line = i, line
        ends_sentence = line.rstrip().endswith(_SENTENCE_ENDS)


def _def_line(offset: int, defs: list[int]) -> bool:
    """A footnote definition starts within 8 characters of ``offset`` (``defs``: sorted starts)."""
    at = bisect_left(defs, offset)
    return at < len(defs) and defs[at] <= offset + 8


def _continues(previous: str, stripped: str, width: int, wrapped: bool) -> bool:
    prev = previous.rstrip()
    if not prev.strip() or prev.endswith(_SENTENCE_ENDS) or stripped[:1] == "|" and _TABLE_ROW.match(stripped):
        return False
    if may_open_with_label(stripped) and heading_label(stripped):
        # "… quy định tại khoản 3\nĐiều 19." is a citation wrapped, not a heading
        return _CITING_END.search(prev) is not None and LABEL_PREFIX.match(stripped).lastgroup in _NUMBERED_WORD
    if is_upper_line(prev) and len(prev.split()) < 12:
        return False  # a title in capitals ends at its line
    first = stripped[0]
    if first.islower():
        return True
    long_line = len(prev) >= 0.75 * width
    return wrapped and long_line or (long_line and first.isdigit() and len(prev) > 120)


class Line(Record):
    __slots__ = ("index", "start", "end", "text")
    index: int
    start: int
    end: int
    text: str  # clean text of the line

    def __init__(self, index: int, start: int, end: int, text: str) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text


def classify(clean: Cleaned, starts: list[int]) -> list[Token]:
    """One token per logical line (a joined paragraph is one token)."""
    text = clean.clean
    tokens: list[Token] = []
    zone = "header"
    seen_heading = False
    listing = False  # inside a closing whose recipients column is still open
    def_lines = {text.rfind("\n", 0, start) + 1 for _, start, _ in clean.defs}
    logical = _logical_lines(text, starts, clean.joined)
    for position, line in enumerate(logical):
        stripped = line.text.strip()
        kind = None
        if line.start in def_lines:
            kind = "FOOTDEF"
        elif stripped[:1] == "|" and _TABLE_ROW.match(line.text):
            kind = "TABLE_ROW"
        elif stripped[:1] == "N" and _NOI_NHAN.match(stripped):
            kind, zone, listing = "NOI_NHAN", "recipients", True
        elif listing and zone in ("recipients", "signature") and (
                stripped[:1] in "-–•+~" or _wrapped_recipient(tokens, stripped)
                or (stripped[:1] == "(" and tokens and tokens[-1].type == "RECIPIENT")):
            kind = "RECIPIENT"
        elif zone in ("recipients", "signature") and not _NOT_SIGNING.match(stripped) and (
                _SIG_PREFIX.match(stripped) or is_upper_line(stripped) or _signature_note(stripped)):
            kind, zone = "SIG_LINE", "signature"
        elif zone == "signature" and is_name_line(stripped):
            kind, zone, listing = "SIG_NAME", "end", False
        elif zone == "body" and is_upper_line(stripped) and (
                _SIG_PREFIX.match(stripped) or _signing_title(stripped, logical, position)):
            kind, zone = "SIG_LINE", "signature"
        elif zone == "header" and not seen_heading:
            split = header_columns(line, tokens)
            if split:
                tokens.extend(split)
                continue
            kind = _header_kind(stripped, tokens)
            if kind is None and not any(ch.isalnum() for ch in stripped):
                kind = "PARA"  # a rule or debris ("   __   ") between header lines: the header goes on
            elif kind is None:
                zone = "body"
        if kind is None:
            if zone in ("recipients", "signature"):
                zone, listing = "body", False
            if stripped[:1] in "DPMB" and is_appendix_title(stripped):
                kind = "APPENDIX"
            else:
                label = heading_label(line.text) if may_open_with_label(stripped) else None
                kind = "PARA"
                if label is not None:
                    kind = "HEADING"
                    clean.labels[line.start] = label
            if kind == "HEADING":
                seen_heading = True
        if kind in _COLUMN_KINDS:
            tokens.extend(closing_columns(kind, line))
        else:
            tokens.append(_token(kind, line))
    return _grammatical(_closing_order(tokens))


# --------------------------------------------------------------------------- two columns
# The header table (issuer | motto, number | place and date) and the closing table
# (recipients | signature) are two columns; Word, PDF and crawlers often flatten a row into one
# line ("UBND HUYỆN X CỘNG HÒA XÃ HỘI…", "Số: 12/BC-UBND Hà Nội, ngày…", "- Như trên; PHÓ CHỦ
# TỊCH").  The known pairs are split back into two tokens with their own spans.
_WIDE_GAP = rx.compile(r"\t+|[ \u00a0]{3,}")
_PLACE_AFTER_CODE = rx.compile(r"\s+(?=[^\s,][^,\n]{1,60},\s*ngày\b.*tháng)")
_UPPER_TAIL = rx.compile(r"(?<=[;.:,°])\s+(?P<tail>(?:(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+)?[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ .]{3,})$")
_NAME_TAIL = rx.compile(r"(?<=[;.])\s+(?P<name>[^\W\d_][^;.,:()]{3,30})$")
_SIGNATURE_NOTE = rx.compile(r"^[(\[](?:Đã ký|đã ký|Ký|ký|Chữ ký|ghi tên|daky|đã ký)[^)\]]*[)\]]$|^\W{1,3}$|^(?:Đã ký|đã ký)$")
# what ends a closing although it is in capitals: the next document's header, an appendix
_NOT_SIGNING = rx.compile(r"^(?:PHỤ LỤC|PHU LUC|MẪU|Phụ lục|Mẫu)\b|.*(?:CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|[ĐÐ]ộc lập\s*[-–—])")


def _piece(line: Line, start: int, end: int) -> Line:
    """The part [start:end) of a line (offsets inside the line), trimmed of blanks."""
    while start < end and line.text[start].isspace():
        start += 1
    while end > start and line.text[end - 1].isspace():
        end -= 1
    return Line(line.index, line.start + start, line.start + end, line.text[start:end])


def header_columns(line: Line, tokens: list[Token]) -> list[Token] | None:
    """A header row flattened into one line, as two tokens; None when the line is one column."""
    text = line.text
    motto = _MOTTO_INSIDE.search(text)
    if motto:
        left = _piece(line, 0, motto.start(1))
        if is_upper_line(left.text) and not _MOTTO.match(left.text) and len(left.text.split()) <= 12:
            right = _piece(line, motto.start(1), len(text))
            return [_token("ISSUER", left), _token("MOTTO", right)]
    number = _NUMBER.match(text)
    if number:
        place = _PLACE_AFTER_CODE.search(text, number.end())
        if place and _PLACE_DATE.match(text[place.end():]):
            return [_token("NUMBER", _piece(line, 0, place.start())),
                    _token("PLACE_DATE", _piece(line, place.end(), len(text)))]
    return None


def _signing_title(stripped: str, logical: list[Line], position: int) -> bool:
    """``BỘ TRƯỞNG`` right above ``Đào Ngọc Dung``: a signature without a prefix (Gazette texts)."""
    if position + 1 >= len(logical) or len(stripped.split()) > 8 or not _SIGNING_WORDS.match(stripped):
        return False
    return is_name_line(logical[position + 1].text.strip())


def _wrapped_recipient(tokens: list[Token], stripped: str) -> bool:
    """``UBND tỉnh;`` under ``- Văn phòng: Tỉnh ủy, HĐND,``: the rest of a recipient line."""
    if not tokens or tokens[-1].type != "RECIPIENT" or is_upper_line(stripped) or is_name_line(stripped) \
            or _NOT_SIGNING.match(stripped):
        return False
    return not str(tokens[-1]).rstrip().endswith((";", ".")) and stripped[:1].isalpha()


def _signature_note(stripped: str) -> bool:
    """``(Đã ký)``, ``(Ký, ghi rõ họ tên)`` or scanner debris between the title and the name."""
    return bool(_SIGNATURE_NOTE.match(stripped))


_COLUMN_KINDS = ("NOI_NHAN", "RECIPIENT")


def closing_columns(kind: str, line: Line) -> list[Token]:
    """A recipients line with the signing column glued on (``- Như trên; KT. CHỦ TỊCH``,
    ``Nơi nhận:      TM. ỦY BAN NHÂN DÂN``) as a recipients token and a signature token."""
    if kind not in _COLUMN_KINDS:
        return [_token(kind, line)]
    text = line.text
    cut = None
    if kind == "NOI_NHAN":
        title = re.match(r"\s*Nơi nhận\s*:?", text)
        rest = text[title.end():].strip() if title else ""
        if rest and (is_upper_line(rest) or _SIG_PREFIX.match(rest)) and rest[:1] not in "-–•+":
            cut = title.end()
    if cut is None:
        gaps = [m for m in _WIDE_GAP.finditer(text.rstrip()) if m.start() > len(text) - len(text.lstrip())]
        if gaps and _column_text(text[gaps[-1].end():].strip()):
            cut = gaps[-1].start()
    if cut is None and kind == "RECIPIENT":
        name = _NAME_TAIL.search(text.rstrip())
        if name and is_name_line(name.group("name")):
            cut = name.start("name")
    if cut is None and kind == "RECIPIENT":
        tail = _UPPER_TAIL.search(text.rstrip())
        if tail and not re.match(r"\s*[-–•+]?\s*L[ưu]u\b", text) and _signing_words(tail.group("tail")):
            cut = tail.start("tail")
    if cut is None:
        return [_token(kind, line)]
    right = _piece(line, cut, len(text))
    right_kind = "SIG_NAME" if is_name_line(right.text) else "SIG_LINE"
    return [_token(kind, _piece(line, 0, cut)), _token(right_kind, right)]


def _column_text(text: str) -> bool:
    return bool(text) and (_SIG_PREFIX.match(text) is not None or is_upper_line(text) or is_name_line(text))


_SIGNING_WORDS = rx.compile(r"^(?:(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s+\S|.*\b(?:CHỦ TỊCH|TRƯỞNG|GIÁM ĐỐC|THỦ TƯỚNG|BÍ THƯ"
                            r"|ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHÁNH|PHÓ|TỔNG|THƯỜNG TRỰC|BAN THƯỜNG VỤ|BAN CHẤP HÀNH)\b)")


def _signing_words(tail: str) -> bool:
    """A signing line (``KT. CHỦ TỊCH``, ``PHÓ GIÁM ĐỐC``), not recipient codes (``VT, VP``)."""
    return bool(_SIGNING_WORDS.match(tail))


_CLOSING = ("NOI_NHAN", "RECIPIENT", "SIG_LINE", "SIG_NAME")


def _closing_order(tokens: list[Token]) -> list[Token]:
    """In a closing whose two columns were read row by row, the recipients column first and the
    signature column after it (the order the grammar states), each in its own order."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type != "NOI_NHAN":
            out.append(tokens[i])
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].type in _CLOSING and (j == i or tokens[j].type != "NOI_NHAN"):
            j += 1
        run = tokens[i:j]
        left = [t for t in run if t.type in ("NOI_NHAN", "RECIPIENT")]
        right = [t for t in run if t.type in ("SIG_LINE", "SIG_NAME")]
        names = [t for t in right if t.type == "SIG_NAME"]
        right = [t for t in right if t.type != "SIG_NAME"] + names[-1:]
        out.extend(left + right)
        i = j
    return out


_MUST_FOLLOW = {"RECIPIENT": ("NOI_NHAN", "RECIPIENT"), "SIG_NAME": ("SIG_LINE",)}


def _grammatical(tokens: list[Token]) -> list[Token]:
    """A recipient or a signer's name out of place (a footnote between) is a paragraph."""
    previous = None
    for i, token in enumerate(tokens):
        allowed = _MUST_FOLLOW.get(token.type)
        if allowed is not None and previous not in allowed:
            tokens[i] = token = Token("PARA", token.value, start_pos=token.start_pos, end_pos=token.end_pos,
                                      line=token.line)
        previous = token.type
    return tokens


def _header_kind(stripped: str, tokens: list[Token]) -> str | None:
    if _MOTTO.match(stripped) or _PARTY_MOTTO.match(stripped):
        return "MOTTO"
    if _NUMBER.match(stripped):
        return "NUMBER"
    if _PLACE_DATE.match(stripped) and "tháng" in stripped:
        return "PLACE_DATE"
    if _DRAFT.match(stripped):
        return "DRAFT"
    previous = tokens[-1].type if tokens else None
    if LABEL_PREFIX.match(stripped):
        return None
    if previous in ("PLACE_DATE", "NUMBER", "DRAFT", "MOTTO") and _is_type_name(stripped):
        return "TYPE_NAME"  # "LuẬt": a type name typed with a stray lower-case letter
    if is_upper_line(stripped) and len(stripped.split()) <= 12:
        if previous in ("PLACE_DATE", "NUMBER", "DRAFT") or _is_type_name(stripped):
            return "TYPE_NAME"
        if previous in (None, "ISSUER", "MOTTO"):
            return "ISSUER"
    if previous in ("TYPE_NAME", "SUMMARY") and not LABEL_PREFIX.match(stripped) and len(stripped) < 400:
        if previous == "TYPE_NAME" or stripped.startswith("("):
            return "SUMMARY"
    if stripped.startswith("V/v"):
        return "SUMMARY"
    return None


@cache
def _type_names() -> frozenset[str]:
    """Document type names in capitals (BÁO CÁO, THÔNG BÁO…), from rules/doctypes.toml."""
    path = rules_dir() / "doctypes.toml"
    names = {"BÁO CÁO", "THÔNG BÁO", "QUYẾT ĐỊNH", "KẾ HOẠCH", "TỜ TRÌNH", "CÔNG VĂN", "KẾT LUẬN"}
    if path.is_file():
        data = load_toml(path)
        for table in ("state_types", "party_types"):
            names.update(k.upper() for k in data.get(table, {}) if isinstance(k, str))
        names.update(k.upper() for k in data.get("normative", {}).get("type_names", {}))
    return frozenset(names)


def _is_type_name(line: str) -> bool:
    words = " ".join(line.replace("*", " ").split()).upper()
    return words in _type_names() or words.replace("HOÀ", "HÒA").replace("UỶ", "ỦY") in _type_names()


def _logical_lines(text: str, starts: list[int], joined: set[int]) -> list[Line]:
    # ``text`` is the clean text, whose joined line breaks are blanked: cut it by ``starts``.
    # A joined paragraph's text is cut once, at its end, not again at each line joined to it
    # (a million joined lines made that quadratic).
    spans: list[list[int]] = []  # [index, start, end]
    n = len(starts)
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < n else len(text)
        if i in joined and spans:
            spans[-1][2] = end
        elif start < end and not text[start:end].isspace():
            spans.append([i, start, end])
    return [Line(i, start, end, text[start:end]) for i, start, end in spans]


_new_str = str.__new__


def _token(kind: str, line: Line) -> Token:
    """``Token(kind, line.text, start_pos=…, end_pos=…, line=…)`` without its keyword parsing
    (one token per line of every document).  The value is the line's text (a Token is a str);
    the Line is rebuilt from the positions."""
    token = _new_str(Token, line.text)
    token.type, token.value, token.start_pos, token.end_pos, token.line = kind, line.text, line.start, line.end, line.index + 1
    token.column = token.end_line = token.end_column = None
    return token


def line_of_token(token: Token) -> Line:
    return Line(token.line - 1, token.start_pos, token.end_pos, str(token))


def part_ordinal(word: str) -> int | None:
    word = word.lower()
    if word in _PART_WORDS:
        return _PART_WORDS[word]
    return roman_value(word.upper())



