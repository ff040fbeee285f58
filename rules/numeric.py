"""Rule family: numeric.  Recompute what the text claims: totals, counts, ratios, changes
and conversions, with the tolerance its written precision allows.

The numbers come from :func:`doclint.numeric.analyse` (a document fact); this module
finds the structures (a total and its parts, a count and its list, a ratio and its
percentage) and checks them with interval arithmetic over :class:`decimal.Decimal`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from decimal import Decimal
from itertools import pairwise

from doclint import regex as rx
from doclint.datacache import load_toml
from doclint.facts import fact
from doclint.model import Block, Document, Footnote, Joined, Region, Severity, Span
from doclint.numeric import (
    COUNT_UNITS,
    MEASURES,
    Analysis,
    Quantity,
    analyse,
    block_index,
    depth_at,
    format_vi,
)
from doclint.paths import rules_dir
from doclint.records import Record, replace
from doclint.rule import Diagnostic, Rule, RuleContext

Interval = tuple[Decimal, Decimal]
Intro = tuple[str, int, int, int]  # mode, scope start, scope end, scope group
IntroMemo = dict[tuple[int, int, int], list[Intro]]  # (block, group, end) of a total -> its intros

_INTRO_KW = rx.compile(r"(?:trong đó|Trong đó|bao gồm|Bao gồm|gồm|Gồm|cụ thể|Cụ thể)(?![^\W\d_])[ \t]*(?:có[ \t]+)?[:,]?")
# The first word of each keyword: _INTRO_KW is tried only at a word that can open one.
_INTRO_FIRST_WORDS = frozenset({"trong", "Trong", "bao", "Bao", "gồm", "Gồm", "cụ", "Cụ"})
_INTRO_START = rx.compile("|".join(sorted(_INTRO_FIRST_WORDS)))
_PLAIN_RUN = rx.compile(r"(?:[ \t,]*[^\W\d_]+){0,5}[ \t,]*")
_NEGATION = rx.compile(r"(?:chưa|không|Chưa|Không)$")
_GAP_WORD = rx.compile(r"[^\W\d_]+")
_STOP_GAP = {"tổng", "so", "với", "đạt", "bằng", "tăng", "giảm", "chưa", "không", "là"}
# Where a parts list ends early: a new clause opening another total, or a comparison.
_TOTAL_WORD = rx.compile(r"[,;.:][ \t]*(?:tổng|Tổng)(?![^\W\d_])|;[ \t]*(?:[a-zđ]|\d{1,2})\)[ \t]|(?<![^\W\d_])(?:so với|lũy kế|luỹ kế|cùng kỳ|kỳ trước|năm trước|tháng trước)(?![^\W\d_])")
_FOOTNOTE_COMPLETE = rx.compile(r"^[\s\-–*]*(?:Gồm|gồm|Bao gồm|bao gồm)")
_FOOTNOTE_PARTIAL = rx.compile(r"^[\s\-–*]*(?:Trong đó|trong đó)")
_RATIO_LINK = rx.compile(r"^[\s,:]*(?:(?:[^\W\d_]+[ \t,]*){0,6}(?:đạt|bằng|chiếm|là)|=)[ \t:]*$")
_GROWTH_LINK = rx.compile(r"^[ \t]*(?:,|và|\()?[ \t]*(?P<dir>tăng|giảm)?[ \t]*$")
_CONVERT_LINK = rx.compile(r"^[ \t]*(?:=|\(|tương đương(?: với)?|tương ứng)[ \t]*$")
_COMPARISON_AFTER = rx.compile(r"[^;.)]{0,30}?(?:so với|cùng kỳ|năm trước|kỳ trước|kế hoạch|dự toán|chỉ tiêu)")
_CRITERIA = rx.compile(
    r"(?<![\d/])(?P<count>\d{1,3})(?:/(?P<of>\d{1,3}))?[ \t]+tiêu chí(?P<gap>[^.;:()\d]{0,40}?)"
    r"[ \t]*(?:gồm|là)?[ \t]*:?[ \t]*\(?[ \t]*(?P<list>\d{1,2}(?:[ \t]*[-–,][ \t]*\d{1,2})+)"
)


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------


def _starts(an: Analysis) -> list[int]:
    return an.starts


def _between(an: Analysis, starts: list[int], start: int, end: int) -> list[Quantity]:
    return an.quantities[bisect_left(starts, start) : bisect_left(starts, end)]


def _sentence_end(clean: str, pos: int, limit: int) -> int:
    """Offset of the end of the sentence that runs at ``pos`` (a full stop before a capital)."""
    i = pos
    while i < limit:
        i = clean.find(".", i, limit)
        if i < 0:
            return limit
        j = i + 1
        while j < limit and clean[j] in " \t\n":
            j += 1
        if j >= limit or (j > i + 1 and (clean[j].isupper() or clean[j] in "-+")):
            return i
        i += 1
    return limit


class _SentenceEnds:
    """``_sentence_end`` for the figures of a document in text order: the end found from one
    offset holds for every later offset up to it, so a long sentence is scanned once."""

    __slots__ = ("_clean", "_end", "_limit", "_pos")

    def __init__(self, clean: str) -> None:
        self._clean = clean
        self._limit, self._pos, self._end = -1, -1, -1

    def at(self, pos: int, limit: int) -> int:
        if limit != self._limit or not self._pos <= pos <= self._end:
            self._limit, self._pos, self._end = limit, pos, _sentence_end(self._clean, pos, limit)
        return self._end


def _clause_start(clean: str, pos: int, floor: int) -> int:
    """Where the clause ending at ``pos`` begins (after ``;`` or a full stop)."""
    i = pos
    while i > floor and clean[i - 1] in " \t.":
        i -= 1
    semi = clean.rfind(";", floor, i)
    stop = clean.rfind(". ", floor, i)
    return max(semi, stop, floor - 1) + 1


def _sum(intervals: list[Interval]) -> Interval:
    return sum((a for a, _ in intervals), Decimal(0)), sum((b for _, b in intervals), Decimal(0))


def _percent_interval(q: Quantity) -> Interval:
    unit = Decimal(1).scaleb(-q.precision)
    return q.value - unit / 2, q.value + unit


def _factor(q: Quantity) -> Decimal:
    measure = MEASURES.get(q.unit or "")
    return q.scale * (measure[1] if measure else 1)


def _shown(q: Quantity) -> str:
    return q.raw


_SCALE_WORDS = {Decimal(1000): "nghìn ", Decimal(10**6): "triệu ", Decimal(10**9): "tỷ "}


def _unit_label(q: Quantity) -> str:
    return _SCALE_WORDS.get(q.scale, "") + (q.unit or "")


# --------------------------------------------------------------------------------------
# Totals and their parts
# --------------------------------------------------------------------------------------


class SumCheck(Record):
    __slots__ = ("total", "parts", "mode", "scope")
    total: Quantity
    parts: list[Quantity]
    mode: str  # complete (gồm) | listed (complete by how the parts are written) | partial (trong đó) | loose
    scope: tuple[int, int]  # where the parts were looked for

    def __init__(self, total: Quantity, parts: list[Quantity], mode: str,
                 scope: tuple[int, int] = (-1, -1)) -> None:
        self.total = total
        self.parts = parts
        self.mode = mode
        self.scope = scope


def _eligible_total(q: Quantity) -> bool:
    return q.unit is not None and not q.percent and q.role == "" and not q.growth


def _find_intro(doc: Document, an: Analysis, starts: list[int], q: Quantity, memo: IntroMemo) -> list[Intro]:
    """(mode, scope start, scope end, scope group) of each parts list announced after a total:
    ``9.480 triệu đồng, (trong đó: ...) bao gồm: ...`` announces two.  Memoised on what the
    search reads (block, group, end of the total): a total is also met as a part of another."""
    key = (q.block, q.group, q.end)
    found = memo.get(key)
    if found is None:
        found = []
        intro = _first_intro(doc, an, starts, q, found)
        if intro:
            found.append(intro)
        memo[key] = found
    return found


def _first_intro(doc: Document, an: Analysis, starts: list[int], q: Quantity, found: list[Intro]) -> Intro | None:
    clean = doc.clean
    block = doc.blocks[q.block]
    limit = block.span.end
    if q.group >= 0:
        limit = min(limit, an.groups.get(q.group, limit))
    if q.end >= limit or _announces_nothing(clean, q.end, limit):
        return None
    i, words, skipped = q.end, 0, 0
    previous = ""
    while i < limit:
        while i < limit and clean[i] in " \t,":
            i += 1
        if i >= limit:
            return None
        ch = clean[i]
        if ch == "(":
            close = an.groups.get(i, limit)
            inner_at = i + 1
            while inner_at < close and clean[inner_at] in " \t*":
                inner_at += 1
            m = _INTRO_KW.match(clean, inner_at, close)
            if m:
                found.append((_mode(m.group()), m.end(), close, i))
                i = close + 1
                continue
            if words == 0 and clean[inner_at : inner_at + 1].isdigit():
                return _paren_mode(clean, an, starts, q, inner_at, close, i), inner_at, close, i
            if words == 0 and _opposite_pair(clean, an, starts, q, inner_at, close, i):
                return "listed", inner_at, close, i
            if _restating_items(clean, an, starts, q, inner_at, close, i) and not _unit_again(clean, q, i):
                labelled = words == 0 and _labelled_items(clean, an, starts, inner_at, close, i)
                return ("listed" if labelled else "loose"), inner_at, close, i
            skipped += 1
            if skipped > 1:
                return None
            i = close + 1
            continue
        word = _GAP_WORD.match(clean, i, limit)
        m = _INTRO_KW.match(clean, i, limit) if word and word.group() in _INTRO_FIRST_WORDS else None
        if m:
            if _NEGATION.search(previous):
                return None
            return _mode(m.group()), m.end(), _scope_end(clean, m.end(), limit), q.group
        if ch == ":" and words == 0:  # "...: 76, trong đó" is caught above; a label "X công trình miễn phép:" is no total
            # "lập thành 03 bản: 01 bản giao doanh nghiệp, 01 bản gửi …, 01 bản lưu": the colon
            # right after the unit opens the list of those three
            mode = "listed" if _FIGURE_NEXT.match(clean, i + 1, limit) else "loose"
            return mode, i + 1, _scope_end(clean, i + 1, limit), q.group
        if ch.isdigit():
            following = _between(an, starts, i, i + 1)
            if following and words == 0:  # 06 vụ 08 bị can (...): totals side by side
                i = following[-1].end
                continue
            return None
        if not word or word.group().casefold() in _STOP_GAP:
            return None
        words += 1
        if words > 5:
            return _late_paren(clean, an, starts, q, word.end(), limit, words)
        previous = word.group()
        i = word.end()
    return None


_LATE_SPAN = 200  # characters _late_paren may walk: 25 words
_LATE_WORDS = 25  # "Trồng được 6.000 cây các loại trên địa bàn các xã, thị trấn (580 cây …; 400 cây …)"


_FIGURE_NEXT = rx.compile(r"[ \t*]*\d")


def _late_paren(clean: str, an: Analysis, starts: list[int], q: Quantity, i: int, limit: int, words: int) -> Intro | None:
    """After more plain words than a keyword may stand from its total, only a parenthesis
    whose every item restates the total's unit still breaks it down; it is never taken as
    complete (the words between may narrow what it counts)."""
    while i < limit:
        while i < limit and clean[i] in " \t,":
            i += 1
        if i >= limit:
            return None
        if clean[i] == "(":
            close = an.groups.get(i, limit)
            inner_at = i + 1
            while inner_at < close and clean[inner_at] in " \t*":
                inner_at += 1
            close = _sentence_end(clean, inner_at, close)
            if _unit_again(clean, q, i) or not _restating_items(clean, an, starts, q, inner_at, close, i):
                return None
            return "loose", inner_at, close, i
        word = _GAP_WORD.match(clean, i, limit)
        if not word or word.group().casefold() in _STOP_GAP or word.group() in _INTRO_FIRST_WORDS:
            return None
        words += 1
        if words > _LATE_WORDS:
            return None
        i = word.end()
    return None


def _unit_again(clean: str, total: Quantity, at: int) -> bool:
    """Words between the total and the parenthesis at ``at`` that may give the parenthesis
    another group to split: the total's unit named again (``100 hộ nghèo, … nhiều hộ thoát
    nghèo (xã A 60 hộ; …)``), or a new predicate (``tiếp nhận 303 hồ sơ, đã giải quyết (…)``)."""
    gap = clean[total.end : at]
    if any(word.casefold() in _NEW_PREDICATE for word in _GAP_WORD.findall(gap)):
        return True
    unit = total.unit or ""
    return bool(unit) and re.search(r"(?<![^\W\d_])" + re.escape(unit) + r"(?![^\W\d_])", gap, re.IGNORECASE) is not None


# first words of a later stage or a change: đã giải quyết, được phê duyệt, trả kết quả, hoàn thành,
# còn tồn, nâng lên (not "cấp", "bàn": cấp xã, địa bàn)
_NEW_PREDICATE = frozenset({
    "đã", "được", "đang", "sẽ", "giải", "xử", "trả", "hoàn", "phê", "tồn", "chuyển", "thêm", "lên", "xuống", "còn",
    "nâng",
})


def _restating_items(clean: str, an: Analysis, starts: list[int], total: Quantity, start: int, end: int, group: int) -> bool:
    """``(580 cây cảnh quan; 400 cây ăn quả; 5.020 cây hoa …)``, ``(Kê khai lần đầu: 13 bản, kê
    khai hàng năm: 283 bản)``: two items or more, each holding one figure in the total's unit
    (its own count or amount, not a rate, a change or a share).  Not ``(như: …)`` or ``(ví dụ …)``."""
    if _EXAMPLE_OPEN.match(clean, start, end):
        return False
    mark = ";" if clean.find(";", start, end) >= 0 else ","
    items = [(a, b) for a, b in _item_spans(clean, start, end, mark) if clean[a:b].strip(" \t\n.*,;")]
    if len(items) < 2:
        return False
    for a, b in items:
        figures = [p for p in _between(an, starts, a, b) if p.group == group]
        same = [p for p in figures if p.kind == total.kind or _short_unit(p, total)]
        if len(same) != 1 or same[0].role or same[0].growth or same[0].percent:
            return False
        label = clean[a : same[0].span.start]
        if _has_digit(label) or _COMPARISON_WORDS.search(label):
            return False  # "(năm 2022: 300 hồ sơ; năm 2021: 280 hồ sơ)": earlier years, not parts
    return True


def _labelled_items(clean: str, an: Analysis, starts: list[int], start: int, end: int, group: int) -> bool:
    """``12 vụ (buôn lậu 05 vụ; hàng giả 03 vụ; gian lận thương mại 04 vụ)``, right after the
    total: every item names its group in words, then its figure (checked by _restating_items).
    A label holding a figure (``năm 2022: 300 hồ sơ``) or a comparison is another measure."""
    mark = ";" if clean.find(";", start, end) >= 0 else ","
    labels = []
    for a, b in _item_spans(clean, start, end, mark):
        if not clean[a:b].strip(" \t\n.*,;"):
            continue
        first = next(p for p in _between(an, starts, a, b) if p.group == group)
        label = clean[a : first.span.start].strip(" \t*_:").casefold()
        if not label or _has_digit(label) or _COMPARISON_WORDS.search(label):
            return False
        labels.append(label)
    return len(set(labels)) == len(labels)


_COMPARISON_WORDS = rx.compile(r"(?<![^\W\d_])(?:so với|cùng kỳ|năm trước|kỳ trước|tháng trước|kế hoạch|chỉ tiêu|dự toán|lũy kế|luỹ kế)(?![^\W\d_])")
_EXAMPLE_OPEN = rx.compile(r"(?:như|Như|ví dụ|Ví dụ|chẳng hạn|Chẳng hạn|trong đó|Trong đó|gồm|Gồm|bao gồm|Bao gồm)(?![^\W\d_])")


def _paren_mode(clean: str, an: Analysis, starts: list[int], total: Quantity, start: int, end: int, group: int) -> str:
    """``06 vụ 08 bị can (05 vụ 05 bị can …; 01 vụ 03 bị can …)``: a parenthesis whose every
    ``;`` item opens with figures restating the total's unit is its complete breakdown."""
    items = _item_spans(clean, start, end, ";" if clean.find(";", start, end) >= 0 else ",")
    if len(items) < 2:
        return "loose"
    for a, b in items:
        figures = [q for q in _between(an, starts, a, b) if q.group == group][:2]
        if not figures or clean[a : figures[0].span.start].strip(" \t*_") or figures[0].role or figures[0].growth:
            return "loose"
        chain = figures if len(figures) > 1 and not clean[figures[0].end : figures[1].span.start].strip() else figures[:1]
        if not any(f.kind == total.kind or _short_unit(f, total) for f in chain):
            return "loose"
    return "listed"


def _opposite_pair(clean: str, an: Analysis, starts: list[int], total: Quantity, start: int, end: int, group: int) -> bool:
    """``70 đơn (số đơn đủ điều kiện xử lý 68 đơn, số đơn không đủ điều kiện xử lý 02 đơn)``:
    two groups named X and not-X (or nam/nữ …) split the whole."""
    figures = [p for p in _between(an, starts, start, end) if p.group == group]
    if len(figures) != 2 or any(p.kind != total.kind or p.role or p.growth for p in figures):
        return False
    if clean[figures[1].end : end].strip(" \t.;*"):
        return False
    first = clean[start : figures[0].span.start].strip(" \t,;:*").casefold()
    second = clean[figures[0].end : figures[1].span.start].strip(" \t,;:*").casefold()
    if not first or not second:
        return False
    if frozenset({first, second}) in _partitions() or _negated_pair([first, second]):
        return True
    return any(b.replace(word, "", 1) == a for a, b in ((first, second), (second, first)) for word in ("không ", "chưa "))


def _announces_nothing(clean: str, start: int, limit: int) -> bool:
    """A sure "no intro" for _first_intro in two regex calls instead of a walk word by word
    (most figures): at most five plain words, none of which can open a keyword, then no
    parenthesis, and no colon or figure right after the total.  When unsure, False."""
    run = _PLAIN_RUN.match(clean, start, limit)
    run_end = run.end() if run else start
    if _INTRO_START.search(clean, start, run_end + 5):  # + 5: a sixth word is still read
        return False
    if run_end >= limit:
        return True
    ch = clean[run_end]
    if ch == ":" or ch.isdigit():
        return bool(clean[start:run_end].strip(" \t,"))  # after a word the walk stops there
    if ch != "(" and ch.isalpha():  # five words read: _late_paren may still meet a parenthesis
        return clean.find("(", run_end, min(limit, run_end + _LATE_SPAN)) < 0
    return ch != "("


def _mode(keyword: str) -> str:
    word = keyword.casefold()
    if "gồm" in word:
        return "complete"
    if "trong đó" in word:
        return "partial"
    return "loose"


def _scope_end(clean: str, start: int, limit: int) -> int:
    end = _sentence_end(clean, start, limit)
    total_word = _TOTAL_WORD.search(clean, start, end)
    return total_word.start() if total_word else end


def _parts(clean: str, an: Analysis, starts: list[int], total: Quantity, start: int, end: int, group: int) -> list[Quantity] | None:
    """Parts of the total's kind in the scope; None when the scope nests flat sub-lists."""
    parts, same = [], []
    kinds = _kinds().get(total.kind or "")
    for q in _between(an, starts, start, end):
        if q.group != group:
            continue
        if q.role in ("num", "den", "rate") or q.growth:
            continue
        if (q.kind == total.kind or _short_unit(q, total)) and not q.percent:
            parts.append(q)
            same.append(q)
        elif kinds and _of_kind(clean, q, kinds):
            parts.append(replace(q, unit=total.unit))
    if len(parts) > len(same) and any(not _ITEM_GAP.search(clean, a.end, b.span.start) for a, b in pairwise(parts)):
        return same  # "08 Nghị định hướng dẫn 03 Luật": the kinds are linked by words, not listed
    return parts


@cache
def _kinds() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Unit -> patterns of the names of its kinds (``văn bản``: ``Luật``, ``Nghị định`` …, from
    ``rules/partitions.toml``): one right after a figure (any case), one anywhere (capitalised)."""
    table = load_toml(rules_dir() / "partitions.toml").get("kinds", {})
    found = {}
    for unit, names in table.items():
        alternation = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
        found[unit] = (
            re.compile(r"[ \t]+(?:" + alternation + r")(?![^\W\d_])", re.IGNORECASE),
            re.compile(r"(?<![^\W\d_])(?:" + alternation + r")(?![^\W\d_])"),  # as written: "báo cáo UBND" is a verb
        )
    return found


def _of_kind(clean: str, q: Quantity, kinds: tuple[re.Pattern[str], re.Pattern[str]]) -> bool:
    """``22 Luật``, ``19 Nghị định`` under a total of văn bản: a whole count followed by the name of
    a kind of the total's unit (the name read as the unit, or no unit read)."""
    if q.percent or q.precision or q.measure is not None:
        return False
    return kinds[0].match(clean, q.span.end) is not None


def _short_unit(part: Quantity, total: Quantity) -> bool:
    """``14 vụ việc (gồm 10 vụ cũ và 04 vụ việc mới)``: the unit's first word stands for it."""
    return bool(part.unit and total.unit and part.measure is None and total.unit.startswith(part.unit + " "))


def _nested_flat(doc: Document, an: Analysis, starts: list[int], start: int, end: int, group: int, memo: IntroMemo) -> bool:
    """A part that itself opens a list without parentheses makes the structure ambiguous."""
    return any(
        q.group == group
        and _eligible_total(q)
        and any(intro[0] != "loose" and intro[3] == group for intro in _find_intro(doc, an, starts, q, memo))
        for q in _between(an, starts, start, end)
    )


def body_sums(doc: Document) -> Iterator[SumCheck]:
    an = analyse(doc)
    starts = _starts(an)
    memo: IntroMemo = {}
    for q in an.quantities:
        if not _eligible_total(q):
            continue
        for mode, start, end, group in _find_intro(doc, an, starts, q, memo):
            if _nested_flat(doc, an, starts, start, end, group, memo):
                continue
            cut = _TOTAL_WORD.search(doc.clean, start, end)
            stop = cut.start() if cut else end
            parts = _parts(doc.clean, an, starts, q, start, stop, group)
            if mode == "partial":
                listed = _listed_in_full(doc.clean, an, starts, q, start, stop, group)
                if listed:
                    mode, parts = "listed", listed
            if mode == "listed" and len(parts) < 2:
                continue  # "300 hồ sơ: 250 hồ sơ đã giải quyết": one figure is a detail, no list
            if len(parts) >= (2 if mode == "loose" else 1):  # one figure in a bare parenthesis is an aside
                yield SumCheck(q, parts, mode, (start, end))


# "189 văn bản khác", "15 hộ còn lại": the last item takes the rest
_OTHERS_AFTER = rx.compile(r"[ \t]*(?:khác|còn lại)(?![^\W\d_])")
# "còn lại 15 hộ", "văn bản khác: 189", "các loại khác là 12"
_REST_BEFORE = rx.compile(r"(?<![^\W\d_])(?:còn lại|Còn lại|khác|Khác)(?:[ \t]+là)?[ \t]*:?[ \t]*$")
_ITEM_GAP = rx.compile(r"[,;]|(?<![^\W\d_])và(?![^\W\d_])")
_LABEL = rx.compile(r"(?:^|[,;:]|(?<![^\W\d_])và(?![^\W\d_]))[ \t]*(?P<label>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3})[ \t]*:?[ \t]*$")
# Groups that make up every whole they split (nam/nữ, trong/ngoài tỉnh, đạt/chưa đạt)
@cache
def _partitions() -> tuple[frozenset[str], ...]:
    """The true partitions of ``rules/partitions.toml`` (`nam` / `nữ`, `đúng hạn` / `quá hạn`)."""
    return tuple(frozenset(group) for group in load_toml(rules_dir() / "partitions.toml")["partitions"])


def _negated_pair(labels: list[str]) -> bool:
    """Two groups that make up any whole by their words alone: a group and its negation
    (``đã giải quyết`` / ``chưa giải quyết``, ``đủ điều kiện`` / ``không đủ điều kiện``), inside
    and outside of one thing (``trong tỉnh`` / ``ngoài tỉnh``, ``công lập`` / ``ngoài công lập``,
    ``nội trú`` / ``ngoại trú``)."""
    if len(labels) != 2:
        return False
    a, b = labels
    for plain, other in ((a, b), (b, a)):
        for word in ("không ", "chưa "):
            if other.startswith(word) and other[len(word):] == plain.removeprefix("đã "):
                return True
        if other.startswith("ngoài ") and other[6:] in (plain, plain.removeprefix("trong ")):
            return True
        if plain.startswith("nội ") and other.startswith("ngoại ") and plain[4:] == other[6:]:
            return True
    return False


def _listed_in_full(clean: str, an: Analysis, starts: list[int], total: Quantity, start: int, end: int, group: int) -> list[Quantity] | None:
    """The parts of a ``trong đó`` list that is complete by its own words, else None:
    ``2.117 văn bản, trong đó: 22 văn bản mật, … và 189 văn bản khác`` (the last item takes
    the rest: the items may name kinds of the total's unit); ``390 người, trong đó cán bộ 202
    người; công chức: 188 người`` after ``cán bộ, công chức`` (the total names its groups), or
    groups that partition anything (nam/nữ, trong/ngoài tỉnh, đạt/chưa đạt)."""
    figures = [p for p in _between(an, starts, start, end) if p.group == group]
    if len(figures) < 2 or any(p.role or p.growth or p.percent for p in figures):
        return None
    if any(not _ITEM_GAP.search(clean, a.end, b.span.start) for a, b in pairwise(figures)):
        return None  # one figure per item
    last = figures[-1]
    if _OTHERS_AFTER.match(clean, last.end) or _REST_BEFORE.search(clean, figures[-2].end, last.span.start):
        if last.kind != total.kind or clean.find("khác", start, figures[-2].end) >= 0:
            return None
        if total.measure is None and all(p.measure is None and p.unit is not None and p.precision == 0 for p in figures):
            return figures
        return None
    return _named_groups(clean, total, figures, start)


def _named_groups(clean: str, total: Quantity, figures: list[Quantity], start: int) -> list[Quantity] | None:
    if any(p.unit is not None and p.kind != total.kind for p in figures):
        return None
    lead = clean[_clause_start(clean, total.span.start, max(0, total.span.start - 200)) : total.span.start].casefold()
    labels = _short_labels(clean, figures, start)
    if labels is None:
        return figures if _groups_covered(clean, figures, start, lead) else None
    if len(set(labels)) != len(labels):
        return None
    if frozenset(labels) in _partitions() or _negated_pair(labels):
        return figures
    joined = r"[ \t]*(?:,|và)?[ \t]*".join(re.escape(label) for label in labels)
    if re.search(r"(?<![^\W\d_])" + joined + r"(?![^\W\d_])", lead):
        return figures
    return figures if _groups_covered(clean, figures, start, lead) else None


def _short_labels(clean: str, figures: list[Quantity], start: int) -> list[str] | None:
    """The one to four words right before each figure, after the item's opening mark."""
    labels = []
    begin = start
    for p in figures:
        m = _LABEL.search(clean[begin : p.span.start])
        if not m:
            return None
        labels.append(m.group("label").casefold())
        begin = p.end
    return labels


_LEAD_SPLIT = rx.compile(r"[ \t]*(?:,|(?<![^\W\d_])và(?![^\W\d_]))[ \t]*")
_LEAD_TAIL = rx.compile(r"(?:[ \t]+(?:cho|là|được|đạt|của|với|tổng số|có))*[ \t:,]*$")
_ITEM_OPENING = rx.compile(r"^(?:[,;][ \t]*)?(?:và[ \t]+)?")
_HEAD_WORDS = 2  # the fewest words of a label that name one of the total's groups


def _groups_covered(clean: str, figures: list[Quantity], start: int, lead: str) -> bool:
    """``Quyết định nâng bậc lương và Quyết định hưởng chế độ phụ cấp thâm niên vượt khung cho:
    260 người (trong đó: nâng bậc lương thường xuyên 111 người, nâng bậc lương trước thời hạn …
    142 người, hưởng chế độ PC TNVK 07 người)``: the total's words name its groups, and each
    group is covered in full: by one item naming it whole (or by its initials), or by items
    naming it with qualifiers that split anything (thường xuyên / trước thời hạn).  Every group
    named must get its items and every item must fall under a named group."""
    labels = _item_labels(clean, figures, start)
    if labels is None:
        return False
    segments = [_LEAD_TAIL.sub("", part).split() for part in _LEAD_SPLIT.split(lead) if part.strip()]
    if len(segments) < 2:
        return False
    under: dict[int, list[list[str]]] = {}
    for label in labels:
        found = _group_of(label, segments)
        if found is None:
            return False
        index, rest = found
        under.setdefault(index, []).append(rest)
    for index, segment in enumerate(segments):
        rests = under.get(index)
        if rests is None or not _covers(segment, rests):
            return False  # a group the total names has no item, or items that may leave some out
    return True


def _item_labels(clean: str, figures: list[Quantity], start: int) -> list[list[str]] | None:
    """The words of each item before its figure (``nâng bậc lương thường xuyên``), when every
    item is written ``label figure unit``; None otherwise."""
    labels = []
    begin = start
    for p in figures:
        text = _ITEM_OPENING.sub("", clean[begin : p.span.start].strip(" \t*:"), count=1)
        words = text.casefold().split()
        if len(words) < _HEAD_WORDS or _has_digit(text) or not all(_GAP_WORD.fullmatch(w) for w in words):
            return None
        labels.append(words)
        begin = p.end
    return labels


def _group_of(label: list[str], segments: list[list[str]]) -> tuple[int, list[str]] | None:
    """The segment of the lead that names the label's group (the longest head of at least
    _HEAD_WORDS words found in one segment) and what the label adds to that group."""
    for size in range(len(label), _HEAD_WORDS - 1, -1):
        head = label[:size]
        hits = [i for i, seg in enumerate(segments) if _holds(seg, head)]
        if len(hits) == 1:
            segment = segments[hits[0]]
            at = next(i for i in range(len(segment)) if segment[i : i + size] == head)
            return hits[0], [*segment[at + size :], "|", *label[size:]]
        if hits:
            return None
    return None


def _holds(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def _covers(segment: list[str], rests: list[list[str]]) -> bool:
    """Do the items under one named group cover it?  One item adding nothing, or only the
    initials of the group's remaining words (``PC TNVK`` for ``phụ cấp thâm niên vượt khung``);
    several items whose additions are a true partition of the group."""
    splits = [rest.index("|") for rest in rests]
    left = [rest[:i] for rest, i in zip(rests, splits, strict=True)]
    added = [rest[i + 1 :] for rest, i in zip(rests, splits, strict=True)]
    if len(rests) == 1:
        group_rest, extra = left[0], added[0]
        return not extra or _initials(group_rest) == "".join(extra)
    if any(left):
        return False  # the group is narrower than its name in the lead: its items split a part of it
    return any(_opens_each(added, partition) for partition in _partitions() if len(partition) == len(added))


def _initials(words: list[str]) -> str:
    return "".join(word[0] for word in words) if words else "-"


def _opens_each(added: list[list[str]], partition: frozenset[str]) -> bool:
    """Each item's addition opens with a different group of the partition."""
    used = set()
    for words in added:
        text = " ".join(words)
        match = next((g for g in partition if g not in used and (text == g or text.startswith(g + " "))), None)
        if match is None:
            return False
        used.add(match)
    return True


_ITEM_LINE = rx.compile(r"[ \t]*\+[ \t]")
_LABEL_THEN_FIGURE = rx.compile(r"[^\d]*:[ \t*]*$")
_UNIT_TAIL = rx.compile(r"(?:[ \t]+[^\W\d_]+){0,2}[ \t.;*]*")  # the rest of the unit: "nội| dung."


def line_list_sums(doc: Document) -> Iterator[SumCheck]:
    """``- Các đơn vị còn chậm: 16 nội dung`` then one ``+ Phòng A: 02 nội dung`` line per
    group: the ``+`` lines under a line ending in its total break it down in full."""
    an = analyse(doc)
    starts = _starts(an)
    clean = doc.clean
    blocks = doc.blocks
    # _line_figure wants the one figure of a block: skip the blocks holding none or several
    # (a quantity lies in the block it was found in; blocks do not overlap)
    counts = Counter(q.block for q in an.quantities)
    for index, block in enumerate(blocks[:-2]):
        if counts.get(index) != 1:
            continue
        total = _line_figure(doc, an, starts, index)
        if total is None or _ITEM_LINE.match(clean, block.span.start) or not _eligible_total(total):
            continue
        parts = []
        for following in range(index + 1, len(blocks)):
            if not _ITEM_LINE.match(clean, blocks[following].span.start):
                break
            part = _line_figure(doc, an, starts, following)
            if part is None or part.kind != total.kind:
                parts = []
                break
            parts.append(part)
        if len(parts) >= 2:
            yield SumCheck(total, parts, "listed")


def _line_figure(doc: Document, an: Analysis, starts: list[int], index: int) -> Quantity | None:
    """The one figure of a line written ``label: N unit``."""
    span = doc.blocks[index].span
    found = _between(an, starts, span.start, span.end)
    if len(found) != 1 or found[0].role or found[0].growth:
        return None
    q = found[0]
    if not _UNIT_TAIL.fullmatch(doc.clean, q.end, span.end) or not _LABEL_THEN_FIGURE.match(doc.clean, span.start, q.span.start):
        return None
    return q


# "Tổng số cơ quan, đơn vị thuộc UBND huyện: 76": the label of a bare figure says what it counts
_COUNT_LABEL = rx.compile(r"[Tt](?<![^\W\d_][Tt])ổng[ \t]+số[ \t]+(?P<label>[^\W\d_][^\d:;.()]{0,80}?)[ \t]*:[ \t*]*$")
_BARE_INTRO = rx.compile(r"[ \t]*,?[ \t]*")
_ITEM_LEAD = rx.compile(r"[ \t*]*(?:(?:có|và)[ \t]+)?[ \t*]*$")


@cache
def _collectives() -> tuple[frozenset[str], ...]:
    """Words that together name every body (``cơ quan``, ``tổ chức``, ``đơn vị``)."""
    return tuple(frozenset(group) for group in load_toml(rules_dir() / "partitions.toml").get("collectives", []))


def named_count_sums(doc: Document) -> Iterator[SumCheck]:
    """``Tổng số cơ quan, đơn vị thuộc UBND huyện: 76, trong đó có 11 cơ quan hành chính; 63 đơn
    vị sự nghiệp công lập; 02 tổ chức Hội …``: a figure without a unit, labelled ``Tổng số …:``,
    counts what its label names.  When the label names the units of two of its parts or more,
    the list that follows it (each item opening with one count, each in a unit of its own) splits
    it: units the label names, or that belong with them to one collective (cơ quan, tổ chức,
    đơn vị: every body).  Items in another unit may count something inside (``150 phòng``): then
    nothing is checked."""
    an = analyse(doc)
    starts = _starts(an)
    clean = doc.clean
    for q in an.quantities:
        if q.unit is not None or q.role or q.growth or q.percent or q.precision or clean[q.end : q.end + 1] not in ",;":
            continue
        block = doc.blocks[q.block]
        floor = max(block.span.start, q.span.start - 120)
        if clean.find("ổng số", floor, q.span.start) < 0:  # a str.find anchor: most bare figures have no label
            continue
        head = _COUNT_LABEL.search(clean, floor, q.span.start)
        if head is None:
            continue
        label = head.group("label").casefold()
        at = _BARE_INTRO.match(clean, q.end).end()
        m = _INTRO_KW.match(clean, at, block.span.end)
        if m is None:
            continue
        start, end = m.end(), _scope_end(clean, m.end(), block.span.end)
        parts = _one_count_items(clean, an, starts, q.group, start, end)
        if parts is None:
            continue
        units = [p.unit or "" for p in parts]
        named = {u for u in units if re.search(r"(?<![^\W\d_])" + re.escape(u) + r"(?![^\W\d_])", label)}
        if len(named) < 2:
            continue
        if not all(u in named or any(named <= group and u in group for group in _collectives()) for u in units):
            continue
        yield SumCheck(replace(q, unit=", ".join(sorted(named, key=label.find))), parts, _mode(m.group()), (start, end))


def _one_count_items(clean: str, an: Analysis, starts: list[int], group: int, start: int, end: int) -> list[Quantity] | None:
    """The counts of a list whose every item opens with one count in a unit of its own, else None."""
    mark = ";" if clean.find(";", start, end) >= 0 else ","
    parts = []
    for a, b in _item_spans(clean, start, end, mark):
        if not clean[a:b].strip(" \t\n.*"):
            continue
        figures = [p for p in _between(an, starts, a, b) if p.group == group]
        if len(figures) != 1:
            return None
        p = figures[0]
        if p.unit is None or p.measure is not None or p.percent or p.role or p.growth or p.precision:
            return None
        if not _ITEM_LEAD.fullmatch(clean, a, p.span.start):
            return None
        parts.append(p)
    if len(parts) < 2 or len({p.unit for p in parts}) != len(parts):
        return None
    return parts


_FRACTION_GAP = rx.compile(r"[^;.()\d]{0,12}(?:\d[\d,]*[ \t]*%[^;.()\d]{0,6})?\([ \t*]*(?:(?:trong đó|Trong đó)[ \t]*[:,]?)?")


def fraction_sums(doc: Document) -> Iterator[SumCheck]:
    """``219/243 đơn (cấp huyện 51/57, cấp xã 168/186 đơn)``: the fractions in the parenthesis
    break the fraction down, numerators and denominators alike.  When one side adds up, the
    list is complete, so the other side must add up too."""
    an = analyse(doc)
    starts = _starts(an)
    quantities = an.quantities
    for i, num in enumerate(quantities[:-1]):
        den = quantities[i + 1]
        if num.role != "num" or den.role != "den" or num.unit is None or num.percent:
            continue
        m = _FRACTION_GAP.match(doc.clean, den.end)
        if not m:
            continue
        open_at = doc.clean.rfind("(", den.end, m.end())
        inside = [q for q in _between(an, starts, open_at, an.groups.get(open_at, open_at)) if q.group == open_at]
        nums, dens = inside[0::2], inside[1::2]
        if len(nums) < 2 or len(nums) != len(dens) or any(q.role != "num" for q in nums) or any(q.role != "den" for q in dens):
            continue
        num_meets, den_meets = _meets(nums, num), _meets(dens, den)
        scope = (-1, -1)
        yield SumCheck(num, nums, "listed" if den_meets else "partial", scope)
        yield SumCheck(den, dens, "listed" if num_meets else "partial", scope)


def itemised_sums(doc: Document) -> Iterator[SumCheck]:
    """``48 hộ ... dự án A (02 hộ); dự án B (41 hộ, ...); C (01 hộ).``: each item names its
    count in a parenthesis; the first figure of the total's kind in each one is a part."""
    an = analyse(doc)
    starts = _starts(an)
    clean = doc.clean
    sentence_ends = _SentenceEnds(clean)
    for q in an.quantities:
        if not _eligible_total(q) or q.group != -1:
            continue
        end = sentence_ends.at(q.end, doc.blocks[q.block].span.end)
        if clean.find(";", q.end, end) < 0 or clean.find("(", q.end, end) < 0:
            continue
        parts: list[Quantity] = []
        items = _item_spans(clean, q.end, end)
        for item in items:
            inside = [p for p in _between(an, starts, *item) if p.depth == 1 and p.kind == q.kind and p.role == "" and not p.growth]
            if inside:
                parts.append(inside[0])
        if len(parts) >= 2:  # every item restating the unit: the full breakdown
            yield SumCheck(q, parts, "listed" if len(parts) == len(items) else "loose", (q.end, end))


_ITEM_MARKS = rx.compile(r"[();]")
_COMMA_ITEM_MARKS = rx.compile(r"[(),]")


def _item_spans(clean: str, start: int, end: int, mark: str = ";") -> list[tuple[int, int]]:
    """The ``;``-separated items between two offsets (semicolons inside parentheses do not split)."""
    spans, begin, depth = [], start, 0
    for m in (_ITEM_MARKS if mark == ";" else _COMMA_ITEM_MARKS).finditer(clean, start, end):
        ch = m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            spans.append((begin, m.start()))
            begin = m.end()
    spans.append((begin, end))
    return spans


def _anchor_candidates(doc: Document, an: Analysis, starts: list[int], ref: Span) -> list[Quantity]:
    index = block_index(an, ref.start)
    if index < 0:
        return []
    block = doc.blocks[index]
    _, group = depth_at(an, index, ref.start)
    begin = _clause_start(doc.clean, ref.start, block.span.start)
    return [q for q in _between(an, starts, begin, ref.start) if q.group == group and q.role in ("", "num")]


def _footnote_quantities(an: Analysis, starts: list[int], note: Footnote) -> list[Quantity]:
    """The figures of a note outside its own parentheses, over all its pieces (a note cut by a
    page break goes on after it; a parenthesis it left open stays open there)."""
    floor = note.body.start if note.body else 0
    return [q for span in note.spans() for q in _between(an, starts, span.start, span.end)
            if q.group < floor and q.role == "" and not q.growth]


def _first_in_pieces(pattern: re.Pattern[str], clean: str, spans: list[Span]) -> re.Match[str] | None:
    """The first match of ``pattern`` in the pieces of a note, each searched on its own."""
    for span in spans:
        m = pattern.search(clean, span.start, span.end)
        if m:
            return m
    return None


@fact
def continued_notes(doc: Document) -> list[tuple[Document, Joined]]:
    """Each footnote cut by a page break as a document of its own: its pieces joined into one
    footnote block (its figures, parentheses and sentences read across the page break), with
    the way back to the document's offsets."""
    out = []
    for note in doc.footnotes.values():
        if not note.continued:
            continue
        whole = note.joined(doc.clean)
        text = Joined(doc.text, whole.spans).text  # same lengths as the clean pieces
        block = Block("footnote", Span(0, len(text)), whole.text, region=Region.FOOTNOTE)
        out.append((Document(doc.path, text, whole.text, [0], blocks=[block], markdown=doc.markdown,
                             source_kind=doc.source_kind), whole))
    return out


def footnote_sums(doc: Document) -> Iterator[SumCheck]:
    an = analyse(doc)
    starts = _starts(an)
    for note in doc.footnotes.values():
        if note.body is None or len(note.refs) != 1:
            continue
        inside = _footnote_quantities(an, starts, note)
        kinds = {q.kind for q in inside if q.unit is not None and not q.percent}
        candidates = [q for q in _anchor_candidates(doc, an, starts, note.refs[0]) if _eligible_total(q) or q.role == "num"]
        total = next((q for q in reversed(candidates) if q.kind in kinds and q.role == ""), None)
        if total is None or sum(1 for q in candidates if q.kind == total.kind) > 1:
            continue  # two figures of that kind on the marker's clause: which one the note splits is unclear
        if _FOOTNOTE_COMPLETE.match(note.text):
            mode = "complete"
        elif _FOOTNOTE_PARTIAL.match(note.text):
            mode = "partial"
        elif _NAMED_TOTAL.search(doc.clean, max(0, total.span.start - 40), total.span.start) and not _SELECTION.search(note.text):
            # "với tổng số tiền 159.909.000 đồng²": the figure says it is a total, and the note
            # on it, introduced by nothing that makes it a selection, says what it totals
            mode = "listed"
        elif not note.continued and _case_register(doc.clean, an, starts, note.body, total):
            # (a note cut by a page break is not read as a register: its items would run across the page's end)
            mode = "listed"
        else:
            # items restating the unit do not make a note complete: w056's 56 trường hợp¹⁰ lists
            # three kinds of exchange (35 + 06 + 05) and may leave others out
            mode = "loose"
        spans = note.spans()
        cut = _first_in_pieces(_TOTAL_WORD, doc.clean, spans)
        kept = [q for q in inside if cut is None or q.span.start < cut.start()]
        parts = [q for q in kept if q.kind == total.kind]
        parts = _with_bare_items(doc.clean, note.body.start, kept, parts)
        if len(parts) >= (2 if mode == "loose" else 1):  # a lone figure in a note may be a comparison
            yield SumCheck(total, parts, mode, (note.body.start, cut.start() if cut else spans[-1].end))


_NOTE_ITEM_MARKS = rx.compile(r"[();,]")
# "(Xảy ra ngày 02/11/2023 tại …)", "(ngày 21/9/2023, tại …)": when and where the cases happened
_PARTICULARS = rx.compile(r"[ \t*_]*(?:xảy ra|ngày[ \t]+\d{1,2}/\d{1,2})(?![^\W\d_])", re.IGNORECASE)
_ITEM_TAIL = rx.compile(r"[ \t*_.]*")


def _case_register(clean: str, an: Analysis, starts: list[int], body: Span, total: Quantity) -> bool:
    """``07 vụ¹⁸`` with the note ``01 vụ Giao cấu … (Xảy ra ngày 02/11/2023 tại …), 03 vụ Trộm
    cắp tài sản (Xảy ra ngày 14/10/2023 …; 25/10/2023 …, 12/11/2023 …); 02 vụ Gây rối TTCC (Xảy
    ra …)``: every item counts cases of one kind and says in a parenthesis when and where they
    happened.  Such a note is the register of the cases the figure counts, not a selection (a
    selection is introduced: ``trong đó``, ``điển hình``, ``như``).  Items that only name a kind
    (w056: ``35 trường hợp Việt Nam yêu cầu …; 06 trường hợp …``) do not make a note complete."""
    items, begin, depth, opened = [], body.start, 0, -1
    for m in _NOTE_ITEM_MARKS.finditer(clean, body.start, body.end):
        ch = m.group()
        if ch == "(":
            depth += 1
            if depth == 1:
                opened = m.start()
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            items.append((begin, m.start(), opened))
            begin, opened = m.end(), -1
    items.append((begin, body.end, opened))
    items = [(a, b, o) for a, b, o in items if clean[a:b].strip(" \t\n*_.")]
    if len(items) < 2:
        return False
    for a, b, opened in items:
        figures = [q for q in _between(an, starts, a, b) if q.group < body.start]
        same = [q for q in figures if q.kind == total.kind]
        if len(same) != 1 or same[0] is not figures[0] or same[0].role or same[0].growth or same[0].percent:
            return False  # one count of the total's kind per item, first (an age in the kind's name may follow)
        first = same[0]
        if clean[a : first.span.start].strip(" \t\n*_") or opened < first.end:
            return False  # the item opens with its count; its particulars follow in a parenthesis
        close = an.groups.get(opened, -1)
        if close < 0 or _ITEM_TAIL.fullmatch(clean, close + 1, b) is None:
            return False  # the parenthesis ends the item
        if not _PARTICULARS.match(clean, opened + 1, close) or _SELECTION.search(clean, first.end, opened):
            return False
    return True


# "tổng số tiền", "tổng trị giá", "Tổng cộng:": the word tổng among the three words before the figure
_NAMED_TOTAL = rx.compile(r"(?<![^\W\d_])(?:tổng|Tổng)(?![^\W\d_])(?:[ \t]+[^\W\d_]+){0,3}[ \t]*:?[ \t]*$")
# words that make a note a selection, or leave a part without its figure
_SELECTION = rx.compile(
    r"(?<![^\W\d_])(?:còn lại|khác|chủ yếu|như|ví dụ|chẳng hạn|điển hình|nhất là|đặc biệt là|v\.v)(?![^\W\d_])|\.\.\.|…",
    re.IGNORECASE,
)
_BARE_ITEM_END = rx.compile(r"[ \t*]*(?:[;.]|$)")


def _with_bare_items(clean: str, start: int, figures: list[Quantity], parts: list[Quantity]) -> list[Quantity]:
    """``04 công trình miễn phép: 11.360.000 đồng; 38 công trình có giấy phép: 34.080.000; 03 công
    trình doanh nghiệp: 54.586.000 đồng``: in a list whose items all end ``label: amount unit;``,
    an item ending ``label: amount;`` gives its amount in the same unit (the unit was left out)."""
    if len(parts) < 2 or len({(p.unit, p.scale) for p in parts}) != 1:
        return parts
    if not all(_bare_slot(clean, start, p.span.start, p.end) for p in parts):
        return parts
    unit, scale = parts[0].unit, parts[0].scale
    grouped = all("." in p.raw for p in parts)  # "Số lượng: 50" among amounts in dotted millions is a count
    bare = [
        replace(q, unit=unit, scale=scale) for q in figures
        if q.unit is None and not q.role and not q.growth and q.precision == 0 and ("." in q.raw or not grouped)
        and _bare_slot(clean, start, q.span.start, q.end)
    ]
    return sorted([*parts, *bare], key=lambda q: q.span.start) if bare else parts


def _bare_slot(clean: str, floor: int, at: int, end: int) -> bool:
    """A figure right after the colon that ends its item's label and right before the item's end."""
    before = clean[max(floor, at - 4) : at].rstrip(" \t*")
    return before.endswith(":") and bool(_BARE_ITEM_END.match(clean, end))


def sum_verdict(check: SumCheck) -> str | None:
    """"above", "below" or None (consistent, or below where it is allowed)."""
    lo, hi = _sum([p.interval() for p in check.parts])
    total_lo, total_hi = check.total.interval()
    if lo > total_hi:
        return "above"
    if hi < total_lo and check.mode in ("complete", "listed"):
        return "below"
    return None


# --------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------


class SumMismatch(Rule):
    """Kiểm tra: tổng số và các số thành phần không khớp nhau.

    Vì sao: một báo cáo có tổng không khớp với chi tiết là lỗi người ký sợ nhất; các thành
    phần được liệt kê sau `trong đó`, `gồm`, `bao gồm`, `cụ thể`, dấu hai chấm, trong ngoặc
    hoặc trong chú thích đặt ngay sau tổng. Chỉ cộng các thành phần cùng đơn vị với tổng (hoặc một loại của đơn vị đó: `22 Luật` trong tổng số văn bản);
    sai số theo số chữ số thập phân đã viết (làm tròn hoặc cắt bớt).
    Sai: `kiểm tra 71 công trình¹` với chú thích ¹ `55 công trình; 15 công trình; 01 công trình; 04 công trình; 01 công trình`
    Đúng: `kiểm tra 76 công trình¹` với cùng chú thích.

    Giới hạn: tổng các thành phần lớn hơn tổng luôn là lỗi; nhỏ hơn chỉ là lỗi khi tổng
    được giới thiệu bằng `gồm`/`bao gồm` (cam kết liệt kê đủ) hoặc danh sách tự cho thấy là đủ
    (`… và 189 văn bản khác`, `nam`/`nữ`, tổng tự nêu tên các nhóm mà các mục phủ hết, ngoặc mà
    mục nào cũng nhắc lại đơn vị, chú thích đặt trên một `tổng số tiền`, chú thích mà mục nào cũng ghi vụ việc xảy ra khi nào, ở đâu); sau `trong đó` hoặc trong chú thích không có `gồm` thì không báo.
    Số không có đơn vị sau `Tổng số cơ quan, đơn vị:` đếm những gì nhãn nêu (cơ quan, tổ chức, đơn vị: mọi cơ quan, đơn vị).
    Danh sách lồng nhau không có ngoặc thì bỏ qua. Ngoặc đứng xa tổng chỉ được đọc đến hết câu đầu tiên trong ngoặc; chú thích bị ngắt trang (`---`) được đọc liền với phần tiếp theo ở trang sau.
    Khi vài thành phần đầu đã đủ tổng thì các số sau có thể là cách phân loại khác: chỉ
    cảnh báo (trừ khi có mục `khác`), và im lặng nếu các số sau cũng cộng đủ tổng.

    [en]
    What it checks: a total and its parts disagree.

    Why: a figure that does not add up is the defect users fear most in a report their
    chairman signs. Parts follow `trong đó`, `gồm`, `bao gồm`, `cụ thể`, a colon or a
    parenthesis, or sit in the footnote whose marker is on the total. Only parts in the
    total's unit (or a kind of it: `22 Luật` under a total of văn bản) count; the tolerance follows written precision (rounded or truncated).
    Bad: `kiểm tra 71 công trình¹` whose footnote lists 55 + 15 + 01 + 04 + 01 công trình
    Good: `kiểm tra 76 công trình¹` with the same footnote.

    Known limits: parts above the total are always an error; parts below it only when the
    total was introduced by `gồm`/`bao gồm` (a promise of completeness) or the list shows it is
    complete (`… và 189 văn bản khác`, `nam`/`nữ`, a total naming its groups and items covering
    each, a parenthesis whose every item restates the unit, a footnote on a `tổng số tiền`, a note saying when and where each kind of case happened), never after `trong đó` or in a footnote without `gồm`.
    A bare figure after `Tổng số cơ quan, đơn vị:` counts what its label names (cơ quan, tổ chức, đơn vị: every body).
    Flat nested lists are skipped. A parenthesis standing far from its total is read up to its first sentence's end; a footnote cut by a page break (`---`) is read together with its continuation on the next page.
    When the first parts already make the total, the later
    ones may be a second breakdown: only a
    warning (an error when an item `khác` closes the list), and silence when the later
    parts make the total too.
    """

    name = "sum-mismatch"
    code = "DL201"
    severity = Severity.ERROR
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        seen: set[int] = set()
        notes = continued_notes(doc)
        in_notes = [span for _, whole in notes for span in whole.spans]
        if notes:  # a note whose figures alone read in another style than the document's is left alone
            notes = [(note, whole) for note, whole in notes if analyse(note).style == analyse(doc).style]

        def in_note(check: SumCheck) -> bool:
            return any(s.start <= check.total.span.start < s.end for s in in_notes)

        checks: list[tuple[Document, SumCheck, Joined | None]] = [(doc, check, None) for check in footnote_sums(doc)]
        # a total inside a note cut by a page break is read in the note as one text (its
        # parenthesis may close on the next page), not in the piece it stands in
        checks += [(doc, check, None) for check in [*body_sums(doc), *itemised_sums(doc), *fraction_sums(doc)]
                   if not in_note(check)]
        for note, whole in notes:
            checks += [(note, check, whole) for check in [*body_sums(note), *itemised_sums(note), *fraction_sums(note)]]
        checks += [(doc, check, None) for check in [*line_list_sums(doc), *named_count_sums(doc)]]
        for where, check, whole in checks:
            check = _same_measure(where.clean, check)
            verdict = sum_verdict(check)
            at = whole.at if whole is not None else int
            if verdict is None or at(check.total.span.start) in seen or not _breakdown(where, check, verdict):
                continue
            seen.add(at(check.total.span.start))
            total = check.total
            computed = sum((p.base for p in check.parts), Decimal(0)) / _factor(total)
            decimals = max([p.precision for p in check.parts] + [total.precision])
            params = {
                "total": total.raw,
                "unit": _unit_label(total),
                "parts": " + ".join(_shown(p) for p in check.parts),
                "computed": format_vi(computed, decimals),
            }
            split = _second_breakdown(check) if verdict == "above" else None
            if split is not None:
                head, rest = check.parts[:split], check.parts[split:]
                if _meets(rest, total):
                    continue  # two complete breakdowns of the same total (by sex, then by ethnicity)
                if ";" in where.clean[head[-1].end : rest[0].span.start] and ";" not in where.clean[head[0].end : head[-1].span.start]:
                    continue  # "1.000 người, gồm 80 … và 920 …; đại học 14.000 người": the list went on
                if not _OTHER.search(where.clean, max(0, rest[0].span.start - 40), rest[-1].end):
                    yield ctx.report(
                        Span(at(total.span.start), at(total.end)), "above-prefix",
                        prefix=" + ".join(_shown(p) for p in head), **params,
                    )
                    continue
            # an item "khác" (other) closes the same breakdown: a plain error
            key = "below-listed" if verdict == "below" and check.mode == "listed" else verdict
            yield ctx.report(Span(at(total.span.start), at(total.end)), key, **params)


# three or four words right after the total's unit: "năm đóng bảo hiểm xã hội", not "công trình xây dựng"
_QUALIFIER = rx.compile(r"[ \t]*((?:[^\W\d_]+[ \t]+){2,3}[^\W\d_]+)")


def _same_measure(clean: str, check: SumCheck) -> SumCheck:
    """Under ``trong đó``, parts that restate the total's words (``14 năm đóng bảo hiểm xã hội
    (trong đó có 01 năm đóng bảo hiểm xã hội …, 02 năm đóng bảo hiểm xã hội tự nguyện, 10 năm
    đóng bảo hiểm xã hội bắt buộc … và 10 năm đóng vào quỹ bảo hiểm tai nạn lao động``) show
    what is being split; a part that does not restate them, when most parts do, measures
    something else (realdocs 0440: the years paid into the accident fund overlap the others)."""
    if check.mode != "partial" or len(check.parts) < 3:
        return check
    m = _QUALIFIER.match(clean, check.total.end)
    if m is None:
        return check
    words = m.group(1).split()

    def restates(q: Quantity) -> bool:
        return [w.rstrip(",;:.)") for w in clean[q.end : q.end + 200].split()[: len(words)]] == words

    same = [q for q in check.parts if restates(q)]
    if len(same) * 2 <= len(check.parts) or len(same) == len(check.parts):
        return check
    return SumCheck(check.total, same, check.mode, check.scope)


# A figure after these words is a bound, not an amount: bounds do not add up.
_BOUND_BEFORE = rx.compile(
    r"(?<![^\W\d_])(?:ít nhất|tối thiểu|tối đa|không quá|không dưới|không ít hơn|trên|dưới|hơn|gần|lên tới|lên đến|từ)[ \t]*$",
    re.IGNORECASE,
)
# Between two figures: a range (10 đến 20), an equivalence (01 tháng tương ứng với 12 tháng),
# a change (20 ngày được thay thế bằng 15 ngày, gộp … thành 01 thủ tục): no parts of a total.
_NO_PARTS_GAP = rx.compile(
    r"(?<![^\W\d_])(?:đến|tới|tương ứng|tương đương|thay thế|thay bằng|so với)(?![^\W\d_])|^[ \t]*[-–][ \t]*$"
    r"|(?<![^\W\d_])(?<!hoàn )(?:thành|còn)[ \t:]*$"  # right before the figure: "gộp … thành 01", not "hoàn thành"
)


def _links_figures(gap: str) -> bool:
    """A range, equivalence or change word between two parts links them, unless other figures
    stand between it and the parts (``01 vụ … từ đủ 13 đến dưới 16 tuổi, 01 vụ …``)."""
    return any(
        not _has_digit(gap[: m.start()]) and not _has_digit(gap[m.end() :]) for m in _NO_PARTS_GAP.finditer(gap)
    )


# "795,000 km²": one comma and three digits may be a thousands separator typed the English way
_AMBIGUOUS = rx.compile(r"\d{1,3}[.,]\d{3}")


def _breakdown(doc: Document, check: SumCheck, verdict: str) -> bool:
    """Do the figures read as parts of the total?  False when unsure."""
    clean = doc.clean
    figures = [check.total, *check.parts]
    if any(_BOUND_BEFORE.search(clean, max(0, q.span.start - 16), q.span.start) for q in figures):
        return False
    if any(q.precision == 3 and _AMBIGUOUS.fullmatch(q.raw) for q in figures):
        return False
    start, end = check.scope
    gaps = [(start, check.parts[0].span.start)] if start >= 0 else []
    gaps += [(a.end, b.span.start) for a, b in pairwise(check.parts)]
    if any(_links_figures(clean[a:b]) for a, b in gaps if a < b):
        return False
    if check.mode in ("complete", "listed") and start >= 0:
        if check.mode == "complete" and ";" in clean[start : check.parts[0].span.start]:
            return False  # "gồm A; B thành 01 thủ tục": names listed, the figure is something else
        group = check.parts[0].group
        limit = analyse(doc).groups.get(group, len(clean)) if group >= 0 else _sentence_end(clean, start, len(clean))
        if verdict == "below" and _unnumbered_part(clean, check, start, max(end, limit)):
            return False
    return True


def _unnumbered_part(clean: str, check: SumCheck, start: int, end: int) -> bool:
    """``02 năm gồm 01 năm trước năm đánh giá và năm đánh giá``: a part named without a figure
    (or with one that could not be read: OCR ``lỡ vụ việc``) is still a part."""
    unit = check.total.unit or ""
    if not unit or unit == "%":
        return False
    text = clean[start:end]
    if check.parts[0].group < start:  # the parts are not in parentheses of their own
        text = _NESTED.sub("", text)  # what the parts' asides say is no part
    word = r"(?<![^\W\d_])" + re.escape(unit) + r"(?![^\W\d_])"
    # "số đơn đủ điều kiện" names the count, not a part
    mentions = len(re.findall(word, text, re.IGNORECASE)) - len(re.findall(r"(?<![^\W\d_])(?<!một )số[ \t]+" + word, text, re.IGNORECASE))
    # a figure of the unit that was not read as a part (10 vụ => việc); not 3,9 tỷ đồng or "từ 13 đến 16 tuổi"
    numbers = len(re.findall(r"\d[\d.,]*[^\w]{0,4}" + word, text, re.IGNORECASE))
    return mentions > len(check.parts) or numbers > len(check.parts) or _unnumbered_kind(text, check.total)


def _unnumbered_kind(text: str, total: Quantity) -> bool:
    """``61 văn bản, bao gồm: Hiến pháp năm 2013, 55 Luật, 03 Nghị quyết, 02 Pháp lệnh``: a kind of
    the total's unit named without a count before it is a part too."""
    kinds = _kinds().get(total.kind or "")
    return kinds is not None and any(
        not text[: m.start()].rstrip(" \t*").endswith(tuple("0123456789")) for m in kinds[1].finditer(text)
    )


_NESTED = rx.compile(r"\([^()]*\)")


_OTHER = rx.compile(r"(?<![^\W\d_])(?:khác|Khác)(?![^\W\d_])")


def _meets(parts: list[Quantity], total: Quantity) -> bool:
    lo, hi = _sum([p.interval() for p in parts])
    total_lo, total_hi = total.interval()
    return lo <= total_hi and hi >= total_lo


def _second_breakdown(check: SumCheck) -> int | None:
    """How many leading parts already make the total, when some do: the later parts may
    classify the same things another way (``04 công trình sai nội dung GPXD`` among them)."""
    for k in range(1, len(check.parts)):
        if _meets(check.parts[:k], check.total):
            return k
    return None


class CountMismatch(Rule):
    """Kiểm tra: số lượng nêu ra khác số mục được liệt kê.

    Vì sao: `04 dự án¹⁶` mà chú thích liệt kê năm dự án, hay `06 vụ việc (A; B; C)` thiếu
    tên, làm người đọc không biết con số hay danh sách đúng. Mục rỗng (`; ;`) là dấu vết
    của một tên bị xoá.
    Sai: `03 vụ việc (Lê Văn A; Nguyễn Văn B)`
    Đúng: `02 vụ việc (Lê Văn A; Nguyễn Văn B)`

    Giới hạn: chỉ đếm danh sách tách bằng dấu `;` (chú thích đặt sau con số, ngoặc ngay
    sau đơn vị không chứa chữ số) và danh sách tiêu chí `14/19 tiêu chí ... gồm: 1-2-3`.

    [en]
    What it checks: a stated count differs from the items listed for it.

    Why: `04 dự án¹⁶` whose footnote lists five projects, or `06 vụ việc (A; B; C)`, leaves
    the reader unsure whether the figure or the list is right. An empty item (`; ;`) is
    the trace of a deleted name.
    Bad: `03 vụ việc (Lê Văn A; Nguyễn Văn B)`
    Good: `02 vụ việc (Lê Văn A; Nguyễn Văn B)`

    Known limits: only lists split by `;` (in the footnote on the count, or in a
    parenthesis right after the unit with no digits inside) and criteria lists
    `14/19 tiêu chí ... gồm: 1-2-3` are counted.
    """

    name = "count-mismatch"
    code = "DL202"
    severity = Severity.ERROR
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        an = analyse(doc)
        starts = _starts(an)
        yield from self._footnote_lists(doc, ctx, an, starts)
        yield from self._paren_lists(doc, ctx, an)
        yield from self._criteria(doc, ctx)

    def _footnote_lists(self, doc: Document, ctx: RuleContext, an: Analysis, starts: list[int]) -> Iterator[Diagnostic]:
        for label, note in doc.footnotes.items():
            if note.body is None or len(note.refs) != 1:
                continue
            inside = _footnote_quantities(an, starts, note)
            if any(q.unit is not None for q in inside):
                continue  # figures inside: a breakdown, not a list of names
            candidates = _anchor_candidates(doc, an, starts, note.refs[0])
            if not candidates or not _countable(candidates[-1]) or candidates[-1].unit not in COUNT_UNITS:
                # "20 văn bản, gồm: 13 Luật³": the note lists what the nearer figure counts;
                # "chính quyền địa phương 02 cấp⁴": a figure naming a kind, the note explains the clause
                continue
            count = candidates[-1]
            whole = note.joined(doc.clean)  # a note cut by a page break is counted whole
            yield from self._compare(ctx, count, whole.at, whole.text, f"chú thích {label}", f"footnote {label}")

    def _paren_lists(self, doc: Document, ctx: RuleContext, an: Analysis) -> Iterator[Diagnostic]:
        clean = doc.clean
        for q in an.quantities:
            if not _countable(q):
                continue
            i = q.end
            while i < len(clean) and clean[i] in " \t":
                i += 1
            if i >= len(clean) or clean[i] != "(":
                continue
            close = an.groups.get(i)
            if close is None:
                continue
            inner = clean[i + 1 : close]
            if _has_digit(inner):
                continue
            yield from self._compare(ctx, q, lambda k, base=i + 1: base + k, inner, "ngoặc", "the parenthesis")

    def _compare(self, ctx: RuleContext, count: Quantity, at: Callable[[int], int], text: str, where_vi: str,
                 where_en: str) -> Iterator[Diagnostic]:
        """``at`` maps an offset of ``text`` to the document."""
        items = _split_items(text)
        names = [item for item in items if item[2]]
        empties = [item for item in items if not item[2]]
        if len(names) < 2 and count.value != 1:
            return
        if count.value != 1 and text.count(";") == 0:
            return
        labelled = sum(1 for start, end, _ in names if ":" in text[start:end])
        if labelled * 2 >= len(names) > 1:
            return  # "Xã A: thôn 1, thôn 2; Xã B: ...": groups, not the counted items
        where = where_vi if ctx.settings.lang != "en" else where_en
        listed = len(names) + _comma_joined(text, names)
        if Decimal(listed) != count.value:
            yield ctx.report(
                Span(count.span.start, count.end), "list", count=count.raw, unit=count.unit, listed=listed, where=where
            )
        for start, end, _ in empties:
            yield ctx.report(Span(at(max(start - 1, 0)), at(end + 1)), "empty-item", where=where, severity=Severity.WARNING)

    def _criteria(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for m in _criteria_matches(doc.clean):
            listed = re.findall(r"\d+", m.group("list"))
            if len(listed) != int(m.group("count")):
                yield ctx.report(
                    Span(m.start(), m.end()), "criteria", count=m.group("count"), listed=len(listed), items="-".join(listed)
                )


_DECIMAL_DIGIT = rx.compile(r"\d")


def _has_digit(text: str) -> bool:
    """``any(ch.isdigit() for ch in text)``; str.isdigit also takes ² or ①, which \\d does not."""
    if _DECIMAL_DIGIT.search(text):
        return True
    return not text.isascii() and any(ch.isdigit() for ch in text)


def _criteria_matches(clean: str) -> Iterator[re.Match[str]]:
    """``_CRITERIA.finditer(clean)``, anchored on the rare words ``tiêu chí``: the regex alone
    would be tried at every digit of the document."""
    resume = 0
    at = clean.find("tiêu chí")
    while at >= 0:
        start = _criteria_start(clean, at)
        if start is not None and start >= resume:
            m = _CRITERIA.match(clean, start)
            if m:
                yield m
                resume = m.end()
        at = clean.find("tiêu chí", at + 1)


def _criteria_start(clean: str, at: int) -> int | None:
    """The only offset where _CRITERIA could match with its ``tiêu chí`` at ``at``: the start
    of ``count`` in ``count[/of][ \\t]+``, digits being runs of at most three."""
    blank = at
    while blank > 0 and clean[blank - 1] in " \t":
        blank -= 1
    if blank == at:
        return None
    start = _digits_before(clean, blank)
    if start is not None and start > 0 and clean[start - 1] == "/":
        start = _digits_before(clean, start - 1)  # count/of: the count is the run before the slash
    return start


def _digits_before(clean: str, end: int) -> int | None:
    """Start of the run of one to three decimal digits (``\\d``) ending at ``end``, if any."""
    start = end
    while start > 0 and clean[start - 1].isdecimal():
        start -= 1
    return start if 1 <= end - start <= 3 else None


def _countable(q: Quantity) -> bool:
    return q.unit is not None and not q.percent and q.measure is None and q.role == "" and not q.growth and q.precision == 0


def _comma_joined(text: str, names: list[tuple[int, int, bool]]) -> int:
    """Items joined by a comma inside a ``;`` item when most items open with the same word:
    ``Luật Dữ liệu, Luật Công nghiệp công nghệ số; Luật Công nghệ cao`` lists three laws."""
    if len(names) < 3:
        return 0  # "01 tổ chức (công ty chứng khoán, công ty quản lý quỹ … hoặc tổ chức khác)": kinds, no list
    heads = Counter(text[start:end].split()[0] for start, end, _ in names if text[start:end].split())
    head, n = heads.most_common(1)[0]
    if n * 2 <= len(names):
        return 0
    return sum(text[start:end].count(f", {head} ") for start, end, _ in names)


def _split_items(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, non-empty) of each ``;`` item; a trailing empty item is no item."""
    items: list[tuple[int, int, bool]] = []
    start = 0
    for piece in text.split(";"):
        end = start + len(piece)
        items.append((start, end, bool(piece.strip(" \t\n.*,"))))
        start = end + 1
    while items and not items[-1][2]:
        items.pop()
    return items


class RatioMismatch(Rule):
    """Kiểm tra: tỷ lệ phần trăm không khớp với phép chia nó mô tả.

    Vì sao: `145.151/341.247 triệu đồng, đạt 42,54%` cho người đọc kiểm tra được; nếu phép
    chia ra số khác thì một trong hai con số sai. Sai số theo số chữ số thập phân đã viết;
    viết cắt bớt (`32%` cho 32,58%) vẫn đúng.
    Sai: `18 việc/253 = 7,91%`
    Đúng: `18 việc/253 = 7,11%`

    Giới hạn: chỉ xét tỷ lệ `a/b` theo sau ngay bởi `đạt`, `bằng`, `chiếm`, `là` hoặc `=`
    và một số phần trăm trong cùng vế câu.

    [en]
    What it checks: a stated percentage disagrees with the ratio it describes.

    Why: `145.151/341.247 triệu đồng, đạt 42,54%` lets the reader check; when the division
    gives another figure, one of them is wrong. The tolerance follows written precision;
    truncation (`32%` for 32.58%) is accepted.
    Bad: `18 việc/253 = 7,91%`
    Good: `18 việc/253 = 7,11%`

    Known limits: only a ratio `a/b` followed in the same clause by `đạt`, `bằng`,
    `chiếm`, `là` or `=` and a percentage.
    """

    name = "ratio-mismatch"
    code = "DL203"
    severity = Severity.ERROR
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        an = analyse(doc)
        clean = doc.clean
        quantities = an.quantities
        for i, num in enumerate(quantities[:-2]):
            den = quantities[i + 1]
            pct = quantities[i + 2]
            if num.role != "num" or den.role != "den" or not pct.percent or pct.block != num.block:
                continue
            if not _RATIO_LINK.match(clean[den.end : pct.span.start]) or den.base == 0:
                continue
            num_lo, num_hi = num.interval()
            den_lo, den_hi = den.interval()
            if den_lo <= 0:
                continue
            lo, hi = num_lo / den_hi * 100, num_hi / den_lo * 100
            p_lo, p_hi = _percent_interval(pct)
            if (hi < p_lo or lo > p_hi) and (100 - lo < p_lo or 100 - hi > p_hi):  # nor the complement (tỷ lệ còn tồn)
                actual = num.base / den.base * 100
                yield ctx.report(
                    Span(num.span.start, pct.end), "ratio", num=num.raw, den=den.raw, stated=pct.raw,
                    computed=format_vi(actual, max(pct.precision, 2)),
                )


class GrowthMismatch(Rule):
    """Kiểm tra: mức tăng/giảm tuyệt đối và tương đối không khớp nhau.

    Vì sao: `29 vụ, tăng 4 vụ và tăng 16%` cho phép tính lại: kỳ trước 25 vụ, 4/25 = 16%.
    Nếu hai con số không khớp thì một trong ba số sai.
    Sai: `29 vụ, tăng 4 vụ và tăng 20%`
    Đúng: `29 vụ, tăng 4 vụ và tăng 16%`

    Giới hạn: chỉ xét mẫu `N đơn vị, tăng/giảm D đơn vị và tăng/giảm P%` trong một câu.

    [en]
    What it checks: an increase stated both absolutely and relatively disagrees.

    Why: `29 vụ, tăng 4 vụ và tăng 16%` can be recomputed: the previous figure is 25 and
    4/25 = 16%. When they disagree, one of the three figures is wrong.
    Bad: `29 vụ, tăng 4 vụ và tăng 20%`
    Good: `29 vụ, tăng 4 vụ và tăng 16%`

    Known limits: only the pattern `N unit, tăng/giảm D unit và tăng/giảm P%` in one sentence.
    """

    name = "growth-mismatch"
    code = "DL204"
    severity = Severity.ERROR
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        an = analyse(doc)
        clean = doc.clean
        quantities = an.quantities
        for i, delta in enumerate(quantities[:-1]):
            pct = quantities[i + 1]
            if not delta.growth or delta.percent or delta.unit is None or not pct.percent or pct.block != delta.block:
                continue
            link = _GROWTH_LINK.match(clean[delta.end : pct.span.start])
            word = clean[max(0, delta.span.start - 12) : delta.span.start]
            falling = "giảm" in word.casefold()
            if not link or (link.group("dir") and (link.group("dir") == "giảm") != falling):
                continue
            current = self._current(doc, quantities, i, delta)
            if current is None:
                continue
            previous = current.base + delta.base if falling else current.base - delta.base
            if previous <= 0 or not (current.exact and delta.exact):
                continue
            actual = delta.base / previous * 100
            p_lo, p_hi = _percent_interval(pct)
            if actual < p_lo or actual > p_hi:
                yield ctx.report(
                    Span(current.span.start, pct.end), "growth", current=current.raw, delta=delta.raw,
                    previous=format_vi(previous / _factor(current)), stated=pct.raw,
                    computed=format_vi(actual, max(pct.precision, 1)), unit=_unit_label(current),
                )

    @staticmethod
    def _current(doc: Document, quantities: list[Quantity], i: int, delta: Quantity) -> Quantity | None:
        sentence_floor = doc.clean.rfind(". ", doc.blocks[delta.block].span.start, delta.span.start)
        for q in reversed(quantities[:i]):
            if q.block != delta.block or q.span.start <= sentence_floor:
                return None
            if q.kind == delta.kind and q.role == "" and not q.growth and q.group == delta.group:
                return q
        return None


class ConversionMismatch(Rule):
    """Kiểm tra: một giá trị ghi bằng hai đơn vị mà hai số không bằng nhau.

    Vì sao: `554,0m²= 0,055ha` cho người đọc đối chiếu; nếu quy đổi sai (m² sang ha, triệu
    sang tỷ) thì một trong hai số sai.
    Sai: `554,0 m² = 0,55 ha`
    Đúng: `554,0 m² = 0,055 ha`

    Giới hạn: chỉ xét hai số cùng đại lượng (diện tích, chiều dài, khối lượng, tiền) nối
    bằng `=`, ngoặc, `tương đương` hoặc `tương ứng` (không tính số so sánh `cùng kỳ`, `kế hoạch`).

    [en]
    What it checks: a value given in two units whose figures disagree.

    Why: `554,0m²= 0,055ha` lets the reader check; a wrong conversion (m² to ha, triệu to
    tỷ) means one of the figures is wrong.
    Bad: `554,0 m² = 0,55 ha`
    Good: `554,0 m² = 0,055 ha`

    Known limits: only two figures of the same dimension (area, length, mass, money)
    joined by `=`, a parenthesis, `tương đương` or `tương ứng` (not a comparison with `cùng kỳ`, `kế hoạch`).
    """

    name = "conversion-mismatch"
    code = "DL205"
    severity = Severity.ERROR
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        an = analyse(doc)
        quantities = an.quantities
        for first, second in pairwise(quantities):
            m1, m2 = first.measure, second.measure
            if m1 is None or m2 is None or m1[0] != m2[0] or first.block != second.block:
                continue
            if (first.unit, first.scale) == (second.unit, second.scale) or first.role or second.role:
                continue
            if not _CONVERT_LINK.match(doc.clean[first.end : second.span.start]):
                continue
            if _COMPARISON_AFTER.match(doc.clean, second.end):
                continue  # 20 tỷ đồng (18.000 triệu đồng cùng kỳ): another figure, not a conversion
            a_lo, a_hi = first.interval()
            b_lo, b_hi = second.interval()
            if a_hi < b_lo or b_hi < a_lo:
                converted = first.base / _factor(second)
                yield ctx.report(
                    Span(first.span.start, second.end), "conversion", first=f"{first.raw} {_unit_label(first)}",
                    second=f"{second.raw} {_unit_label(second)}", computed=f"{format_vi(converted.normalize())} {_unit_label(second)}",
                )


class MalformedNumber(Rule):
    """Kiểm tra: con số viết sai dạng, hoặc văn bản trộn hai kiểu dấu phân cách.

    Vì sao: `60,%` hay `12,,5` không đọc được thành số nào; văn bản dùng cả `1.234,5`
    (kiểu Việt) lẫn `1,234.5` (kiểu Anh) khiến mọi con số đều có thể đọc sai.
    Sai: `đạt 60,% kế hoạch`
    Đúng: `đạt 60% kế hoạch`

    Giới hạn: với văn bản trộn hai kiểu chỉ báo một lần, tại con số đầu tiên viết khác kiểu
    chiếm đa số.

    [en]
    What it checks: a figure that is no valid number in either style, or a document mixing styles.

    Why: `60,%` or `12,,5` read as no number; a document that writes both `1.234,5`
    (Vietnamese) and `1,234.5` (English) makes every figure open to misreading.
    Bad: `đạt 60,% kế hoạch`
    Good: `đạt 60% kế hoạch`

    Known limits: a mixed document gets one finding, at the first figure against the
    majority style.
    """

    name = "malformed-number"
    code = "DL206"
    severity = Severity.WARNING
    family = "numeric"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        an = analyse(doc)
        for bad in an.malformed:
            yield ctx.report(bad.span, "malformed", raw=bad.raw)
        if an.mixed_at is not None:
            yield ctx.report(an.mixed_at, "mixed-style", raw=doc.clean[an.mixed_at.start : an.mixed_at.end])


RULES = [SumMismatch, CountMismatch, RatioMismatch, GrowthMismatch, ConversionMismatch, MalformedNumber]
