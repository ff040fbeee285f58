"""The citation parser shared by the format and dates families."""

from datetime import date
from pathlib import Path

from doclint.citations import find_citations, parse_reference, scan_text
from doclint.parse import parse_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_text(path.read_text(encoding="utf-8"), str(path))


def test_state_individual_citation_with_date_and_issuer() -> None:
    [c] = scan_text("theo Kế hoạch số 154/KH-UBND ngày 11/7/2021 của UBND tỉnh về việc")
    assert (c.type_name, c.number, c.year, c.code, c.party) == ("Kế hoạch", "154", None, "KH-UBND", False)
    assert c.date == date(2021, 7, 11) and c.issuer == "UBND tỉnh"
    assert c.type_code == "KH" and c.issuer_code == "UBND"


def test_normative_party_and_cong_van() -> None:
    text = ("Quyết định số 19/2021/QĐ-UBND; Nghị quyết số 40-NQ/TU, ngày 05/8/2021 của Ban Thường vụ Tỉnh ủy; "
            "Công văn số 1431/UBND-VP ngày 06 tháng 5 năm 2025")
    normative, party, cong_van = scan_text(text)
    assert (normative.number, normative.year, normative.code) == ("19", "2021", "QĐ-UBND")
    assert party.party and party.code == "NQ/TU" and party.date == date(2021, 8, 5)
    assert cong_van.type_code is None and cong_van.code == "UBND-VP" and cong_van.date == date(2025, 5, 6)


def test_malformed_space_is_parsed_not_dropped() -> None:
    [c] = scan_text("Thực hiện tốt Quyết định 06/QĐ TTg, ngày 06/01/2022 của Thủ tướng Chính phủ")
    assert c.code == "QĐ TTg" and c.separators == ("/", " ")
    assert parse_reference("06/QĐ TTg") is not None


def test_not_citations() -> None:
    assert scan_text("đạt 14/19 tiêu chí; tỷ lệ 1/500; ngày 15/11/2023; Thác Mạ 1.3.7.8-Khu tái định cư") == []


def test_seed_000_excludes_own_number_and_caches() -> None:
    doc = _seed("000")
    cites = find_citations(doc)
    assert all(c.code != "BC-UBND" for c in cites)
    assert find_citations(doc) is cites  # a document fact: computed once
    assert any(c.code == "KH-UBND" and c.number == "154" and c.date == date(2021, 7, 11) for c in cites)


def test_seed_003_decomposed_text_still_found() -> None:
    doc = _seed("003")
    codes = {(c.type_name, c.number) for c in find_citations(doc)}
    assert ("Thông báo", "349") in codes and ("Công văn", "1431") in codes


def _rule(text: str, rule: str):
    from helpers import lint_string
    return lint_string("Căn cứ " + text + ";\n", [rule])


def test_old_citations_follow_the_rules_of_their_time() -> None:
    # 0206.txt: "Quyết định số 206-CP ngày 30 tháng 5 năm 1979"; Nghị định 87-CP of 1994; 0205.txt "12/TT-LB"
    for old in ("Nghị định 87-CP ngày 12 tháng 8 năm 1994", "Quyết định số 206-CP ngày 30 tháng 5 năm 1979",
                "Thông tư số 12/TT-LB", "Quyết định số 111-HĐBT", "Nghị định số 115/NĐ-CP ngày 05/9/1998"):
        assert _rule(old, "reference-format") == [] and _rule(old, "reference-type-mismatch") == [], old
    assert len(_rule("Nghị định số 108/NĐ-CP ngày 10/01/2020", "reference-format")) == 1


def test_party_thong_tri_is_not_a_circular() -> None:
    [f] = _rule("Thông tri số 297/TT-TW", "reference-format")  # 0318.txt
    assert "297-TT/TW" in f.message  # a Party code written the state way, not a circular without a year


def test_consolidated_text_code_keeps_the_type_name() -> None:
    assert _rule("Thông tư số 15/VBHN-NHNN", "reference-type-mismatch") == []  # w008.docx


def test_joint_codes_accepted_for_their_type() -> None:
    # 0238.txt "Thông tư 23/2005/TTLT-…"; w109.docx "Chương trình 16-CTrPH/BTGTU-SYT" (phối hợp)
    assert _rule("Thông tư số 23/2005/TTLT-BLĐTBXH-BTC", "reference-type-mismatch") == []
    assert _rule("Chương trình số 16-CTrPH/BTGTU-SYT", "reference-type-mismatch") == []
    assert len(_rule("Chương trình số 16-KH/BTGTU", "reference-type-mismatch")) == 1


def test_type_code_glued_to_its_issuer_keeps_the_issuer() -> None:
    # w133.docx "Quyết định 588/QĐTTg", "Nghị định số 104/2003/NĐCP": the hyphen is missing
    [f] = _rule("Quyết định 588/QĐTTg ngày 28/4/2020", "reference-type-mismatch")
    assert f.suggestion == "588/QĐ-TTg"
    [g] = _rule("Nghị định số 104/2003/NĐCP", "reference-type-mismatch")
    assert g.suggestion == "104/2003/NĐ-CP"
    # another type's own code: the name may be the slip (0321.txt: see the test below)
    [h] = _rule("Thông tư số 06/2024/NĐ-CP", "reference-type-mismatch")
    assert h.suggestion is None


# --- issue 14: a cited number that cannot exist (reference-impossible) ------------------------

import pytest  # noqa: E402

from doclint.citations import assembly_numbers  # noqa: E402
from helpers import lint_string  # noqa: E402
from test_format import DATED  # noqa: E402  (a decision dated 05/3/2024)

IMPOSSIBLE = ["reference-impossible"]


def test_assembly_numbers_are_found_with_their_term() -> None:
    doc = parse_text("Căn cứ Luật số 31/2024/QH15; Nghị quyết số 1234/2016/UBTVQH13; Luật 12/2020/QH14a; XQH15.")
    assert [(n.ref, n.year, n.term) for n in assembly_numbers(doc)] == [
        ("31/2024/QH15", "2024", 15), ("1234/2016/UBTVQH13", "2016", 13)]


@pytest.mark.parametrize(("cited", "piece"), [
    # realdocs 0556 (a published law): the Law on Insurance Business of 2022 is 08/2022/QH15
    ("Luật Kinh doanh bảo hiểm số 08/2022/QH12", "khóa 12 (2007–2011)"),
    # realdocs 0473 (a published circular): the 2012 amendment of the personal income tax law is 26/2012/QH13
    ("Luật Thuế thu nhập cá nhân số 04/2007/QH12 được sửa đổi, bổ sung bởi Luật số 26/2012/QH12", "26/2012/QH12"),
    ("Luật Đất đai số 31/2025/QH15", "sau năm của chính văn bản này (2024)"),
    ("Luật Đất đai số 31/20224/QH15", "\"20224\" không phải năm có bốn chữ số"),
    ("Nghị định số 45/201/NĐ-CP", "\"201\" không phải năm có bốn chữ số"),
])
def test_an_impossible_law_number_or_year_is_reported(cited: str, piece: str) -> None:
    (found,) = lint_string(DATED.format(cited=cited), IMPOSSIBLE)
    assert found.line == 11 and piece in found.message, found.message


@pytest.mark.parametrize("cited", [
    "Luật Thuế thu nhập cá nhân số 04/2007/QH12 được sửa đổi, bổ sung bởi Luật số 26/2012/QH13",
    "Luật số 59/2016/QH13 và Nghị quyết số 1234/2016/UBTVQH14",  # 2016: the last year of one term, the first of the next
    "Luật Đất đai số 31/2024/QH15",  # the document's own year
    "Nghị quyết số 187/2023/QH1 5",  # realdocs 0157: a term cut by the scanner, no term to check
    "Directive 2000/31/EC on electronic commerce",  # realdocs 0178: year first, a European code
])
def test_a_possible_law_number_is_silent(cited: str) -> None:
    assert lint_string(DATED.format(cited=cited), IMPOSSIBLE) == []


def test_the_documents_own_assembly_number_is_not_cited() -> None:
    law = "QUỐC HỘI\nLuật số: 31/2024/QH15\n\nLUẬT\nĐẤT ĐAI\n\nCăn cứ Hiến pháp;\n"
    assert assembly_numbers(parse_text(law)) == []


def test_a_mismatch_suggests_a_code_only_when_the_code_is_the_slip() -> None:
    # 0321.txt "Thông tư 06/2024/NĐ-CP": NĐ is a decree's own code, the name may be the slip
    [f] = _rule("Thông tư số 06/2024/NĐ-CP", "reference-type-mismatch")
    assert '"TT"' in f.message and f.suggestion is None
    # w056.docx "Nghị quyết 68-TW/NQ": the Party code with its two parts swapped
    [g] = _rule("Nghị quyết số 68-TW/NQ", "reference-type-mismatch")
    assert g.suggestion == "68-NQ/TW"
    # 0335.txt "Thông tư 09/2017/BLĐTBXH": the issuer alone, the type left out
    [h] = _rule("Thông tư số 09/2017/BLĐTBXH ngày 13/3/2017", "reference-type-mismatch")
    assert h.suggestion == "09/2017/TT-BLĐTBXH"
    # a typing slip in the type code itself is still put right
    [i] = _rule("Quyết định số 858/QD-TTg", "reference-type-mismatch")
    assert i.suggestion == "858/QĐ-TTg"
    # another type's code, cited the right way elsewhere in the document: that is the fix
    [j] = _rule("Căn cứ Thông tư số 06/2024/NĐ-CP; thực hiện Thông tư số 06/2024/TT-CP;", "reference-type-mismatch")
    assert j.suggestion == "06/2024/TT-CP"
