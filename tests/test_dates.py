"""The date layer (grammar, document date and period) and the dates rule family."""

from __future__ import annotations

from datetime import date

import pytest

from doclint.dates import can_chi, document_date, document_period, parse_expression
from doclint.parse import parse_text
from doclint.rule import Settings
from doclint.rules.dates import RULES
from helpers import lint_seed, lint_string

DATE_RULES = [rule.name for rule in RULES]


def report(body: str, place_date: str = "TP. Lạng Sơn, ngày 17 tháng 11 năm 2023",
           title: str = "Tình hình kinh tế - xã hội tháng 11/2023, nhiệm vụ tháng 12/2023") -> str:
    return (
        "UBND TỈNH LẠNG SƠN\nỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN\n\nSố: 100/BC-UBND\n\n"
        f"{place_date}\n\nBÁO CÁO\n\n{title}\n\nI. KẾT QUẢ ĐẠT ĐƯỢC\n\n{body}\n"
    )


TASKS = "Nội dung.\n\nII. NHIỆM VỤ TRỌNG TÂM THÁNG 12/2023\n\n"


def rules_fired(text: str, settings: Settings | None = None) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_string(text, DATE_RULES, settings)]


# --- grammar ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind", "fields"),
    [
        ("ngày 17 tháng 11 năm 2023", "date", {"day": 17, "month": 11, "year": 2023, "form": "words"}),
        ("17/11/2023", "date", {"day": 17, "month": 11, "year": 2023, "form": "slash"}),
        ("17-11-2023", "date", {"day": 17, "month": 11, "year": 2023, "form": "dash"}),
        ("ngày 15/11", "date", {"day": 15, "month": 11, "year": None}),
        ("tháng 11/2023", "month", {"month": 11, "year": 2023}),
        ("tháng 11 năm 2023", "month", {"month": 11, "year": 2023}),
        ("quý I/2024", "quarter", {"quarter": 1, "year": 2024}),
        ("quý II năm 2024", "quarter", {"quarter": 2, "year": 2024}),
        ("6 tháng đầu năm 2024", "months", {"count": 6, "edge": "đầu", "year": 2024}),
        ("năm 2023", "year", {"year": 2023}),
        ("tuần 04 tháng 5/2025", "week", {"week": 4, "month": 5, "year": 2025}),
        ("giai đoạn 2021 - 2025", "span", {"year": 2021, "year2": 2025}),
        ("năm học 2023-2024", "school_year", {"year": 2023, "year2": 2024}),
        ("Thứ Tư, ngày 18/3/2025", "date", {"weekday": 2, "day": 18}),
        ("Chủ nhật ngày 05/6/2025", "date", {"weekday": 6}),
        ("mùng 6 tháng Giêng", "lunar", {"day": 6}),
        ("tháng Chạp", "lunar", {}),
    ],
)
def test_grammar_reads_every_form(text: str, kind: str, fields: dict[str, object]) -> None:
    expr = parse_expression(text)
    assert expr is not None and expr.kind == kind
    for key, value in fields.items():
        assert getattr(expr, key) == value, key


def test_can_chi_formula() -> None:
    assert [can_chi(y) for y in (2023, 2024, 2025, 1964)] == ["Quý Mão", "Giáp Thìn", "Ất Tỵ", "Giáp Thìn"]


# --- the document's date and period ----------------------------------------------------

def test_document_date_and_period_of_seeds() -> None:
    from helpers import seed

    def analyse(prefix: str) -> tuple[object, object, object, str, object]:
        doc = parse_text(seed(prefix).read_text(encoding="utf-8"), "x.txt")
        own, period = document_date(doc), document_period(doc)
        assert own is not None and period is not None
        return own.low, own.high, own.source, period.text, period.first

    assert analyse("000") == (date(2023, 11, 17), date(2023, 11, 17), "header", "tháng 11/2023", date(2023, 11, 1))
    # blank day: the meeting date of the opening sentence to the end of the month
    assert analyse("001") == (date(2025, 3, 18), date(2025, 3, 31), "header-month", "tháng 3 năm 2025", date(2025, 3, 1))
    assert analyse("002") == (date(2024, 3, 1), date(2024, 3, 31), "header-month", "quý I/2024", date(2024, 1, 1))
    assert analyse("003") == (date(2025, 5, 30), date(2025, 5, 30), "meeting", "tuần 04 tháng 5/2025", date(2025, 5, 22))
    assert analyse("004") == (date(2022, 10, 25), date(2022, 10, 25), "meeting", "tháng 10/2022", date(2022, 10, 1))


def test_settings_override_document_date() -> None:
    text = report("Tổng chi đến 20/11: 557.149 triệu đồng.")
    assert rules_fired(text) == [("date-after-document", "20/11")]
    assert rules_fired(text, Settings(document_date=date(2023, 11, 25))) == []


# --- the seeds: exactly the real findings ----------------------------------------------

def test_seed_findings_are_exactly_the_real_ones() -> None:
    found = {p: [(f.line, f.rule, f.text) for f in lint_seed(p, DATE_RULES)] for p in ("000", "001", "002", "003", "004")}
    assert found["000"] == [(18, "date-after-document", "20/11")]
    assert found["002"] == [(21, "date-outside-period", "ngày 23/01/2023")]
    assert found["001"] == found["003"] == found["004"] == []


def test_seed_messages_carry_the_dates() -> None:
    (after,) = lint_seed("000", ["date-after-document"])
    assert "20/11/2023" in after.message and "17/11/2023" in after.message
    (outside,) = lint_seed("002", ["date-outside-period"])
    assert "23/01/2023" in outside.message and "quý I/2024" in outside.message


# --- each rule: fires on the wrong case, silent on the right one -------------------------

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ban hành Kế hoạch số 12/KH-UBND ngày 31/9/2023 về công tác.", [("invalid-date", "ngày 31/9/2023")]),
        ("Ban hành Kế hoạch số 12/KH-UBND ngày 29/02/2023 về công tác.", [("invalid-date", "ngày 29/02/2023")]),
        ("Hội nghị họp ngày 12/13/2023 tại hội trường.", [("invalid-date", "ngày 12/13/2023")]),
        ("Ban hành Kế hoạch số 12/KH-UBND ngày 29/02/2024 về công tác.", []),
        ("Đã giải quyết được 21/43 đơn, 20/20 xã đạt chuẩn.", []),
    ],
)
def test_invalid_date(body: str, expected: list[tuple[str, str]]) -> None:
    assert [x for x in rules_fired(report(body)) if x[0] == "invalid-date"] == expected


@pytest.mark.parametrize(
    ("line", "suggestion"),
    [
        ("TP. Lạng Sơn, ngày 7 tháng 11 năm 2023", "ngày 07 tháng 11 năm 2023"),
        ("TP. Lạng Sơn, ngày 17 tháng 2 năm 2024", "ngày 17 tháng 02 năm 2024"),
        ("TP. Lạng Sơn, ngày 17 tháng 03 năm 2024", "ngày 17 tháng 3 năm 2024"),
        ("TP. Lạng Sơn, 17/11/2023", "ngày 17 tháng 11 năm 2023"),
        ("TP. Lạng Sơn, ngày 17 tháng 11 năm 2023", None),
        ("TP. Lạng Sơn, ngày 05 tháng 02 năm 2024", None),
        ("TP. Lạng Sơn, ngày    tháng 3 năm 2025", None),
    ],
)
def test_date_format(line: str, suggestion: str | None) -> None:
    found = lint_string(report("Nội dung.", place_date=line), ["date-format"])
    assert [f.suggestion for f in found] == ([suggestion] if suggestion else [])


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("Tính đến ngày 25/11/2023, giải ngân đạt 145.151 triệu đồng.", True),
        ("Tổng chi đến 20/11: 557.149 triệu đồng.", True),
        ("Tính đến ngày 15/11/2023, giải ngân đạt 145.151 triệu đồng.", False),
        ("Ước đến hết ngày 30/11/2023, giải ngân đạt 172.193 triệu đồng.", False),
        ("Dự kiến đến ngày 30/11/2023 giải ngân đạt 50%.", False),
        ("Tổ chức Tết Thiếu nhi 01/6 và Ngày nhà giáo Việt Nam 20/11 cho 300 em.", False),
        ("Yêu cầu các xã hoàn thành đến ngày 30/11/2023 đạt 100%.", False),
        ("Đến ngày 31/12/2023 phải hoàn thành 100% kế hoạch vốn.", False),
        ("Tổ chức Tháng hành động từ ngày 01/11 đến ngày 30/11/2023 với 200 người.", False),
    ],
)
def test_date_after_document(body: str, fires: bool) -> None:
    assert bool([x for x in rules_fired(report(body)) if x[0] == "date-after-document"]) is fires


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2023 về Tết Giáp Thìn năm 2024.", True),
        ("Đã tổ chức Hội nghị tổng kết ngày 15/3/2023 với 200 đại biểu.", True),
        ("Ban hành Chỉ thị số 01/CT-UBND, ngày 23/01/2024 về Tết Giáp Thìn năm 2024.", False),
        ("Ban hành Kế hoạch số 340/KH-UBND ngày 30/12/2023 về tổng kết năm 2023.", False),
        ("Tiếp tục thực hiện Nghị quyết số 40-NQ/TU, ngày 05/8/2021 của Ban Thường vụ.", False),
        ("Ban hành Kế hoạch thực hiện Nghị quyết số 06-NQ/TU, ngày 25/11/2020 của Tỉnh ủy.", False),
    ],
)
def test_date_outside_period(body: str, fires: bool) -> None:
    text = report(body, place_date="Chi Lăng, ngày 25 tháng 3 năm 2024",
                  title="Tình hình thực hiện nhiệm vụ quý I và nhiệm vụ trọng tâm quý II năm 2024")
    assert bool([x for x in rules_fired(text) if x[0] == "date-outside-period"]) is fires


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("Yêu cầu Phòng Tài chính báo cáo UBND thành phố trước ngày 10/11/2023.", True),
        ("Giao Phòng Kinh tế chủ trì, gửi kết quả trong ngày 16/11/2023.", True),
        ("Yêu cầu Phòng Tài chính báo cáo UBND thành phố trước ngày 10/12/2023.", False),
        ("Phòng Tài chính đã báo cáo trước ngày 10/11/2023.", False),
        ("Bảo đảm an ninh trước, trong và sau Tết.", False),
    ],
)
def test_deadline_before_document(body: str, fires: bool) -> None:
    text = report(TASKS + body)
    assert bool([x for x in rules_fired(text) if x[0] == "deadline-before-document"]) is fires


def test_deadline_narrated_in_a_report_result_section_is_silent() -> None:
    """A báo cáo tells of instructions already given: not a task set by this document."""
    body = "Chỉ đạo các xã hoàn thành hồ sơ, báo cáo trước ngày 10/11/2023."
    assert lint_string(report(body), ["deadline-before-document"]) == []
    assert len(lint_string(report(TASKS + body), ["deadline-before-document"])) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Họp vào Thứ Tư, ngày 18/3/2025 tại hội trường.", ["Thứ Ba"]),
        ("Họp vào Thứ Ba, ngày 18/3/2025 tại hội trường.", []),
        ("Tổ chức Ngày Chủ nhật đỏ chung sức xây dựng nông thôn mới.", []),
    ],
)
def test_weekday_mismatch(body: str, expected: list[str]) -> None:
    found = lint_string(report(body), ["weekday-mismatch"])
    assert [e for e in expected if any(e in f.message for f in found)] == expected
    assert len(found) == len(expected)


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("Phục vụ Tết Nguyên đán Quý Mão năm 2024 an toàn.", 1),
        ("Xuân Giáp Thìn 2023 vui tươi.", 1),
        ("Tết năm 2025 (Giáp Thìn) an toàn.", 1),
        ("Phục vụ Tết Nguyên đán Giáp Thìn năm 2024 an toàn.", 0),
        ("Xuân Ất Tị 2025 và Tết Nguyên đán Quý Mão.", 0),
        ("Ngày hội truyền thống (mùng 6 tháng Giêng) năm 2024.", 0),
    ],
)
def test_lunar_year_mismatch(body: str, count: int) -> None:
    found = lint_string(report(body), ["lunar-year-mismatch"])
    assert len(found) == count
    if count:
        assert "năm" in found[0].message.lower()


@pytest.mark.parametrize(
    ("body", "suggestion"),
    [
        ("Chào mừng kỷ niệm 65 năm Ngày thành lập huyện Chi Lăng (16/12/1964 - 16/12/2024).", "60"),
        ("Chào mừng kỷ niệm 60 năm Ngày thành lập huyện Chi Lăng (16/12/1964 - 16/12/2024).", None),
        ("Tổ chức kỷ niệm 40 năm Ngày nhà giáo Việt Nam (20/11) trang trọng.", None),
        ("Kỷ niệm 70 năm chiến thắng Điện Biên Phủ (1954 - 2025).", "71"),
        ("Tổ chức kỷ niệm lần thứ 65 Ngày thành lập huyện (1964 - 2024).", "60"),
        ("Tổ chức kỷ niệm lần thứ LX Ngày thành lập huyện (1964 - 2024).", None),
        ("Tổ chức kỷ niệm lần thứ LXV Ngày thành lập huyện (1964 - 2024).", "LX"),
        ("Đại hội Thi đua yêu nước lần thứ VII (2024-2029).", None),
    ],
)
def test_anniversary_mismatch(body: str, suggestion: str | None) -> None:
    found = lint_string(report(body), ["anniversary-mismatch"])
    assert [f.suggestion for f in found] == ([suggestion] if suggestion else [])


def test_lunar_dates_are_never_gregorian() -> None:
    body = "Tổ chức ngày hội (mùng 30 tháng Giêng), (ngày 31 tháng Chạp) trước ngày 30 tháng Giêng."
    assert rules_fired(report(body)) == []


def test_every_rule_has_messages_and_docs() -> None:
    for rule in RULES:
        rule.validate()
        for part in ("Kiểm tra:", "Vì sao:", "Sai:", "Đúng:"):
            assert part in rule.doc("vi"), (rule.name, part)
        for part in ("What it checks:", "Why:", "Bad:", "Good:"):
            assert part in rule.doc("en"), (rule.name, part)


# --- real documents with one injected slip: the rule finds it ------------------------------

@pytest.mark.parametrize(
    ("prefix", "old", "new", "rule", "piece"),
    [
        ("000", "ngày 17 tháng 11 năm 2023", "ngày 7 tháng 11 năm 2023", "date-format", "ngày 07 tháng 11 năm 2023"),
        ("000", "Tính đến ngày 15/11/2023, Giá trị", "Tính đến ngày 25/11/2023, Giá trị", "date-after-document", "25/11/2023"),
        ("002", "Tết Nguyên đán Giáp Thìn năm 2024. Ban hành", "Tết Nguyên đán Quý Mão năm 2024. Ban hành",
         "lunar-year-mismatch", "Giáp Thìn"),
        ("002", "kỷ niệm 60 năm", "kỷ niệm 65 năm", "anniversary-mismatch", "60 năm"),
        ("002", "đến ngày 29/02/2024 đạt 15.477", "đến ngày 30/02/2024 đạt 15.477", "invalid-date", "29 ngày"),
        ("001", "trong ngày 19/3/2025", "trong ngày 17/3/2025", "deadline-before-document", "18/03/2025 (ngày họp)"),
        # PDF text: the task verb sits on a wrapped line before a blank line
        ("003", "trước ngày 10/6/2025", "trước ngày 10/5/2025", "deadline-before-document", "30/05/2025"),
        # notice without header: results are as of the meeting date
        ("004", "đến ngày 23/10/2022 được", "đến ngày 28/10/2022 được", "date-after-document", "25/10/2022"),
    ],
)
def test_injected_slip_in_seed_is_found(prefix: str, old: str, new: str, rule: str, piece: str) -> None:
    from helpers import seed

    text = seed(prefix).read_text(encoding="utf-8")
    assert old in text
    found = [f for f in lint_string(text.replace(old, new, 1), [rule], path="seed.txt") if piece in f.message]
    assert found, rule


def test_month_deadline() -> None:
    late = report(TASKS + "Yêu cầu Phòng Kinh tế hoàn thành hồ sơ trong tháng 10/2023.")
    assert [f.text for f in lint_string(late, ["deadline-before-document"])] == ["tháng 10/2023"]
    same_month = report(TASKS + "Yêu cầu Phòng Kinh tế hoàn thành hồ sơ trong tháng 11/2023.")
    assert lint_string(same_month, ["deadline-before-document"]) == []


def test_lunar_marker_after_a_date() -> None:
    body = "Lễ hội tổ chức ngày 30 tháng 02 âm lịch; ngày 30/02 (ÂL) rước kiệu."
    assert rules_fired(report(body)) == []
    assert [r for r, _ in rules_fired(report("Lễ hội tổ chức ngày 30 tháng 02 năm 2024."))] == ["invalid-date"]


def test_document_date_from_a_numeric_place_date_line() -> None:
    doc = parse_text(report("Nội dung.", place_date="TP. Lạng Sơn, 17/11/2023"), "x.txt")
    own = document_date(doc)
    assert own is not None and own.low == own.high == date(2023, 11, 17)


def test_cited_document_after_citing_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The citation layer belongs to another module: feed it a stand-in."""
    import sys
    import types
    from dataclasses import dataclass

    from doclint.model import Span

    @dataclass
    class Citation:
        type_name: str
        number: str
        code: str
        date: date | None
        span: Span
        date_span: Span | None

    text = report("Thực hiện Kế hoạch số 12/KH-UBND ngày 20/11/2023 và Kế hoạch số 10/KH-UBND ngày 10/11/2023.")
    start = text.index("ngày 20/11/2023")
    early = text.index("ngày 10/11/2023")
    fake = types.ModuleType("doclint.citations")
    fake.find_citations = lambda doc: [  # type: ignore[attr-defined]
        Citation("Kế hoạch", "12", "KH-UBND", date(2023, 11, 20), Span(start - 20, start + 15), Span(start, start + 15)),
        Citation("Kế hoạch", "10", "KH-UBND", date(2023, 11, 10), Span(early - 20, early + 15), Span(early, early + 15)),
    ]
    monkeypatch.setitem(sys.modules, "doclint.citations", fake)
    found = lint_string(text, ["date-after-document"])
    assert [(f.text, "12/KH-UBND" in f.message) for f in found] == [("ngày 20/11/2023", True)]


def test_cited_document_after_citing_one_with_the_real_citation_layer() -> None:
    pytest.importorskip("doclint.citations")
    text = report("Thực hiện Kế hoạch số 12/KH-UBND ngày 20/11/2023 của UBND tỉnh; Kế hoạch số 10/KH-UBND ngày 10/11/2023.")
    found = lint_string(text, ["date-after-document"])
    assert len(found) == 1 and "20/11/2023" in found[0].text and "17/11/2023" in found[0].message


def test_cited_date_after_the_document_names_the_year_its_number_carries() -> None:
    """realdocs 0100 (Nghị quyết 66.16/2026/NQ-CP, 07/4/2026) cites "Nghị định số 134/2016/NĐ-CP
    ngày 01 tháng 9 năm 2026": the number says 2016, so the date's year is the slip."""
    pytest.importorskip("doclint.citations")
    text = report("Sửa đổi Nghị định số 134/2016/NĐ-CP ngày 01 tháng 9 năm 2026 của Chính phủ quy định chi tiết.")
    (found,) = lint_string(text, ["date-after-document"])
    assert "134/2016/NĐ-CP" in found.message and "01/09/2026" in found.message
    assert "năm 2016" in found.message
    same_year = report("Thực hiện Kế hoạch số 12/KH-UBND ngày 20/11/2023 của UBND tỉnh.")
    (plain,) = lint_string(same_year, ["date-after-document"])
    assert "12/KH-UBND" in plain.message and "số hiệu ghi năm" not in plain.message


def test_count_of_days_before_a_ratio_is_not_a_date() -> None:
    assert lint_string(report("Giải quyết trước hạn 5 ngày 15/20 hồ sơ."), ["invalid-date"]) == []


# --- issue 13: a date's role on real documents (realdocs excerpts silent, slips firing) ---

@pytest.mark.parametrize(
    ("body", "fires"),
    [
        # 0444, 0520, 0209: yearly deadlines (no year, hằng năm, năm sau)
        ("Sở tổng hợp dự toán gửi Bộ Lao động - Thương binh và Xã hội trước ngày 05 tháng 7 hằng năm.", False),
        ("Các đơn vị gửi hồ sơ về thường trực Hội đồng trước ngày 01/11 hằng năm để tổng hợp.", False),
        ("Gửi báo cáo quyết toán về Bộ Tài chính trước ngày 05 tháng 7 năm sau.", False),
        # 0117, 0401, 0205, 0206: cut-offs, not deadlines
        ("Hồ sơ đề nghị công nhận người hoạt động cách mạng trước ngày 01 tháng 01 năm 1945 gồm bản khai.", False),
        ("Yêu cầu các tổ chức tài chính vi mô đang hoạt động trước ngày 01 tháng 7 năm 2023 báo cáo.", False),
        ("Bảo đảm kinh phí đối với các đối tượng: người hưởng chế độ trước ngày 01 tháng 01 năm 1995.", False),
        ("Yêu cầu xử lý các khoản phát sinh trước ngày 31 tháng 12 năm 2022.", False),
        # the same sentences as real slips
        ("Yêu cầu Sở tổng hợp dự toán gửi Bộ Lao động - Thương binh và Xã hội trước ngày 05 tháng 7 năm 2023.", True),
    ],
)
def test_deadline_roles(body: str, fires: bool) -> None:
    text = report(TASKS + body)
    assert bool([x for x in rules_fired(text) if x[0] == "deadline-before-document"]) is fires


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        # 0002, 0307, 0107: the grounds of a resolution, and action words inside a law's name
        ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;", False),
        ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015;", False),
        # 0077: an action word inside a cited document's title
        ("Thực hiện Nghị định số 31/2019/NĐ-CP ngày 10/4/2019 quy định biện pháp tổ chức thi hành Luật Tố cáo "
         "và Quyết định số 1763/QĐ-UBND ngày 20/11/2014.", False),
        ("Tổ chức Hội nghị tổng kết công tác ngày 15/3/2023 với 200 đại biểu.", True),
    ],
)
def test_background_dates_are_not_actions_of_the_period(body: str, fires: bool) -> None:
    text = report(body, place_date="Chi Lăng, ngày 25 tháng 3 năm 2024",
                  title="Tình hình thực hiện nhiệm vụ quý I và nhiệm vụ trọng tâm quý II năm 2024")
    assert bool([x for x in rules_fired(text) if x[0] == "date-outside-period"]) is fires


def test_an_unreadable_header_day_is_no_reporting_period() -> None:
    # 0026 (OCR): "ngày À6 tháng 4 năm 2019" in the header; a letter answering a petition
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN ĐẮK R'LẤP Độc lập - Tự do - Hạnh phúc\n\n"
            "Số: 123/UBND-NC ĐắkR lấp, ngày À6 tháng 4 năm 2019\n\nVề việc trả lời đơn của công dân\n\n"
            "Thanh tra huyện đã ban hành Hướng dẫn số 109/HD-TTr ngày 17/5/2018, hướng dẫn ông Lý Sáng khởi kiện.\n")
    assert document_period(parse_text(text)) is None
    assert lint_string(text, ["date-outside-period"]) == []


def test_blank_draft_header_keeps_its_year_and_a_later_meeting_is_not_the_date() -> None:
    # w112: "Hà Nội, ngày tháng năm 2025" and documents of June 2025 cited
    draft = ("CHÍNH PHỦ\n\nSố: /TTr-CP\n\nHà Nội, ngày    tháng    năm 2025\n\nTỜ TRÌNH\n\n"
             "Thực hiện Nghị quyết số 169/NQ-CP ngày 11/6/2025 về việc bổ sung dự án Luật vào Chương trình.\n")
    own = document_date(parse_text(draft))
    assert own is not None and (own.low, own.high) == (date(2025, 1, 1), date(2025, 12, 31))
    assert lint_string(draft, ["date-after-document"]) == []
    cited_later = draft.replace("11/6/2025", "11/6/2026")
    assert [f.rule for f in lint_string(cited_later, ["date-after-document"])] == ["date-after-document"]


def test_date_format_not_for_documents_before_2011() -> None:
    assert lint_string(report("Nội dung.", place_date="Hà Nội, ngày 26 tháng 04 năm 2010"), ["date-format"]) == []
    found = lint_string(report("Nội dung.", place_date="Hà Nội, ngày 26 tháng 04 năm 2019"), ["date-format"])
    assert [f.rule for f in found] == ["date-format"]
