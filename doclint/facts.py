"""Typed facts about a document: what several rules need to know, computed once on first use
and kept on the document.

A fact is a function of the document decorated with :func:`fact`; the function itself is the
key under which its value is kept (``Document.facts``), so a fact has one name, one type and
one place where it is computed, and no rule reads another rule's private cache::

    @fact
    def machine_read(doc: Document) -> bool: ...

    if machine_read(doc): ...
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from doclint.model import Document

T = TypeVar("T")


def fact(compute: Callable[[Document], T]) -> Callable[[Document], T]:
    """Compute ``compute(doc)`` once per document; later calls return the kept value."""

    @wraps(compute)
    def get(doc: Document) -> T:
        facts = doc.facts
        if get in facts:
            return facts[get]  # type: ignore[return-value]
        value = facts[get] = compute(doc)
        return value

    return get


BROKEN_MIN = 4  # broken words from which a text may be machine-read ...
BROKEN_PER_WORD = 2 / 1000  # ... when they are also this dense (typed drafts: 0 in 2,000-11,000 words)
STRAY_PER_WORD = 1 / 50  # lone letters per word in a text whose words were cut apart ("B ộ tr ư ởng")
STRAY_MIN_WORDS = 200

_ONE_LETTER_WORDS = frozenset("aàáảạýởừôơưyoồ")


@fact
def machine_read(doc: Document) -> bool:
    """The text was read by a machine that damaged it (OCR of a scan, a broken PDF text layer):
    words that carry Vietnamese marks yet are no syllable (``thâm quyên``, ``Tô đại biêu`` are
    valid, ``quyêt``, ``thầm quyên`` are not), words cut into lone letters or letter groups. Its labels,
    figures and spellings are the machine's, not the drafter's."""
    broken, lower = broken_words(doc)
    if broken >= BROKEN_MIN and broken > lower * BROKEN_PER_WORD:
        return True
    if _cut_in_groups(doc.clean[:4000]):
        return True
    from doclint import tokens

    counts = tokens.chunk_counts(doc)  # "b)", "v.v." are no lone letters: only what stands alone
    words = counts.total()
    if words < STRAY_MIN_WORDS:
        return False
    stray = sum(n for w, n in counts.items() if len(w) == 1 and w.isalpha() and w.lower() not in _ONE_LETTER_WORDS)
    return stray > words * STRAY_PER_WORD


def broken_words(doc: Document) -> tuple[int, int]:
    """(broken, all): how many of the document's lower-case words of two letters or more ("m²",
    "đ" for đồng are not) carry Vietnamese marks yet are no syllable, and how many there are.
    Each distinct piece is classified once (``tokens.piece_kinds``)."""
    from doclint import tokens

    kinds = tokens.piece_kinds(doc)
    broken = kinds.count(tokens.BROKEN)
    return broken, broken + kinds.count(tokens.SYLLABLE) + kinds.count(tokens.LOWER) + kinds.count(tokens.FOREIGN)


def _cut_in_groups(head: str) -> bool:
    """A PDF text layer read letter group by letter group, a line each (``QU`` / ``ỐC HỘI``)."""
    lines = [line.strip() for line in head.split("\n") if line.strip()][:40]
    return len(lines) >= 10 and sum(len(line) <= 3 for line in lines) >= 0.3 * len(lines)


__all__ = ["broken_words", "fact", "machine_read"]
