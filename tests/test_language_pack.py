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
