"""doclint.tokens (one split of a document shared by the word rules) and the word packs'
Aho-Corasick matcher, which must find exactly what the packs' regex found."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from doclint.facts import machine_read
from doclint.parse import parse_text
from doclint.tokens import chunk_counts, folded_words, piece_counts, piece_kinds, pieces, split, squeezed, vocabulary
from doclint.wordpack import _matcher, load_pack, squeeze

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _regex_spans(text: str, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """What the packs matched with before: one trie regex over the lower-cased text."""
    return [m.span() for m in _matcher(keys, False).finditer(text.lower())]


@pytest.mark.parametrize("text", [
    "Phấn đấu hoàn thành; phân đầu hoàn thành kế hoạch.",  # a key as written
    "phân\n   đầu hoàn thành",  # its words across a line end and an indent
    "phân  đầu\tphân\u00a0đầu",  # two spaces, a tab, a no-break space
    "5phân đầu, phân đầu5, _phân đầu, (phân đầu)",  # a digit or _ touching it: no word of its own
    "PHÂN ĐẦU và Phân Đầu",  # any case
    "   phân đầu   ",  # blanks before the first chunk
    "tiền độ tiền độ thu hoạch",  # one after another
])
def test_the_automaton_finds_what_the_regex_found(text: str) -> None:
    pack = load_pack()
    keys = tuple(sorted(pack.by_key))
    spans = pack._spans(text, squeeze(text), frozenset(keys))
    assert spans == _regex_spans(text, keys)


def test_the_automaton_takes_the_longest_key_at_the_leftmost_place() -> None:
    pack = load_pack()
    keys = ("ab", "ab cd", "cd ef")  # not in the pack: the automaton holds every key, keys filters
    pack._ac = None
    pack.by_key.update({k: [] for k in keys})
    try:
        text = "x ab  cd ef ab"
        assert pack._spans(text, squeeze(text), frozenset(keys)) == _regex_spans(text, keys) == [(2, 8), (12, 14)]
        # without "ab cd" the leftmost place is "ab" alone, then "cd ef"
        assert pack._spans(text, squeeze(text), frozenset({"ab", "cd ef"})) == [(2, 4), (6, 11), (12, 14)]
    finally:
        for k in keys:
            del pack.by_key[k]
        pack._ac = None


def test_a_letter_whose_lower_case_is_longer_falls_back_to_the_regex() -> None:
    text = "İ phân đầu hoàn thành"
    assert squeeze(text) is None
    hits = list(load_pack().find(text))
    assert [(h.start, h.end, h.suggestion) for h in hits] == [(2, 10, "phấn đấu")]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_the_automaton_matches_the_regex_on_the_seeds(seed: Path) -> None:
    pack = load_pack()
    text = seed.read_text(encoding="utf-8")
    keys = tuple(sorted(pack.by_key))
    assert pack._spans(text, squeeze(text), frozenset(keys)) == _regex_spans(text, keys)


def test_one_split_serves_every_view_of_the_words() -> None:
    doc = parse_text("Kế hoạch,  năm 2024.\nCăn cứ Luật Đất đai; kế hoạch (năm) 2024\n")
    assert chunk_counts(doc) == Counter(doc.clean.split())
    assert vocabulary(doc).words[:2] == ["Kế", "hoạch"]
    assert vocabulary(doc).words.count("hoạch") == 2  # "hoạch," and "hoạch": two chunks, trimmed alike
    assert vocabulary(doc).counts[vocabulary(doc).words.index("hoạch")] == 1
    assert folded_words(doc)[0] == "kế"  # lower case keeps the tone mark
    assert squeezed(doc) == " ".join(doc.clean.split()).lower()
    assert "đất" in squeezed(doc)
    assert pieces(doc).count("\n") == doc.clean.count("\n")
    assert piece_counts(doc)["hoạch"] == 2 and piece_counts(doc)["("] == 1
    assert split(doc) is split(doc)  # computed once


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_a_long_text_split_a_piece_at_a_time_is_split_whole(seed: Path) -> None:
    doc = parse_text(seed.read_text(encoding="utf-8"))
    assert len(doc.clean) > 4000
    assert list(chunk_counts(doc).items()) == list(Counter(doc.clean.split()).items())  # order of first use too
    assert squeezed(doc) == " ".join(doc.clean.split()).lower()


def test_each_piece_has_one_kind_letter() -> None:
    doc = parse_text("Các sở quyêt “ab” a đ x, москва в m² 2024\n")
    assert list(zip(pieces(doc), piece_kinds(doc))) == [
        ("Các", "."), ("sở", "w"), ("quyêt", "b"), ("“", "q"), ("ab", "l"), ("”", "q"), ("a", "v"), ("đ", "c"),
        ("x", "k"), (",", "."), ("москва", "f"), ("в", "c"), ("m²", "."), ("2", "."), ("0", "."), ("2", "."),
        ("4", "."), ("\n", "\n"),
    ]


def test_machine_read_from_the_shared_pieces() -> None:
    typed = "Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện kế hoạch năm 2024. " * 40
    assert not machine_read(parse_text(typed))
    broken = "Ủy ban nhân dân quyêt định thầm quyên giai quyêt hô sơ đươc giao. " * 40
    assert machine_read(parse_text(broken))


@pytest.mark.parametrize("text", [
    "đề nghị , các bộ", "tương đương;hoạt động", "việc ; các ; việc ; x", "Ab ; cd", "(ab ;cd",
    "ab;cd;ef;gh", "ab  ,  cd", "ab , cd)", "ab , cd:", "ab ,cd", "x ab ; ; cd", "ab ;; cd", "ab ;\ncd ; ef",
    *[p.read_text(encoding="utf-8") for p in SEEDS],
])
def test_spacing_slips_are_found_from_the_marks_as_the_pattern_finds_them(text: str) -> None:
    from doclint.rules.language import _BAD_SPACING, _spacing_matches

    expected = [(m.span(), m.groups()) for m in _BAD_SPACING.finditer(text)]
    assert [(m.span(), m.groups()) for m in _spacing_matches(text)] == expected
