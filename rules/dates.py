"""Rule family: dates, periods and the calendar (DL3xx)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from doclint import regex as rx
from doclint.dates import (
    BRANCH_VARIANTS,
    BRANCHES,
    DATE_IN_FIGURES,
    DATE_IN_WORDS,
    STEMS,
    WEEKDAY_NAMES,
    DocumentDate,
    Mention,
    can_chi,
    clause_start,
    document_date,
    document_period,
    is_possible_day,
    mentions,
    period_bounds,
    place_date,
    sentence_bounds,
)
from doclint.numerals import roman_value, to_roman
from doclint.model import Document, Severity, Span
from doclint.rule import Diagnostic, Rule, RuleContext
from doclint.rule import Edit, Fix


def _fmt(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


_NOTES = {
    ("meeting", "vi"): " (ngày họp)",
    ("meeting", "en"): " (meeting date)",
    ("header-month", "vi"): " (ngày ban hành để trống)",
    ("header-month", "en"): " (day of issue left blank)",
}


def _doc_label(value: date, own: DocumentDate, ctx: RuleContext) -> str:
    source = "meeting" if own.source == "header-month" and value == own.low and value.day != 1 else own.source
    return _fmt(value) + _NOTES.get((source, ctx.settings.lang), "")


def _own(doc: Document, ctx: RuleContext) -> DocumentDate | None:
    return document_date(doc, ctx.settings.document_date)


def _clause(doc: Document, mention: Mention) -> tuple[str, str]:
    """Text of the clause before and after a mention (cut at '.', ';' and line ends)."""
    left, right = sentence_bounds(doc.clean, mention.span.start, mention.span.end)
    return doc.clean[left : mention.span.start], doc.clean[mention.span.end : right]


def _gregorian_dates(doc: Document) -> Iterator[Mention]:
    for mention in mentions(doc):
        if mention.expr.kind == "date":
            yield mention


def _in_task_section(doc: Document, offset: int) -> bool:
    """Whether ``offset`` lies under a heading about tasks or plans (future, not results)."""
    for section in doc.all_sections():
        inside = section.span.start <= offset < max(section.end, section.span.end)
        if inside and _TASK_HEADING.search(section.title) and not _RESULT_HEADING.search(section.title):
            return True
    return False


def _in_result_section(doc: Document, offset: int) -> bool:
    for section in doc.all_sections():
        inside = section.span.start <= offset < max(section.end, section.span.end)
        if inside and _RESULT_HEADING.search(section.title):
            return True
    return False


def _is_report(doc: Document) -> bool:
    """A báo cáo narrates instructions already given; only its task sections set tasks."""
    type_name = doc.header.type_name.value if doc.header.type_name else None
    if type_name:
        return "báo cáo" in type_name.casefold()
    return re.search(r"(?m)^[#*\s]*BÁO CÁO[*\s]*$", doc.clean[:1500]) is not None


_TASK_HEADING = rx.compile(r"nhiệm vụ|phương hướng|đề xuất|kiến nghị|giải pháp", re.IGNORECASE)
_RESULT_HEADING = rx.compile(r"kết quả|tình hình|đánh giá", re.IGNORECASE)


class InvalidDate(Rule):
    """Kiểm tra: ngày không tồn tại trong lịch (31/9, 30/02, 29/02 năm không nhuận, tháng 13).

    Vì sao: một ngày không có thật trong văn bản (ngày ban hành, ngày của văn bản được dẫn)
    làm văn bản sai về pháp lý và bị trả lại.
    Sai: `Kế hoạch số 12/KH-UBND ngày 31/9/2023`
    Đúng: `Kế hoạch số 12/KH-UBND ngày 30/9/2023`

    Giới hạn: chỉ xét ngày viết đủ năm (`31/9/2023`) hoặc có chữ `ngày` (`ngày 31/9`); dạng trần
    `20/20`, `21/43` là tỷ số, không phải ngày. Ngày âm lịch (`mùng 6 tháng Giêng`) không xét.

    [en]
    What it checks: a day that does not exist (31 September, 30 February, 29 February of a common year, month 13).

    Why: an impossible date (of issue, of a cited document) makes the document legally wrong.
    Bad: `Kế hoạch số 12/KH-UBND ngày 31/9/2023`
    Good: `Kế hoạch số 12/KH-UBND ngày 30/9/2023`

    Known limits: only dates written with a year or after the word `ngày`; bare `20/20`,
    `21/43` are ratios. Lunar dates are never checked.
    """

    name = "invalid-date"
    code = "DL301"
    severity = Severity.ERROR
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        for mention in _gregorian_dates(doc):
            expr = mention.expr
            written_year = None if mention.year_inferred else expr.year
            if written_year is None and not (mention.text.lower().startswith("ngày") and 1 <= (expr.month or 0) <= 12):
                continue  # "ngày 15/20 hồ sơ" is a ratio after a count of days; a month 13 needs its year
            assert expr.day is not None and expr.month is not None
            if is_possible_day(expr.day, expr.month, written_year):
                continue
            if not 1 <= expr.month <= 12:
                yield ctx.report(mention.span, "no-month", text=mention.text.strip(), month=expr.month)
            else:
                limit = 29 if expr.month == 2 and written_year is None else _days_in(expr.month, written_year)
                yield ctx.report(
                    mention.span, "no-day", text=mention.text.strip(), day=expr.day, limit=limit,
                    when=f"{expr.month}/{written_year}" if written_year else str(expr.month),
                )


def _days_in(month: int, year: int | None) -> int:
    import calendar

    return calendar.monthrange(year or 2023, month)[1]


class DateFormat(Rule):
    """Kiểm tra: dòng địa danh, ngày tháng năm ban hành viết đúng thể thức NĐ 30/2020.

    Vì sao: NĐ 30/2020/NĐ-CP (Phụ lục I) quy định ghi `ngày … tháng … năm …`; ngày nhỏ hơn 10
    và tháng 1, 2 phải có số 0 phía trước, các tháng khác không có.
    Sai: `TP. Lạng Sơn, ngày 7 tháng 2 năm 2024`, `TP. Lạng Sơn, 07/02/2024`
    Đúng: `TP. Lạng Sơn, ngày 07 tháng 02 năm 2024`

    Giới hạn: ngày để trống trong dự thảo (`ngày    tháng 3 năm 2025`) không phải lỗi thể thức
    (văn thư điền khi ban hành; xem quy tắc ô trống). Văn bản trước năm 2011 (trước Thông tư
    01/2011/TT-BNV, nơi quy định số 0 này xuất hiện) không xét.

    [en]
    What it checks: the place-and-date line follows the official form of Decree 30/2020.

    Why: Decree 30/2020 (Annex I) prescribes `ngày … tháng … năm …`, with a leading zero on a
    day below 10 and on months 1 and 2, and none on other months.
    Bad: `TP. Lạng Sơn, ngày 7 tháng 2 năm 2024`, `TP. Lạng Sơn, 07/02/2024`
    Good: `TP. Lạng Sơn, ngày 07 tháng 02 năm 2024`

    Known limits: a blank day in a draft is not a format problem (the records office fills it).
    Documents dated before 2011 (before Circular 01/2011/TT-BNV introduced these zeros) are
    not checked.
    """

    name = "date-format"
    code = "DL302"
    severity = Severity.WARNING
    family = "dates"
    fixable = True

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        line = place_date(doc)
        if line is None:
            return
        span, day, month, year = line
        if year is not None and year < _ZEROS_SINCE:
            return  # the leading-zero form dates from Thông tư 01/2011/TT-BNV; older papers used others
        text = doc.slice(span)
        words = DATE_IN_WORDS.search(text)
        if words is None:
            numbers = DATE_IN_FIGURES.search(text)
            if numbers is not None and day and month and year:
                where = Span(span.start + numbers.start(), span.start + numbers.end())
                good = f"ngày {_official_day(day)} tháng {_official_month(month)} năm {year}"
                yield ctx.report(where, "numbers", text=numbers.group(0), expected=good, suggestion=good)
            return
        day_text, month_text, year_text = words.groups()
        fixed_day = _official_day(int(day_text)) if day_text else None
        fixed_month = _official_month(int(month_text)) if month_text else None
        if (day_text is None or fixed_day == day_text) and (month_text is None or fixed_month == month_text):
            return
        good = f"ngày {fixed_day or ' '} tháng {fixed_month or ' '} năm {year_text}"
        where = Span(span.start + words.start(), span.start + words.end())
        yield ctx.report(where, "zeros", text=words.group(0), expected=good, suggestion=good,
                         fix=_zeros_fix(span.start, words, fixed_day, fixed_month))


def _zeros_fix(at: int, words: re.Match[str], day: str | None, month: str | None) -> Fix | None:
    """Only the day and month digits rewritten (a blank field stays as typed)."""
    edits = tuple(Edit(at + words.start(group), at + words.end(group), fixed)
                  for group, fixed in ((1, day), (2, month)) if fixed and words.group(group) != fixed)
    return Fix(edits) if edits else None


_ZEROS_SINCE = 2011


def _official_day(day: int) -> str:
    return f"{day:02d}"


def _official_month(month: int) -> str:
    return f"{month:02d}" if month in (1, 2) else str(month)


_ASOF = rx.compile(r"(?:tính|thực\s+hiện|lũy\s+kế|luỹ\s+kế)?\s*\bđến(?:\s+hết)?\s*(?:ngày\s*)?$", re.IGNORECASE)
_ESTIMATE = rx.compile(
    r"\b(?:ước|dự\s+kiến|kế\s+hoạch|dự\s+báo|phấn\s+đấu|sẽ|dự\s+thảo|chỉ\s+tiêu|hoàn\s+thành|trước|"
    r"yêu\s+cầu|đề\s+nghị|giao|khẩn\s+trương|cần|phải|từ)\b",
    re.IGNORECASE,
)
_FUTURE_AFTER = rx.compile(
    r"^\s*[,:]?\s*(?:\S+\s+){0,4}?(?:phải|cần|sẽ|phấn\s+đấu|hoàn\s+thành|đảm\s+bảo|bảo\s+đảm)\b", re.IGNORECASE
)
_RESULT_AFTER = rx.compile(r"^\s*[,:]?\s*(?:\S+\s+){0,8}?(?:đạt|được|thu\s+được|là|đã|:)?\s*\d", re.IGNORECASE)


class DateAfterDocument(Rule):
    """Kiểm tra: số liệu "tính đến" một ngày sau ngày ban hành văn bản, hoặc văn bản được dẫn ban hành sau văn bản dẫn nó.

    Vì sao: văn bản không thể báo cáo kết quả của một ngày chưa đến, cũng không thể dẫn một
    văn bản chưa được ban hành; thường là gõ nhầm ngày hoặc tháng.
    Sai: `Tổng chi đến 20/11: 557.149` trong báo cáo ngày 17/11/2023
    Đúng: `Tổng chi đến 15/11: 557.149`

    Giới hạn: số ước tính, dự kiến, kế hoạch và nhiệm vụ sắp tới được miễn (`Ước đến hết
    tháng 11/2023`); các mục "nhiệm vụ", "phương hướng" không xét. Ngày thiếu năm lấy năm của
    văn bản; nếu khi đó ngày rơi quá 2 tháng sau văn bản thì coi là năm khác và bỏ qua.

    [en]
    What it checks: a result reported as of a date after the document's date, or a cited document dated after the citing one.

    Why: a document cannot report figures of a day that has not come, nor cite a document not
    yet issued; it is usually a mistyped day or month.
    Bad: `Tổng chi đến 20/11: 557.149` in a report dated 17/11/2023
    Good: `Tổng chi đến 15/11: 557.149`

    Known limits: estimates, forecasts, plans and future tasks are exempt; sections about tasks
    are skipped. A date without a year takes the document's year; if that puts it more than
    two months after the document, another year is meant and the rule stays silent.
    """

    name = "date-after-document"
    code = "DL303"
    severity = Severity.WARNING
    final_severity = Severity.ERROR
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        own = _own(doc, ctx)
        if own is None:
            return
        as_of_bound = own.low if own.source == "meeting" else own.high
        for mention in _gregorian_dates(doc):
            value = mention.value
            if value is None or value <= as_of_bound:
                continue
            if mention.year_inferred and (value - as_of_bound).days > 60:
                continue
            before, after = _clause(doc, mention)
            near = before.rsplit(":", 1)[-1]
            if _FUTURE_AFTER.match(after):
                continue
            if not _ASOF.search(before) or _ESTIMATE.search(near) or not _RESULT_AFTER.match(after):
                continue
            if _in_task_section(doc, mention.span.start):
                continue
            yield ctx.report(mention.span, "as-of", text=mention.text.strip(), date=_fmt(value),
                             document=_doc_label(as_of_bound, own, ctx))
        yield from self._citations(doc, ctx, own)

    def _citations(self, doc: Document, ctx: RuleContext, own: DocumentDate) -> Iterator[Diagnostic]:
        try:
            from doclint.citations import find_citations
        except ImportError:
            return
        bound = own.high + timedelta(days=7) if own.source == "meeting" else own.high
        for citation in find_citations(doc):
            cited = getattr(citation, "date", None)
            if cited is None or cited <= bound:
                continue
            span = getattr(citation, "date_span", None) or citation.span
            number = getattr(citation, "number", "") or ""
            year = getattr(citation, "year", None)
            code = getattr(citation, "code", "") or ""
            reference = f"{number}/{year}/{code}" if year else f"{number}/{code}"
            document = _doc_label(own.high, own, ctx)
            if year and year.isdigit() and int(year) != cited.year and int(year) <= own.high.year:
                # the number carries the year of issue: the date's year is the likelier slip
                yield ctx.report(span, "citation-year", cited=_fmt(cited), document=document,
                                 reference=reference, year=year)
            else:
                yield ctx.report(span, "citation", cited=_fmt(cited), document=document, reference=reference)


_ACTION = rx.compile(r"(?:^|[\s:(*_])(?:đã\s+)?(?:ban\s+hành|tổ\s+chức)\b|(?:^|\s)đã\s+\w+", re.IGNORECASE)
_BACKGROUND = rx.compile(r"\b(?:thực\s+hiện|theo|của|căn\s+cứ|tại|về|triển\s+khai)\b", re.IGNORECASE)
# A clause that cites its grounds, or an action word that is part of a law's name
# ("Luật Tổ chức Chính phủ", "Luật Ban hành văn bản quy phạm pháp luật").
_CITING_CLAUSE = rx.compile(r"[\s\W]*(?:căn\s+cứ|theo|thực\s+hiện|xét|tiếp\s+tục\s+thực\s+hiện)\b", re.IGNORECASE)
_TITLE_BEFORE = rx.compile(r"(?:Luật|Bộ\s+luật|Pháp\s+lệnh|Hiến\s+pháp|Điều\s+lệ|Quy\s+chế)[ \t]+\S?$", re.IGNORECASE)
_CITED_NUMBER = rx.compile(r"\b(?:số|Số|SỐ)\s*:?\s*\d+[^\s,;]*/")
_DATE_IN_TEXT = rx.compile(r"\d{1,2}/\d{1,2}/\d{4}|\bngày\s+\d{1,2}\s+tháng")


class DateOutsidePeriod(Rule):
    """Kiểm tra: việc mà báo cáo kể là đã làm trong kỳ (`Ban hành`, `Tổ chức`, `Đã …`) mang ngày trước kỳ báo cáo quá xa.

    Vì sao: báo cáo quý I/2024 kể `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2023` (chỉ thị
    về Tết Giáp Thìn 2024) là gõ nhầm năm: việc làm trong kỳ phải mang ngày trong kỳ.
    Sai: `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2023` trong báo cáo quý I năm 2024
    Đúng: `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2024`

    Giới hạn (cách giữ im lặng với các dẫn chiếu nền): chỉ xét ngày viết đủ năm đứng ngay sau
    một động từ hành động `Ban hành`, `Tổ chức`, `Đã …` trong cùng mệnh đề, là ngày đầu tiên sau
    động từ đó, và giữa động từ với ngày không có `thực hiện`, `theo`, `của`, `căn cứ`, `tại`,
    `về`, `triển khai` (dấu hiệu ngày thuộc văn bản nền được dẫn, như `Tiếp tục thực hiện Nghị
    quyết số 40-NQ/TU ngày 05/8/2021`). Ngày chỉ bị báo khi nằm ở năm trước năm của kỳ và
    trước ngày đầu kỳ hơn thời gian "chuẩn bị" (bằng độ dài kỳ, tối thiểu 92 ngày): văn bản ban
    hành tháng 12 để triển khai quý I là bình thường. Ngày sau kỳ không xét (báo cáo viết sau
    kỳ; ngày sau ngày văn bản do `date-after-document` xét). Mục "nhiệm vụ" không xét.

    [en]
    What it checks: an action the report says happened in its period (`Ban hành`, `Tổ chức`, `Đã …`) dated well before that period.

    Why: a quarter I/2024 report saying `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2023` (a
    directive for Tết Giáp Thìn 2024) has the wrong year: what was done in the period carries a
    date in the period.
    Bad: `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2023` in a quarter I/2024 report
    Good: `Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2024`

    Known limits (how it stays quiet on background references): only a date written with its
    year, the first date after an action verb (`Ban hành`, `Tổ chức`, `Đã …`) in the same
    clause, with no `thực hiện`, `theo`, `của`, `căn cứ`, `tại`, `về`, `triển khai` between
    verb and date (those introduce a cited background document). It fires only when the date
    lies in a year before the period's year and before the period's start by more than the
    run-up (the period's length, at least 92 days): a December plan for quarter I is normal.
    Dates after the period are not checked here. Task sections are skipped.
    """

    name = "date-outside-period"
    code = "DL304"
    severity = Severity.WARNING
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        period = document_period(doc)
        if period is None:
            return
        run_up = timedelta(days=max(92, period.days))
        for mention in _gregorian_dates(doc):
            value = mention.value
            if value is None or mention.year_inferred or mention.expr.year is None:
                continue
            if value.year >= period.first.year or value >= period.first - run_up:
                continue
            before, _after = _clause(doc, mention)
            if not self._dated_action(before) or _in_task_section(doc, mention.span.start):
                continue
            if any(b.kind == "footnote" and b.span.start <= mention.span.start < b.span.end for b in doc.blocks):
                continue  # a footnote gives the source of a figure, not what was done in the period
            yield ctx.report(mention.span, "before-period", text=mention.text.strip(), date=_fmt(value),
                             period=period.text, first=_fmt(period.first), last=_fmt(period.last))

    @staticmethod
    def _dated_action(before: str) -> bool:
        if _CITING_CLAUSE.match(before):
            return False  # "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
        actions = [a for a in _ACTION.finditer(before) if not _TITLE_BEFORE.search(before, 0, a.start() + 1)]
        if not actions:
            return False
        action = actions[-1]
        if _DATE_IN_TEXT.search(before, 0, action.start()) or _CITED_NUMBER.search(before, 0, action.start()):
            return False  # "Nghị định số 31/2019/NĐ-CP … biện pháp tổ chức thi hành": the verb is in a cited title
        between = before[action.end() :]
        return len(between) <= 80 and not _BACKGROUND.search(between) and not _DATE_IN_TEXT.search(between)


_DEADLINE = rx.compile(r"(?:trước|chậm\s+nhất|trong|hạn\s+chót|hạn)\s+(?:ngày\s*)?$", re.IGNORECASE)
_DEADLINE_ENDS = "ctgnyCTGNY"  # last letters of trước, nhất, trong, chót, hạn, ngày


def _deadline_word(before: str) -> str | None:
    """The deadline words ending the text before a mention (``trước ngày``), or None."""
    if before.rstrip()[-1:] not in _DEADLINE_ENDS:
        return None  # prefilter: a search for the '$'-anchored pattern tries every character
    match = _DEADLINE.search(before)
    return match.group(0) if match is not None else None


_TASK = rx.compile(
    r"\b(?:yêu\s+cầu|đề\s+nghị|giao|chủ\s+trì|khẩn\s+trương|báo\s+cáo|gửi|hoàn\s+thành|hoàn\s+thiện|phải|cần|"
    r"tham\s+mưu|đảm\s+bảo|bảo\s+đảm|nộp|trình)\b",
    re.IGNORECASE,
)
_PAST = rx.compile(r"\b(?:đã|xảy\s+ra|được|chưa|bị|đang|phát\s+sinh)\b", re.IGNORECASE)
# After the date: a deadline that comes back every year (trước ngày 05/7 năm sau, hằng năm).
_RECURRING = rx.compile(
    r"^[\s,]*(?:(?:của\s+)?(?:năm|quý|tháng|kỳ)\s+(?:sau|tiếp\s+theo|kế\s+tiếp)|(?:hằng|hàng)\s+(?:năm|quý|tháng|kỳ))\b",
    re.IGNORECASE,
)
_EXAMPLE = rx.compile(r"\bví\s+dụ\b", re.IGNORECASE)
# A mistyped deadline is off by days, months or one year; one older than this is a cut-off date.
_CUT_OFF_AGE = 400
_GOVERNS = 120  # characters between the task verb and "trước ngày": further away it governs something else


class DeadlineBeforeDocument(Rule):
    """Kiểm tra: nhiệm vụ văn bản giao có hạn hoàn thành trước ngày ban hành văn bản.

    Vì sao: hạn đã qua khi văn bản đến tay người thực hiện thì không ai làm kịp; thường là gõ
    nhầm ngày, tháng hoặc năm.
    Sai: `Phòng Tài chính báo cáo trước ngày 10/3/2025` trong thông báo ngày 18/3/2025
    Đúng: `Phòng Tài chính báo cáo trước ngày 10/4/2025`

    Giới hạn: chỉ xét `trước ngày`, `chậm nhất ngày`, `trong ngày`, `hạn ngày` trong câu có lời
    giao việc (`yêu cầu`, `giao`, `chủ trì`, `báo cáo`, `gửi`, `hoàn thành`…) gần ngày đó và
    không kể việc đã làm (`đã`, `xảy ra`, `được`) hay mốc thời gian (`phát sinh`, `đang`, `bị`
    … trước ngày, ngày xa hơn một năm trước văn bản, ví dụ). Hạn lặp lại (ngày không
    ghi năm, `hằng năm`, `năm sau`) không xét. Khi ngày ban hành để trống, so với ngày sớm nhất
    có thể (ngày họp hoặc đầu tháng).

    [en]
    What it checks: a task set by the document with a deadline before the document's date.

    Why: a deadline already past when the document arrives cannot be met; usually a mistyped
    day, month or year.
    Bad: `Phòng Tài chính báo cáo trước ngày 10/3/2025` in a notice dated 18/3/2025
    Good: `Phòng Tài chính báo cáo trước ngày 10/4/2025`

    Known limits: only `trước ngày`, `chậm nhất ngày`, `trong ngày`, `hạn ngày` close to a
    verb that assigns work, not narrating what was done nor naming a cut-off (`phát sinh`,
    `đang`, `bị` … before the date, a date over a year before the document, examples).
    Recurring deadlines (no year, `hằng năm`, `năm sau`) are skipped. With a blank day, the
    earliest possible date (meeting date or the month's first day) is used.
    """

    name = "deadline-before-document"
    code = "DL305"
    severity = Severity.WARNING
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        own = _own(doc, ctx)
        if own is None:
            return
        for mention in mentions(doc):
            # the earliest reading of the mention ("trước tháng 10"): most fail here, before any slicing
            earliest = self._deadline(mention, "trước")
            if earliest is None or earliest >= own.low:
                continue
            before = doc.clean[clause_start(doc.clean, mention.span.start) : mention.span.start]
            word = _deadline_word(before)
            value = self._deadline(mention, word) if word is not None else None
            if value is None or value >= own.low:
                continue
            if (own.low - value).days > _CUT_OFF_AGE:
                continue  # "người hoạt động cách mạng trước ngày 01/01/1945": a reference date, no slip
            if mention.year_inferred or _RECURRING.match(doc.clean, mention.span.end):
                continue  # "trước ngày 05/7 (năm sau, hằng năm)": a yearly deadline, not this year's
            if _PAST.search(before) or before.strip().lower().startswith("trong") or not self._assigned(before):
                continue
            if _EXAMPLE.search(doc.clean, max(0, mention.span.start - 600), mention.span.start):
                continue  # a worked example in a circular narrates a case, it sets no task
            offset = mention.span.start
            if not (_in_task_section(doc, offset) or not (_is_report(doc) or _in_result_section(doc, offset))):
                continue
            yield ctx.report(mention.span, "deadline", text=mention.text.strip(), date=_fmt(value),
                             document=_doc_label(own.low, own, ctx))


    @staticmethod
    def _assigned(before: str) -> bool:
        """A task verb close enough to govern the deadline: in "người hoạt động cách mạng trước
        ngày 01/01/1945" the date is a cut-off of who qualifies, not a deadline."""
        tasks = list(_TASK.finditer(before))
        if not tasks:
            return False
        tail = before[tasks[-1].end() :]
        return ":" not in tail and len(tail) - len(_deadline_word(tail) or "") <= _GOVERNS

    @staticmethod
    def _deadline(mention: Mention, word: str) -> date | None:
        """The last day allowed: the date itself, or the month's end (``trong tháng 10/2022``),
        or the day before the month (``trước tháng 10/2022``)."""
        if mention.expr.kind == "date":
            return mention.value
        if mention.expr.kind == "month":
            bounds = period_bounds(mention.expr)
            if bounds is not None:
                return bounds[0] - timedelta(days=1) if word.lower().startswith("trước") else bounds[1]
        return None


class WeekdayMismatch(Rule):
    """Kiểm tra: thứ trong tuần khớp với ngày đi kèm.

    Vì sao: lịch họp, giấy mời ghi `Thứ Tư, ngày 18/3/2025` khi 18/3/2025 là thứ Ba thì người
    nhận không biết theo thứ hay theo ngày.
    Sai: `Thứ Tư, ngày 18/3/2025`
    Đúng: `Thứ Ba, ngày 18/3/2025`

    [en]
    What it checks: the weekday matches the date it is written with.

    Why: a meeting set for `Thứ Tư, ngày 18/3/2025` when 18/3/2025 is a Tuesday leaves readers
    guessing which one holds.
    Bad: `Thứ Tư, ngày 18/3/2025`
    Good: `Thứ Ba, ngày 18/3/2025`
    """

    name = "weekday-mismatch"
    code = "DL306"
    severity = Severity.ERROR
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        for mention in _gregorian_dates(doc):
            value = mention.value
            if value is None or mention.expr.weekday is None:
                continue
            if value.weekday() != mention.expr.weekday:
                good = WEEKDAY_NAMES[value.weekday()]
                yield ctx.report(mention.span, "weekday", text=mention.text.strip(), date=_fmt(value),
                                 written=WEEKDAY_NAMES[mention.expr.weekday], actual=good, suggestion=good)


_STEM = "|".join(STEMS)
_BRANCH = "|".join(BRANCHES + list(BRANCH_VARIANTS))
_CAN_CHI_YEAR = rx.compile(rf"(?=[CTNQGẤBĐMK])(?<!\w)({_STEM})\s+({_BRANCH})(?!\w)\s*(?:\(\s*)?(?:năm\s+)?(\d{{4}})(?!\d)")
_YEAR_CAN_CHI = rx.compile(rf"năm\s+(\d{{4}})\s*\(\s*(?:năm\s+)?({_STEM})\s+({_BRANCH})\s*\)")


class LunarYearMismatch(Rule):
    """Kiểm tra: tên năm âm lịch (can chi) khớp với năm dương lịch đi kèm.

    Vì sao: tên năm sao chép từ văn bản năm trước là lỗi hay gặp dịp Tết: `Tết Nguyên đán
    Quý Mão năm 2024` (năm 2024 là Giáp Thìn).
    Sai: `Tết Nguyên đán Quý Mão năm 2024`
    Đúng: `Tết Nguyên đán Giáp Thìn năm 2024`

    Giới hạn: chỉ xét năm viết liền sau tên can chi (`Giáp Thìn năm 2024`, `Giáp Thìn 2024`) hoặc
    `năm 2024 (Giáp Thìn)`. Năm âm lịch Y có Tết rơi vào tháng 1-2 năm dương lịch Y.

    [en]
    What it checks: a lunar year name (can chi) matches the Gregorian year written with it.

    Why: year names copied from last year's document are a common Tết slip: `Tết Nguyên đán
    Quý Mão năm 2024` (2024 is Giáp Thìn).
    Bad: `Tết Nguyên đán Quý Mão năm 2024`
    Good: `Tết Nguyên đán Giáp Thìn năm 2024`

    Known limits: only a year written right after the name (`Giáp Thìn năm 2024`) or
    `năm 2024 (Giáp Thìn)`.
    """

    name = "lunar-year-mismatch"
    code = "DL307"
    severity = Severity.ERROR
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        clean = doc.clean
        for at in find_all(clean, tuple(STEMS)):
            match = _CAN_CHI_YEAR.match(clean, at)
            if match is not None:
                yield from self._compare(ctx, Span(match.start(), match.end()), match[1], match[2], int(match[3]))
        for match in _YEAR_CAN_CHI.finditer(clean):
            yield from self._compare(ctx, Span(match.start(), match.end()), match[2], match[3], int(match[1]))

    @staticmethod
    def _compare(ctx: RuleContext, span: Span, stem: str, branch: str, year: int) -> Iterator[Diagnostic]:
        written = f"{stem} {BRANCH_VARIANTS.get(branch, branch)}"
        expected = can_chi(year)
        if written != expected:
            yield ctx.report(span, "can-chi", written=f"{stem} {branch}", year=year, expected=expected)


_YEARS = (r"([^()\n.;]{0,160}?)\(\s*(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*)?(\d{4})\s*[-–]\s*"
          r"(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*)?(\d{4})\s*\)")
_ANNIVERSARY = rx.compile(r"(?=[kKcC])(?:kỷ\s+niệm|chào\s+mừng)\s+(\d{1,4})\s+năm\b" + _YEARS, re.IGNORECASE)
# the ordinal form: "kỷ niệm lần thứ 60 Ngày thành lập (1964 - 2024)", "kỷ niệm lần thứ LX …"
_ANNIVERSARY_ORDINAL = rx.compile(
    r"(?=[kKcC])(?:kỷ\s+niệm|chào\s+mừng)\s+(?:lần\s+)?thứ\s+(\d{1,4}|(?-i:[IVXLC]{1,7}))\b" + _YEARS, re.IGNORECASE
)


class AnniversaryMismatch(Rule):
    """Kiểm tra: số năm kỷ niệm khớp với hai năm ghi trong ngoặc.

    Vì sao: `kỷ niệm 65 năm … (16/12/1964 - 16/12/2024)` là 60 năm; số năm sai trên băng rôn,
    giấy mời là lỗi dễ thấy.
    Sai: `kỷ niệm 65 năm Ngày thành lập huyện (16/12/1964 - 16/12/2024)`
    Đúng: `kỷ niệm 60 năm Ngày thành lập huyện (16/12/1964 - 16/12/2024)`

    Cũng xét dạng số thứ tự: `kỷ niệm lần thứ 60 Ngày thành lập (1964 - 2024)`.

    Giới hạn: chỉ xét khi cả năm đầu và năm kỷ niệm được ghi; `kỷ niệm 40 năm Ngày nhà giáo Việt
    Nam (20/11)` không đủ dữ kiện nên bỏ qua. Số thứ tự của một kỳ họp, đại hội
    (`Đại hội … lần thứ VII (2024-2029)`) không xét: năm trong ngoặc là nhiệm kỳ, không phải năm đầu tiên.

    [en]
    What it checks: the number of years of an anniversary matches the two years in brackets.

    Why: `kỷ niệm 65 năm … (16/12/1964 - 16/12/2024)` is 60 years; a wrong count on banners and
    invitations is a visible mistake.
    Bad: `kỷ niệm 65 năm Ngày thành lập huyện (16/12/1964 - 16/12/2024)`
    Good: `kỷ niệm 60 năm Ngày thành lập huyện (16/12/1964 - 16/12/2024)`

    The ordinal form is checked too: `kỷ niệm lần thứ 60 Ngày thành lập (1964 - 2024)`.

    Known limits: only when both years are written. The ordinal of a session or congress
    (`Đại hội … lần thứ VII (2024-2029)`) is not checked: the years there are its term, not
    the first year.
    """

    name = "anniversary-mismatch"
    code = "DL308"
    severity = Severity.ERROR
    family = "dates"

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:
        anchors = find_all(doc.clean, _ANCHORS)
        for match in _anniversaries(doc.clean, anchors, _ANNIVERSARY):
            count, first, last = int(match[1]), int(match[3]), int(match[4])
            if last - first != count:
                span = Span(match.start(1), match.end(1))
                yield ctx.report(span, "count", count=count, first=first, last=last, expected=last - first,
                                 suggestion=str(last - first))
        for match in _anniversaries(doc.clean, anchors, _ANNIVERSARY_ORDINAL):
            written = match[1]
            count = int(written) if written.isdigit() else roman_value(written)
            first, last = int(match[3]), int(match[4])
            if count is not None and last - first != count:
                expected = last - first
                shown = str(expected) if written.isdigit() else to_roman(expected)
                yield ctx.report(Span(match.start(1), match.end(1)), "ordinal", written=written, first=first,
                                 last=last, expected=shown, suggestion=shown)


_ANCHORS = ("niệm", "mừng", "NIỆM", "MỪNG")


def find_all(text: str, needles: tuple[str, ...]) -> list[int]:
    """Sorted offsets of every needle: str.find (memchr) is many times faster than a regex
    pass over a whole document, so rare patterns are tried only where their key word is."""
    found: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            found.append(at)
            at = text.find(needle, at + 1)
    return sorted(found)


def _anniversaries(text: str, anchors: list[int], regex: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of a case-insensitive anniversary pattern, tried only around its key word
    (offsets of ``_ANCHORS`` given)."""
    end = 0
    for at in anchors:
        if at < end:
            continue
        match = _match_near(text, regex, at)
        if match is not None:
            end = match.end()
            yield match


def _match_near(text: str, regex: re.Pattern[str], at: int) -> re.Match[str] | None:
    """The leftmost match starting at most 6 characters before the key word at ``at`` and
    ending within 264 after it.  A few anchored tries: a search over the window would run
    the pattern at each of its 270 positions."""
    for start in range(max(0, at - 6), at + 1):
        match = regex.match(text, start, at + 264)
        if match is not None:
            return match
    return None





RULES = [
    InvalidDate,
    DateFormat,
    DateAfterDocument,
    DateOutsidePeriod,
    DeadlineBeforeDocument,
    WeekdayMismatch,
    LunarYearMismatch,
    AnniversaryMismatch,
]
