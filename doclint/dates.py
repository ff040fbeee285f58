"""The date layer: date and period expressions, the document's own date and its period.

Candidates are found with one compiled regex, tried on ``doc.clean`` where a keyword or a
date separator says one may start; each candidate's text is parsed with the LALR grammar
``grammar/date.lark`` (cached by text).  Rules read the results through :func:`mentions`,
:func:`document_date` and :func:`document_period`, document facts (:mod:`doclint.facts`)
computed once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from functools import cache, lru_cache

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from doclint import regex as rx
from doclint.facts import fact
from doclint.model import Document, Span
from doclint.grammars import load_grammar
from doclint.lexer import DATE_IN_FIGURES, DATE_IN_WORDS, PLACE_DATE_IN_TEXT  # noqa: F401 -- the rules' way in
from doclint.records import FrozenRecord, replace, set_field

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
WEEKDAYS = {"hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
            "sáu": 4, "6": 4, "bảy": 5, "7": 5, "chủ nhật": 6}
WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class Expr(FrozenRecord):
    """One parsed expression.  ``kind``: date | month | quarter | months | year | week |
    span | school_year | lunar.  ``form``: how a date is written: slash | dash | dot | words."""

    __slots__ = ("kind", "day", "month", "year", "year2", "quarter", "week", "count", "edge", "weekday", "form")
    kind: str
    day: int | None
    month: int | None
    year: int | None
    year2: int | None  # end year of a span / school year
    quarter: int | None
    week: int | None
    count: int | None  # "6 tháng đầu năm": 6
    edge: str | None  # đầu | cuối
    weekday: int | None  # 0 = Monday
    form: str

    def __init__(self, kind: str, day: int | None = None, month: int | None = None, year: int | None = None,
                 year2: int | None = None, quarter: int | None = None, week: int | None = None,
                 count: int | None = None, edge: str | None = None, weekday: int | None = None,
                 form: str = "") -> None:
        set_field(self, "kind", kind)
        set_field(self, "day", day)
        set_field(self, "month", month)
        set_field(self, "year", year)
        set_field(self, "year2", year2)
        set_field(self, "quarter", quarter)
        set_field(self, "week", week)
        set_field(self, "count", count)
        set_field(self, "edge", edge)
        set_field(self, "weekday", weekday)
        set_field(self, "form", form)

    @property
    def lunar(self) -> bool:
        return self.kind == "lunar"


class Mention(FrozenRecord):
    __slots__ = ("span", "text", "expr", "year", "year_inferred")
    span: Span
    text: str
    expr: Expr
    year: int | None  # as written, or inferred from the document (see year_inferred)
    year_inferred: bool

    def __init__(self, span: Span, text: str, expr: Expr, year: int | None, year_inferred: bool) -> None:
        set_field(self, "span", span)
        set_field(self, "text", text)
        set_field(self, "expr", expr)
        set_field(self, "year", year)
        set_field(self, "year_inferred", year_inferred)

    @property
    def value(self) -> date | None:
        """The Gregorian day, when the mention is a valid full date (year possibly inferred)."""
        e = self.expr
        if e.kind != "date" or self.year is None or e.day is None or e.month is None:
            return None
        return safe_date(self.year, e.month, e.day)


class DocumentDate(FrozenRecord):
    """The document's date as an interval: exact when the day is known, the whole month when
    the day is blank (a draft).  ``source``: header | header-month | meeting | settings."""

    __slots__ = ("low", "high", "source", "span")
    low: date
    high: date
    source: str
    span: Span | None

    def __init__(self, low: date, high: date, source: str, span: Span | None = None) -> None:
        set_field(self, "low", low)
        set_field(self, "high", high)
        set_field(self, "source", source)
        set_field(self, "span", span)


class Period(FrozenRecord):
    __slots__ = ("first", "last", "text", "span")
    first: date
    last: date
    text: str
    span: Span

    def __init__(self, first: date, last: date, text: str, span: Span) -> None:
        set_field(self, "first", first)
        set_field(self, "last", last)
        set_field(self, "text", text)
        set_field(self, "span", span)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


# --- candidates ------------------------------------------------------------------------

_D = r"\d{1,2}"
_Y = r"\d{4}"
_MONTH_YEAR = rf"(?:\s*/\s*{_Y}|\s+năm\s+{_Y})"
_CORE = "|".join(
    [
        rf"(?:mùng|mồng|ngày)\s+{_D}\s+tháng\s+(?:giêng|chạp)\b",
        r"tháng\s+(?:giêng|chạp)\b",
        rf"tuần\s+{_D}\s+tháng\s+{_D}{_MONTH_YEAR}?",
        rf"ngày\s+{_D}\s+tháng\s+{_D}(?:\s+năm\s+{_Y})?",
        rf"(?:ngày\s+)?{_D}/{_D}(?:/{_Y})?",
        rf"(?:ngày\s+)?{_D}([-.]){_D}\1{_Y}",
        rf"tháng\s+{_D}{_MONTH_YEAR}",
        rf"quý\s+(?-i:[IV]+)(?:\s*/\s*{_Y}|\s+năm\s+{_Y})?",
        rf"{_D}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{_Y})?",
        rf"giai\s+đoạn\s+{_Y}\s*[-–]\s*{_Y}",
        rf"năm\s+học\s+{_Y}\s*[-–]\s*{_Y}",
        rf"năm\s+{_Y}",
    ]
)
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*(?=(?:ngày\s+)?\d)"
CANDIDATE = rx.compile(  # the leading lookahead rejects most positions before the alternation runs
    rf"(?=[\dmntqgcMNTQGC])(?<![\w/.,])(?:{_WEEKDAY})?(?:{_CORE})(?![\w/]|[.,-]\d)", re.IGNORECASE
)


_LUNAR_AFTER = rx.compile(r"\s*[(,]?\s*(?:âm\s+lịch|(?-i:ÂL|AL)\b)", re.IGNORECASE)


class _ToExpr(Transformer):  # type: ignore[type-arg]
    @staticmethod
    def _ints(items: list[object]) -> list[int]:
        return [int(t) for t in items if isinstance(t, Token) and t.type == "INT"]

    @staticmethod
    def _form(items: list[object]) -> str:
        for t in items:
            if isinstance(t, str) and not isinstance(t, Token):
                return t
        return "words"

    def sep(self, items: list[Token]) -> str:
        return {"SLASH": "slash", "DASH": "dash", "DOT": "dot"}[items[0].type]

    def date_short(self, items: list[object]) -> Expr:
        d, m = self._ints(items)
        return Expr("date", day=d, month=m, form=self._form(items))

    def date_slash(self, items: list[object]) -> Expr:
        d, m, y = self._ints(items)
        return Expr("date", day=d, month=m, year=y, form=self._form(items))

    def date_words_short(self, items: list[object]) -> Expr:
        d, m = self._ints(items)
        return Expr("date", day=d, month=m, form="words")

    def date_words(self, items: list[object]) -> Expr:
        d, m, y = self._ints(items)
        return Expr("date", day=d, month=m, year=y, form="words")

    def month_slash(self, items: list[object]) -> Expr:
        m, y = self._ints(items)
        return Expr("month", month=m, year=y)

    month_words = month_slash

    def quarter_bare(self, items: list[Token]) -> Expr:
        roman = next(t for t in items if t.type == "ROMAN")
        return Expr("quarter", quarter=ROMAN.get(str(roman)), year=(self._ints(items) or [None])[0])

    quarter_slash = quarter_words = quarter_bare

    def months_of_year(self, items: list[Token]) -> Expr:
        ints = self._ints(items)
        edge = next(str(t).lower() for t in items if t.type == "EDGE")
        return Expr("months", count=ints[0], year=ints[1] if len(ints) > 1 else None, edge=edge)

    def year(self, items: list[object]) -> Expr:
        return Expr("year", year=self._ints(items)[0])

    def week_bare(self, items: list[object]) -> Expr:
        ints = self._ints(items)
        return Expr("week", week=ints[0], month=ints[1], year=ints[2] if len(ints) > 2 else None)

    week_slash = week_words = week_bare

    def span(self, items: list[object]) -> Expr:
        a, b = self._ints(items)
        return Expr("span", year=a, year2=b)

    def school_year(self, items: list[object]) -> Expr:
        a, b = self._ints(items)
        return Expr("school_year", year=a, year2=b)

    def lunar_day(self, items: list[object]) -> Expr:
        return Expr("lunar", day=self._ints(items)[0])

    def lunar_month(self, items: list[object]) -> Expr:
        return Expr("lunar")

    def weekday_date(self, items: list[object]) -> Expr:
        token = items[0]
        assert isinstance(token, Token)
        name = re.sub(r"\s+", " ", str(token).lower()).removeprefix("thứ ").strip()
        expr = items[-1]
        assert isinstance(expr, Expr)
        return replace(expr, weekday=WEEKDAYS.get(name))

    def start(self, items: list[Expr]) -> Expr:
        return items[0]


@cache
def parser() -> Lark:
    return load_grammar("date.lark", parser="lalr")


# The most frequent shapes (nine candidates in ten on real documents), read without the
# parser: each reads exactly as the grammar does (whitespace as its ignored WS, keywords in
# any case); anything else goes to the parser.  A Lark parse costs ~70 µs a distinct text.
_WS = r"[ \t\f\r\n]+"
_QUICK_DATE_WORDS = rx.compile(rf"ngày{_WS}(\d{{1,2}}){_WS}tháng{_WS}(\d{{1,2}})(?:{_WS}năm{_WS}(\d{{4}}))?", re.IGNORECASE)
_QUICK_DATE_SLASH = rx.compile(rf"(?:ngày{_WS})?(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?", re.IGNORECASE)
_QUICK_YEAR = rx.compile(rf"năm{_WS}(\d{{4}})", re.IGNORECASE)
_QUICK_MONTH = rx.compile(rf"tháng{_WS}(\d{{1,2}})(?:{_WS}năm{_WS}|/)(\d{{4}})", re.IGNORECASE)


def _quick_expression(text: str) -> Expr | None:
    """``parse_expression`` of a frequent shape, or None when the text has another shape."""
    if m := _QUICK_DATE_WORDS.fullmatch(text):
        day, month, year = m.groups()
        return Expr("date", day=int(day), month=int(month), year=int(year) if year else None, form="words")
    if m := _QUICK_DATE_SLASH.fullmatch(text):
        day, month, year = m.groups()
        return Expr("date", day=int(day), month=int(month), year=int(year) if year else None, form="slash")
    if m := _QUICK_YEAR.fullmatch(text):
        return Expr("year", year=int(m[1]))
    if m := _QUICK_MONTH.fullmatch(text):
        return Expr("month", month=int(m[1]), year=int(m[2]))
    return None


@lru_cache(maxsize=4096)
def parse_expression(text: str) -> Expr | None:
    """The expression written in ``text`` (one candidate), or None when it does not parse."""
    quick = _quick_expression(text)
    return quick if quick is not None else parsed_expression(text)


def parsed_expression(text: str) -> Expr | None:
    """The expression the date grammar reads in ``text`` (the definition the quick shapes follow)."""
    try:
        tree = parser().parse(text)
    except LarkError:
        return None
    result = _ToExpr().transform(tree)
    return result if isinstance(result, Expr) else None


# --- calendar helpers ----------------------------------------------------------------


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]``, without importing calendar (and locale) at start-up."""
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def month_end(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def is_possible_day(day: int, month: int, year: int | None) -> bool:
    """Whether day/month(/year) exists; without a year, whether it exists in some year."""
    if not (1 <= month <= 12) or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else days_in_month(2023, month))
    return day <= days_in_month(year, month)


STEMS = ["Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ"]
BRANCHES = ["Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"]
BRANCH_VARIANTS = {"Tị": "Tỵ", "Mẹo": "Mão"}


def can_chi(year: int) -> str:
    return f"{STEMS[year % 10]} {BRANCHES[year % 12]}"


def period_bounds(expr: Expr, year: int | None = None) -> tuple[date, date] | None:
    """First and last day of a period expression (year from ``year`` when not written)."""
    y = expr.year or year
    if y is None:
        return None
    if expr.kind == "month" and expr.month and 1 <= expr.month <= 12:
        return date(y, expr.month, 1), month_end(y, expr.month)
    if expr.kind == "quarter" and expr.quarter:
        first_month = 3 * (expr.quarter - 1) + 1
        return date(y, first_month, 1), month_end(y, first_month + 2)
    if expr.kind == "week" and expr.month and expr.week and 1 <= expr.month <= 12:
        last = month_end(y, expr.month)
        start = min(1 + 7 * (expr.week - 1), last.day)
        return date(y, expr.month, start), min(date(y, expr.month, start) + timedelta(days=6), last)
    if expr.kind == "months" and expr.count and 1 <= expr.count <= 12:
        if expr.edge == "đầu":
            return date(y, 1, 1), month_end(y, expr.count)
        return date(y, 13 - expr.count, 1), date(y, 12, 31)
    if expr.kind == "year":
        return date(y, 1, 1), date(y, 12, 31)
    return None


# --- per-document analysis -------------------------------------------------------------


@fact
def _raw_mentions(doc: Document) -> list[tuple[Span, str, Expr]]:
    clean = doc.clean
    found: list[tuple[Span, str, Expr]] = []
    for match in _candidates(clean):
        text = match.group(0)
        expr = parse_expression(text)
        if expr is None:
            continue
        if expr.kind == "date" and _LUNAR_AFTER.match(clean, match.end()):
            expr = replace(expr, kind="lunar")
        found.append((Span(match.start(), match.end()), text, expr))
    return found


# Every CANDIDATE match starts with one of these words (in any case) or with a digit.
_START_WORDS = ("ngày", "năm", "tháng", "tuần", "thứ", "quý", "giai", "chủ", "mùng", "mồng")
# The digit-led alternatives, found at their separator: a literal first character lets the
# regex engine skip ahead like str.find, where a leading \d is tested at every character.
_SLASH_DATE = rx.compile(r"/(?<=\d/)(?=\d)")  # 12/3
_DASH_DATE = rx.compile(r"-(?<=\d-)(?=\d\d?-\d{4})")  # 12-3-2024
_DOT_DATE = rx.compile(r"\.(?<=\d\.)(?=\d\d?\.\d{4})")  # 12.3.2024


def _candidates(text: str) -> list[re.Match[str]]:
    """The matches of ``CANDIDATE.finditer(text)``, tried only where one can start: running
    CANDIDATE at every position costs ~7 ms per 100 KB, finding the starts a third of that."""
    starts = _candidate_starts(text)
    if starts is None:
        return list(CANDIDATE.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start < end:
            continue  # inside the previous match (or a negative guess), as finditer would skip it
        match = CANDIDATE.match(text, start)
        if match is not None:
            found.append(match)
            end = match.end()
    return found


def _candidate_starts(text: str) -> list[int] | None:
    """Sorted offsets where a CANDIDATE match may start (a superset), or None when lower-casing
    is not one character to one (then a keyword found in the lower-cased text could be misplaced)."""
    lower = text.lower()
    if len(lower) != len(text) or "ı" in lower:  # dotless i matches "i" under IGNORECASE
        return None
    words = {word: list(rx.find_all(lower, word)) for word in _START_WORDS}
    starts = [at for found in words.values() for at in found]
    for separator in (_SLASH_DATE, _DASH_DATE, _DOT_DATE):
        for match in separator.finditer(text):
            starts += (match.start() - 2, match.start() - 1)  # one or two digits before it
    starts += _count_starts(text, words["tháng"])
    starts.sort()
    return starts


def _count_starts(text: str, months: list[int]) -> list[int]:
    """Where the count of ``6 tháng đầu năm`` may start: one or two characters before the
    spaces before each ``tháng`` (offsets given)."""
    starts: list[int] = []
    for at in months:
        digit = at
        while digit > 0 and text[digit - 1].isspace():
            digit -= 1
        if digit < at:
            starts += (digit - 2, digit - 1)
    return starts


@fact
def mentions(doc: Document) -> list[Mention]:
    """Every date/period expression of the document, short dates given the document's year."""
    own = _own_date(doc)
    context_year = own.high.year if own else None
    found = []
    for span, text, expr in _raw_mentions(doc):
        inferred = expr.year is None and expr.kind == "date" and context_year is not None
        found.append(Mention(span, text, expr, context_year if inferred else expr.year, inferred))
    return found


_MEETING = rx.compile(
    r"(?m)^[ \t#*_\-]*ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,", re.IGNORECASE
)
_MEETING_WORDS = rx.compile(r"họp|hội nghị|phiên|giao ban|chủ trì|tổ chức", re.IGNORECASE)


def _field_int(field: object) -> int | None:
    value = getattr(field, "value", None)
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return int(digits) if digits else None


def place_date(doc: Document) -> tuple[Span, int | None, int | None, int | None] | None:
    """The place-and-date line: its span and day, month, year (None when blank)."""
    header = doc.header
    if header.place_date is not None and header.year is not None:
        return header.place_date.span, _field_int(header.day), _field_int(header.month), _field_int(header.year)
    match = PLACE_DATE_IN_TEXT.search(doc.clean, 0, 2500)
    if match is None:
        return None
    groups = match.groups()
    day, month, year = (int(g) if g else None for g in (groups[:3] if groups[2] else groups[3:]))
    return Span(match.start(), match.end()), day, month, year


@fact
def _own_date(doc: Document) -> DocumentDate | None:
    result: DocumentDate | None = None
    line = place_date(doc)
    meeting = _meeting_date(doc)
    if line is not None:
        span, day, month, year = line
        if year and month and 1 <= month <= 12:
            exact = safe_date(year, month, day) if day else None
            if exact is not None:
                result = DocumentDate(exact, exact, "header", span)
            elif day is None:
                low = date(year, month, 1)
                if meeting is not None and low <= meeting[0] <= month_end(year, month):
                    low = meeting[0]
                result = DocumentDate(low, month_end(year, month), "header-month", span)
        elif year and month is None and day is None:
            # "ngày … tháng … năm 2025" (a draft): the year is all that is known
            low = meeting[0] if meeting is not None and meeting[0].year == year else date(year, 1, 1)
            result = DocumentDate(low, date(year, 12, 31), "header-month", span)
    if result is None and meeting is not None:
        result = DocumentDate(meeting[0], meeting[0], "meeting", meeting[1])
    return result


def _meeting_date(doc: Document) -> tuple[date, Span] | None:
    """The meeting date of a notice's opening sentence: ``Ngày 25/10/2022, UBND huyện tổ chức``."""
    # the opening sentence: up to the first long paragraph, not a meeting a report tells of later
    for match in _MEETING.finditer(doc.clean, 0, min(4000, _title_region_end(doc) + 1)):
        sentence_end = doc.clean.find(".", match.end())
        if not _MEETING_WORDS.search(doc.clean, match.end(), sentence_end if sentence_end > 0 else None):
            continue
        day, month, year = (int(g) for g in match.groups())
        value = safe_date(year, month, day)
        if value is not None:
            return value, Span(match.start(), match.end())
    return None


def document_date(doc: Document, override: date | None = None) -> DocumentDate | None:
    """The document's date: ``override`` (settings), else the place-and-date line (its month
    when the day is blank), else the meeting date of the opening sentence."""
    if override is not None:
        return DocumentDate(override, override, "settings")
    return _own_date(doc)


@fact
def document_period(doc: Document) -> Period | None:
    """The reporting period named by the title or the opening sentence."""
    result: Period | None = None
    line = place_date(doc)
    skip = line[0] if line else Span(0, 0)
    own = _own_date(doc)
    raw = _raw_mentions(doc)
    limit = _title_region_end(doc)
    for index, (span, text, expr) in enumerate(raw):
        if span.start >= limit:
            break
        if skip.start <= span.start < skip.end or expr.kind not in ("month", "quarter", "week", "months"):
            continue
        if _DAY_BEFORE.search(doc.clean[max(0, span.start - 20) : span.start]):
            continue  # "ngày À6 tháng 4 năm 2019", OCR "ngàu#“ƒ tháng 5": a date with an unreadable day
        year = expr.year or _year_on_same_line(doc, raw[index + 1 :], span) or (own.high.year if own else None)
        bounds = period_bounds(expr, year)
        if bounds is not None:
            label = text if expr.year else f"{text}/{year}"
            result = Period(bounds[0], bounds[1], label, span)
            break
    return result


_DAY_BEFORE = rx.compile(r"\bng[àa]\w?\b[^\n.;,]{0,10}$", re.IGNORECASE)


def _title_region_end(doc: Document) -> int:
    """End of the title and the opening sentence: the first long paragraph's end."""
    offset = 0
    for paragraph in re.finditer(r"[^\n]+", doc.clean[:4000]):
        offset = paragraph.end()
        if len(paragraph.group(0).strip()) > 150:
            break
    return offset


def _year_on_same_line(doc: Document, later: list[tuple[Span, str, Expr]], span: Span) -> int | None:
    line_end = doc.clean.find("\n", span.end)
    for other, _text, expr in later:
        if line_end >= 0 and other.start > line_end:
            break
        if expr.year is not None and expr.kind in ("year", "quarter", "month"):
            return expr.year
    return None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or clause list) around ``start:end``: cut at ';', at '.' not inside a
    number and at line ends that do not just wrap a paragraph."""
    return clause_start(text, start), _break_from(text, end)


def clause_start(text: str, start: int) -> int:
    """Where the sentence around ``start`` begins (see :func:`sentence_bounds`)."""
    return _break_before(text, start) + 1


_BREAK_CHARS = (".", ";", "\n")
# Breaks are looked for near the few mentions that rules ask about, in windows of _WINDOW
# characters: listing every break of a document (and testing each line end for wrapping)
# costs far more.  Past _NEAR characters (a clause is rarely longer than 500), the list is
# built after all, so that a document without breaks does not cost a scan per mention.
_WINDOW = 256
_NEAR = 1024


def _break_before(text: str, start: int) -> int:
    """Offset of the last clause break before ``start``, or -1."""
    floor = max(0, start - _NEAR)
    high = start
    while high > floor:
        low = max(floor, high - _WINDOW)
        found = max(text.rfind(char, low, high) for char in _BREAK_CHARS)
        if found < 0:
            high = low
        elif _is_break(text, found):
            return found
        else:
            high = found
    if floor == 0:
        return -1
    breaks = _all_breaks(text)
    i = bisect_left(breaks, start)
    return breaks[i - 1] if i > 0 else -1


def _break_from(text: str, end: int) -> int:
    """Offset of the first clause break at or after ``end``, or the text's length."""
    ceiling = min(len(text), end + _NEAR)
    low = end
    while low < ceiling:
        high = min(ceiling, low + _WINDOW)
        found = min((at for at in (text.find(char, low, high) for char in _BREAK_CHARS) if at >= 0), default=-1)
        if found < 0:
            low = high
        elif _is_break(text, found):
            return found
        else:
            low = found + 1
    if ceiling == len(text):
        return len(text)
    breaks = _all_breaks(text)
    j = bisect_left(breaks, end)
    return breaks[j] if j < len(breaks) else len(text)


_BREAK = rx.compile(r"[;\n]|(?<!\d)\.|\.(?!\d)")


@lru_cache(maxsize=8)
def _all_breaks(text: str) -> list[int]:
    """Offsets of every clause break of a text, computed once per document (str hashes are cached)."""
    return [m.start() for m in _BREAK.finditer(text) if _is_break(text, m.start())]


def _is_break(text: str, i: int) -> bool:
    """Whether the '.', ';' or line end at ``i`` ends a clause: a '.' between two digits does
    not, nor does a line end that only wraps a paragraph."""
    char = text[i]
    if char == "\n":
        return not _wrapped_line(text, i)
    if char == ".":
        return not (0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal())
    return True


def _wrapped_line(text: str, i: int) -> bool:
    """Whether the line break at ``i`` only wraps a paragraph (PDF text with blank lines
    between wrapped lines): the line before ends in a lower-case word or a comma and the next
    line starts with a letter."""
    before = text[max(0, i - 80) : i].rstrip()
    after = text[i : i + 80].lstrip()
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    return (last.islower() or last == ",") and first.isalpha() and not before.endswith(("#", "*"))
