"""Format rules (DL401–DL407) on the five seeds and on written counter-examples."""

from __future__ import annotations

import pytest

from doclint.rule import Settings
from helpers import lint_seed, lint_string

FORMAT = ["missing-component", "doc-type-mismatch", "recipients-format", "signature-authority",
          "reference-format", "reference-type-mismatch", "reference-conflict"]

GOOD = """UBND TỈNH LẠNG SƠN
ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 125/TB-UBND

TP. Lạng Sơn, ngày 05 tháng 3 năm 2025

THÔNG BÁO

Kết luận cuộc họp

Thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021 của UBND tỉnh, Nghị định số 30/2020/NĐ-CP và Nghị quyết số 40-NQ/TU, ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy; tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021, UBND thành phố thông báo./.

Nơi nhận:

- UBND tỉnh (b/c);
- Các phòng, ban;
- Lưu: VT, VP.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Hùng
"""


def _lint(text: str, rule: str, final: bool = False):
    settings = Settings(stage="final") if final else None
    return lint_string(text, [rule], settings)


def test_good_document_is_silent() -> None:
    assert lint_string(GOOD, FORMAT) == []


# ---------------------------------------------------------------- seeds
@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seeds_with_header_are_silent_in_draft(prefix: str) -> None:
    assert lint_seed(prefix, FORMAT) == []


def test_seed_002_only_the_chairman_without_tm_as_info() -> None:
    [finding] = lint_seed("002", FORMAT)
    assert (finding.rule, finding.line, finding.severity) == ("signature-authority", 321, "info")
    assert "TM. ỦY BAN NHÂN DÂN" in finding.message and finding.suggestion == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_seeds_without_header_one_finding(prefix: str) -> None:
    findings = [f for f in lint_seed(prefix, FORMAT) if f.rule == "missing-component"]
    assert len(findings) == 1
    [f] = findings
    assert f.severity == "info"
    for part in ("Quốc hiệu", "tên cơ quan", "số, ký hiệu", "địa danh và ngày tháng"):
        assert part in f.message
    assert "tên loại" not in f.message and "nơi nhận" not in f.message
    [final] = [f for f in lint_seed(prefix, ["missing-component"], Settings(stage="final"))]
    assert final.severity == "error"


def test_seed_000_missing_motto_reported_only_when_final() -> None:
    [f] = lint_seed("000", ["missing-component"], Settings(stage="final"))
    assert f.line == 3 and "Quốc hiệu" in f.message and "số, ký hiệu" not in f.message


def test_seed_004_malformed_decision_code() -> None:
    [f] = lint_seed("004", ["reference-format"])
    assert f.line == 95 and f.text == "06/QĐ TTg" and f.suggestion == "06/QĐ-TTg"
    assert "06/QĐ-TTg" in f.message


# ---------------------------------------------------------------- DL401
DRAFT = GOOD.replace("Số: 125/TB-UBND", "Số:    /TB-UBND").replace("ngày 05 tháng 3", "ngày     tháng 3")


def test_missing_signature_is_warning_in_draft() -> None:
    # a draft (number and day still blank): the closing is really absent
    text = DRAFT.split("TM. ỦY BAN")[0]
    [f] = _lint(text, "missing-component")
    assert f.severity == "warning" and "chức vụ và họ tên người ký" in f.message


def test_issued_document_missing_parts_reported_only_when_final() -> None:
    # number and day filled: an issued document whose closing was lost in extraction (was a
    # warning before: a false alarm on every Gazette text, which omits Nơi nhận)
    text = GOOD.split("TM. ỦY BAN")[0]
    assert _lint(text, "missing-component") == []
    [f] = _lint(text, "missing-component", final=True)
    assert f.severity == "error" and "chức vụ và họ tên người ký" in f.message


# realdocs 0003.txt (a scanned resolution): the number is filled, the stamped day is unreadable;
# the signer's title and name went into the recipients column when the scan was read
SCANNED_RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH ĐẮK NÔNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 05 /2019/NQ-HĐND
Đắk Nông, ngày /19 tháng 7 năm 2019

NGHỊ QUYẾT
Quy định các mức chi tiếp khách nước ngoài

Điều 1. Thông qua Quy định các mức chi tiếp khách nước ngoài.
Điều 2. Giao Ủy ban nhân dân tỉnh Đắk Nông tổ chức thực hiện Nghị quyết này./.
"""


def test_unreadable_stamped_day_is_an_issued_copy() -> None:
    # 0003/0062/0076 (pdf-ocr): "ngày /19", "ngày ÄJÊ`", "ngày|Ñtháng": a day was written there
    for day in ("ngày /19 tháng", "ngày ÄJÊ` tháng", "ngày|Ñtháng", "ngày A3 tháng"):
        text = SCANNED_RESOLUTION.replace("ngày /19 tháng", day)
        assert _lint(text, "missing-component") == [], day
        assert len(_lint(text, "missing-component", final=True)) == 1
    # a draft leaves the day blank (spaces, dots, "…", "___"): its missing closing is reported
    for day in ("ngày      tháng", "ngày … tháng", "ngày ..... tháng", "ngày ____ tháng"):
        [f] = _lint(SCANNED_RESOLUTION.replace("ngày /19 tháng", day), "missing-component")
        assert f.severity == "warning" and "chức vụ và họ tên người ký" in f.message, day


def test_e_signed_copy_with_blank_day_is_issued() -> None:
    # 0130.txt: a Gazette copy of an issued QĐ (number 372) whose day lives in the digital
    # signature; the Gazette drops the recipients
    text = (DRAFT.replace("Số:    /TB-UBND", "Số:  372 /QĐ-BTC").replace("THÔNG BÁO", "QUYẾT ĐỊNH")
            .split("Nơi nhận:")[0] + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Hùng\n")
    [f] = _lint(text, "missing-component")
    assert "nơi nhận" in f.message
    stamped = text.replace("Kết luận cuộc họp", "Kết luận cuộc họp\nKý bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                                 "Ngày ký: 2026-03-17 17:21:35 +07:00")
    assert _lint(stamped, "missing-component") == []
    # 0062.txt: only the time stamp of the signature survived the scan
    assert _lint(text + "\n1520:06 +07:00\n", "missing-component") == []
    # a number still blank is a draft, stamped or not
    assert len(_lint(stamped.replace("372 /QĐ-BTC", "/QĐ-BTC"), "missing-component")) == 1


# ---------------------------------------------------------------- DL402
def test_type_code_against_type_name() -> None:
    [f] = _lint(GOOD.replace("THÔNG BÁO", "BÁO CÁO"), "doc-type-mismatch")
    assert f.text == "TB-UBND" and '"BC"' in f.message and f.suggestion == "BC-UBND"


def test_cong_van_with_type_code() -> None:
    text = GOOD.replace("THÔNG BÁO\n\nKết luận cuộc họp", "V/v triển khai kế hoạch")
    [f] = _lint(text, "doc-type-mismatch")
    assert "Công văn" in f.message and f.suggestion == "UBND"
    assert _lint(text.replace("125/TB-UBND", "125/UBND-VP"), "doc-type-mismatch") == []


# ---------------------------------------------------------------- DL403
def test_recipient_line_without_semicolon() -> None:
    [f] = _lint(GOOD.replace("- Các phòng, ban;", "- Các phòng, ban"), "recipients-format")
    assert f.line == 20 and "\";\"" in f.message and f.suggestion == "- Các phòng, ban;"


def test_last_line_must_be_luu_with_period() -> None:
    [f] = _lint(GOOD.replace("- Lưu: VT, VP.", "- Lưu: VT, VP;"), "recipients-format")
    assert "\".\"" in f.message and f.suggestion == "- Lưu: VT, VP."
    [g] = _lint(GOOD.replace("- Lưu: VT, VP.\n", ""), "recipients-format")
    assert "- Lưu: VT, …" in g.message
    [h] = _lint(GOOD.replace("- Lưu: VT, VP.", "- Lưu VT, VP."), "recipients-format")
    assert h.suggestion == "- Lưu: VT, VP."


# w002.docx / w112.docx: a recipient wrapped onto a line without its dash; the Lưu line follows it
WRAPPED_VPCP = """- Các Bộ: Công an, Quốc phòng, Tư pháp;
- VPCP: BTCN, các PCN, Trợ lý, Thư ký TTgCP;
các Vụ: PL, NC, TH;
- Lưu: VT, KSTT(02).
"""


def test_luu_line_after_a_wrapped_recipient_is_found() -> None:
    text = GOOD.replace("- Các phòng, ban;\n- Lưu: VT, VP.\n", WRAPPED_VPCP)
    assert _lint(text, "recipients-format") == []
    # without the Lưu line the block still lacks it
    [f] = _lint(text.replace("- Lưu: VT, KSTT(02).\n", ""), "recipients-format")
    assert "- Lưu: VT, …" in f.message
    # "Lưu ý:" below the block is a note, not the filing line
    assert len(_lint(text.replace("- Lưu: VT, KSTT(02).", "Lưu ý: gửi kèm hồ sơ."), "recipients-format")) == 1


# realdocs 0049 (OCR of a signed công văn): scanner debris cuts the block, then "~ Lưu HS, VT."
SCANNED_BLOCK = """- UBND tỉnh (b/c);

Z. ZT NỘI ¡
xÀ ~ : CC
- Thanh tra huyện; \\4 ¡ :
~ Lưu HS, VT.
"""


def test_luu_line_after_scanner_debris_is_found() -> None:
    text = GOOD.replace("- UBND tỉnh (b/c);\n- Các phòng, ban;\n- Lưu: VT, VP.\n", SCANNED_BLOCK)
    assert "~ Lưu HS, VT." in text
    assert [f for f in _lint(text, "recipients-format") if "Lưu: VT, …" in f.message] == []
    without = text.replace("~ Lưu HS, VT.\n", "")
    assert [f.line for f in _lint(without, "recipients-format") if "Lưu: VT, …" in f.message] == [19]


def test_form_with_a_dotted_recipient_line_is_silent() -> None:
    # 0111.txt: a form (Mẫu) whose recipients are "- Như trên;" and a line of dots to fill in
    form = GOOD.replace("- UBND tỉnh (b/c);\n- Các phòng, ban;\n- Lưu: VT, VP.", "- Như trên;\n…………….")
    assert _lint(form, "recipients-format") == []
    [f] = _lint(form.replace("\n…………….", ""), "recipients-format")
    assert "- Lưu: VT, …" in f.message


def test_duplicate_recipient_ignores_report_marks() -> None:
    text = GOOD.replace("- Các phòng, ban;", "- Các phòng, ban;\n- UBND tỉnh (B/c);")
    [f] = _lint(text, "recipients-format")
    assert "UBND tỉnh (b/c)" in f.message and f.line == 21


# ---------------------------------------------------------------- DL404
@pytest.mark.parametrize("block, key", [
    ("KT. CHỦ TỊCH\nCHÁNH VĂN PHÒNG", "PHÓ CHỦ TỊCH"),
    ("TM. CHỦ TỊCH\nCHỦ TỊCH", "tập thể"),
    ("TL. ỦY BAN NHÂN DÂN\nCHÁNH VĂN PHÒNG", "người đứng đầu"),
    ("TM. ỦY BAN NHÂN DÂN\nPHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("TL. CHỦ TỊCH\nPHÓ CHÁNH VĂN PHÒNG", "KT. CHÁNH VĂN PHÒNG"),
    ("TL. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
])
def test_signature_prefix_faults(block: str, key: str) -> None:
    [f] = _lint(GOOD.replace("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", block), "signature-authority")
    assert key in f.message


@pytest.mark.parametrize("block", [
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG",
])
def test_signature_prefix_right(block: str) -> None:
    assert _lint(GOOD.replace("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", block), "signature-authority") == []


# ---------------------------------------------------------------- DL405
@pytest.mark.parametrize("citation, piece", [
    ("Nghị định số 108/NĐ-CP", "năm ban hành"),
    ("Nghị quyết số 40/NQ-TU", "40-NQ/TU"),
    ("Quyết định số 12-QĐ/UBND", "12/QĐ-UBND"),
    ("Quyết định số 06/QĐ–TTg", "06/QĐ-TTg"),
])
def test_reference_format_faults(citation: str, piece: str) -> None:
    [f] = _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", citation), "reference-format")
    assert piece in f.message


# ---------------------------------------------------------------- DL406
def test_reference_type_mismatch() -> None:
    [f] = _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Kế hoạch số 154/QĐ-UBND"), "reference-type-mismatch")
    assert f.text == "154/QĐ-UBND" and '"KH"' in f.message and f.suggestion == "154/KH-UBND"
    [g] = _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Quy định số 12/QĐ-UBND"), "reference-type-mismatch")
    assert '"QyĐ"' in g.message


def test_party_quy_dinh_and_phat_dong_accepted() -> None:
    text = GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Quy định số 05-QĐi/TU, Phát động số 01/PĐ-UBND")
    assert _lint(text, "reference-type-mismatch") == [] and _lint(text, "reference-format") == []


# ---------------------------------------------------------------- DL407
def test_same_document_two_dates() -> None:
    text = GOOD.replace("tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021",
                        "tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 17/7/2021")
    [f] = _lint(text, "reference-conflict")
    # one mention each: either may be the slip (0358: the first said 19/12/2013 for NĐ 17/2013,
    # issued 19/02/2013), so the finding names both dates and suggests neither
    assert "17/07/2021" in f.message and "11/07/2021" in f.message and f.suggestion is None
    # a date the document gives more often is the one to keep
    twice = text.replace("UBND thành phố thông báo", "như Kế hoạch số 154/KH-UBND ngày 11/7/2021 đã nêu, UBND thành phố thông báo")
    [g] = _lint(twice, "reference-conflict")
    assert "17/07/2021" in g.message and g.suggestion == "11/07/2021"


def test_different_levels_are_different_documents() -> None:
    text = GOOD.replace("tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021",
                        "tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 17/7/2021 của UBND huyện")
    assert _lint(text, "reference-conflict") == []


def test_unknown_type_code_and_replaced_code() -> None:
    text = GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Quyết định số 12/QDD-UBND")
    assert _lint(text, "reference-format") == []  # one report, with the expected code:
    [f] = _lint(text, "reference-type-mismatch")
    assert '"QDD"' in f.message and f.suggestion == "12/QĐ-UBND"
    [g] = _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Giấy ủy quyền số 03/UQ-UBND"), "reference-format")
    assert '"GUQ"' in g.message and g.suggestion == "03/GUQ-UBND"
    assert _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Giấy ủy quyền số 03/UQ-UBND"), "reference-type-mismatch") == []


def test_fragment_without_any_part_is_not_a_document() -> None:
    assert _lint("Thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021 của UBND tỉnh.\n", "missing-component") == []
    assert _lint("", "missing-component", final=True) == []


def test_own_number_normative_and_party_forms() -> None:
    normative = GOOD.replace("125/TB-UBND", "19/2021/QĐ-UBND").replace("THÔNG BÁO", "QUYẾT ĐỊNH")
    assert _lint(normative, "doc-type-mismatch") == []
    [f] = _lint(normative.replace("QĐ-UBND", "NQ-UBND"), "doc-type-mismatch")
    assert '"QĐ"' in f.message and f.suggestion in ("QĐ-UBND", "Số: 19/2021/QĐ-UBND")
    party = GOOD.replace("125/TB-UBND", "36-HD/VPTW").replace("THÔNG BÁO", "HƯỚNG DẪN")
    assert _lint(party, "doc-type-mismatch") == []
    [g] = _lint(party.replace("36-HD", "36-KH"), "doc-type-mismatch")
    assert g.suggestion in ("HD/VPTW", "Số: 36-HD/VPTW")


def test_state_number_in_another_year_is_another_document() -> None:
    text = GOOD.replace("tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2021",
                        "tiếp tục thực hiện Kế hoạch số 154/KH-UBND ngày 11/7/2022")
    assert _lint(text, "reference-conflict") == []


def test_party_filing_line_without_colon_is_accepted() -> None:
    assert _lint(GOOD.replace("- Lưu: VT, VP.", "- Lưu Văn phòng Tỉnh ủy."), "recipients-format") == []


def test_seed_003_and_004_findings_are_exactly_these() -> None:
    assert [(f.rule, f.line) for f in lint_seed("003", FORMAT)] == [("missing-component", 1)]
    assert [(f.rule, f.line) for f in lint_seed("004", FORMAT)] == [("missing-component", 3), ("reference-format", 95)]


def test_cong_van_citation_codes() -> None:
    [f] = _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Công văn số 12/KH-UBND"), "reference-type-mismatch")
    assert '"KH"' in f.message
    assert _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Công văn số 12/TTr-VP"), "reference-type-mismatch") == []
    assert _lint(GOOD.replace("Nghị định số 30/2020/NĐ-CP", "Văn bản số 12/KH-UBND"), "reference-type-mismatch") == []


# ---------------------------------------------------------------- real documents (issue 13)
from doclint.parse import parse_text  # noqa: E402

# 0043.txt (OCR of a district report): the closing table read row by row
FLAT_CLOSING = DRAFT.split("Nơi nhận:")[0] + """Nơi nhận: KT. CHỦ TỊCH
- Như trên;
- Chủ tịch, các PCT UBND huyện; PHÓ CHỦ TỊCH
- Công TTĐT-VP.UBND huyện;
- Lưu: VT, VP. Nguyễn Văn Hùng
"""


def test_flattened_closing_is_split_into_recipients_and_signature() -> None:
    doc = parse_text(FLAT_CLOSING)
    assert [r.value for r in doc.recipients][-1] == "- Lưu: VT, VP."
    assert [f.value for f in doc.signature.lines] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc.signature.name.value == "Nguyễn Văn Hùng"
    assert lint_string(FLAT_CLOSING, FORMAT) == []
    # the signing column still gets checked once split back
    wrong = FLAT_CLOSING.replace("; PHÓ CHỦ TỊCH", "; CHÁNH VĂN PHÒNG")
    [f] = _lint(wrong, "signature-authority")
    assert "PHÓ CHỦ TỊCH" in f.message


def test_flattened_header_rows() -> None:
    # 0043.txt / 0138.txt: issuer | motto and number | place-date on one line each
    text = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "HUYỆN ĐẮK R'LẤP Độc lập - Tự do - Hạnh phúc\n"
            "Số: 186/BC-UBND Đắk R'lấp, ngày 04 tháng 10 năm 2025\n\nBÁO CÁO\nVề việc xử lý đơn\n\nNội dung.\n")
    header = parse_text(text).header
    assert [f.value for f in header.issuer] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐẮK R'LẤP"]
    assert header.motto.value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert header.code.value == "BC-UBND" and header.place == "Đắk R'lấp" and header.day.value == "04"


def test_eth_motto_and_normative_number_line() -> None:
    # 0530.txt writes "Ðộc lập" with Ð (U+00D0); w001.docx: "Luật số: …/…/QH…"
    header = parse_text("BỘ KẾ HOẠCH VÀ ĐẦU TƯ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nÐộc lập - Tự do - Hạnh phúc\n"
                        "Số: 22/2022/TT-BKHĐT\nHà Nội, ngày 09 tháng 12 năm 2022\nTHÔNG TƯ\n").header
    assert header.number_line is not None and header.place_date is not None and header.type_name.value == "THÔNG TƯ"
    law = parse_text("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLuật số: …/…/QH…\n"
                     "(Dự thảo)\nHà Nội, ngày … tháng … năm …\nLUẬT\nGIÁM ĐỊNH TƯ PHÁP\n").header
    assert law.number_line.value == "Luật số: …/…/QH…" and law.type_name.value == "LUẬT"


@pytest.mark.parametrize("block", [
    "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
    "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG",
    "TM. HỘI ĐỒNG NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "T/M BAN THƯỜNG VỤ\nK/T BÍ THƯ\nPHÓ BÍ THƯ",
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    "KT. CHỦ TỊCH\nỦY VIÊN THƯỜNG TRỰC",
])
def test_signing_patterns_of_every_body_are_right(block: str) -> None:
    assert _lint(GOOD.replace("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", block), "signature-authority") == []


def test_minister_signed_by_the_head_title_is_wrong() -> None:
    [f] = _lint(GOOD.replace("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "KT. BỘ TRƯỞNG\nBỘ TRƯỞNG"), "signature-authority")
    assert '"THỨ TRƯỞNG"' in f.message


def test_signature_without_prefix_in_a_gazette_text() -> None:
    # 0214.txt: "BỘ TRƯỞNG" / "Đào Ngọc Dung" after the last article
    doc = parse_text("Điều 5. Trách nhiệm thi hành\nCác Bộ chịu trách nhiệm thi hành.\n\nBỘ TRƯỞNG\n\nĐào Ngọc Dung\n")
    assert [f.value for f in doc.signature.lines] == ["BỘ TRƯỞNG"] and doc.signature.name.value == "Đào Ngọc Dung"


def test_recipients_prose_is_not_a_closing() -> None:
    # Nghị định 30 itself (0198.txt), Điều 14
    doc = parse_text("Điều 14. Nơi nhận\nNơi nhận xác định những cơ quan, tổ chức nhận văn bản.\n"
                     "Nơi nhận được trình bày tại ô số 9a và 9b.\n")
    assert doc.recipients_title is None and doc.recipients == []


def test_party_comma_recipients() -> None:
    commas = GOOD.replace("- UBND tỉnh (b/c);\n- Các phòng, ban;", "- Thường trực Tỉnh ủy,\n- Các ban đảng,\n- Các huyện ủy,")
    party = commas.replace("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
                           "ĐẢNG CỘNG SẢN VIỆT NAM").replace("125/TB-UBND", "125-TB/TU")
    assert parse_text(party).header.convention == "party"
    assert _lint(party, "recipients-format") == []
    [f] = _lint(commas, "recipients-format")  # a state document: one finding for the block
    assert "3 dòng" in f.message and f.line == 17


def test_form_recipients_and_debris_are_not_judged() -> None:
    form = GOOD.replace("- UBND tỉnh (b/c);\n- Các phòng, ban;\n- Lưu: VT, VP.", "- ….(9)……\n- Lưu: VT,…..")
    assert _lint(form, "recipients-format") == []
    debris = GOOD.replace("- Các phòng, ban;", "- Các phòng, ban; R ạm N\n»")  # 0001.txt, 0008.txt (OCR)
    assert _lint(debris, "recipients-format") == []


def test_gazette_and_consolidated_texts_need_no_recipients() -> None:
    closing = "TM. ỦY BAN NHÂN DÂN"
    gazette = DRAFT.replace("/TB-UBND", "/2021/QĐ-UBND").replace("THÔNG BÁO", "QUYẾT ĐỊNH")
    gazette = gazette.split("Nơi nhận:")[0] + closing + "\nCHỦ TỊCH\n\nNguyễn Văn Hùng\n"
    assert _lint(gazette, "missing-component") == []
    consolidated = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTHÔNG TƯ\nHướng dẫn quản lý lao động\n\n"
                    "Thông tư số 34/2016/TT-BLĐTBXH ngày 25 tháng 10 năm 2016, được sửa đổi, bổ sung bởi:\n"
                    "Điều 1. Phạm vi\nNội dung.\n")
    assert _lint(consolidated, "missing-component", final=True) == []


def test_signer_name_missing_in_a_draft_only() -> None:
    [f] = _lint(DRAFT.replace("Nguyễn Văn Hùng\n", ""), "signature-authority")
    assert "họ tên người ký" in f.message
    # an issued copy (number and day filled) lost the name under the stamp when scanned
    assert _lint(GOOD.replace("Nguyễn Văn Hùng\n", ""), "signature-authority") == []
    assert len(_lint(GOOD.replace("Nguyễn Văn Hùng\n", ""), "signature-authority", final=True)) == 1
    # 0002.txt / 0076.txt: scanned issued copies whose stamped day was misread ("ngày A3", "ngày|Ñtháng")
    for day in ("ngày A3 tháng", "ngày|Ñtháng"):
        scanned = DRAFT.replace("Số:    /", "Số: 33 /").replace("ngày     tháng", day).replace("Nguyễn Văn Hùng\n", "")
        assert _lint(scanned, "signature-authority") == [], day


def test_draft_law_needs_no_signature_nor_recipients() -> None:
    # 0563.txt / w093.docx: a draft law, "Luật số: …/…/…", signed only once adopted
    text = ("QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\nLuật số: …/…/…\n"
            "Hà Nội, ngày    tháng     năm …\n\nLUẬT XÂY DỰNG\n\nCăn cứ Hiến pháp;\n\nĐiều 1. Phạm vi điều chỉnh\nNội dung.\n")
    assert _lint(text, "missing-component") == []
    # an administrative draft without its closing is still reported
    assert len(_lint(DRAFT.split("Nơi nhận:")[0], "missing-component")) == 1


def test_recipient_note_and_ocr_tilde_keep_the_block() -> None:
    # 0023.txt: "(Niêm yết tại trụ sở …)" under a recipient; 0153.txt: "~ Ban Bí thư" (OCR of "-")
    note = GOOD.replace("- Các phòng, ban;", "- Các phòng, ban;\n(Niêm yết tại trụ sở UBND)\n- Phòng Nội vụ;")
    assert _lint(note, "recipients-format") == []
    assert [r.value for r in parse_text(note).recipients][-1] == "- Lưu: VT, VP."
    tilde = GOOD.replace("- Các phòng, ban;", "~ Các phòng, ban;")
    assert parse_text(tilde).recipients[-1].value == "- Lưu: VT, VP."


# --- reference-impossible (DL408) -----------------------------------------------------------

DATED = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 125/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 3 năm 2024

QUYẾT ĐỊNH
Về việc phê duyệt kế hoạch

Căn cứ {cited} của Bộ Tài chính;
"""


@pytest.mark.parametrize("cited,key", [
    ("Nghị định số 45/25010/NĐ-CP", "five digits"),
    ("Nghị định số 45/1010/NĐ-CP", "before 1945"),
    ("Thông tư số 12/2025/TT-BTC ngày 10 tháng 01 năm 2025", "after this document's own year (2024)"),
])
def test_an_impossible_year_in_a_cited_number_is_reported(cited, key):
    (found,) = lint_string(DATED.format(cited=cited), ["reference-impossible"], Settings(lang="en"))
    assert found.line == 11 and (key in found.message or "four-digit" in found.message)


@pytest.mark.parametrize("cited", [
    "Thông tư số 12/2023/TT-BTC ngày 10 tháng 01 năm 2023",
    "Thông tư số 12/2024/TT-BTC",  # the document's own year
    "Nghị định số 87-CP ngày 05/8/1994",  # the old form carries no year
    "Nghị định số 206-CP",
])
def test_a_possible_year_is_silent(cited):
    assert lint_string(DATED.format(cited=cited), ["reference-impossible"]) == []


@pytest.mark.parametrize("text,shown", [
    ("theo quy định tại Điều 0 Luật Đất đai năm 2024", "Điều 0"),
    ("quy định tại khoản 0 Điều 5 Nghị định số 45/2010/NĐ-CP", "khoản 0"),
    ("Chương 0 của Luật này", "Chương 0"),
])
def test_article_clause_or_chapter_zero_is_reported(text, shown):
    (found,) = lint_string(text, ["reference-impossible"])
    assert found.text == shown


@pytest.mark.parametrize("text", [
    "theo quy định tại Điều 10 Luật Đất đai",
    "quy định tại khoản 1\nĐiều 10 Nghị định số 45/2010/NĐ-CP",  # a line wrap
    "bố trí một khoản 0,5 tỷ đồng",  # khoản is also a sum
    "tỷ lệ Điều 0,5%",
])
def test_numbers_from_one_are_silent(text):
    assert lint_string(text, ["reference-impossible"]) == []


@pytest.mark.parametrize("text", [
    "Điều 0 và Chương  0; khoản\t 0 Điều 5, Khoản 00 Điều 1",  # several, blanks and tabs
    "xĐiều 0, Điều 0Điều 0, Điều 0,5 và Chương 0/1",  # glued, then the lookaheads reject
    "khoản 0 điều 3 và 0 Điều 0",  # a zero after a blank with no unit before it
])
def test_zero_units_are_the_patterns_matches(text):
    """The rule tries _ZERO_UNIT only before the zeros that follow a blank: the same matches."""
    from doclint.rules import format as rules_format

    def spans(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    expected = spans(rules_format._ZERO_UNIT.finditer(text))
    assert expected and spans(rules_format._zero_units(text)) == expected


def test_a_machine_read_text_is_not_told_that_parts_are_missing():
    # realdocs 0066 (pdf-ocr): the scan's signing block was not read; the typed text is told
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "ocr_0066_excerpt.txt").read_text(encoding="utf-8")
    final = Settings(stage="final")
    assert lint_string(text, ["missing-component", "signature-authority"], final) == []
    typed = text.replace("tiêp", "tiếp").replace("câp", "cấp").replace("tiêt", "tiết")
    assert [f.rule for f in lint_string(typed, ["missing-component"], final)] == ["missing-component"]
