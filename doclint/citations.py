"""Citations of other documents: ``Kế hoạch số 154/KH-UBND ngày 11/7/2021 của UBND tỉnh``.

One compiled regex finds candidates in ``doc.clean``; the ký hiệu of each candidate
(``154/KH-UBND``, ``19/2021/QĐ-UBND``, ``06-NQ/TU``, ``06/QĐ TTg``) is parsed with the LALR
grammar ``grammar/citation.lark`` (cached by text).  A candidate without a type name in
front is kept only when its first code segment is a known type or issuer abbreviation, so
``1.3.7.8-Khu`` or ``20/20 xã`` never become citations.  The date right after
(``ngày 11/7/2021``, ``ngày 11 tháng 7 năm 2021``) and the issuer (``của UBND tỉnh``) are
attached when present.  Results are a document fact (:mod:`doclint.facts`); the dates and
format families both read them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from doclint import regex as rx
from doclint.datacache import load_toml
from doclint.facts import fact
from doclint.model import Document, Span
from doclint.grammars import load_grammar
from doclint.paths import rules_dir
from doclint.records import FrozenRecord, set_field


class Citation(FrozenRecord):
    __slots__ = ("type_name", "number", "year", "code", "party", "date", "issuer", "span", "date_span",
                 "type_written", "type_span", "ref", "ref_span", "type_code", "issuer_code", "separators",
                 "normative")
    type_name: str | None  # canonical type name ("Kế hoạch"), None when only the ký hiệu is written
    number: str  # "154"
    year: str | None  # the year inside a normative number (19/2021/QĐ-UBND -> "2021")
    code: str  # "KH-UBND", "QĐ-UBND" (normative), "NQ/TU" (Party), "QĐ TTg" (as written)
    party: bool
    date: date | None
    issuer: str | None  # "UBND tỉnh", "Ban Thường vụ Tỉnh ủy"
    span: Span  # the whole citation: type name (if any) through issuer (if any)
    date_span: Span | None
    # --- details for the format rules ---
    type_written: str | None  # the type name exactly as written ("Nghị Quyết")
    type_span: Span | None
    ref: str  # the ký hiệu as written ("06/QĐ TTg")
    ref_span: Span | None
    type_code: str | None  # the type abbreviation in the code ("KH"), None for a công văn
    issuer_code: str  # "UBND", "TU", "TTg", "UBND-VP" part after the type ("VP" for công văn)
    separators: tuple[str, ...]  # separators as written: ("/", "-") for 154/KH-UBND
    normative: bool

    def __init__(self, type_name: str | None, number: str, year: str | None, code: str, party: bool,
                 date: date | None, issuer: str | None, span: Span, date_span: Span | None,
                 type_written: str | None = None, type_span: Span | None = None, ref: str = "",
                 ref_span: Span | None = None, type_code: str | None = None, issuer_code: str = "",
                 separators: tuple[str, ...] = (), normative: bool = False) -> None:
        set_field(self, "type_name", type_name)
        set_field(self, "number", number)
        set_field(self, "year", year)
        set_field(self, "code", code)
        set_field(self, "party", party)
        set_field(self, "date", date)
        set_field(self, "issuer", issuer)
        set_field(self, "span", span)
        set_field(self, "date_span", date_span)
        set_field(self, "type_written", type_written)
        set_field(self, "type_span", type_span)
        set_field(self, "ref", ref)
        set_field(self, "ref_span", ref_span)
        set_field(self, "type_code", type_code)
        set_field(self, "issuer_code", issuer_code)
        set_field(self, "separators", separators)
        set_field(self, "normative", normative)

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What identifies the cited document: number, code, year."""
        return (self.number.lstrip("0") or "0", self.code, self.year)


@cache
def doctypes() -> dict:
    return load_toml(rules_dir() / "doctypes.toml")


@cache
def type_names() -> dict[str, str]:
    """casefolded type name -> canonical type name, every family."""
    data = doctypes()
    names = set(data["state_types"]) | set(data["party_types"]) | set(data["normative"]["type_names"])
    names |= set(data["untyped"]["names"]) | {"Kết luận", "Thông tri"}
    return {name.casefold(): name for name in names}


@cache
def known_codes() -> frozenset[str]:
    """Abbreviations that make a bare ký hiệu (no type name before it) a citation."""
    data = doctypes()
    codes = set(data["state_types"].values()) | set(data["party_types"].values())
    codes |= set(data["normative"]["always"]) | set(data["state_extra"]["copies"])
    codes |= set(data["state_issuers"]["known"])
    return frozenset(c for c in codes if c)


def _flex(word: str) -> str:
    """Regex for ``word`` that also matches its decomposed spellings.

    The core promises NFC text, but PDF text (seed 003) still arrives with combining marks
    (``ba\u0301o``); offsets must stay those of ``doc.clean``, so the pattern bends instead.
    """
    out = []
    for char in word:
        forms = {char, unicodedata.normalize("NFD", char)}
        nfd = unicodedata.normalize("NFD", char)
        if len(nfd) == 3:
            forms.add(unicodedata.normalize("NFC", nfd[:2]) + nfd[2])
            forms.add(unicodedata.normalize("NFC", nfd[0] + nfd[2]) + nfd[1])
        out.append(re.escape(char) if len(forms) == 1 else "(?:" + "|".join(map(re.escape, sorted(forms, key=lambda f: (-len(f), f)))) + ")")
    return "".join(out)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@cache
def _type_abbrs() -> frozenset[str]:
    data = doctypes()
    codes = set(data["state_types"].values()) | set(data["party_types"].values())
    codes |= set(data["normative"]["always"]) | set(data["state_extra"]["copies"])
    codes |= set(data["state_extra"]["replaced"]) | set(data["state_extra"]["seen"])
    return frozenset(codes)


@cache
def _candidate_re() -> re.Pattern[str]:
    """The ký hiệu: anchored on its digits, so the scan is one cheap pass."""
    abbr = r"[A-ZĐ][A-Za-zĐđ&]*"
    ref = (
        rf"\d{{1,5}}(?:/\d{{3,5}})?[/\-–]{abbr}"  # a 3- or 5-digit year is a slip to report, not a non-citation
        rf"(?: (?=[A-ZĐ][A-ZĐa-z][A-ZĐ]|[A-ZĐ]{{2}}){abbr})?"  # 06/QĐ TTg: a space for a hyphen
        rf"(?:[/\-–]{abbr})*"
    )
    return rx.compile(rf"(?<![\w/.,\-])(?P<ref>{ref})(?![\w/])")


@cache
def _type_before_re(decomposed: bool) -> re.Pattern[str]:
    """The type name (and ``số``) right before a ký hiệu; searched in a short window. The
    names in sorted order, longest first (not in the order of a set, which changes with the
    hash seed). Their decomposed spellings only for a text that has combining marks: without
    one those alternatives can never match, and they triple the pattern (~1 ms to compile)."""
    names = sorted(type_names().values(), key=lambda name: (-len(name), name))
    spell = _flex if decomposed else re.escape
    types = "|".join(spell(n) for n in names)
    return rx.compile(rf"(?<!\w)(?P<type>(?i:{types}))\s+(?:(?i:{spell('số')})\s*:?\s*)?$")


_COMBINING_MARK = rx.compile("[\u0300-\u036f]")


_WINDOW = 60


_DATE_AFTER = rx.compile(
    rf"\s*,?\s*(?:ban {_flex('hành')}\s+)?(?i:{_flex('ngày')})\s+"
    r"(?:(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
    rf"|(?P<wd>\d{{1,2}})\s+{_flex('tháng')}\s+(?P<wm>\d{{1,2}})\s+{_flex('năm')}\s+(?P<wy>\d{{4}}))"
)
_ISSUER_AFTER = rx.compile(rf"\s*,?\s*{_flex('của')}\s+(?P<issuer>[^,;.()\n:“”\"]{{2,90}})")
_ISSUER_STOP = rx.compile(
    r"\s+(?:về|v/v|V/v|quy định|phê duyệt|ban hành|hướng dẫn|triển khai|thực hiện|đã|trên|tại|và|giai đoạn"
    r"|năm\s+\d|[Kk]ết luận|[Tt]hông báo|[Bb]áo cáo|nghe|họp|đối với|cho|để|nhằm|theo)\b.*$",
    re.DOTALL,
)


@cache
def _parser() -> Lark:
    return load_grammar("citation.lark", parser="lalr")


class Reference(FrozenRecord):
    """A parsed ký hiệu."""

    __slots__ = ("number", "year", "first_sep", "segments", "separators")
    number: str
    year: str | None
    first_sep: str  # "/" or "-" right after the number (and year)
    segments: tuple[str, ...]  # ("KH", "UBND")
    separators: tuple[str, ...]  # between segments: ("-",)

    def __init__(self, number: str, year: str | None, first_sep: str, segments: tuple[str, ...],
                 separators: tuple[str, ...]) -> None:
        set_field(self, "number", number)
        set_field(self, "year", year)
        set_field(self, "first_sep", first_sep)
        set_field(self, "segments", segments)
        set_field(self, "separators", separators)


# A ký hiệu read without the parser: the grammar's own terminals, so a text this matches
# parses to the same Reference (checked on every candidate of the real documents); anything
# else goes to the parser.  A Lark parse costs ~70 µs a distinct text.
_ABBR = r"[A-ZĐ][A-Za-zĐđ&]*"
_CODE_SEP = r"/|-| +|[–—]"
_QUICK_REF = rx.compile(rf"(\d+)(?:/(\d+)/|([/-]))({_ABBR}(?:(?:{_CODE_SEP}){_ABBR})*)")
_CODE_PART = rx.compile(rf"{_ABBR}|{_CODE_SEP}")


def _quick_reference(text: str) -> Reference | None:
    m = _QUICK_REF.fullmatch(text)
    if m is None:
        return None
    number, year, first_sep, code = m.groups()
    parts = _CODE_PART.findall(code)
    return Reference(number, year, first_sep or "/", tuple(parts[0::2]), tuple(parts[1::2]))


@lru_cache(maxsize=4096)
def parse_reference(text: str) -> Reference | None:
    quick = _quick_reference(text)
    return quick if quick is not None else parsed_reference(text)


def parsed_reference(text: str) -> Reference | None:
    """The reference the citation grammar reads in ``text`` (the definition the quick path follows)."""
    try:
        tree = _parser().parse(text)
    except LarkError:
        return None
    number = str(tree.children[0])
    tail: Tree = tree.children[1]
    tokens = [t for t in tail.children if isinstance(t, Token)]
    year = str(tokens[1]) if tail.data == "normative" else None
    first_sep = str(tokens[-1]) if tail.data != "normative" else "/"
    code: Tree = tail.children[-1]
    segments: list[str] = []
    separators: list[str] = []
    for child in code.children:
        if isinstance(child, Token):
            segments.append(str(child))
        else:
            separators.append(str(child.children[0]))
    return Reference(number, year, first_sep, tuple(segments), tuple(separators))


@fact
def find_citations(doc: Document) -> list[Citation]:
    """Every citation of another document in ``doc`` (the document's own number excluded)."""
    own = doc.header.number_line.span if doc.header.number_line else None
    return [c for c in _scan(doc.clean) if not (own and own.start <= c.span.start < own.end)]


def scan_text(text: str) -> list[Citation]:
    """Citations in a plain string (tests, and rules that look at one line)."""
    return list(_scan(text))


_SEPARATOR_AFTER_DIGIT = rx.compile(r"[/\-–](?<=\d.)")


def _scan(text: str):
    candidate = _candidate_re()
    type_before = None
    done = 0
    for start in _ref_starts(text):
        if start < done:
            continue
        match = candidate.match(text, start)
        if match is not None:
            done = match.end()
            if type_before is None:
                type_before = _type_before_re(_COMBINING_MARK.search(text) is not None)
            citation = _build(text, match, type_before)
            if citation is not None:
                yield citation


def _ref_starts(text: str) -> list[int]:
    """Where a ký hiệu can start: the digits before a separator.  Anchoring on separators
    costs a third of letting the full pattern try every character of the document."""
    starts: list[int] = []
    for sep in _SEPARATOR_AFTER_DIGIT.finditer(text):
        at = sep.start()
        while at and text[at - 1].isdigit():
            at -= 1
        if not starts or starts[-1] != at:
            starts.append(at)
    return starts


def _type_before(text: str, start: int, pattern: re.Pattern[str]) -> tuple[str, int, int] | None:
    base = max(0, start - _WINDOW)
    found = pattern.search(text, base, start)
    if found is None:
        return None
    return found.group("type"), found.start("type"), found.end("type")


def _build(text: str, match: re.Match[str], type_before: re.Pattern[str]) -> Citation | None:
    ref_text = match.group("ref")
    ref = parse_reference(ref_text)
    if ref is None:
        return None
    before = _type_before(text, match.start("ref"), type_before)
    written = before[0] if before else None
    if written is None and ref.segments[0] not in known_codes():
        return None
    type_name = type_names().get(_nfc(written).casefold()) if written else None
    party = ref.first_sep == "-" and bool(ref.separators) and ref.separators[0] == "/"
    first = ref.segments[0]
    is_type = first in _type_abbrs()
    # Công văn, thư công: issuer-unit codes; "Văn bản" is generic (any type); a bare code whose
    # first part is an issuer (1431/UBND-VP) is a công văn too
    untyped = not party and (type_name in ("Công văn", "Thư công") or (not is_type and (
        type_name in (None, "Văn bản") or first in doctypes()["state_issuers"]["known"])))
    type_code = None if untyped else ref.segments[0]
    issuer_code = _join(ref.segments[1:], ref.separators[1:]) if not untyped else _join(ref.segments, ref.separators)
    code = _join(ref.segments, ref.separators)
    end = match.end()
    the_date, date_span = None, None
    date_match = _DATE_AFTER.match(text, end)
    if date_match:
        the_date = _to_date(date_match)
        if the_date is not None:
            date_span = Span(date_match.start() + len(date_match.group(0)) - len(date_match.group(0).lstrip(" ,\n")), date_match.end())
            end = date_match.end()
    issuer = None
    issuer_match = _ISSUER_AFTER.match(text, end)
    if issuer_match:
        raw = _ISSUER_STOP.sub("", _nfc(issuer_match.group("issuer")))
        # keep offsets on the raw text: cut the raw issuer at the same word count
        words = raw.split()
        if words:
            raw_words = list(re.finditer(r"\S+", issuer_match.group("issuer")))[: len(words)]
            end = issuer_match.start("issuer") + raw_words[-1].end()
            issuer = " ".join(words)
    start = before[1] if before else match.start("ref")
    return Citation(
        type_name=type_name,
        number=ref.number,
        year=ref.year,
        code=code,
        party=party,
        date=the_date,
        issuer=issuer,
        span=Span(start, end),
        date_span=date_span,
        type_written=written,
        type_span=Span(before[1], before[2]) if before else None,
        ref=ref_text,
        ref_span=Span(match.start("ref"), match.end("ref")),
        type_code=type_code,
        issuer_code=issuer_code,
        separators=(ref.first_sep, *ref.separators),
        normative=ref.year is not None,
    )


def _join(segments: tuple[str, ...], separators: tuple[str, ...]) -> str:
    out = segments[0] if segments else ""
    for sep, seg in zip(separators, segments[1:]):
        out += sep + seg
    return out


def _to_date(m: re.Match[str]) -> date | None:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("wd"), m.group("wm"), m.group("wy"))
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------
# Numbers of the National Assembly and its Standing Committee: 31/2024/QH15, 1234/2016/UBTVQH13
# --------------------------------------------------------------------------------------


class AssemblyNumber(FrozenRecord):
    """The number of a law or resolution of the National Assembly (``QH``) or its Standing
    Committee (``UBTVQH``): the year of issue, then the term (khóa) of the Assembly that passed it."""

    __slots__ = ("ref", "year", "term", "span")
    ref: str  # "31/2024/QH15"
    year: str  # "2024", as written (a slip may give it five digits)
    term: int  # 15
    span: Span

    def __init__(self, ref: str, year: str, term: int, span: Span) -> None:
        set_field(self, "ref", ref)
        set_field(self, "year", year)
        set_field(self, "term", term)
        set_field(self, "span", span)


# Its codes carry digits (QH15), which no ký hiệu of find_citations does: found on their own,
# anchored on "QH".
_ASSEMBLY_REF = rx.compile(r"(?<![\w/.,\-])\d{1,4}/(?P<year>\d{1,6})/(?:UBTV)?QH(?P<term>\d{1,2})(?![\w/])")


@fact
def assembly_numbers(doc: Document) -> list[AssemblyNumber]:
    """Every cited ``number/year/QHnn`` of ``doc`` (the document's own number excluded)."""
    clean = doc.clean
    own = doc.header.number_line.span if doc.header.number_line else None
    found: list[AssemblyNumber] = []
    at = clean.find("QH")
    while at >= 0:
        m = _ASSEMBLY_REF.search(clean, max(0, at - 20), at + 8)  # + 8: past the term, for the lookahead
        if m is not None and m.start() < at < m.end() and not (own and own.start <= m.start() < own.end):
            if not found or found[-1].span.start != m.start():
                found.append(AssemblyNumber(m.group(), m.group("year"), int(m.group("term")), Span(m.start(), m.end())))
        at = clean.find("QH", at + 2)
    return found
