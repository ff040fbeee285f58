"""The structure rules on the seeds (exact places) and on small written documents."""

from __future__ import annotations

import pytest

from doclint import regex as rx
from doclint.rule import Settings
from helpers import lint_seed, lint_string

STRUCTURE = ["unfilled-field", "section-duplicate", "section-sequence", "footnote-undefined",
             "footnote-unused", "duplicated-word"]


def rows(findings):
    return [(f.line, f.rule) for f in findings]


def test_seed_000_structure_findings_are_exactly_the_real_defects():
    found = lint_seed("000", STRUCTURE)
    # "2.2." twice under "2.": one slip, at the first copy, which stands where "2.1." belongs
    # (the second "2.2." at line 212 is numbered right)
    assert rows(found) == [(120, "duplicated-word"), (200, "section-duplicate")]
    dup = found[1]
    assert '"2.2."' in dup.message and "dòng 212" in dup.message and dup.suggestion == "2.1."
    assert found[0].text == "xảy ra" and found[0].column == 26


def test_seed_001_blank_number_and_day_and_duplicate_8_1():
    found = lint_seed("001", STRUCTURE)
    assert rows(found) == [(3, "unfilled-field"), (5, "unfilled-field"), (77, "duplicated-word"),
                           (83, "duplicated-word"), (105, "section-duplicate")]
    assert all(f.severity == "warning" for f in found if f.rule == "unfilled-field")
    assert "Số: /TB-UBND" in found[0].message
    assert "dòng 87" in found[4].message and found[4].text == "8.1."


def test_seed_002_repeated_d_is_reported_once_as_a_missing_đ():
    found = lint_seed("002", STRUCTURE)
    assert rows(found) == [(3, "unfilled-field"), (5, "unfilled-field"), (123, "section-duplicate")]
    assert "đ)" in found[2].message


def test_clean_seed_004_has_no_structure_findings():
    assert lint_seed("004", STRUCTURE) == []


def test_seed_003_doubled_định_after_quyết_định_is_reported():
    # `thực hiện quyết định định thu hồi đất`: the seed's own slip, twice (lines 171 and 173)
    found = lint_seed("003", STRUCTURE)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [
        (171, "duplicated-word", "định"), (173, "duplicated-word", "định")]


def test_final_stage_makes_blank_number_an_error():
    found = lint_seed("001", ["unfilled-field"], Settings(stage="final"))
    assert {f.severity for f in found} == {"error"}


def test_english_messages():
    found = lint_seed("001", ["section-duplicate"], Settings(lang="en"))
    assert found[0].message.startswith('Section number "8.1." repeats the sibling at line 87')


def test_filled_header_is_silent_and_placeholder_is_reported():
    good = "Số: 12/BC-UBND\n\nTP. Lạng Sơn, ngày 05 tháng 02 năm 2024\n\nBÁO CÁO\n\nVề việc x\n\nNội dung.\n"
    assert lint_string(good, ["unfilled-field"]) == []
    bad = "[TÊN CƠ QUAN]\n\nSố: 12/BC-UBND\n\nxxx, ngày 05 tháng 02 năm 2024\n\nBÁO CÁO\n\nVề việc x\n"
    found = lint_string(bad, ["unfilled-field"])
    assert [f.text for f in found] == ["[TÊN CƠ QUAN]", "xxx"]


def test_skipped_and_out_of_order_numbers():
    found = lint_string("I. A\n\n1. x\n\n3. y\n\nII. B\n", ["section-sequence"])
    assert [(f.line, f.text) for f in found] == [(5, "3.")]
    assert '"2."' in found[0].message
    # a) c) b): a swap or two slips? no fix is certain, so the rule stays silent
    assert lint_string("I. B\n\na) p\n\nc) q\n\nb) r\n", ["section-sequence"]) == []
    found = lint_string("I. B\n\na) p\n\nb) q\n\nc) r\n\nd) s\n\ne) t\n\ng) u\n", ["section-sequence"])
    assert [(f.line, f.text, f.suggestion) for f in found] == [(11, "e)", "đ)")]


def test_a_scope_numbered_too_irregularly_is_left_alone():
    # three slips among six numbered sections: the parser cannot tell what is a sibling of what
    text = "I. A\n\n1. x\n\n3. y\n\nII. B\n\na) p\n\nc) q\n\nb) r\n"
    assert lint_string(text, ["section-sequence", "section-duplicate"]) == []


def test_vietnamese_alphabet_has_đ_and_no_f():
    assert lint_string("a) x\n\nb) x\n\nc) x\n\nd) x\n\nđ) x\n\ne) x\n\ng) x\n", ["section-sequence"]) == []
    found = lint_string("a) x\n\nb) x\n\nc) x\n\nd) x\n\ne) x\n", ["section-sequence"])
    assert [f.text for f in found] == ["e)"] and '"đ)"' in found[0].message


def test_dotted_number_must_carry_its_parent_number():
    found = lint_string("1. A\n\n1.1. x\n\n2. B\n\n1.2. y\n", ["section-sequence"])
    assert [f.line for f in found] == [7] and '"2.1."' in found[0].message


def test_footnote_undefined_and_unused():
    text = "Có 02 dự án¹ và 03 công trình².\n\n¹ Dự án A; Dự án B\n\n³ Chú thích thừa\n"
    found = lint_string(text, ["footnote-undefined", "footnote-unused"])
    assert [(f.line, f.rule) for f in found] == [(1, "footnote-undefined"), (5, "footnote-unused")]


def test_markdown_and_pdf_footnotes_are_linked():
    md = "Tổng 03 vụ<sup>4</sup>.\n\n<sup>4</sup> A; B; C\n"
    assert lint_string(md, ["footnote-undefined", "footnote-unused"]) == []
    pdf = "Theo chỉ đạo của Chính phủ1. \n\n1 Công điện số 65/CĐ-TTg ngày 15/5/2025 \n"
    assert lint_string(pdf, ["footnote-undefined", "footnote-unused"]) == []


@pytest.mark.parametrize("text", [
    "Tết trồng cây đời đời nhớ ơn Bác Hồ.",
    "đúng chủ trương người người, nhà nhà đều có Tết",
    "Giá tăng dần dần qua các tháng.",
    "các cơ quan, các đơn vị",
    # realdocs excerpts: two words that meet, not a slip
    "c) Việc tăng giảm áp suất trong quá trình thử phải tiến hành từ từ đảm bảo an toàn.",  # 0355
    "tiến hành tổ chức thực hiện các bước tiếp theo theo quy định của Luật Đấu thầu.",  # 0504
    "Mẫu này được sửa đổi và ban hành kèm theo theo quy định tại khoản 7 Điều 1.",  # 0313
    "Viện kiểm sát kiểm sát việc tuân theo pháp luật trong việc giải quyết khiếu nại.",  # w100
    "4. Người nộp thuế nộp thuế theo mã định danh khoản phải nộp.",  # w018
    "Xe ô tô có tay lái ở bên phải phải đi theo đoàn.",  # w094
    "Dụng cụ tạo âm thanh để nhử mồi, tù và và các dụng cụ thổi bằng miệng khác.",  # 0379
    "chi phí giám định thu được được để lại một phần.",  # w027
    "Né tránh các loại chi phí đương nhiên phải có có thể sẽ khiến thị trường nhiễu loạn.",  # w003
    "thời gian đến hết ngày 20 tháng cuối quý báo cáo Báo cáo quý: Ngày 25",  # 0256, table cells
    "Đại diện                      Đại diện                     Đại diện Mặt trận",  # 0326
    "HNX HSX HNX HSX HNX HSX",  # 0482
    "th ế th ế",  # 0188, a PDF text layer
    "Hoạt động hàng không không bảo đảm an toàn do thiết kế tàu bay.",  # 0457
    "Cơ sở vật chất, trang thiết bị bị điều chuyển.",  # w133
    "phối hợp với Bộ Xây dựng xây dựng kế hoạch phát triển nhà ở công vụ",  # w067
    "Người được bảo hiểm đồng ý cho bên mua bảo hiểm mua bảo hiểm sức khỏe cho mình.",  # w045
    "các vấn đề đã giao cho hội đồng tư vấn tư vấn;",  # 0342
    "Giấy tờ này là bản chính hoặc bản sao hoặc bản sao điện tử đã được hợp pháp hóa lãnh sự.",  # 0386
    "vốn góp công ty công ty | doanh nghiệp (đối với tổ chức) | Số Giấy",  # 0547, a scanned table's row
    "a) Có nơi ở hiện tại tại địa phương; b) Không thuộc trường hợp quy định",  # 0255: `hiện tại`, then `tại`
    "Những hạn chế này vẫn còn tồn tại tại một số địa phương.",
    "d) Chi cục và tổ chức tương đương thuộc cục thuộc bộ (sau đây gọi tắt là chi cục thuộc cục thuộc bộ);",  # 0243
])
def test_reduplication_is_not_a_doubled_word(text):
    assert lint_string(text, ["duplicated-word"]) == []


@pytest.mark.parametrize("text,phrase", [
    ("góp ý của các các cơ quan", "các"),
    ("Phạm pháp xảy ra xảy ra 07 vụ", "xảy ra"),
    ("Đề nghị thực hiện thực hiện nghiêm", "thực hiện"),
    ("Các Các đơn vị", "Các"),
    ("ý kiến của các các.", "các"),
    # realdocs excerpts: real slips in published documents and drafts
    ("thuộc trách nhiệm của của Tổng cục, đơn vị.", "của"),  # 0346
    ("không bao gồm các các trường hợp sau:", "các"),  # 0277
    ("phù hợp với với nhu cầu, sức khỏe", "với"),  # w084
    ("phân kỳ sau phải phải đánh giá tổng hợp", "phải"),  # w051
    ("Dự báo xu thế xu thế phát triển trong nước", "xu thế"),  # 0469
    ("triển khai thực hiện thực hiện mô hình", "thực hiện"),  # p160
    ("+ Xây dựng xây dựng chính sách về ATTP", "Xây dựng"),  # p161
    ("nộp qua dịch vụ bưu chính hoặc bản sao hoặc bản sao.", "hoặc bản sao"),  # nothing goes on: a slip
    ("báo cáo gửi các sở và các và các đơn vị", "và các"),  # function words only: a slip
    ("Giá trị | báo cáo của của đơn vị", "của"),  # one bar: no ruled row
    ("so với nhóm đăng ký ban đầu tại tại tuyến huyện.", "tại"),  # w041
    ("dạng phân tán lẻ tại tại các triền đồi núi", "tại"),  # w109
    ("có 15.534.946 lượt khám chữa bệnh với chi phí chi phí lên đến 6.766,6 tỷ đồng/năm", "chi phí"),  # w041
])
def test_doubled_words_are_reported_with_a_fix(text, phrase):
    (found,) = lint_string(text, ["duplicated-word"])
    assert found.suggestion == phrase


def test_suppression_comments():
    text = ("<!-- doclint-disable-next-line duplicated-word -->\ncác các\n\ncác các\n\n"
            "<!-- doclint-disable duplicated-word -->\nvà và\n<!-- doclint-enable duplicated-word -->\nvà và\n")
    assert [f.line for f in lint_string(text, ["duplicated-word"], path="x.md")] == [4, 9]


def test_articles_of_a_decision_are_numbered_in_sequence():
    found = lint_string("QUYẾT ĐỊNH\n\nĐiều 1. A\n\nĐiều 3. B\n", ["section-sequence"])
    assert [(f.line, f.suggestion) for f in found] == [(5, "Điều 2.")]


# -- numbering scopes (issue 12 "A model with regions", issue 13 pattern 1) -----------------------
NUMBERING = ["section-duplicate", "section-sequence"]


def test_a_quoted_clause_list_is_not_the_documents_numbering():
    text = ("Điều 1. Áp dụng\n"
            "1. Khoản 2 Điều 30 Nghị định số 126/2024/NĐ-CP quy định: “c) Hộ nghèo;\n"
            "d) Hộ cận nghèo”.\n"
            "2. Trường hợp khác.\n")
    assert lint_string(text, NUMBERING) == []


def test_an_amendment_quotes_its_own_clauses():
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
            "1. Điều 5 được sửa đổi như sau:\n"
            "“Điều 5. Phạm vi\n1. Nội dung một.\n2. Nội dung hai.\n3. Nội dung ba.”\n"
            "2. Bổ sung khoản 4 vào Điều 6 như sau:\n"
            "“4. Nội dung bốn.”\n"
            "Điều 2. Hiệu lực thi hành\n1. Có hiệu lực từ ngày ký.\n2. Các bộ thi hành.\n")
    assert lint_string(text, NUMBERING) == []
    # the amendment's own slip is still seen: its second clause is numbered 3
    assert [f.text for f in lint_string(text.replace("2. Bổ sung", "3. Bổ sung"), NUMBERING)] == ["3."]


def test_an_appendix_restarts_numbering():
    text = ("I. KẾT QUẢ\n1. A\n2. B\nII. NHIỆM VỤ\n1. C\n2. D\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
            "Phụ lục I\n(Kèm theo Báo cáo số 12/BC-UBND)\nI. DANH MỤC\n1. E\n2. F\n")
    assert lint_string(text, NUMBERING) == []
    found = lint_string(text.replace("2. F", "3. F"), NUMBERING)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [(14, "section-sequence", "2.")]


def _quy_che(skip: int | None = None, twice: int | None = None) -> str:
    lines = ["QUY CHẾ", "Tổ chức và hoạt động"]
    article = 0
    for chapter in ("I", "II", "III", "IV"):
        lines.append(f"Chương {chapter}")
        lines.append("QUY ĐỊNH")
        for _ in range(9 if chapter != "IV" else 8):
            article += 1
            if article == skip:
                continue
            lines.append(f"Điều {article}. Nội dung điều {article}")
            for clause in (1, 2, 2, 3) if article == twice else (1, 2, 3):
                lines.append(f"{clause}. Khoản {clause}:")
                lines.extend(f"{point}) Điểm {point};" for point in "abcdđeg")
    return "\n".join(lines) + "\n"


def test_a_quy_che_numbers_articles_across_chapters_and_clauses_within_each_article():
    from doclint.parse import parse_text

    doc = parse_text(_quy_che())
    articles = [s for s in doc.all_sections() if s.style == "article"]
    assert [s.ordinal for s in articles] == list(range(1, 36))
    assert [s.parent.label for s in articles[::9]] == ["Chương I", "Chương II", "Chương III", "Chương IV"]
    assert all([c.label for c in a.children] == ["1.", "2.", "3."] for a in articles)
    assert lint_string(_quy_che(), NUMBERING) == []


def test_a_missing_article_and_a_repeated_clause_are_each_reported_once():
    found = lint_string(_quy_che(skip=12, twice=20), NUMBERING)
    assert [(f.rule, f.text, f.suggestion) for f in found] == [
        ("section-sequence", "Điều 13.", "Điều 12."), ("section-duplicate", "2.", "3.")]


def test_a_repeated_body_number_is_one_finding_with_a_fix_that_changes_it():
    text = "1. A\n\n2. B\n\n2.1. x\n\n2.1. y\n\n2.3. z\n\n3. C\n"
    found = lint_string(text, NUMBERING)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [(7, "section-duplicate", "2.2.")]
    assert "phải là" in found[0].message
    # "b)" twice where the second stands where "c)" belongs: the fix is "c)", never "b)" again
    (found,) = lint_string("a) x\n\nb) y\n\nb) z\n", NUMBERING)
    assert found.suggestion == "c)" and found.suggestion != found.text


def test_table_cells_number_on_their_own():
    from doclint.parse import parse_text
    from doclint.model import Region

    text = "I. A\n1. x\n2. y\n1. Hồ sơ gồm:\na) Đơn\nb) Bản sao\n2. Thời hạn\nII. B\n"
    labels = ["đoạn 1", "đoạn 2", "đoạn 3"] + ["bảng 1, hàng 2, cột 2"] * 4 + ["đoạn 4"]
    doc = parse_text(text, line_labels=labels)
    cell = [s for s in doc.numbering_scopes() if s.region is Region.TABLE]
    assert len(cell) == 1 and [s.label for s in cell[0].sections] == ["1.", "2."]
    assert [s.label for s in doc.sections] == ["I.", "II."]
    pipe = "1. A\n\n| 1. x | 2. y |\n|---|---|\n| 1. z | 3. w |\n\n2. B\n"
    assert lint_string(pipe, NUMBERING) == []


def test_a_stray_quotation_mark_opens_no_region():
    text = "1. Theo “ ý kiến\n" + "".join(f"{n}. Nội dung {n}\n" for n in (2, 3, 3, 4, 5, 6, 7, 8, 9))
    found = lint_string(text, NUMBERING)
    assert [(f.line, f.rule) for f in found] == [(4, "section-duplicate")]


def test_a_wrapped_citation_is_not_an_article():
    text = ("Điều 1. Phạm vi\n1. Hồ sơ theo quy định tại khoản 2\nĐiều 20 Nghị định số 15/2020/NĐ-CP.\n"
            "2. Thời hạn\nĐiều 2. Đối tượng\n")
    assert lint_string(text, NUMBERING) == []
    # realdocs 0497: "… theo quy định tại Mục\n1.1 CDNĐT;" is a citation of clause 1.1, not a heading
    bidding = "1. Niêm phong\n1.1. Hồ sơ\n1.2. Trên túi ghi tên bên mời thầu theo quy định tại Mục\n1.1 CDNĐT;\n2. Thời hạn\n"
    assert lint_string(bidding, NUMBERING) == []


# realdocs text/0100.txt (Nghị quyết 66.16/2026/NQ-CP), shortened: two articles, the signature,
# then Phụ lục I.1 numbering I., 1., a) afresh (596 false errors before numbering scopes)
RESOLUTION_0100 = """Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định việc cắt giảm, đơn giản hóa thủ tục hành chính.
Điều 2. Hiệu lực thi hành
1. Nghị quyết này có hiệu lực thi hành từ ngày 15 tháng 4 năm 2026.
2. Trường hợp luật, nghị quyết của Quốc hội quy định khác thì áp dụng theo quy định đó.
3. Trong thời gian Nghị quyết này có hiệu lực, các bộ rà soát thủ tục.

TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Hồ Quốc Dũng

Phụ lục I.1
CẮT GIẢM, ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH THUỘC PHẠM VI QUẢN LÝ CỦA BỘ CÔNG AN

I. Hồ sơ đề nghị cấp mới giấy phép tại Điều 20 Nghị định số 151/2024/NĐ-CP
1. Hồ sơ đề nghị cấp mới:
a) Bản chính văn bản đề nghị cấp giấy phép;
2. Đối với xe cứu thương chỉ được cấp giấy phép khi bảo đảm quy định.
3. Trường hợp giấy phép bị hư hỏng, bị mất thì cơ quan đề nghị cấp lại.
II. Thời hạn giải quyết thủ tục tại khoản 2 Điều 21 Nghị định số 151/2024/NĐ-CP
"""


def test_realdocs_resolution_and_its_appendix_are_silent():
    assert lint_string(RESOLUTION_0100, NUMBERING) == []


# --- issue 13: footnotes as real Word files and web pages carry them ------------------------

@pytest.mark.parametrize(
    "text",
    [
        # w039: Word set the brackets of the marker in superscript too
        "LUẬT BIÊN PHÒNG VIỆT NAM<sup>(</sup><sup>1</sup><sup>)</sup>\n\n<sup>1</sup> Những nội dung in nghiêng là dự kiến.",
        # w109: and the full stop after it
        "Theo số liệu của các thành viên, hội viên<sup>33</sup><sup>.</sup>\n\n<sup>33</sup> Tại Lào Cai, Ban Tuyên giáo.",
        # w041: two markers in one superscript, and a marker after a blank
        "Chụp nhũ ảnh <sup>22,23</sup>. Theo UNFPA <sup>24</sup>, ba phương pháp.\n\n"
        "<sup>22</sup> Yang L. 2020.\n<sup>23</sup> Sun L. 2019.\n<sup>24</sup> UNFPA. 2023.",
        # w034: notes typed as a list after the text (a web page pasted into Word)
        "Phạm vi đầu tư vốn cụ thể<sup>1</sup>; danh mục ngành<sup>2</sup>.\n\n"
        "[1] Điều 10 Luật số 69/2014/QH13.\n[2] Tại Nghị định số 91/2014/NĐ-CP.",
        # w029: one source for several markers
        "Theo Luật<sup>1</sup> và Luật Hoạt động giám sát<sup>2</sup>, kinh nghiệm<sup>3</sup><sup>4</sup>.\n\n"
        "1, 3. Luật Tổ chức chính quyền địa phương năm 2015.\n2, 4. Luật Hoạt động giám sát năm 2015.",
    ],
)
def test_word_and_web_footnotes_are_matched(text: str) -> None:
    assert lint_string(text, ["footnote-undefined", "footnote-unused"]) == []


def test_a_lost_footnote_is_still_undefined() -> None:
    # w022: the quotation's source was lost when the article was pasted into Word
    text = "“… vừa góp phần quan trọng phát triển kinh tế - xã hội”<sup>1</sup>; đặc biệt là hiện đại hóa.\n"
    assert [f.rule for f in lint_string(text, ["footnote-undefined", "footnote-unused"])] == ["footnote-undefined"]


def test_a_heading_followed_at_once_by_its_own_list_is_not_a_repeat():
    # w069.docx: "1. Phạm vi điều chỉnh" introduces the draft law's own clause list, unquoted
    text = ("IV. BỐ CỤC VÀ NỘI DUNG CƠ BẢN CỦA DỰ THẢO\n1. Phạm vi điều chỉnh\n"
            "1. Luật này quy định về hoạt động hàng không dân dụng, bao gồm các hoạt động liên quan.\n"
            "2. Hoạt động hàng không dân dụng của lực lượng vũ trang.\n")
    assert lint_string(text, NUMBERING) == []


def test_a_repeat_with_clean_neighbours_is_reported_and_a_doubtful_one_is_not():
    text = "1. A\n\n2. B\n\n2. C\n\n4. D\n\n5. E\n"
    assert [(f.line, f.suggestion) for f in lint_string(text, NUMBERING)] == [(5, "3.")]
    # between the copies, a quotation opens and never closes: the second "2." may be quoted
    quoted = "1. A\n\n2. B sửa như sau: “Điều 5\n\n2. C\n\n3. D\n"
    assert lint_string(quoted, NUMBERING) == []
    # alternative drafts repeat their numbers
    drafts = "1. A\n\n2. B\n\nPhương án 2:\n\n2. B khác\n\n3. D\n"
    assert lint_string(drafts, NUMBERING) == []


def test_a_form_or_an_emptied_item_gives_no_repeat():
    # 0505.txt: "5." alone on a line, then the item "5. Các điều kiện…"
    text = "1. A có nội dung.\n2. B có nội dung.\n3. C có nội dung.\n4. D có nội dung.\n5.\n5. Các điều kiện khác.\n"
    assert lint_string(text, NUMBERING) == []
    # 0510.txt: numbered fields of a form with blanks between the copies
    form = "1. Họ tên\n2. Ngày sinh: ........../........\n2. Thông tin về địa điểm kinh doanh\n3. Ngành nghề\n"
    assert lint_string(form, NUMBERING) == []


# --- duplicated-word: the header, and doubled syllables judged by the word model ------------

HEADER = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 125/UBND-VP
V/v triển khai {subject}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 05 tháng 3 năm 2024

Kính gửi: Các sở, ban, ngành.

Nội dung công văn.
"""


def test_a_doubled_word_in_the_subject_line_is_reported():
    (found,) = lint_string(HEADER.format(subject="thực hiện thực hiện Kế hoạch số 12/KH-UBND"), ["duplicated-word"])
    assert (found.line, found.suggestion) == (4, "thực hiện")
    title = "QUYẾT ĐỊNH\nVề việc phê duyệt phê duyệt kế hoạch\n\nĐiều 1. Phê duyệt kế hoạch.\n"
    (found,) = lint_string(title, ["duplicated-word"])
    assert (found.line, found.suggestion) == (2, "phê duyệt")


def test_a_clean_subject_line_is_silent():
    assert lint_string(HEADER.format(subject="thực hiện Kế hoạch số 12/KH-UBND"), ["duplicated-word"]) == []


@pytest.mark.parametrize("text,phrase", [
    # realdocs excerpts: one copy makes a word with its neighbour, the other never meets its own
    ("bổ sung quy định về các đơn vị thực thực giám sát an toàn thực phẩm.", "thực"),  # 0191, p161
    ("phải thông báo theo hướng hướng cắt, giảm, đơn giản hóa điều kiện", "hướng"),  # 0177, p152
    ("Thể hiện các trạm trạm siêu cao áp (trên 220 kV);", "trạm"),  # 0461
    ("tuyên truyền hoà giải ở thôn, bon hạn hạn chế khiếu nại vượt cấp.", "hạn"),  # 0077
    # a unit doubled before its number
    ("Căn cứ Nghị định số 64/2014/NĐ-CP ngày ngày 26/6/2014 của Chính phủ", "ngày"),  # 0076
    ("cấp lại cho các cơ quan quy định tại khoản khoản 7 Điều 26", "khoản"),  # 0112
])
def test_a_doubled_syllable_that_is_no_reduplication_is_reported(text, phrase):
    (found,) = lint_string(text, ["duplicated-word"])
    assert found.suggestion == phrase


@pytest.mark.parametrize("text,phrase", [
    # one copy makes a word with its neighbour, the other is stranded (the word model decides)
    ("Ban hành Quyết định cưỡng chế thực hiện quyết định định thu hồi đất các dự án;", "định"),  # seed 003
    ("ngành lao động, thương binh và xã hội hội hướng dẫn xếp hạng một số loại hình", "hội"),  # 0092
    ("1. Chủ tịch Ủy ban nhân nhân cấp xã ký quyết định gọi đăng ký nghĩa vụ quân sự", "nhân"),  # 0548
    ("không vượt thời gian thực hiện dự án, thời gian gian thực hiện dự án điều chỉnh", "gian"),  # 0563
    ("liên quan đến kết cấu hạ tầng, sử dụng dụng tài nguyên, bảo vệ môi trường", "dụng"),  # 0565
    ("Tham mưu xây dựng kế hoạch triển khai thực thực hiện các Nghị định", "thực"),  # 0343
    ("khắc phục được nguyên nhân dẫn đến đình chỉ hoạt hoạt động.", "hoạt"),  # 0307
    ("gắn với cột mốc giới số 30, vị trí trí có toạ độ (1522849 - 0391453).", "trí"),  # 0388
    ("Viện kiểm sát nhân dân tối cao ở lĩnh vực chuyên môn thuộc thẩm quyền quyền quản lý.", "quyền"),  # w001
    ("vì chức năng năng quản lý nhà nước về dân số đã được giao về cho Bộ Y tế.", "năng"),  # w109
    ("để đồng thuận thực hiện triển khai Dự án án trong thời gian sớm nhất", "án"),  # 0024: `Dự án` capitalised
    ("truy lĩnh trợ cấp từ nguồn kinh phí thực hiện chính chính sách ưu đãi người có công", "chính"),  # 0444
    ("tổ chức kinh tế có vốn đầu tư nước ngoài có vốn vốn đầu tư nhỏ hơn 20 tỷ đồng", "vốn"),  # w079
])
def test_a_stranded_copy_is_reported(text, phrase):
    (found,) = lint_string(text, ["duplicated-word"])
    assert found.suggestion == phrase


@pytest.mark.parametrize("text", [
    "đời đời nhớ ơn các anh hùng liệt sĩ",  # reduplication the model knows
    "tình hình dần dần ổn định",
    "nhà nhà người người thi đua lập thành tích",  # paired reduplications
    "có kinh nghiệm từ đủ năm năm trở lên",  # 0252: five years
    # realdocs: two words meeting, each copy pairs with its neighbour
    "Luật Dân số số 113/2025/QH15 ngày 10 tháng 12 năm 2025",  # 0228
    "- Cột 2: Ghi hệ số số vụ tai nạn giao thông xảy ra",  # 0256
    "nhỏ hơn 10 m rms (sai số trung bình bình phương) khi đo",  # 0270
    "Mức chi phí tiền công cho người phiên dịch dịch nói và dịch tài liệu",  # 0387
    "Tờ khai khai phí, lệ phí khác, quyết toán phí",  # 0100
    "Người được tặng danh hiệu Nghệ nhân nhân dân, Nghệ nhân ưu tú",  # 0204
    "người có trách nhiệm hoặc trực tiếp tiếp đại diện của những người khiếu nại",  # 0389
    "Quy định định mức kinh tế - kỹ thuật",  # 0104
    "11 Bộ nguồn máy máy trạm Có thông số kỹ thuật thông dụng",  # 0293: a table row, unclear
    # two words meeting where one pair is rare in the model's corpus
    "ban hành quyết định định mức chi cho các hoạt động",
    "ban hành quyết định định hướng phát triển ngành",
    "cần xác định định kỳ kiểm tra",
    "Thẩm phán quyết định định giá lại đối với trường hợp bán tài sản",  # 0559
    "trừ trường hợp hợp toàn bộ hoặc một phần thửa đất có đất ở",  # 0561
    "nội bộ tập đoàn và các giao dịch dịch chuyển sở hữu trực tiếp",  # 0459
    "xác nhận kết quả giao dịch, thông báo báo lỗi",  # 0489
    "dụng cụ vẽ, vạch mức hoặc dụng cụ tính toán toán học khác",  # 0379
    "Trường hợp cá nhân hoặc người phụ thuộc thuộc trường hợp cơ quan thuế cấp mã số thuế",  # 0480
    "(Điều lệ công ty quy định định kỳ họp Hội đồng thành viên)",  # 0547
    "Cột 4: thể hiện tổng số số hồ sơ về hủy mã chứng khoán",  # 0484
    "trên các vùng đất ven biển, vùng biển biển và hải đảo của Việt Nam",  # 0469
    "các cơ quan quan lý nhà nước về công viên",  # 0543: OCR lost the mark of `quản`
    "điều tra vụ án và đồng phạm phạm tội cố ý làm trái",
    "xây dựng Tờ trình trình xin ý kiến Thường trực Thành uỷ",  # seed 001: `Tờ trình` then the verb
    # true reduplications
    "đi từ từ vào trong", "thường thường là như vậy", "khắp nơi người người thi đua",
    "ngày ngày đi làm", "ở đâu đâu cũng có",
])
def test_reduplication_and_words_meeting_are_silent(text):
    assert lint_string(text, ["duplicated-word"]) == []


# --- unfilled-field: placeholders left in the body ---------------------------------------------

@pytest.mark.parametrize("text,shown", [
    ("Căn cứ Quyết định số …/QĐ-BCĐ ngày … của Ban Chỉ đạo;", "…/QĐ-BCĐ"),
    ("Giao Ông/bà…………… thực hiện nhiệm vụ", "Ông/bà……………"),
    ("thực hiện theo Kế hoạch số .../KH-UBND của UBND tỉnh", ".../KH-UBND"),
    ("nội dung [...] như sau", "[...]"),
    ("hỗ trợ số tiền …… đồng cho mỗi hộ", "……"),
])
def test_a_placeholder_left_in_the_body_is_reported(text, shown):
    (found,) = lint_string(text, ["unfilled-field"])
    assert found.text == shown and found.severity == "info"
    (final,) = lint_string(text, ["unfilled-field"], Settings(stage="final"))
    assert final.severity == "error"


@pytest.mark.parametrize("text", [
    "thu các loại quỹ, phí, ...",  # "and so on"
    "các đơn vị …",
    "theo Quyết định số 12/QĐ-UBND ngày 05/3/2024",
    "theo quy định tại Điều 5 [1]",
])
def test_running_text_without_a_blank_is_silent(text):
    assert lint_string(text, ["unfilled-field"]) == []


def test_a_form_in_an_appendix_keeps_its_blanks():
    text = ("Điều 1. Ban hành kèm theo Quyết định này mẫu đơn.\n\nPhụ lục\nMẫu số 01\n\n"
            "Ông/bà…………… đề nghị cấp giấy phép theo Quyết định số …/QĐ-UBND\n")
    assert lint_string(text, ["unfilled-field"]) == []


@pytest.mark.parametrize("text", [
    "Số của nghị quyết của Chính phủ ban hành được ghi như sau: Số: …/NQ-CP",  # 0198: an example
    "ĐƠN VỊ:.............................",  # 0275: a form's field
    "Mã số thuế:................................",  # 0454
])
def test_examples_and_form_fields_in_the_body_are_silent(text):
    assert lint_string("Điều 1. Nội dung như sau.\n\n" + text, ["unfilled-field"]) == []


# --- issue 13: numbering that belongs elsewhere (realdocs excerpts stay silent) -------------
NUMBERING_ONLY = ["section-duplicate", "section-sequence"]

# realdocs 0112 (Bộ Công Thương): "3. 2." is the heading 3.2. typed with a space, not a second 3
SPLIT_LABEL = """\
3. Thủ tục cấp, cấp lại, cấp điều chỉnh Giấy chứng nhận đủ điều kiện hoạt động dịch vụ tồn trữ hóa chất
3.1. Việc tiếp nhận hồ sơ, tổ chức thẩm định, cấp, cấp lại Giấy chứng nhận đối với cơ sở tồn trữ
3. 2. Hồ sơ, trình tự, thủ tục cấp Giấy chứng nhận đủ điều kiện hoạt động dịch vụ tồn trữ hóa chất
3.2.1. Hồ sơ đề nghị cấp Giấy chứng nhận đủ điều kiện hoạt động dịch vụ tồn trữ hóa chất
4. Thủ tục cấp Giấy phép sản xuất hóa chất
"""


def test_a_two_level_label_typed_with_a_space_is_one_label():
    from doclint.parse import parse_text

    doc = parse_text(SPLIT_LABEL)
    assert [s.number for s in doc.all_sections()] == ["3", "3.1", "3.2", "3.2.1", "4"]
    assert lint_string(SPLIT_LABEL, NUMBERING_ONLY) == []


def test_a_number_then_a_count_is_still_one_label():
    from doclint.parse import parse_text

    doc = parse_text("1. Kết quả\n2. 25 hộ gia đình được hỗ trợ\n3. Tồn tại\n")
    assert [s.label for s in doc.all_sections()] == ["1.", "2.", "3."]


# realdocs 0302 (văn bản hợp nhất 1166/VBHN-BLĐTBXH): the article on entry into force carries,
# in notes, the same clauses of each amending decree, numbered by that decree
CONSOLIDATED = """\
Điều 3. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.
2. Việc bổ sung nguồn tiền lương theo quy định tại Điều 1 Nghị định này được thực hiện từ ngày 01 tháng 01 năm 2023.
3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị định này.
5 Cụm từ “đến hết ngày 31 tháng 12 năm 2020” được bãi bỏ theo quy định tại Khoản 3
2. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành.

BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
Số: 1166/VBHN-BLĐTBXH
XÁC THỰC VĂN BẢN HỢP NHẤT
"""


def test_a_consolidated_texts_final_article_numbers_by_each_amending_document():
    assert lint_string(CONSOLIDATED, NUMBERING_ONLY) == []
    # the same article in an ordinary document is a repeated number
    ordinary = CONSOLIDATED.split("\n\n")[0].replace("5 Cụm từ", "Cụm từ") + "\n"
    assert [f.rule for f in lint_string(ordinary, NUMBERING_ONLY)] == ["section-duplicate"]


# realdocs 0236: a note quotes the amending circular's article between quotation marks; the
# article's own list goes on after the closing mark
NOTE_QUOTES = """\
Điều 9. Trách nhiệm thực hiện
1. Trách nhiệm của Quỹ bảo lãnh tín dụng:
a) Giám đốc Quỹ bảo lãnh tín dụng có trách nhiệm thực hiện nhiệm vụ quy định tại Điều 17.
5 Điều 11 của Thông tư số 12/2024/TT-BLĐTBXH, có hiệu lực từ ngày 29 tháng 12 năm 2024 quy định như sau:
“Điều 11. Hiệu lực thi hành
1. Thông tư này có hiệu lực thi hành kể từ ngày 29 tháng 12 năm 2024.
2. Các chế độ quy định tại Thông tư này được áp dụng từ ngày 01 tháng 01 năm 2024.
3. Trường hợp các văn bản được viện dẫn được sửa đổi thì thực hiện theo văn bản mới ban hành.”
b) Chủ tịch Quỹ bảo lãnh tín dụng có trách nhiệm thực hiện nhiệm vụ quy định tại Điều 18.
2. Cơ quan đại diện chủ sở hữu đối với Quỹ bảo lãnh tín dụng có trách nhiệm thực hiện nhiệm vụ.
Điều 10. Hiệu lực thi hành
"""


def test_a_note_quoting_with_marks_ends_at_the_closing_mark():
    from doclint.parse import parse_text
    from doclint.model import Region

    doc = parse_text(NOTE_QUOTES)
    body = [s.label for s in doc.all_sections() if s.region is Region.BODY]
    assert body == ["Điều 9.", "1.", "a)", "b)", "2.", "Điều 10."]
    assert lint_string(NOTE_QUOTES, NUMBERING_ONLY) == []


# realdocs 0256 (Bộ VHTTDL): each "Biểu số …: title" is a form of its own, numbered from 1
FORMS = """\
Biểu số 003.N/BCB-VHTTDL: Số vận động viên được phong đẳng cấp
1. Chia theo môn thể thao
Điền kinh
Bơi
Biểu số 004.N/BCB-VHTTDL: Huy chương trong các kỳ thi đấu quốc tế
1. Khái niệm, phương pháp tính
Số huy chương trong các kỳ thi đấu quốc tế là số huy chương vàng, bạc, đồng.
2. Cách ghi biểu
Cột 1 ghi tổng số.
"""


def test_a_form_titled_in_its_own_words_numbers_on_its_own():
    assert lint_string(FORMS, NUMBERING_ONLY) == []


@pytest.mark.parametrize("between", [
    "E. HOẠT ĐỘNG LIÊN KẾT ĐÀO TẠO VỚI NƯỚC NGOÀI",  # realdocs 0100: a heading lettered in capitals
    "0106. Số lượng, tỷ lệ trẻ em bị bỏ rơi, bỏ mặc",  # realdocs 0349: an indicator's code
    "(1. Hộ có từ 04 chỉ tiêu trở lên, đánh mã 0 và ngừng rà soát;",  # realdocs 0364
    '"1. Chánh án Tòa án có những nhiệm vụ và quyền hạn sau đây:',  # realdocs w071: a law quoted
    "(Ký, ghi rõ họ tên, đóng dấu)",  # realdocs 0524: a form's signing block
    # realdocs w054: clause 1 quoted inside the line, clause 2 follows unquoted
    "- Tại khoản 1, khoản 2 Điều 61 Luật Thanh tra quy định như sau: “1. Thủ trưởng cơ quan quản lý nhà nước có trách nhiệm kiểm tra”.",
])
def test_a_line_that_starts_another_list_between_two_copies_makes_the_repeat_unsure(between):
    text = ("I. Điều kiện phê duyệt liên kết giáo dục quy định tại Điều 7 Nghị định số 86/2018/NĐ-CP\n"
            "1. Chương trình giáo dục được phê duyệt theo quy định\n"
            "2. Cơ sở vật chất đáp ứng yêu cầu của chương trình\n"
            f"{between}\n"
            "2. Đội ngũ nhà giáo có trình độ chuẩn được đào tạo\n"
            "3. Hồ sơ đề nghị phê duyệt liên kết giáo dục\n")
    assert "section-duplicate" not in [f.rule for f in lint_string(text, NUMBERING_ONLY)]
    plain = text.replace(f"{between}\n", "Nội dung cụ thể được quy định tại Phụ lục kèm theo.\n")
    assert [f.rule for f in lint_string(plain, NUMBERING_ONLY)] == ["section-duplicate"]


# realdocs 0509: "a)" stands inside the clause's line, so of "b), b)" the second is the slip
INLINE_FIRST = """\
Điều 4. Tổ chức thực hiện
1. Trách nhiệm của các đơn vị thuộc Bộ Kế hoạch và Đầu tư a) Tổng cục Thống kê chủ trì, phối hợp với các đơn vị liên quan;
b) Vụ Tổng hợp kinh tế quốc dân chủ trì tổng hợp thông tin, chỉ tiêu thống kê ngành;
b) Thủ trưởng các đơn vị liên quan có trách nhiệm thu thập, tổng hợp các chỉ tiêu được phân công.
2. Giám đốc Sở Kế hoạch và Đầu tư có trách nhiệm thu thập, tổng hợp các chỉ tiêu.
"""


def test_a_label_written_inside_the_line_before_keeps_the_first_copy_right():
    found = lint_string(INLINE_FIRST, NUMBERING_ONLY)
    assert [(f.rule, f.line, f.suggestion) for f in found] == [("section-duplicate", 4, "c)")]


def test_a_long_item_printed_twice_word_for_word_is_a_repeated_list():
    # realdocs 0207: the same instruction closes two forms' lists
    item = "d) Sau khi hoàn tất việc kê khai, ký, ghi rõ họ tên, đóng dấu."
    text = ("a) Ghi họ tên.\nb) Ghi ngày sinh.\nc) Ghi địa chỉ.\n" + item + "\n"
            "Lưu ý: Trường hợp thay đổi nơi đăng ký thì ghi cột B.\n" + item + "\n")
    assert lint_string(text, NUMBERING_ONLY) == []


def test_a_machine_read_text_gets_no_numbering_findings():
    # realdocs 0066 (pdf-ocr, ewh-support/tuandaknong-dakrlap.daknong, Dak_Wer_2018.PDF): the scan
    # lost "Điều 2" and writes "tiêp", "câp"; the labels are the machine's, not the drafter's
    from pathlib import Path

    from doclint.facts import machine_read
    from doclint.parse import parse_text

    text = (Path(__file__).parent / "fixtures" / "ocr_0066_excerpt.txt").read_text(encoding="utf-8")
    assert machine_read(parse_text(text))
    assert lint_string(text, NUMBERING_ONLY) == []
    typed = text.replace("tiêp", "tiếp").replace("câp", "cấp").replace("tiêt", "tiết")
    assert not machine_read(parse_text(typed))
    assert [(f.rule, f.text) for f in lint_string(typed, NUMBERING_ONLY)] == [
        ("section-sequence", "Điều 3."), ("section-duplicate", "II.")]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_typed_drafts_are_not_machine_read(seed):
    from pathlib import Path

    from doclint.facts import machine_read
    from doclint.parse import parse_text

    path = next((Path(__file__).parent.parent / "seeds").glob(f"{seed}_*.txt"))
    assert not machine_read(parse_text(path.read_text(encoding="utf-8")))


def test_words_of_another_alphabet_are_no_machine_damage():
    # realdocs w015: a Word draft quoting a Russian law's title
    from doclint.facts import machine_read
    from doclint.parse import parse_text

    russian = "Федеральный закон от 19 июня 1992 года о потребительской кооперации в Российской Федерации. " * 4
    text = "Tham khảo kinh nghiệm quốc tế về hợp tác xã tiêu dùng.\n" + russian + "\n" + "Nội dung đã được nghiên cứu. " * 150
    assert not machine_read(parse_text(text))
    assert machine_read(parse_text(text.replace("nghiên cứu", "nghiên cứú")))  # OCR: "cứú" is no syllable


# realdocs w071/w132 (Word): a law's clauses quoted after "2.2.", the mark never closed, then
# "2.3.": the "3." that seems to hold 2.3 is the quoted law's, not the report's
QUOTED_BEFORE_SUBSECTION = """\
2. Thẩm quyền của Chánh án Tòa án trong hoạt động tố tụng hình sự
2.1 Thẩm quyền quản lý hành chính đối với những người có chức danh trong ngành Tòa án.
Theo quy định tại Điều 2 của Luật Tổ chức Tòa án nhân dân thì hệ thống Tòa án gồm nhiều cấp.
2.2. Thẩm quyền tố tụng hình sự của Chánh án, Phó Chánh án Tòa án.
Điều 45 Bộ luật Tố tụng hình sự quy định:
"1. Chánh án Tòa án có những nhiệm vụ và quyền hạn sau đây: tổ chức công tác xét xử;
2. Khi tiến hành việc giải quyết vụ án hình sự, Chánh án Tòa án có những nhiệm vụ sau đây;
3. Chánh án Tòa án chịu trách nhiệm trước pháp luật về những hành vi và quyết định của mình.
2.3. Thẩm quyền và trách nhiệm của Thẩm phán trong hoạt động tố tụng hình sự.
"""


def test_a_quoted_list_before_a_subsection_is_not_its_parent():
    assert lint_string(QUOTED_BEFORE_SUBSECTION, NUMBERING_ONLY) == []
    # a "3." of the report's own before "2.3." is a parent, and 2.3 a slip under it
    own = QUOTED_BEFORE_SUBSECTION.replace('"1. Chánh án', "Nội dung: Chánh án").replace(
        "2. Khi tiến hành", "- Khi tiến hành").replace("3. Chánh án Tòa án chịu", "3. Trách nhiệm. Chánh án chịu")
    assert [(f.rule, f.text) for f in lint_string(own, NUMBERING_ONLY)] == [("section-sequence", "2.3.")]


def test_a_heading_run_into_the_paragraph_that_restates_it_is_no_doubled_word():
    # realdocs 0114: the extraction joined "A. Hồ sơ" and the paragraph "Hồ sơ đề nghị …"
    run_in = "Phần 6. Hồ sơ, trình tự, thủ tục thu hồi giấy phép hành nghề A. Hồ sơ Hồ sơ đề nghị thu hồi giấy phép gồm:\n"
    assert lint_string(run_in, ["duplicated-word"]) == []
    # a capitalised phrase doubled anywhere else is a slip (realdocs 0185, 0321)
    slips = ("Trách nhiệm được quy định tại Nghị định Nghị định số 52/2013/NĐ-CP.\n"
             "Thông tư số 06/2024 của Bộ trưởng Bộ trưởng Bộ Lao động - Thương binh và Xã hội.\n")
    assert [f.text for f in lint_string(slips, ["duplicated-word"])] == ["Nghị định", "Bộ trưởng"]


def test_table_cells_joined_on_one_line_are_no_doubled_words():
    # realdocs 0498 (a report form's column heads) and 0515 (a glossary: term, then its
    # definition), each one physical line in the published text
    heads = ("Lũy kế giải ngân vốn ODA, vay ưu đãi từ đầu dự án đến thời điểm báo cáo Lũy kế giải ngân vốn ODA, "
             "vay ưu đãi từ đầu năm đến thời điểm báo cáo Trong đó Trong đó Chỉ tiêu Mã số Nhà tài trợ Thời gian "
             "bắt đầu - kết thúc Tổng vốn\n")
    glossary = ("Hệ thống mạng đấu thầu quốc gia tại địa chỉ https://muasamcong.mpi.gov.vn Luật Đấu thầu Luật Đấu "
                "thầu số 43/2013/QH13 ngày 26 tháng 11 năm 2013 Nghị định số\n")
    assert lint_string(heads + glossary, ["duplicated-word"]) == []
    # the same repeat in a sentence, with its commas, is a slip (realdocs 0208, a wrapped line)
    wrapped = ("Căn cứ Luật Bảo hiểm y tế số 25/2008/QH12 được sửa đổi, bổ sung bởi Luật số Luật số 32/2013/QH13, "
               "Luật số 46/2014/QH13, Luật số 97/2015/QH13, Luật số 35/2018/QH14, Luật số 68/2020/QH14 và Luật số\n"
               "Trong đó Trong đó có ba nội dung chính cần xử lý ngay trong tháng này theo đúng kế hoạch đã được "
               "Ủy ban nhân dân tỉnh phê duyệt tại Quyết định số 12/QĐ-UBND.\n")  # a paragraph: it ends a sentence
    assert [f.text for f in lint_string(wrapped, ["duplicated-word"])] == ["Luật số", "Trong đó"]


# realdocs 0276.txt (lines 296-306): a resolution quotes chosen clauses of laws' articles
QUOTED_CLAUSES = """Khoản 1 Điều 2 của Luật số 141/2025/QH15 sửa đổi, bổ sung một số điều của Luật Quản lý nợ công, có hiệu lực kể từ ngày 01 tháng 01 năm 2026 có quy định như sau:
“Điều 2. Điều khoản thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.”.
Các khoản 1, 2 và 4 Điều 51 của Luật Đầu tư số 143/2025/QH15, có hiệu lực kể từ ngày 01 tháng 03 năm 2026 có quy định như sau:
“Điều 51. Hiệu lực thi hành
1. Luật này có hiệu lực thi hành từ ngày 01 tháng 03 năm 2026, trừ trường hợp quy định tại khoản 2 và khoản 3 Điều này.
2. Điều 7 và Danh mục ngành, nghề đầu tư kinh doanh có điều kiện quy định tại Phụ lục
IV ban hành kèm theo Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.
4. Luật Đầu tư số 61/2020/QH14 đã được sửa đổi, bổ sung một số điều theo Luật số 72/2020/QH14, Luật số 03/2022/QH15

Điều 19. Hiệu lực thi hành
"""


def test_quoted_article_with_chosen_clauses_may_skip() -> None:
    assert lint_string(QUOTED_CLAUSES, ["section-sequence"]) == []
    # the clause left out is not among those the introduction names: a real skip
    [f] = lint_string(QUOTED_CLAUSES.replace("Các khoản 1, 2 và 4 Điều 51", "Các khoản 1, 2 và 3 Điều 51"), ["section-sequence"])
    assert '"4."' in f.message and f.line == 9
    assert lint_string(QUOTED_CLAUSES.replace("Các khoản 1, 2 và 4", "Khoản 1, khoản 2 và khoản 4"), ["section-sequence"]) == []


def test_clauses_cited_in_a_sentence_do_not_excuse_a_skip() -> None:
    # 0113.txt: "… quy định tại khoản 1, khoản 4, khoản 6, khoản 7 và khoản 8 Điều 13 …" is a
    # citation, not the introduction of a quotation: "d)" then "e)" still skips "đ)"
    text = ("2. Doanh nghiệp viễn thông quy định tại khoản 1, khoản 4, khoản 6, khoản 7 và khoản 8 Điều 13 Nghị định số 163/2024/NĐ-CP ngừng kinh doanh như sau:\n"
            "a) Doanh nghiệp gửi thông báo.\n"
            "b) Hồ sơ thông báo gồm thông báo ngừng kinh doanh.\n"
            "c) Doanh nghiệp có trách nhiệm thông báo cho người sử dụng.\n"
            "d) Trong thời hạn 30 ngày, doanh nghiệp hoàn trả tài nguyên.\n"
            "e) Trường hợp phải sửa đổi giấy phép, Ủy ban nhân dân cấp tỉnh sửa đổi giấy phép.\n")
    [f] = lint_string(text, ["section-sequence"])
    assert '"e)"' in f.message and f.line == 6


# realdocs 0302 (Nghị định on state companies' pay, consolidated): a table printed one cell per
# line inside clause 1 ("Chức danh", "Loại 1", "Loại 2", then rows "1. Chủ tịch…"); clause 2
# follows the table.  The rows are the table's, not clauses 1-3 of the article.
TABLE_IN_CLAUSE = """Điều 11. Mức lương cơ bản

1. Mức lương cơ bản của Thành viên Hội đồng thành viên, Hội đồng quản trị, Trưởng ban kiểm soát được quy định như sau:

Mức lương cơ bản
(Đơn vị: triệu đồng/tháng)
Chức danh
Loại 1
Loại 2
1. Chủ tịch Hội đồng thành viên, Hội đồng quản trị
2. Thành viên Hội đồng thành viên, Hội đồng quản trị; Trưởng ban kiểm soát
3. Kiểm soát viên
{after}. Loại công ty quy định tại khoản 1 Điều này được xác định như sau:
a) Loại 1 áp dụng đối với công ty có vốn lớn.
b) Loại 2 áp dụng đối với các công ty còn lại.
{last}. Khi công ty thay đổi loại thì mức lương cơ bản được xác định lại.
"""


def test_rows_of_a_table_printed_one_cell_per_line_are_not_the_texts_clauses():
    text = TABLE_IN_CLAUSE.format(after="2", last="3")
    assert lint_string(text, ["section-duplicate", "section-sequence"]) == []


def test_the_text_resumes_after_such_a_table_and_its_own_slips_are_still_found():
    # clause 3 numbered "2." again: the text's own duplicate, found once the table has closed
    found = lint_string(TABLE_IN_CLAUSE.format(after="2", last="2"), ["section-duplicate", "section-sequence"])
    assert [(f.line, f.rule) for f in found] == [(16, "section-duplicate")]
    assert '"2."' in found[0].message and "dòng 13" in found[0].message


def test_a_title_block_in_capitals_before_the_first_item_opens_no_table():
    # short lines in capitals are a document's title, not cells: its items are the text's own
    text = "KẾ HOẠCH\nTHỰC HIỆN\nNĂM 2024\n1. Mục đích\n2. Yêu cầu\n2. Nội dung\n"
    found = lint_string(text, ["section-duplicate"])
    assert [(f.line, f.rule) for f in found] == [(6, "section-duplicate")]


# realdocs 0536 (Mẫu I.04, a co-operative group's yearly report): the table's head is short
# cells with column codes "A", "B" and a form's blank date "31/12/20..", and its row "4." after
# a blank line is the table's next row, not item 4 of the report (which follows as "4. Tài sản…")
FORM_TABLE = """Báo cáo tình hình hoạt động của tổ hợp tác năm 2024 gồm những nội dung sau:
1. Thành viên và lao động (thời điểm 31/12/2024)
- Tổng số thành viên: 12 người.
2. Sản phẩm, dịch vụ tổ hợp tác cung ứng
- Rau an toàn.
3. Kết quả hoạt động sản xuất kinh doanh
Đơn vị tính: Triệu đồng
Tên chỉ tiêu
Mã số Thời điểm 31/12/20..
A
B

1. Tổng doanh thu của tổ hợp tác
2. Tổng lợi nhuận

3. Chi phí thuế, nghĩa vụ đối với nhà nước (nếu có)

4. Thu nhập bình quân/tháng của 1 lao động/thành viên làm việc thường xuyên

4. Tài sản, vốn của tổ hợp tác (thời điểm 31/12/2024) như sau:
4.1. Tổng cộng tài sản: 120 triệu đồng.
4.2. Tổng số vốn: 100 triệu đồng.
{last}. Kiến nghị của tổ hợp tác.
"""


def test_a_forms_table_with_column_codes_numbers_its_rows_on_its_own():
    assert lint_string(FORM_TABLE.format(last="5"), ["section-duplicate", "section-sequence"]) == []


def test_after_a_forms_table_the_reports_own_slips_are_still_found():
    found = lint_string(FORM_TABLE.format(last="4"), ["section-duplicate", "section-sequence"])
    assert [(f.line, f.rule) for f in found] == [(23, "section-duplicate")]
    assert '"4."' in found[0].message and "dòng 20" in found[0].message


# realdocs 0229 (Thông tư, consolidated): a sentence cut at the line's end ("… theo quy định
# tại") goes on with "Điều 10 Quyết định số … như sau:"; that line is the sentence's citation,
# not a footnote quoting an amending document, so "a)" and the clause "3." stay the text's own
WRAPPED_CITATION = """2. Trong phạm vi nguồn chi phí quản lý được sử dụng, đơn vị thực hiện các biện pháp tiết kiệm kinh phí, số kinh phí tiết kiệm được sử dụng theo quy định tại
Điều 10 Quyết định số 60/2015/QĐ-TTg. Riêng việc trích lập quỹ bổ sung thu nhập thực hiện như sau:
a) Trích lập quỹ bổ sung thu nhập tối đa không quá 01 lần quỹ tiền lương.
{third}. Kết thúc năm ngân sách, đơn vị có trách nhiệm quyết toán phần chi phí quản lý.
4. Đơn vị có trách nhiệm xây dựng quy chế chi tiêu nội bộ.
"""


def test_a_citation_wrapped_onto_the_next_line_opens_no_quotation():
    text = "1. Chi phí quản lý gồm các khoản chi sau.\n" + WRAPPED_CITATION
    assert lint_string(text.format(third="3"), ["section-duplicate", "section-sequence"]) == []
    found = lint_string(text.format(third="2"), ["section-duplicate", "section-sequence"])
    assert [(f.line, f.rule) for f in found] == [(5, "section-duplicate")]


# realdocs 0212 (Thông tư on statistical reporting): under each form ("1. Biểu số 201…") the
# captions "Mục đích…" and "Khái niệm" carry no number, and a list begins again under the second
UNDER_A_CAPTION = """II. GIÁO DỤC NGHỀ NGHIỆP
1. Biểu số 201/GDDN - Sở “Cơ sở giáo dục nghề nghiệp”
Mục đích và đối tượng thực hiện báo cáo
- Mục đích: thu thập thông tin chỉ tiêu mã số 201 “Số cơ sở giáo dục nghề nghiệp”.
- Đối tượng thực hiện báo cáo là Sở Lao động - Thương binh và Xã hội.
{caption}
1. Cơ sở giáo dục nghề nghiệp bao gồm: Trung tâm giáo dục nghề nghiệp; Trường trung cấp; Trường cao đẳng.
2. Cơ sở giáo dục nghề nghiệp được tổ chức theo các loại hình công lập, tư thục.
"""


def test_a_list_begun_again_under_a_caption_is_no_repeated_number():
    assert lint_string(UNDER_A_CAPTION.format(caption="Khái niệm"), ["section-duplicate"]) == []
    # after a sentence, not a caption, the second "1." repeats the first
    found = lint_string(UNDER_A_CAPTION.format(caption="- Đơn vị nhận báo cáo là Tổng cục."), ["section-duplicate"])
    assert [(f.line, f.rule) for f in found] == [(7, "section-duplicate")]


def test_a_doubled_word_is_quoted_as_written() -> None:
    """realdocs 0191 "+ Xây dựng xây dựng chính sách" and 0314 "Có có kinh nghiệm" were quoted
    as "Xây dựng Xây dựng" and "Có Có", words the document does not contain."""
    found = lint_string("+ Xây dựng xây dựng chính sách về ATTP: đầu mối xây dựng các văn bản.\n\n"
                        "Có có kinh nghiệm trong đào tạo hoặc trong sản xuất.\n", ["duplicated-word"])
    assert [f.message for f in found] == ['Lặp từ: "Xây dựng xây dựng"; xoá một lần "xây dựng"',
                                          'Lặp từ: "Có có"; xoá một lần "có"']
    assert [f.suggestion for f in found] == ["Xây dựng", "Có"]


def test_table_cells_that_open_mid_phrase_are_no_doubled_word() -> None:
    """realdocs 0256 (NĐ 139/2026, a statistics form flattened to one line per row): the cells
    "Nhiệm kỳ" | "Đầu nhiệm kỳ" | "Đầu nhiệm kỳ (Sau 30 ngày …)" run together."""
    row = ("002.K/BCB-TWĐ Tỷ lệ nữ tham gia cấp ủy trực thuộc Trung ương Nhiệm kỳ Đầu nhiệm kỳ Đầu nhiệm kỳ "
           "(Sau 30 ngày công bố danh sách Ban chấp hành Trung ương)\n")
    assert lint_string(row, ["duplicated-word"]) == []
    sentence = "Tỷ lệ nữ tham gia cấp ủy nhiệm kỳ Đầu nhiệm kỳ Đầu đạt 20%, vượt chỉ tiêu đề ra.\n"
    assert len(lint_string(sentence, ["duplicated-word"])) == 1  # in a sentence, with its commas


_LABEL_TEXT = "".join([" \n\t;:,.()\"“'_*-ab12x7", "\u00a0"])


def _label_by_regex(between: str, core: str) -> bool:
    """The two patterns section-sequence used to build per missing label (the reference)."""
    import re

    escaped = re.escape(core)
    inline = r"(?:^|[\s;:,.(])" + escaped + r"(?:[.)]?|\)\d{1,3})\s"
    mangled = r"(?:^|\n)[\s\"“'_*-]*" + escaped + r"\s?[.,:;)]"
    return re.search(inline, between) is not None or re.search(mangled, between) is not None


@pytest.mark.parametrize("between,core", [
    ("7. Kỳ báo cáo a) hằng tháng; b) hằng năm\n", "b"),  # inside a line
    ("nội dung\n1.Kết quả thực hiện", "1"),  # a line start the parser did not take
    ("\n  \"2 , Người đại diện", "2"),  # a blank before the mark
    ("điểm 3x và 13. nữa", "3"),  # no label: glued, or inside a number
    ("", ""), ("\n.", ""), ("a)", "a"),
])
def test_inline_labels_are_found_as_the_patterns_found_them(between, core):
    from doclint.rules import structure

    found = any(structure._inline_label(between, at, core) or structure._mangled_label(between, at, core)
                for at in rx.find_all(between, core))
    assert found == _label_by_regex(between, core)


def test_inline_labels_match_the_patterns_on_random_text():
    import random

    from doclint.rules import structure

    rng = random.Random(17)
    for _ in range(20_000):
        core = rng.choice(["1", "a", "II", "1.2", ""])
        text = "".join(rng.choice(_LABEL_TEXT) for _ in range(rng.randint(0, 10)))
        at = rng.randint(0, len(text))
        text = text[:at] + core + text[at:]
        found = any(structure._inline_label(text, i, core) or structure._mangled_label(text, i, core)
                    for i in rx.find_all(text, core))
        assert found == _label_by_regex(text, core), (text, core)


# realdocs 0481 (a consolidated circular): point b) stands inside the line of a), with the
# amending note's number 7 glued to its bracket ("b)7 Công ty…"), so c) follows b) (judged s7)
GLUED_NOTE = """2. Sau khi hoạt động bù trừ được triển khai, giao dịch mua chứng khoán được thực hiện như sau:
a) Nhà đầu tư đặt lệnh mua chứng khoán phải có đủ tài sản ký quỹ bù trừ tại thành viên bù trừ;{b} Công ty chứng khoán chỉ được nhập lệnh vào hệ thống giao dịch chứng khoán khi nhà đầu tư đã đáp ứng yêu cầu về ký quỹ;
c) Việc theo dõi, xác nhận số dư chứng khoán, số dư tiền trước khi giao dịch chứng khoán thực hiện theo quy định pháp luật.
3. Nhà đầu tư chỉ được đặt lệnh bán đối với chứng khoán đã có sẵn trên tài khoản.
"""


def test_a_point_inside_the_line_before_with_a_glued_note_number_is_no_skip():
    text = "1. Nhà đầu tư phải có đủ tiền khi đặt lệnh mua chứng khoán.\n" + GLUED_NOTE
    assert lint_string(text.format(b=" b)7"), NUMBERING_ONLY) == []
    assert lint_string(text.format(b=" b)"), NUMBERING_ONLY) == []
    # without b) anywhere, c) stands where b) belongs
    found = lint_string(text.format(b=""), NUMBERING_ONLY)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [(4, "section-sequence", "b)")]


# realdocs 0010 (a scanned resolution): the scanner read clause 2's label as "_ %" (judged s7)
UNREAD_LABEL = """Điều 4. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết.
{lead}Giao Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.
3. Khi các văn bản quy phạm pháp luật dẫn chiếu tại Nghị quyết này được sửa đổi, bổ sung hoặc thay thế thì áp dụng theo văn bản mới.
"""


def test_a_label_read_as_a_scanners_marks_is_no_skip():
    assert lint_string(UNREAD_LABEL.format(lead="_ % "), NUMBERING_ONLY) == []
    # a paragraph without a label, or after a dash, leaves clause 2 missing
    for lead in ("", "- "):
        found = lint_string(UNREAD_LABEL.format(lead=lead), NUMBERING_ONLY)
        assert [(f.line, f.rule, f.suggestion) for f in found] == [(4, "section-sequence", "2.")], lead


# realdocs 0304 (a form of minutes): item 5 holds a voting table printed one cell per line, its
# head two short cells, its rows numbered 1.-4.; the form goes on with its own 6. (judged s7)
VOTING_TABLE = """III. Nội dung.
1. Xác định dạng khuyết tật và mức độ khuyết tật cho ông (bà) Nguyễn Văn A.
2. Hội đồng quan sát, phỏng vấn người được xác định mức độ khuyết tật.
3. Công chức cấp xã báo cáo kết quả thu thập thông tin.
4. Ý kiến của các thành viên dự họp.
5. Kết quả biểu quyết
Nội dung biểu quyết
Số ý kiến đồng ý
1. Dạng khuyết tật

Vận động

Nghe, nói

2. Mức độ khuyết tật

Nặng

3. Không khuyết tật

4. Không đưa ra được kết luận về dạng tật, mức độ khuyết tật

6. Kết luận
Hội đồng thống nhất kết luận như sau.
{last}. Biên bản lập thành 02 bản.
"""


def test_rows_of_an_items_table_are_not_a_new_list_of_the_text():
    assert lint_string(VOTING_TABLE.format(last="7"), NUMBERING_ONLY) == []
    # the form's own list goes on after the table and is still checked: "8." after "6." skips 7
    found = lint_string(VOTING_TABLE.format(last="8"), NUMBERING_ONLY)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [(25, "section-sequence", "7.")]


# realdocs 0490 (a circular's form): section III holds a results table whose rows are
# numbered I., II. after its column heads; the form's own IV. follows (judged s5 and s7)
RESULTS_TABLE = """I. Giới thiệu về tổ chức phát hành
1. Tên tổ chức phát hành: Công ty cổ phần A.
II. Phương án phát hành
1. Tên cổ phiếu: cổ phiếu Công ty cổ phần A.
III. Kết quả phát hành cổ phiếu
Đối tượng được hoán đổi
Số cổ phiếu dự kiến phát hành
Số cổ phiếu được hoán đổi
Tỷ lệ cổ phiếu phát hành
I. Công ty bị hợp nhất 1
1. Nhà đầu tư trong nước
2. Nhà đầu tư nước ngoài
II. Công ty bị hợp nhất...
TỔNG CỘNG
IV. Tổng hợp kết quả đợt phát hành cổ phiếu
1. Tổng số cổ phiếu đã phát hành: 1.000 cổ phiếu.
{last}. Cam kết của tổ chức phát hành
1. Chúng tôi cam kết chịu trách nhiệm về nội dung báo cáo.
"""


def test_roman_rows_of_a_forms_table_are_not_the_forms_sections():
    assert lint_string(RESULTS_TABLE.format(last="V"), NUMBERING_ONLY) == []
    # the form's own sections go on after the table and are still checked: "VI." skips V
    found = lint_string(RESULTS_TABLE.format(last="VI"), NUMBERING_ONLY)
    assert [(f.line, f.rule, f.suggestion) for f in found] == [(17, "section-sequence", "V.")]


CAPITALS_HEADER = """{issuer}
HUYỆN VĂN LÃNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Văn Lãng, ngày 10 tháng 11 năm 2024

KẾ HOẠCH
{title}

1. Mục đích
Các xã thực hiện tốt.
"""


@pytest.mark.parametrize("issuer,repeat", [("ỦY BAN NHÂN DÂN DÂN", "DÂN DÂN"), ("ỦY BAN NHÂN NHÂN DÂN", "NHÂN NHÂN")])
def test_a_syllable_doubled_in_a_header_line_in_capitals_is_a_slip(issuer, repeat):
    found = lint_string(CAPITALS_HEADER.format(issuer=issuer, title="Tổ chức Tết trồng cây"), ["duplicated-word"])
    assert [f.line for f in found] == [1] and f'"{repeat}"' in found[0].message
    found = lint_string(CAPITALS_HEADER.format(issuer="ỦY BAN NHÂN DÂN", title="Tổ chức Tết trồng cây").replace(
        "HUYỆN VĂN", "HUYỆN HUYỆN VĂN"), ["duplicated-word"])
    assert [f.line for f in found] == [2] and '"HUYỆN HUYỆN"' in found[0].message


@pytest.mark.parametrize("title", [
    "TẾT TRỒNG CÂY ĐỜI ĐỜI NHỚ ƠN BÁC HỒ",  # a reduplicated word the model knows
    "Tổ chức Tết trồng cây đời đời nhớ ơn Bác Hồ",
])
def test_a_reduplication_in_a_header_in_capitals_stays_silent(title):
    assert lint_string(CAPITALS_HEADER.format(issuer="ỦY BAN NHÂN DÂN", title=title), ["duplicated-word"]) == []


def test_two_scanned_columns_read_in_turn_are_no_doubled_words():
    # realdocs 0547 (line 2341): OCR read two table columns holding the same words in turn, so
    # the row doubles pair after pair; "minh nhân minh nhân" is no slip of the document
    row = ("nhượng doanh nghiệp viên góp | doanh nghiệp (đỗi với tô vốn (đi với tô chức)/Sô chúc)/Số Giấy chứng "
           "Giấy chúng minh nhân minh nhân đân hoặc Thé dân hoặc Thẻ căn cước căn cude câng dân công dân hoặc Hộ "
           "hoặc Hộ\n")
    assert lint_string(row, ["duplicated-word"]) == []
    # a repeat alone in a sentence stays a slip (realdocs 0170 line 68, 0117 line 552)
    slips = ("kính đề nghị Thủ tướng Chính phủ xem xét chỉ đạo Bộ Tài chính nghiên cứu trong quá trình trong quá trình "
             "hoàn thiện Luật Đầu tư (thay thế), trình cấp có thẩm quyền thông qua.\n"
             "nộp trực tiếp đến Trung tâm Phục vụ hành chính công hoặc qua dịch vụ bưu chính hoặc hoặc trên Cổng "
             "Dịch vụ công quốc gia.\n")
    assert [f.text for f in lint_string(slips, ["duplicated-word"])] == ["trong quá trình", "hoặc"]


# realdocs 0021.txt (lines 24-32, shortened): OCR read the label "2." as "ò2"
GARBLED_LABEL = """Trước tình hình trên, Chủ tịch Ủy ban nhân dân huyện đề nghị Thủ trưởng các phòng, ban, đơn vị tập trung thực hiện:

1. Thực hiện nghiêm túc Công văn số 2171/UBND-KTN, ngày 15/5/2019 của UBND tỉnh.

ò2 Chủ động túc trực 24/24h đối phó với tình hình dịch bệnh, kịp thời báo cáo.

3. Chuẩn bị nhân lực, vật tư, phương tiện, các vật dụng, địa điểm để xử lý kịp thời.

4. Giao Phòng Nông nghiệp và PTNT tham mưu UBND huyện thành lập Ban chỉ đạo.
"""


def test_a_label_misread_by_ocr_is_no_skipped_number():
    assert lint_string(GARBLED_LABEL, ["section-sequence"]) == []
    # without the misread label the "3." does skip "2."
    [f] = lint_string(GARBLED_LABEL.replace("ò2 Chủ", "Chủ"), ["section-sequence"])
    assert f.text == "3." and f.line == 7
    # a real skip (realdocs 0563, Điều 5: khoản 1., 2., then 4.)
    law = ("Điều 5. Loại, cấp công trình xây dựng\n"
           "1. Loại công trình xây dựng được xác định theo tính chất kết cấu và công năng sử dụng công trình.\n"
           "2. Cấp công trình xây dựng được xác định cho từng loại công trình gồm:\n"
           "a) Cấp công trình xây dựng phục vụ quản lý hoạt động đầu tư xây dựng quy định tại Luật này.\n"
           "4. Bộ trưởng Bộ Xây dựng quy định chi tiết về loại, cấp công trình xây dựng quy định tại Điều này.\n"
           "Điều 6. Áp dụng tiêu chuẩn, quy chuẩn kỹ thuật\n")
    assert [(f.line, f.text) for f in lint_string(law, ["section-sequence"])] == [(5, "4.")]


def test_a_label_behind_a_zero_width_character_is_a_label():
    # realdocs w060: Word left "\ufeff" before "2."; the label must count, in a sequence and as a twin
    text = "1. Mục đích\nNội dung.\n\ufeff2. Yêu cầu\nNội dung.\n{third}. Nhiệm vụ\nCác cơ\u200bquan thực hiện.\n"
    assert lint_string(text.format(third="3"), ["section-duplicate", "section-sequence"]) == []
    found = lint_string(text.format(third="2"), ["section-duplicate", "section-sequence"])
    assert [(f.rule, f.line) for f in found] == [("section-duplicate", 5)]
