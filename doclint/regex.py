"""Module-level regular expressions, compiled with :func:`re.compile` on first use.

doclint's modules define ~120 patterns at import, and a one-file run needs only about half
of them: compiling all of them up front costs ~20-40 ms of every start-up (CPython's ``re``
parses and compiles in pure Python). :func:`compile` returns a :class:`LazyPattern` that
compiles on its first use and then hands out the compiled pattern's own bound methods, so a
hot ``match`` costs what it costs on a ``re.Pattern``. Only the public ``re`` API is used; an
invalid pattern raises :class:`re.error` at its first use (``tests/test_regex_cache.py``
compiles every module pattern so that a typo still fails the tests).

Use :func:`compile` for the patterns a module builds once; patterns built per document keep
using :func:`re.compile`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, cast

_DELEGATED = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
              "flags", "groups", "groupindex")


class LazyPattern:
    """A ``re.Pattern`` compiled on first use; ``pattern`` is known without compiling."""

    __slots__ = ("pattern", "_flags", "_compiled", *_DELEGATED)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # only reached while a delegated slot is still empty, i.e. before the first compile
        if name not in _DELEGATED:
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def compiled(self) -> re.Pattern[str]:
        try:
            return self._compiled
        except AttributeError:
            compiled = re.compile(self.pattern, self._flags)
            for name in _DELEGATED:
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
            return compiled

    def __repr__(self) -> str:
        return f"rx.compile({self.pattern!r}, {self._flags!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyPattern, (self.pattern, self._flags))


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 -- same name as re.compile
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    # typed as re.Pattern: callers use it as one (match, search, finditer, sub, pattern, groups...)
    return cast("re.Pattern[str]", LazyPattern(pattern, int(flags)))


def find_all(text: str, needle: str) -> Iterator[int]:
    """The offsets of every occurrence of ``needle`` in ``text``, left to right (overlapping
    ones too), found by ``str.find`` at C speed: the anchors where a pattern is worth trying,
    instead of letting it try every character."""
    at = text.find(needle)
    while at != -1:
        yield at
        at = text.find(needle, at + 1)
