"""Reading the numbers of a Vietnamese administrative document.

A number is found in two steps: one compiled regex over ``doc.clean`` finds candidate spans
cheaply, then only those spans are parsed with the LALR grammar ``grammar/number.lark``
(results cached by text).  The grammar gives the shape (digit groups and separators); this
module decides the style:

* Vietnamese (the default): dot groups thousands, comma marks decimals: ``1.234.567,89``.
* English: comma groups thousands, dot marks decimals: ``1,234.5``.

A shape that reads validly only one way is read that way; ``2,002`` and ``127,235`` read
Vietnamese (decimals); a shape that is valid in neither style is malformed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from doclint import regex as rx
from doclint.facts import fact
from doclint.model import Block, Document, Span
from doclint.grammars import load_grammar
from doclint.records import FrozenRecord, Record, replace, set_field


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return load_grammar("number.lark", parser="lalr")


class Shape(FrozenRecord):
    """A parsed literal: sign, digit groups and the separator after each group but the last."""

    __slots__ = ("negative", "groups", "seps", "percent")
    negative: bool
    groups: tuple[str, ...]
    seps: tuple[str, ...]  # "." or ","
    percent: bool

    def __init__(self, negative: bool, groups: tuple[str, ...], seps: tuple[str, ...], percent: bool) -> None:
        set_field(self, "negative", negative)
        set_field(self, "groups", groups)
        set_field(self, "seps", seps)
        set_field(self, "percent", percent)


@lru_cache(maxsize=4096)
def parse_shape(text: str) -> Shape | None:
    """The shape of a numeric literal, or None when the grammar rejects it (``60,%``, ``12,,5``)."""
    try:
        tree = _parser().parse(text)
    except LarkError:
        return None
    negative = False
    percent = False
    groups: list[str] = []
    seps: list[str] = []
    for node in tree.iter_subtrees_topdown():
        for child in node.children:
            if isinstance(child, Token):
                if child.type == "SIGN":
                    negative = child == "-"
                elif child.type == "PERCENT":
                    percent = True
                elif child.type == "DIGITS":
                    groups.append(str(child))
            elif isinstance(child, Tree) and child.data in ("dot", "comma"):
                seps.append("." if child.data == "dot" else ",")
    return Shape(negative, tuple(groups), tuple(seps), percent)


def _thousands_ok(groups: tuple[str, ...]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and not (
        len(groups[0]) > 1 and groups[0].startswith("0")
    )


def _read(groups: tuple[str, ...], seps: tuple[str, ...], thousands: str, decimal: str) -> tuple[Decimal, int] | None:
    """Read with the given separators, or None when the shape breaks that style."""
    if seps.count(decimal) > 1:
        return None
    if decimal in seps:
        if seps[-1] != decimal:
            return None
        integer, fraction = groups[:-1], groups[-1]
    else:
        integer, fraction = groups, ""
    if len(integer) > 1 and not _thousands_ok(integer):
        return None
    digits = "".join(integer)
    value = Decimal(digits + ("." + fraction if fraction else ""))
    return value, len(fraction)


def read_shape(shape: Shape, style: str | None = None) -> tuple[Decimal, int] | None:
    """Value and written decimals of a shape.

    ``style`` is ``"vi"``, ``"en"`` or None (prefer Vietnamese, accept English only when the
    Vietnamese reading is invalid and the English one is not).
    """
    groups, seps = shape.groups, shape.seps
    if not seps:
        result: tuple[Decimal, int] | None = (Decimal(groups[0]), 0)
    else:
        vi = _read(groups, seps, ".", ",")
        en = _read(groups, seps, ",", ".")
        if style == "vi":
            result = vi
        elif style == "en":
            result = en
        else:
            result = vi if vi is not None else en
    if result is None:
        return None
    value, decimals = result
    return (-value if shape.negative else value), decimals


def read_number(text: str, style: str | None = None) -> tuple[Decimal, int] | None:
    """Value and number of written decimals of one figure (``"1.234,5"`` -> (1234.5, 1)).

    For a table cell or a single figure: ``"2.117"`` -> (2117, 0), ``"42,54"`` -> (42.54, 2),
    ``"1098"`` -> (1098, 0), ``"07"`` -> (7, 0).  A trailing ``%`` is allowed (the value is the
    percentage).  None when the text is not a number or reads validly in neither style.
    """
    text = text.strip().replace("\u00a0", " ")
    if not text or not any(ch.isdigit() for ch in text):
        return None
    shape = parse_shape(text)
    if shape is None:
        return None
    return read_shape(shape, style)


# --------------------------------------------------------------------------------------
# Quantities of a document
# --------------------------------------------------------------------------------------


# One compiled regex finds every candidate: a digit run with separators and any
# slash-joined tail (ratios, dates, document numbers are told apart afterwards).
# The lookbehind sits after the first digit so that the search can skip ahead to digits
# (a leading lookbehind is tried at every offset: the pass cost 2-3 times as much).
_CANDIDATE = rx.compile(r"\d(?<![\w/.,\-−]\d)[\d.,]*(?:/[\w.,\-]+)*")
_SCALES = {"nghìn": Decimal(1000), "ngàn": Decimal(1000), "triệu": Decimal(10**6), "tỷ": Decimal(10**9), "tỉ": Decimal(10**9)}

# Units with a physical dimension: unit -> (dimension, factor to the base unit).
MEASURES: dict[str, tuple[str, Decimal]] = {
    "m²": ("area", Decimal(1)), "m2": ("area", Decimal(1)), "ha": ("area", Decimal(10000)),
    "km²": ("area", Decimal(10**6)), "km2": ("area", Decimal(10**6)),
    "km": ("length", Decimal(1000)), "m": ("length", Decimal(1)),
    "tấn": ("mass", Decimal(1000)), "tạ": ("mass", Decimal(100)), "kg": ("mass", Decimal(1)),
    "gam": ("mass", Decimal("0.001")), "g": ("mass", Decimal("0.001")),
    "đồng": ("money", Decimal(1)), "đ": ("money", Decimal(1)), "vnđ": ("money", Decimal(1)),
    "vnd": ("money", Decimal(1)), "usd": ("usd", Decimal(1)), "lít": ("volume", Decimal(1)),
}
_KIND_ALIASES = {"hộ gia đình": "hộ", "hộ dân": "hộ"}  # units counting the same things
_GLUED_UNITS = ("m²", "m2", "km²", "km2", "km", "kg", "ha", "m", "g", "đồng", "đ", "vnđ", "%")
COUNT_UNITS = (
    "công trình", "dự án", "vụ việc", "hộ gia đình", "lượt người", "văn bản", "quyết định", "công dân",
    "bị can", "đối tượng", "trường hợp", "hồ sơ", "đơn vị", "cán bộ", "công chức", "viên chức", "đồ án",
    "thửa đất", "suất quà", "tiêu chí", "giấy phép", "kế hoạch", "công văn", "báo cáo", "thông báo",
    "hội nghị", "cơ quan", "tổ chức", "học sinh", "doanh nghiệp", "đơn thư", "người", "lượt", "vụ", "hộ",
    "đơn", "việc", "bản", "xã", "thôn", "con", "cây", "quả", "suất", "cuộc", "lớp", "chiếc", "cái", "thửa",
    "đoàn", "trường", "phòng", "khu", "điểm", "tin", "bài", "buổi", "đợt", "ngày", "tháng", "năm",
)
_UNIT_WORDS = sorted(set(COUNT_UNITS) | {u for u in MEASURES if u[0].isalpha()}, key=lambda word: (-len(word), word))  # not a set's hash-seed order


def _trie(words: list[str]) -> str:
    """A regex matching the same words as their longest-first alternation, written as a trie:
    each character is tried once instead of once per word (a flat 80-word alternation under
    IGNORECASE costs up to 5 µs a figure).  A longer word is tried before a shorter one it
    extends, so the longest word that matches (and satisfies what follows) still wins."""
    rests: dict[str, list[str]] = {}
    for word in words:
        if word:
            rests.setdefault(word[0], []).append(word[1:])
    branches = [re.escape(first) + _trie(tails) for first, tails in rests.items()]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in words:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


_UNIT_AFTER = rx.compile(
    r"[ \t]*(?:(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)[ \t]+)?(?P<unit>%|" + _trie(_UNIT_WORDS) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_WORD_AFTER = rx.compile(r"[ \t]*(?P<unit>[^\W\d_]+)")
_NOT_UNITS = {
    "và", "so", "với", "của", "trên", "tại", "là", "đã", "được", "trong", "có", "để", "theo", "đến", "từ",
    "về", "cho", "các", "những", "hoặc", "hay", "thì", "mà", "nhưng", "tăng", "giảm", "đạt", "bằng",
    "and", "or", "are", "is", "of", "to", "the", "in",  # bilingual forms: "No 22.1 and 22.2"
}
# Words after which a figure names something (số 12, Điều 5, năm 2023, tỷ lệ 30): no quantity.
_IDENT_WORDS = (
    "số", "Số", "điều", "Điều", "khoản", "Khoản", "điểm", "Điểm", "mục", "Mục", "chương", "Chương", "phần",
    "Phần", "đề án", "Đề án", "nghị định", "Nghị định", "nghị quyết", "Nghị quyết", "quyết định", "Quyết định",
    "thông tư", "Thông tư", "chỉ thị", "Chỉ thị", "kế hoạch", "Kế hoạch", "công văn", "Công văn", "luật", "Luật",
    "khóa", "Khóa", "khoá", "Khoá", "thứ", "lần", "Lần", "quốc lộ", "Quốc lộ", "QL", "Tỉnh lộ", "tỉnh lộ", "tuyến",
    "Tuyến", "năm", "Năm", "tháng", "Tháng", "ngày", "Ngày", "quý", "Quý", "khối", "Khối", "tổ", "Tổ", "lô", "Lô",
    "phòng", "Phòng", "xã hội", "Km", "km", "cấp", "Cấp", "mức độ", "nhóm", "Nhóm", "phiên bản", "Phiên bản",
)
_SCALE_WORDS_BEFORE = ("tỷ lệ", "tỉ lệ", "Tỷ lệ", "Tỉ lệ")
_IDENT_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(word for word in _IDENT_WORDS if word[-1] == last) for last in {word[-1] for word in _IDENT_WORDS}
}
_GROWTH_WORDS = ("tăng", "giảm", "Tăng", "Giảm")
# The last characters after which _labels_figure can say yes: a keyword's last letter, "ệ" (tỷ lệ), ":" or ".".
_LABEL_LAST = frozenset(_IDENT_BY_LAST) | {"ệ", ":", "."}


# Not frozen, but hashable as before and never modified after analyse(): a frozen dataclass's
# __init__ pays an object.__setattr__ per field (2.5 µs more for these 13, a tenth of the analysis).
class Quantity(Record):
    """A number of the body with what it counts or measures.

    ``value`` is the figure as written (``triệu`` not applied); ``scale`` is the multiplier
    of a scale word; ``unit`` is normalised (casefolded; ``%`` for percentages; None when
    no unit follows).  ``precision`` is the number of written decimals.  ``role`` is
    ``""``, ``"num"``/``"den"`` (members of a ratio ``a/b``) or ``"rate"`` (``500.000đ/suất``).
    """

    __slots__ = ("value", "precision", "unit", "scale", "span", "end", "style", "block", "depth", "group", "role",
                 "growth", "raw")
    value: Decimal
    precision: int
    unit: str | None
    scale: Decimal
    span: Span  # the figure itself
    end: int  # end of figure, scale word and unit
    style: str  # "vi" | "en" | "plain"
    block: int  # index into doc.blocks
    depth: int  # parenthesis depth inside the block
    group: int  # offset of the innermost open "(" enclosing it, -1 at top level
    role: str
    growth: bool  # written right after "tăng"/"giảm"
    raw: str

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __init__(self, value: Decimal, precision: int, unit: str | None, scale: Decimal, span: Span, end: int,
                 style: str, block: int, depth: int, group: int, role: str = "", growth: bool = False,
                 raw: str = "") -> None:
        self.value = value
        self.precision = precision
        self.unit = unit
        self.scale = scale
        self.span = span
        self.end = end
        self.style = style
        self.block = block
        self.depth = depth
        self.group = group
        self.role = role
        self.growth = growth
        self.raw = raw

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def measure(self) -> tuple[str, Decimal] | None:
        return MEASURES.get(self.unit or "")

    @property
    def kind(self) -> str | None:
        """What the number can be added to: a dimension for measures, the unit otherwise."""
        measure = self.measure
        return measure[0] if measure else _KIND_ALIASES.get(self.unit or "", self.unit)

    @property
    def base(self) -> Decimal:
        measure = self.measure
        return self.value * self.scale * (measure[1] if measure else 1)

    @property
    def exact(self) -> bool:
        """Counts and whole amounts of money are exact; scaled or measured figures are rounded."""
        measure = self.measure
        return self.precision == 0 and self.scale == 1 and (measure is None or measure[0] == "money")

    @property
    def ulp(self) -> Decimal:
        measure = self.measure
        return Decimal(1).scaleb(-self.precision) * self.scale * (measure[1] if measure else 1)

    def interval(self) -> tuple[Decimal, Decimal]:
        """Every value the written figure may stand for: rounded (± half a unit) or truncated."""
        if self.exact:
            return self.base, self.base
        return self.base - self.ulp / 2, self.base + self.ulp


class BadFigure(Record):
    __slots__ = ("span", "raw")
    span: Span
    raw: str

    def __init__(self, span: Span, raw: str) -> None:
        self.span = span
        self.raw = raw


class Analysis(Record):
    __slots__ = ("quantities", "malformed", "style", "mixed_at", "groups", "events", "block_starts", "starts")
    quantities: list[Quantity]
    malformed: list[BadFigure]
    style: str | None  # document style: "vi", "en", or None when it mixes both
    mixed_at: Span | None  # the first figure against the document's majority style
    groups: dict[int, int]  # "(" offset -> matching ")" offset (or block end)
    events: dict[int, list[tuple[int, int, int]]]  # block index -> paren depth events
    block_starts: list[int]
    starts: list[int]  # start offset of each quantity, for bisecting ranges of quantities

    def __init__(self, quantities: list[Quantity], malformed: list[BadFigure], style: str | None,
                 mixed_at: Span | None, groups: dict[int, int], events: dict[int, list[tuple[int, int, int]]],
                 block_starts: list[int], starts: list[int]) -> None:
        self.quantities = quantities
        self.malformed = malformed
        self.style = style
        self.mixed_at = mixed_at
        self.groups = groups
        self.events = events
        self.block_starts = block_starts
        self.starts = starts


_PAREN = rx.compile(r"[()]")


def _paren_map(text: str, start: int, end: int, carried: list[int] | None = None
               ) -> tuple[list[tuple[int, int, int]], dict[int, int], list[int]]:
    """Depth events of a block: (offset, depth after it, innermost group), group ends, and the
    groups still open at its end.  ``carried``: the groups a footnote's previous piece left open
    (a note cut by a page break); they stay open from the block's start, and their ends stay
    where the analysis of that piece put them (a walk never runs across the text between)."""
    events: list[tuple[int, int, int]] = []
    stack: list[int] = list(carried) if carried else []
    ends: dict[int, int] = {}
    if stack:
        events.append((start, len(stack), stack[-1]))
    elif text.find("(", start, end) < 0:
        return events, ends, stack  # most blocks open no group, and a lone ")" changes nothing
    for m in _PAREN.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if ch == "(":
            stack.append(i)
            events.append((i, len(stack), i))
        elif ch == ")" and stack:
            opened = stack.pop()
            if opened >= start:
                ends[opened] = i
            events.append((i + 1, len(stack), stack[-1] if stack else -1))
    for open_at in stack:
        if open_at >= start:
            ends[open_at] = end
    return events, ends, stack


def _depth_at(events: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    i = bisect_right(events, (offset, 10**9, 10**9)) - 1
    return (events[i][1], events[i][2]) if i >= 0 else (0, -1)


def _style_of(shape: Shape) -> str:
    seps = shape.seps
    if not seps:
        return "plain"
    vi = _read(shape.groups, seps, ".", ",")
    en = _read(shape.groups, seps, ",", ".")
    if vi is not None and en is None:
        return "vi"
    if en is not None and vi is None:
        return "en"
    return "ambiguous"


def _quick_shape(text: str) -> Shape | None:
    """parse_shape without the parser for a figure made of ASCII digits, dots and commas (the
    grammar reads exactly these: non-empty digit groups between single separators)."""
    if text.isdigit() and text.isascii():
        return Shape(False, (text,), (), False)
    if text.isascii() and not text.strip("0123456789.,"):
        groups = tuple(text.replace(",", ".").split("."))
        return None if "" in groups else Shape(False, groups, tuple(ch for ch in text if ch in ".,"), False)
    return parse_shape(text)


@lru_cache(maxsize=8192)
def _reading(text: str) -> tuple[str, Decimal, int] | None:
    """Style, value and written decimals of a figure in the default reading; None when the
    grammar rejects it or no style reads it.  Cached: the same figures recur in every report."""
    shape = _quick_shape(text)
    read = read_shape(shape) if shape else None
    if shape is None or read is None:
        return None
    return _style_of(shape), read[0], read[1]


_ONE = Decimal(1)
_SPELLINGS = {"m2": "m²", "km2": "km²", "đ": "đồng", "vnđ": "đồng", "vnd": "đồng", "g": "gam"}
_DONG_MARKS = ("^d", "^đ", "<sup>d</sup>", "<sup>đ</sup>")


def _unit_after(clean: str, pos: int, limit: int, text: str | None = None) -> tuple[str | None, Decimal, int]:
    stop = min(pos + 40, limit)
    lead = pos
    while lead < stop and clean[lead] in " \t":
        lead += 1
    if lead >= stop or (clean[lead] != "%" and not clean[lead].isalnum()):
        return _dong_mark(text, pos)  # prefilter: no unit and no word starts here
    glued = pos < limit and clean[pos].isalpha()
    m = _UNIT_AFTER.match(clean, pos, stop)
    if m:
        scale_word, unit = m.groups()
        unit = unit.casefold()
        if not glued or unit in _GLUED_UNITS:
            return _SPELLINGS.get(unit, unit), _SCALES[scale_word.casefold()] if scale_word else _ONE, m.end()
    if glued:
        return "?", _ONE, pos
    unit, scale, end = _dong_mark(text, pos)
    if unit is not None:
        return unit, scale, end
    m = _WORD_AFTER.match(clean, pos, stop)
    if m and m.group("unit").casefold() not in _NOT_UNITS and m.group("unit")[0].islower():
        return m.group("unit").casefold(), _ONE, m.end()
    return None, _ONE, pos


def _dong_mark(text: str | None, pos: int) -> tuple[str | None, Decimal, int]:
    """A superscript đ written as markup (``^đ``, ``<sup>đ</sup>``), blanked in ``doc.clean``."""
    if text is not None and text.startswith(_DONG_MARKS, pos):
        return "đồng", _ONE, pos + (2 if text[pos] == "^" else 12)
    return None, _ONE, pos


_DATE_WORD_BEFORE = rx.compile(r"(?:ngày|Ngày|tháng|Tháng|đến|từ|Từ|hết|cầu|Cầu|non)[ \t]*$")


def _is_date(parts: list[str], before: str) -> bool:
    if len(parts) >= 3:
        return True
    a, b = parts
    if not (a.isdigit() and b.isdigit()):
        return False
    if _DATE_WORD_BEFORE.search(before):
        return True
    if 1 <= int(a) <= 31 and 1 <= int(b) <= 12:
        return True
    return 1 <= int(a) <= 12 and len(b) == 4 and b[:2] in ("19", "20")


def _labels_figure(tail: str) -> bool:
    """Whether the words before a figure make it a label, not a quantity (``số 12``,
    ``Điều 5:``, ``tỷ lệ 30``): a keyword, then ``[:.]?`` and blanks up to the figure.
    ``tail`` is the text before the figure without its final blanks (see _text_before)."""
    last = tail[-1:]
    words = _IDENT_BY_LAST.get(last)
    if words is None:
        if last == "ệ":
            return tail.endswith(_SCALE_WORDS_BEFORE)
        if last != ":" and last != ".":
            return False  # most figures: no keyword, colon or dot before them
        if last == ":" and tail.rstrip(" \t:").endswith(_SCALE_WORDS_BEFORE):
            return True
        tail = tail[:-1]
        words = _IDENT_BY_LAST.get(tail[-1:], ())
    if not tail.endswith(words):
        return False  # one C call for the usual case; the loop below finds which keyword
    for word in words:
        if tail.endswith(word) and _word_starts(tail, len(tail) - len(word)):
            return not tail[: len(tail) - len(word)].endswith(_EVERY)
    return False


# "kê khai hàng năm: 283 bản": "every year", not the label of a year
_EVERY = ("hàng ", "hằng ", "Hàng ", "Hằng ")


def _after_growth_word(tail: str) -> bool:
    """``tăng``/``giảm`` (then ``thêm``) right before the figure; ``tail`` as for _labels_figure,
    for a figure with blanks before it."""
    if tail.endswith(_GROWTH_WORDS):
        return True
    if not tail.endswith("thêm"):
        return False
    head = tail[:-4]
    words = head.rstrip(" \t")
    return len(words) < len(head) and words.endswith(_GROWTH_WORDS)


def _text_before(before: str) -> tuple[str, str]:
    """The text before a figure as the keyword tests read it: without one final newline (as
    "$" would), and that without its final blanks.  Matched by hand with str methods: a
    regex anchored at the end is tried at every offset of the text."""
    text = before.removesuffix("\n")
    return text, text.rstrip(" \t")


def _word_starts(text: str, at: int) -> bool:
    """A word boundary before ``text[at]`` (a word character), as ``\\b`` sees it."""
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


@fact
def analyse(doc: Document) -> Analysis:
    """Every quantity of the document's paragraphs, headings and footnotes."""
    clean = doc.clean
    quantities: list[Quantity] = []
    malformed: list[BadFigure] = []
    groups: dict[int, int] = {}
    all_events: dict[int, list[tuple[int, int, int]]] = {}
    evidence: list[tuple[str, Span]] = []
    blocks = doc.blocks
    found = list(_CANDIDATE.finditer(clean))  # one pass over the text, shared out to the blocks
    found_starts = [m.start() for m in found]
    no_events: list[tuple[int, int, int]] = []
    # a footnote going on after a page break: its next piece -> the end of the piece before it
    carried_from = {after.start: before.end for note in doc.footnotes.values() if note.continued
                    for before, after in pairwise(note.spans())}
    still_open: dict[int, list[int]] = {}  # block end -> the groups open there (for carried_from only)
    for index, block in enumerate(blocks):
        if block.kind not in _FIGURE_BLOCKS:
            continue
        start, end = block.span.start, block.span.end
        carried = still_open.get(carried_from[start]) if carried_from and start in carried_from else None
        if not carried and clean.find("(", start, end) < 0:
            events = no_events  # most blocks open no group, and a lone ")" changes nothing
        else:
            events, ends, left = _paren_map(clean, start, end, carried)
            groups.update(ends)
            if left and carried_from:
                still_open[end] = left
        all_events[index] = events
        for m in _block_candidates(clean, found, found_starts, start, end):
            quantities.extend(_quantities_of(doc, block, index, m, events, malformed, evidence))
    style = _decide_style(evidence)
    mixed_at = None
    if style is None:
        minority = "en" if sum(1 for s, _ in evidence if s == "en") <= sum(1 for s, _ in evidence if s == "vi") else "vi"
        mixed_at = next(span for s, span in evidence if s == minority)
        quantities = [q for q in quantities if q.style != "ambiguous"]
    elif style == "en":
        quantities = [_reread(q, "en") for q in quantities]
    analysis = Analysis(
        quantities, malformed, style, mixed_at, groups, all_events, [b.span.start for b in blocks],
        [q.span.start for q in quantities],
    )
    return analysis


_FIGURE_BLOCKS = frozenset(("paragraph", "heading", "footnote"))


def _block_candidates(clean: str, found: list[re.Match[str]], found_starts: list[int], start: int, end: int
                      ) -> list[re.Match[str]]:
    """``_CANDIDATE.finditer(clean, start, end)``, taken from the matches of one pass over the
    whole text: the same matches unless one of them runs across the block's start or end (the
    pattern has no lookahead, so a match cut at ``end`` is a prefix of the whole-text one); the
    block is then scanned on its own."""
    lo = bisect_left(found_starts, start)
    hi = bisect_left(found_starts, end, lo)
    if (lo > 0 and found[lo - 1].end() > start) or (hi > lo and found[hi - 1].end() > end):
        return list(_CANDIDATE.finditer(clean, start, end))
    return found[lo:hi]


def _decide_style(evidence: list[tuple[str, Span]]) -> str | None:
    kinds = {s for s, _ in evidence}
    if kinds == {"vi", "en"}:
        return None
    return "en" if kinds == {"en"} else "vi"


def _reread(q: Quantity, style: str) -> Quantity:
    shape = parse_shape(q.raw)
    read = read_shape(shape, style) if shape else None
    if read is None or q.style == "plain":
        return q
    return replace(q, value=read[0], precision=read[1])


# Dotted figures that are no number: clause numbers with two or more dots and short groups,
# HS tariff codes (four digits, then pairs).
_NOT_A_FIGURE = rx.compile(r"\d{1,3}(?:\.\d{1,2}){2,}|\d{4}\.\d{2}(?:\.\d{2}){0,2}")
_LABEL_LIST = rx.compile(
    r"(?<![^\W\d_])(?:[Mm]ục|[Đđ]iểm|[Kk]hoản|[Đđ]iều|[Ii]tems?|[Ss]ections?|[Cc]hương)[ \t]+\d[\d.]*"
    r"(?:[ \t]*(?:,|và|hoặc|and|or)[ \t]*\d[\d.]*)*[ \t]*(?:,|và|hoặc|and|or)$"
)
_SHORT_DOTTED = rx.compile(r"\d{1,2}\.\d{1,2}")
_WORD_NEXT = rx.compile(r"[ \t]+[^\W\d_]")
# "Cách mạng công nghiệp 4.0", "CMCN 4.0", "phiên bản 2.0": a version, not a decimal
_VERSION_WORDS = ("công nghiệp", "CMCN", "phiên bản", "Phiên bản", "version", "Version", "Web", "IPv")
_PERCENT_AFTER = rx.compile(r"[ \t]*%")
_RATE_AFTER = rx.compile(r"[ \t]*/[ \t]*[^\W\d_]")
_BAD_SEPARATORS = rx.compile(r"[.,]{2}|[.,]$")
_TIME_UNITS = ("giờ", "phút", "h")


def _quantities_of(
    doc: Document,
    block: Block,
    index: int,
    m: re.Match[str],
    events: list[tuple[int, int, int]],
    malformed: list[BadFigure],
    evidence: list[tuple[str, Span]],
) -> list[Quantity]:
    # Cheap rejections come first: two candidates in three are no quantity.
    clean = doc.clean
    start, token = m.start(), m.group()
    before = clean[max(block.span.start, start - 30) : start]
    if "/" in token:
        return _slash_quantities(doc, block, index, m, events, before)
    end = m.end()
    if token[-1] in ".," and not _PERCENT_AFTER.match(clean, end, end + 3):
        token = token.rstrip(".,")  # the sentence's punctuation, unless a % follows (60,%)
        end = start + len(token)
    if end + 1 < len(clean) and clean[end] in "-–" and clean[end + 1].isdigit():
        return []  # ranges and dash lists: 2021-2025, 1-2-3
    if clean.startswith((".", ")"), end) and not before.strip():
        return []  # a section label at the start of a block
    if "." in token and (_NOT_A_FIGURE.fullmatch(token) or "..." in token):
        return []  # 3.2.7.1, 2.1.4 (clause numbers), 9611.00.00 (HS codes), 1,2,3,...12 (a list)
    if not before.strip(" \t|") and _SHORT_DOTTED.fullmatch(token) and _WORD_NEXT.match(clean, end):
        return []  # "8.5 Thông báo trúng thưởng:", "| 2.8 khoáng sản": a section label
    text_before = before.removesuffix("\n")  # _text_before, inlined: it runs for most figures
    tail = text_before.rstrip(" \t")
    if (tail[-1:] in _LABEL_LAST and _labels_figure(tail)) or (token.endswith(".0") and tail.endswith(_VERSION_WORDS)):
        return []
    if tail[-1:] in ",àdr" and _LABEL_LIST.search(tail):
        return []  # "Mục 5.1 và 5.2", "các mục 6.1, 6.2 và 6.3": the later labels of a list
    if token[0] == "0" and len(token) > 2 and token[1].isdigit() and not token.isdigit():
        return []  # 080.44243, 0243.822: a phone number (no number starts with 0 and a digit)
    reading = _reading(token)
    unit, scale, unit_end = _unit_after(clean, end, block.span.end, doc.text)
    if reading is None:
        if unit is not None or _BAD_SEPARATORS.search(token):
            malformed.append(BadFigure(Span(start, end), token))
        return []
    if unit == "?" or unit in _TIME_UNITS:
        return []  # glued to a word (14h30, 4G), or a time of day (08.00 giờ)
    style, value, precision = reading
    if unit is None and style == "plain" and len(token) == 4 and token[:2] in ("19", "20"):
        return []  # a year
    span = Span(start, end)
    if style in ("vi", "en") and unit is not None:
        evidence.append((style, span))
    depth, group = _depth_at(events, start) if events else (0, -1)
    role = "rate" if _RATE_AFTER.match(clean, unit_end, unit_end + 4) else ""
    first = Quantity(value, precision, unit, scale, span, unit_end, style, index, depth, group, role,
                     len(tail) < len(text_before) and _after_growth_word(tail), token)
    second = _after_slash(clean, unit_end, block.span.end, first) if unit is not None else None
    if second is None:
        return [first]
    if second.unit in (None, unit):  # 3.089 triệu đồng/9.480 triệu đồng, 18 việc/253: a ratio
        return [replace(first, role="num"), replace(second, unit=unit, scale=scale if second.unit is None else second.scale, role="den")]
    return [first, second]  # 27 lượt/39 công dân: two counts


_SLASH_NUMBER = rx.compile(r"[ \t]*/[ \t]*(\d[\d.,]*)")


def _after_slash(clean: str, pos: int, limit: int, first: Quantity) -> Quantity | None:
    m = _SLASH_NUMBER.match(clean, pos, limit)
    if not m:
        return None
    token = m.group(1).rstrip(".,")
    reading = _reading(token)
    if reading is None:
        return None
    start = m.start(1)
    end = start + len(token)
    unit, scale, unit_end = _unit_after(clean, end, limit)
    if unit == "?":
        return None
    style, value, precision = reading
    return Quantity(value, precision, unit, scale, Span(start, end), unit_end, style, first.block,
                    first.depth, first.group, "", False, token)


_LETTER = rx.compile(r"[^\W\d_]")


def _slash_quantities(
    doc: Document, block: Block, index: int, m: re.Match[str], events: list[tuple[int, int, int]], before: str
) -> list[Quantity]:
    clean = doc.clean
    token = m.group().rstrip(".,")
    parts = token.split("/")
    if len(parts) != 2 or _LETTER.search(token):
        return []  # document numbers (1076/BC-UBND), dates (15/11/2023)
    if _is_date(parts, before) or _labels_figure(_text_before(before)[1]):
        return []
    num, den = _reading(parts[0]), _reading(parts[1])
    if num is None or den is None:
        return []
    start = m.start()
    num_end = start + len(parts[0])
    end = start + len(token)
    unit, scale, unit_end = _unit_after(clean, end, block.span.end)
    if unit == "?":
        return []
    depth, group = _depth_at(events, start)
    return [
        Quantity(num[1], num[2], unit, scale, Span(start, num_end), num_end, num[0], index, depth, group, "num", False,
                 parts[0]),
        Quantity(den[1], den[2], unit, scale, Span(num_end + 1, end), unit_end, den[0], index, depth, group, "den",
                 False, parts[1]),
    ]


def depth_at(analysis: Analysis, block: int, offset: int) -> tuple[int, int]:
    """Parenthesis depth and innermost open group at an offset of a block."""
    return _depth_at(analysis.events.get(block, []), offset)


def block_index(analysis: Analysis, offset: int) -> int:
    return bisect_right(analysis.block_starts, offset) - 1


def format_vi(value: Decimal, decimals: int | None = None) -> str:
    """A Decimal written the Vietnamese way: 1.234,5."""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    integer, _, fraction = text.partition(".")
    grouped = ".".join(integer[max(0, i - 3) : i] for i in range(len(integer), 0, -3)[::-1])
    return sign + grouped + ("," + fraction if fraction else "")


def quantities(doc: Document) -> list[Quantity]:
    """The document's quantities in text order."""
    return analyse(doc).quantities
