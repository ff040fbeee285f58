"""doclint.regex: module patterns are compiled with re.compile on first use, and behave exactly
like re.compile; nothing is stored on disk and no private interface of ``re`` is used."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import re
from pathlib import Path

import pytest
from helpers import lint_seed, seed

import doclint
import doclint.rules
from doclint import citations, lexer
from doclint import regex as rx
from doclint.regex import LazyPattern


def _module_patterns() -> list[LazyPattern]:
    found = [v for m in (lexer, citations) for v in vars(m).values() if isinstance(v, LazyPattern)]
    return [*found, citations._candidate_re(), citations._type_before_re(True), citations._type_before_re(False)]  # built from doctypes.toml


def _same(a: re.Pattern[str], b: re.Pattern[str], texts: list[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [m.span() + m.groups() for m in a.finditer(text)] == [m.span() + m.groups() for m in b.finditer(text)]
        assert [m.span() for m in filter(None, (a.match(text, i) for i in range(0, len(text), 97)))] == [
            m.span() for m in filter(None, (b.match(text, i) for i in range(0, len(text), 97)))
        ]


def test_lazy_patterns_match_like_re_compile() -> None:
    texts = [seed("000").read_text(encoding="utf-8"), seed("002").read_text(encoding="utf-8"),
             "Số: /BC-UBND\n**Điều 1.** <sup>2</sup> 77.150.000^đ¹⁹"]
    patterns = _module_patterns()
    assert len(patterns) > 20
    for lazy in patterns:
        _same(lazy, re.compile(lazy.pattern, lazy._flags), texts)  # type: ignore[arg-type]


def test_a_pattern_is_compiled_on_first_use_only() -> None:
    pattern = rx.compile(r"(?P<n>\d+) đồng", re.I)
    assert isinstance(pattern, LazyPattern)
    assert pattern.pattern == r"(?P<n>\d+) đồng"  # known without compiling
    with pytest.raises(AttributeError):
        object.__getattribute__(pattern, "_compiled")
    assert pattern.search("giá 15 ĐỒNG").group("n") == "15"
    compiled = object.__getattribute__(pattern, "_compiled")
    assert isinstance(compiled, re.Pattern) and compiled.flags & re.I
    assert pattern.sub("<\\g<n>>", "15 đồng") == "<15>"
    assert (pattern.groups, pattern.groupindex) == (1, {"n": 1})
    assert pattern.compiled() is compiled  # once


def test_an_invalid_pattern_raises_re_error_when_used() -> None:
    pattern = rx.compile(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("x")
    with pytest.raises(AttributeError):
        pattern.no_such_method  # noqa: B018


def _patterns_in(value: object) -> list[LazyPattern]:
    """A module value's patterns: itself, or those of a tuple or list (of pairs) of them."""
    if isinstance(value, LazyPattern):
        return [value]
    if isinstance(value, (tuple, list)):
        return [p for item in value if isinstance(item, (LazyPattern, tuple)) for p in _patterns_in(item)]
    return []


def test_every_module_pattern_of_doclint_compiles() -> None:
    """Lazy compilation must not hide a broken pattern until some document needs it."""
    found = 0
    for package in (doclint, doclint.rules):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                for item in _patterns_in(value):
                    item.compiled()
                    found += 1
    assert found > 80


def test_a_lazy_pattern_pickles_as_its_source() -> None:
    pattern = rx.compile(r"các\s+các", re.I)
    again = pickle.loads(pickle.dumps(pattern))
    assert again.search("Các  các") is not None
    assert (again.pattern, again.flags) == (pattern.pattern, pattern.flags)


def test_nothing_is_stored_and_no_private_re_interface_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(tmp_path))
    assert lint_seed("001")
    assert not list(tmp_path.glob("regex-*"))
    source = Path(rx.__file__).read_text(encoding="utf-8")
    for private in ("_sre", "_parser", "_compiler", "sre_compile", "sre_parse", "marshal"):
        assert private not in source
