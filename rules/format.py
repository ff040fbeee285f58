"""Format rules (thể thức, Nghị định 30/2020/NĐ-CP): required parts, the type code, the
recipients block, the signature block and citations of other documents.

Tables (document types, abbreviations, Party codes, signing prefixes) are data in
``rules/doctypes.toml``; citations come from :mod:`doclint.citations` (shared with the dates
family).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache

from doclint import regex as rx
from doclint.citations import (
    AssemblyNumber,
    Citation,
    Reference,
    assembly_numbers,
    doctypes,
    find_citations,
    parse_reference,
)
from doclint.dates import document_date
from doclint.facts import machine_read
from doclint.model import Document, Field, Severity, Span
from doclint.rule import Diagnostic, Rule, RuleContext
from doclint.rule import Fix

_VV = rx.compile(r"^[ \t#*_]*V/v\b", re.MULTILINE)
_PREFIX = rx.compile(r"^(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s+(.+)$")
_LUU = rx.compile(r"^[-–]?\s*L[ưu]u\b\s*:?", re.IGNORECASE)  # "Luu": OCR without diacritics
# "- Lưu VT" (state form without its colon); Party documents write "- Lưu Văn phòng Tỉnh ủy."
_LUU_NO_COLON = rx.compile(r"^-\s*Lưu\b(?!\s*:)(?=\s*VT\b)", re.IGNORECASE)
_MARK = rx.compile(r"\((?:b/c|bc|để báo cáo|đ/b|để biết|t/h|để thực hiện|p/h|để phối hợp)\)", re.IGNORECASE)
_LEVELS = {"tỉnh": "tỉnh", "huyện": "huyện", "thành phố": "thành phố", "thị xã": "thị xã",
           "xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "trung ương": "trung ương",
           "chính phủ": "trung ương", "thủ tướng": "trung ương", "bộ chính trị": "trung ương",
           "ban bí thư": "trung ương"}
_LEVEL_RE = rx.compile(r"\b(" + "|".join(sorted(map(re.escape, _LEVELS), key=len, reverse=True)) + r")\b")
_PERSONAL_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "TRƯỞNG", "BỘ TRƯỞNG",
                    "THỦ TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "CỤC TRƯỞNG", "VỤ TRƯỞNG", "BÍ THƯ")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _squash(text: str) -> str:
    return " ".join(_nfc(text).replace("*", " ").split())


@cache
def _state_codes() -> dict[str, str]:
    """casefolded state type name -> abbreviation (normative types included)."""
    data = doctypes()
    table = {k.casefold(): v for k, v in data["state_types"].items()}
    table.update({k.casefold(): v for k, v in data["normative"]["type_names"].items() if v})
    return table


@cache
def _party_codes() -> dict[str, str]:
    return {k.casefold(): v for k, v in doctypes()["party_types"].items()}


@cache
def _all_state_abbrs() -> frozenset[str]:
    data = doctypes()
    return frozenset(set(data["state_types"].values()) | set(data["normative"]["always"])
                     | set(data["state_extra"]["copies"]) | {"TT", "TTLT", "NĐ"})


_NUMBER_LINE = rx.compile(r"^\s*(?:(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết|Nghị định|Lệnh)\s+số|Số)\s*:?\s*(?P<num>\d*)\s*(?P<rest>[/\-].*?)\s*$")


def _own_reference(doc: Document) -> Reference | None:
    """The document's own number line parsed with the citation grammar.  Re-derived: the core
    parser puts the year of a normative number in the code (`2021/QĐ-UBND`) and splits a
    Party number wrongly (`36-HD/VPTW` gives the code `VPTW`)."""
    line = doc.header.number_line
    if line is None or not line.value:
        return None
    match = _NUMBER_LINE.match(_nfc(line.value))
    if not match:
        return None
    return parse_reference((match.group("num") or "0") + match.group("rest").replace(" ", ""))


def _header_type_code(doc: Document) -> tuple[str | None, str]:
    """(type abbreviation, the rest of the code) of the document's own number, e.g. ("BC", "UBND")."""
    ref = _own_reference(doc)
    if ref is None or not ref.segments:
        return None, ""
    first, rest = ref.segments[0], ref.segments[1:]
    rest_code = "-".join(rest)
    party = ref.first_sep == "-"
    known = set(doctypes()["party_types"].values()) if party else (
        _all_state_abbrs() | set(doctypes()["state_extra"]["replaced"]) | set(doctypes()["state_extra"]["seen"]))
    if first in known:
        return first, rest_code
    return None, "-".join(ref.segments)


def _own_code_text(doc: Document, abbr: str, rest: str) -> str:
    ref = _own_reference(doc)
    if ref is not None and ref.first_sep == "-":
        return f"{abbr}/{rest}"
    return f"{abbr}-{rest}" if rest else abbr


@cache
def _known_type_names() -> frozenset[str]:
    data = doctypes()
    names = set(data["state_types"]) | set(data["party_types"]) | set(data["normative"]["type_names"])
    return frozenset(n.casefold() for n in names)


def _type_field(doc: Document) -> Field | None:
    """The type name line.  The core parser takes a short first line (`UBND TỈNH LẠNG SƠN`)
    for the type name; prefer a header line that really is a known type name."""
    for block in doc.blocks:
        if block.kind == "header" and _squash(block.text).casefold() in _known_type_names():
            return Field(block.span, _squash(block.text))
    header = doc.header
    anchors = [f.span.start for f in (header.number_line, header.place_date) if f]
    if header.type_name and (not anchors or header.type_name.span.start > max(anchors)):
        return header.type_name  # an unlisted type name, where a type name sits (or no way to tell)
    return None


def _has_issuer(doc: Document, type_field: Field | None) -> bool:
    """Issuer lines: upper-case header lines above the type name other than the motto
    (re-derived: the core parser may have taken the issuer for the type name)."""
    if doc.header.issuer:
        return True
    header = doc.header
    taken = {f.span for f in (header.motto, header.number_line, header.place_date, header.draft_mark) if f}
    for block in doc.blocks:
        if block.kind != "header":
            continue
        if type_field is not None and block.span.start >= type_field.span.start:
            break
        text = _squash(block.text)
        if block.span in taken or not text or text.casefold().startswith(("độc lập", "cộng hòa", "cộng hoà")):
            continue
        if text.upper() == text and any(ch.isalpha() for ch in text):
            return True
    return False


def _first_content(doc: Document) -> Span:
    for m in re.finditer(r"\S[^\n]*", doc.clean):
        return Span(m.start(), m.start() + len(m.group().rstrip()))
    return Span(0, 0)


# --------------------------------------------------------------------------- DL401
class MissingComponent(Rule):
    """Kiểm tra: văn bản thiếu thành phần thể thức bắt buộc (Quốc hiệu, tên cơ quan, số, địa danh và ngày, tên loại, nơi nhận, chữ ký).

    Vì sao: Nghị định 30/2020/NĐ-CP (Phụ lục I) quy định các thành phần chính của văn bản hành
    chính; văn bản thiếu một thành phần sẽ bị văn thư trả lại. Văn bản chuyển từ PDF hay Word
    thường mất cả bảng tiêu đề: rule báo MỘT lần cho mỗi văn bản, liệt kê các phần thiếu.
    Ở giai đoạn dự thảo là thông tin (cảnh báo nếu thiếu nơi nhận hay chữ ký); `--stage final` là lỗi.
    Sai: văn bản bắt đầu ngay bằng `THÔNG BÁO`, không có `Số:` và dòng địa danh, ngày tháng.
    Đúng: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` … `Số: 125/TB-UBND` … `TP. Lạng Sơn, ngày 05 tháng 3 năm 2025` … `THÔNG BÁO`.

    Giới hạn: văn bản đã ban hành (số và ngày đã điền) chỉ được xét với `--stage final`: phần
    thiếu ở đó là do chuyển đổi, thu thập hay Công báo (Công báo bỏ nơi nhận). Văn bản hợp nhất,
    luật (ngày thông qua thay cho địa danh, ngày) và văn bản quy phạm pháp luật (không cần nơi
    nhận) theo thể thức riêng. Công văn (ký hiệu không có tên loại, có `V/v`) không cần tên loại. Khi chỉ thiếu
    Quốc hiệu và tên cơ quan (hàng đầu của bảng tiêu đề, hay mất khi chuyển từ Word) mà vẫn có
    số và ngày, rule chỉ báo với `--stage final`. Đoạn văn không có thành phần nào (trích đoạn,
    tệp rỗng) không bị báo.

    [en]
    What it checks: a required part of the format (national motto, issuer, number, place and date, type name, recipients, signature) is absent.

    Why: Decree 30/2020/NĐ-CP (Appendix I) prescribes the parts of an administrative document;
    the records office returns a document that lacks one. Text extracted from PDF or Word often
    loses the whole header table: the rule reports ONCE per document, naming every missing part.
    Info in the draft stage (warning when recipients or signature are missing); error with `--stage final`.
    Bad: a document that starts with `THÔNG BÁO`, with no `Số:` and no place-and-date line.
    Good: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` … `Số: 125/TB-UBND` … `TP. Lạng Sơn, ngày 05 tháng 3 năm 2025` … `THÔNG BÁO`.

    Known limits: an issued document (number and day filled in) is judged only with `--stage
    final`: what is missing there was lost in conversion, crawling or the Gazette (which omits
    the recipients). Consolidated texts, laws (dated by their adoption clause) and legal normative
    documents (no recipients required) have their own format. A công văn (a code without a type, a `V/v` line) needs no type name. When only
    the motto and the issuer are absent (the first row of the header table, often lost when
    converting from Word) while number and date are there, the rule reports only with `--stage final`.
    A text with none of the parts (an excerpt, an empty file) is not reported.
    """

    name = "missing-component"
    code = "DL401"
    severity = Severity.INFO
    final_severity = Severity.ERROR
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        missing_vi, missing_en, body_part = _missing_parts(doc)
        if not missing_vi:
            return
        if len(missing_vi) == len(_PARTS):
            return  # nothing of a document at all: a fragment or an empty file, not a faulty document
        if not ctx.final and _absent(doc) == ["motto", "issuer"]:
            return  # only the header table's first row: lost in conversion; reported at --stage final
        if not ctx.final and _issued(doc):
            return  # number and day filled in: an issued document, its missing parts lost in extraction
        severity = None
        header = doc.header
        if not ctx.final and body_part and header.number_line is not None and header.place_date is not None:
            severity = Severity.WARNING  # a whole draft whose closing is really absent
        yield ctx.report(_first_content(doc), "missing", severity=severity,
                         parts=", ".join(missing_vi) if ctx.settings.lang != "en" else ", ".join(missing_en))


def _issued(doc: Document) -> bool:
    """The records office fills the number and the day when it issues a document (the drafter
    leaves them blank); a text with both filled is a copy of an issued document, reviewed before
    issue, whose missing parts were lost in conversion, crawling or the Gazette's layout."""
    header = doc.header
    if not (header.number and header.number.value):
        return False
    if header.day is not None and any(ch.isalnum() for ch in doc.slice(header.day.span)):
        return True  # "A3": an OCR'd day is filled too
    if header.place_date is not None and _DAY_SLOT_FILLED.search(_nfc(header.place_date.value or "")):
        return True  # a stamped or handwritten day the reader could not parse ("ngày /19", "ngày ÄJÊ`")
    return bool(_E_SIGNED.search(doc.clean))  # the day is in the digital signature, not in the text


# The day between "ngày" and "tháng" holds a letter or digit: a draft leaves blanks, dots or "…"
_DAY_SLOT_FILLED = rx.compile(r"(?<![^\W\d_])ngày(?:[^\w\n]|_)*(?!tháng)[^\W_]", re.IGNORECASE)
# What a digital signature leaves in the text of a signed PDF: "Ký bởi: …", "Ngày ký: …", its
# time stamp "08:44:39 +07:00" (a draft is not signed yet)
_E_SIGNED = rx.compile(r"(?<![^\W\d_])(?:Ký bởi|Ngày ký|Người ký)[ \t]*:|\d{2}:\d{2}(?::\d{2})?[ \t]*\+07:?00\b")


_PARTS = {
    "motto": ("Quốc hiệu và Tiêu ngữ", "national motto"),
    "issuer": ("tên cơ quan ban hành", "issuing body"),
    "number": ("số, ký hiệu", "number and code"),
    "place_date": ("địa danh và ngày tháng", "place and date"),
    "type_name": ("tên loại văn bản", "type name"),
    "recipients": ("nơi nhận", "recipients"),
    "signature": ("chức vụ và họ tên người ký", "signer's position and name"),
}


def _missing_parts(doc: Document) -> tuple[list[str], list[str], bool]:
    absent = _absent(doc)
    body_part = "recipients" in absent or "signature" in absent
    return [_PARTS[a][0] for a in absent], [_PARTS[a][1] for a in absent], body_part


def _scope(doc: Document, type_field: Field | None) -> str:
    """Which parts the document's own rules require: "consolidated" (a văn bản hợp nhất, whose
    format the consolidation ordinance sets: no number, no date, no recipients), "law" (Luật,
    Pháp lệnh: dated by the adoption clause, no recipients), "normative" (a legal normative
    document, published in the Gazette without its recipients) or "administrative" (NĐ 30)."""
    if doc.consolidated:
        return "consolidated"
    name = _squash(type_field.value or "").casefold() if type_field is not None else ""
    ref = _own_reference(doc)
    number_line = _squash(doc.header.number_line.value or "") if doc.header.number_line else ""
    if name.startswith(("luật", "bộ luật", "pháp lệnh")) or number_line.startswith(("Luật", "Bộ luật", "Pháp lệnh")) \
            or (ref is not None and ref.segments[-1:] and ref.segments[-1].startswith("QH")):
        return "law"
    if (ref is not None and ref.year is not None) or name in ("nghị định", "thông tư", "thông tư liên tịch"):
        return "normative"
    return "administrative"


def _absent(doc: Document) -> list[str]:
    header = doc.header
    type_field = _type_field(doc)
    scope = _scope(doc, type_field)
    if scope == "consolidated" or machine_read(doc):  # parts the machine lost or cut apart
        return []
    cong_van = type_field is None and (bool(_VV.search(doc.clean[: 3000])) or
                                       (header.code is not None and _header_type_code(doc)[0] is None))
    absent = []
    if header.motto is None:
        absent.append("motto")
    if not _has_issuer(doc, type_field):
        absent.append("issuer")
    if header.number_line is None and scope != "law":
        absent.append("number")
    if header.place_date is None and scope != "law":
        absent.append("place_date")
    if type_field is None and not cong_van:
        absent.append("type_name")
    if doc.recipients_title is None and not doc.recipients and scope == "administrative":
        absent.append("recipients")
    if doc.signature is None and not (scope == "law" and not _issued(doc)):
        absent.append("signature")  # a draft law is signed only once adopted
    return absent


# --------------------------------------------------------------------------- DL402
class DocTypeMismatch(Rule):
    """Kiểm tra: tên loại văn bản (`BÁO CÁO`) khớp với chữ viết tắt trong ký hiệu (`Số: 1076/BC-UBND`); công văn không mang tên loại.

    Vì sao: theo Phụ lục III Nghị định 30/2020/NĐ-CP, ký hiệu gồm chữ viết tắt tên loại và tên cơ
    quan; `Số: 1076/TB-UBND` trên một `BÁO CÁO` là văn bản được lấy số ở sổ khác. Công văn không
    có tên loại nên ký hiệu chỉ gồm cơ quan và đơn vị soạn thảo (`1431/UBND-VP`).
    Sai: `Số: 1076/TB-UBND` … `BÁO CÁO`
    Đúng: `Số: 1076/BC-UBND` … `BÁO CÁO`

    Giới hạn: tên loại không có trong bảng (ví dụ tên ghép lạ) thì im lặng.

    [en]
    What it checks: the type name (`BÁO CÁO`) agrees with the type abbreviation in the code (`Số: 1076/BC-UBND`); a công văn carries no type code.

    Why: under Appendix III of Decree 30/2020 the code is the type abbreviation plus the issuer;
    `Số: 1076/TB-UBND` above a `BÁO CÁO` took its number from the wrong register. A công văn has
    no type, so its code is issuer and drafting unit only (`1431/UBND-VP`).
    Bad: `Số: 1076/TB-UBND` … `BÁO CÁO`
    Good: `Số: 1076/BC-UBND` … `BÁO CÁO`

    Known limits: silent when the type name is not in the table.
    """

    name = "doc-type-mismatch"
    code = "DL402"
    severity = Severity.ERROR
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        header = doc.header
        ref = _own_reference(doc)
        if ref is None or header.number_line is None:
            return
        party = ref.first_sep == "-"
        abbr, rest = _header_type_code(doc)
        code = "".join(s + g for s, g in zip(("",) + ref.separators, ref.segments))
        span = header.code.span if header.code is not None and header.code.value == code else header.number_line.span
        type_field = _type_field(doc)
        if type_field is not None and type_field.value:
            type_name = _squash(type_field.value)
            table = _party_codes() if party else _state_codes()
            expected = table.get(type_name.casefold())
            if expected is None or abbr == expected or (party and expected == "QĐi" and abbr == "QĐ"):
                return
            if ref.segments and ref.segments[0].replace("Đ", "D") == expected.replace("Đ", "D"):
                return  # "CD-TTg" under "CÔNG ĐIỆN": the stroke of Đ lost (OCR), not another register
            fixed = _own_code_text(doc, expected, rest)
            if span == header.number_line.span:  # the suggestion replaces the whole line
                line = header.number_line.value or ""
                fixed = line.replace(code, fixed, 1) if code in line else None
            yield ctx.report(span, "type", code=code, type=type_name, expected=expected, suggestion=fixed)
        elif abbr is not None and not party and _VV.search(doc.clean[: 3000]):
            yield ctx.report(span, "cong-van", code=code, abbr=abbr, suggestion=rest or None)


# --------------------------------------------------------------------------- DL403
class RecipientsFormat(Rule):
    """Kiểm tra: khối `Nơi nhận:`: mỗi dòng bắt đầu bằng `-` và kết thúc bằng `;`, dòng cuối là `- Lưu: VT, …` kết thúc bằng `.`, không nơi nhận nào lặp lại.

    Vì sao: Phụ lục I Nghị định 30/2020/NĐ-CP quy định cách trình bày nơi nhận; dòng `Lưu` là
    căn cứ để văn thư lưu bản gốc. Một nơi nhận ghi hai lần làm gửi trùng văn bản.
    Các cách ghi `(b/c)`, `(B/c)`, `(BC)` đều đang dùng, rule không bắt lỗi chúng.
    Sai: `- UBND tỉnh (b/c)` (thiếu `;`) … `- Lưu: VT;`
    Đúng: `- UBND tỉnh (b/c);` … `- Lưu: VT, VP.`

    Giới hạn: dòng không có `-` ngay sau một dòng chưa kết thúc được coi là dòng bị ngắt (PDF), không báo.

    [en]
    What it checks: the `Nơi nhận:` block: each line starts with `-` and ends with `;`, the last line is `- Lưu: VT, …` ending with `.`, no recipient twice.

    Why: Appendix I of Decree 30/2020 prescribes the recipients block; the `Lưu` line is how the
    records office files the original. A recipient listed twice receives the document twice.
    `(b/c)`, `(B/c)` and `(BC)` are all in use and are not reported.
    Bad: `- UBND tỉnh (b/c)` (no `;`) … `- Lưu: VT;`
    Good: `- UBND tỉnh (b/c);` … `- Lưu: VT, VP.`

    Known limits: a line without `-` right after an unfinished line is taken as a wrapped line (PDF) and not reported.
    """

    name = "recipients-format"
    code = "DL403"
    severity = Severity.WARNING
    family = "format"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        lines = [(f, _squash(doc.slice(f.span))) for f in doc.recipients]
        if any(_FILL_LINE.match(t) for _, t in lines) or (lines and any(map(_FILL_LINE.match, _next_lines(doc, lines[-1][0].span)))):
            return  # "- Như trên;" then a line of dots to fill in: a form's blank list (realdocs 0111)
        # "(Niêm yết tại trụ sở UBND huyện)": a note under a recipient, not a recipient
        lines = [(f, t) for f, t in lines if t and not _debris(t) and not t.startswith("(")]
        if not lines or any(_PLACEHOLDER.search(t) for _, t in lines):
            return  # a form's blank recipients (``- ….(9)……``, ``[ghi tên …]``) is not a real list
        if any(_NOISE.search(doc.slice(f.span)) for f in doc.recipients):
            return  # a scanned block (stamp and signature debris): its punctuation cannot be trusted
        entries = _join_wrapped(lines)
        *others, (last_field, last_text) = entries
        party = doc.header.convention == "party"
        commas = [f for f, t in others if _ending(t) == ","]
        if others and not party and len(commas) >= 2 and len(commas) >= 0.6 * len(others):
            # the whole list written the Party way (Hướng dẫn 36): one finding for the block
            span = doc.recipients_title.span if doc.recipients_title is not None else commas[0].span
            yield ctx.report(span, "comma-block", count=len(commas))
            party = True
        for field, text in others:
            yield from self._line(ctx, field, text, last=False, party=party)
        yield from self._line(ctx, last_field, last_text, last=True, party=party)
        yield from self._duplicates(ctx, entries)

    def _line(self, ctx: RuleContext, field: Field, text: str, last: bool, party: bool = False) -> Iterator[Diagnostic]:
        if _LUU.match(text) and not last:
            yield ctx.report(field.span, "luu-not-last", line=text)
            return
        if last and (bare := _LUU_NO_COLON.match(text)):
            yield ctx.report(field.span, "luu-colon", line=text, suggestion="- Lưu: " + text[bare.end():].lstrip())
        if not text.startswith(("-", "–", "+", "•")):
            yield ctx.report(field.span, "dash", line=text, suggestion="- " + text)
        elif not text.startswith("-"):
            yield ctx.report(field.span, "dash", line=text, suggestion="- " + text[1:].lstrip())
        ending = _ending(text)
        if last:
            if not _LUU.match(text):
                if not _luu_follows(ctx, field.span):
                    yield ctx.report(field.span, "luu-missing", line=text)
            elif ending != ".":
                yield ctx.report(field.span, "last-end", line=text, suggestion=text.rstrip(";,: ") + ".",
                                 fix=_end_fix(ctx, field.span, ";,: ", "."))
        elif ending not in (";", ":") and not (party and ending == ","):
            # ":" ends a line that opens a sub-list, and is how OCR reads a ";"
            yield ctx.report(field.span, "end", line=text, suggestion=text.rstrip(".,: ") + ";",
                             fix=_end_fix(ctx, field.span, ".,: ", ";"))

    def _duplicates(self, ctx: RuleContext, entries: list[tuple[Field, str]]) -> Iterator[Diagnostic]:
        seen: dict[str, str] = {}
        for field, text in entries:
            key = _recipient_key(text)
            if not key:
                continue
            if key in seen:
                yield ctx.report(field.span, "duplicate", line=text, first=seen[key])
            else:
                seen[key] = text


_PLACEHOLDER = rx.compile(r"^[-–]?\s*L[ưu]u\s*:?\s*$|…\.|\.…|…{2,}|\.{3,}|_{2,}|[,:]\s*…|^\[[^\]]*\]$|<[^>]+>")
_WORD = rx.compile(r"[^\W\d_]{2,}")
_SIGNING_TITLE = rx.compile(r"CHỦ TỊCH|CHU TỊCH|TRƯỞNG|GIÁM ĐỐC|GIÁM ĐÓC|THỦ TƯỚNG|BÍ THƯ|CHÁNH")
# what OCR leaves in a recipients column: symbols no recipient line holds, a word run into the
# signature column after the ";" (``- Như trên; R ạm N``)
_NOISE = rx.compile(r"[°ƒ¡œø€|`~⁄„»«¬®©¢$#@<>=\\]|;(?!\s*\()\s*[^;]*[^\s;.,:)]$")


def _luu_follows(ctx: RuleContext, span: Span) -> bool:
    """A ``Lưu: …`` line within the next ten lines: the block was cut short at a wrapped line
    without its dash (``- VPCP: BTCN, các PCN, Trợ lý TTg;`` / ``các Vụ: PL, NC, TH;`` /
    ``- Lưu: VT, KSTT(02).``), or by a scanner's debris (``xÀ ~ : CC`` … ``~ Lưu HS, VT.``):
    the filing line is there."""
    doc = ctx.document
    return doc is not None and any(_FILING.match(line) for line in _next_lines(doc, span, 10))


# a filing line as a cut block shows it: its dash, a scanner's ``~`` for it, or none
_FILING = rx.compile(r"^[-–~ˆ`'.•+\s]*L[ưu]u\b(?!\s+ý)\s*:?", re.IGNORECASE)


def _next_lines(doc: Document, span: Span, count: int = 2) -> list[str]:
    """The next ``count`` non-blank lines after ``span``'s line, squashed."""
    lines = max(5, 3 * count)  # blank lines and debris between them
    following = doc.clean[span.end : span.end + 120 * lines].split("\n")[1 : lines + 1]
    return [line for line in map(_squash, following) if line][:count]


# a line left to fill in: dots, ellipses or underscores and nothing else
_FILL_LINE = rx.compile(r"^[-–+\s]*(?:[.…_][ \t]*){3,}[;,]?$")


def _debris(text: str) -> bool:
    """What a scanner or a flattened table leaves in the recipients column: ``»``, ``3``, a stray
    piece of the signature column (``tÍ . CHỦ TỊCH``)."""
    words = _WORD.findall(text)
    if not words or (len(words) == 1 and not text.endswith((";", ".", ",")) and not _LUU.match(text)):
        return True  # "Long;" is the end of a wrapped recipient, "3" and "»" are not
    return not text.startswith(("-", "–", "+", "•")) and bool(_SIGNING_TITLE.search(text.upper())) \
        and sum(w.isupper() for w in words) * 2 > len(words)


def _ending(text: str) -> str:
    """The mark that ends a recipient line.  A line with a ``;`` inside has its end: what follows
    is a note (``; (công khai)``) or another column's text glued on by the conversion; so has a
    ``Lưu`` line with a ``.`` after its codes."""
    text = text.rstrip()
    if not text:
        return ""
    if _LUU.match(text) and "." in text[4:]:
        return "."
    if ";" in text[1:]:
        return ";"
    return text[-1]


def _end_fix(ctx: RuleContext, span: Span, strip: str, mark: str) -> Fix | None:
    """The line's final punctuation (``strip``) replaced by ``mark``; only on a single
    ``- …`` line that does not end with ``:`` (sub-items follow) and holds no other ``;``
    (a PDF that merged the recipients column with the signature column)."""
    doc = ctx.document
    if doc is None:
        return None
    body = doc.clean[span.start:span.end].rstrip()
    kept = body.rstrip(strip)
    if not body.lstrip().startswith("-") or body.endswith(":") or ";" in kept or "\n" in doc.text[span.start:span.end].strip():
        return None
    return Fix.replace(Span(span.start + len(kept), span.start + len(body)), mark)


def _join_wrapped(lines: list[tuple[Field, str]]) -> list[tuple[Field, str]]:
    out: list[tuple[Field, str]] = []
    for field, text in lines:
        if out and not text.startswith(("-", "–", "+", "•")) and not out[-1][1].endswith((";", ".")):
            prev_field, prev_text = out[-1]
            out[-1] = (Field(Span(prev_field.span.start, field.span.end), prev_field.value), prev_text + " " + text)
        else:
            out.append((field, text))
    return out


def _recipient_key(text: str) -> str:
    body = text.lstrip("-–+• ").rstrip(";. ")
    if _LUU.match(body):
        return ""
    body = _MARK.sub("", body)
    return " ".join(body.casefold().split())


# --------------------------------------------------------------------------- DL404
class SignatureAuthority(Rule):
    """Kiểm tra: quyền hạn ký khớp với các dòng chức vụ: `KT. X` rồi đến cấp phó của X, `TM.` trước tên tập thể, `TL.`/`TUQ.` trước chức danh người đứng đầu; có họ tên người ký.

    Vì sao: Phụ lục I Nghị định 30/2020/NĐ-CP: `TM.` (thay mặt tập thể), `KT.` (cấp phó ký thay
    cấp trưởng), `TL.` (thừa lệnh người đứng đầu), `TUQ.` (thừa ủy quyền). Sai quyền hạn ký là
    sai thẩm quyền ban hành.
    Sai: `KT. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`; `TM. CHỦ TỊCH`; `TL. ỦY BAN NHÂN DÂN`
    Đúng: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`; `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`; `TL. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`

    Giới hạn: khối chữ ký chỉ có `CHỦ TỊCH` (không có `TM.`) trên văn bản ký hiệu `…-UBND` chỉ được
    báo ở mức thông tin: Chủ tịch có thể ký văn bản thuộc thẩm quyền riêng.

    [en]
    What it checks: the signing prefix agrees with the lines under it: `KT. X` is followed by a deputy of X, `TM.` names a collective body, `TL.`/`TUQ.` name the head; the signer's name is present.

    Why: Appendix I of Decree 30/2020: `TM.` (on behalf of a collective), `KT.` (a deputy signs
    for the head), `TL.` (by order of the head), `TUQ.` (under authorisation). A wrong prefix is
    a wrong signing authority.
    Bad: `KT. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`; `TM. CHỦ TỊCH`; `TL. ỦY BAN NHÂN DÂN`
    Good: `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`; `TM. ỦY BAN NHÂN DÂN` / `CHỦ TỊCH`; `TL. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`

    Known limits: a block with only `CHỦ TỊCH` (no `TM.`) on a `…-UBND` document is reported as
    info only: a chairman may sign documents within his own competence.
    """

    name = "signature-authority"
    code = "DL404"
    severity = Severity.WARNING
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        signature = doc.signature
        if signature is None:
            return
        lines = [(f, _squash(doc.slice(f.span)).upper()) for f in signature.lines]
        lines = [(f, t) for f, t in lines if t]
        if not lines:
            return
        for index, (field, text) in enumerate(lines):
            match = _PREFIX.match(text)
            if not match:
                continue
            prefix = doctypes()["signing"]["party_prefixes"].get(match.group(1), match.group(1) + ".")
            subject = match.group(2).strip()
            below = lines[index + 1][1] if index + 1 < len(lines) else None
            yield from self._prefix(ctx, field, prefix, subject, below)
        yield from self._no_prefix(doc, ctx, lines)
        if (signature.name is None or not (signature.name.value or "").strip()) and _name_expected(doc, lines) \
                and (ctx.final or _known_draft(doc)) and not machine_read(doc):  # a scan's name under a stamp
            yield ctx.report(lines[-1][0].span, "no-name")

    def _prefix(self, ctx: RuleContext, field: Field, prefix: str, subject: str,
                below: str | None) -> Iterator[Diagnostic]:
        if prefix == "KT.":
            # only a head's own title below is wrong; anything else (a deputy, a member, OCR debris) is not judged
            if below is not None and not _PREFIX.match(below) and not _is_deputy(below) \
                    and (below == subject or _is_personal_title(below)):
                yield ctx.report(field.span, "kt-deputy", subject=subject, below=below, expected=_deputy_of(subject))
        elif prefix == "TM.":
            if _is_personal_title(subject):
                yield ctx.report(field.span, "tm-collective", subject=subject)
            elif below is not None and below.startswith("PHÓ"):
                head = below.removeprefix("PHÓ").strip()
                yield ctx.report(field.span, "tm-deputy", subject=subject, below=below, head=head)
        elif prefix in ("TL.", "TUQ."):
            if _is_collective(subject):
                yield ctx.report(field.span, "tl-head", prefix=prefix, subject=subject)
            elif below is not None and below == "PHÓ " + subject:
                yield ctx.report(field.span, "tl-deputy", prefix=prefix, subject=subject, below=below)
            elif below is not None and below.startswith("PHÓ "):
                head = below.removeprefix("PHÓ ").strip()
                yield ctx.report(field.span, "tl-deputy-kt", prefix=prefix, subject=subject, below=below, head=head)

    def _no_prefix(self, doc: Document, ctx: RuleContext, lines: list[tuple[Field, str]]) -> Iterator[Diagnostic]:
        field, first = lines[0]
        if _PREFIX.match(first) or len(lines) != 1 or first != "CHỦ TỊCH":
            return
        _, issuer = _header_type_code(doc)
        body = issuer.split("-")[0] if issuer else ""
        if body in ("UBND", "HĐND"):
            name = "ỦY BAN NHÂN DÂN" if body == "UBND" else "HỘI ĐỒNG NHÂN DÂN"
            yield ctx.report(field.span, "chairman-alone", severity=Severity.INFO, body=body, collective=name,
                             suggestion=f"TM. {name}\n{first}")


def _name_expected(doc: Document, lines: list[tuple[Field, str]]) -> bool:
    """A form's blank signature (``(Ký, ghi rõ họ tên)``, ``GIÁM ĐỐC …``) and a draft (the
    signer not yet known) have no name to check."""
    signature = doc.signature
    if signature is None or signature.template or doc.header.draft_mark is not None:
        return False
    return not any("…" in text or "..." in text for _, text in lines)


def _known_draft(doc: Document) -> bool:
    """A draft whose header was read (number line and date line found, not yet filled in): its
    parts can be judged.  An issued copy lost its name in extraction (OCR under the stamp); a
    text whose header was not read at all is an extract of unknown state."""
    header = doc.header
    return header.number_line is not None and header.place_date is not None and not _issued(doc)


def _is_deputy(title: str) -> bool:
    """``PHÓ CHỦ TỊCH``, ``THỨ TRƯỞNG`` (a minister's deputy), ``PHÓ THỦ TƯỚNG``."""
    return title.startswith(tuple(w + " " for w in doctypes()["signing"]["deputy_words"]))


def _deputy_of(head: str) -> str:
    return doctypes()["signing"]["deputies"].get(head, "PHÓ " + head)


def _is_personal_title(subject: str) -> bool:
    return any(subject == t or subject.startswith(t + " ") for t in _PERSONAL_TITLES) and not _is_collective(subject)


def _is_collective(subject: str) -> bool:
    bodies = [_nfc(b) for b in doctypes()["signing"]["collective_bodies"]]
    return any(subject == b or subject.startswith(b + " ") for b in bodies)


# --------------------------------------------------------------------------- DL405
class ReferenceFormat(Rule):
    """Kiểm tra: số, ký hiệu của văn bản được viện dẫn viết sai dạng (`06/QĐ TTg`), Nghị định/Thông tư thiếu năm, ký hiệu kiểu Đảng trên văn bản nhà nước hoặc ngược lại, chữ viết tắt cũ.

    Vì sao: ký hiệu văn bản nhà nước là `số/LOẠI-CƠQUAN` (văn bản QPPL: `số/năm/LOẠI-CƠQUAN`),
    văn bản của Đảng là `số-LOẠI/CƠQUAN` (Hướng dẫn 36-HD/VPTW). Ký hiệu sai dạng không tra cứu được.
    Sai: `Quyết định 06/QĐ TTg`; `Nghị định số 108/NĐ-CP`; `Nghị quyết số 40/NQ-TU`
    Đúng: `Quyết định số 06/QĐ-TTg`; `Nghị định số 108/2020/NĐ-CP`; `Nghị quyết số 40-NQ/TU`

    Giới hạn: chỉ xét các ký hiệu nhận ra được; cơ quan ban hành lạ không bị báo.

    [en]
    What it checks: a malformed citation code (`06/QĐ TTg`), a Nghị định or Thông tư without its year, a Party-style code on a state document or the reverse, a replaced abbreviation.

    Why: a state code is `number/TYPE-ISSUER` (normative: `number/year/TYPE-ISSUER`), a Party code
    is `number-TYPE/ISSUER` (Guideline 36-HD/VPTW). A malformed code cannot be looked up.
    Bad: `Quyết định 06/QĐ TTg`; `Nghị định số 108/NĐ-CP`; `Nghị quyết số 40/NQ-TU`
    Good: `Quyết định số 06/QĐ-TTg`; `Nghị định số 108/2020/NĐ-CP`; `Nghị quyết số 40-NQ/TU`

    Known limits: only codes it recognises; unknown issuers are never reported.
    """

    name = "reference-format"
    code = "DL405"
    severity = Severity.WARNING
    family = "format"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for citation in find_citations(doc):
            yield from _reference_format(ctx, citation)


def _reference_format(ctx: RuleContext, c: Citation) -> Iterator[Diagnostic]:
    span = c.ref_span or c.span
    bad = [s for s in c.separators if s not in ("/", "-")]
    if bad:
        yield ctx.report(span, "separator", ref=c.ref, expected=_standard(c), suggestion=_standard(c),
                         fix=_separator_fix(c))
        return
    data = doctypes()
    last_issuer = c.issuer_code.split("-")[-1].split("/")[-1] if c.issuer_code else ""
    party_only = set(data["party_issuers"]["known"]) - set(data["state_issuers"]["known"])
    normative = c.type_name in ("Nghị định", "Thông tư") or (c.type_name is None and c.type_code in data["normative"]["always"])
    # "Nghị định 12/CP" (no type code), "Thông tư 55/TT" (no issuer), "15/VBHN-NHNN": other forms
    modern_form = c.type_code is not None and "-" in c.code and c.type_code not in data["citation_eras"]["any_type"]
    if not c.party and c.year is None and normative and modern_form and not _old_citation(c) \
            and last_issuer not in party_only:
        yield ctx.report(span, "no-year", ref=c.ref, type=c.type_name or c.type_code)
        return
    state_only = {"UBND", "HĐND", "CP", "TTg", "QH", "BNV"}
    if not c.party and c.type_code and last_issuer in party_only and c.year is None:
        fixed = f"{c.number}-{c.type_code}/{c.issuer_code}"
        yield ctx.report(span, "party-as-state", ref=c.ref, expected=fixed, suggestion=fixed)
    elif c.party and last_issuer in state_only:
        fixed = f"{c.number}/{c.type_code}-{c.issuer_code}"
        yield ctx.report(span, "state-as-party", ref=c.ref, expected=fixed, suggestion=fixed)
    elif not c.party and c.type_code in data["state_extra"]["replaced"]:
        new = data["state_extra"]["replaced"][c.type_code]
        yield ctx.report(span, "replaced", ref=c.ref, old=c.type_code, new=new,
                         suggestion=c.ref.replace(c.type_code, new, 1))
    elif c.type_name and c.type_code and not _known_code(c) and _expected_code(c) is None:
        # with a listed type name, reference-type-mismatch reports it with the expected code
        yield ctx.report(span, "unknown", ref=c.ref, code=c.type_code)


def _fold(code: str) -> str:
    """``QĐ`` and ``QDD`` compared as typed without the stroke: a slip, not another code."""
    return code.replace("Đ", "D").replace("đ", "d").upper()


def _old_citation(c: Citation) -> bool:
    """A citation written by the rules of its time, before numbers carried their year and the
    type-issuer order was fixed: dated before ``modern_from``, written ``87-CP`` / ``01-TT``
    (number, dash, code), or issued by a body that no longer exists (``LB``, ``HĐBT``, ``TCCP``)."""
    eras = doctypes()["citation_eras"]
    if c.date is not None:
        return c.date.year < eras["modern_from"]
    segments = set(re.split(r"[/\-–— ]+", c.code))
    return (c.separators[:1] == ("-",) and not c.party) or bool(segments & set(eras["old_issuers"]))


def _expected_code(c: Citation) -> str | None:
    key = (c.type_name or "").casefold()
    return (_party_codes() if c.party else _state_codes()).get(key)


def _known_code(c: Citation) -> bool:
    data = doctypes()
    if c.party:
        return c.type_code in set(data["party_types"].values()) | {"QĐ"}
    return (c.type_code in _all_state_abbrs() or c.type_code in data["state_extra"]["seen"]
            or c.type_code in data["state_issuers"]["known"])  # an issuer first: công văn form


def _separator_fix(c: Citation) -> Fix | None:
    """The code rewritten with standard separators, when nothing but separators changes."""
    fixed = _standard(c)
    parts = r"[/\-–— ]+"
    if c.ref_span is None or re.split(parts, c.ref) != re.split(parts, fixed):
        return None
    return Fix.replace(c.ref_span, fixed)


def _standard(c: Citation) -> str:
    segments = re.split(r"[/\-–— ]+", c.code)
    if c.party:
        return f"{c.number}-{segments[0]}/{'-'.join(segments[1:])}"
    year = f"{c.year}/" if c.year else ""
    return f"{c.number}/{year}{'-'.join(segments)}"


# --------------------------------------------------------------------------- DL406
class ReferenceTypeMismatch(Rule):
    """Kiểm tra: tên loại văn bản được viện dẫn khớp với chữ viết tắt trong ký hiệu (`Kế hoạch số 154/KH-UBND`).

    Vì sao: `Kế hoạch số 154/QĐ-UBND` trỏ tới một quyết định, không phải kế hoạch: người đọc tra
    cứu sẽ không tìm thấy văn bản. Bảng chữ viết tắt theo Phụ lục III Nghị định 30/2020/NĐ-CP
    (văn bản nhà nước) và Hướng dẫn 36-HD/VPTW (văn bản của Đảng).
    Sai: `Kế hoạch số 154/QĐ-UBND`; `Quy định số 12/QĐ-UBND`
    Đúng: `Kế hoạch số 154/KH-UBND`; `Quy định số 12/QyĐ-UBND`

    Giới hạn: tên loại không có trong bảng, `Văn bản số …`, và `QĐ` cho Quy định của Đảng (dùng trước 2018) không bị báo.

    [en]
    What it checks: the cited type name agrees with the type abbreviation in its code (`Kế hoạch số 154/KH-UBND`).

    Why: `Kế hoạch số 154/QĐ-UBND` points to a decision, not a plan: the reader looking it up
    will not find it. Abbreviations: Decree 30/2020 Appendix III (state), Guideline 36-HD/VPTW (Party).
    Bad: `Kế hoạch số 154/QĐ-UBND`; `Quy định số 12/QĐ-UBND`
    Good: `Kế hoạch số 154/KH-UBND`; `Quy định số 12/QyĐ-UBND`

    Known limits: type names outside the tables, `Văn bản số …`, and a Party Quy định coded `QĐ` (the pre-2018 form) are not reported.
    """

    name = "reference-type-mismatch"
    code = "DL406"
    severity = Severity.WARNING
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for c in find_citations(doc):
            if c.type_name is None or c.type_name == "Văn bản":
                continue
            if any(s not in ("/", "-") for s in c.separators) or c.type_code in doctypes()["state_extra"]["replaced"]:
                continue  # reference-format reports these
            yield from _type_mismatch(ctx, c)


def _type_mismatch(ctx: RuleContext, c: Citation) -> Iterator[Diagnostic]:
    key = c.type_name.casefold()  # type: ignore[union-attr]
    span = c.ref_span or c.span
    if _old_citation(c) or c.type_code in doctypes()["citation_eras"]["any_type"] \
            or c.type_code in doctypes()["citation_eras"]["also"].get(c.type_name, []):
        return  # old codes followed older rules; a consolidated text (VBHN) keeps its type name
    if c.type_name == "Công văn":
        first = c.issuer_code.split("-")[0]
        # TTr is both Tờ trình and Thanh tra (an issuer): stay silent on codes that can be either
        if not c.party and c.type_code is None and first in _all_state_abbrs() and "-" in c.issuer_code \
                and first not in doctypes()["state_issuers"]["known"]:  # "37/CT": CT may be an issuer (Cục Thuế)
            yield ctx.report(span, "cong-van", ref=c.ref, abbr=first)
        return
    if c.party:
        expected = _party_codes().get(key)
        if expected is None or c.type_code == expected or (expected == "QĐi" and c.type_code == "QĐ"):
            return
    else:
        expected = _state_codes().get(key)
        if expected is None or c.type_code == expected:
            return
        if c.type_code in doctypes()["citation_eras"]["also"].get(c.type_name, []):
            return  # "Thông tư số 23/2005/TTLT-…": a joint circular called a circular
        if c.date is None and (c.type_code is None or (c.type_code not in _all_state_abbrs()
                                                       and not _fold(c.type_code).startswith(_fold(expected)))):
            return  # "Quyết định 202/TCCP-VC", "báo cáo 105/LĐVL": an issuer-first code of unknown age
    written = c.type_written or c.type_name
    yield ctx.report(span, "mismatch", type=written, ref=c.ref, code=c.type_code or "", expected=expected,
                     suggestion=_mismatch_fix(ctx, c, expected))


def _mismatch_fix(ctx: RuleContext, c: Citation, expected: str) -> str | None:
    """The reference with its type code put right, when the code is the slip. A code that is
    another type's own (``Thông tư 06/2024/NĐ-CP``) may be right under the wrong name: it is
    put right only when the document cites the reference so elsewhere."""
    code = c.type_code
    if not code:
        return None
    if c.party and c.issuer_code == expected and f"{code}/{expected}" in c.ref:  # "68-TW/NQ": swapped
        return c.ref.replace(f"{code}/{expected}", f"{expected}/{code}", 1)
    if code in _all_state_abbrs() or code in _party_codes().values():
        fixed = c.ref.replace(code, _code_fixed(code, expected), 1)
        doc = ctx.document
        return fixed if doc is not None and any(other.ref == fixed for other in find_citations(doc)) else None
    if len(code) > 3 and not _fold(code).startswith(_fold(expected)):
        # "09/2017/BLĐTBXH": an issuer alone, the type left out; "1886/VPCP-TH": unsure
        return None if c.issuer_code else c.ref.replace(code, f"{expected}-{code}", 1)
    return c.ref.replace(code, _code_fixed(code, expected), 1)


def _code_fixed(code: str, expected: str) -> str:
    """The code with the right type: ``QĐTTg`` and ``NĐCP`` lost their hyphen (``QĐ-TTg``,
    ``NĐ-CP``): keep the issuer glued after the type instead of dropping it."""
    rest = code[len(expected):]
    if len(rest) >= 2 and _fold(code).startswith(_fold(expected)) and rest[:1].isupper():  # not "QDD" (Telex Đ)
        return f"{expected}-{rest}"
    return expected


# --------------------------------------------------------------------------- DL407
class ReferenceConflict(Rule):
    """Kiểm tra: cùng một văn bản được viện dẫn hai lần trong văn bản với ngày hoặc cơ quan ban hành khác nhau.

    Vì sao: một văn bản chỉ có một ngày ban hành; hai ngày khác nhau cho cùng số, ký hiệu là
    một chỗ gõ sai và người đọc không biết tin chỗ nào.
    Sai: `Kế hoạch số 18/KH-UBND ngày 15/01/2024` … `Kế hoạch số 18/KH-UBND ngày 25/01/2024`
    Đúng: cùng một ngày ở cả hai chỗ.

    Giới hạn: hai chỗ viện dẫn ghi cơ quan khác cấp (tỉnh/huyện) và khác ngày được coi là hai văn
    bản khác nhau (mỗi cơ quan đánh số riêng), không báo; văn bản nhà nước cùng số nhưng khác năm
    cũng vậy (số đăng ký bắt đầu lại từ 01 mỗi năm). Chỉ gợi ý ngày đúng khi văn bản ghi ngày đó
    nhiều lần hơn ngày kia: chỗ viện dẫn đầu tiên cũng có thể là chỗ sai.

    [en]
    What it checks: the same document cited twice with different dates or issuers.

    Why: a document has one date of issue; two dates for one number and code are a typing slip
    and the reader cannot tell which is right.
    Bad: `Kế hoạch số 18/KH-UBND ngày 15/01/2024` … `Kế hoạch số 18/KH-UBND ngày 25/01/2024`
    Good: the same date in both places.

    Known limits: two citations naming issuers of different levels (province/district) with
    different dates are taken as two documents (each body numbers its own) and not reported; so
    are state documents with one number in different years (numbers restart every 1 January).
    The right date is suggested only when the document gives it more often than the other: the
    first citation may be the slip.
    """

    name = "reference-conflict"
    code = "DL407"
    severity = Severity.WARNING
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        first: dict[tuple, Citation] = {}
        citations = find_citations(doc)
        # which date is the slip is known only when the document itself says it more often
        mentions = Counter((*c.key, c.party, c.date) for c in citations if c.date is not None)
        for c in citations:
            key = (*c.key, c.party)
            seen = first.get(key)
            if seen is None:
                first[key] = c
                continue
            levels_a, levels_b = _levels(seen.issuer), _levels(c.issuer)
            different_level = bool(levels_a and levels_b and levels_a != levels_b)
            # state numbers restart every 1 January, Party numbers with each term of the Central
            # Committee: another year (another term) is another document
            same_series = seen.date is not None and c.date is not None and (
                _party_term(seen.date.year) == _party_term(c.date.year) if c.party else seen.date.year == c.date.year)
            if seen.date and c.date and seen.date != c.date and not different_level and same_series:
                surer = mentions[(*key, seen.date)] > mentions[(*key, c.date)]
                yield ctx.report(c.date_span or c.span, "date", ref=c.ref, date=_fmt(c.date),
                                 first=_fmt(seen.date), suggestion=_fmt(seen.date) if surer else None)
            elif seen.date and c.date and seen.date == c.date and different_level:
                yield ctx.report(c.span, "issuer", ref=c.ref, issuer=c.issuer, first=seen.issuer)
            if seen.date is None and c.date is not None:
                first[key] = c


def _party_term(year: int) -> int:
    """The Party Congress term a year falls in (congresses every five years, 2011, 2016, 2021…)."""
    return (year - 2011) // 5


def _levels(issuer: str | None) -> frozenset[str]:
    if not issuer:
        return frozenset()
    return frozenset(_LEVELS[m] for m in _LEVEL_RE.findall(_nfc(issuer).casefold()))


def _fmt(value) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


# --------------------------------------------------------------------------- DL408
FIRST_YEAR = 1945  # no document of the Democratic Republic, nor any after it, is older
# "Điều 0", "Chương 0": a capitalised unit takes any zero not followed by more digits; "khoản"
# is also "a sum" (`khoản 0,5 tỷ`), so a zero clause must be followed by what cites it.
_ZERO_UNIT = rx.compile(
    r"(?:(?P<unit>Điều|Chương|Khoản)[ \t]+(?P<zero>0+)(?![\d,./]?\d)(?![\w/-])"
    r"|(?P<lower>khoản)[ \t]+(?P<lzero>0+)(?=[ \t]+(?:Điều|điều)[ \t]+\d))"
)


_ZERO_UNIT_WORDS = ("Điều", "Chương", "Khoản", "khoản")  # how a _ZERO_UNIT match starts


def _zero_units(clean: str) -> Iterator[re.Match[str]]:
    """``_ZERO_UNIT.finditer(clean)``, tried only where a match can start: a unit word right
    before the blanks before a ``0``. The zeros after a blank are found with str.find; the
    pattern run at every character cost more than the rest of the rule."""
    done = 0  # the end of the last match: finditer looks for the next one after it
    for blank in sorted([*rx.find_all(clean, " 0"), *rx.find_all(clean, "\t0")]):
        start = blank
        while start > 0 and clean[start - 1] in " \t":
            start -= 1
        for word in _ZERO_UNIT_WORDS:
            at = start - len(word)
            if at >= done and clean.startswith(word, at):
                m = _ZERO_UNIT.match(clean, at)
                if m is not None:
                    done = m.end()
                    yield m
                break


class ReferenceImpossible(Rule):
    """Kiểm tra: văn bản được viện dẫn mang năm không thể có (`45/25010/NĐ-CP`, năm trước 1945, năm sau chính văn bản này) hoặc `Điều 0`, `Khoản 0`, `Chương 0`.

    Vì sao: năm trong số văn bản quy phạm (`số/năm/ký hiệu`) là năm ban hành: năm năm chữ
    số, năm trước khi có Nhà nước Việt Nam Dân chủ Cộng hòa hay năm sau ngày của chính văn bản
    dẫn nó là gõ nhầm; luật, nghị quyết số `…/năm/QHnn` do Quốc hội khóa nn thông qua nên năm
    phải trong nhiệm kỳ khóa đó; điều, khoản, chương đánh số từ 1. Người đọc không tra được văn
    bản hay điều khoản được dẫn.
    Sai: `Nghị định số 45/25010/NĐ-CP`; `Thông tư số 12/2025/TT-BTC` trong văn bản ngày 05/3/2024; `Luật số 08/2022/QH12`; `Điều 0`
    Đúng: `Nghị định số 45/2010/NĐ-CP`; `Thông tư số 12/2023/TT-BTC`; `Luật số 08/2022/QH15`; `Điều 10`

    Giới hạn: chỉ xét năm trong ký hiệu dạng `số/năm/ký hiệu` (dạng cũ `87-CP`, `206-CP` không
    mang năm) và năm sau văn bản chỉ khi biết ngày của văn bản; `khoản 0` chỉ khi đứng ngay
    trước `Điều …` (`khoản` còn là "món tiền").

    [en]
    What it checks: a cited document with an impossible year (`45/25010/NĐ-CP`, before 1945, after the citing document) or `Điều 0`, `Khoản 0`, `Chương 0`.

    Why: the year inside a normative number (`number/year/code`) is the year of issue: a
    five-digit year, a year before the Democratic Republic of Vietnam or after the citing
    document's own date is a slip; a law or resolution numbered `…/year/QHnn` was passed by the
    nn-th National Assembly, so its year lies in that term; articles, clauses and chapters are
    numbered from 1. The reader cannot look the cited text up.
    Bad: `Nghị định số 45/25010/NĐ-CP`; `Thông tư số 12/2025/TT-BTC` in a document of 05/3/2024; `Luật số 08/2022/QH12`; `Điều 0`
    Good: `Nghị định số 45/2010/NĐ-CP`; `Thông tư số 12/2023/TT-BTC`; `Luật số 08/2022/QH15`; `Điều 10`

    Known limits: only the year of a `number/year/code` number (the old forms `87-CP`, `206-CP`
    carry none), a year after the document only when its date is known; `khoản 0` only right
    before `Điều …` (`khoản` is also "a sum").
    """

    name = "reference-impossible"
    code = "DL408"
    severity = Severity.WARNING
    family = "format"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if machine_read(doc):
            return  # a misread digit (2019 read 2O19, 1019) is the scanner's, not the drafter's
        own = document_date(doc, ctx.settings.document_date)
        last_year = own.high.year if own is not None else None
        reported: set[str] = set()
        for c in find_citations(doc):
            if c.year is not None and c.ref not in reported:
                found = list(_impossible_year(ctx, c, last_year))
                if found:
                    reported.add(c.ref)  # a slip copied with its sentence: once, where it is first met
                yield from found
        for number in assembly_numbers(doc):
            if number.ref not in reported:
                found = list(_impossible_assembly_year(ctx, number, last_year))
                if found:
                    reported.add(number.ref)
                yield from found
        clean = doc.clean
        for m in _zero_units(clean):
            if m.start() and (clean[m.start() - 1].isalnum() or clean[m.start() - 1] in "/_"):
                continue  # inside a word or a code; tested here, not by a leading lookbehind (speed)
            unit = m.group("unit") or m.group("lower")
            zero = m.group("zero") or m.group("lzero")
            yield ctx.report(Span(m.start(), m.end()), "zero", text=f"{unit} {zero}", unit=unit)


# The years of each term (khóa) of the National Assembly: a law numbered …/year/QHnn was passed
# by the nn-th Assembly, so its year lies in that term (the first and last years are shared).
ASSEMBLY_TERMS = {9: (1992, 1997), 10: (1997, 2002), 11: (2002, 2007), 12: (2007, 2011), 13: (2011, 2016),
                  14: (2016, 2021), 15: (2021, 2026), 16: (2026, 2031)}


def _impossible_assembly_year(ctx: RuleContext, number: AssemblyNumber, last_year: int | None) -> Iterator[Diagnostic]:
    """``08/2022/QH12``: the 12th Assembly sat 2007–2011; ``31/2025/QH15`` in a text of 2024."""
    year = int(number.year)
    if len(number.year) != 4:
        yield ctx.report(number.span, "year-digits", ref=number.ref, year=number.year)
    elif last_year is not None and year > last_year:
        yield ctx.report(number.span, "year-future", ref=number.ref, year=number.year, own=last_year)
    elif number.term in ASSEMBLY_TERMS:
        first, last = ASSEMBLY_TERMS[number.term]
        if not first <= year <= last:
            yield ctx.report(number.span, "term", ref=number.ref, year=number.year, term=number.term, first=first, last=last)


def _impossible_year(ctx: RuleContext, c: Citation, last_year: int | None) -> Iterator[Diagnostic]:
    span = c.ref_span or c.span
    year = int(c.year or "0")
    if len(c.year or "") != 4:
        yield ctx.report(span, "year-digits", ref=c.ref, year=c.year)
    elif year < FIRST_YEAR:
        yield ctx.report(span, "year-early", ref=c.ref, year=c.year, first=FIRST_YEAR)
    elif last_year is not None and year > last_year:
        yield ctx.report(span, "year-future", ref=c.ref, year=c.year, own=last_year)


RULES = [MissingComponent, DocTypeMismatch, RecipientsFormat, SignatureAuthority, ReferenceFormat,
         ReferenceTypeMismatch, ReferenceConflict, ReferenceImpossible]
