"""The words of a document, split once and shared by the word rules (document facts).

``doc.clean`` is split into whitespace-separated chunks once (:func:`split`, in C); from that
one split come the distinct words with their counts (:func:`vocabulary`: confusable, spelling,
tone style, encoding), the lower-cased text with its blanks squeezed (:func:`squeezed`: the
word packs' Aho-Corasick scan) and the lone letters :func:`doclint.facts.machine_read` counts.
The statistical word model (context-typo) and the machine-read test share the letter runs
(:func:`pieces`). Lower-casing keeps the tone marks (``Đầu`` -> ``đầu``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import repeat
from typing import NamedTuple

from doclint.facts import fact
from doclint.model import Document

EDGE = "\"'“”‘’()[]{}<>,.;:!?…*_–—-/"  # trimmed off a chunk's ends; no « » ¬: TCVN3 letters


class Split(NamedTuple):
    """``doc.clean`` split at whitespace once."""

    counts: Counter[str]  # how often each chunk occurs, in order of first use
    squeezed: str | None  # the chunks joined by one space, lower-cased; None when that changes the length (İ)


_PIECE_SIZE = 2000  # characters split at a time


@fact
def split(doc: Document) -> Split:
    """The chunks of ``doc.clean`` counted, and joined by one space and lower-cased: what the
    word packs are matched on (a phrase's words may stand one or more blanks apart).

    Split a piece at a time (cut at a space, so no chunk is cut): the words of a piece are
    freed before the next one is split, so their memory is reused while it is still in the
    CPU cache (a whole page split at once puts ~6,000 strings in cold memory: 20-30% slower)."""
    text = doc.clean
    counts: Counter[str] = Counter()
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = text.find(" ", start + _PIECE_SIZE)
        if end < 0:
            end = len(text)
        words = text[start:end].split()
        counts.update(words)
        if words:
            parts.append(" ".join(words))
        start = end
    joined = " ".join(parts)
    lowered = joined.lower()
    return Split(counts, lowered if len(lowered) == len(joined) else None)


def chunk_counts(doc: Document) -> Counter[str]:
    """How often each whitespace-separated chunk of ``doc.clean`` occurs, in order of first use."""
    return split(doc).counts


def squeezed(doc: Document) -> str | None:
    """The chunks joined by one space and lower-cased, as :func:`doclint.wordpack.squeeze`."""
    return split(doc).squeezed


class Vocabulary(NamedTuple):
    """The distinct whitespace-separated chunks of ``doc.clean``, in order of first use."""

    words: list[str]  # each chunk with edge punctuation trimmed: may repeat ("việc", "việc,"), may be ""
    counts: list[int]  # how often each chunk occurs
    folded: str  # the words casefolded, one per line


@fact
def vocabulary(doc: Document) -> Vocabulary:
    """The document's words.

    Counting the chunks, trimming and casefolding them all run in C, with no Python step per
    word; positions are looked up only for the few words a rule reports. A regex over
    ``folded`` tests every word in one pass.
    """
    counts = chunk_counts(doc)
    words = list(map(str.strip, counts, repeat(EDGE)))
    return Vocabulary(words, list(counts.values()), "\n".join(words).casefold())


@fact
def folded_words(doc: Document) -> list[str]:
    """The vocabulary's words casefolded (``vocabulary(doc).folded`` split)."""
    return vocabulary(doc).folded.split("\n")


PIECE = re.compile(r"[^\W\d_]+|\S")  # a run of letters, or one other visible character
PIECES = re.compile(r"[^\W\d_]+|\S|\n")  # the same, and each line end


@fact
def pieces(doc: Document) -> list[str]:
    """The pieces of ``doc.clean`` (:data:`PIECE`): its letter runs (words and syllables, as
    written) and, one by one, the other visible characters that cut them apart; each line
    ends with a ``"\\n"`` piece. One C call for the whole text."""
    return PIECES.findall(doc.clean)


@fact
def piece_counts(doc: Document) -> Counter[str]:
    """How often each piece (:func:`pieces`) occurs in the document."""
    return Counter(pieces(doc))


__all__ = ["EDGE", "PIECE", "PIECES", "Vocabulary", "Split", "chunk_counts", "folded_words", "piece_counts", "pieces",
           "split", "squeezed", "vocabulary"]
