"""Every entry of the built-in confusable pack fires on its bad sentence and the whole pack
stays silent on its good one."""

from __future__ import annotations

from pathlib import Path

import pytest

from doclint.wordpack import PackError, builtin_path, load_pack, match_case, read_pack

ENTRIES = list(enumerate(read_pack(builtin_path())))


def test_pack_size() -> None:
    assert len(ENTRIES) >= 150
    assert all(m.bad and m.good for _, m in ENTRIES)


@pytest.mark.parametrize("index,entry", ENTRIES, ids=[f"{i}-{m.wrong}" for i, m in ENTRIES])
def test_entry(index: int, entry) -> None:
    pack = load_pack()
    hits = [h for h in pack.find(entry.bad) if h.entry.source == "confusables.toml" and h.entry.index == index]
    assert len(hits) == 1, entry.bad
    assert hits[0].suggestion.casefold() == entry.right.casefold()
    assert list(pack.find(entry.good)) == [], entry.good


def test_case_preserved() -> None:
    assert match_case("Tiền độ", "tiến độ") == "Tiến độ"
    assert match_case("XÂY RA", "xảy ra") == "XẢY RA"
    assert match_case("bút phá", "bứt phá") == "bứt phá"


def test_user_pack(tmp_path: Path) -> None:
    extra = tmp_path / "org.toml"
    extra.write_text('[[entry]]\nwrong = "quyết đinh"\nright = "quyết định"\n', encoding="utf-8")
    hits = list(load_pack((str(extra),)).find("Ban hành quyết đinh số 5."))
    assert [(h.found, h.suggestion) for h in hits] == [("quyết đinh", "quyết định")]


def test_bad_user_pack(tmp_path: Path) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text('[[entry]]\nwrong = "a"\nright = "a"\n', encoding="utf-8")
    with pytest.raises(PackError, match="same word"):
        load_pack((str(extra),))


def test_runtime_reading_of_the_builtin_pack_matches_the_validated_one():
    from doclint.wordpack import read_builtin

    validated = [(m.wrong, m.right, tuple(m.preceded_by), tuple(m.followed_by), tuple(m.not_preceded_by),
                  tuple(m.not_followed_by)) for _, m in ENTRIES]
    raw = [(r.wrong, r.right, r.preceded_by, r.followed_by, r.not_preceded_by, r.not_followed_by)
           for r in read_builtin()]
    assert raw == validated and len(raw) >= 150


def found(text: str) -> list[str]:
    return [h.found for h in load_pack().find(text)]


def test_pack_is_silent_where_a_pair_straddles_two_words() -> None:
    # realdocs 0208, 0342, 0256, w057, w079, w013, 0379: the pair's syllables belong to two
    # compounds (lãi suất + phát hành, chủ + chương trình, khả năng + xuất khẩu, ...)
    silent = [
        "Lãi suất tiền gửi, lãi suất phát hành giấy tờ có giá và lãi suất cho vay.",
        "Đài phát thanh có công suất phát cực đại từ 150W trở lên.",
        "Người đứng đầu Bộ, cơ quan trung ương là chủ chương trình có trách nhiệm sau đây:",
        "Tăng khả năng xuất khẩu hàng hóa, dịch vụ; có tiềm năng xuất khẩu.",
        "Xác định khả năng xuất hiện của tai nạn, sự cố.",
        "Lợi suất hiện hành, lợi suất đáo hạn của trái phiếu.",
        "Sản xuất sứ xây dựng.",
        "Có giải pháp tiêu thoát nước mưa bảo đảm không gây ngập úng.",
        "Hội đồng xem xét sử dụng kinh phí; tổ chức giám sát nhập khẩu.",
        "Số liệu thống kê cả nước; khu đô thị trấn chỉnh trang.",
    ]
    for text in silent:
        assert found(text) == [], text


def test_pack_still_fires_inside_a_sentence() -> None:
    # realdocs w022, w054, w077, 0256, 0342: real slips whose neighbours make no compound
    assert found("Xây dựng công nghiệp quốc phòng là chủ chương chiến lược của Đảng.") == ["chủ chương"]
    assert found("Tên gọi của các Bộ sau khi sát nhập và trách nhiệm quản lý.") == ["sát nhập"]
    assert found("Do vậy chưa sản suất được nhiều hàng hóa.") == ["sản suất"]
    assert found("Bảo đảm tiền độ các chương trình, dự án.") == ["tiền độ"]
    assert found("Năng xuất lúa đạt 60 tạ/ha.") == ["Năng xuất"]
