"""doclint.regex: patterns rebuilt from the on-disk cache behave exactly like re.compile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import seed

from doclint import citations, lexer
from doclint import regex as rx


@pytest.fixture()
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DOCLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(rx, "_table", rx._Table())
    return tmp_path


def _module_patterns() -> list[re.Pattern[str]]:
    found = [v for m in (lexer, citations) for v in vars(m).values() if isinstance(v, re.Pattern)]
    return [*found, citations._candidate_re(), citations._type_before_re()]  # built from doctypes.toml


def _same(a: re.Pattern[str], b: re.Pattern[str], texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [m.span() + m.groups() for m in a.finditer(text)] == [m.span() + m.groups() for m in b.finditer(text)]


def test_cached_patterns_match_like_re_compile(table: Path) -> None:
    if not rx._AVAILABLE:
        pytest.skip("not CPython's re internals")
    texts = [seed("000").read_text(encoding="utf-8"), seed("002").read_text(encoding="utf-8"),
             "Số: /BC-UBND\n**Điều 1.** <sup>2</sup> 77.150.000^đ¹⁹"]
    patterns = _module_patterns()
    assert len(patterns) > 20
    fresh = [rx.compile(p.pattern, p.flags) for p in patterns]  # a miss: compiled and stored
    rx._table.save()
    assert list(table.glob("regex-*.marshal"))

    rx._table = rx._Table()  # a new run: read back from disk
    stored = rx._table.load()
    assert all((p.pattern, p.flags) in stored for p in patterns)
    for original, first in zip(patterns, fresh):
        again = rx.compile(original.pattern, original.flags)
        _same(original, first, texts)
        _same(original, again, texts)
    assert not rx._table.dirty  # nothing was compiled afresh


def test_a_corrupt_cache_falls_back(table: Path) -> None:
    rx.compile(r"(?P<n>\d+) đồng")
    rx._table.save()
    for path in table.glob("regex-*.marshal"):
        path.write_bytes(b"garbage")
    rx._table = rx._Table()
    assert rx.compile(r"(?P<n>\d+) đồng").match("15 đồng").group("n") == "15"


def test_a_wrong_entry_is_compiled_afresh(table: Path) -> None:
    rx._table.load()[(r"\d+", 0)] = (0, [1, 2, 3], 0, {}, ())  # invalid SRE code
    assert rx.compile(r"\d+").findall("a 12 b 345") == ["12", "345"]


def test_invalid_patterns_raise_re_error(table: Path) -> None:
    with pytest.raises(re.error):
        rx.compile(r"(unclosed")


def test_cache_can_be_turned_off(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCLINT_NO_CACHE", "1")
    assert rx.compile(r"các\s+các", re.I).search("Các  các") is not None
    assert rx._table.entries is None
