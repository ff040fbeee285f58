"""Structure rules: the header's blank fields, section numbering, footnotes, doubled words."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import repeat
from operator import eq
from typing import TYPE_CHECKING

from doclint import regex as rx
from doclint.facts import fact, machine_read
from doclint.model import Document, Region, Section, Severity, Span
from doclint.numerals import roman_value, to_roman
from doclint.lexer import heading_label
from doclint.parse import VIETNAMESE_LETTERS
from doclint.records import FrozenRecord, set_field
from doclint.rule import Diagnostic, Rule, RuleContext
from doclint.rule import SAFE, UNSAFE, Fix
from doclint.syllable import is_valid
from doclint.wordpack import agent_heads, closing_compounds, compounds, word_after, word_before

if TYPE_CHECKING:
    from doclint.rules.context import WordModel

_PLACEHOLDER = rx.compile(r"\[[^\]\n]{0,40}\]|\bxxx+\b|\bXXX+\b|\.{3,}|…+|(?:\.{2,}/){2}\.{2,}")

# In the body "..." is "and so on"; a blank is what a value leaves: a cited number without its
# digits (`Quyết định số …/QĐ-BCĐ`), a name (`Ông/bà …`), dots in brackets (`[…]`), a bracketed
# instruction (`[tên cơ quan]`), a long run of dots where a figure goes (`số tiền …… đồng`).
_BODY_PLACEHOLDER = rx.compile(
    r"(?P<number>(?:\.{2,}|…+|_{2,})[ \t]*/[ \t]*(?:(?:\d{4}|\.{2,}|…+)/)?[A-ZĐ][A-Za-zĐđ]{0,7}(?:[-/][A-ZĐ][A-Za-zĐđ&]*)+)"
    r"|\b[Ôô]ng[ \t]*(?:/|\(|\s+hoặc\s+)[ \t]*[Bb]à\)?[ \t]*(?:\.{3,}|…+)"
    r"|\[[ \t]*(?:\.{2,}|…+)[ \t]*\]"
    r"|\[(?:tên|ghi|điền|số|ngày|họ và tên)\b[^\]\n]{0,40}\]"
    r"|(?<=[^\W\d_] )(?P<dots>…{2,}|\.{6,}|(?:…[ \t]?){2,})(?![.…])"
)
# "được ghi như sau: Số: …/NQ-CP": a header number shown as an example, not a citation
_HEADER_NUMBER_BEFORE = rx.compile(r"\bSố[ \t]*:?[ \t]*$")


def _body_blanks(doc: Document) -> Iterator[re.Match[str]]:
    """The blanks of the body's running text (not of forms in appendices, quotations, tables):
    a long run of dots counts only between words (`số tiền …… đồng`), never after a form's
    label (`Địa chỉ:.......`)."""
    clean = doc.clean
    for block in doc.blocks:
        if block.kind not in ("paragraph", "heading") or block.region is not Region.BODY:
            continue
        text = block.text
        if "…" not in text and ".." not in text and "[" not in text and "__" not in text:
            continue  # every blank holds one of these: most paragraphs need no regex pass
        for m in _BODY_PLACEHOLDER.finditer(clean, block.span.start, block.span.end):
            if m.group("number") and _HEADER_NUMBER_BEFORE.search(clean, max(block.span.start, m.start() - 8), m.start()):
                continue
            yield m


class UnfilledField(Rule):
    """Kiểm tra: số, ngày, tháng để trống hoặc chỗ giữ chỗ (`...`, `[tên cơ quan]`, `xxx`) ở phần đầu văn bản, và chỗ trống còn lại trong nội dung (`…/QĐ-BCĐ`, `Ông/bà…`, `[…]`, `……`).

    Vì sao: văn thư chỉ điền số và ngày khi ban hành; nếu trình ký hoặc phát hành bản cuối
    mà vẫn để `Số: /BC-UBND` hay `ngày   tháng 3` thì văn bản không có giá trị tra cứu.
    Ở giai đoạn dự thảo (mặc định) đây là cảnh báo; với `--stage final` là lỗi.
    Trong nội dung, `...` thường là "vân vân": chỉ báo số văn bản thiếu chữ số, `Ông/bà …`,
    dấu chấm trong ngoặc vuông, lời dặn trong ngoặc vuông và chuỗi dấu chấm dài nơi phải có số liệu;
    dự thảo dẫn văn bản đi kèm chưa ban hành nên đây là thông tin ở giai đoạn dự thảo, lỗi khi `--stage final`.
    Sai: `Số: /BC-UBND` — `Chi Lăng, ngày tháng 3 năm 2024` — `Căn cứ Quyết định số …/QĐ-BCĐ`
    Đúng: `Số: 125/BC-UBND` — `Chi Lăng, ngày 28 tháng 3 năm 2024` — `Căn cứ Quyết định số 12/QĐ-BCĐ`

    Giới hạn: mẫu biểu trong phụ lục, đoạn trích dẫn và bảng giữ chỗ trống của chúng.

    [en]
    What it checks: a blank number, day or month, or a placeholder (`...`, `[tên cơ quan]`, `xxx`) in the header, and blanks left in the body (`…/QĐ-BCĐ`, `Ông/bà…`, `[…]`, `……`).

    Why: the records office fills the number and the day only at issuance; a document signed or
    published with `Số: /BC-UBND` or `ngày   tháng 3` cannot be referenced. In the draft stage
    (the default) this is a warning; with `--stage final` it is an error.
    In the body `...` usually means "and so on": only a cited number without its digits,
    `Ông/bà …`, dots in brackets, a bracketed instruction and a long run of dots where a figure
    goes are reported; a draft cites companion documents not yet issued, so these are notes in
    the draft stage and errors with `--stage final`.
    Bad: `Số: /BC-UBND` — `Chi Lăng, ngày tháng 3 năm 2024` — `Căn cứ Quyết định số …/QĐ-BCĐ`
    Good: `Số: 125/BC-UBND` — `Chi Lăng, ngày 28 tháng 3 năm 2024` — `Căn cứ Quyết định số 12/QĐ-BCĐ`

    Known limits: forms in appendices, quotations and tables keep their blanks.
    """

    name = "unfilled-field"
    code = "DL101"
    severity = Severity.WARNING
    final_severity = Severity.ERROR
    family = "structure"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        header = doc.header
        if header.number is not None and header.number.value is None and header.number_line is not None:
            code = header.code.value if header.code and header.code.value else ""
            yield ctx.report(header.number_line.span, "number", line=_squash(header.number_line.value), code=code)
        for part in ("day", "month"):
            field = getattr(header, part)
            if field is not None and field.value is None and header.place_date is not None:
                yield ctx.report(header.place_date.span, part, line=_squash(header.place_date.value))
        for field in _header_fields(doc):
            for m in _PLACEHOLDER.finditer(doc.clean, field.span.start, field.span.end):
                yield ctx.report(Span(m.start(), m.end()), "placeholder", text=m.group())
        # a draft cites companion documents not yet issued (`Nghị định số …/2025/NĐ-CP`): filled
        # at issuance, so a note in a draft and an error in a final text
        severity = Severity.ERROR if ctx.final else Severity.INFO
        if machine_read(doc):
            return  # a scan's dots are its stamps ("Giờ:.....") and unread characters
        for m in _body_blanks(doc):
            yield ctx.report(Span(m.start(), m.end()), "body-placeholder", text=m.group().strip(), severity=severity)


def _header_fields(doc: Document):
    header = doc.header
    fields = [*header.issuer, header.number_line, header.place_date, header.type_name, header.summary]
    return [f for f in fields if f is not None]


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


class Slip(FrozenRecord):
    """One numbering slip, reported once: by section-duplicate (``duplicate…`` keys) or by
    section-sequence (``skip``, ``back``, ``prefix``)."""

    __slots__ = ("key", "section", "expected", "other")
    key: str
    section: Section
    expected: str | None  # the label the section should carry
    other: Section | None  # the other copy of a repeated number

    def __init__(self, key: str, section: Section, expected: str | None = None,
                 other: Section | None = None) -> None:
        set_field(self, "key", key)
        set_field(self, "section", section)
        set_field(self, "expected", expected)
        set_field(self, "other", other)


@fact
def numbering_slips(doc: Document) -> list[Slip]:
    """The numbering slips of every scope, each explained once; a scope whose numbering is too
    irregular to tell siblings apart gives none."""
    slips: list[Slip] = []
    for scope in doc.numbering_scopes():
        if scope.region is Region.TABLE:
            continue  # a table numbers by its own logic (a comparison table holds old and new text)
        found: list[Slip] = []
        certain: list[Slip] = []
        numbered = 0
        for group in scope.sibling_groups():
            numbered += len(group)
            raw = [(run, _run_slips(doc, run, scope.free_start)) for run in _runs(doc, group)]
            found.extend(slip for _, run_slips in raw for slip in run_slips)
            if sum(len(run_slips) for _, run_slips in raw) == 1:  # two slips among siblings: which is wrong is a guess
                certain.extend(slip for run, run_slips in raw for slip in _certain(doc, run, run_slips))
        if not _irregular(found, numbered):
            slips.extend(certain)
    if doc.consolidated:
        slips = [slip for slip in slips if not _in_final_article(slip.section)]
    if machine_read(doc):
        slips = []  # a machine's reading of the labels ("ò2", "§.", "d)" for "đ)"), not the drafter's
    elif sum(slip.key.startswith("duplicate") for slip in slips) > 2:
        # several repeated numbers in one document are a misread list (Word numbering, a form),
        # more often than several typing slips
        slips = [slip for slip in slips if not slip.key.startswith("duplicate")]
    if len(slips) > 4:
        slips = []  # a document with this many slips is numbered by a logic the parser misses
    slips.sort(key=lambda slip: slip.section.label_span.start)
    return slips


_FINAL_ARTICLE = rx.compile(r"hiệu lực|thi hành|tổ chức thực hiện|trách nhiệm thực hiện|chuyển tiếp", re.I)


def _in_final_article(section: Section) -> bool:
    """Inside a consolidated text's article on entry into force or implementation, which
    carries in notes the same clauses of each amending document, numbered by that document."""
    parent = section.parent
    while parent is not None and parent.style != "article":
        parent = parent.parent
    return parent is not None and _FINAL_ARTICLE.search(parent.title) is not None


def _certain(doc: Document, run: list[Section], slips: list[Slip]) -> list[Slip]:
    """The slips whose fix is beyond doubt: the neighbours on both sides agree on the number the
    section should carry, and no open quotation or alternative draft ("Phương án") lies between."""
    kept = []
    for slip in slips:
        if slip.key == "prefix":
            if not _parent_from_another_list(doc, slip.section):
                kept.append(slip)
        elif slip.key != "duplicate-plain" and _clean_neighbours(doc, run, slip):
            kept.append(slip)
    return kept


def _parent_from_another_list(doc: Document, section: Section) -> bool:
    """``2.2.`` … ``"1. Chánh án…`` ``2.`` ``3.`` (a law quoted, its mark never closed) … ``2.3.``:
    the ``3.`` that seems to hold 2.3 belongs to the quoted list begun since the last 2.x."""
    earlier = [s for s in doc.numbering_scopes()[section.scope].all_sections()
               if s.style == section.style and s.span.start < section.span.start]
    if not earlier:
        return False
    return _new_list_between(doc.clean[earlier[-1].span.end : section.span.start])


def _clean_neighbours(doc: Document, run: list[Section], slip: Slip) -> bool:
    section = slip.section
    index = next(i for i, s in enumerate(run) if s is section)
    want = _ordinal_of(slip.expected)
    if want is None or section.ordinal is None:
        return False
    previous = run[index - 1] if index > 0 else None
    following = run[index + 1] if index + 1 < len(run) else None
    start = (slip.other or previous or section).span.start
    if _unsure_between(doc, min(start, section.span.start), max(start, section.span.start)):
        return False
    if slip.key.startswith("duplicate"):
        if slip.other is None or slip.other.label.strip() != section.label.strip():
            return False
        if not slip.other.title.strip() or not section.title.strip():
            return False  # "5." alone on a line: a wrapped or emptied item, not a second 5
        if _squash(slip.other.title) == _squash(section.title) and len(section.title.split()) >= 5:
            return False  # the same long item word for word: a list printed twice (two forms), not a slip
        if _nested_under_twin(doc, slip.other, section):
            return False
        if section.ordinal == 1 and _caption_before(doc, section):
            return False
        before_ok = previous.ordinal == want - 1 if previous is not None else want == 1
        after_ok = following is None or following.ordinal in (want + 1, section.ordinal + 1)
        return before_ok and after_ok and (previous is not None or following is not None)
    if previous is None or previous.ordinal != want - 1:
        return False
    if section.style == "letter" and slip.expected == "đ)" and section.number == "e":
        return True  # "d)" then "e)": the đ of the Vietnamese alphabet forgotten
    clean_before = all(run[k + 1].ordinal == (run[k].ordinal or 0) + 1 for k in range(index - 1))
    typo = following is not None and following.ordinal == want + 1  # 5, 6, 9, 8: the 9 stands where 7 belongs
    gap = (section.ordinal == want + 1 and clean_before
           and (following is None or following.ordinal == section.ordinal + 1))  # 1, 2, 4, 5: one skipped
    if gap and section.style == "arabic" and _garbled_label(doc.clean[previous.span.start : section.span.start], want):
        return False  # `1.` … `ò2 Chủ động…` … `3.`: the missing label is there, misread by OCR
    return typo or gap


def _garbled_label(text: str, number: int) -> bool:
    """A line that opens with ``number`` glued to one stray mark or letter, then a capitalised
    word (realdocs 0021: ``ò2 Chủ động túc trực…`` between ``1.`` and ``3.``): the label a
    scanner misread, not a number the drafter skipped."""
    found = re.finditer(rf"(?m)^[ \t]*[^\s\d(\[\-–—+*•]{number}[.)]?[ \t]+([^\W\d_])", text)
    return any(m.group(1).isupper() for m in found)


def _nested_under_twin(doc: Document, twin: Section, section: Section) -> bool:
    """``1. Phạm vi điều chỉnh`` then at once ``1. Luật này quy định…``: a heading whose own list
    starts on the next line with the same label style, not a repeated number."""
    if twin.span.start > section.span.start or doc.clean[twin.span.end : section.span.start].strip():
        return False
    title = twin.title.strip()
    return len(title.split()) <= 8 and not title.endswith((".", ";", ":", ",")) and len(section.title) > 2 * len(title)


_CAPTION_WORDS = 6


def _caption_before(doc: Document, section: Section) -> bool:
    """``1. Biểu số 201…`` … ``Khái niệm`` then ``1. Cơ sở giáo dục…``: a list begun again under
    a caption without a number (a few words, no sentence end), not a repeated ``1.``."""
    head = doc.clean[: section.span.start].rstrip()
    line = head[head.rfind("\n") + 1 :].strip()
    words = line.split()
    return (0 < len(words) <= _CAPTION_WORDS and line[0].isupper() and line[-1].isalpha()
            and not any(ch.isdigit() for ch in line) and heading_label(line) is None)


def _ordinal_of(label: str | None) -> int | None:
    if not label:
        return None
    core = label.rstrip(".)-:").split()[-1].rsplit(".", 1)[-1]
    if core.isdigit():
        return int(core)
    if core in VIETNAMESE_LETTERS:
        return VIETNAMESE_LETTERS.index(core) + 1
    return roman_value(core)


def _unsure_between(doc: Document, start: int, end: int) -> bool:
    """A quotation opened and not closed, or alternative drafts, between two numbers."""
    text = doc.clean[start:end]
    return (_ALTERNATIVE.search(text) is not None or _FORM_FIELD.search(text) is not None
            or text.count("“") > text.count("”") or text.count('"') % 2 == 1 or _new_list_between(text))


_ALTERNATIVE = rx.compile(r"(?m)^[\s\d.)\-–*]*Phương án\s*(?:\d|[IVX]+\b|[A-D]\b)")


_FORM_FIELD = rx.compile(r"\.{6,}|…{3,}|_{4,}|\[ghi\b")  # a form's blanks: its numbering is the form's


def _new_list_between(text: str) -> bool:
    """A line that ends one list and may start another, though the parser reads no label in
    it: a heading lettered in capitals (``E. HOẠT ĐỘNG LIÊN KẾT…``), a statistical indicator's
    code (``0106. Số lượng…``), a list opened in brackets or quotation marks (``(1. Hộ có…``,
    ``"1. Chánh án Tòa án có…`` quoting a law whose closing mark never comes, or ``… như sau:
    “1. Thủ trưởng…”`` inside a line, whose clause 2 then follows unquoted), a table's head
    (``STT``, ``(1)``; not ``TT``, which also heads a report's own tables) or a form's signing block (``(Ký, ghi rõ họ tên)``)."""
    for line in text.splitlines():
        line = line.strip()
        if _LIST_BREAK.match(line) or _QUOTED_LIST.search(line):
            return True
        letter = _LETTER_HEADING.match(line)
        if letter and _capitals_only(line[letter.end():]):
            return True
    return False


_LIST_BREAK = rx.compile(r"(?:STT|\(1\)(?:\s*\(2\))?)$|\((?:Ký|ký),? |\d{3,4}\.[ \t]+[^\W\d_]|\(1\.[ \t]")
_QUOTED_LIST = rx.compile(r"[\"“„«][ \t]*1[.)][ \t]")  # "… như sau: “1. Thủ trưởng…": a provision quoted
_LETTER_HEADING = rx.compile(r"[A-HJKMNO-UWYZĐ]\.[ \t]+")  # not I, V, X, L: those are Roman numerals


def _capitals_only(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _irregular(slips: list[Slip], numbered: int) -> bool:
    """More slips than a careful drafter leaves: the parser, not the document, is lost."""
    return len(slips) > 2 and len(slips) * 12 > numbered


def _introduced(doc: Document, section: Section) -> bool:
    """A new list announced by the line before (``… được chia theo các lĩnh vực:``)."""
    return doc.clean[max(0, section.span.start - 400) : section.span.start].rstrip().endswith(":")


def _runs(doc: Document, group: list[Section]) -> list[list[Section]]:
    """Lists that start again under one parent are new lists, not runs of duplicates: at a
    new 1 (an unlabelled quotation, a list inside a paragraph), or where two numbers in a row
    repeat the list so far (a table of contents, then the sections; a list whose "1." stands
    inside the line before)."""
    runs: list[list[Section]] = [[]]
    for index, section in enumerate(group):
        current = runs[-1]
        previous = current[-1] if current else None
        seen = {s.number for s in current}
        following = group[index + 1] if index + 1 < len(group) else None
        relisted = (
            section.number in seen and following is not None and following.number in seen
            and following.ordinal == (section.ordinal or 0) + 1
        )
        restart = section.ordinal == 1 and ((previous.ordinal or 0) >= 2 or _introduced(doc, section)) if previous else False
        if previous is not None and (restart or relisted):
            runs.append([])
        runs[-1].append(section)
    return runs


def _run_slips(doc: Document, run: list[Section], free_start: bool) -> list[Slip]:
    slips: list[Slip] = []
    culprits = _duplicates(doc, run, free_start, slips)
    expected = (run[0].ordinal or 1) if free_start else 1
    tolerated = expected
    previous: Section | None = None
    seen: set[str] = set()
    for section in run:
        ordinal = section.ordinal or 0
        fixed = culprits.get(id(section))
        if fixed is not None or section.number in seen:
            # a repeat is section-duplicate's slip; the next number may follow either copy
            # (8.1, 8.1, 8.2) or the one the repeat should have been (d, d, e)
            base = fixed if fixed is not None else ordinal
            expected, tolerated = ordinal + 1, base + 1
            seen.add(section.number)
            previous = section
            continue
        seen.add(section.number)
        parent_head = _parent_head(section)
        if parent_head is not None and section.number.rsplit(".", 1)[0] != parent_head and _copied_head(doc, section):
            want = f"{parent_head}.{expected}" + ("." if section.label.endswith(".") else "")
            slips.append(Slip("prefix", section, want))
        elif free_start and section.region is Region.QUOTATION:
            pass  # a quotation cites the clauses it changes: "các khoản 2, khoản 3, khoản 5…"
        elif ordinal > expected and _quoted_selection(doc, run[0], ordinal, expected):
            pass  # "Các khoản 1, 2 và 4 Điều 51 …: “Điều 51. … 1. … 2. … 4. …”": clause 3 left out
        elif ordinal not in (expected, tolerated) and not _inline_between(doc, previous, section, expected, ordinal):
            want = _label_for(section, expected)
            if want and want != section.label:
                slips.append(Slip("skip" if ordinal > expected else "back", section, want))
        expected = tolerated = ordinal + 1
        previous = section
    return slips


def _duplicates(doc: Document, run: list[Section], free_start: bool, slips: list[Slip]) -> dict[int, int]:
    """Report each repeated number once, at the copy that is out of place; returns the
    culprits' ids with the ordinal each should carry."""
    culprits: dict[int, int] = {}
    first: dict[str, int] = {}
    for index, section in enumerate(run):
        earlier = first.get(section.number)
        if earlier is None:
            first[section.number] = index
            continue
        if any(id(run[i]) in culprits for i in (earlier, index)):
            continue
        if _capitals_only(run[earlier].title) != _capitals_only(section.title):
            continue  # "I. THỦ TỤC HÀNH CHÍNH NỘI BỘ" then "I. Tiêu chuẩn…": a title over its first item
        e_want = _local_expected(run, earlier, culprits, free_start)
        after_e = run[earlier + 1].ordinal if earlier + 1 < len(run) else None
        if (e_want is not None and run[earlier].ordinal != e_want and after_e == e_want + 1
                and not _inline_between(doc, run[earlier - 1] if earlier else None, run[earlier], e_want, e_want + 1)):
            culprit, other, want = earlier, index, e_want  # 2.2, 2.2: the first should be 2.1
        else:
            culprit, other = index, earlier
            want = _local_expected(run, index, culprits, free_start)
        section_ = run[culprit]
        culprits[id(section_)] = want if want is not None else section_.ordinal or 0
        label = _label_for(section_, want) if want else None
        label = label if label != section_.label else None
        after = run[culprit + 1].ordinal if culprit + 1 < len(run) else None
        if label is None:
            key = "duplicate-plain"
        elif section_.style == "letter" and section_.number == "d" and label == "đ)":
            key = "duplicate-letter"
        elif after is not None and after == (section_.ordinal or 0) + 1 and culprit > other:
            key = "duplicate"  # the list goes on from the repeated number: renumber onwards
        else:
            key = "duplicate-one"
        slips.append(Slip(key, section_, label, run[other]))
    return culprits


def _local_expected(run: list[Section], index: int, culprits: dict[int, int], free_start: bool) -> int | None:
    if index == 0:
        return None if free_start else 1
    previous = run[index - 1]
    base = culprits.get(id(previous), previous.ordinal)
    return base + 1 if base is not None else None


_SELECTION = rx.compile(r"(?<![^\W\d_])(?:[Cc]ác[ \t]+)?(?:khoản|Khoản)[ \t]+(\d+(?:[ \t]*(?:,|và)[ \t]*(?:khoản[ \t]+)?\d+)+)")


def _quoted_selection(doc: Document, first: Section, ordinal: int, expected: int) -> bool:
    """The line that introduces a quoted article names the clauses it quotes (``Các khoản 1, 2
    và 4 Điều 51 của Luật Đầu tư …``, realdocs 0276): the missing ones were left out on purpose."""
    if not first.label.rstrip(".").isdigit():
        return False  # "khoản" names numbered clauses, not lettered points
    intro = doc.clean[max(0, first.span.start - 600) : first.span.start]
    found = list(_SELECTION.finditer(intro))
    if not found:
        return False
    quote = _QUOTE_OPENS.search(intro, found[-1].end())
    if quote is None or "\n" in intro[found[-1].end() : quote.start()].strip():
        return False  # the list must introduce the quotation on the next line, not cite in a sentence
    listed = {int(n) for n in re.findall(r"\d+", found[-1].group(1))}
    return ordinal in listed and expected not in listed


_QUOTE_OPENS = rx.compile(r"\n[ \t]*[“\"]")


def _inline_between(doc: Document, previous: Section | None, section: Section, expected: int, ordinal: int) -> bool:
    """The missing labels stand in the text before: inside a line (``7. Kỳ báo cáo a) …`` then
    ``b) …``, or ``…; b)7 Công ty…`` with footnote 7 glued to the bracket), or at a line start in
    a form the parser does not take for a label (``1.Kết quả``, ``1, Người đại diện``,
    ``1.11 (được bãi bỏ)`` with footnote 11 glued)."""
    if not expected < ordinal <= expected + 12:
        return False
    start = previous.label_span.end if previous is not None else (
        section.parent.label_span.end if section.parent is not None else max(0, section.span.start - 2000))
    between = _own_text(doc, section.scope, start, section.label_span.start)
    if ordinal == expected + 1 and _unread_label(between):
        return True
    for missing in range(expected, ordinal):
        label = _label_for(section, missing)
        if not label:
            return False
        core = label.rstrip(".)-")
        if not any(_inline_label(between, at, core) or _mangled_label(between, at, core)
                   for at in rx.find_all(between, core)):
            return False
    return True


def _inline_label(text: str, at: int, core: str) -> bool:
    """Whether ``core`` at ``at`` reads as a label inside a line:
    ``(?:^|[\\s;:,.(])core(?:[.)]?|\\)\\d{1,3})\\s`` (``b)7 Công ty``: footnote 7 glued to the bracket)."""
    if at and not (text[at - 1].isspace() or text[at - 1] in ";:,.("):
        return False
    end = at + len(core)
    after = text[end : end + 2]
    if after[:1].isspace() or (after[:1] in (".", ")") and after[1:].isspace()):
        return True
    if after[:1] != ")":
        return False
    stop = end + 1
    while stop < len(text) and text[stop].isdecimal():
        stop += 1
    return 1 <= stop - end - 1 <= 3 and stop < len(text) and text[stop].isspace()


_LEAD = "\"“'_*-"  # what may stand between a line start and a mangled label, besides blanks


def _mangled_label(text: str, at: int, core: str) -> bool:
    """Whether ``core`` at ``at`` reads as a label the parser did not take, at a line start:
    ``(?:^|\\n)[\\s"“'_*-]*core\\s?[.,:;)]``."""
    start = at
    while start and (text[start - 1].isspace() or text[start - 1] in _LEAD):
        start -= 1
    if start and "\n" not in text[start:at]:
        return False
    after = text[at + len(core) : at + len(core) + 2]
    return after[:1] in _LABEL_END or (after[:1].isspace() and after[1:] in _LABEL_END)


_LABEL_END = (".", ",", ":", ";", ")")


# a scanner's debris where a label stood: "_ % Giao Thường trực…" between "1." and "3." (not
# "~" or "-", a dash read as itself or as a tilde, which starts a bullet)
_DEBRIS_LEAD = rx.compile(r"(?m)^[ \t]*[_%#^|=<>\\/@$&]{1,2}(?:[ \t]+[_%#^|=<>\\/@$&]{1,2})?[ \t]+(\w)")


def _unread_label(between: str) -> bool:
    """A paragraph between two items that opens with a scanner's debris and then a capital
    (realdocs 0010: "_ % Giao Thường trực…" where the label "2." stood): the one missing
    number was there, read as marks."""
    return any(m.group(1).isupper() for m in _DEBRIS_LEAD.finditer(between))


@fact
def _block_starts(doc: Document) -> list[int]:
    return [b.span.start for b in doc.blocks]


def _own_text(doc: Document, scope: int, start: int, end: int) -> str:
    """The text of ``scope`` between two offsets, quotations and other scopes left out."""
    starts = _block_starts(doc)
    first = max(0, bisect_right(starts, start) - 1)
    pieces = []
    for block in doc.blocks[first:]:
        if block.span.start >= end:
            break
        if block.scope == scope and block.span.end > start:
            pieces.append(doc.clean[max(block.span.start, start) : min(block.span.end, end)])
    return "\n".join(pieces)


class SectionDuplicate(Rule):
    """Kiểm tra: hai mục cùng cấp mang cùng một số (`8.1.` hai lần, `d)` hai lần).

    Vì sao: số mục là địa chỉ để các cơ quan trích dẫn khi thực hiện ("theo mục 8.1");
    hai mục cùng số làm việc trích dẫn mơ hồ. Hai `d)` liền nhau thường là `đ)` thiếu nét.
    Mỗi phụ lục, biểu mẫu, bảng và đoạn trích trong ngoặc kép được đánh số riêng; `Điều`
    đánh số liên tục qua các `Chương`, `Mục`; khoản đánh lại trong mỗi Điều.
    Sai: `8.1. Các phòng, ban…` rồi `8.1. Phòng Nông nghiệp…`
    Đúng: `8.1. Các phòng, ban…` rồi `8.2. Phòng Nông nghiệp…`
    Giới hạn: một danh sách bắt đầu lại từ 1 được coi là danh sách mới; khi cách đánh số của
    một phần quá lộn xộn để biết mục nào cùng cấp, quy tắc im lặng cho phần đó.

    [en]
    What it checks: two sibling sections with the same number (`8.1.` twice, `d)` twice).

    Why: section numbers are the addresses other offices cite ("under 8.1"); two sections with one
    number make the citation ambiguous. A second `d)` is often an `đ)` typed without its bar.
    Each appendix, form, table and quoted passage is numbered on its own; `Điều` run on across
    `Chương` and `Mục`; clauses restart in each `Điều`.
    Bad: `8.1. Các phòng, ban…` then `8.1. Phòng Nông nghiệp…`
    Good: `8.1. Các phòng, ban…` then `8.2. Phòng Nông nghiệp…`
    Known limits: a list that starts again at 1 is read as a new list; when a part's numbering is
    too irregular to tell siblings apart, the rule stays silent for that part.
    """

    name = "section-duplicate"
    code = "DL102"
    severity = Severity.ERROR
    family = "structure"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for slip in numbering_slips(doc):
            if not slip.key.startswith("duplicate") or slip.other is None:
                continue
            line = _where(doc, slip.other.span.start, ctx)
            yield ctx.report(slip.section.label_span, slip.key, number=slip.section.label, line=line,
                             expected=slip.expected or "", suggestion=slip.expected)


def _where(doc: Document, offset: int, ctx: RuleContext) -> str:
    """"dòng 87" for text; the reader's label ("đoạn 12") for Word and PDF input."""
    line = doc.line_of(offset)
    labels = doc.line_labels
    if labels is not None and line < len(labels):
        from doclint.readers.labels import translate

        return translate(str(labels[line]), ctx.settings.lang)
    return ctx.message("line", line=line + 1)


def _label_for(section: Section, ordinal: int) -> str | None:
    style = section.style
    if ordinal < 1:
        return None
    if style == "roman":
        return to_roman(ordinal) + ("-" if section.label.endswith("-") else ".")
    if style == "arabic":
        return f"{ordinal}."
    if style == "article":
        return f"Điều {ordinal}."
    if style in ("chapter", "muc"):
        word = section.label.split()[0]
        return f"{word} {to_roman(ordinal) if any(c in 'IVXL' for c in section.number + section.label[-3:]) and not section.label.rstrip('.:').split()[-1].isdigit() else ordinal}"
    if style.startswith("dotted"):
        head = section.number.rsplit(".", 1)[0]
        tail = "." if section.label.endswith(".") else ""
        return f"{head}.{ordinal}{tail}"
    if style == "letter":
        return VIETNAMESE_LETTERS[ordinal - 1] + ")" if ordinal <= len(VIETNAMESE_LETTERS) else None
    return None


class SectionSequence(Rule):
    """Kiểm tra: số mục bị nhảy hoặc lùi giữa các mục cùng cấp (`2.2.` mà không có `2.1.`, `a)` rồi `c)`).

    Vì sao: người đọc và người trích dẫn dựa vào thứ tự liên tục; một số bị bỏ qua thường là
    một mục bị xoá hoặc chép thiếu. Thứ tự chữ cái theo bảng chữ cái tiếng Việt:
    a) b) c) d) đ) e) g) h) i) k)… (không có f, j, w, z). Với số có dấu chấm (`2.1.`), phần đầu
    phải trùng với số của mục cha. `Điều` đánh số liên tục qua các `Chương`; phụ lục, biểu
    mẫu, bảng và đoạn trích trong ngoặc kép có cách đánh số riêng.
    Sai: `2. Lĩnh vực quản lý đô thị` rồi ngay `2.2. Lĩnh vực quản lý đô thị`
    Đúng: `2. Lĩnh vực quản lý đô thị` rồi `2.1. Lĩnh vực quản lý đô thị`
    Giới hạn: một số lặp lại là lỗi của section-duplicate và chỉ được báo một lần; nhãn đứng
    giữa dòng (`7. Kỳ báo cáo a) …` rồi `b)`) được tính; phần đánh số quá lộn xộn thì bỏ qua.

    [en]
    What it checks: a skipped or out-of-order number among sibling sections (`2.2.` with no `2.1.`, `a)` then `c)`).

    Why: readers and citations rely on an unbroken order; a skipped number is usually a deleted or
    miscopied section. Letters follow the Vietnamese alphabet: a) b) c) d) đ) e) g) h) i) k)…
    (no f, j, w, z). A dotted number (`2.1.`) must start with its parent's number. `Điều` run on
    across `Chương`; appendices, forms, tables and quoted passages number on their own.
    Bad: `2. Lĩnh vực quản lý đô thị` followed directly by `2.2. Lĩnh vực quản lý đô thị`
    Good: `2. Lĩnh vực quản lý đô thị` followed by `2.1. Lĩnh vực quản lý đô thị`
    Known limits: a repeated number is section-duplicate's finding and is reported once; labels
    inside a line (`7. Kỳ báo cáo a) …` then `b)`) count; a part numbered too irregularly is skipped.
    """

    name = "section-sequence"
    code = "DL103"
    severity = Severity.WARNING
    family = "structure"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for slip in numbering_slips(doc):
            section = slip.section
            if slip.key == "prefix":
                yield ctx.report(section.label_span, "prefix", number=section.label, parent=section.parent.label,
                                 expected=slip.expected, suggestion=slip.expected)
            elif slip.key in ("skip", "back"):
                yield ctx.report(section.label_span, slip.key, number=section.label, expected=slip.expected,
                                 suggestion=slip.expected)


def _copied_head(doc: Document, section: Section) -> bool:
    """A dotted number that does not start with its parent's is a slip only when the parent
    is certain: the number carries the head of the parent's previous sibling (a subsection
    copied from there), or an earlier subsection of the same parent has the right head."""
    parent = section.parent
    if parent is None:
        return False
    head = section.number.rsplit(".", 1)[0]
    siblings = parent.parent.children if parent.parent is not None else doc.numbering_scopes()[parent.scope].sections
    # by identity: Section's dataclass equality compares whole subtrees, field by field
    at = _position(siblings, parent)
    if at is not None and at > 0 and siblings[at - 1].style == parent.style and siblings[at - 1].number == head:
        return True
    at = _position(parent.children, section)
    before = parent.children[:at] if at is not None else []
    return any(s.style == section.style and s.number.rsplit(".", 1)[0] == parent.number for s in before)


def _position(sections: list[Section], section: Section) -> int | None:
    return next((i for i, s in enumerate(sections) if s is section), None)


def _parent_head(section: Section) -> str | None:
    """The number a dotted label must start with: its parent's (``2.`` -> ``2``), if numeric."""
    parent = section.parent
    if not section.style.startswith("dotted") or parent is None:
        return None
    if parent.style == "arabic" or parent.style.startswith("dotted"):
        return parent.number
    return None


class FootnoteUndefined(Rule):
    """Kiểm tra: chú thích được đánh dấu trong thân văn bản nhưng không có lời chú thích.

    Vì sao: người đọc theo số chú thích để xem danh sách chi tiết (công trình, dự án, văn bản);
    một chú thích mất khi chuyển đổi hoặc cắt dán làm số liệu không kiểm chứng được.
    Sai: `… 02 dự án¹⁰;` mà cuối trang không có `¹⁰ …`
    Đúng: `… 02 dự án¹⁰;` và `¹⁰ Xây dựng khu dân cư…; Cải tạo vỉa hè…`

    [en]
    What it checks: a footnote marker in the body with no footnote text.

    Why: readers follow the marker to the detailed list (works, projects, documents); a footnote
    lost in conversion or copy-paste leaves the figure unverifiable.
    Bad: `… 02 dự án¹⁰;` with no `¹⁰ …` anywhere
    Good: `… 02 dự án¹⁰;` and `¹⁰ Xây dựng khu dân cư…; Cải tạo vỉa hè…`
    """

    name = "footnote-undefined"
    code = "DL104"
    severity = Severity.ERROR
    family = "structure"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for note in doc.footnotes.values():
            if note.definition is None:
                for ref in note.refs:
                    yield ctx.report(ref, "undefined", label=note.label)


class FootnoteUnused(Rule):
    """Kiểm tra: lời chú thích không được đánh dấu ở đâu trong thân văn bản.

    Vì sao: chú thích mồ côi thường là dấu hiệu một đoạn văn bị xoá hoặc số chú thích bị đánh
    lại sai; người đọc không biết chú thích đó giải thích cho số liệu nào.
    Sai: `⁵ Điều chỉnh cục bộ quy hoạch…` mà thân văn bản không có `⁵`
    Đúng: `… ý kiến thẩm định 01 đồ án⁵;` và `⁵ Điều chỉnh cục bộ quy hoạch…`

    [en]
    What it checks: a footnote text that no marker in the body refers to.

    Why: an orphan footnote usually means a paragraph was deleted or the markers were renumbered
    wrongly; the reader cannot tell which figure it explains.
    Bad: `⁵ Điều chỉnh cục bộ quy hoạch…` with no `⁵` in the body
    Good: `… ý kiến thẩm định 01 đồ án⁵;` and `⁵ Điều chỉnh cục bộ quy hoạch…`
    """

    name = "footnote-unused"
    code = "DL105"
    severity = Severity.WARNING
    family = "structure"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for note in doc.footnotes.values():
            if note.definition is not None and not note.refs:
                marker = Span(note.definition.start, note.body.start if note.body else note.definition.start + 1)
                yield ctx.report(marker, "unused", label=note.label)


# Reduplication is a normal Vietnamese word-building device (đời đời, người người, nhà nhà,
# dần dần); only function words, which never reduplicate, are reported when doubled alone.
_FUNCTION_WORDS = frozenset(
    "các những của và là được bị cho với tại theo về để trong trên dưới đã đang sẽ thì mà nhưng "
    "hoặc hay cũng vẫn còn đến từ này đó khi nếu vì do bởi nên rằng việc sự một có không đều "
    "phải cần như qua ra vào lại".split()
)


class DuplicatedWord(Rule):
    """Kiểm tra: một từ hoặc cụm tới ba âm tiết bị viết lặp liền nhau (`các các`, `xảy ra xảy ra`).

    Vì sao: lỗi cắt dán khi soạn thảo, dễ lọt qua khi đọc lướt nhưng rất lộ khi văn bản đã ban hành.
    Xét cả phần đầu văn bản (trích yếu `V/v …`, tên loại). Từ láy là cách cấu tạo từ bình
    thường của tiếng Việt (`đời đời`, `người người`, `dần dần`), nên một âm tiết lặp lại bị báo
    khi đó là hư từ (`các`, `của`, `và`…), hoặc khi mô hình thống kê cho biết cặp đó không phải
    từ láy và một bản ghép thành từ với chữ bên cạnh còn bản kia chưa từng đứng cạnh chữ của nó
    (`đơn vị thực thực giám sát`) hoặc bị bỏ lơ lửng, không thành từ với chữ nào
    (`quyết định định thu hồi`: `quyết định` là từ, `thu` thuộc về `thu hồi`), hoặc là `ngày`,
    `khoản`, `điều`… lặp trước con số, hoặc khi nằm trên dòng viết hoa toàn bộ ở phần đầu văn bản
    (`ỦY BAN NHÂN DÂN DÂN`) mà không phải từ láy; cụm từ
    hai, ba âm tiết lặp lại luôn bị báo. Không so qua dấu câu: `nhà nhà, người người` là hợp lệ.
    Sai: `Phạm pháp hình sự xảy ra xảy ra 07 vụ`
    Đúng: `Phạm pháp hình sự xảy ra 07 vụ`

    Giới hạn: im lặng với ô bảng bị dàn thành một dòng, âm tiết bị PDF tách rời, mã, và khi
    hai bản là hai từ khác nhau (`tiếp theo theo quy định`, `Viện kiểm sát kiểm sát`,
    `từ từ`; từ ghép trong `rules/compounds.toml`; `quyết định định mức`: hai từ gặp nhau), và
    khi mô hình cặp âm tiết không đủ chứng cứ (`của người người bị thiệt hại`, `kinh phí phí
    ngân sách`): im lặng. Cách sửa (xoá bản thứ hai) là an toàn, trừ khi âm tiết lặp do mô hình
    phán đoán: khi đó chỉ áp dụng với `--unsafe-fixes`, vì một bản có thể là chữ khác gõ nhầm
    (`Ủy ban nhân nhân cấp xã` là `nhân dân`).

    [en]
    What it checks: a word or a phrase of up to three syllables written twice in a row (`các các`, `xảy ra xảy ra`).

    Why: a copy-paste slip that skimming misses and that shows badly once issued. The header
    (subject line `V/v …`, title) is checked too. Reduplication is a normal Vietnamese
    word-building device (`đời đời`, `người người`, `dần dần`), so a single repeated syllable is
    reported when it is a function word (`các`, `của`, `và`…), when the statistical model says
    the pair is no reduplicated word and one copy makes a word with its neighbour while the
    other never meets its own (`đơn vị thực thực giám sát`) or is left stranded, making a word
    with neither side (`quyết định định thu hồi`: `quyết định` is a word, `thu` belongs to
    `thu hồi`), when `ngày`, `khoản`, `điều`…
    is doubled before its number, or when it stands in a header line typed all in capitals
    (`ỦY BAN NHÂN DÂN DÂN`) and is no reduplicated word; a repeated phrase of two or three syllables is always reported.
    Punctuation breaks a repeat: `nhà nhà, người người` is fine.
    Bad: `Phạm pháp hình sự xảy ra xảy ra 07 vụ`
    Good: `Phạm pháp hình sự xảy ra 07 vụ`

    Known limits: silent on table cells flattened into one line, syllables a PDF split, codes,
    and two copies that are two different words (`tiếp theo theo quy định`, `Viện kiểm sát
    kiểm sát`, `từ từ`; compounds in `rules/compounds.toml`; `quyết định định mức`: two words
    meeting), and where the bigram model has too little evidence (`của người người bị thiệt
    hại`, `kinh phí phí ngân sách`). The fix (delete the second copy) is safe, except for a
    syllable the model judged: then only `--unsafe-fixes` applies it, since one copy may be a
    slip for another word (`Ủy ban nhân nhân cấp xã` means `nhân dân`).
    """

    name = "duplicated-word"
    code = "DL106"
    severity = Severity.WARNING
    family = "structure"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        clean = doc.clean
        for block in doc.blocks:
            if block.kind not in _CHECKED_BLOCKS or not _may_repeat(block.text):
                continue
            for m in _REPEAT.finditer(clean, block.span.start, block.span.end):
                phrase = m.group(1)
                verdict = ""
                if " " not in phrase.strip() and phrase.casefold() not in _FUNCTION_WORDS:
                    verdict = _capitals_in_header(clean, m) if block.kind == "header" else ""
                    verdict = verdict or _no_reduplication(clean, m)
                    if not verdict:
                        continue  # a single syllable doubled may be reduplication: the model decides
                if not _is_slip(clean, m, judged=verdict == _STRANDED):
                    continue
                kept = " ".join(phrase.split())
                written = " ".join(m.group(0).split())  # as typed: `Xây dựng xây dựng`
                second = Span(m.end() - len(m.group(2)), m.end())
                # a syllable the word model judged may be a slip of another one (`Ủy ban nhân
                # nhân cấp xã` means `nhân dân`): its deletion is offered, never applied unasked
                judged = verdict in ("pair", _STRANDED)  # not "number": `ngày ngày 26/6/2014`
                applicability = UNSAFE if judged else SAFE
                yield ctx.report(second, "repeat-judged" if judged else "repeat", written=written,
                                 phrase=" ".join(m.group(2).split()),
                                 suggestion=kept, fix=Fix.delete(Span(m.end(1), m.end()), applicability))


# The header's fields (the issuer, the title, the subject line "V/v …") are typed like the body.
_CHECKED_BLOCKS = ("paragraph", "heading", "footnote", "header")
_PUNCT = ",.;:!?()[]\"“”'…"
_WORD_PAIR = 100  # times a pair must occur in the model's corpus to be taken for a word
# units that precede their number and never reduplicate: `ngày ngày 26/6/2014`, `khoản khoản 7`
# (not `số`: `Luật Dân số số 113` is two words meeting; not `năm`: `năm năm` is five years)
_NUMBERED = frozenset("ngày tháng khoản điều điểm mục chương".split())
_NEXT_DOUBLED = rx.compile(r"[ \t]+([^\W\d_]+)[ \t]+\1(?!\w)")
_PREVIOUS_DOUBLED = rx.compile(r"(?<!\w)([^\W\d_]+)[ \t]+\1[ \t]+$")


_STRANDED = "stranded"


def _capitals_in_header(text: str, m: re.Match[str]) -> str:
    """A syllable doubled in a header line typed all in capitals (`ỦY BAN NHÂN DÂN DÂN`,
    `HUYỆN HUYỆN VĂN LÃNG`): the issuer's and the title's words are fixed names, so a repeat
    there is a slip unless the word model knows the pair as a reduplicated word (`ĐỜI ĐỜI`).
    The answer is "pair" (a judged repeat, its fix unsafe) or ""."""
    first = m.group(1)
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    line = text[start : len(text) if end < 0 else end]
    if not (first.isupper() and len(first) > 1 and line.isupper() and "|" not in line):
        return ""
    try:
        from doclint.rules.context import ModelError, association, load_model, normalise
        model = load_model()
    except (ImportError, ModelError):
        return ""
    word = normalise(first.lower())
    itself = association(model, word, word)
    return "pair" if itself is not None and itself < _SELF_PMI else ""


def _no_reduplication(text: str, m: re.Match[str]) -> str:
    """Whether a doubled lower-case syllable (`các đơn vị thực thực giám sát`) is a slip by the
    word model: the pair is no reduplicated word (`đời đời`, `dần dần`, `mãi mãi` meet more
    often than chance; `thực thực` far less), and one copy makes a word with its neighbour
    (`đơn vị thực`) while the other never meets its own in the corpus (`thực giám`).  Two words
    meeting (`xác định định mức`, `trung bình bình phương`) pair with both neighbours and stay
    silent; so do the many doubles a bigram model cannot tell apart.  A unit doubled before its
    number (`khoản khoản 7`, `ngày ngày 26/6/2014`) is a slip when the model knows no such word.
    Also a slip when one copy is left stranded (:func:`_one_copy_stranded`). The answer names
    the evidence ("" when there is none): "pair", "number" or ``_STRANDED``."""
    first, second = m.group(1), m.group(2)
    if not (first.islower() and second.islower()):
        return ""  # names (`Nguyễn Thị Thị`), headings in capitals, flattened table headers
    end = m.end(2)
    if _NEXT_DOUBLED.match(text, end) or _PREVIOUS_DOUBLED.search(text, max(0, m.start(1) - 40), m.start(1)):
        return ""  # `nhà nhà người người`, `ngày ngày đêm đêm`: paired reduplications
    try:
        from doclint.rules.context import ModelError, association, load_model, normalise
        model = load_model()
    except (ImportError, ModelError):
        return ""
    word = normalise(first)
    itself = association(model, word, word)
    if itself is None or itself >= 0:
        return ""  # an unknown syllable, or a pair the corpus holds as a word
    if text[end : end + 4].lstrip(" \t")[:1].isdigit():
        return "number" if word in _NUMBERED else ""
    before, after = word_before(text, m.start(1)), word_after(text, end)
    titled = before.istitle() and len(before) > 1  # `Dự án án trong`: the word's first letter capital
    if not ((before.islower() or titled) and after.islower()):
        return ""  # a name, a new cell or the line's edge on one side: too little to judge
    left, right = normalise(before), normalise(after)
    if not all(model.unigram(w) for w in (left, right)):
        return ""
    pairs = sorted((model.bigram(left, word), model.bigram(word, right)))
    if pairs[0] == 0 and pairs[1] >= _WORD_PAIR and not titled:
        return "pair"
    outer_left = normalise(_word_before_word(text, m.start(1), before))
    outer_right = normalise(_word_after_word(text, end, after))
    return _STRANDED if _one_copy_stranded(model, (outer_left, left, word, right, outer_right)) else ""


# A syllable pair is taken for a word when it occurs at least _WORD_PAIR times and meets at
# least e^_WORD_PMI (20) times as often as chance would have it; _LOOSE_PMI is the pair a word
# never is (under e^2, ~7 times chance: words meeting across a boundary, `định thu`, `án trong`).
_WORD_PMI = 3.0
_LOOSE_PMI = 2.0
_CLAIM_MARGIN = 2.0  # a neighbour's word wins a syllable over a pair e^2 (~7) times weaker
_SELF_PMI = -2.0  # `X X` meets under e^-2 (1/7) of chance: no reduplicated word (`định định`, `án án`)
_APART_PMI = -1.0  # a pair meeting under e^-1 (a third) of chance: no word (`cơ quản`), unlike `đồng phạm`
_BOUND_SHARE = 0.25  # a syllable that borders a function word this rarely is bound to its word


def _one_copy_stranded(model: WordModel, words: tuple[str, str, str, str, str]) -> bool:
    """Whether in ``a2 a X X y z`` one copy of X closes or opens a word and the other is left
    with nothing: `quyết định định thu hồi` (`quyết định` is a word, `định thu` is not, `thu`
    belongs to `thu hồi`, and `định` rarely opens a word after a function word).  All the
    evidence must agree: `X X` is no reduplicated word, the stranded copy is a syllable that
    seldom stands on that side of a word, it pairs with its neighbour no more than words meeting
    do, the neighbour belongs to its own word (or is a function word X never precedes), and no
    syllable with X's letters would make a word there (`cơ quan quan lý`: OCR lost `quản`)."""
    a2, a, x, y, z = words
    if _pmi(model, x, x) >= _SELF_PMI:
        return False
    if _is_word(model, a, x) and _pmi(model, x, y) < _LOOSE_PMI and _share(model, x, before=True) < _BOUND_SHARE \
            and _taken(model, x, y, z, function_ok=_pmi(model, x, y) < 0) \
            and not _marks_lost(model, x, lambda v: _is_word(model, v, y)) and f"{x} {y}" not in compounds():
        return True
    return _is_word(model, x, y) and _pmi(model, a, x) < _LOOSE_PMI and _share(model, x, before=False) < _BOUND_SHARE \
        and (a in _FUNCTION_WORDS or _pmi(model, a, x) < _APART_PMI or _claims(model, a2, a, _pmi(model, a, x))) \
        and not _marks_lost(model, x, lambda v: _is_word(model, a, v)) and f"{a} {x}" not in compounds()


def _pmi(model: WordModel, left: str, right: str) -> float:
    """PMI of the pair, minus infinity for an unknown syllable or a pair never seen."""
    from doclint.rules.context import association  # the model's module loads only when a rule asks
    found = association(model, left, right) if left and right else None
    return -math.inf if found is None else found


def _is_word(model: WordModel, left: str, right: str) -> bool:
    return model.bigram(left, right) >= _WORD_PAIR and _pmi(model, left, right) >= _WORD_PMI


def _claims(model: WordModel, left: str, right: str, rival: float) -> bool:
    """Whether ``left right`` is a word clearly stronger than a rival pair scoring ``rival``."""
    return _is_word(model, left, right) and _pmi(model, left, right) >= rival + _CLAIM_MARGIN


def _taken(model: WordModel, x: str, y: str, z: str, *, function_ok: bool) -> bool:
    """Whether ``y`` (the neighbour of a stranded copy of ``x``) is spoken for: it makes a word
    with ``z``, or it is a function word (when ``function_ok``)."""
    return (function_ok and y in _FUNCTION_WORDS) or _claims(model, y, z, _pmi(model, x, y))


_SHARES: dict[tuple[int, str, bool], float] = {}


def _share(model: WordModel, word: str, *, before: bool) -> float:
    """How often ``word`` follows (``before``) or precedes a function word, per occurrence: a
    syllable that opens words (`số`, `biển`, `thuộc`) meets them often, `định`, `án` seldom."""
    key = (id(model), word, before)
    found = _SHARES.get(key)
    if found is None:
        count = model.unigram(word) or 1
        pairs = (model.bigram(f, word) if before else model.bigram(word, f) for f in _FUNCTION_WORDS)
        found = _SHARES[key] = sum(pairs) / count
    return found


def _marks_lost(model: WordModel, word: str, makes_word: Callable[[str], bool]) -> bool:
    """Whether a syllable with ``word``'s letters and other marks makes a word there."""
    from doclint.rules.context import skeleton
    return any(v != word and makes_word(v) for v in model.same_letters(skeleton(word)))


def _word_before_word(text: str, start: int, word: str) -> str:
    """The word before ``word``, which ends (across blanks) right before ``start``."""
    at = start
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    at -= len(word)
    return word_before(text, at) if word and at > 0 else ""


def _word_after_word(text: str, end: int, word: str) -> str:
    """The word after ``word``, which starts (across blanks) right after ``end``."""
    at = end
    while at < len(text) and text[at] in " \t":
        at += 1
    return word_after(text, at + len(word)) if word else ""


def _may_repeat(text: str) -> bool:
    """A cheap test on whitespace-split words before the backreference regex runs."""
    # map() with str.strip and operator.eq runs in C: no Python frame per word (str.translate
    # is slow on Unicode); a phrase of n words repeated needs w[i] == w[i + n] first.
    w = list(map(str.strip, text.lower().split(), repeat(_PUNCT)))
    if any(map(eq, w, w[1:])):
        return True
    if any(map(eq, w, w[2:])):
        pairs = list(zip(w, w[1:]))
        if any(map(eq, pairs, pairs[2:])):
            return True
    if any(map(eq, w, w[3:])):
        triples = list(zip(w, w[1:], w[2:]))
        return any(map(eq, triples, triples[3:]))
    return False


_LABEL_BEFORE = rx.compile(r"(?:^|\s)(?:[A-ZĐ]|[IVX]{1,6}|\d{1,2}(?:\.\d{1,2})*)[.)]$")


def _title_run_in(text: str, start: int) -> bool:
    """A capitalised first copy right after a section label (``A. Hồ sơ Hồ sơ đề nghị…``): a
    heading's title that the extraction ran into the paragraph restating it. (A capitalised
    copy elsewhere stays a slip: ``Nghị định Nghị định số``, ``của Bộ trưởng Bộ trưởng``.)"""
    line = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
    return _LABEL_BEFORE.search(line) is not None


_CELL_ROW = 120  # characters from which a line without sentence punctuation is a row of cells
_CLAUSE_MARK = rx.compile(r"[,.;:](?:\s|$)")
_CELL_WINDOW = 40  # characters around the repeat with no clause punctuation


def _cells_run_together(text: str, m: re.Match[str]) -> bool:
    """Whether a capitalised repeat stands in a table row that the extraction joined with
    single spaces: a long line that ends no sentence, with no clause punctuation near the
    repeat, where a column head meets the cell under it (``… đến thời điểm báo cáo Trong đó
    Trong đó Chỉ tiêu Mã số …``) or a glossary's term meets its definition (``…mpi.gov.vn Luật
    Đấu thầu Luật Đấu thầu số 43/2013/QH13 …``). A slip in a sentence has its commas and its
    full stop: ``được sửa đổi, bổ sung bởi Luật số Luật số 32/2013/QH13, Luật số…``."""
    start, end = m.start(1), m.end(2)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].rstrip()
    if len(line) < _CELL_ROW or line[-1:] in ".;:!?…":
        return False
    near = text[max(line_start, start - _CELL_WINDOW) : start] + " " + text[end : end + _CELL_WINDOW].split("\n", 1)[0]
    return _CLAUSE_MARK.search(near) is None


def _is_slip(text: str, m: re.Match[str], *, judged: bool = False) -> bool:
    """Whether the repeat matched by ``m`` reads as a slip rather than two words that happen
    to meet: table cells flattened into a line (`Đại diện      Đại diện`, `năm báo cáo Năm báo
    cáo`), syllables a PDF split (`th ế th ế`), codes (`HNX HSX HNX HSX`), a first copy that
    closes a compound (`tiếp theo theo quy định`, `Viện kiểm sát kiểm sát việc`, `bên phải
    phải đi`), a second that opens one (`phải có có thể`), a name or an agent noun followed
    by the same words as a verb (`Bộ Xây dựng xây dựng`, `bên mua bảo hiểm mua bảo hiểm`),
    and `từ từ` (slowly). The compounds of ``rules/compounds.toml`` are not asked when the word
    model has ``judged`` the pair: it found one copy's word and the other stranded."""
    first, second = m.group(1), m.group(2)
    if "\t" in text[m.end(1) : m.start(2)] or "  " in text[m.end(1) : m.start(2)]:
        return False
    if _ruled_row(text, m.start(1)):
        return False  # `| Hộ gia đình | Hộ gia đình |`: a scanned table's row, its rules read as bars
    if first[0].islower() and second[0].isupper():
        return False  # a new sentence or a new cell starts with the second copy
    if first[0].isupper() and second[0].isupper() and _title_run_in(text, m.start(1)):
        return False  # `A. Hồ sơ Hồ sơ đề nghị…`: a heading run into its paragraph
    if first[0].isupper() and second[0].isupper() and not first.isupper() and _cells_run_together(text, m):
        return False  # `… báo cáo Trong đó Trong đó Chỉ tiêu …`: a table's cells on one line
    if _capital_inside(first) and _capital_inside(second) and _cells_run_together(text, m):
        return False  # `… Nhiệm kỳ Đầu nhiệm kỳ Đầu nhiệm kỳ (Sau …`: cells that open mid-phrase
    if _columns_interleaved(text, m):
        return False  # `Giấy chứng Giấy chúng minh nhân minh nhân đân hoặc … hoặc Hộ hoặc Hộ`: two OCR columns
    before = word_before(text, m.start(1))
    if first[0].isupper() and second[0].islower() and before[:1].isupper():
        return False  # a name, then the same word as a verb: `Bộ Xây dựng xây dựng kế hoạch`
    words = first.casefold().split()
    if not all(len(word) > 1 and is_valid(word) for word in words):
        return False
    known = compounds()
    before = before.casefold()
    if not judged and before and (f"{before} {words[0]}" in known or f"{before} {' '.join(words)}" in known):
        return False
    if len(words) == 1 and f"{before} {words[0]}" in closing_compounds():
        return False  # `nơi ở hiện tại tại địa phương`: `hiện tại`, then the preposition
    if len(words) > 1 and _agent_before(text, m.start(1)):
        return False  # `bên mua bảo hiểm mua bảo hiểm`: an agent noun, then its verb
    after = word_after(text, m.end(2)).casefold()
    if _longer_alternative(words, after):
        return False  # `bản chính hoặc bản sao hoặc bản sao điện tử`: a third, longer item
    if len(words) == 1 and not judged and after and f"{words[-1]} {after}" in known:
        return False
    return not (words == ["từ"] and not (after[:1].isdigit() or after in ("ngày", "tháng", "năm")))


def _capital_inside(phrase: str) -> bool:
    """A capitalised word after the phrase's first (`nhiệm kỳ Đầu`): where the copies are
    aligned on the text, a cell's head falls inside them."""
    return any(word[:1].isupper() for word in phrase.split()[1:])


def _ruled_row(text: str, start: int) -> bool:
    """A line with two bars or more: a table as OCR reads it, cells between ``|``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return text.count("|", line_start, len(text) if line_end < 0 else line_end) >= 2


_ALTERNATIVES = frozenset(("hoặc", "hay", "và"))


def _longer_alternative(words: list[str], after: str) -> bool:
    """A list of alternatives whose next item restates the last one and goes on: ``hoặc bản
    sao`` then ``hoặc bản sao điện tử``. Only phrases of content words (``và các và các`` is a
    slip), and only when a word follows the second copy on the line."""
    return (len(words) > 1 and words[0] in _ALTERNATIVES and after.isalpha() and after.islower()
            and any(word not in _FUNCTION_WORDS for word in words[1:]))


def _agent_before(text: str, start: int) -> bool:
    """Whether the one or two words right before ``start`` open an agent noun (`người`, `bên`,
    `hội đồng`)."""
    line = text[max(0, start - 40) : start].rsplit("\n", 1)[-1]
    words = line.casefold().split()[-2:]
    heads = agent_heads()
    return bool(words) and (words[-1] in heads or " ".join(words) in heads)


_INTERLEAVE_WINDOW = 100  # characters either side of a repeat where a second one betrays interleaved columns


def _columns_interleaved(text: str, m: re.Match[str]) -> bool:
    """Whether the repeat stands in a scanned table whose two columns, holding the same words,
    OCR read word by word in turn (realdocs 0547: ``Số Giấy chứng Giấy chúng minh nhân minh nhân
    đân hoặc Thé dân hoặc Thẻ căn cước căn cude câng dân công dân hoặc Hộ hoặc Hộ``): a row of
    cells (:func:`_cells_run_together`) where another repeat stands near this one. A slip in a
    sentence stands alone, with its clause punctuation around it."""
    if not _cells_run_together(text, m):
        return False
    line_start = text.rfind("\n", 0, m.start(1)) + 1
    line_end = text.find("\n", m.end(2))
    line_end = len(text) if line_end < 0 else line_end
    start = max(line_start, m.start(1) - _INTERLEAVE_WINDOW)
    end = min(line_end, m.end(2) + _INTERLEAVE_WINDOW)
    return any(other.start(1) >= m.end(2) or other.end(2) <= m.start(1)
               for other in _REPEAT.finditer(text, start, end))


# One pass over the text: a phrase of one to three syllables, blanks (never a line break or
# punctuation), the same phrase again; IGNORECASE compares the backreference case-insensitively
# while keeping tone marks distinct.
_REPEAT = rx.compile(
    r"\b([^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2}?)[ \t]+(\1)\b", re.IGNORECASE
)


RULES = [UnfilledField, SectionDuplicate, SectionSequence, FootnoteUndefined, FootnoteUnused, DuplicatedWord]
